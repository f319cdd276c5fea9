//! The reviewers' side of tips: priority with corroboration, the queue a
//! page at a time, one tip in full, and workflow changes guarded by the
//! tip's version so two reviewers never silently overwrite each other.

use chrono::{NaiveDateTime, NaiveTime, TimeDelta};
use diesel::dsl::{exists, not};
use diesel::prelude::*;

use super::schema::{staff, tip_messages, tip_photos, tips};
use super::{DbConnection, DbError, corrupt};
use crate::domain::category::Category;
use crate::domain::coordinates::Coordinates;
use crate::domain::ids::{CaseId, PhotoId, StaffId, TipId};
use crate::domain::tip_status::TipStatus;
use crate::domain::tips::{CloseReason, GridCell, Priority, ScoringFacts, TipState, distance_m};
use crate::i18n::Lang;

/// Tips this close to each other, or in the same commune, corroborate each other.
const CORROBORATION_RADIUS_M: f64 = 300.0;
const CORROBORATION_WINDOW: TimeDelta = TimeDelta::days(90);

/// A tip that may corroborate: id, point and commune.
type Candidate = (TipId, Option<f64>, Option<f64>, Option<String>);

/// The other tips that corroborate one with these facts.
pub fn corroborating(
    conn: &mut DbConnection,
    facts: &ScoringFacts,
    exclude: Option<TipId>,
) -> Result<Vec<TipId>, DbError> {
    if facts.point.is_none() && facts.commune.is_none() {
        return Ok(Vec::new());
    }
    let since = facts.submitted_at - CORROBORATION_WINDOW;
    let until = facts.submitted_at + CORROBORATION_WINDOW;
    let cells: Vec<String> = facts
        .point
        .map(|point| {
            GridCell::around(&point, CORROBORATION_RADIUS_M)
                .iter()
                .map(GridCell::key)
                .collect()
        })
        .unwrap_or_default();
    let mut query = tips::table
        .filter(tips::submitted_at.ge(since))
        .filter(tips::submitted_at.le(until))
        .select((
            tips::id,
            tips::latitude,
            tips::longitude,
            tips::commune_code,
        ))
        .into_boxed();
    if let Some(id) = exclude {
        query = query.filter(tips::id.ne(id));
    }
    query = match &facts.commune {
        Some(commune) => query.filter(
            tips::grid_cell
                .eq_any(cells)
                .or(tips::commune_code.eq(commune.clone())),
        ),
        None => query.filter(tips::grid_cell.eq_any(cells)),
    };
    let candidates: Vec<Candidate> = query.load(conn)?;
    Ok(candidates
        .into_iter()
        .filter(|(_, lat, lon, commune)| {
            let same_commune = facts.commune.is_some() && *commune == facts.commune;
            let close = match (facts.point, lat.zip(*lon)) {
                (Some(point), Some((lat, lon))) => Coordinates::new(lat, lon)
                    .is_ok_and(|other| distance_m(&point, &other) <= CORROBORATION_RADIUS_M),
                _ => false,
            };
            same_commune || close
        })
        .map(|(id, ..)| id)
        .collect())
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

/// The facts tip `tip_id` is scored on, as stored.
pub fn scoring_facts(conn: &mut DbConnection, tip_id: TipId) -> Result<ScoringFacts, DbError> {
    #[allow(clippy::type_complexity)]
    let row: (
        String,
        Option<f64>,
        Option<f64>,
        Option<String>,
        Option<String>,
        String,
        NaiveDateTime,
    ) = tips::table
        .find(tip_id)
        .select((
            tips::category,
            tips::latitude,
            tips::longitude,
            tips::commune_code,
            tips::district_code,
            tips::description,
            tips::submitted_at,
        ))
        .first(conn)?;
    let (category, lat, lon, commune, district, description, submitted_at) = row;
    let photos: i64 = tip_photos::table
        .filter(tip_photos::tip_id.eq(tip_id))
        .count()
        .get_result(conn)?;
    Ok(ScoringFacts {
        category: Category::parse(&category)
            .map_err(|_| corrupt(format!("category `{category}`")))?,
        point: lat
            .zip(lon)
            .and_then(|(lat, lon)| Coordinates::new(lat, lon).ok()),
        precise_place: district.is_some() || commune.is_some(),
        commune,
        photos: u32::try_from(photos).unwrap_or(u32::MAX),
        description_chars: description.chars().count(),
        submitted_at,
    })
}

/// What keyword search looks through: lowercased here, where Unicode
/// case rules are known, since SQLite's `lower()` knows only ASCII.
pub fn search_text(description: &str, landmark: &str) -> String {
    format!("{description}\n{landmark}").to_lowercase()
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

/// The work waiting: new and answered tips, and reopened ones nobody took.
#[diesel::dsl::auto_type]
pub fn waiting() -> _ {
    let waiting_states: [&'static str; 2] =
        [TipStatus::New.as_str(), TipStatus::ReplyReceived.as_str()];
    let in_review: &'static str = TipStatus::InReview.as_str();
    tips::status
        .eq_any(waiting_states)
        .or(tips::status.eq(in_review).and(tips::assignee_id.is_null()))
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

/// A LIKE pattern finding `keyword` anywhere, with LIKE's own wildcards
/// taken literally.
fn contains_pattern(keyword: &str) -> String {
    let mut pattern = String::from("%");
    for c in keyword.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
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
    pub priority_reasons: String,
    pub submitted_at: NaiveDateTime,
    pub province: Option<String>,
    pub excerpt: String,
    pub assignee: Option<String>,
    /// How many other tips corroborate it.
    pub corroboration: i32,
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

/// Up to `limit` rows of the queue: urgent first, then the highest
/// priority, then the oldest; after `cursor` (keyset, no OFFSET).
pub fn queue(
    conn: &mut DbConnection,
    filter: &QueueFilter,
    cursor: Option<QueueCursor>,
    limit: i64,
) -> Result<Vec<QueueRow>, DbError> {
    let mut query = tips::table
        .left_join(staff::table.on(tips::assignee_id.eq(staff::id.nullable())))
        .select((
            tips::id,
            tips::category,
            tips::status,
            tips::urgent,
            tips::priority,
            tips::priority_reasons,
            tips::submitted_at,
            tips::province_code,
            tips::description,
            staff::name.nullable(),
            tips::corroboration,
        ))
        .into_boxed();
    query = match filter.status {
        StatusFilter::Waiting => query.filter(waiting()),
        StatusFilter::Is(status) => query.filter(tips::status.eq(status.as_str())),
        StatusFilter::Any => query,
    };
    if let Some(category) = filter.category {
        query = query.filter(tips::category.eq(category.as_str()));
    }
    if let Some(province) = &filter.province {
        query = query.filter(tips::province_code.eq(province.clone()));
    }
    if let Some(keyword) = &filter.keyword {
        query = query.filter(
            tips::search_text
                .like(contains_pattern(keyword))
                .escape('\\'),
        );
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
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        TipId,
        String,
        String,
        bool,
        i32,
        String,
        NaiveDateTime,
        Option<String>,
        String,
        Option<String>,
        i32,
    )> = query
        .order((
            tips::urgent.desc(),
            tips::priority.desc(),
            tips::submitted_at.asc(),
            tips::id.asc(),
        ))
        .limit(limit)
        .load(conn)?;
    rows.into_iter()
        .map(
            |(
                id,
                category,
                status,
                urgent,
                priority,
                priority_reasons,
                submitted_at,
                province,
                description,
                assignee,
                corroboration,
            )| {
                Ok(QueueRow {
                    id,
                    category: Category::parse(&category)
                        .map_err(|_| corrupt(format!("category `{category}`")))?,
                    status: TipStatus::parse(&status)
                        .ok_or_else(|| corrupt(format!("status `{status}`")))?,
                    urgent,
                    priority,
                    priority_reasons,
                    submitted_at,
                    province,
                    excerpt: description.chars().take(EXCERPT_CHARS).collect(),
                    assignee,
                    corroboration,
                })
            },
        )
        .collect()
}

/// A tip as a reviewer sees it.
#[derive(Clone, Debug)]
pub struct StaffTip {
    pub id: TipId,
    pub category: Category,
    pub description: String,
    pub observed_on: Option<chrono::NaiveDate>,
    pub point: Option<Coordinates>,
    pub places: [Option<String>; 4],
    pub landmark: String,
    pub language: String,
    pub submitted_at: NaiveDateTime,
    pub priority: i32,
    pub priority_reasons: String,
    pub state: TipState,
    pub version: i32,
    pub photos: i64,
}

pub fn find(conn: &mut DbConnection, tip_id: TipId) -> Result<Option<StaffTip>, DbError> {
    #[allow(clippy::type_complexity)]
    let row: Option<(
        (
            TipId,
            String,
            String,
            Option<chrono::NaiveDate>,
            Option<f64>,
            Option<f64>,
        ),
        (
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        ),
        (String, String, NaiveDateTime, i32, String, String),
        (
            Option<StaffId>,
            Option<TipId>,
            Option<String>,
            i32,
            Option<CaseId>,
        ),
    )> = tips::table
        .find(tip_id)
        .select((
            (
                tips::id,
                tips::category,
                tips::description,
                tips::observed_on,
                tips::latitude,
                tips::longitude,
            ),
            (
                tips::province_code,
                tips::district_code,
                tips::commune_code,
                tips::village_code,
            ),
            (
                tips::landmark,
                tips::language,
                tips::submitted_at,
                tips::priority,
                tips::priority_reasons,
                tips::status,
            ),
            (
                tips::assignee_id,
                tips::duplicate_of,
                tips::close_reason,
                tips::version,
                tips::case_id,
            ),
        ))
        .first(conn)
        .optional()?;
    let Some((first, places, third, fourth)) = row else {
        return Ok(None);
    };
    let (id, category, description, observed_on, lat, lon) = first;
    let (province, district, commune, village) = places;
    let (landmark, language, submitted_at, priority, priority_reasons, status) = third;
    let (assignee, duplicate_of, close_reason, version, case_id) = fourth;
    let photos: i64 = tip_photos::table
        .filter(tip_photos::tip_id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(Some(StaffTip {
        id,
        category: Category::parse(&category)
            .map_err(|_| corrupt(format!("category `{category}`")))?,
        description,
        observed_on,
        point: lat
            .zip(lon)
            .and_then(|(lat, lon)| Coordinates::new(lat, lon).ok()),
        places: [province, district, commune, village],
        landmark,
        language,
        submitted_at,
        priority,
        priority_reasons,
        state: TipState {
            status: TipStatus::parse(&status)
                .ok_or_else(|| corrupt(format!("status `{status}`")))?,
            assignee,
            duplicate_of,
            case_id,
            close_reason: close_reason.as_deref().and_then(CloseReason::parse),
        },
        version,
        photos,
    }))
}

/// Stores `next` if the tip is still at `version`; false when someone
/// changed it in between (the caller shows what changed). What the tipster
/// sees changes now only if the tip follows no case; otherwise the daily
/// release brings it.
pub fn store_state(
    conn: &mut DbConnection,
    tip_id: TipId,
    version: i32,
    next: &TipState,
) -> Result<bool, DbError> {
    let target = tips::table.find(tip_id).filter(tips::version.eq(version));
    let changes = (
        tips::status.eq(next.status.as_str()),
        tips::assignee_id.eq(next.assignee),
        tips::duplicate_of.eq(next.duplicate_of),
        tips::case_id.eq(next.case_id),
        tips::close_reason.eq(next.close_reason.map(CloseReason::as_str)),
        tips::version.eq(version + 1),
    );
    let updated = match next.public_now() {
        Some(public) => diesel::update(target)
            .set((changes, tips::public_status.eq(public.as_str())))
            .execute(conn)?,
        None => diesel::update(target).set(changes).execute(conn)?,
    };
    Ok(updated == 1)
}

/// A question or message from a reviewer to the tipster.
pub fn add_message_to_tipster(
    conn: &mut DbConnection,
    tip_id: TipId,
    author: StaffId,
    body: &str,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(tip_messages::table)
        .values((
            tip_messages::tip_id.eq(tip_id),
            tip_messages::direction.eq("to_tipster"),
            tip_messages::body.eq(body),
            tip_messages::created_at.eq(at),
            tip_messages::author_id.eq(author),
        ))
        .execute(conn)?;
    Ok(())
}

/// One message as staff see it, with its author.
#[derive(Clone, Debug)]
pub struct StaffMessage {
    pub from_tipster: bool,
    pub author: Option<String>,
    pub body: String,
    pub created_at: NaiveDateTime,
}

pub fn messages(conn: &mut DbConnection, tip_id: TipId) -> Result<Vec<StaffMessage>, DbError> {
    let rows: Vec<(String, Option<String>, String, NaiveDateTime)> = tip_messages::table
        .left_join(staff::table.on(tip_messages::author_id.eq(staff::id.nullable())))
        .filter(tip_messages::tip_id.eq(tip_id))
        .order(tip_messages::id.asc())
        .select((
            tip_messages::direction,
            staff::name.nullable(),
            tip_messages::body,
            tip_messages::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(direction, author, body, created_at)| StaffMessage {
            from_tipster: direction == "from_tipster",
            author,
            body,
            created_at,
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

/// One photo of a tip: its content type and bytes.
pub fn photo(
    conn: &mut DbConnection,
    tip_id: TipId,
    photo_id: PhotoId,
) -> Result<Option<(String, Vec<u8>)>, DbError> {
    Ok(tip_photos::table
        .filter(tip_photos::id.eq(photo_id))
        .filter(tip_photos::tip_id.eq(tip_id))
        .select((tip_photos::content_type, tip_photos::bytes))
        .first(conn)
        .optional()?)
}
