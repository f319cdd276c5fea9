//! Forms that may be posted only once, by a keyed hash of what names them
//! (`crate::services::reports` makes the keys). Spending one is atomic: on
//! PostgreSQL two posts at once wait on one lock, and the second finds the
//! first; SQLite's single writer already serialises.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::spent_forms;
use super::{DbConnection, DbError};

/// Spends the form `key_hash` until `forget_at`; false when it was spent
/// before. Run it in the transaction that acts on the form.
pub fn spend(
    conn: &mut DbConnection,
    key_hash: &str,
    forget_at: NaiveDateTime,
) -> Result<bool, DbError> {
    hold(conn, key_hash)?;
    let spent: i64 = spent_forms::table
        .filter(spent_forms::key_hash.eq(key_hash))
        .count()
        .get_result(conn)?;
    if spent > 0 {
        return Ok(false);
    }
    diesel::insert_into(spent_forms::table)
        .values((
            spent_forms::key_hash.eq(key_hash),
            spent_forms::forget_at.eq(forget_at),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Gives a form back: what it carried was not taken after all.
pub fn unspend(conn: &mut DbConnection, key_hash: &str) -> Result<(), DbError> {
    diesel::delete(spent_forms::table.find(key_hash)).execute(conn)?;
    Ok(())
}

/// Forgets the forms that could no longer be posted by `now`.
pub fn forget(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, DbError> {
    Ok(diesel::delete(spent_forms::table.filter(spent_forms::forget_at.le(now))).execute(conn)?)
}

fn hold(conn: &mut DbConnection, key_hash: &str) -> Result<(), DbError> {
    match conn {
        DbConnection::Sqlite(_) => {}
        DbConnection::Postgres(pg) => {
            // Class 3 of the two-key locks (1 counts status tries, 2 holds
            // a posted report form).
            diesel::sql_query("SELECT pg_advisory_xact_lock(3, hashtext($1))")
                .bind::<diesel::sql_types::Text, _>(key_hash)
                .execute(pg)?;
        }
    }
    Ok(())
}
