//! What every service shares: who acts, what became of a staff action, how
//! an audit row is put together, and the clock audited changes are stamped
//! with.

use chrono::NaiveDateTime;

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
