//! The staff's words for tip and case states, each spelled here once.

use crate::domain::cases::{CaseState, Outcome};
use crate::domain::tip_status::TipStatus;
use crate::web::staff::frame::StaffChrome;

/// The staff's name for a tip's state.
pub fn tip_status_key(status: TipStatus) -> &'static str {
    match status {
        TipStatus::New => "staff-tip-status-new",
        TipStatus::InReview => "staff-tip-status-in-review",
        TipStatus::NeedsInfo => "staff-tip-status-needs-info",
        TipStatus::ReplyReceived => "staff-tip-status-reply-received",
        TipStatus::Linked => "staff-tip-status-linked",
        TipStatus::Duplicate => "staff-tip-status-duplicate",
        TipStatus::ClosedNoAction => "staff-tip-status-closed",
    }
}

/// The staff's name for a case's state, whatever its outcome.
pub fn case_state_key(state: CaseState) -> &'static str {
    match state {
        CaseState::Open => "staff-case-state-open",
        CaseState::Investigating => "staff-case-state-investigating",
        CaseState::ActionTaken => "staff-case-state-action-taken",
        CaseState::Closed(_) => "staff-case-state-closed",
    }
}

/// The staff's name for how a case ended.
pub fn case_outcome_key(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::ConfirmedCompound => "staff-case-outcome-confirmed-compound",
        Outcome::NotConfirmed => "staff-case-outcome-not-confirmed",
        Outcome::InsufficientInformation => "staff-case-outcome-insufficient-information",
        Outcome::Referred => "staff-case-outcome-referred",
    }
}

/// A case's state with its outcome, as shown.
pub fn case_state_label(c: &StaffChrome, state: CaseState) -> String {
    match state.outcome() {
        Some(outcome) => format!(
            "{} ({})",
            c.t(case_state_key(state)),
            c.t(case_outcome_key(outcome))
        ),
        None => c.t(case_state_key(state)).to_owned(),
    }
}

/// The states a case list filters on: each stored name with its label.
/// Closed is one state there, whatever the outcome, so any outcome stands
/// for it.
pub fn case_state_choices() -> [(&'static str, &'static str); 4] {
    [
        CaseState::Open,
        CaseState::Investigating,
        CaseState::ActionTaken,
        CaseState::Closed(Outcome::Referred),
    ]
    .map(|state| (state.name(), case_state_key(state)))
}
