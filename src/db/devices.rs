//! Browsers where an account signed in before (`staff_devices`), each with
//! its own budget of sign-in tries, and the per-interval count of failures
//! for addresses with no account (`unknown_sign_in_failures`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{staff, staff_devices, unknown_sign_in_failures};
use super::{DbConnection, DbError};
use crate::domain::ids::StaffId;
use crate::domain::staff::sign_in_delay;

/// Remembers a browser the account just signed in on.
pub fn remember(
    conn: &mut DbConnection,
    nonce_hash: &str,
    id: StaffId,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(staff_devices::table)
        .values((
            staff_devices::nonce_hash.eq(nonce_hash),
            staff_devices::staff_id.eq(id),
            staff_devices::issued_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Forgets a browser's old cookie once it holds a new one.
pub fn forget(conn: &mut DbConnection, nonce_hash: &str) -> Result<(), DbError> {
    diesel::delete(staff_devices::table.find(nonce_hash)).execute(conn)?;
    Ok(())
}

/// Forgets devices whose cookies were issued before `cutoff`: the cookie no
/// longer counts, so neither does its row.
pub fn forget_issued_before(conn: &mut DbConnection, cutoff: NaiveDateTime) -> Result<(), DbError> {
    diesel::delete(staff_devices::table.filter(staff_devices::issued_at.lt(cutoff)))
        .execute(conn)?;
    Ok(())
}

/// Counts a sign-in try against this device's own budget, as
/// [`super::staff::reserve_sign_in_try`] does for the account: `None` when
/// the device is not this account's, was forgotten, or must wait, and then
/// it counts as unknown. A disabled account has no budget anywhere.
pub fn reserve_try(
    conn: &mut DbConnection,
    nonce_hash: &str,
    id: StaffId,
    now: NaiveDateTime,
) -> Result<Option<i32>, DbError> {
    let enabled: Option<bool> = staff::table
        .find(id)
        .select(staff::disabled)
        .first::<bool>(conn)
        .optional()?
        .map(|disabled| !disabled);
    if enabled != Some(true) {
        return Ok(None);
    }
    let tries: Option<i32> = diesel::update(
        staff_devices::table
            .find(nonce_hash)
            .filter(staff_devices::staff_id.eq(id))
            .filter(
                staff_devices::locked_until
                    .is_null()
                    .or(staff_devices::locked_until.le(now)),
            ),
    )
    .set(staff_devices::failed_logins.eq(staff_devices::failed_logins + 1))
    .returning(staff_devices::failed_logins)
    .get_result(conn)
    .optional()?;
    if let Some(wait) = tries.and_then(sign_in_delay) {
        diesel::update(staff_devices::table.find(nonce_hash))
            .set(staff_devices::locked_until.eq(now + wait))
            .execute(conn)?;
    }
    Ok(tries)
}

/// Gives back a device's try that turned out right, and lifts the wait it
/// may have set off (see [`super::staff::give_back_sign_in_try`]).
pub fn give_back_try(conn: &mut DbConnection, nonce_hash: &str) -> Result<(), DbError> {
    diesel::update(
        staff_devices::table
            .find(nonce_hash)
            .filter(staff_devices::failed_logins.gt(0)),
    )
    .set(staff_devices::failed_logins.eq(staff_devices::failed_logins - 1))
    .execute(conn)?;
    diesel::update(staff_devices::table.find(nonce_hash))
        .set(staff_devices::locked_until.eq(None::<NaiveDateTime>))
        .execute(conn)?;
    Ok(())
}

/// Counts one failed sign-in for an address with no account in the
/// interval starting at `interval`. Run after [`super::audit::hold_chain`],
/// which keeps two of these from both inserting the interval's row.
pub fn count_unknown_address_failure(
    conn: &mut DbConnection,
    interval: NaiveDateTime,
) -> Result<(), DbError> {
    let counted = diesel::update(unknown_sign_in_failures::table.find(interval))
        .set(unknown_sign_in_failures::failures.eq(unknown_sign_in_failures::failures + 1))
        .execute(conn)?;
    if counted == 0 {
        diesel::insert_into(unknown_sign_in_failures::table)
            .values((
                unknown_sign_in_failures::interval_start.eq(interval),
                unknown_sign_in_failures::failures.eq(1_i64),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Takes the counts of intervals that started before `current` (they are
/// over): their starts and counts, oldest first, removed from the table.
pub fn take_closed_unknown_address_counts(
    conn: &mut DbConnection,
    current: NaiveDateTime,
) -> Result<Vec<(NaiveDateTime, i64)>, DbError> {
    let closed = unknown_sign_in_failures::table
        .filter(unknown_sign_in_failures::interval_start.lt(current))
        .order(unknown_sign_in_failures::interval_start.asc())
        .select((
            unknown_sign_in_failures::interval_start,
            unknown_sign_in_failures::failures,
        ))
        .load::<(NaiveDateTime, i64)>(conn)?;
    diesel::delete(
        unknown_sign_in_failures::table
            .filter(unknown_sign_in_failures::interval_start.lt(current)),
    )
    .execute(conn)?;
    Ok(closed)
}
