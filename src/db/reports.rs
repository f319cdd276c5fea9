//! The tipster's side of tips: storing a submission, finding a tip by its
//! code, the conversation and the tipster's replies, the status page, and
//! the throttle on failed status checks.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{
    code_keying, form_receipts, status_check_failures, tip_messages, tip_photos, tip_withdrawals,
    tips,
};
use super::tips::reasons_text;
use super::{DbConnection, DbError};
use crate::domain::ids::{MessageId, StaffId, TipId};
use crate::domain::receipt::{StoredCode, TipCode};
use crate::domain::report::Report;
use crate::domain::tip_bounds::{TipFull, TipHoldings};
use crate::domain::tip_status::{PublicStatus, TipStatus};
use crate::domain::tips::{GridCell, Priority};
use crate::i18n::Lang;
use crate::photos::CleanPhoto;
use crate::secret::SecretKey;
use crate::vault::{
    OpeningKey, SealingKey, Slot, TipContent, open_message, seal_message, seal_photo,
};

pub use crate::domain::message::Direction;

#[derive(Insertable)]
#[diesel(table_name = tips)]
struct NewTipRow<'a> {
    code: &'a str,
    passphrase_hash: &'a str,
    category: &'a str,
    observed_on: Option<chrono::NaiveDate>,
    province_code: Option<&'a str>,
    district_code: Option<&'a str>,
    commune_code: Option<&'a str>,
    village_code: Option<&'a str>,
    language: &'a str,
    status: &'a str,
    submitted_at: NaiveDateTime,
    submission_nonce: &'a str,
    urgent: bool,
    priority: i32,
    priority_reasons: &'a str,
    grid_cell: Option<&'a str>,
    corroboration: i32,
    burst_lead: Option<TipId>,
    public_status: &'a str,
    tipster_key: Vec<u8>,
    description_chars: i32,
    has_point: bool,
}

/// A code no tip has yet, for a new tip. Run it inside the write
/// transaction that stores the tip.
pub fn fresh_code(
    conn: &mut DbConnection,
    secret: &SecretKey,
) -> Result<(TipCode, StoredCode), DbError> {
    loop {
        let code = TipCode::generate();
        let stored = code.stored(secret);
        let taken: i64 = tips::table
            .filter(tips::code.eq(stored.as_str()))
            .count()
            .get_result(conn)?;
        // With 2^48 stored codes a clash is rare; a clashing code is drawn again.
        if taken == 0 {
            return Ok((code, stored));
        }
    }
}

/// Replaces the plain codes of tips stored before codes were keyed by
/// their keyed hash, once (a one-row table says whether it is done), and
/// forgets the failed checks counted under plain codes, which count for
/// minutes only. Runs at start, before anything is served, in the
/// transaction of `Db::write_blocking`.
pub fn key_plain_codes(conn: &mut DbConnection, secret: &SecretKey) -> Result<usize, DbError> {
    // Instances starting together take turns on the row.
    let done: bool = if let DbConnection::Postgres(pg) = &mut *conn {
        code_keying::table
            .select(code_keying::done)
            .for_update()
            .first(pg)?
    } else {
        code_keying::table.select(code_keying::done).first(conn)?
    };
    if done {
        return Ok(0);
    }
    let plain: Vec<(TipId, String)> = tips::table.select((tips::id, tips::code)).load(conn)?;
    for (id, code) in &plain {
        let code = TipCode::parse(code).map_err(|_| {
            DbError::Migration(format!("tip {} has no plain tip code to key", id.0))
        })?;
        diesel::update(tips::table.find(id))
            .set(tips::code.eq(code.stored(secret).as_str()))
            .execute(conn)?;
    }
    diesel::delete(status_check_failures::table).execute(conn)?;
    diesel::update(code_keying::table)
        .set(code_keying::done.eq(true))
        .execute(conn)?;
    Ok(plain.len())
}

/// A report and everything that goes with it into the database.
pub struct Submission<'a> {
    pub report: &'a Report,
    pub photos: &'a [CleanPhoto],
    pub lang: Lang,
    pub passphrase_hash: &'a str,
    /// The public half of the tip's own key pair, grown from its passphrase.
    pub tipster_key: &'a SealingKey,
    pub submitted_at: NaiveDateTime,
}

/// Where a new tip ranks, as it was scored.
pub struct Ranking<'a> {
    pub priority: &'a Priority,
    /// How many groups of other tips corroborate it (a burst counts once).
    pub corroboration: usize,
    /// The first tip of the burst it joined, if it joined one.
    pub burst_lead: Option<TipId>,
}

/// Stores the submission as a new tip under `code` (from [`fresh_code`],
/// in the same transaction), ranked as `ranking` says.
pub fn store_submission(
    conn: &mut DbConnection,
    org: &SealingKey,
    code: &StoredCode,
    submission: &Submission,
    ranking: &Ranking,
) -> Result<TipId, DbError> {
    let Submission {
        report,
        photos,
        lang,
        passphrase_hash,
        tipster_key,
        submitted_at,
    } = submission;
    let places = &report.places;
    let tip_id: TipId = diesel::insert_into(tips::table)
        .values(NewTipRow {
            code: code.as_str(),
            passphrase_hash,
            category: report.category.as_str(),
            observed_on: report.observed_on,
            province_code: places.province.as_ref().map(|c| c.as_str()),
            district_code: places.district.as_ref().map(|c| c.as_str()),
            commune_code: places.commune.as_ref().map(|c| c.as_str()),
            village_code: places.village.as_ref().map(|c| c.as_str()),
            language: lang.code(),
            status: TipStatus::New.as_str(),
            submitted_at: *submitted_at,
            // A legacy column (see the form_receipts migration): a random
            // value that links the tip to nothing.
            submission_nonce: &crate::tokens::nonce(),
            urgent: report.category.is_urgent(),
            priority: ranking.priority.score,
            priority_reasons: &reasons_text(ranking.priority),
            grid_cell: report.point.map(|p| GridCell::of(&p).key()).as_deref(),
            corroboration: i32::try_from(ranking.corroboration).unwrap_or(i32::MAX),
            burst_lead: ranking.burst_lead,
            public_status: TipStatus::New.public().as_str(),
            tipster_key: tipster_key.to_bytes().to_vec(),
            description_chars: i32::try_from(report.description.chars().count())
                .unwrap_or(i32::MAX),
            has_point: report.point.is_some(),
        })
        .returning(tips::id)
        .get_result(conn)?;
    // Sealed under the tip's id, known only once the row exists: a sealed
    // value moved to another tip does not open there.
    let content = TipContent {
        description: report.description.clone(),
        landmark: report.landmark.clone(),
        point: report.point,
    };
    diesel::update(tips::table.find(tip_id))
        .set(tips::sealed.eq(Some(content.seal(org, tip_id))))
        .execute(conn)?;
    store_photos(conn, org, tip_id, None, photos)?;
    // Indexed for search at the next staff request, which holds the key.
    super::search_index::mark_pending(conn, tip_id)?;
    Ok(tip_id)
}

/// Stores cleaned photos of a tip, or of one of its messages.
fn store_photos(
    conn: &mut DbConnection,
    org: &SealingKey,
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
                tip_photos::bytes.eq(seal_photo(org, tip_id, false, &photo.jpeg)),
                tip_photos::size.eq(i32::try_from(photo.jpeg.len()).unwrap_or(i32::MAX)),
                tip_photos::thumbnail.eq(seal_photo(org, tip_id, true, &photo.thumbnail)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Adds a message to tip `tip_id`'s conversation, sealed to the
/// organisation and to the tip's own key under the message's id.
pub(super) fn add_message(
    conn: &mut DbConnection,
    org: &SealingKey,
    tip_id: TipId,
    direction: Direction,
    author: Option<StaffId>,
    body: &str,
    at: NaiveDateTime,
) -> Result<MessageId, DbError> {
    let tipster: Option<Vec<u8>> = tips::table
        .find(tip_id)
        .select(tips::tipster_key)
        .first(conn)?;
    let tipster = tipster
        .as_deref()
        .map(SealingKey::from_bytes)
        .transpose()
        .map_err(|_| super::corrupt(format!("the key of tip {tip_id}")))?
        .ok_or_else(|| super::corrupt(format!("tip {tip_id} has no key of its own")))?;
    let message_id: MessageId = diesel::insert_into(tip_messages::table)
        .values((
            tip_messages::tip_id.eq(tip_id),
            tip_messages::direction.eq(direction),
            tip_messages::created_at.eq(at),
            tip_messages::author_id.eq(author),
        ))
        .returning(tip_messages::id)
        .get_result(conn)?;
    diesel::update(tip_messages::table.find(message_id))
        .set(tip_messages::sealed.eq(seal_message(org, &tipster, tip_id, message_id, body)))
        .execute(conn)?;
    Ok(message_id)
}

/// What a status check needs of a tip.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tips)]
pub struct TipAccess {
    pub id: TipId,
    pub passphrase_hash: String,
}

/// The tip with `code`, if there is one.
pub fn find_for_tipster(
    conn: &mut DbConnection,
    code: &StoredCode,
) -> Result<Option<TipAccess>, DbError> {
    Ok(tips::table
        .filter(tips::code.eq(code.as_str()))
        .select(TipAccess::as_select())
        .first(conn)
        .optional()?)
}

/// One message between reviewers and the tipster, as its tipster reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub direction: Direction,
    pub body: String,
    pub created_at: NaiveDateTime,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = tip_messages)]
struct SealedMessageRow {
    id: MessageId,
    direction: Direction,
    sealed: Vec<u8>,
    created_at: NaiveDateTime,
}

/// The conversation of a tip, oldest first, opened with the tip's own key.
fn conversation(
    conn: &mut DbConnection,
    tip_id: TipId,
    tipster: &OpeningKey,
) -> Result<Vec<Message>, DbError> {
    let rows: Vec<SealedMessageRow> = tip_messages::table
        .filter(tip_messages::tip_id.eq(tip_id))
        .order(tip_messages::id.asc())
        .select(SealedMessageRow::as_select())
        .load(conn)?;
    rows.into_iter()
        .map(|row| {
            let body = open_message(tipster, Slot::Tipster, tip_id, row.id, &row.sealed)
                .map_err(|_| super::corrupt(format!("message {} of tip {tip_id}", row.id)))?;
            Ok(Message {
                direction: row.direction,
                body,
                created_at: row.created_at,
            })
        })
        .collect()
}

/// What tip `tip_id` holds of its tipster's: replies and photos.
pub fn holdings(conn: &mut DbConnection, tip_id: TipId) -> Result<TipHoldings, DbError> {
    let tipster_replies: i64 = tip_messages::table
        .filter(tip_messages::tip_id.eq(tip_id))
        .filter(tip_messages::direction.eq(Direction::FromTipster))
        .count()
        .get_result(conn)?;
    let (photos, photo_bytes): (i64, Option<i64>) = tip_photos::table
        .filter(tip_photos::tip_id.eq(tip_id))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::sum(tip_photos::size),
        ))
        .first(conn)?;
    Ok(TipHoldings {
        tipster_replies: u32::try_from(tipster_replies).unwrap_or(u32::MAX),
        photos: u32::try_from(photos).unwrap_or(u32::MAX),
        photo_bytes: u64::try_from(photo_bytes.unwrap_or(0)).unwrap_or(0),
    })
}

/// Adds the tipster's message and moves the tip as the domain says, if the
/// tip still takes it (nothing is stored if not); run it inside the write
/// transaction that rescores the tip.
pub fn add_tipster_reply(
    conn: &mut DbConnection,
    org: &SealingKey,
    tip_id: TipId,
    body: &str,
    photos: &[CleanPhoto],
    at: NaiveDateTime,
) -> Result<Result<(), TipFull>, DbError> {
    hold_tip(conn, tip_id)?;
    let photo_bytes = photos.iter().map(|photo| photo.jpeg.len() as u64).sum();
    let photo_count = u32::try_from(photos.len()).unwrap_or(u32::MAX);
    if let Err(full) = holdings(conn, tip_id)?.take_reply(photo_count, photo_bytes) {
        return Ok(Err(full));
    }
    let status: TipStatus = tips::table.find(tip_id).select(tips::status).first(conn)?;
    let message_id = add_message(conn, org, tip_id, Direction::FromTipster, None, body, at)?;
    store_photos(conn, org, tip_id, Some(message_id), photos)?;
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
    Ok(Ok(()))
}

/// Makes the transaction the only one adding to tip `tip_id` until it ends,
/// so replies sent at once cannot each find room for themselves and pass
/// the bound together (SQLite's one writer already takes them in turn).
fn hold_tip(conn: &mut DbConnection, tip_id: TipId) -> Result<(), DbError> {
    match conn {
        DbConnection::Sqlite(_) => {}
        DbConnection::Postgres(pg) => {
            diesel::sql_query("SELECT id FROM tips WHERE id = $1 FOR UPDATE")
                .bind::<diesel::sql_types::BigInt, _>(tip_id.0)
                .execute(pg)?;
        }
    }
    Ok(())
}

/// A status check counted against its code before its passphrase is
/// checked: a failure unless it is given back.
#[derive(Debug)]
pub struct CountedTry {
    failure: i64,
    /// The code's failures before this try, within the window.
    pub earlier_failures: i64,
}

/// Counts a status check against `code` as a failure before it is checked;
/// only failures since `since` count. On PostgreSQL the checks of one code take turns here, so a parallel
/// burst is counted whole and only as many as the throttle allows are
/// checked (SQLite's one writer already takes them in turn).
pub fn count_try(
    conn: &mut DbConnection,
    code: &StoredCode,
    at: NaiveDateTime,
    since: NaiveDateTime,
) -> Result<CountedTry, DbError> {
    hold_code(conn, code)?;
    let earlier: i64 = status_check_failures::table
        .filter(status_check_failures::code.eq(code.as_str()))
        .filter(status_check_failures::failed_at.ge(since))
        .count()
        .get_result(conn)?;
    let failure = diesel::insert_into(status_check_failures::table)
        .values((
            status_check_failures::code.eq(code.as_str()),
            status_check_failures::failed_at.eq(at),
        ))
        .returning(status_check_failures::id)
        .get_result(conn)?;
    Ok(CountedTry {
        failure,
        earlier_failures: earlier,
    })
}

/// Forgets failed status checks from before `before`, which no longer
/// count: a scan of the whole table, so the jobs do it, not each check.
pub fn forget_failures_before(
    conn: &mut DbConnection,
    before: NaiveDateTime,
) -> Result<usize, DbError> {
    Ok(diesel::delete(
        status_check_failures::table.filter(status_check_failures::failed_at.lt(before)),
    )
    .execute(conn)?)
}

/// Takes back a counted try whose passphrase was right.
pub fn give_back_try(conn: &mut DbConnection, counted: CountedTry) -> Result<(), DbError> {
    diesel::delete(status_check_failures::table.find(counted.failure)).execute(conn)?;
    Ok(())
}

/// Makes the transaction the only one counting tries of `code` until it ends.
fn hold_code(conn: &mut DbConnection, code: &StoredCode) -> Result<(), DbError> {
    match conn {
        DbConnection::Sqlite(_) => {}
        DbConnection::Postgres(pg) => {
            // The two-key form: a key space apart from the one-key locks of
            // the audit chain and the migrations.
            diesel::sql_query("SELECT pg_advisory_xact_lock(1, hashtext($1))")
                .bind::<diesel::sql_types::Text, _>(code.as_str())
                .execute(pg)?;
        }
    }
    Ok(())
}

/// What the tipster's status page shows.
#[derive(Debug, Clone)]
pub struct TipsterView {
    pub status: PublicStatus,
    /// The conversation; `None` when the tip's key is not at hand.
    pub messages: Option<Vec<Message>>,
    /// The tipster withdrew the report.
    pub withdrawn: bool,
}

/// The status of the tip with `id`, and its conversation opened with the
/// tip's own key when the page has it.
pub fn tipster_view(
    conn: &mut DbConnection,
    tip_id: TipId,
    tipster: Option<&OpeningKey>,
) -> Result<TipsterView, DbError> {
    let status: PublicStatus = tips::table
        .find(tip_id)
        .select(tips::public_status)
        .first(conn)?;
    Ok(TipsterView {
        status,
        messages: tipster
            .map(|key| conversation(conn, tip_id, key))
            .transpose()?,
        withdrawn: is_withdrawn(conn, tip_id)?,
    })
}

pub fn is_withdrawn(conn: &mut DbConnection, tip_id: TipId) -> Result<bool, DbError> {
    let found: i64 = tip_withdrawals::table
        .find(tip_id)
        .count()
        .get_result(conn)?;
    Ok(found > 0)
}

/// The tipster withdraws the report on `day`: its words, places, photos
/// and the tipster's own replies are deleted now, and any receipt kept for
/// a repeated form; the reviewers' notes and questions stay. False if it
/// was withdrawn already.
pub fn withdraw(
    conn: &mut DbConnection,
    tip_id: TipId,
    day: chrono::NaiveDate,
) -> Result<bool, DbError> {
    if is_withdrawn(conn, tip_id)? {
        return Ok(false);
    }
    diesel::delete(
        tip_messages::table
            .filter(tip_messages::tip_id.eq(tip_id))
            .filter(tip_messages::direction.eq(Direction::FromTipster)),
    )
    .execute(conn)?;
    diesel::delete(form_receipts::table.filter(form_receipts::tip_id.eq(tip_id))).execute(conn)?;
    super::tips::delete_content(conn, &[tip_id])?;
    diesel::insert_into(tip_withdrawals::table)
        .values((
            tip_withdrawals::tip_id.eq(tip_id),
            tip_withdrawals::day.eq(day),
        ))
        .execute(conn)?;
    Ok(true)
}
