//! `/staff/tips/{ref}`: one tip for a reviewer (opening it is logged): what
//! was reported, a coarse location, the conversation with the tipster,
//! internal notes, and the workflow's actions, each checked against the
//! version the reviewer saw.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::form::StaffForm;
use super::frame::StaffChrome;
use super::guard::{CurrentStaff, see_other};
use super::queue::status_key;
use crate::db::places;
use crate::db::triage::{self, Note, StaffMessage, StaffTip};
use crate::domain::report::DESCRIPTION_MAX;
use crate::domain::staff::Role;
use crate::domain::triage::{CloseReason, GridCell, InternalRef, TipAction};
use crate::error::AppError;
use crate::review::Outcome;
use crate::web::AppState;
use crate::web::page::render_with_status;

#[derive(Template)]
#[template(path = "staff/tip.html")]
struct TipPage {
    c: StaffChrome,
    reference: String,
    tip: StaffTip,
    category: &'static str,
    status: &'static str,
    places: Vec<String>,
    /// The point snapped to the 0.01° grid: about a kilometre.
    coarse_location: Option<String>,
    assignee: String,
    messages: Vec<StaffMessage>,
    notes: Vec<Note>,
    reviewers: Vec<(i64, String)>,
    close_reasons: Vec<(&'static str, &'static str)>,
    notice: Option<&'static str>,
}

fn close_reason_key(reason: CloseReason) -> &'static str {
    match reason {
        CloseReason::Spam => "staff-close-spam",
        CloseReason::NotACompound => "staff-close-not-a-compound",
        CloseReason::NotEnoughInformation => "staff-close-not-enough-information",
        CloseReason::OutOfArea => "staff-close-out-of-area",
    }
}

fn parse_ref(text: &str) -> Result<i64, AppError> {
    InternalRef::parse(text)
        .map(InternalRef::tip_id)
        .map_err(|_| AppError::NotFound)
}

/// Renders the tip page from `tip` as it is now.
async fn page(
    c: StaffChrome,
    state: &AppState,
    tip: StaffTip,
    status: StatusCode,
    notice: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let id = tip.id;
    let codes: Vec<String> = tip.places.iter().flatten().cloned().collect();
    let (messages, notes, found) = state
        .db
        .read(move |conn| {
            Ok((
                triage::messages(conn, id)?,
                triage::notes(conn, id)?,
                places::find_all(conn, &codes)?,
            ))
        })
        .await?;
    let places = tip
        .places
        .iter()
        .flatten()
        .filter_map(|code| found.iter().find(|place| place.code.as_str() == code))
        .map(|place| place.name_in(c.lang).to_owned())
        .collect();
    let staff = state.accounts.list().await?;
    let assignee = tip
        .state
        .assignee
        .and_then(|id| staff.iter().find(|account| account.id == id))
        .map(|account| account.name.clone())
        .unwrap_or_default();
    let reviewers = staff
        .iter()
        .filter(|account| matches!(account.role, Role::Reviewer | Role::Admin) && !account.disabled)
        .map(|account| (account.id, account.name.clone()))
        .collect();
    let coarse_location = tip.point.map(|point| {
        let (lat, lon) = GridCell::of(&point).centre();
        format!("{lat:.3}, {lon:.3}")
    });
    let close_reasons = CloseReason::ALL
        .iter()
        .map(|reason| (reason.as_str(), c.t(close_reason_key(*reason))))
        .collect();
    let tip_page = TipPage {
        reference: InternalRef::of(tip.id).to_string(),
        category: c.t(tip.category.label_key()),
        status: c.t(status_key(tip.state.status)),
        places,
        coarse_location,
        assignee,
        messages,
        notes,
        reviewers,
        close_reasons,
        notice,
        c,
        tip,
    };
    render_with_status(status, &tip_page)
}

pub async fn show(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    reference: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = parse_ref(&reference)?;
    let tip = state
        .review
        .open(current.id(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    page(c, &state, tip, StatusCode::OK, None).await
}

#[derive(Deserialize)]
pub struct ActionForm {
    version: i32,
    action: String,
    #[serde(default)]
    reviewer: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    question: String,
}

/// The typed action a form asks for, and the question it carries.
fn action_of(form: &ActionForm) -> Option<(TipAction, Option<String>)> {
    let action = match form.action.as_str() {
        "take" => TipAction::Take,
        "hand_to" => TipAction::HandTo {
            reviewer: form.reviewer.parse().ok()?,
        },
        "ask" => {
            let question = form.question.trim();
            let length = question.chars().count();
            if length == 0 || length > DESCRIPTION_MAX {
                return None;
            }
            return Some((TipAction::AskQuestion, Some(question.to_owned())));
        }
        "close" => TipAction::Close {
            reason: CloseReason::parse(&form.reason)?,
        },
        "reopen" => TipAction::Reopen,
        _ => return None,
    };
    Some((action, None))
}

pub async fn act(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    StaffForm(form): StaffForm<ActionForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_ref(&reference)?;
    let Some((action, question)) = action_of(&form) else {
        return again(
            c,
            &state,
            id,
            StatusCode::UNPROCESSABLE_ENTITY,
            "staff-tip-incomplete",
        )
        .await;
    };
    let outcome = state
        .review
        .act(current.id(), id, form.version, action, question)
        .await?;
    after(c, &state, id, outcome).await
}

#[derive(Deserialize)]
pub struct NoteForm {
    body: String,
}

pub async fn add_note(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    StaffForm(form): StaffForm<NoteForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_ref(&reference)?;
    let body = form.body.trim();
    if body.is_empty() || body.chars().count() > DESCRIPTION_MAX {
        return again(
            c,
            &state,
            id,
            StatusCode::UNPROCESSABLE_ENTITY,
            "staff-tip-incomplete",
        )
        .await;
    }
    let outcome = state
        .review
        .add_note(current.id(), id, body.to_owned())
        .await?;
    after(c, &state, id, outcome).await
}

/// Back to the tip after an action, or the tip as it is now with why the
/// action did not happen.
async fn after(
    c: StaffChrome,
    state: &AppState,
    id: i64,
    outcome: Outcome,
) -> Result<HttpResponse, AppError> {
    match outcome {
        Outcome::Done => Ok(see_other(&format!("/staff/tips/{}", InternalRef::of(id)))),
        Outcome::NoSuchTip => Err(AppError::NotFound),
        Outcome::Stale => again(c, state, id, StatusCode::CONFLICT, "staff-tip-stale").await,
        Outcome::Refused(_) => again(c, state, id, StatusCode::CONFLICT, "staff-tip-refused").await,
    }
}

/// The tip as it is now, with `notice` above it.
async fn again(
    c: StaffChrome,
    state: &AppState,
    id: i64,
    status: StatusCode,
    notice: &'static str,
) -> Result<HttpResponse, AppError> {
    let tip = state
        .db
        .read(move |conn| triage::find(conn, id))
        .await?
        .ok_or(AppError::NotFound)?;
    let notice = c.t(notice);
    page(c, state, tip, status, Some(notice)).await
}
