//! `/staff/profile/password`: a signed-in member changes their own
//! password, given the current one.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::form::StaffForm;
use super::frame::StaffChrome;
use super::guard::{CurrentStaff, see_other};
use crate::domain::staff::NewPassword;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::page::render_with_status;

#[derive(Template)]
#[template(path = "staff/password.html")]
struct PasswordPage {
    c: StaffChrome,
    /// For password managers, which keep the new password under it; the
    /// form never sends it.
    email: String,
    problem: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current_password: String,
    password: String,
    password_again: String,
}

/// The empty form: a page shown again never holds a typed password.
fn page(
    c: StaffChrome,
    current: &CurrentStaff,
    problem: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let status = match problem {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let page = PasswordPage {
        problem: problem.map(|key| c.t(key)),
        c,
        email: current.session.staff.email.clone(),
    };
    render_with_status(status, &page)
}

pub async fn show(c: StaffChrome, current: CurrentStaff) -> Result<HttpResponse, AppError> {
    page(c, &current, None)
}

pub async fn change(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    StaffForm(form): StaffForm<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    // A new password that cannot be used is refused before the current one
    // is tried: no hashing, and no failed try in the audit log.
    let password = match NewPassword::parse(&form.password, &form.password_again) {
        Ok(password) => password,
        Err(problem) => return page(c, &current, Some(problem.message_key())),
    };
    let changed = state
        .staff
        .change_password(
            current.id(),
            &current.token,
            form.current_password,
            password,
        )
        .await?;
    if !changed {
        return page(c, &current, Some("staff-password-current-wrong"));
    }
    // The profile says what changed, and what did not.
    Ok(see_other("/staff/profile?done=password"))
}
