//! `/staff/tips/{ref}`: one tip for a reviewer (opening it is logged): what
//! was reported, a coarse location, the conversation with the tipster,
//! internal notes, and the workflow's actions, each checked against the
//! version the reviewer saw; on a burst's first tip, closing the whole burst
//! as spam (`burst`).

pub(super) mod burst;
pub(super) mod queue;

use actix_web::http::header::CACHE_CONTROL;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::form::{EmptyForm, NoteForm, StaffForm, choice_or_none};
use super::frame::StaffChrome;
use super::guard::CurrentStaff;
use super::view::{
    HistoryRow, Nearby, SubjectPage, TipFormAction, View, after, history, incomplete, reviewers,
    tip_status_key,
};
use crate::db::bursts;
use crate::db::near::{self, Around};
use crate::db::notes::{self, Note, NoteOwner};
use crate::db::places;
use crate::db::tips::{self, Opened, StaffMessage, StaffTip, StoredPhoto};
use crate::domain::ids::{PhotoId, StaffId, TipId};
use crate::domain::note::NoteBody;
use crate::domain::report::DESCRIPTION_MAX;
use crate::domain::tips::{CaseRef, CloseReason, InternalRef, Place, TipAction};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::services::tips::{self as tip_service, TipRequest};
use crate::state::AppState;
use crate::web::page::render_with_status;

#[derive(Template)]
#[template(path = "staff/tip.html")]
struct TipPage {
    c: StaffChrome,
    reference: String,
    tip: StaffTip,
    category: &'static str,
    status: &'static str,
    /// The day the tipster saw it, or that they did not say.
    observed_on: String,
    /// The language the tipster wrote in, by its own name.
    language: String,
    places: Vec<String>,
    /// What the tipster wrote, opened with the session's key; `None` when
    /// deleted or when the session holds no key (`locked`).
    description: Option<String>,
    landmark: Option<String>,
    /// The session cannot open this tip's content.
    locked: bool,
    /// The point snapped to the 0.01° grid: about a kilometre.
    coarse_location: Option<String>,
    /// The point itself, only after "show exact location" (logged).
    exact_location: Option<String>,
    assignee: String,
    duplicate_of: Option<String>,
    case: Option<String>,
    photos: Vec<PhotoId>,
    messages: Vec<StaffMessage>,
    notes: Vec<Note>,
    history: Vec<HistoryRow>,
    near: Nearby,
    reviewers: Vec<(StaffId, String)>,
    close_reasons: Vec<(&'static str, &'static str)>,
    /// On a burst's member: its first tip's reference.
    burst_lead: Option<String>,
    /// On a burst's first tip: what the burst is, and its newest tip, up to
    /// which closing it as spam goes.
    burst: Option<(String, String)>,
    notice: Option<String>,
}

fn close_reason_key(reason: CloseReason) -> &'static str {
    match reason {
        CloseReason::Spam => "staff-close-spam",
        CloseReason::NotACompound => "staff-close-not-a-compound",
        CloseReason::NotEnoughInformation => "staff-close-not-enough-information",
        CloseReason::OutOfArea => "staff-close-out-of-area",
    }
}

fn parse_ref(text: &str) -> Result<TipId, AppError> {
    InternalRef::parse(text)
        .map(InternalRef::tip_id)
        .map_err(|_| AppError::NotFound)
}

/// Renders the tip page from `tip` as it is now.
async fn page(
    c: StaffChrome,
    state: &AppState,
    current: &CurrentStaff,
    tip: StaffTip,
    view: View,
) -> Result<HttpResponse, AppError> {
    let id = tip.id;
    let org = current.org.clone();
    let content = tip.content(org.as_ref());
    let codes: Vec<String> = tip.places.iter().flatten().cloned().collect();
    let around = Around {
        place: tip.cell.map(Place::around),
        commune: tip.places[2].clone(),
        except_tip: Some(id),
        except_case: None,
    };
    let leads_burst = tip.burst_lead.is_none() && tip.burst_size > 1;
    let org = c.org().cloned();
    let (messages, notes, found, photos, near_tips, near_cases, newest) = state
        .db
        .read(move |conn| {
            Ok((
                tips::messages(conn, id, org.as_ref())?,
                notes::of(conn, NoteOwner::Tip(id), org.as_ref())?,
                places::find_all(conn, &codes)?,
                tips::photo_ids(conn, id)?,
                near::tips_near(conn, &around)?,
                near::cases_near(conn, &around)?,
                leads_burst.then(|| bursts::newest(conn, id)).transpose()?,
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
    let staff = state.staff.list().await?;
    let history = history(&c, state, tip_service::subject(id), &staff).await?;
    let assignee = tip
        .state
        .assignee
        .and_then(|id| staff.iter().find(|account| account.id == id))
        .map(|account| account.name.clone())
        .unwrap_or_default();
    let reviewers = reviewers(&staff);
    let coarse_location = tip.cell.map(|cell| {
        let (lat, lon) = cell.centre();
        format!("{lat:.3}, {lon:.3}")
    });
    let (description, landmark, exact_location, locked) = match content {
        Opened::Open(content) => (
            Some(content.description),
            Some(content.landmark),
            content
                .point
                .filter(|_| view.exact)
                .map(|point| format!("{:.6}, {:.6}", point.latitude(), point.longitude())),
            false,
        ),
        Opened::Deleted => (None, None, None, false),
        Opened::Locked => (None, None, None, true),
    };
    let close_reasons = CloseReason::ALL
        .iter()
        .map(|reason| (reason.as_str(), c.t(close_reason_key(*reason))))
        .collect();
    let near = Nearby::shown(&c, near_tips, near_cases);
    let tip_page = TipPage {
        reference: InternalRef::of(tip.id).to_string(),
        category: c.t(tip.category.label_key()),
        status: c.t(tip_status_key(tip.state.status)),
        observed_on: tip.observed_on.map_or_else(
            || c.t("staff-tip-observed-not-given").to_owned(),
            |day| day.format("%Y-%m-%d").to_string(),
        ),
        language: Lang::from_code(&tip.language).map_or_else(
            || tip.language.clone(),
            |lang| lang.tr().t("language-name").to_owned(),
        ),
        places,
        description,
        landmark,
        locked,
        coarse_location,
        exact_location,
        assignee,
        duplicate_of: tip
            .state
            .duplicate_of
            .map(|id| InternalRef::of(id).to_string()),
        case: tip.state.case_id.map(|id| CaseRef::of(id).to_string()),
        photos,
        messages,
        notes,
        history,
        near,
        reviewers,
        close_reasons,
        burst_lead: tip.burst_lead.map(|lead| InternalRef::of(lead).to_string()),
        burst: newest.map(|newest| {
            let size = u64::try_from(tip.burst_size).unwrap_or(0);
            (
                c.t_counts("staff-tip-burst-lead", &[("count", size)]),
                InternalRef::of(newest).to_string(),
            )
        }),
        notice: view.notice,
        c,
        tip,
    };
    render_with_status(view.status, &tip_page)
}

pub async fn show(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    reference: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = parse_ref(&reference)?;
    let tip = state
        .tips
        .open(current.id(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    page(c, &state, &current, tip, View::plain()).await
}

/// `POST /staff/tips/{ref}/location`: the page again, with the exact point.
pub async fn show_location(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    StaffForm(_): StaffForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_ref(&reference)?;
    let tip = state
        .tips
        .show_exact_location(current.id(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let view = View {
        exact: true,
        ..View::plain()
    };
    page(c, &state, &current, tip, view).await
}

/// `GET /staff/tips/{ref}/photos/{id}`: one stripped photo, never cached.
pub async fn photo(
    current: CurrentStaff,
    state: web::Data<AppState>,
    path: web::Path<(String, PhotoId)>,
) -> Result<HttpResponse, AppError> {
    let (reference, photo_id) = path.into_inner();
    let tip_id = parse_ref(&reference)?;
    // Photos are sealed: only a session holding the key opens one.
    let org = current.org.clone().ok_or(AppError::Forbidden)?;
    let photo = state
        .tips
        .photo(current.id(), org, tip_id, photo_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(served(photo))
}

/// `GET /staff/tips/{ref}/photos/{id}/thumbnail`: the photo small, for the
/// tip's page, served like the photo.
pub async fn thumbnail(
    current: CurrentStaff,
    state: web::Data<AppState>,
    path: web::Path<(String, PhotoId)>,
) -> Result<HttpResponse, AppError> {
    let (reference, photo_id) = path.into_inner();
    let tip_id = parse_ref(&reference)?;
    // Photos are sealed: only a session holding the key opens one.
    let org = current.org.clone().ok_or(AppError::Forbidden)?;
    let thumbnail = state
        .tips
        .thumbnail(current.id(), org, tip_id, photo_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(served(thumbnail))
}

/// A photo's answer: never cached, by the browser or anything between.
fn served(photo: StoredPhoto) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(photo.content_type)
        .insert_header((CACHE_CONTROL, "no-store, private"))
        .body(photo.bytes)
}

#[derive(Deserialize)]
pub struct ActionForm {
    version: i32,
    #[serde(default, deserialize_with = "choice_or_none")]
    action: Option<TipFormAction>,
    #[serde(default)]
    reviewer: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    question: String,
    /// The tip this one repeats (`T-…`).
    #[serde(default)]
    original: String,
    /// The case to link or move to (`C-…`).
    #[serde(default)]
    case: String,
    /// The title of a case opened from the tip.
    #[serde(default)]
    title: String,
}

/// Text of 1 to `max` characters, trimmed.
fn required_text(text: &str, max: usize) -> Option<String> {
    let text = text.trim();
    let length = text.chars().count();
    (length > 0 && length <= max).then(|| text.to_owned())
}

pub const CASE_TITLE_MAX: usize = 200;

/// The typed request a form makes.
fn request_of(form: &ActionForm) -> Option<TipRequest> {
    let case = || CaseRef::parse(&form.case).ok().map(CaseRef::case_id);
    let action = match form.action? {
        TipFormAction::Take => TipAction::Take,
        TipFormAction::HandTo => TipAction::HandTo {
            reviewer: form.reviewer.parse().ok()?,
        },
        TipFormAction::Ask => {
            return required_text(&form.question, DESCRIPTION_MAX).map(TipRequest::Ask);
        }
        TipFormAction::Duplicate => {
            let original = InternalRef::parse(&form.original).ok()?;
            return Some(TipRequest::DuplicateOf(original.tip_id()));
        }
        TipFormAction::Link => return case().map(TipRequest::LinkTo),
        TipFormAction::Move => return case().map(TipRequest::MoveTo),
        TipFormAction::OpenCase => {
            return required_text(&form.title, CASE_TITLE_MAX).map(TipRequest::OpenCase);
        }
        TipFormAction::Close => TipAction::Close {
            reason: CloseReason::parse(&form.reason)?,
        },
        TipFormAction::Reopen => TipAction::Reopen,
    };
    Some(TipRequest::Plain(action))
}

pub async fn act(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    StaffForm(form): StaffForm<ActionForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_ref(&reference)?;
    let Some(request) = request_of(&form) else {
        return incomplete(c, &current, &state, id, "staff-tip-incomplete").await;
    };
    let outcome = state
        .tips
        .act(current.id(), id, form.version, request, current.org.clone())
        .await?;
    after(c, &current, &state, id, outcome).await
}

pub async fn add_note(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    StaffForm(form): StaffForm<NoteForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_ref(&reference)?;
    let Some(body) = NoteBody::parse(&form.body) else {
        return incomplete(c, &current, &state, id, "staff-tip-incomplete").await;
    };
    let outcome = state.tips.add_note(current.id(), id, body).await?;
    after(c, &current, &state, id, outcome).await
}

impl SubjectPage for TipId {
    const STALE: &'static str = "staff-tip-stale";
    const REFUSED: &'static str = "staff-tip-refused";

    fn address(self) -> String {
        format!("/staff/tips/{}", InternalRef::of(self))
    }

    async fn show(
        self,
        c: StaffChrome,
        current: &CurrentStaff,
        state: &AppState,
        view: View,
    ) -> Result<HttpResponse, AppError> {
        // Shown again in full, so its showing is logged like any opening.
        let tip = state
            .tips
            .open(current.id(), self)
            .await?
            .ok_or(AppError::NotFound)?;
        page(c, state, current, tip, view).await
    }
}
