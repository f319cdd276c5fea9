//! What every service shares: who acts, what became of a staff action, how
//! an audit row is put together, the clock audited changes are stamped
//! with, and how a change that meets a passing failure is tried again.

use std::future::Future;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;

use crate::db::DbError;

use crate::domain::audit::{AuditAction, AuditEvent};
use crate::domain::ids::StaffId;

/// Who did something, as the audit log names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Staff(StaffId),
    /// Whoever opened the one-time set-up link.
    SetupLink,
    CommandLine,
    /// The server itself (scheduled jobs).
    System,
    /// A sign-in attempt for no known account.
    Unknown,
}

impl Actor {
    pub fn name(self) -> String {
        match self {
            Actor::Staff(id) => staff_subject(id),
            Actor::SetupLink => "setup-link".into(),
            Actor::CommandLine => "command-line".into(),
            Actor::System => "system".into(),
            Actor::Unknown => "unknown".into(),
        }
    }
}

/// What became of a staff action on one tip, case or reward, refused for
/// a reason of type `Refusal`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionOutcome<Refusal> {
    Done,
    /// Someone changed the subject since the staff member opened it.
    Stale,
    /// The subject's state does not allow it.
    Refused(Refusal),
    /// There is no such tip, case or reward.
    NoSuchSubject,
    /// The other tip or the case the action names does not exist.
    NoSuchTarget,
}

/// How a staff account is named as an audit subject.
pub fn staff_subject(staff_id: StaffId) -> String {
    format!("staff:{staff_id}")
}

pub fn event(
    actor: Actor,
    action: AuditAction,
    subject: String,
    detail: impl Into<String>,
) -> AuditEvent {
    AuditEvent {
        actor: actor.name(),
        action,
        subject,
        detail: detail.into(),
    }
}

pub fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// The pauses before each new try of a change that met a transient
/// failure: three more tries at most, all begun within [`RETRY_WITHIN`].
const RETRY_PAUSES: [Duration; 3] = [
    Duration::from_millis(100),
    Duration::from_millis(300),
    Duration::from_millis(600),
];
/// A visitor is answered soon: past this, the failure is given to them.
const RETRY_WITHIN: Duration = Duration::from_secs(2);

/// Runs `attempt`, and runs it again while it fails with a transient
/// database error (a deadlock, a lost connection, a lock not granted), as
/// [`RETRY_PAUSES`] and [`RETRY_WITHIN`] allow. Each attempt must be a
/// whole transaction, so a failed one left nothing behind.
pub async fn retry_transient<T, F, Fut>(mut attempt: F) -> Result<T, DbError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, DbError>>,
{
    let started = Instant::now();
    let mut pauses = RETRY_PAUSES.iter();
    loop {
        let error = match attempt().await {
            Err(error) if error.is_transient() => error,
            done => return done,
        };
        match pauses.next() {
            Some(pause) if started.elapsed() + *pause < RETRY_WITHIN => {
                tracing::warn!(cause = %error, "a transient database failure; trying again");
                actix_web::rt::time::sleep(*pause).await;
            }
            _ => return Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use diesel::result::{DatabaseErrorKind, Error};

    use super::*;

    fn failure(kind: DatabaseErrorKind, message: &str) -> DbError {
        DbError::Query(Error::DatabaseError(kind, Box::new(message.to_owned())))
    }

    fn deadlock() -> DbError {
        failure(DatabaseErrorKind::Unknown, "deadlock detected")
    }

    #[actix_web::test]
    async fn a_passing_failure_is_tried_again_until_it_succeeds() {
        let tries = Cell::new(0);
        let result = retry_transient(|| {
            tries.set(tries.get() + 1);
            let failing = tries.get() < 3;
            async move {
                if failing {
                    Err(deadlock())
                } else {
                    Ok("stored")
                }
            }
        })
        .await;
        assert_eq!(result.unwrap(), "stored");
        assert_eq!(tries.get(), 3);
    }

    #[actix_web::test]
    async fn at_most_three_more_tries_then_the_failure_is_given() {
        let tries = Cell::new(0);
        let result: Result<(), _> = retry_transient(|| {
            tries.set(tries.get() + 1);
            async { Err(failure(DatabaseErrorKind::SerializationFailure, "")) }
        })
        .await;
        assert!(result.unwrap_err().is_transient());
        assert_eq!(tries.get(), 4);
    }

    #[actix_web::test]
    async fn a_lasting_failure_is_not_tried_again() {
        let tries = Cell::new(0);
        let result: Result<(), _> = retry_transient(|| {
            tries.set(tries.get() + 1);
            async { Err(failure(DatabaseErrorKind::UniqueViolation, "duplicate key")) }
        })
        .await;
        assert!(!result.unwrap_err().is_transient());
        assert_eq!(tries.get(), 1);
    }

    #[test]
    fn both_backends_passing_failures_are_known() {
        assert!(deadlock().is_transient());
        assert!(failure(DatabaseErrorKind::Unknown, "database is locked").is_transient());
        assert!(
            failure(
                DatabaseErrorKind::Unknown,
                "canceling statement due to lock timeout"
            )
            .is_transient()
        );
        assert!(failure(DatabaseErrorKind::ClosedConnection, "").is_transient());
        assert!(!failure(DatabaseErrorKind::ForeignKeyViolation, "").is_transient());
        assert!(!DbError::Blocking.is_transient());
    }
}
