//! The one window of batched urgent alerts, in a one-row table so that every
//! instance sees the same window and a restart forgets nothing. Whoever reads
//! it to change it holds it first, so two instances never both open a window
//! or both close the same one.

use chrono::{NaiveDateTime, SubsecRound};
use diesel::prelude::*;

use super::schema::urgent_alert_window;
use super::{DbConnection, DbError};
use crate::domain::alert_window::AlertWindow;

/// The one-key advisory lock of the window, apart from the audit chain's
/// and the migrations'.
const WINDOW_LOCK_KEY: i64 = 0x0061_6c65_7274; // "alert" in ASCII

/// Makes the transaction the only one reading and changing the window until
/// it ends (SQLite has one writer already).
pub fn hold(conn: &mut DbConnection) -> Result<(), DbError> {
    match conn {
        DbConnection::Sqlite(_) => {}
        DbConnection::Postgres(pg) => {
            diesel::sql_query(format!("SELECT pg_advisory_xact_lock({WINDOW_LOCK_KEY})"))
                .execute(pg)?;
        }
    }
    Ok(())
}

/// The open window, if any.
pub fn read(conn: &mut DbConnection) -> Result<Option<AlertWindow>, DbError> {
    let (opened_at, more): (Option<NaiveDateTime>, i32) = urgent_alert_window::table
        .select((
            urgent_alert_window::opened_at,
            urgent_alert_window::more_tips,
        ))
        .first(conn)?;
    Ok(opened_at.map(|opened_at| AlertWindow {
        opened_at,
        more: u32::try_from(more).unwrap_or(0),
    }))
}

/// Stores `window` as the open one, or none.
pub fn store(conn: &mut DbConnection, window: Option<AlertWindow>) -> Result<(), DbError> {
    // Microseconds, as both backends keep them.
    let opened_at = window.map(|open| open.opened_at.trunc_subsecs(6));
    let more = window.map_or(0, |open| i32::try_from(open.more).unwrap_or(i32::MAX));
    diesel::update(urgent_alert_window::table)
        .set((
            urgent_alert_window::opened_at.eq(opened_at),
            urgent_alert_window::more_tips.eq(more),
        ))
        .execute(conn)?;
    Ok(())
}
