//! `/staff/link/{token}`: a one-time link. The set-up link creates the
//! first administrator; an invitation or reset link sets a password.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::form::StaffForm;
use super::frame::{NoticePage, StaffChrome};
use crate::db::links::LinkPurpose;
use crate::db::staff::Staff;
use crate::domain::staff::{NewPassword, Role, StaffEmail, StaffName};
use crate::error::AppError;
use crate::services::staff::{LinkOutcome, NewAccount, SessionToken};
use crate::state::AppState;
use crate::web::page::{render, render_with_status};

#[derive(Template)]
#[template(path = "staff/link.html")]
struct LinkPage {
    c: StaffChrome,
    token: String,
    /// The set-up link asks for the administrator's address and name too.
    setup: bool,
    intro: String,
    email: String,
    name: String,
    problems: Vec<&'static str>,
}

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    password: String,
    password_again: String,
}

/// What the page says the link does.
fn intro(c: &StaffChrome, setup: bool, account: Option<&Staff>) -> String {
    match account {
        Some(account) if !setup => c.t_with("staff-link-intro", &[("email", &account.email)]),
        _ => c.t("staff-setup-intro").to_owned(),
    }
}

fn dead_link(c: StaffChrome) -> Result<HttpResponse, AppError> {
    let page = NoticePage {
        title: c.t("staff-link-dead-title"),
        body: c.t("staff-link-dead-body"),
        next: Some(("/staff/login".into(), c.t("staff-login-title"))),
        c,
    };
    render_with_status(StatusCode::GONE, &page)
}

pub async fn show(
    c: StaffChrome,
    token: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let Some(token) = SessionToken::parse(&token) else {
        return dead_link(c);
    };
    let Some((link, account)) = state.staff.open_link(&token).await? else {
        return dead_link(c);
    };
    let setup = link.purpose == LinkPurpose::Setup;
    render(&LinkPage {
        intro: intro(&c, setup, account.as_ref()),
        c,
        token: token.as_str().to_owned(),
        setup,
        email: String::new(),
        name: String::new(),
        problems: Vec::new(),
    })
}

pub async fn submit(
    c: StaffChrome,
    token: web::Path<String>,
    state: web::Data<AppState>,
    StaffForm(form): StaffForm<LinkForm>,
) -> Result<HttpResponse, AppError> {
    let Some(token) = SessionToken::parse(&token) else {
        return dead_link(c);
    };
    let Some((link, account)) = state.staff.open_link(&token).await? else {
        return dead_link(c);
    };
    let setup = link.purpose == LinkPurpose::Setup;
    let mut problems = Vec::new();
    let email = StaffEmail::parse(&form.email);
    let name = StaffName::parse(&form.name);
    if setup {
        if email.is_err() {
            problems.push(c.t("staff-problem-email"));
        }
        if name.is_err() {
            problems.push(c.t("staff-problem-name"));
        }
    }
    let password = NewPassword::parse(&form.password, &form.password_again);
    if let Err(problem) = password {
        problems.push(c.t(problem.message_key()));
    }
    let intro = intro(&c, setup, account.as_ref());
    let show_again = |c: StaffChrome, problems: Vec<&'static str>, form: LinkForm| {
        render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &LinkPage {
                c,
                token: token.as_str().to_owned(),
                setup,
                intro: intro.clone(),
                email: form.email,
                name: form.name,
                problems,
            },
        )
    };
    let outcome = match (password, email, name) {
        (Ok(password), Ok(email), Ok(name)) if setup => {
            let account = NewAccount {
                email,
                name,
                role: Role::Admin,
                language: c.lang,
            };
            state
                .staff
                .complete_setup(&token, account, password)
                .await?
        }
        (Ok(password), _, _) if !setup => {
            state.staff.set_password_by_link(&token, password).await?
        }
        _ => return show_again(c, problems, form),
    };
    match outcome {
        LinkOutcome::PasswordSet => {
            let page = NoticePage {
                title: c.t("staff-link-done-title"),
                body: c.t("staff-link-done-body"),
                next: Some((
                    format!("/staff/login{}", c.lang_query()),
                    c.t("staff-login-title"),
                )),
                c,
            };
            render(&page)
        }
        LinkOutcome::AdministratorCreated(recovery) => render(&OrgRecoveryKeyPage {
            recovery_key: recovery.display(),
            c,
        }),
        LinkOutcome::Dead => dead_link(c),
        LinkOutcome::EmailTaken => {
            let problems = vec![c.t("staff-problem-email-taken")];
            show_again(c, problems, form)
        }
    }
}

/// Shown once, after the first administrator's account is made: the key
/// that opens every tip if all granted staff are gone.
#[derive(Template)]
#[template(path = "staff/org_recovery_key.html")]
struct OrgRecoveryKeyPage {
    c: StaffChrome,
    recovery_key: String,
}
