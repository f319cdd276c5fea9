//! `POST /staff/tips/{ref}/burst-spam`: closes the burst that tip started as
//! spam, in one audited step, and shows the tip again with what became of
//! its tips (those in a case or closed already are left alone).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::parse_ref;
use crate::domain::tips::InternalRef;
use crate::error::AppError;
use crate::services::tips::BurstClosing;
use crate::state::AppState;
use crate::web::staff::form::StaffForm;
use crate::web::staff::frame::StaffChrome;
use crate::web::staff::guard::CurrentStaff;
use crate::web::staff::view::{SubjectPage, View, again, incomplete};

#[derive(Deserialize)]
pub struct BurstForm {
    /// The version of the burst's first tip the reviewer saw.
    version: i32,
    /// The newest tip of the burst the reviewer saw (`T-…`).
    through: String,
}

pub async fn close_as_spam(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    StaffForm(form): StaffForm<BurstForm>,
) -> Result<HttpResponse, AppError> {
    let lead = parse_ref(&reference)?;
    let Ok(through) = InternalRef::parse(&form.through) else {
        return incomplete(c, &current, &state, lead, "staff-tip-incomplete").await;
    };
    let closing = state
        .tips
        .close_burst_as_spam(current.id(), lead, form.version, through.tip_id())
        .await?;
    match closing {
        BurstClosing::Closed(closing) => {
            let counts = [
                ("closed", u64::from(closing.closed)),
                ("left", u64::from(closing.left_alone)),
            ];
            let view = View {
                notice: Some(c.t_counts("staff-tip-burst-closed", &counts)),
                ..View::plain()
            };
            lead.show(c, &current, &state, view).await
        }
        BurstClosing::Stale => {
            let status = StatusCode::CONFLICT;
            again(c, &current, &state, lead, status, "staff-tip-stale").await
        }
        BurstClosing::NoSuchBurst => Err(AppError::NotFound),
    }
}
