//! The audit log: appends chained rows and reads them back. Appends are
//! serialised so concurrent writers never fork the chain: on SQLite the
//! single writer connection does it, on PostgreSQL a transaction-scoped
//! advisory lock in [`lock_chain`].

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::audit_log;
use super::sealed_text::{self, Opened};
use super::{DbConnection, DbError};
use crate::domain::audit::{
    AuditAction, AuditEvent, AuditHead, AuditRow, ChainBreak, ChainChecker, anchor_day,
    anchor_subject,
};
use crate::secret::SecretKey;
use crate::vault::OpeningKey;

/// Any fixed number, different from the start-up lock's.
const CHAIN_LOCK_KEY: i64 = 0x0061_7564_6974; // "audit" in ASCII

/// A row of the chain as stored.
#[derive(Queryable, Selectable)]
#[diesel(table_name = audit_log)]
struct AuditLogRow {
    seq: i64,
    at: NaiveDateTime,
    actor: String,
    action: String,
    subject: String,
    detail: String,
    prev_hash: String,
    hash: String,
}

impl AuditLogRow {
    fn parse(self) -> AuditRow {
        AuditRow {
            seq: self.seq,
            at: self.at,
            actor: self.actor,
            action: self.action,
            subject: self.subject,
            detail: self.detail,
            prev_hash: self.prev_hash,
            hash: self.hash,
        }
    }
}

/// The last row's number and hash: what the next row chains to.
#[derive(Queryable, Selectable)]
#[diesel(table_name = audit_log)]
struct LastRow {
    seq: i64,
    hash: String,
}

fn last(conn: &mut DbConnection) -> Result<Option<LastRow>, DbError> {
    Ok(audit_log::table
        .order(audit_log::seq.desc())
        .select(LastRow::as_select())
        .first(conn)
        .optional()?)
}

/// Holds the chain until the transaction ends. Must run inside the
/// transaction that appends. A transaction that also changes staff rows
/// calls it first, so every audited transaction takes its locks in the same
/// order (chain, then rows) and none can deadlock another.
pub fn hold_chain(conn: &mut DbConnection) -> Result<(), DbError> {
    match conn {
        DbConnection::Sqlite(_) => {}
        DbConnection::Postgres(pg) => {
            diesel::sql_query(format!("SELECT pg_advisory_xact_lock({CHAIN_LOCK_KEY})"))
                .execute(pg)?;
        }
    }
    Ok(())
}

/// Appends `event` to the chain. Call it inside the transaction of the
/// action it records, so both are committed or neither. Its detail is
/// sealed to the organisation unless its action keeps it plain; the row
/// returned holds it as stored.
pub fn append(
    conn: &mut DbConnection,
    key: &SecretKey,
    event: &AuditEvent,
    now: NaiveDateTime,
) -> Result<AuditRow, DbError> {
    hold_chain(conn)?;
    let last = last(conn)?;
    let seq = last.as_ref().map_or(0, |last| last.seq) + 1;
    let sealed;
    let event = if event.detail.is_empty() || event.action.detail_stays_plain() {
        event
    } else {
        let org = sealed_text::org(conn)?;
        sealed = AuditEvent {
            detail: sealed_text::seal_audit_detail(&org, &detail_context(seq), &event.detail),
            ..event.clone()
        };
        &sealed
    };
    let row = AuditRow::next(
        key,
        last.as_ref().map(|last| (last.seq, last.hash.as_str())),
        now,
        event,
    );
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::seq.eq(row.seq),
            audit_log::at.eq(row.at),
            audit_log::actor.eq(&row.actor),
            audit_log::action.eq(&row.action),
            audit_log::subject.eq(&row.subject),
            audit_log::detail.eq(&row.detail),
            audit_log::prev_hash.eq(&row.prev_hash),
            audit_log::hash.eq(&row.hash),
        ))
        .execute(conn)?;
    Ok(row)
}

/// What a row's sealed detail is bound to: its place in the chain.
pub fn detail_context(seq: i64) -> String {
    format!("audit:{seq}")
}

/// The detail of `row` as a reader with `org` finds it.
pub fn opened_detail(org: Option<&OpeningKey>, row: &AuditRow) -> Opened {
    sealed_text::open_audit_detail(org, &detail_context(row.seq), &row.detail)
}

/// The stored head: the last row's number and hash.
pub fn head(conn: &mut DbConnection) -> Result<AuditHead, DbError> {
    Ok(match last(conn)? {
        Some(last) => AuditHead {
            count: last.seq,
            hash: last.hash,
        },
        None => AuditHead {
            count: 0,
            hash: crate::domain::audit::genesis_hash(),
        },
    })
}

/// Checks the whole chain, a page at a time, and that `head` (a head
/// recorded earlier) is still in it.
pub fn verify(
    conn: &mut DbConnection,
    key: &SecretKey,
    head: Option<AuditHead>,
) -> Result<Result<AuditHead, ChainBreak>, DbError> {
    const PAGE: i64 = 1_000;
    let mut checker = ChainChecker::new(key, head);
    let mut after = 0;
    loop {
        let rows: Vec<AuditLogRow> = audit_log::table
            .filter(audit_log::seq.gt(after))
            .order(audit_log::seq)
            .limit(PAGE)
            .select(AuditLogRow::as_select())
            .load(conn)?;
        let Some(last) = rows.last() else { break };
        after = last.seq;
        for row in rows.into_iter().map(AuditLogRow::parse) {
            if let Err(broken) = checker.check(&row) {
                return Ok(Err(broken));
            }
        }
    }
    Ok(checker.finish())
}

/// One row by its number.
pub fn row(conn: &mut DbConnection, seq: i64) -> Result<Option<AuditRow>, DbError> {
    Ok(audit_log::table
        .find(seq)
        .select(AuditLogRow::as_select())
        .first(conn)
        .optional()?
        .map(AuditLogRow::parse))
}

/// What the audit page filters by; `None` means any.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub subject: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
}

/// Up to `limit` rows matching `filter`, newest first, older than `before`.
pub fn page(
    conn: &mut DbConnection,
    filter: &AuditFilter,
    before: Option<i64>,
    limit: usize,
) -> Result<Vec<AuditRow>, DbError> {
    let mut query = audit_log::table
        .select(AuditLogRow::as_select())
        .into_boxed();
    if let Some(actor) = &filter.actor {
        query = query.filter(audit_log::actor.eq(actor.clone()));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_log::action.eq(action.clone()));
    }
    if let Some(subject) = &filter.subject {
        query = query.filter(audit_log::subject.eq(subject.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_log::at.ge(from));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_log::at.lt(until));
    }
    if let Some(before) = before {
        query = query.filter(audit_log::seq.lt(before));
    }
    Ok(query
        .order(audit_log::seq.desc())
        .limit(i64::try_from(limit).unwrap_or(i64::MAX))
        .load(conn)?
        .into_iter()
        .map(AuditLogRow::parse)
        .collect())
}

/// The events since `since` that used an administrator's power over
/// accounts, oldest first (at most `limit`).
pub fn staff_changes_since(
    conn: &mut DbConnection,
    since: NaiveDateTime,
    limit: i64,
) -> Result<Vec<AuditRow>, DbError> {
    let names: Vec<&str> = AuditAction::ALL
        .into_iter()
        .filter(|action| action.is_staff_power())
        .map(AuditAction::as_str)
        .collect();
    Ok(audit_log::table
        .select(AuditLogRow::as_select())
        .filter(audit_log::action.eq_any(names))
        .filter(audit_log::at.ge(since))
        .order(audit_log::seq.asc())
        .limit(limit)
        .load(conn)?
        .into_iter()
        .map(AuditLogRow::parse)
        .collect())
}

/// Appends the anchor of `day`: a row naming the head before it, so the
/// chain itself records each recorded head. Nothing is anchored in an
/// empty chain. Returns the head with the anchor row.
pub fn anchor(
    conn: &mut DbConnection,
    key: &SecretKey,
    actor: String,
    day: NaiveDate,
    now: NaiveDateTime,
) -> Result<Option<AuditHead>, DbError> {
    hold_chain(conn)?;
    let before = head(conn)?;
    if before.count == 0 {
        return Ok(None);
    }
    let event = AuditEvent {
        actor,
        action: AuditAction::Anchored,
        subject: anchor_subject(day),
        detail: before.to_string(),
    };
    append(conn, key, &event, now)?;
    head(conn).map(Some)
}

/// The days that have an anchor row.
pub fn anchored_days(conn: &mut DbConnection) -> Result<Vec<NaiveDate>, DbError> {
    let subjects: Vec<String> = audit_log::table
        .filter(audit_log::action.eq(AuditAction::Anchored.as_str()))
        .select(audit_log::subject)
        .load(conn)?;
    Ok(subjects.iter().filter_map(|s| anchor_day(s)).collect())
}
