//! Cases: one suspected site each. Their state, the tips linked to them,
//! their timeline and notes, the list with counts, merges, and the daily
//! release of what tipsters see of them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{case_events, cases, internal_notes, staff, tips};
use super::{DbConnection, DbError, corrupt};
use crate::domain::cases::{CaseEventKind, CaseFacts, CaseState};
use crate::domain::category::Category;
use crate::domain::coordinates::Coordinates;
use crate::domain::ids::{CaseId, StaffId, TipId};
use crate::domain::tip_status::{PublicStatus, TipStatus};
use crate::domain::tips::GridCell;

/// Where a case is: a point (from its first tip, or set by hand) and the
/// gazetteer codes that place it.
#[derive(Clone, Debug, Default)]
pub struct CasePlace {
    pub point: Option<Coordinates>,
    pub province: Option<String>,
    pub commune: Option<String>,
}

/// A case as reviewers see it.
#[derive(Clone, Debug)]
pub struct StaffCase {
    pub id: CaseId,
    pub title: String,
    pub place: CasePlace,
    pub facts: CaseFacts,
    pub opened_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
    pub version: i32,
}

/// Opens a case; its first event is written by the caller.
pub fn create(
    conn: &mut DbConnection,
    title: &str,
    place: &CasePlace,
    assignee: Option<StaffId>,
    at: NaiveDateTime,
) -> Result<CaseId, DbError> {
    Ok(diesel::insert_into(cases::table)
        .values((
            cases::title.eq(title),
            cases::latitude.eq(place.point.map(|p| p.latitude())),
            cases::longitude.eq(place.point.map(|p| p.longitude())),
            cases::grid_cell.eq(place.point.map(|p| GridCell::of(&p).key())),
            cases::province_code.eq(&place.province),
            cases::commune_code.eq(&place.commune),
            cases::state.eq(CaseState::Open.name()),
            cases::assignee_id.eq(assignee),
            cases::opened_at.eq(at),
        ))
        .returning(cases::id)
        .get_result(conn)?)
}

type CaseRow = (
    (
        CaseId,
        String,
        Option<f64>,
        Option<f64>,
        Option<String>,
        Option<String>,
    ),
    (String, Option<String>, Option<StaffId>, Option<CaseId>),
    (NaiveDateTime, Option<NaiveDateTime>, i32),
);

pub fn find(conn: &mut DbConnection, case_id: CaseId) -> Result<Option<StaffCase>, DbError> {
    let row: Option<CaseRow> = cases::table
        .find(case_id)
        .select((
            (
                cases::id,
                cases::title,
                cases::latitude,
                cases::longitude,
                cases::province_code,
                cases::commune_code,
            ),
            (
                cases::state,
                cases::outcome,
                cases::assignee_id,
                cases::merged_into,
            ),
            (cases::opened_at, cases::closed_at, cases::version),
        ))
        .first(conn)
        .optional()?;
    let Some(((id, title, lat, lon, province, commune), facts, times)) = row else {
        return Ok(None);
    };
    let (state, outcome, assignee, merged_into) = facts;
    let (opened_at, closed_at, version) = times;
    Ok(Some(StaffCase {
        id,
        title,
        place: CasePlace {
            point: point(lat, lon),
            province,
            commune,
        },
        facts: CaseFacts {
            state: parse_state(&state, outcome.as_deref())?,
            assignee,
            merged_into,
        },
        opened_at,
        closed_at,
        version,
    }))
}

fn point(lat: Option<f64>, lon: Option<f64>) -> Option<Coordinates> {
    lat.zip(lon)
        .and_then(|(lat, lon)| Coordinates::new(lat, lon).ok())
}

fn parse_state(state: &str, outcome: Option<&str>) -> Result<CaseState, DbError> {
    CaseState::parse(state, outcome)
        .ok_or_else(|| corrupt(format!("case state `{state}` / `{outcome:?}`")))
}

/// Stores `next` if the case is still at `version`; false when someone
/// changed it in between.
pub fn store(
    conn: &mut DbConnection,
    case_id: CaseId,
    version: i32,
    previous: &CaseFacts,
    next: &CaseFacts,
    at: NaiveDateTime,
) -> Result<bool, DbError> {
    let target = cases::table
        .find(case_id)
        .filter(cases::version.eq(version));
    let changes = (
        cases::state.eq(next.state.name()),
        cases::outcome.eq(next.state.outcome().map(|o| o.as_str())),
        cases::assignee_id.eq(next.assignee),
        cases::merged_into.eq(next.merged_into),
        cases::version.eq(version + 1),
    );
    // The closing time is when it closed, not when a closed case was
    // merged or otherwise touched.
    let updated = match (previous.state.is_closed(), next.state.is_closed()) {
        (false, true) => diesel::update(target)
            .set((changes, cases::closed_at.eq(Some(at))))
            .execute(conn)?,
        (true, false) => diesel::update(target)
            .set((changes, cases::closed_at.eq(None::<NaiveDateTime>)))
            .execute(conn)?,
        _ => diesel::update(target).set(changes).execute(conn)?,
    };
    Ok(updated == 1)
}

/// Sets the case's location by hand, if it is still at `version`.
pub fn set_place(
    conn: &mut DbConnection,
    case_id: CaseId,
    version: i32,
    point: Coordinates,
) -> Result<bool, DbError> {
    let updated = diesel::update(
        cases::table
            .find(case_id)
            .filter(cases::version.eq(version)),
    )
    .set((
        cases::latitude.eq(point.latitude()),
        cases::longitude.eq(point.longitude()),
        cases::grid_cell.eq(GridCell::of(&point).key()),
        cases::version.eq(version + 1),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// One entry of a case's timeline.
#[derive(Clone, Debug)]
pub struct CaseEvent {
    pub kind: String,
    pub actor: Option<String>,
    pub detail: String,
    pub reason: String,
    pub at: NaiveDateTime,
}

/// What an event says, as the caller names it.
pub struct NewEvent<'a> {
    pub kind: CaseEventKind,
    pub actor: StaffId,
    pub detail: &'a str,
    pub reason: &'a str,
}

pub fn add_event(
    conn: &mut DbConnection,
    case_id: CaseId,
    event: &NewEvent,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(case_events::table)
        .values((
            case_events::case_id.eq(case_id),
            case_events::kind.eq(event.kind.as_str()),
            case_events::actor_id.eq(event.actor),
            case_events::detail.eq(event.detail),
            case_events::reason.eq(event.reason),
            case_events::at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The timeline, oldest first.
pub fn events(conn: &mut DbConnection, case_id: CaseId) -> Result<Vec<CaseEvent>, DbError> {
    let rows: Vec<(String, Option<String>, String, String, NaiveDateTime)> = case_events::table
        .left_join(staff::table.on(case_events::actor_id.eq(staff::id.nullable())))
        .filter(case_events::case_id.eq(case_id))
        .order(case_events::id.asc())
        .select((
            case_events::kind,
            staff::name.nullable(),
            case_events::detail,
            case_events::reason,
            case_events::at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(kind, actor, detail, reason, at)| CaseEvent {
            kind,
            actor,
            detail,
            reason,
            at,
        })
        .collect())
}

/// A tip as listed on its case's page.
#[derive(Clone, Debug)]
pub struct LinkedTip {
    pub id: TipId,
    pub category: Category,
    pub status: TipStatus,
    pub submitted_at: NaiveDateTime,
    pub corroboration: i32,
    pub duplicate_of: Option<TipId>,
    pub version: i32,
}

pub fn tips_of(conn: &mut DbConnection, case_id: CaseId) -> Result<Vec<LinkedTip>, DbError> {
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        TipId,
        String,
        String,
        NaiveDateTime,
        i32,
        Option<TipId>,
        i32,
    )> = tips::table
        .filter(tips::case_id.eq(case_id))
        .order(tips::id.asc())
        .select((
            tips::id,
            tips::category,
            tips::status,
            tips::submitted_at,
            tips::corroboration,
            tips::duplicate_of,
            tips::version,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(
            |(id, category, status, submitted_at, corroboration, duplicate_of, version)| {
                Ok(LinkedTip {
                    id,
                    category: Category::parse(&category)
                        .map_err(|_| corrupt(format!("category `{category}`")))?,
                    status: TipStatus::parse(&status)
                        .ok_or_else(|| corrupt(format!("status `{status}`")))?,
                    submitted_at,
                    corroboration,
                    duplicate_of,
                    version,
                })
            },
        )
        .collect()
}

/// The duplicates of `original` follow it into `case` (or out of any).
pub fn carry_duplicates(
    conn: &mut DbConnection,
    original: TipId,
    case: Option<CaseId>,
) -> Result<usize, DbError> {
    Ok(diesel::update(
        tips::table
            .filter(tips::duplicate_of.eq(original))
            .filter(tips::status.eq(TipStatus::Duplicate.as_str())),
    )
    .set((tips::case_id.eq(case), tips::version.eq(tips::version + 1)))
    .execute(conn)?)
}

/// The duplicates of `tip` become duplicates of `root` (which `tip` now
/// repeats), in `root`'s case.
pub fn repoint_duplicates(
    conn: &mut DbConnection,
    tip: TipId,
    root: TipId,
    case: Option<CaseId>,
) -> Result<usize, DbError> {
    Ok(diesel::update(
        tips::table
            .filter(tips::duplicate_of.eq(tip))
            .filter(tips::status.eq(TipStatus::Duplicate.as_str())),
    )
    .set((
        tips::duplicate_of.eq(root),
        tips::case_id.eq(case),
        tips::version.eq(tips::version + 1),
    ))
    .execute(conn)?)
}

/// One more version for a case changed from elsewhere (a merge into it),
/// so a form opened before the change is refused as stale.
pub fn bump_version(conn: &mut DbConnection, case_id: CaseId) -> Result<(), DbError> {
    diesel::update(cases::table.find(case_id))
        .set(cases::version.eq(cases::version + 1))
        .execute(conn)?;
    Ok(())
}

/// Moves every tip, note and timeline entry of case `from` to case `into`.
pub fn move_contents(conn: &mut DbConnection, from: CaseId, into: CaseId) -> Result<(), DbError> {
    diesel::update(tips::table.filter(tips::case_id.eq(from)))
        .set((tips::case_id.eq(into), tips::version.eq(tips::version + 1)))
        .execute(conn)?;
    diesel::update(internal_notes::table.filter(internal_notes::case_id.eq(from)))
        .set(internal_notes::case_id.eq(into))
        .execute(conn)?;
    diesel::update(case_events::table.filter(case_events::case_id.eq(from)))
        .set(case_events::case_id.eq(into))
        .execute(conn)?;
    Ok(())
}

/// Which cases the list shows.
#[derive(Clone, Debug, Default)]
pub struct CaseFilter {
    /// A state name (`open`, `investigating`, `action_taken`, `closed`).
    pub state: Option<&'static str>,
    pub province: Option<String>,
    pub assignee: Option<StaffId>,
}

/// One row of the case list.
#[derive(Clone, Debug)]
pub struct CaseListRow {
    pub id: CaseId,
    pub title: String,
    pub state: CaseState,
    pub province: Option<String>,
    pub assignee: Option<String>,
    pub opened_at: NaiveDateTime,
    pub tips: i64,
}

/// Up to `limit` cases, newest first, before case id `before` (keyset).
/// Merged cases are left out: they live on in the case they joined.
pub fn list(
    conn: &mut DbConnection,
    filter: &CaseFilter,
    before: Option<CaseId>,
    limit: i64,
) -> Result<Vec<CaseListRow>, DbError> {
    let mut query = cases::table
        .left_join(staff::table.on(cases::assignee_id.eq(staff::id.nullable())))
        .filter(cases::merged_into.is_null())
        .select((
            cases::id,
            cases::title,
            cases::state,
            cases::outcome,
            cases::province_code,
            staff::name.nullable(),
            cases::opened_at,
        ))
        .into_boxed();
    if let Some(state) = filter.state {
        query = query.filter(cases::state.eq(state));
    }
    if let Some(province) = &filter.province {
        query = query.filter(cases::province_code.eq(province.clone()));
    }
    if let Some(assignee) = filter.assignee {
        query = query.filter(cases::assignee_id.eq(assignee));
    }
    if let Some(before) = before {
        query = query.filter(cases::id.lt(before));
    }
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        CaseId,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        NaiveDateTime,
    )> = query.order(cases::id.desc()).limit(limit).load(conn)?;
    let ids: Vec<CaseId> = rows.iter().map(|row| row.0).collect();
    let counts: Vec<(Option<CaseId>, i64)> = tips::table
        .filter(tips::case_id.eq_any(&ids))
        .group_by(tips::case_id)
        .select((tips::case_id, diesel::dsl::count_star()))
        .load(conn)?;
    rows.into_iter()
        .map(
            |(id, title, state, outcome, province, assignee, opened_at)| {
                Ok(CaseListRow {
                    id,
                    title,
                    state: parse_state(&state, outcome.as_deref())?,
                    province,
                    assignee,
                    opened_at,
                    tips: counts
                        .iter()
                        .find(|(case, _)| *case == Some(id))
                        .map_or(0, |(_, count)| *count),
                })
            },
        )
        .collect()
}

/// How many cases are in each state, under the filter's other conditions.
pub fn counts(conn: &mut DbConnection, filter: &CaseFilter) -> Result<Vec<(String, i64)>, DbError> {
    let mut query = cases::table
        .filter(cases::merged_into.is_null())
        .group_by(cases::state)
        .select((cases::state, diesel::dsl::count_star()))
        .into_boxed();
    if let Some(province) = &filter.province {
        query = query.filter(cases::province_code.eq(province.clone()));
    }
    if let Some(assignee) = filter.assignee {
        query = query.filter(cases::assignee_id.eq(assignee));
    }
    Ok(query.load(conn)?)
}

/// Brings what tipsters see of tips in cases up to date with their cases:
/// the daily release. Returns how many tips changed.
pub fn release_statuses(conn: &mut DbConnection) -> Result<usize, DbError> {
    let closed = cases::table
        .filter(cases::state.eq(CaseState::CLOSED))
        .select(cases::id.nullable());
    let mut changed = diesel::update(
        tips::table
            .filter(tips::case_id.eq_any(closed))
            .filter(tips::public_status.ne(PublicStatus::Closed.as_str())),
    )
    .set(tips::public_status.eq(PublicStatus::Closed.as_str()))
    .execute(conn)?;
    let live = cases::table
        .filter(cases::state.ne(CaseState::CLOSED))
        .select(cases::id.nullable());
    changed += diesel::update(
        tips::table
            .filter(tips::case_id.eq_any(live))
            .filter(tips::public_status.ne(PublicStatus::PassedToInvestigators.as_str())),
    )
    .set(tips::public_status.eq(PublicStatus::PassedToInvestigators.as_str()))
    .execute(conn)?;
    Ok(changed)
}
