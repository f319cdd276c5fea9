//! The reviewers' side of tips: priority with corroboration, the queue a
//! page at a time, one tip in full with its messages and photos, and
//! workflow changes guarded by the tip's version so two reviewers never
//! silently overwrite each other.

use chrono::{NaiveDateTime, NaiveTime, TimeDelta};
use diesel::dsl::{exists, not};
use diesel::prelude::*;

use super::schema::{staff, tip_closings, tip_messages, tip_photos, tips};
use super::search_index::{self, SearchKey};
use super::{DbConnection, DbError};
use crate::domain::category::Category;
use crate::domain::ids::{CaseId, MessageId, PhotoId, StaffId, TipId};
use crate::domain::message::Direction;
use crate::domain::retention::ClosingClock;
use crate::domain::search::{self, QueryGrams, query_grams, text_grams};
use crate::domain::tip_status::TipStatus;
use crate::domain::tips::{
    BURST_WINDOW, CloseReason, GridCell, LatestAtPlace, Place, Priority, ScoringFacts, TipState,
};
use crate::i18n::Lang;
use crate::vault::{OpeningKey, SealingKey, Slot, TipContent, open_message, open_photo};

/// Tips at the same place, or in the same commune, this close in time
/// corroborate each other.
const CORROBORATION_WINDOW: TimeDelta = TimeDelta::days(90);

/// The first tips of the groups (a lone tip, or a burst) that corroborate
/// one with these facts, other than those in `exclude`: those at its place
/// (its grid cell and the eight around it) or in its commune. A burst's
/// members name its first tip and are not read, so a flood of one burst
/// costs one row here however many tips it holds.
pub fn corroborating_groups(
    conn: &mut DbConnection,
    facts: &ScoringFacts,
    exclude: &[TipId],
) -> Result<Vec<TipId>, DbError> {
    if facts.cell.is_none() && facts.commune.is_none() {
        return Ok(Vec::new());
    }
    let since = facts.submitted_at - CORROBORATION_WINDOW;
    let until = facts.submitted_at + CORROBORATION_WINDOW;
    let cells = facts
        .cell
        .map(|cell| Place::around(cell).keys())
        .unwrap_or_default();
    // In id order: submissions that rescore the same neighbours then lock
    // them in the same order, so on PostgreSQL none waits on another that
    // waits on it (a deadlock, which failed the submission).
    let mut query = tips::table
        .filter(tips::submitted_at.ge(since))
        .filter(tips::submitted_at.le(until))
        .filter(tips::burst_lead.is_null())
        .filter(tips::id.ne_all(exclude.to_vec()))
        .order(tips::id.asc())
        .select(tips::id)
        .into_boxed();
    query = match &facts.commune {
        Some(commune) => query.filter(
            tips::grid_cell
                .eq_any(cells)
                .or(tips::commune_code.eq(commune.clone())),
        ),
        None => query.filter(tips::grid_cell.eq_any(cells)),
    };
    Ok(query.load(conn)?)
}

/// The latest tip at a place, as bursts read it.
#[derive(Queryable, Selectable)]
#[diesel(table_name = tips)]
struct LatestRow {
    id: TipId,
    burst_lead: Option<TipId>,
    submitted_at: NaiveDateTime,
}

/// The latest tip submitted at the place of a tip with these facts, no
/// later than it and within the burst window: its grid cell and the eight
/// around it, or, for a tip without a point, its commune among tips
/// without one. A tip known only by its province has no place.
pub fn latest_at_place(
    conn: &mut DbConnection,
    facts: &ScoringFacts,
) -> Result<Option<LatestAtPlace>, DbError> {
    let mut query = tips::table
        .filter(tips::submitted_at.ge(facts.submitted_at - BURST_WINDOW))
        .filter(tips::submitted_at.le(facts.submitted_at))
        .order((tips::submitted_at.desc(), tips::id.desc()))
        .select(LatestRow::as_select())
        .into_boxed();
    query = match (&facts.cell, &facts.commune) {
        (Some(cell), _) => query.filter(tips::grid_cell.eq_any(Place::around(*cell).keys())),
        (None, Some(commune)) => query
            .filter(tips::grid_cell.is_null())
            .filter(tips::commune_code.eq(commune.clone())),
        (None, None) => return Ok(None),
    };
    let row: Option<LatestRow> = query.first(conn).optional()?;
    Ok(row.map(|row| LatestAtPlace {
        id: row.id,
        burst_lead: row.burst_lead,
        submitted_at: row.submitted_at,
    }))
}

/// Counts one more member in the burst `lead` started; its size before.
pub fn join_burst(conn: &mut DbConnection, lead: TipId) -> Result<u32, DbError> {
    let size: i32 = diesel::update(tips::table.find(lead))
        .set(tips::burst_size.eq(tips::burst_size + 1))
        .returning(tips::burst_size)
        .get_result(conn)?;
    Ok(u32::try_from(size - 1).unwrap_or(0))
}

/// The first tip of tip `tip_id`'s group (itself when it leads) and the
/// group's size.
pub fn group_of(conn: &mut DbConnection, tip_id: TipId) -> Result<(TipId, u32), DbError> {
    let (lead, own_size): (Option<TipId>, i32) = tips::table
        .find(tip_id)
        .select((tips::burst_lead, tips::burst_size))
        .first(conn)?;
    let (lead, size) = match lead {
        Some(lead) => (
            lead,
            tips::table
                .find(lead)
                .select(tips::burst_size)
                .first::<i32>(conn)?,
        ),
        None => (tip_id, own_size),
    };
    Ok((lead, u32::try_from(size).unwrap_or(1)))
}

/// Reasons as stored: codes separated by spaces.
pub fn reasons_text(priority: &Priority) -> String {
    priority
        .reasons
        .iter()
        .map(|reason| reason.code())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a stored tip's priority is computed from, besides its photos.
#[derive(Queryable, Selectable)]
#[diesel(table_name = tips)]
struct ScoringRow {
    category: Category,
    grid_cell: Option<String>,
    commune_code: Option<String>,
    district_code: Option<String>,
    description_chars: i32,
    submitted_at: NaiveDateTime,
}

/// The facts tip `tip_id` is scored on, as stored.
pub fn scoring_facts(conn: &mut DbConnection, tip_id: TipId) -> Result<ScoringFacts, DbError> {
    let row: ScoringRow = tips::table
        .find(tip_id)
        .select(ScoringRow::as_select())
        .first(conn)?;
    let photos: i64 = tip_photos::table
        .filter(tip_photos::tip_id.eq(tip_id))
        .count()
        .get_result(conn)?;
    Ok(ScoringFacts {
        category: row.category,
        cell: row.grid_cell.as_deref().and_then(GridCell::parse),
        precise_place: row.district_code.is_some() || row.commune_code.is_some(),
        commune: row.commune_code,
        photos: u32::try_from(photos).unwrap_or(u32::MAX),
        description_chars: usize::try_from(row.description_chars).unwrap_or(0),
        submitted_at: row.submitted_at,
    })
}

/// Stores the priority of tip `tip_id`, which `corroboration` other tips
/// corroborate.
pub fn store_priority(
    conn: &mut DbConnection,
    tip_id: TipId,
    priority: &Priority,
    corroboration: usize,
) -> Result<(), DbError> {
    diesel::update(tips::table.find(tip_id))
        .set((
            tips::priority.eq(priority.score),
            tips::priority_reasons.eq(reasons_text(priority)),
            tips::corroboration.eq(i32::try_from(corroboration).unwrap_or(i32::MAX)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Which tips the queue shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusFilter {
    /// New, answered, and reopened-unassigned tips: the work waiting.
    Waiting,
    Is(TipStatus),
    /// Every tip, finished ones too: what a search for an earlier report needs.
    Any,
}

/// The work waiting, as `TipState::in_queue` counts it: new and answered
/// tips, and reopened ones nobody took.
#[diesel::dsl::auto_type]
pub fn waiting() -> _ {
    let always: [TipStatus; 2] = TipStatus::WAITING;
    let unassigned: TipStatus = TipStatus::WAITING_UNASSIGNED;
    tips::status
        .eq_any(always)
        .or(tips::status.eq(unassigned).and(tips::assignee_id.is_null()))
}

diesel::alias!(tips as leads: LeadTips);

/// The waiting work as [`waiting`], less the members of a burst whose first
/// tip is waiting too: that row stands for the burst, so a flood collapses
/// to one row instead of filling the top. A member whose first tip has left
/// the queue (closed alone, say) is shown again, so none is lost.
#[diesel::dsl::auto_type]
fn waiting_collapsed() -> _ {
    let always: [TipStatus; 2] = TipStatus::WAITING;
    let unassigned: TipStatus = TipStatus::WAITING_UNASSIGNED;
    let waiting_leads = leads
        .filter(
            leads.field(tips::status).eq_any(always).or(leads
                .field(tips::status)
                .eq(unassigned)
                .and(leads.field(tips::assignee_id).is_null())),
        )
        .select(leads.field(tips::id).nullable());
    waiting().and(
        tips::burst_lead
            .is_null()
            .or(not(tips::burst_lead.eq_any(waiting_leads))),
    )
}

/// Whose tips.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssigneeFilter {
    Anyone,
    Unassigned,
    Staff(StaffId),
}

#[derive(Clone, Debug)]
pub struct QueueFilter {
    pub status: StatusFilter,
    pub category: Option<Category>,
    pub province: Option<String>,
    pub assignee: AssigneeFilter,
    /// Words in the description or landmark, any case.
    pub keyword: Option<String>,
    /// Submitted on or after this day (UTC).
    pub from: Option<chrono::NaiveDate>,
    /// Submitted on or before this day (UTC).
    pub to: Option<chrono::NaiveDate>,
    pub has_photos: Option<bool>,
    pub language: Option<Lang>,
}

impl QueueFilter {
    /// The waiting work, unfiltered.
    pub fn waiting() -> QueueFilter {
        QueueFilter {
            status: StatusFilter::Waiting,
            category: None,
            province: None,
            assignee: AssigneeFilter::Anyone,
            keyword: None,
            from: None,
            to: None,
            has_photos: None,
            language: None,
        }
    }
}

/// Where a queue page starts: after this row in queue order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueCursor {
    pub urgent: bool,
    pub priority: i32,
    pub submitted_at: NaiveDateTime,
    pub id: TipId,
}

/// One row of the queue.
#[derive(Clone, Debug)]
pub struct QueueRow {
    pub id: TipId,
    pub category: Category,
    pub status: TipStatus,
    pub urgent: bool,
    pub priority: i32,
    pub submitted_at: NaiveDateTime,
    pub province: Option<String>,
    /// The description's start; `None` when the session cannot open it.
    pub excerpt: Option<String>,
    pub assignee: Option<String>,
    /// How many groups of other tips corroborate it.
    pub corroboration: i32,
    /// How many tips its burst holds, when it is a burst's first tip.
    pub burst_size: i32,
}

impl QueueRow {
    pub fn cursor(&self) -> QueueCursor {
        QueueCursor {
            urgent: self.urgent,
            priority: self.priority,
            submitted_at: self.submitted_at,
            id: self.id,
        }
    }
}

const EXCERPT_CHARS: usize = 120;
/// A keyword search opens at most this many tips, in queue order, to find
/// its page: each must be decrypted in the session.
const SEARCH_SCAN_LIMIT: usize = 5_000;
const SEARCH_BATCH: i64 = 500;
/// Up to this many candidates, a search reads them by id; past it, it
/// walks the queue (see [`Search`]).
const SEARCH_DIRECT_CAP: usize = 20_000;
/// Ids per query when reading candidates by id: well within what either
/// backend takes as bound values.
const SEARCH_IDS_PER_QUERY: usize = 1_000;
/// A search walking the queue reads at most this many rows.
const SEARCH_WALK_LIMIT: usize = 100_000;
/// At most this many tips not indexed yet are proposed to a search.
const SEARCH_PENDING_CAP: i64 = 20_000;

/// A queue row as stored: the sealed content, opened and cut to an excerpt
/// when parsed.
#[derive(Queryable, Selectable)]
#[diesel(table_name = tips)]
struct QueueTipRow {
    id: TipId,
    category: Category,
    status: TipStatus,
    urgent: bool,
    priority: i32,
    submitted_at: NaiveDateTime,
    province_code: Option<String>,
    sealed: Option<Vec<u8>>,
    #[diesel(select_expression = staff::name.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<staff::name>)]
    assignee: Option<String>,
    corroboration: i32,
    burst_size: i32,
}

impl QueueTipRow {
    fn cursor(&self) -> QueueCursor {
        QueueCursor {
            urgent: self.urgent,
            priority: self.priority,
            submitted_at: self.submitted_at,
            id: self.id,
        }
    }

    /// Its place in the queue's order: urgent first, then the highest
    /// priority, then the oldest, then the lowest id.
    fn order(&self) -> (bool, std::cmp::Reverse<i32>, NaiveDateTime, TipId) {
        (
            !self.urgent,
            std::cmp::Reverse(self.priority),
            self.submitted_at,
            self.id,
        )
    }

    /// The row, and its content when `org` opens it.
    fn parse(self, org: Option<&OpeningKey>) -> (QueueRow, Option<TipContent>) {
        let content = org.and_then(|org| open_content(org, self.id, self.sealed.as_deref()));
        let row = QueueRow {
            id: self.id,
            category: self.category,
            status: self.status,
            urgent: self.urgent,
            priority: self.priority,
            submitted_at: self.submitted_at,
            province: self.province_code,
            excerpt: match (&content, &self.sealed) {
                (Some(content), _) => {
                    Some(content.description.chars().take(EXCERPT_CHARS).collect())
                }
                // Deleted content has nothing to hide.
                (None, None) => Some(String::new()),
                (None, Some(_)) => None,
            },
            assignee: self.assignee,
            corroboration: self.corroboration,
            burst_size: self.burst_size,
        };
        (row, content)
    }
}

/// A tip's content, if `org` opens what is stored.
fn open_content(org: &OpeningKey, tip_id: TipId, sealed: Option<&[u8]>) -> Option<TipContent> {
    sealed.and_then(|sealed| TipContent::open(org, tip_id, sealed).ok())
}

/// Up to `limit` rows of the queue: urgent first, then the highest
/// priority, then the oldest; after `cursor` (keyset, no OFFSET). Excerpts
/// open with `org`, the session's organisation key; without it they are
/// `None`, and a keyword finds nothing, since only the key opens the words.
pub fn queue(
    conn: &mut DbConnection,
    filter: &QueueFilter,
    cursor: Option<QueueCursor>,
    limit: i64,
    org: Option<&OpeningKey>,
) -> Result<Vec<QueueRow>, DbError> {
    let Some(keyword) = &filter.keyword else {
        let rows = queue_rows(conn, filter, None, cursor, limit)?;
        return Ok(rows.into_iter().map(|row| row.parse(org).0).collect());
    };
    let Some(org) = org else {
        return Ok(Vec::new());
    };
    // Too short a query would match most tips and tell the index nothing.
    let Ok(query) = query_grams(keyword) else {
        return Ok(Vec::new());
    };
    // The tips the index proposes, and every tip it does not hold yet.
    let mut candidates = search_index::candidates(conn, &SearchKey::of_organisation(org), &query)?;
    candidates.extend(search_index::pending(conn, SEARCH_PENDING_CAP)?);
    candidates.sort_unstable();
    candidates.dedup();
    let unfiltered = QueueFilter {
        keyword: None,
        ..filter.clone()
    };
    let limit = usize::try_from(limit).unwrap_or(0);
    let mut search = Search {
        org,
        query: &query,
        limit,
        found: Vec::new(),
        opened: 0,
    };
    if candidates.len() <= SEARCH_DIRECT_CAP {
        search.by_ids(conn, &unfiltered, &candidates, cursor)?;
    } else {
        search.by_walking(conn, &unfiltered, &candidates, cursor)?;
    }
    Ok(search.found)
}

/// One keyword search's page being filled: each proposed tip is opened and
/// checked in queue order until the page is full or enough were opened.
struct Search<'a> {
    org: &'a OpeningKey,
    query: &'a QueryGrams,
    limit: usize,
    found: Vec<QueueRow>,
    opened: usize,
}

impl Search<'_> {
    fn done(&self) -> bool {
        self.found.len() >= self.limit || self.opened >= SEARCH_SCAN_LIMIT
    }

    /// Opens `stored` and keeps it if its text has the query.
    fn check(&mut self, stored: QueueTipRow) {
        self.opened += 1;
        let (row, content) = stored.parse(Some(self.org));
        if content.is_some_and(|content| search::matches(&searched_text(&content), self.query)) {
            self.found.push(row);
        }
    }

    /// Few candidates: their rows (those the filter keeps, after the
    /// cursor) are read by id and put in queue order here.
    fn by_ids(
        &mut self,
        conn: &mut DbConnection,
        filter: &QueueFilter,
        candidates: &[TipId],
        cursor: Option<QueueCursor>,
    ) -> Result<(), DbError> {
        let mut rows = Vec::new();
        for chunk in candidates.chunks(SEARCH_IDS_PER_QUERY) {
            let wanted = i64::try_from(chunk.len()).unwrap_or(i64::MAX);
            rows.extend(queue_rows(conn, filter, Some(chunk), cursor, wanted)?);
        }
        rows.sort_unstable_by_key(|row| row.order());
        for stored in rows {
            if self.done() {
                break;
            }
            self.check(stored);
        }
        Ok(())
    }

    /// Many candidates, so a good share of the queue: the queue is read in
    /// order and the candidates among it are opened, which finds a page
    /// sooner than reading every candidate.
    fn by_walking(
        &mut self,
        conn: &mut DbConnection,
        filter: &QueueFilter,
        candidates: &[TipId],
        mut after: Option<QueueCursor>,
    ) -> Result<(), DbError> {
        let mut walked = 0;
        while !self.done() && walked < SEARCH_WALK_LIMIT {
            let batch = queue_rows(conn, filter, None, after, SEARCH_BATCH)?;
            let ended = batch.len() < usize::try_from(SEARCH_BATCH).unwrap_or(0);
            for stored in batch {
                if self.done() {
                    return Ok(());
                }
                walked += 1;
                after = Some(stored.cursor());
                if candidates.binary_search(&stored.id).is_ok() {
                    self.check(stored);
                }
            }
            if ended {
                break;
            }
        }
        Ok(())
    }
}

/// What a tip is searched by: its words and its landmark.
fn searched_text(content: &TipContent) -> String {
    format!("{}\n{}", content.description, content.landmark)
}

/// Writes the index entries of up to `limit` tips that have none yet,
/// opening them with the session's key `org`: a submission has no key to
/// index with, so staff requests do it a bounded batch at a time.
pub fn index_pending(
    conn: &mut DbConnection,
    org: &OpeningKey,
    limit: i64,
) -> Result<usize, DbError> {
    let key = SearchKey::of_organisation(org);
    let pending = search_index::pending(conn, limit)?;
    let stored: Vec<(TipId, Option<Vec<u8>>)> = tips::table
        .filter(tips::id.eq_any(&pending))
        .select((tips::id, tips::sealed))
        .load(conn)?;
    for (tip_id, sealed) in &stored {
        match open_content(org, *tip_id, sealed.as_deref()) {
            Some(content) => {
                search_index::index(conn, &key, *tip_id, &text_grams(&searched_text(&content)))?
            }
            // Deleted content has nothing to index.
            None => search_index::forget(conn, *tip_id)?,
        }
    }
    Ok(stored.len())
}

/// The stored rows of the queue page, without the keyword.
fn queue_rows(
    conn: &mut DbConnection,
    filter: &QueueFilter,
    candidates: Option<&[TipId]>,
    cursor: Option<QueueCursor>,
    limit: i64,
) -> Result<Vec<QueueTipRow>, DbError> {
    let mut query = tips::table
        .left_join(staff::table.on(tips::assignee_id.eq(staff::id.nullable())))
        .select(QueueTipRow::as_select())
        .into_boxed();
    if let Some(candidates) = candidates {
        query = query.filter(tips::id.eq_any(candidates.to_vec()));
    }
    query = match filter.status {
        StatusFilter::Waiting => query.filter(waiting_collapsed()),
        StatusFilter::Is(status) => query.filter(tips::status.eq(status)),
        StatusFilter::Any => query,
    };
    if let Some(category) = filter.category {
        query = query.filter(tips::category.eq(category));
    }
    if let Some(province) = &filter.province {
        query = query.filter(tips::province_code.eq(province.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(tips::submitted_at.ge(from.and_time(NaiveTime::MIN)));
    }
    if let Some(to) = filter.to.and_then(|to| to.succ_opt()) {
        query = query.filter(tips::submitted_at.lt(to.and_time(NaiveTime::MIN)));
    }
    if let Some(has_photos) = filter.has_photos {
        let with_photos = exists(tip_photos::table.filter(tip_photos::tip_id.eq(tips::id)));
        query = if has_photos {
            query.filter(with_photos)
        } else {
            query.filter(not(with_photos))
        };
    }
    if let Some(language) = filter.language {
        query = query.filter(tips::language.eq(language.code()));
    }
    query = match filter.assignee {
        AssigneeFilter::Anyone => query,
        AssigneeFilter::Unassigned => query.filter(tips::assignee_id.is_null()),
        AssigneeFilter::Staff(id) => query.filter(tips::assignee_id.eq(id)),
    };
    if let Some(c) = cursor {
        // Rows after the cursor in the order (urgent desc, priority desc,
        // submitted asc, id asc).
        query = query.filter(
            tips::urgent
                .lt(c.urgent)
                .or(tips::urgent.eq(c.urgent).and(tips::priority.lt(c.priority)))
                .or(tips::urgent
                    .eq(c.urgent)
                    .and(tips::priority.eq(c.priority))
                    .and(tips::submitted_at.gt(c.submitted_at)))
                .or(tips::urgent
                    .eq(c.urgent)
                    .and(tips::priority.eq(c.priority))
                    .and(tips::submitted_at.eq(c.submitted_at))
                    .and(tips::id.gt(c.id))),
        );
    }
    Ok(query
        .order((
            tips::urgent.desc(),
            tips::priority.desc(),
            tips::submitted_at.asc(),
            tips::id.asc(),
        ))
        .limit(limit)
        .load(conn)?)
}

/// A tip as a reviewer sees it.
#[derive(Clone, Debug)]
pub struct StaffTip {
    pub id: TipId,
    pub category: Category,
    pub observed_on: Option<chrono::NaiveDate>,
    /// The description, landmark and exact point, sealed; `None` once
    /// deleted (withdrawn or past retention).
    pub sealed: Option<Vec<u8>>,
    /// The cell of its point, plain: what places and maps use.
    pub cell: Option<GridCell>,
    pub places: [Option<String>; 4],
    pub language: String,
    pub submitted_at: NaiveDateTime,
    pub priority: i32,
    pub priority_reasons: String,
    pub state: TipState,
    pub version: i32,
    pub photos: i64,
    /// The first tip of its burst, if it joined one.
    pub burst_lead: Option<TipId>,
    /// How many tips its burst holds, when it is a burst's first tip.
    pub burst_size: i32,
    /// Its content was deleted: its retention was over, or its tipster
    /// withdrew it.
    pub purged: bool,
    /// Its tipster withdrew it.
    pub withdrawn: bool,
}

/// A tip as stored, less what reviewers never see.
#[derive(Queryable, Selectable)]
#[diesel(table_name = tips)]
struct StaffTipRow {
    id: TipId,
    category: Category,
    observed_on: Option<chrono::NaiveDate>,
    sealed: Option<Vec<u8>>,
    grid_cell: Option<String>,
    province_code: Option<String>,
    district_code: Option<String>,
    commune_code: Option<String>,
    village_code: Option<String>,
    language: String,
    submitted_at: NaiveDateTime,
    priority: i32,
    priority_reasons: String,
    status: TipStatus,
    assignee_id: Option<StaffId>,
    duplicate_of: Option<TipId>,
    close_reason: Option<CloseReason>,
    version: i32,
    case_id: Option<CaseId>,
    burst_lead: Option<TipId>,
    burst_size: i32,
    purged: bool,
}

impl StaffTipRow {
    fn parse(self, photos: i64, withdrawn: bool) -> StaffTip {
        StaffTip {
            id: self.id,
            category: self.category,
            observed_on: self.observed_on,
            sealed: self.sealed,
            cell: self.grid_cell.as_deref().and_then(GridCell::parse),
            places: [
                self.province_code,
                self.district_code,
                self.commune_code,
                self.village_code,
            ],
            language: self.language,
            submitted_at: self.submitted_at,
            priority: self.priority,
            priority_reasons: self.priority_reasons,
            state: TipState {
                status: self.status,
                assignee: self.assignee_id,
                duplicate_of: self.duplicate_of,
                case_id: self.case_id,
                close_reason: self.close_reason,
            },
            version: self.version,
            photos,
            burst_lead: self.burst_lead,
            burst_size: self.burst_size,
            purged: self.purged,
            withdrawn,
        }
    }
}

impl StaffTip {
    /// Its content, as the session's organisation key `org` opens it.
    pub fn content(&self, org: Option<&OpeningKey>) -> Opened<TipContent> {
        match (&self.sealed, org) {
            (None, _) => Opened::Deleted,
            (Some(_), None) => Opened::Locked,
            (Some(sealed), Some(org)) => {
                TipContent::open(org, self.id, sealed).map_or(Opened::Locked, Opened::Open)
            }
        }
    }
}

/// Sealed content as a session finds it.
#[derive(Clone, Debug, PartialEq)]
pub enum Opened<T> {
    Open(T),
    /// There is none any more.
    Deleted,
    /// The session holds no key that opens it.
    Locked,
}

pub fn find(conn: &mut DbConnection, tip_id: TipId) -> Result<Option<StaffTip>, DbError> {
    let row: Option<StaffTipRow> = tips::table
        .find(tip_id)
        .select(StaffTipRow::as_select())
        .first(conn)
        .optional()?;
    let Some(row) = row else {
        return Ok(None);
    };
    let photos: i64 = tip_photos::table
        .filter(tip_photos::tip_id.eq(row.id))
        .count()
        .get_result(conn)?;
    let withdrawn = super::reports::is_withdrawn(conn, row.id)?;
    Ok(Some(row.parse(photos, withdrawn)))
}

/// Stores `next` if the tip is still at `version`; false when someone
/// changed it in between (the caller shows what changed). What the tipster
/// sees changes now only if the tip follows no case; otherwise the daily
/// release brings it.
/// A tip closed without a case starts the retention clock at `now`; one
/// opened again or linked into a case stops it.
pub fn store_state(
    conn: &mut DbConnection,
    tip_id: TipId,
    version: i32,
    before: &TipState,
    next: &TipState,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let target = tips::table.find(tip_id).filter(tips::version.eq(version));
    let changes = (
        tips::status.eq(next.status),
        tips::assignee_id.eq(next.assignee),
        tips::duplicate_of.eq(next.duplicate_of),
        tips::case_id.eq(next.case_id),
        tips::close_reason.eq(next.close_reason),
        tips::version.eq(version + 1),
    );
    let updated = match next.public_now() {
        Some(public) => diesel::update(target)
            .set((changes, tips::public_status.eq(public)))
            .execute(conn)?,
        None => diesel::update(target).set(changes).execute(conn)?,
    };
    if updated != 1 {
        return Ok(false);
    }
    match ClosingClock::between(before, next) {
        ClosingClock::Start => {
            diesel::delete(tip_closings::table.find(tip_id)).execute(conn)?;
            diesel::insert_into(tip_closings::table)
                .values((
                    tip_closings::tip_id.eq(tip_id),
                    tip_closings::closed_at.eq(now),
                ))
                .execute(conn)?;
        }
        ClosingClock::Stop => {
            diesel::delete(tip_closings::table.find(tip_id)).execute(conn)?;
        }
        ClosingClock::Keep => {}
    }
    Ok(true)
}

/// Deletes what the tipsters of `tip_ids` wrote and showed — words,
/// landmark, exact point, photos — and marks the tips so, for a
/// withdrawal or the retention job; what statistics need stays.
pub fn delete_content(conn: &mut DbConnection, tip_ids: &[TipId]) -> Result<(), DbError> {
    diesel::delete(tip_photos::table.filter(tip_photos::tip_id.eq_any(tip_ids))).execute(conn)?;
    // Deleting content deletes its index entries.
    search_index::forget_all(conn, tip_ids)?;
    diesel::update(
        tips::table
            .filter(tips::id.eq_any(tip_ids))
            .filter(tips::purged.eq(false)),
    )
    .set((
        tips::sealed.eq(None::<Vec<u8>>),
        tips::purged.eq(true),
        tips::version.eq(tips::version + 1),
    ))
    .execute(conn)?;
    Ok(())
}

/// A question or message from a reviewer to the tipster, sealed to the
/// organisation and to the tip's own key.
pub fn add_message_to_tipster(
    conn: &mut DbConnection,
    org: &SealingKey,
    tip_id: TipId,
    author: StaffId,
    body: &str,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    super::reports::add_message(
        conn,
        org,
        tip_id,
        Direction::ToTipster,
        Some(author),
        body,
        at,
    )?;
    Ok(())
}

/// One message as staff see it, with its author; the body is `None` when
/// the session cannot open it.
#[derive(Clone, Debug)]
pub struct StaffMessage {
    pub from_tipster: bool,
    pub author: Option<String>,
    pub body: Option<String>,
    pub created_at: NaiveDateTime,
}

/// A message as stored, with its author's name.
#[derive(Queryable, Selectable)]
#[diesel(table_name = tip_messages)]
struct StaffMessageRow {
    id: MessageId,
    direction: Direction,
    #[diesel(select_expression = staff::name.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<staff::name>)]
    author: Option<String>,
    sealed: Vec<u8>,
    created_at: NaiveDateTime,
}

/// Tip `tip_id`'s conversation, opened with the session's key `org`.
pub fn messages(
    conn: &mut DbConnection,
    tip_id: TipId,
    org: Option<&OpeningKey>,
) -> Result<Vec<StaffMessage>, DbError> {
    let rows: Vec<StaffMessageRow> = tip_messages::table
        .left_join(staff::table.on(tip_messages::author_id.eq(staff::id.nullable())))
        .filter(tip_messages::tip_id.eq(tip_id))
        .order(tip_messages::id.asc())
        .select(StaffMessageRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| StaffMessage {
            from_tipster: row.direction == Direction::FromTipster,
            author: row.author,
            body: org.and_then(|org| {
                open_message(org, Slot::Organisation, tip_id, row.id, &row.sealed).ok()
            }),
            created_at: row.created_at,
        })
        .collect())
}

/// The ids of a tip's photos (its own and those sent with replies).
pub fn photo_ids(conn: &mut DbConnection, tip_id: TipId) -> Result<Vec<PhotoId>, DbError> {
    Ok(tip_photos::table
        .filter(tip_photos::tip_id.eq(tip_id))
        .order(tip_photos::id.asc())
        .select(tip_photos::id)
        .load(conn)?)
}

/// A photo as served: its content type and bytes.
#[derive(Clone, Debug)]
pub struct StoredPhoto {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The thumbnail of one photo of a tip (`thumbnail`) or the photo itself,
/// opened with the session's key `org`.
pub fn photo(
    conn: &mut DbConnection,
    org: &OpeningKey,
    tip_id: TipId,
    photo_id: PhotoId,
    thumbnail: bool,
) -> Result<Option<StoredPhoto>, DbError> {
    let found: Option<(String, Vec<u8>, Option<Vec<u8>>)> = tip_photos::table
        .filter(tip_photos::id.eq(photo_id))
        .filter(tip_photos::tip_id.eq(tip_id))
        .select((
            tip_photos::content_type,
            tip_photos::bytes,
            tip_photos::thumbnail,
        ))
        .first(conn)
        .optional()?;
    let Some((content_type, bytes, small)) = found else {
        return Ok(None);
    };
    let (sealed, as_thumbnail) = match (thumbnail, small) {
        (true, Some(small)) => (small, true),
        _ => (bytes, false),
    };
    let bytes = open_photo(org, tip_id, as_thumbnail, &sealed)
        .map_err(|_| super::corrupt(format!("photo {photo_id} of tip {tip_id}")))?;
    Ok(Some(StoredPhoto {
        content_type,
        bytes,
    }))
}
