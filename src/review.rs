//! Reviewers' work on tips as a service: opening one (logged), moving it
//! through the workflow, writing to the tipster, keeping notes. Each change
//! checks the tip's version, runs in one transaction and writes its audit row.

use crate::accounts::{Actor, event, now};
use crate::db::triage::{self, StaffTip};
use crate::db::{Db, DbError, audit};
use crate::domain::audit::AuditAction;
use crate::domain::triage::{InternalRef, TipAction, TransitionError};
use crate::secret::SecretKey;

/// What became of a reviewer's action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Someone changed the tip since the reviewer opened it.
    Stale,
    /// The tip's state does not allow it.
    Refused(TransitionError),
    NoSuchTip,
}

/// How a tip is named as an audit subject.
pub fn subject(tip_id: i64) -> String {
    format!("tip:{}", InternalRef::of(tip_id))
}

#[derive(Clone, Debug)]
pub struct Review {
    db: Db,
    key: SecretKey,
}

impl Review {
    pub fn new(db: Db, key: SecretKey) -> Self {
        Review { db, key }
    }

    /// The tip for reviewer `actor`, with its opening written to the log.
    pub async fn open(&self, actor: i64, tip_id: i64) -> Result<Option<StaffTip>, DbError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                let Some(tip) = triage::find(conn, tip_id)? else {
                    return Ok(None);
                };
                let event = event(
                    Actor::Staff(actor),
                    AuditAction::TipOpened,
                    subject(tip_id),
                    "",
                );
                audit::append(conn, &key, &event, now())?;
                Ok(Some(tip))
            })
            .await
    }

    /// Applies `action` to the tip if it is still at `version`; a question
    /// carries its text to the tipster.
    pub async fn act(
        &self,
        actor: i64,
        tip_id: i64,
        version: i32,
        action: TipAction,
        question: Option<String>,
    ) -> Result<Outcome, DbError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                let Some(tip) = triage::find(conn, tip_id)? else {
                    return Ok(Outcome::NoSuchTip);
                };
                if tip.version != version {
                    return Ok(Outcome::Stale);
                }
                let next = match tip.state.apply(tip_id, actor, action) {
                    Ok(next) => next,
                    Err(refused) => return Ok(Outcome::Refused(refused)),
                };
                if !triage::store_state(conn, tip_id, version, &next)? {
                    return Ok(Outcome::Stale);
                }
                let now = now();
                let detail = format!(
                    "{}: {} -> {}",
                    action.name(),
                    tip.state.status.as_str(),
                    next.status.as_str()
                );
                let changed = event(
                    Actor::Staff(actor),
                    AuditAction::TipChanged,
                    subject(tip_id),
                    detail,
                );
                audit::append(conn, &key, &changed, now)?;
                if let Some(question) = question {
                    triage::add_message_to_tipster(conn, tip_id, actor, &question, now)?;
                    let sent = event(
                        Actor::Staff(actor),
                        AuditAction::MessageSent,
                        subject(tip_id),
                        "",
                    );
                    audit::append(conn, &key, &sent, now)?;
                }
                Ok(Outcome::Done)
            })
            .await
    }

    pub async fn add_note(
        &self,
        actor: i64,
        tip_id: i64,
        body: String,
    ) -> Result<Outcome, DbError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                if triage::find(conn, tip_id)?.is_none() {
                    return Ok(Outcome::NoSuchTip);
                }
                let now = now();
                triage::add_note(conn, tip_id, actor, &body, now)?;
                let event = event(
                    Actor::Staff(actor),
                    AuditAction::NoteAdded,
                    subject(tip_id),
                    "",
                );
                audit::append(conn, &key, &event, now)?;
                Ok(Outcome::Done)
            })
            .await
    }
}
