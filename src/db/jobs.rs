//! Daily jobs that exactly one app instance runs: whoever first moves the
//! job's `last_day` to today owns today's run. The rows are created by the
//! migrations, so a claim is a single conditional update.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::schema::job_runs;
use super::{DbConnection, DbError};

/// The daily audit anchor.
pub const AUDIT_ANCHOR: &str = "audit-anchor";

/// Claims today's run of `name`; false if another instance already has.
pub fn claim_day(conn: &mut DbConnection, name: &str, today: NaiveDate) -> Result<bool, DbError> {
    let updated = diesel::update(
        job_runs::table
            .filter(job_runs::name.eq(name))
            .filter(job_runs::last_day.lt(today)),
    )
    .set(job_runs::last_day.eq(today))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Gives today's run back, when it failed, so it is tried again.
pub fn release_day(conn: &mut DbConnection, name: &str, today: NaiveDate) -> Result<(), DbError> {
    diesel::update(
        job_runs::table
            .filter(job_runs::name.eq(name))
            .filter(job_runs::last_day.eq(today)),
    )
    .set(job_runs::last_day.eq(today - chrono::Days::new(1)))
    .execute(conn)?;
    Ok(())
}
