//! After a staff action on a tip or a case: back to its page, or its page
//! as it is now with why the action did not happen.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;

use super::View;
use crate::error::AppError;
use crate::services::common::ActionOutcome;
use crate::state::AppState;
use crate::web::staff::frame::StaffChrome;
use crate::web::staff::guard::{CurrentStaff, see_other};

/// The page of what an action was on, named by its id.
pub trait SubjectPage: Copy {
    /// The notice when someone changed the subject first.
    const STALE: &'static str;
    /// The notice when the subject's state does not allow the action.
    const REFUSED: &'static str;

    /// Where the page is.
    fn address(self) -> String;

    /// The page as it is now, shown as `view` says.
    async fn show(
        self,
        c: StaffChrome,
        current: &CurrentStaff,
        state: &AppState,
        view: View,
    ) -> Result<HttpResponse, AppError>;
}

/// Back to the page after an action, or the page as it is now with why the
/// action did not happen.
pub async fn after<Subject: SubjectPage, Refusal>(
    c: StaffChrome,
    current: &CurrentStaff,
    state: &AppState,
    subject: Subject,
    outcome: ActionOutcome<Refusal>,
) -> Result<HttpResponse, AppError> {
    let (status, notice) = match outcome {
        ActionOutcome::Done => return Ok(see_other(&subject.address())),
        ActionOutcome::NoSuchSubject => return Err(AppError::NotFound),
        ActionOutcome::Stale => (StatusCode::CONFLICT, Subject::STALE),
        ActionOutcome::Refused(_) => (StatusCode::CONFLICT, Subject::REFUSED),
        ActionOutcome::NoSuchTarget => {
            (StatusCode::UNPROCESSABLE_ENTITY, "staff-tip-no-such-target")
        }
    };
    again(c, current, state, subject, status, notice).await
}

/// The page as it is now, with `notice` above it.
pub async fn again<Subject: SubjectPage>(
    c: StaffChrome,
    current: &CurrentStaff,
    state: &AppState,
    subject: Subject,
    status: StatusCode,
    notice: &'static str,
) -> Result<HttpResponse, AppError> {
    let view = View {
        status,
        notice: Some(c.t(notice).to_owned()),
        ..View::plain()
    };
    subject.show(c, current, state, view).await
}

/// The page as it is now, after a form that asked for nothing it could
/// do: `notice` says what was missing.
pub async fn incomplete<Subject: SubjectPage>(
    c: StaffChrome,
    current: &CurrentStaff,
    state: &AppState,
    subject: Subject,
    notice: &'static str,
) -> Result<HttpResponse, AppError> {
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    again(c, current, state, subject, status, notice).await
}
