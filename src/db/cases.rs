//! Cases: one suspected site each. Their state, the tips linked to them,
//! their timeline and notes, the list with counts, merges, and the daily
//! release of what tipsters see of them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{case_events, cases, internal_notes, staff, tips};
use super::sealed_text::{self, Opened, seal_text};
use super::{DbConnection, DbError, unreadable};
use crate::domain::cases::{CaseEventKind, CaseFacts, CaseState, Outcome};
use crate::domain::category::Category;
use crate::domain::coordinates::Coordinates;
use crate::domain::ids::{CaseId, StaffId, TipId};
use crate::domain::tip_status::{PublicStatus, TipStatus};
use crate::domain::tips::GridCell;
use crate::vault::{OpeningKey, SealingKey, Slot, open, seal};

/// Where a case is: a point (from its first tip, or set by hand) and the
/// gazetteer codes that place it. The point is stored sealed, beside its
/// plain grid cell.
#[derive(Clone, Debug, Default)]
pub struct CasePlace {
    pub point: Option<Coordinates>,
    pub province: Option<String>,
    pub commune: Option<String>,
}

/// A case as reviewers see it. Its title and point are sealed: open them
/// with [`StaffCase::title`] and [`StaffCase::point`]; `place.point` is
/// always `None` here, and `cell` is what work without a session uses.
#[derive(Clone, Debug)]
pub struct StaffCase {
    pub id: CaseId,
    sealed_title: Option<Vec<u8>>,
    sealed_point: Option<Vec<u8>>,
    pub cell: Option<GridCell>,
    pub place: CasePlace,
    pub facts: CaseFacts,
    pub opened_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
    pub version: i32,
    /// An administrator keeps its content beyond the retention period.
    pub held: bool,
    /// Its content was deleted when its retention was over.
    pub purged: bool,
}

impl StaffCase {
    /// The title, for a reader holding the organisation key.
    pub fn title(&self, org: Option<&OpeningKey>) -> Opened {
        Opened::of(org, &title_context(self.id), self.sealed_title.as_deref())
    }

    /// The exact point, for a reader holding the organisation key.
    pub fn point(&self, org: Option<&OpeningKey>) -> Option<Coordinates> {
        open_point(org, self.id, self.sealed_point.as_deref()?)
    }
}

fn title_context(id: CaseId) -> String {
    format!("case:{id}:title")
}

fn point_context(id: CaseId) -> String {
    format!("case:{id}:point")
}

/// A case's title as `org` opens it, from the sealed bytes of a listing.
pub fn open_title(org: Option<&OpeningKey>, id: CaseId, sealed: Option<&[u8]>) -> Opened {
    Opened::of(org, &title_context(id), sealed)
}

fn seal_point(org: &SealingKey, id: CaseId, point: Coordinates) -> Vec<u8> {
    let mut bytes = point.latitude().to_be_bytes().to_vec();
    bytes.extend_from_slice(&point.longitude().to_be_bytes());
    seal(&[org], point_context(id).as_bytes(), &bytes)
}

fn open_point(org: Option<&OpeningKey>, id: CaseId, sealed: &[u8]) -> Option<Coordinates> {
    let bytes = open(
        org?,
        Slot::Organisation,
        point_context(id).as_bytes(),
        sealed,
    )
    .ok()?;
    let (latitude, longitude) = bytes.split_first_chunk::<8>()?;
    let longitude: [u8; 8] = longitude.try_into().ok()?;
    Coordinates::new(f64::from_be_bytes(*latitude), f64::from_be_bytes(longitude)).ok()
}

/// Opens a case; its first event is written by the caller. The title and
/// point are sealed to the case's id, so they are written once it has one.
pub fn create(
    conn: &mut DbConnection,
    title: &str,
    place: &CasePlace,
    assignee: Option<StaffId>,
    at: NaiveDateTime,
) -> Result<CaseId, DbError> {
    let org = sealed_text::org(conn)?;
    let id: CaseId = diesel::insert_into(cases::table)
        .values((
            cases::grid_cell.eq(place.point.map(|p| GridCell::of(&p).key())),
            cases::province_code.eq(&place.province),
            cases::commune_code.eq(&place.commune),
            cases::state.eq(CaseState::Open.name()),
            cases::assignee_id.eq(assignee),
            cases::opened_at.eq(at),
        ))
        .returning(cases::id)
        .get_result(conn)?;
    diesel::update(cases::table.find(id))
        .set((
            cases::title_sealed.eq(seal_text(&org, &title_context(id), title)),
            cases::point_sealed.eq(place.point.map(|point| seal_point(&org, id, point))),
        ))
        .execute(conn)?;
    Ok(id)
}

/// A case as stored.
#[derive(Queryable, Selectable)]
#[diesel(table_name = cases)]
struct CaseRow {
    id: CaseId,
    title_sealed: Option<Vec<u8>>,
    point_sealed: Option<Vec<u8>>,
    grid_cell: Option<String>,
    province_code: Option<String>,
    commune_code: Option<String>,
    state: String,
    outcome: Option<Outcome>,
    assignee_id: Option<StaffId>,
    merged_into: Option<CaseId>,
    opened_at: NaiveDateTime,
    closed_at: Option<NaiveDateTime>,
    version: i32,
    held: bool,
    purged: bool,
}

impl CaseRow {
    fn parse(self) -> Result<StaffCase, DbError> {
        Ok(StaffCase {
            id: self.id,
            sealed_title: self.title_sealed,
            sealed_point: self.point_sealed,
            cell: self.grid_cell.as_deref().and_then(GridCell::parse),
            place: CasePlace {
                point: None,
                province: self.province_code,
                commune: self.commune_code,
            },
            facts: CaseFacts {
                state: case_state(&self.state, self.outcome)?,
                assignee: self.assignee_id,
                merged_into: self.merged_into,
            },
            opened_at: self.opened_at,
            closed_at: self.closed_at,
            version: self.version,
            held: self.held,
            purged: self.purged,
        })
    }
}

pub fn find(conn: &mut DbConnection, case_id: CaseId) -> Result<Option<StaffCase>, DbError> {
    let row: Option<CaseRow> = cases::table
        .find(case_id)
        .select(CaseRow::as_select())
        .first(conn)
        .optional()?;
    row.map(CaseRow::parse).transpose()
}

/// A case's state from its two columns, the name and the outcome.
pub(super) fn case_state(state: &str, outcome: Option<Outcome>) -> Result<CaseState, DbError> {
    CaseState::parse(state, outcome.map(Outcome::as_str)).ok_or_else(|| {
        let outcome = outcome.map_or("none", Outcome::as_str);
        unreadable("case state", &format!("{state} with outcome {outcome}"))
    })
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
        cases::outcome.eq(next.state.outcome()),
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
    let org = sealed_text::org(conn)?;
    let updated = diesel::update(
        cases::table
            .find(case_id)
            .filter(cases::version.eq(version)),
    )
    .set((
        cases::point_sealed.eq(seal_point(&org, case_id, point)),
        cases::grid_cell.eq(GridCell::of(&point).key()),
        cases::version.eq(version + 1),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// One entry of a case's timeline.
#[derive(Clone, Debug)]
pub struct CaseEvent {
    pub kind: CaseEventKind,
    pub actor: Option<String>,
    pub detail: String,
    /// The reason typed, sealed: open it with [`CaseEvent::reason`].
    reason: Option<Vec<u8>>,
    id: i64,
    pub at: NaiveDateTime,
}

impl CaseEvent {
    /// The reason typed for it, for a reader holding the organisation key.
    pub fn reason(&self, org: Option<&OpeningKey>) -> Opened {
        Opened::of(org, &reason_context(self.id), self.reason.as_deref())
    }
}

/// A reason is bound to its timeline entry; the entry's case may change
/// (a merge moves it), its id never does.
fn reason_context(event: i64) -> String {
    format!("case_event:{event}:reason")
}

/// A timeline entry as stored, with its actor's name.
#[derive(Queryable, Selectable)]
#[diesel(table_name = case_events)]
struct CaseEventRow {
    id: i64,
    kind: String,
    #[diesel(select_expression = staff::name.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<staff::name>)]
    actor: Option<String>,
    detail: String,
    reason_sealed: Option<Vec<u8>>,
    at: NaiveDateTime,
}

impl CaseEventRow {
    /// The kind is read with its detail, which carries the action's argument.
    fn parse(self) -> Result<CaseEvent, DbError> {
        Ok(CaseEvent {
            kind: CaseEventKind::parse(&self.kind, &self.detail).ok_or_else(|| {
                unreadable("case event", &format!("{} ({})", self.kind, self.detail))
            })?,
            actor: self.actor,
            detail: self.detail,
            reason: self.reason_sealed,
            id: self.id,
            at: self.at,
        })
    }
}

/// What an event says, as the caller names it. The detail holds only what
/// the code writes (an outcome code, a staff id, references) and stays
/// plain; the reason is what the reviewer typed, and is sealed.
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
    let id: i64 = diesel::insert_into(case_events::table)
        .values((
            case_events::case_id.eq(case_id),
            case_events::kind.eq(event.kind.as_str()),
            case_events::actor_id.eq(event.actor),
            case_events::detail.eq(event.detail),
            case_events::at.eq(at),
        ))
        .returning(case_events::id)
        .get_result(conn)?;
    if !event.reason.is_empty() {
        let org = sealed_text::org(conn)?;
        diesel::update(case_events::table.find(id))
            .set(case_events::reason_sealed.eq(seal_text(&org, &reason_context(id), event.reason)))
            .execute(conn)?;
    }
    Ok(())
}

/// The timeline, oldest first.
pub fn events(conn: &mut DbConnection, case_id: CaseId) -> Result<Vec<CaseEvent>, DbError> {
    let rows: Vec<CaseEventRow> = case_events::table
        .left_join(staff::table.on(case_events::actor_id.eq(staff::id.nullable())))
        .filter(case_events::case_id.eq(case_id))
        .order(case_events::id.asc())
        .select(CaseEventRow::as_select())
        .load(conn)?;
    rows.into_iter().map(CaseEventRow::parse).collect()
}

/// A tip as listed on its case's page.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = tips)]
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
    Ok(tips::table
        .filter(tips::case_id.eq(case_id))
        .order(tips::id.asc())
        .select(LinkedTip::as_select())
        .load(conn)?)
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
            .filter(tips::status.eq(TipStatus::Duplicate)),
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
            .filter(tips::status.eq(TipStatus::Duplicate)),
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
    /// Sealed: open it with [`open_title`].
    pub title: Option<Vec<u8>>,
    pub state: CaseState,
    pub province: Option<String>,
    pub assignee: Option<String>,
    pub opened_at: NaiveDateTime,
    pub tips: i64,
}

/// A case-list row as stored, with its assignee's name.
#[derive(Queryable, Selectable)]
#[diesel(table_name = cases)]
struct CaseListStored {
    id: CaseId,
    title_sealed: Option<Vec<u8>>,
    state: String,
    outcome: Option<Outcome>,
    province_code: Option<String>,
    #[diesel(select_expression = staff::name.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<staff::name>)]
    assignee: Option<String>,
    opened_at: NaiveDateTime,
}

impl CaseListStored {
    fn parse(self, tips: i64) -> Result<CaseListRow, DbError> {
        Ok(CaseListRow {
            id: self.id,
            title: self.title_sealed,
            state: case_state(&self.state, self.outcome)?,
            province: self.province_code,
            assignee: self.assignee,
            opened_at: self.opened_at,
            tips,
        })
    }
}

/// How many tips each case has.
#[derive(Queryable)]
struct TipCount {
    case_id: Option<CaseId>,
    tips: i64,
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
        .select(CaseListStored::as_select())
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
    let rows: Vec<CaseListStored> = query.order(cases::id.desc()).limit(limit).load(conn)?;
    let ids: Vec<CaseId> = rows.iter().map(|row| row.id).collect();
    let counts: Vec<TipCount> = tips::table
        .filter(tips::case_id.eq_any(&ids))
        .group_by(tips::case_id)
        .select((tips::case_id, diesel::dsl::count_star()))
        .load(conn)?;
    rows.into_iter()
        .map(|row| {
            let tips = counts
                .iter()
                .find(|count| count.case_id == Some(row.id))
                .map_or(0, |count| count.tips);
            row.parse(tips)
        })
        .collect()
}

/// How many cases are in one state.
#[derive(Clone, Debug, Queryable)]
pub struct StateCount {
    /// The stored state name.
    pub state: String,
    pub cases: i64,
}

/// How many cases are in each state, under the filter's other conditions.
pub fn counts(conn: &mut DbConnection, filter: &CaseFilter) -> Result<Vec<StateCount>, DbError> {
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
/// the daily release, each case state shown as the domain's
/// `CaseState::tipster_status` says. Returns how many tips changed.
pub fn release_statuses(conn: &mut DbConnection) -> Result<usize, DbError> {
    let mut changed = 0;
    for status in PublicStatus::ALL {
        let names = CaseState::names_showing(status);
        if names.is_empty() {
            continue;
        }
        let showing = cases::table
            .filter(cases::state.eq_any(names))
            .select(cases::id.nullable());
        changed += diesel::update(
            tips::table
                .filter(tips::case_id.eq_any(showing))
                .filter(tips::public_status.ne(status)),
        )
        .set(tips::public_status.eq(status))
        .execute(conn)?;
    }
    Ok(changed)
}
