//! The tipster's side of tips: storing a submission (or a form sent
//! twice), finding a tip by its code, the conversation and the tipster's
//! replies, the status page, and the throttle on failed status checks.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{status_check_failures, tip_messages, tip_photos, tips};
use super::tips::{ScoringFacts, corroborating, priority, reasons_text, rescore, search_text};
use super::{DbConnection, DbError};
use crate::domain::category::Category;
use crate::domain::ids::{MessageId, TipId};
use crate::domain::receipt::TipCode;
use crate::domain::report::Report;
use crate::domain::tip_status::{PublicStatus, TipStatus};

pub use crate::domain::message::Direction;
use crate::i18n::Lang;
use crate::photos::CleanPhoto;

#[derive(Insertable)]
#[diesel(table_name = tips)]
struct NewTipRow<'a> {
    code: &'a str,
    passphrase_hash: &'a str,
    category: &'a str,
    description: &'a str,
    observed_on: Option<chrono::NaiveDate>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    province_code: Option<&'a str>,
    district_code: Option<&'a str>,
    commune_code: Option<&'a str>,
    village_code: Option<&'a str>,
    landmark: &'a str,
    language: &'a str,
    status: &'a str,
    submitted_at: NaiveDateTime,
    submission_nonce: &'a str,
    urgent: bool,
    priority: i32,
    priority_reasons: &'a str,
    grid_cell: Option<&'a str>,
    corroboration: i32,
    search_text: &'a str,
    public_status: &'a str,
}

/// The outcome of storing a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub tip_id: TipId,
    pub code: TipCode,
    /// The form had been posted before: its tip got the new passphrase.
    pub repeated: bool,
}

/// A report and everything that goes with it into the database.
pub struct Submission<'a> {
    pub report: &'a Report,
    pub photos: &'a [CleanPhoto],
    pub lang: Lang,
}

/// A tip whose code or form nonce a new submission meets.
#[derive(Queryable, Selectable)]
#[diesel(table_name = tips)]
struct ClashRow {
    id: TipId,
    code: String,
    submission_nonce: String,
}

/// Stores the submission under a fresh code, or, when the form's `nonce`
/// was seen before (a double tap, a refresh), gives that tip the new
/// passphrase hash instead of making a second tip. Run it inside one write
/// transaction.
pub fn store_submission(
    conn: &mut DbConnection,
    submission: &Submission,
    passphrase_hash: &str,
    nonce: &str,
    submitted_at: NaiveDateTime,
) -> Result<Stored, DbError> {
    // One query asks both whether the form was posted before and whether
    // the fresh code is taken: on PostgreSQL each query is a round trip.
    let code = loop {
        let code = TipCode::generate();
        let clashes: Vec<ClashRow> = tips::table
            .filter(
                tips::submission_nonce
                    .eq(nonce)
                    .or(tips::code.eq(code.as_str())),
            )
            .select(ClashRow::as_select())
            .load(conn)?;
        if let Some(earlier) = clashes.iter().find(|row| row.submission_nonce == nonce) {
            diesel::update(tips::table.find(earlier.id))
                .set(tips::passphrase_hash.eq(passphrase_hash))
                .execute(conn)?;
            return Ok(Stored {
                tip_id: earlier.id,
                code: stored_code(&earlier.code)?,
                repeated: true,
            });
        }
        // With 2^40 codes a clash is rare; a clashing code is drawn again.
        if clashes.is_empty() {
            break code;
        }
    };
    let Submission {
        report,
        photos,
        lang,
    } = submission;
    let code_text = code.as_str();
    let places = &report.places;
    let facts = ScoringFacts {
        category: report.category,
        point: report.point,
        commune: places.commune.as_ref().map(|c| c.as_str().to_owned()),
        precise_place: places.district.is_some(),
        photos: u32::try_from(photos.len()).unwrap_or(u32::MAX),
        description_chars: report.description.chars().count(),
        submitted_at,
    };
    let neighbours = corroborating(conn, &facts, None)?;
    let priority = priority(&facts, neighbours.len());
    let reasons = reasons_text(&priority);
    let grid_cell = facts.grid_cell();
    let tip_id: TipId = diesel::insert_into(tips::table)
        .values(NewTipRow {
            code: code_text,
            passphrase_hash,
            category: report.category.as_str(),
            description: &report.description,
            observed_on: report.observed_on,
            latitude: report.point.map(|p| p.latitude()),
            longitude: report.point.map(|p| p.longitude()),
            province_code: places.province.as_ref().map(|c| c.as_str()),
            district_code: places.district.as_ref().map(|c| c.as_str()),
            commune_code: places.commune.as_ref().map(|c| c.as_str()),
            village_code: places.village.as_ref().map(|c| c.as_str()),
            landmark: &report.landmark,
            language: lang.code(),
            status: TipStatus::New.as_str(),
            submitted_at,
            submission_nonce: nonce,
            urgent: report.category.is_urgent(),
            priority: priority.score,
            priority_reasons: &reasons,
            grid_cell: grid_cell.as_deref(),
            corroboration: i32::try_from(neighbours.len()).unwrap_or(i32::MAX),
            search_text: &search_text(&report.description, &report.landmark),
            public_status: TipStatus::New.public().as_str(),
        })
        .returning(tips::id)
        .get_result(conn)?;
    store_photos(conn, tip_id, None, photos)?;
    // Each nearby tip is now corroborated once more.
    for neighbour in neighbours {
        rescore(conn, neighbour)?;
    }
    Ok(Stored {
        tip_id,
        code,
        repeated: false,
    })
}

/// Stores cleaned photos of a tip, or of one of its messages.
fn store_photos(
    conn: &mut DbConnection,
    tip_id: TipId,
    message_id: Option<MessageId>,
    photos: &[CleanPhoto],
) -> Result<(), DbError> {
    for photo in photos {
        diesel::insert_into(tip_photos::table)
            .values((
                tip_photos::tip_id.eq(tip_id),
                tip_photos::message_id.eq(message_id),
                tip_photos::content_type.eq("image/jpeg"),
                tip_photos::bytes.eq(&photo.jpeg),
                tip_photos::sha256.eq(&photo.sha256),
                tip_photos::size.eq(i32::try_from(photo.jpeg.len()).unwrap_or(i32::MAX)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn stored_code(code: &str) -> Result<TipCode, DbError> {
    TipCode::parse(code)
        .map_err(|e| DbError::Query(diesel::result::Error::DeserializationError(Box::new(e))))
}

/// What a status check needs of a tip.
#[derive(Debug, Clone)]
pub struct TipAccess {
    pub id: TipId,
    pub passphrase_hash: String,
    pub status: TipStatus,
    pub urgent: bool,
}

/// What a status check reads of a tip.
#[derive(Queryable, Selectable)]
#[diesel(table_name = tips)]
struct TipAccessRow {
    id: TipId,
    passphrase_hash: String,
    status: TipStatus,
    category: Category,
}

impl TipAccessRow {
    fn parse(self) -> TipAccess {
        TipAccess {
            id: self.id,
            passphrase_hash: self.passphrase_hash,
            status: self.status,
            urgent: self.category.is_urgent(),
        }
    }
}

/// The tip with `code`, if there is one.
pub fn find_for_tipster(
    conn: &mut DbConnection,
    code: &TipCode,
) -> Result<Option<TipAccess>, DbError> {
    let row: Option<TipAccessRow> = tips::table
        .filter(tips::code.eq(code.as_str()))
        .select(TipAccessRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(TipAccessRow::parse))
}

/// One message between reviewers and the tipster.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = tip_messages)]
pub struct Message {
    pub direction: Direction,
    pub body: String,
    pub created_at: NaiveDateTime,
}

/// The conversation of a tip, oldest first.
pub fn conversation(conn: &mut DbConnection, tip_id: TipId) -> Result<Vec<Message>, DbError> {
    Ok(tip_messages::table
        .filter(tip_messages::tip_id.eq(tip_id))
        .order(tip_messages::id.asc())
        .select(Message::as_select())
        .load(conn)?)
}

/// Adds the tipster's message and moves the tip as the domain says; run it
/// inside one write transaction.
pub fn add_tipster_reply(
    conn: &mut DbConnection,
    tip_id: TipId,
    body: &str,
    photos: &[CleanPhoto],
    at: NaiveDateTime,
) -> Result<(), DbError> {
    let status: TipStatus = tips::table.find(tip_id).select(tips::status).first(conn)?;
    let message_id: MessageId = diesel::insert_into(tip_messages::table)
        .values((
            tip_messages::tip_id.eq(tip_id),
            tip_messages::direction.eq(Direction::FromTipster),
            tip_messages::body.eq(body),
            tip_messages::created_at.eq(at),
        ))
        .returning(tip_messages::id)
        .get_result(conn)?;
    store_photos(conn, tip_id, Some(message_id), photos)?;
    rescore(conn, tip_id)?;
    let next = status.after_tipster_reply();
    if next != status {
        diesel::update(tips::table.find(tip_id))
            .set((
                tips::status.eq(next.as_str()),
                tips::public_status.eq(next.public().as_str()),
                tips::version.eq(tips::version + 1),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Failed status checks for `code` since `since`.
pub fn failures_since(
    conn: &mut DbConnection,
    code: &TipCode,
    since: NaiveDateTime,
) -> Result<i64, DbError> {
    Ok(status_check_failures::table
        .filter(status_check_failures::code.eq(code.as_str()))
        .filter(status_check_failures::failed_at.ge(since))
        .count()
        .get_result(conn)?)
}

/// Records a failed status check for `code` and forgets failures older than
/// `forget_before`, which no longer count.
pub fn record_failure(
    conn: &mut DbConnection,
    code: &TipCode,
    at: NaiveDateTime,
    forget_before: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::delete(
        status_check_failures::table.filter(status_check_failures::failed_at.lt(forget_before)),
    )
    .execute(conn)?;
    diesel::insert_into(status_check_failures::table)
        .values((
            status_check_failures::code.eq(code.as_str()),
            status_check_failures::failed_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// What the tipster's status page shows.
#[derive(Debug, Clone)]
pub struct TipsterView {
    pub status: PublicStatus,
    pub messages: Vec<Message>,
}

/// The status and conversation of the tip with `id`.
pub fn tipster_view(conn: &mut DbConnection, tip_id: TipId) -> Result<TipsterView, DbError> {
    let status: PublicStatus = tips::table
        .find(tip_id)
        .select(tips::public_status)
        .first(conn)?;
    Ok(TipsterView {
        status,
        messages: conversation(conn, tip_id)?,
    })
}
