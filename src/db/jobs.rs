//! Daily jobs that exactly one app instance runs. An instance claims a
//! job's day by taking a lease on its row; it marks the day done when the
//! job finished. If the instance dies mid-run the lease runs out and
//! another instance (or the same one, restarted) takes the job over. The
//! rows are created by the migrations, so a claim is one conditional update.

use chrono::{NaiveDate, NaiveDateTime, SubsecRound, TimeDelta};
use diesel::prelude::*;

use super::schema::job_runs;
use super::{DbConnection, DbError};

/// The daily audit anchor.
pub const AUDIT_ANCHOR: &str = "audit-anchor";
/// The daily release of what tipsters see of their tips' cases.
pub const STATUS_RELEASE: &str = "status-release";
/// The reviewers' daily digest.
pub const DAILY_DIGEST: &str = "daily-digest";
/// The daily settling of claims: expiry, and the audit of checks and payouts.
pub const REWARD_EXPIRY: &str = "reward-expiry";
/// The daily deletion of closed work's content past its retention.
pub const RETENTION: &str = "retention";

/// A lease held on a job: it ends at this instant, which also tells this
/// holder's lease apart from a later one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lease(NaiveDateTime);

/// Takes the lease on today's run of `name` until `now + lease`; `None` if
/// today's run is done or another instance holds a live lease.
pub fn claim(
    conn: &mut DbConnection,
    name: &str,
    today: NaiveDate,
    now: NaiveDateTime,
    lease: TimeDelta,
) -> Result<Option<Lease>, DbError> {
    // Microseconds, as both backends store them, so the lease compares equal
    // when read back.
    let until = (now + lease).trunc_subsecs(6);
    let updated = diesel::update(
        job_runs::table
            .filter(job_runs::name.eq(name))
            .filter(job_runs::last_day.lt(today))
            .filter(
                job_runs::leased_until
                    .is_null()
                    .or(job_runs::leased_until.lt(now)),
            ),
    )
    .set(job_runs::leased_until.eq(until))
    .execute(conn)?;
    Ok((updated == 1).then_some(Lease(until)))
}

/// Marks today's run done and lets the lease go, if it is still this
/// holder's: an instance whose lease ran out and was taken over changes
/// nothing.
pub fn complete(
    conn: &mut DbConnection,
    name: &str,
    today: NaiveDate,
    lease: Lease,
) -> Result<bool, DbError> {
    let updated = diesel::update(
        job_runs::table
            .filter(job_runs::name.eq(name))
            .filter(job_runs::leased_until.eq(lease.0)),
    )
    .set((
        job_runs::last_day.eq(today),
        job_runs::leased_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Lets this holder's lease go without marking the day done, so the run is
/// tried again.
pub fn release(conn: &mut DbConnection, name: &str, lease: Lease) -> Result<(), DbError> {
    diesel::update(
        job_runs::table
            .filter(job_runs::name.eq(name))
            .filter(job_runs::leased_until.eq(lease.0)),
    )
    .set(job_runs::leased_until.eq(None::<NaiveDateTime>))
    .execute(conn)?;
    Ok(())
}
