//! What staff pages show alike, so that no page module imports another:
//! the names of states, the provinces, who work can be handed to, a tip's
//! or case's history and neighbours, and the page shown again after an
//! action that did not happen.

mod actions;
mod again;
mod filters;
mod history;
mod labels;
mod near;
mod places;
mod sealed;

use actix_web::http::StatusCode;

use crate::db::staff::Staff;
use crate::domain::ids::StaffId;
use crate::domain::staff::Role;

pub use actions::{CaseFormAction, TipFormAction};
pub use again::{SubjectPage, after, again, incomplete};
pub use filters::{ANY_STATUS, AssigneeChoice, PhotosChoice};
pub use history::{HistoryRow, action_label, history};
pub use labels::{case_outcome_key, case_state_choices, case_state_label, tip_status_key};
pub use near::{Nearby, shown_location};
pub use places::{province_choices, province_name};
pub use sealed::shown_text;

/// How a tip or case page is shown: plain, after a refused action, or with
/// the exact location revealed.
pub struct View {
    pub status: StatusCode,
    pub notice: Option<String>,
    pub exact: bool,
}

impl View {
    pub fn plain() -> View {
        View {
            status: StatusCode::OK,
            notice: None,
            exact: false,
        }
    }
}

/// Active reviewers and admins, who can be handed work.
pub fn reviewers(staff: &[Staff]) -> Vec<(StaffId, String)> {
    staff
        .iter()
        .filter(|account| matches!(account.role, Role::Reviewer | Role::Admin) && !account.disabled)
        .map(|account| (account.id, account.name.clone()))
        .collect()
}
