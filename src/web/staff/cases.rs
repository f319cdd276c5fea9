//! `/staff/cases`: the case list with counts per state, and
//! `/staff/cases/{ref}`: one case with its tips, notes, timeline and the
//! workflow's actions, each checked against the version the reviewer saw.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::form::{EmptyForm, NoteForm, StaffForm, choice_or_none};
use super::frame::StaffChrome;
use super::guard::{CurrentStaff, see_other};
use super::view::{
    AssigneeChoice, CaseFormAction, HistoryRow, Nearby, SubjectPage, TipFormAction, View, after,
    case_outcome_key, case_state_choices, case_state_label, history, incomplete, province_choices,
    province_name, reviewers, shown_location, shown_text, tip_status_key,
};
use crate::db::cases::{self, CaseEvent, CaseFilter, StaffCase};
use crate::db::near::{self, Around};
use crate::db::notes::{self, Note, NoteOwner};
use crate::db::places;
use crate::domain::cases::{CaseAction, CaseEventKind, Outcome, Reason};
use crate::domain::coordinates::Coordinates;
use crate::domain::ids::{CaseId, StaffId};
use crate::domain::note::NoteBody;
use crate::domain::tips::{CaseRef, InternalRef, Place};
use crate::error::AppError;
use crate::services::cases as case_service;
use crate::state::AppState;
use crate::web::page::{next_page_query, render, render_with_status};

const PAGE_SIZE: i64 = 50;

fn parse_ref(text: &str) -> Result<CaseId, AppError> {
    CaseRef::parse(text)
        .map(CaseRef::case_id)
        .map_err(|_| AppError::NotFound)
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    state: String,
    #[serde(default)]
    province: String,
    /// [`AssigneeChoice::Mine`] or empty.
    #[serde(default)]
    assignee: String,
    before: Option<CaseId>,
}

struct ShownCase {
    reference: String,
    title: String,
    state: String,
    province: String,
    assignee: String,
    opened: String,
    tips: i64,
}

#[derive(Template)]
#[template(path = "staff/cases.html")]
struct ListPage {
    c: StaffChrome,
    query: ListQuery,
    rows: Vec<ShownCase>,
    /// Each state with its label and how many cases are in it.
    states: Vec<(&'static str, &'static str, i64)>,
    provinces: Vec<(String, String)>,
    next: Option<String>,
}

pub async fn list(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let filter = CaseFilter {
        state: case_state_choices()
            .into_iter()
            .map(|(name, _)| name)
            .find(|name| *name == query.state),
        province: Some(query.province.trim().to_owned()).filter(|code| !code.is_empty()),
        assignee: (AssigneeChoice::parse(&query.assignee) == Some(AssigneeChoice::Mine))
            .then(|| current.id()),
    };
    let before = query.before;
    let (mut rows, counts) = state
        .db
        .read(move |conn| {
            Ok((
                cases::list(conn, &filter, before, PAGE_SIZE + 1)?,
                cases::counts(conn, &filter)?,
            ))
        })
        .await?;
    let next = if rows.len() > PAGE_SIZE as usize {
        rows.truncate(PAGE_SIZE as usize);
        rows.last().map(|last| {
            let filters = [
                ("state", query.state.as_str()),
                ("province", query.province.as_str()),
                ("assignee", query.assignee.as_str()),
            ];
            next_page_query(&filters, ("before", last.id.to_string()))
        })
    } else {
        None
    };
    let rows = rows
        .iter()
        .map(|row| ShownCase {
            reference: CaseRef::of(row.id).to_string(),
            title: shown_text(&c, cases::open_title(c.org(), row.id, row.title.as_deref())),
            state: case_state_label(&c, row.state),
            province: province_name(&state, c.lang, &row.province),
            assignee: row.assignee.clone().unwrap_or_default(),
            opened: row.opened_at.format("%Y-%m-%d").to_string(),
            tips: row.tips,
        })
        .collect();
    let states = case_state_choices()
        .into_iter()
        .map(|(name, key)| {
            let count = counts
                .iter()
                .find(|count| count.state == name)
                .map_or(0, |count| count.cases);
            (name, c.t(key), count)
        })
        .collect();
    let provinces = province_choices(&state, c.lang);
    render(&ListPage {
        c,
        query,
        rows,
        states,
        provinces,
        next,
    })
}

struct ShownTip {
    reference: String,
    category: &'static str,
    status: &'static str,
    submitted: String,
    corroboration: i32,
    duplicate_of: Option<String>,
    version: i32,
}

struct ShownEvent {
    at: String,
    actor: String,
    what: String,
    detail: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "staff/case.html")]
struct CasePage {
    c: StaffChrome,
    reference: String,
    title: String,
    case: StaffCase,
    state: String,
    live: bool,
    closed: bool,
    assignee: String,
    places: Vec<String>,
    coarse_location: Option<String>,
    exact_location: Option<String>,
    tips: Vec<ShownTip>,
    notes: Vec<Note>,
    timeline: Vec<ShownEvent>,
    history: Vec<HistoryRow>,
    near: Nearby,
    reviewers: Vec<(StaffId, String)>,
    outcomes: Vec<(&'static str, &'static str)>,
    notice: Option<String>,
}

/// The timeline's words for an event kind.
fn event_key(kind: CaseEventKind) -> &'static str {
    match kind {
        CaseEventKind::Opened => "staff-case-event-opened",
        CaseEventKind::Action(CaseAction::Take | CaseAction::HandTo { .. }) => {
            "staff-case-event-assigned"
        }
        CaseEventKind::Action(CaseAction::StartInvestigating) => "staff-case-event-investigating",
        CaseEventKind::Action(CaseAction::RecordActionTaken) => "staff-case-event-action-taken",
        CaseEventKind::Action(CaseAction::Close { .. }) => "staff-case-event-closed",
        CaseEventKind::Action(CaseAction::Reopen) => "staff-case-event-reopened",
        CaseEventKind::Action(CaseAction::MergeInto { .. }) => "staff-case-event-merged-into",
        CaseEventKind::MergedFrom => "staff-case-event-merged-from",
        CaseEventKind::TipLinked => "staff-case-event-tip-linked",
        CaseEventKind::TipRemoved => "staff-case-event-tip-removed",
        CaseEventKind::LocationSet => "staff-case-event-location-set",
    }
}

fn shown_event(c: &StaffChrome, event: CaseEvent, staff: &[(StaffId, String)]) -> ShownEvent {
    let reason = shown_text(c, event.reason(c.org()));
    let detail = match event.kind {
        CaseEventKind::Action(CaseAction::Close { outcome }) => {
            c.t(case_outcome_key(outcome)).to_owned()
        }
        CaseEventKind::Action(CaseAction::HandTo { reviewer }) => staff
            .iter()
            .find(|(staff_id, _)| *staff_id == reviewer)
            .map_or(event.detail.clone(), |(_, name)| name.clone()),
        _ => event.detail.clone(),
    };
    ShownEvent {
        at: event.at.format("%Y-%m-%d %H:%M").to_string(),
        actor: event.actor.unwrap_or_default(),
        what: c.t(event_key(event.kind)).to_owned(),
        detail,
        reason,
    }
}

async fn page(
    c: StaffChrome,
    state: &AppState,
    case: StaffCase,
    view: View,
) -> Result<HttpResponse, AppError> {
    let id = case.id;
    let point = case.point(c.org());
    let codes: Vec<String> = [&case.place.province, &case.place.commune]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let around = Around {
        place: point
            .as_ref()
            .map(Place::of)
            .or_else(|| case.cell.map(Place::around)),
        commune: case.place.commune.clone(),
        except_tip: None,
        except_case: Some(id),
    };
    let org = c.org().cloned();
    let (tips, notes, events, found, near_tips, near_cases) = state
        .db
        .read(move |conn| {
            Ok((
                cases::tips_of(conn, id)?,
                notes::of(conn, NoteOwner::Case(id), org.as_ref())?,
                cases::events(conn, id)?,
                places::find_all(conn, &codes)?,
                near::tips_near(conn, &around)?,
                near::cases_near(conn, &around)?,
            ))
        })
        .await?;
    let staff = state.staff.list().await?;
    let everyone: Vec<(StaffId, String)> = staff.iter().map(|s| (s.id, s.name.clone())).collect();
    let history = history(&c, state, case_service::subject(id), &staff).await?;
    let near = Nearby::shown(&c, near_tips, near_cases);
    let tips = tips
        .into_iter()
        .map(|tip| ShownTip {
            reference: InternalRef::of(tip.id).to_string(),
            category: c.t(tip.category.label_key()),
            status: c.t(tip_status_key(tip.status)),
            submitted: tip.submitted_at.format("%Y-%m-%d").to_string(),
            corroboration: tip.corroboration,
            duplicate_of: tip.duplicate_of.map(|id| InternalRef::of(id).to_string()),
            version: tip.version,
        })
        .collect();
    let timeline = events
        .into_iter()
        .map(|event| shown_event(&c, event, &everyone))
        .collect();
    let places = [&case.place.province, &case.place.commune]
        .into_iter()
        .flatten()
        .filter_map(|code| found.iter().find(|place| place.code.as_str() == code))
        .map(|place| place.name_in(c.lang).to_owned())
        .collect();
    let assignee = case
        .facts
        .assignee
        .and_then(|id| staff.iter().find(|account| account.id == id))
        .map(|account| account.name.clone())
        .unwrap_or_default();
    let (coarse_location, exact_location) = shown_location(point, view.exact);
    // Without the key the point stays sealed; its plain cell still places it.
    let coarse_location = coarse_location.or_else(|| {
        case.cell.map(|cell| {
            let (lat, lon) = cell.centre();
            format!("{lat:.3}, {lon:.3}")
        })
    });
    let outcomes = Outcome::ALL
        .iter()
        .map(|outcome| (outcome.as_str(), c.t(case_outcome_key(*outcome))))
        .collect();
    let case_page = CasePage {
        reference: CaseRef::of(id).to_string(),
        title: shown_text(&c, case.title(c.org())),
        state: case_state_label(&c, case.facts.state),
        live: !case.facts.state.is_closed(),
        closed: case.facts.state.is_closed(),
        assignee,
        places,
        coarse_location,
        exact_location,
        tips,
        notes,
        timeline,
        history,
        near,
        reviewers: reviewers(&staff),
        outcomes,
        notice: view.notice,
        c,
        case,
    };
    render_with_status(view.status, &case_page)
}

pub async fn show(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    reference: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = parse_ref(&reference)?;
    let case = find(&state, &current, id).await?;
    // A merged case lives on in the case it joined.
    if let Some(target) = case.facts.merged_into {
        return Ok(see_other(&format!("/staff/cases/{}", CaseRef::of(target))));
    }
    page(c, &state, case, View::plain()).await
}

/// The case, its showing logged.
async fn find(state: &AppState, current: &CurrentStaff, id: CaseId) -> Result<StaffCase, AppError> {
    state
        .cases
        .open(current.id(), id)
        .await?
        .ok_or(AppError::NotFound)
}

/// `POST /staff/cases/{ref}/location`: the page again, with the exact point.
pub async fn show_location(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    StaffForm(_): StaffForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_ref(&reference)?;
    let case = state
        .cases
        .show_exact_location(current.id(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let view = View {
        exact: true,
        ..View::plain()
    };
    page(c, &state, case, view).await
}

#[derive(Deserialize)]
pub struct ActionForm {
    version: i32,
    #[serde(default, deserialize_with = "choice_or_none")]
    action: Option<CaseFormAction>,
    #[serde(default)]
    reviewer: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    reason: String,
    /// The case to merge into (`C-…`).
    #[serde(default)]
    target: String,
}

fn action_of(form: &ActionForm) -> Option<(CaseAction, Reason)> {
    let action = match form.action? {
        CaseFormAction::Take => CaseAction::Take,
        CaseFormAction::HandTo => CaseAction::HandTo {
            reviewer: form.reviewer.parse().ok()?,
        },
        CaseFormAction::Investigate => CaseAction::StartInvestigating,
        CaseFormAction::ActionTaken => CaseAction::RecordActionTaken,
        CaseFormAction::Close => CaseAction::Close {
            outcome: Outcome::parse(&form.outcome)?,
        },
        CaseFormAction::Reopen => CaseAction::Reopen,
        CaseFormAction::Merge => CaseAction::MergeInto {
            target: CaseRef::parse(&form.target).ok()?.case_id(),
        },
    };
    Some((action, Reason::parse(&form.reason).ok()?))
}

pub async fn act(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    StaffForm(form): StaffForm<ActionForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_ref(&reference)?;
    let Some((action, reason)) = action_of(&form) else {
        return incomplete(c, &current, &state, id, "staff-tip-incomplete").await;
    };
    let outcome = state
        .cases
        .act(current.id(), id, form.version, action, reason)
        .await?;
    after(c, &current, &state, id, outcome).await
}

#[derive(Deserialize)]
pub struct PlaceForm {
    version: i32,
    latitude: String,
    longitude: String,
}

pub async fn set_place(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    StaffForm(form): StaffForm<PlaceForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_ref(&reference)?;
    let point = Coordinates::parse(&form.latitude, &form.longitude);
    let Ok(point) = point else {
        return incomplete(c, &current, &state, id, "staff-case-bad-location").await;
    };
    let outcome = state
        .cases
        .set_location(current.id(), id, form.version, point)
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
    let outcome = state.cases.add_note(current.id(), id, body).await?;
    after(c, &current, &state, id, outcome).await
}

#[derive(Deserialize)]
pub struct HoldForm {
    /// `hold` or `release`.
    hold: String,
}

pub async fn hold(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    StaffForm(form): StaffForm<HoldForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_ref(&reference)?;
    let held = match form.hold.as_str() {
        "hold" => true,
        "release" => false,
        _ => return incomplete(c, &current, &state, id, "staff-case-refused").await,
    };
    let outcome = state.cases.set_held(current.id(), id, held).await?;
    after(c, &current, &state, id, outcome).await
}

impl SubjectPage for CaseId {
    const STALE: &'static str = "staff-case-stale";
    const REFUSED: &'static str = "staff-case-refused";

    fn address(self) -> String {
        format!("/staff/cases/{}", CaseRef::of(self))
    }

    async fn show(
        self,
        c: StaffChrome,
        current: &CurrentStaff,
        state: &AppState,
        view: View,
    ) -> Result<HttpResponse, AppError> {
        let case = find(state, current, self).await?;
        page(c, state, case, view).await
    }
}
