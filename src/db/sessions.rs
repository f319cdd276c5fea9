//! Staff sessions, in the database so every app instance shares them. Only
//! a SHA-256 of the cookie's token is stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{staff, staff_sessions};
use super::staff::{Staff, StaffRow};
use super::{DbConnection, DbError};
use crate::domain::ids::StaffId;
use crate::domain::staff::{SessionStage, SessionTimes};
use crate::vault::WrappedKey;

/// A session and its account.
#[derive(Clone, Debug)]
pub struct Session {
    pub stage: SessionStage,
    pub times: SessionTimes,
    pub staff: Staff,
    /// The organisation key under the session token's key, when the
    /// account holds a grant.
    pub sealed_key: Option<WrappedKey>,
}

/// A new session; `sealed_key` is the organisation key under the new
/// token's key, when the account may open content.
pub fn create(
    conn: &mut DbConnection,
    token_hash: &str,
    staff_id: StaffId,
    stage: SessionStage,
    sealed_key: Option<&WrappedKey>,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(staff_sessions::table)
        .values((
            staff_sessions::token_hash.eq(token_hash),
            staff_sessions::staff_id.eq(staff_id),
            staff_sessions::stage.eq(stage),
            staff_sessions::created_at.eq(now),
            staff_sessions::last_seen_at.eq(now),
            staff_sessions::sealed_key.eq(sealed_key.map(|key| &key.0)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The organisation key a session holds, still sealed under its token's key.
pub fn sealed_key(
    conn: &mut DbConnection,
    token_hash: &str,
) -> Result<Option<WrappedKey>, DbError> {
    Ok(staff_sessions::table
        .find(token_hash)
        .select(staff_sessions::sealed_key)
        .first::<Option<Vec<u8>>>(conn)
        .optional()?
        .flatten()
        .map(WrappedKey))
}

/// A session as stored, with its account.
#[derive(Queryable, Selectable)]
#[diesel(table_name = staff_sessions)]
struct SessionRow {
    stage: SessionStage,
    created_at: NaiveDateTime,
    last_seen_at: NaiveDateTime,
    sealed_key: Option<Vec<u8>>,
    #[diesel(embed)]
    staff: StaffRow,
}

impl SessionRow {
    fn parse(self) -> Session {
        Session {
            stage: self.stage,
            times: SessionTimes {
                created_at: self.created_at,
                last_seen_at: self.last_seen_at,
            },
            staff: self.staff.parse(),
            sealed_key: self.sealed_key.map(WrappedKey),
        }
    }
}

pub fn find(conn: &mut DbConnection, token_hash: &str) -> Result<Option<Session>, DbError> {
    let row: Option<SessionRow> = staff_sessions::table
        .inner_join(staff::table)
        .filter(staff_sessions::token_hash.eq(token_hash))
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(SessionRow::parse))
}

pub fn touch(conn: &mut DbConnection, token_hash: &str, now: NaiveDateTime) -> Result<(), DbError> {
    diesel::update(staff_sessions::table.find(token_hash))
        .set(staff_sessions::last_seen_at.eq(now))
        .execute(conn)?;
    Ok(())
}

pub fn end(conn: &mut DbConnection, token_hash: &str) -> Result<(), DbError> {
    diesel::delete(staff_sessions::table.find(token_hash)).execute(conn)?;
    Ok(())
}

/// Ends every session of one account; returns how many there were.
pub fn end_all_for(conn: &mut DbConnection, staff_id: StaffId) -> Result<usize, DbError> {
    Ok(
        diesel::delete(staff_sessions::table.filter(staff_sessions::staff_id.eq(staff_id)))
            .execute(conn)?,
    )
}

/// Ends every session of one account but the one whose token hashes to
/// `kept`; returns how many it ended.
pub fn end_others_for(
    conn: &mut DbConnection,
    staff_id: StaffId,
    kept: &str,
) -> Result<usize, DbError> {
    Ok(diesel::delete(
        staff_sessions::table
            .filter(staff_sessions::staff_id.eq(staff_id))
            .filter(staff_sessions::token_hash.ne(kept)),
    )
    .execute(conn)?)
}

/// Removes sessions that can no longer be used.
pub fn purge_expired(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, DbError> {
    Ok(diesel::delete(
        staff_sessions::table.filter(
            staff_sessions::last_seen_at
                .lt(now - SessionTimes::IDLE)
                .or(staff_sessions::created_at.lt(now - SessionTimes::ABSOLUTE)),
        ),
    )
    .execute(conn)?)
}
