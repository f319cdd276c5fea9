//! Accounts proposed as administrators, each waiting for a second
//! administrator's confirmation (`crate::services::staff`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::admin_proposals;
use super::{DbConnection, DbError};
use crate::domain::ids::StaffId;

/// Who proposed `account` as an administrator, if anyone has.
pub fn proposer_of(conn: &mut DbConnection, account: StaffId) -> Result<Option<StaffId>, DbError> {
    Ok(admin_proposals::table
        .find(account)
        .select(admin_proposals::proposed_by)
        .first(conn)
        .optional()?)
}

/// Every open proposal: the account and who proposed it.
pub fn all(conn: &mut DbConnection) -> Result<Vec<(StaffId, StaffId)>, DbError> {
    Ok(admin_proposals::table
        .select((admin_proposals::staff_id, admin_proposals::proposed_by))
        .load(conn)?)
}

/// Proposes `account`, replacing an earlier proposal of it.
pub fn propose(
    conn: &mut DbConnection,
    account: StaffId,
    by: StaffId,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    withdraw(conn, account)?;
    diesel::insert_into(admin_proposals::table)
        .values((
            admin_proposals::staff_id.eq(account),
            admin_proposals::proposed_by.eq(by),
            admin_proposals::proposed_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Ends the proposal of `account`; whether there was one.
pub fn withdraw(conn: &mut DbConnection, account: StaffId) -> Result<bool, DbError> {
    Ok(diesel::delete(admin_proposals::table.find(account)).execute(conn)? > 0)
}
