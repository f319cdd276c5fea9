//! Scheduled work, run by every instance's loop and claimed through a lease
//! row in the database, so exactly one instance does each day's run:
//! - the audit anchor: the chain's head (row count and last hash) is
//!   written to the log and mailed to the oversight address, so a
//!   rewritten or shortened chain can be proven against it;
//! - the status release: what tipsters see of their tips' cases and rewards changes
//!   once a day, at midnight in Cambodia, so a change cannot be timed
//!   against what happens at a site;
//! - the reviewers' digest, with the day's counts, and the administrators'
//!   reminder of rewards waiting for approval;
//! - the settling of claims: those nobody collected by their last day
//!   expire, the day before's claim checks and payouts are written to the
//!   audit chain, shuffled, and the payout routes' requests are logged as
//!   one count for the day;
//! - retention: the words, places, photos and messages of work closed long
//!   enough ago are deleted (`domain::retention`), with one audit row.
//!
//! Expired staff sessions, failed status checks too old to count and
//! device cookies past their lifetime are removed at each check, and failed
//! sign-ins for addresses with no account are summarised in the audit log,
//! one row for each ten minutes that had any. Every 30 seconds, receipts
//! kept for a repeated form past their two minutes are deleted.

use std::future::Future;
use std::time::Duration;

use actix_web::web;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::db::{audit, cases, devices, digest, jobs, reports, retention, rewards, sessions};
use crate::domain::audit::AuditAction;
use crate::domain::cambodia;
use crate::domain::guessing::FAILURE_WINDOW;
use crate::domain::ids::TipId;
use crate::domain::retention::Retention;
use crate::domain::staff::DEVICE_LIFETIME;
use crate::domain::tips::{CaseRef, InternalRef};
use crate::services::anchoring::Anchoring;
use crate::services::common::{Actor, event};
use crate::services::notify::NotifyError;
use crate::services::staff::summarise_unknown_address_failures;
use crate::state::AppState;

/// How often an instance checks whether a job is due.
const CHECK_EVERY: Duration = Duration::from_secs(10 * 60);
/// How long a run may take before another instance may take it over.
const LEASE: TimeDelta = TimeDelta::minutes(10);

/// How often the receipts of posted forms kept past their seconds are
/// deleted: a receipt outlives its time by at most this.
const SWEEP_EVERY: Duration = Duration::from_secs(30);

/// Deletes what may outlive its time by seconds only, until the server
/// stops.
pub async fn run_sweeps(jobs: Jobs) {
    let mut ticks = actix_web::rt::time::interval(SWEEP_EVERY);
    loop {
        ticks.tick().await;
        jobs.sweep(Utc::now()).await;
    }
}

/// Runs the jobs until the server stops; the first check is at once.
pub async fn run_daily(jobs: Jobs) {
    let mut ticks = actix_web::rt::time::interval(CHECK_EVERY);
    loop {
        ticks.tick().await;
        jobs.run_due(Utc::now()).await;
    }
}

#[derive(Debug, thiserror::Error)]
enum JobError {
    #[error(transparent)]
    Database(#[from] crate::db::DbError),
    #[error(transparent)]
    Notify(#[from] NotifyError),
    #[error(transparent)]
    Anchor(#[from] crate::services::anchoring::AnchorError),
}

/// The jobs of one instance.
#[derive(Clone)]
pub struct Jobs {
    state: web::Data<AppState>,
}

impl Jobs {
    pub fn new(state: web::Data<AppState>) -> Self {
        Jobs { state }
    }

    /// Runs every job whose day has come and that no other instance holds,
    /// as if it were `now`.
    pub async fn run_due(&self, now: DateTime<Utc>) {
        let utc_day = now.date_naive();
        let local_day = cambodia::day_of(now);
        self.run(jobs::AUDIT_ANCHOR, utc_day, now, anchor_audit_chain)
            .await;
        self.run(jobs::STATUS_RELEASE, local_day, now, release_statuses)
            .await;
        self.run(jobs::DAILY_DIGEST, local_day, now, send_digest)
            .await;
        self.run(jobs::REWARD_EXPIRY, local_day, now, settle_claims)
            .await;
        self.run(jobs::RETENTION, local_day, now, delete_old_content)
            .await;
        // Ended sessions and failed status checks too old to count are
        // useless already; removing them keeps the tables small, and keeps
        // no trace of when someone tried a code longer than the throttle needs.
        let naive_now = now.naive_utc();
        let purged = self
            .state
            .db
            .write(move |conn| {
                sessions::purge_expired(conn, naive_now)?;
                devices::forget_issued_before(conn, naive_now - DEVICE_LIFETIME)?;
                reports::forget_failures_before(conn, naive_now - FAILURE_WINDOW)
            })
            .await;
        if let Err(error) = purged {
            tracing::error!(cause = %error, "expired sessions or old failures could not be removed");
        }
        let key = self.state.secret.clone();
        let summarised = self
            .state
            .db
            .write(move |conn| summarise_unknown_address_failures(conn, &key, naive_now))
            .await;
        if let Err(error) = summarised {
            tracing::error!(cause = %error, "failed sign-ins for unknown addresses could not be summarised");
        }
    }

    /// Deletes the receipts a repeated form may no longer show, and forgets
    /// the forms that can no longer be posted (`crate::domain::resend`), as
    /// if it were `now`.
    pub async fn sweep(&self, now: DateTime<Utc>) {
        if let Err(error) = self.state.reports.forget_posted_forms(now).await {
            tracing::error!(cause = %error, "kept receipts could not be deleted");
        }
    }

    /// Runs job `name` for `day` if this instance gets its lease; a failed
    /// run gives the lease back so it is tried again at the next check.
    async fn run<F, Fut>(&self, name: &'static str, day: NaiveDate, now: DateTime<Utc>, job: F)
    where
        F: FnOnce(web::Data<AppState>, NaiveDate, DateTime<Utc>) -> Fut,
        Fut: Future<Output = Result<(), JobError>>,
    {
        let naive_now = now.naive_utc();
        let claimed = self
            .state
            .db
            .write(move |conn| jobs::claim(conn, name, day, naive_now, LEASE))
            .await;
        let lease = match claimed {
            Ok(Some(lease)) => lease,
            Ok(None) => return,
            Err(error) => {
                tracing::error!(job = name, cause = %error, "a job could not be claimed");
                return;
            }
        };
        let outcome = job(self.state.clone(), day, now).await;
        let finished = match &outcome {
            Ok(()) => self
                .state
                .db
                .write(move |conn| jobs::complete(conn, name, day, lease))
                .await
                .map(|held| {
                    if !held {
                        tracing::warn!(
                            job = name,
                            "a job outlived its lease; another instance took it over"
                        );
                    }
                }),
            Err(error) => {
                tracing::error!(job = name, cause = %error, "a job failed; it is tried again later");
                self.state
                    .db
                    .write(move |conn| jobs::release(conn, name, lease))
                    .await
            }
        };
        if let Err(error) = finished {
            tracing::error!(job = name, cause = %error, "a job's lease could not be updated");
        }
    }
}

/// Brings what tipsters see of their tips' cases and rewards up to date,
/// and logs it.
async fn release_statuses(
    state: web::Data<AppState>,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), JobError> {
    let key = state.secret.clone();
    let released = state
        .db
        .write(move |conn| {
            let changed = cases::release_statuses(conn)?;
            let rewards = rewards::release_approved(conn)?;
            // What tipsters did the day before, in one row without times:
            // their actions are not audited as they happen, which would
            // date each of them to the second.
            let changes = digest::tipster_changes(conn, day - chrono::Days::new(1))?;
            if !changes.is_empty() {
                let names = |ids: &[TipId]| {
                    ids.iter()
                        .map(|id| InternalRef::of(*id).to_string())
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                let batch = event(
                    Actor::System,
                    AuditAction::TipsterActions,
                    format!("tipsters:{}", day - chrono::Days::new(1)),
                    format!(
                        "reported: {}; replied: {}; withdrawn: {}",
                        names(&changes.reported),
                        names(&changes.replied),
                        names(&changes.withdrawn)
                    ),
                );
                audit::append(conn, &key, &batch, now.naive_utc())?;
            }
            // A day when nothing changed for any tipster leaves no row.
            if changed + rewards == 0 {
                return Ok(0);
            }
            let logged = event(
                Actor::System,
                AuditAction::StatusesReleased,
                format!("release:{day}"),
                format!("{changed} tips, {rewards} rewards"),
            );
            audit::append(conn, &key, &logged, now.naive_utc())?;
            Ok(changed)
        })
        .await?;
    tracing::info!(tips = released, "tipster statuses released");
    Ok(())
}

async fn settle_claims(
    state: web::Data<AppState>,
    day: NaiveDate,
    _now: DateTime<Utc>,
) -> Result<(), JobError> {
    let (expired, audited) = state.rewards.settle_claims(day).await?;
    let requests = crate::web::take_payout_requests();
    tracing::info!(
        claims_expired = expired,
        claim_events_audited = audited,
        payout_requests = requests,
        "claims settled"
    );
    Ok(())
}

/// Deletes the content whose retention is over, and names what in the
/// audit chain, in the same transaction.
async fn delete_old_content(
    state: web::Data<AppState>,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), JobError> {
    let key = state.secret.clone();
    let rule = Retention {
        days: state.config.retention_days,
        claim_days: state.config.rewards.claim_window_days,
    };
    let (tips, cases) = state
        .db
        .write(move |conn| {
            let purged = retention::purge(conn, rule, now.naive_utc())?;
            if purged.tips.is_empty() && purged.cases.is_empty() {
                return Ok((0, 0));
            }
            let names = |refs: Vec<String>| refs.join(" ");
            let logged = event(
                Actor::System,
                AuditAction::ContentDeleted,
                format!("retention:{day}"),
                format!(
                    "after {} days: tips {}; cases {}",
                    rule.days,
                    names(
                        purged
                            .tips
                            .iter()
                            .map(|id| InternalRef::of(*id).to_string())
                            .collect()
                    ),
                    names(
                        purged
                            .cases
                            .iter()
                            .map(|id| CaseRef::of(*id).to_string())
                            .collect()
                    ),
                ),
            );
            audit::append(conn, &key, &logged, now.naive_utc())?;
            Ok((purged.tips.len(), purged.cases.len()))
        })
        .await?;
    if tips + cases > 0 {
        state.db.compact().await?;
    }
    tracing::info!(tips, cases, "content past its retention deleted");
    Ok(())
}

/// The digest sent on `day` counts the day before it, in Cambodia.
async fn send_digest(
    state: web::Data<AppState>,
    day: NaiveDate,
    _now: DateTime<Utc>,
) -> Result<(), JobError> {
    let until = cambodia::midnight(day);
    let since = cambodia::midnight(day - chrono::Days::new(1));
    let counts = state
        .db
        .read(move |conn| digest::counts(conn, since, until))
        .await?;
    state.notify.digest(&counts).await?;
    let waiting = state.db.read(rewards::awaiting_approval).await?;
    if waiting > 0 {
        state.notify.approvals_waiting(waiting).await?;
    }
    Ok(())
}

async fn anchor_audit_chain(
    state: web::Data<AppState>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), JobError> {
    let anchoring = Anchoring {
        db: &state.db,
        key: &state.secret,
        notify: &state.notify,
        file: state.config.audit_anchor_file.as_deref(),
    };
    anchoring
        .anchor(Actor::System, today, now.naive_utc())
        .await?;
    Ok(())
}
