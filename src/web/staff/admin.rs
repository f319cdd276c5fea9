//! `/staff/admin/staff`: administrators invite staff and change accounts:
//! role, disabled, second factor, sessions, password reset.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::form::EmptyForm;
use super::form::StaffForm;
use super::frame::{STAFF_LANGUAGES, StaffChrome};
use super::guard::{CurrentStaff, see_other};
use crate::domain::ids::StaffId;
use crate::domain::staff::{Role, StaffEmail, StaffName};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::services::common::Actor;
use crate::services::staff::{Access, AdminRefusal, GrantOutcome, NewAccount, RoleChange};
use crate::state::AppState;
use crate::web::page::render_with_status;

/// One account as the list shows it.
struct AccountRow {
    id: StaffId,
    email: String,
    name: String,
    role: Role,
    disabled: bool,
    enrolled: bool,
    invited: bool,
    /// "Proposed as administrator by …", while it waits for a second.
    proposed: Option<String>,
    /// Its access to tip content, and the actions it offers
    /// (`grant`, `confirm`, `revoke`) with their labels.
    access: (&'static str, Vec<(&'static str, &'static str)>),
}

/// How the list shows an account's access, and what may be done about it.
fn access_shown(
    access: Option<Access>,
    role: Role,
) -> (&'static str, Vec<(&'static str, &'static str)>) {
    const GRANT: (&str, &str) = ("grant", "staff-access-grant");
    const CONFIRM: (&str, &str) = ("confirm", "staff-access-confirm");
    const REVOKE: (&str, &str) = ("revoke", "staff-access-revoke");
    match access {
        _ if role == Role::Payout => ("staff-access-state-never", Vec::new()),
        Some(Access::Granted) => ("staff-access-state-granted", vec![REVOKE]),
        Some(Access::Pending { .. }) => ("staff-access-state-pending", vec![CONFIRM, REVOKE]),
        Some(Access::None) => ("staff-access-state-none", vec![GRANT]),
        Some(Access::NoKey) | None => ("staff-access-state-no-key", Vec::new()),
    }
}

/// What the invitation form holds.
#[derive(Deserialize, Default)]
pub struct InviteForm {
    email: String,
    name: String,
    role: String,
    language: String,
}

#[derive(Template)]
#[template(path = "staff/admin_staff.html")]
struct AdminStaffPage {
    c: StaffChrome,
    accounts: Vec<AccountRow>,
    notice: Option<&'static str>,
    problems: Vec<&'static str>,
    invite: InviteForm,
    roles: [Role; 3],
    languages: [Lang; 2],
}

/// Notices an action leaves for the page it returns to.
const NOTICES: &[&str] = &[
    "staff-admin-done-invited",
    "staff-admin-done-invite-unsent",
    "staff-admin-done-role",
    "staff-admin-done-proposed",
    "staff-admin-done-confirmed",
    "staff-admin-done-withdrawn",
    "staff-admin-done-disabled",
    "staff-admin-done-enabled",
    "staff-admin-done-second-factor",
    "staff-admin-done-sessions",
    "staff-admin-done-reset",
    "staff-admin-done-access-granted",
    "staff-admin-done-access-pending",
    "staff-admin-done-access-confirmed",
    "staff-admin-done-access-revoked",
];

#[derive(Deserialize)]
pub struct Shown {
    done: Option<String>,
}

async fn page(
    c: StaffChrome,
    state: &AppState,
    status: StatusCode,
    notice: Option<&'static str>,
    problems: Vec<&'static str>,
    invite: InviteForm,
) -> Result<HttpResponse, AppError> {
    let all = state.staff.list().await?;
    let proposals = state.staff.admin_proposals().await?;
    let access = state.staff.access().await?;
    let name_of = |id: StaffId| {
        all.iter()
            .find(|account| account.id == id)
            .map_or_else(String::new, |account| account.name.clone())
    };
    let proposed_by = |id: StaffId| {
        proposals
            .iter()
            .find(|(account, _)| *account == id)
            .map(|(_, by)| c.t_with("staff-admin-proposed", &[("name", &name_of(*by))]))
    };
    let accounts = all
        .iter()
        .cloned()
        .map(|account| AccountRow {
            proposed: proposed_by(account.id),
            access: access_shown(
                access
                    .iter()
                    .find(|(id, _)| *id == account.id)
                    .map(|(_, access)| *access),
                account.role,
            ),
            id: account.id,
            invited: account.password_hash.is_none(),
            email: account.email,
            name: account.name,
            role: account.role,
            disabled: account.disabled,
            enrolled: account.totp_confirmed,
        })
        .collect();
    render_with_status(
        status,
        &AdminStaffPage {
            c,
            accounts,
            notice,
            problems,
            invite,
            roles: Role::ALL,
            languages: STAFF_LANGUAGES,
        },
    )
}

pub async fn show(
    c: StaffChrome,
    state: web::Data<AppState>,
    shown: web::Query<Shown>,
) -> Result<HttpResponse, AppError> {
    let notice = shown
        .done
        .as_deref()
        .and_then(|done| NOTICES.iter().find(|key| key.ends_with(done)))
        .map(|key| c.t(key));
    page(
        c,
        &state,
        StatusCode::OK,
        notice,
        Vec::new(),
        InviteForm::default(),
    )
    .await
}

fn done(what: &str) -> HttpResponse {
    see_other(&format!("/staff/admin/staff?done={what}"))
}

pub async fn invite(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    StaffForm(form): StaffForm<InviteForm>,
) -> Result<HttpResponse, AppError> {
    let email = StaffEmail::parse(&form.email);
    let name = StaffName::parse(&form.name);
    let role = Role::parse(&form.role);
    let language = Lang::from_code(&form.language).filter(|lang| STAFF_LANGUAGES.contains(lang));
    let (Ok(email), Ok(name), Some(role), Some(language)) = (email, name, role, language) else {
        let mut problems = Vec::new();
        if StaffEmail::parse(&form.email).is_err() {
            problems.push(c.t("staff-problem-email"));
        }
        if StaffName::parse(&form.name).is_err() {
            problems.push(c.t("staff-problem-name"));
        }
        if Role::parse(&form.role).is_none() || Lang::from_code(&form.language).is_none() {
            problems.push(c.t("staff-problem-choice"));
        }
        return page(
            c,
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            problems,
            form,
        )
        .await;
    };
    let account = NewAccount {
        email: email.clone(),
        name: name.clone(),
        role,
        language,
    };
    let Ok((_, token)) = state.staff.invite(current.id(), account).await? else {
        let problems = vec![c.t("staff-problem-email-taken")];
        return page(
            c,
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            problems,
            form,
        )
        .await;
    };
    let invited = state
        .notify
        .invitation(email.as_str(), name.as_str(), language, &token)
        .await;
    match invited {
        Ok(()) => Ok(done("invited")),
        Err(error) => {
            tracing::error!(cause = %error, "an invitation could not be mailed");
            Ok(done("invite-unsent"))
        }
    }
}

fn refused(c: &StaffChrome, refusal: AdminRefusal) -> Vec<&'static str> {
    vec![c.t(refusal.message_key())]
}

/// `POST /staff/admin/staff/{id}/access/{action}`: grant the organisation
/// key this administrator's session holds, confirm another's grant, or
/// take access away.
pub async fn access(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    path: web::Path<(StaffId, String)>,
    StaffForm(_): StaffForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (id, action) = path.into_inner();
    let staff = &state.staff;
    let outcome = match action.as_str() {
        "grant" => staff
            .grant_access(current.id(), current.org.clone(), id)
            .await?
            .map(|granted| match granted {
                GrantOutcome::Granted => "access-granted",
                GrantOutcome::AwaitingConfirmation => "access-pending",
            }),
        "confirm" => staff
            .confirm_access(current.id(), id)
            .await?
            .map(|()| "access-confirmed"),
        "revoke" => staff
            .revoke_access(current.id(), id)
            .await?
            .map(|()| "access-revoked"),
        _ => return Err(AppError::NotFound),
    };
    match outcome {
        Ok(what) => Ok(done(what)),
        Err(refusal) => {
            let problems = vec![c.t(refusal.message_key())];
            page(
                c,
                &state,
                StatusCode::CONFLICT,
                None,
                problems,
                InviteForm::default(),
            )
            .await
        }
    }
}

async fn after(
    c: StaffChrome,
    state: &AppState,
    outcome: Result<(), AdminRefusal>,
    what: &str,
) -> Result<HttpResponse, AppError> {
    match outcome {
        Ok(()) => Ok(done(what)),
        Err(refusal) => {
            let problems = refused(&c, refusal);
            page(
                c,
                state,
                StatusCode::CONFLICT,
                None,
                problems,
                InviteForm::default(),
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub async fn change_role(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    id: web::Path<StaffId>,
    StaffForm(form): StaffForm<RoleForm>,
) -> Result<HttpResponse, AppError> {
    let role =
        Role::parse(&form.role).ok_or_else(|| AppError::BadRequest("no such role".into()))?;
    let outcome = state.staff.change_role(current.id(), *id, role).await?;
    let what = match outcome {
        Ok(RoleChange::Proposed) => "proposed",
        _ => "role",
    };
    after(c, &state, outcome.map(drop), what).await
}

pub async fn confirm_admin(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    id: web::Path<StaffId>,
    StaffForm(_): StaffForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let outcome = state.staff.confirm_admin(current.id(), *id).await?;
    after(c, &state, outcome, "confirmed").await
}

pub async fn withdraw_admin_proposal(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    id: web::Path<StaffId>,
    StaffForm(_): StaffForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let outcome = state
        .staff
        .withdraw_admin_proposal(current.id(), *id)
        .await?;
    after(c, &state, outcome, "withdrawn").await
}

pub async fn disable(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    id: web::Path<StaffId>,
    StaffForm(_): StaffForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let outcome = state.staff.set_disabled(current.id(), *id, true).await?;
    after(c, &state, outcome, "disabled").await
}

pub async fn enable(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    id: web::Path<StaffId>,
    StaffForm(_): StaffForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let outcome = state.staff.set_disabled(current.id(), *id, false).await?;
    after(c, &state, outcome, "enabled").await
}

pub async fn reset_second_factor(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    id: web::Path<StaffId>,
    StaffForm(_): StaffForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let outcome = state.staff.reset_second_factor(current.id(), *id).await?;
    after(c, &state, outcome, "second-factor").await
}

pub async fn end_sessions(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    id: web::Path<StaffId>,
    StaffForm(_): StaffForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let outcome = state.staff.end_sessions(current.id(), *id).await?;
    after(c, &state, outcome, "sessions").await
}

pub async fn send_reset(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    id: web::Path<StaffId>,
    StaffForm(_): StaffForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let Some(account) = state
        .staff
        .find(*id)
        .await?
        .filter(|account| !account.disabled)
    else {
        return after(c, &state, Err(AdminRefusal::NoSuchAccount), "reset").await;
    };
    let token = state
        .staff
        .issue_reset(Actor::Staff(current.id()), account.id)
        .await?;
    match state.notify.password_reset(&account, &token).await {
        Ok(()) => Ok(done("reset")),
        Err(error) => {
            tracing::error!(cause = %error, "a password reset could not be mailed");
            Ok(done("invite-unsent"))
        }
    }
}
