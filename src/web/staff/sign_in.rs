//! Signing in and out: `/staff/login` (email and password), then
//! `/staff/login/code` (the second factor) or `/staff/enrol` (the first
//! enrolment), `/staff/logout`, and "forgot password" at `/staff/forgot`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::device_cookie::{device_cookie, sent_device};
use super::form::{EmptyForm, StaffForm};
use super::frame::StaffChrome;
use super::guard::{CurrentStaff, removal_cookie, see_other, sent_token, session_cookie};
use crate::domain::staff::{RecoveryCode, SessionStage, StaffEmail};
use crate::error::AppError;
use crate::services::staff::{EnrolStep, Enrolment, PasswordStep, SecondFactorStep};
use crate::state::AppState;
use crate::web::page::{render, render_with_status};

#[derive(Template)]
#[template(path = "staff/login.html")]
struct LoginPage {
    c: StaffChrome,
    email: String,
    failed: bool,
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
}

pub async fn show_login(c: StaffChrome) -> Result<HttpResponse, AppError> {
    render(&LoginPage {
        c,
        email: String::new(),
        failed: false,
    })
}

fn secure(state: &AppState) -> bool {
    state.config.public_url.is_https()
}

pub async fn login(
    request: HttpRequest,
    c: StaffChrome,
    state: web::Data<AppState>,
    StaffForm(form): StaffForm<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let email = StaffEmail::parse(&form.email).ok();
    let step = state
        .staff
        .sign_in_password(
            email,
            form.password,
            sent_token(&request),
            sent_device(&request),
        )
        .await?;
    match step {
        PasswordStep::Continue { token, stage } => {
            let next = match stage {
                SessionStage::Enrol => "/staff/enrol",
                _ => "/staff/login/code",
            };
            let mut response = see_other(next);
            response.add_cookie(&session_cookie(&token, secure(&state)))?;
            Ok(response)
        }
        PasswordStep::Refused => render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &LoginPage {
                c,
                email: form.email,
                failed: true,
            },
        ),
    }
}

#[derive(Template)]
#[template(path = "staff/code.html")]
struct CodePage {
    c: StaffChrome,
    failed: bool,
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
}

pub async fn show_code(c: StaffChrome) -> Result<HttpResponse, AppError> {
    render(&CodePage { c, failed: false })
}

pub async fn code(
    request: HttpRequest,
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    StaffForm(form): StaffForm<CodeForm>,
) -> Result<HttpResponse, AppError> {
    let step = state
        .staff
        .second_factor(
            &current.token,
            &current.session.staff,
            &form.code,
            sent_device(&request),
        )
        .await?;
    match step {
        SecondFactorStep::SignedIn { token, device } => {
            let mut response = see_other("/staff/");
            response.add_cookie(&session_cookie(&token, secure(&state)))?;
            response.add_cookie(&device_cookie(&device, secure(&state)))?;
            Ok(response)
        }
        SecondFactorStep::Refused => render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &CodePage { c, failed: true },
        ),
    }
}

#[derive(Template)]
#[template(path = "staff/enrol.html")]
struct EnrolPage {
    c: StaffChrome,
    enrolment: Enrolment,
    failed: bool,
}

pub async fn show_enrol(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let Some(enrolment) = state.staff.enrolment(&current.session.staff).await? else {
        return Ok(see_other("/staff/login"));
    };
    render(&EnrolPage {
        c,
        enrolment,
        failed: false,
    })
}

#[derive(Template)]
#[template(path = "staff/recovery_codes.html")]
struct RecoveryCodesPage {
    c: StaffChrome,
    codes: Vec<RecoveryCode>,
}

pub async fn enrol(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    StaffForm(form): StaffForm<CodeForm>,
) -> Result<HttpResponse, AppError> {
    let staff = &current.session.staff;
    match state
        .staff
        .confirm_enrolment(&current.token, staff, &form.code)
        .await?
    {
        EnrolStep::Enrolled {
            token,
            recovery_codes,
            device,
        } => {
            let page = RecoveryCodesPage {
                c,
                codes: recovery_codes,
            };
            let mut response = render(&page)?;
            response.add_cookie(&session_cookie(&token, secure(&state)))?;
            response.add_cookie(&device_cookie(&device, secure(&state)))?;
            Ok(response)
        }
        EnrolStep::WrongCode => {
            let Some(enrolment) = state.staff.enrolment(staff).await? else {
                return Ok(see_other("/staff/login"));
            };
            render_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &EnrolPage {
                    c,
                    enrolment,
                    failed: true,
                },
            )
        }
    }
}

pub async fn logout(
    current: CurrentStaff,
    state: web::Data<AppState>,
    StaffForm(_): StaffForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    state.staff.sign_out(&current.token, current.id()).await?;
    let mut response = see_other("/staff/login");
    response.add_cookie(&removal_cookie(secure(&state)))?;
    Ok(response)
}

#[derive(Template)]
#[template(path = "staff/forgot.html")]
struct ForgotPage {
    c: StaffChrome,
    sent: bool,
}

#[derive(Deserialize)]
pub struct ForgotForm {
    email: String,
}

pub async fn show_forgot(c: StaffChrome) -> Result<HttpResponse, AppError> {
    render(&ForgotPage { c, sent: false })
}

/// Answers at once and the same for every address; the lookup and the mail
/// happen afterwards, so not even the time taken tells whether it exists.
pub async fn forgot(
    c: StaffChrome,
    state: web::Data<AppState>,
    StaffForm(form): StaffForm<ForgotForm>,
) -> Result<HttpResponse, AppError> {
    if let Ok(email) = StaffEmail::parse(&form.email) {
        let background = state.clone();
        state.notify.in_background(async move {
            let state = background;
            match state.staff.request_reset(&email).await {
                Ok(Some((account, token))) => {
                    if let Err(error) = state.notify.password_reset(&account, &token).await {
                        tracing::error!(cause = %error, "a password reset could not be sent");
                    }
                }
                Ok(None) => {}
                Err(error) => {
                    tracing::error!(cause = %AppError::from(error).cause_chain(), "a password reset could not be made");
                }
            }
        });
    }
    render(&ForgotPage { c, sent: true })
}
