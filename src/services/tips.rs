//! Reviewers' work on tips as a service: opening one (logged), moving it
//! (or a whole burst, closed as spam) through the workflow, writing to the
//! tipster, keeping notes, tying it to cases. Each change checks the tip's
//! version, runs in one transaction and writes its audit row.

use chrono::NaiveDateTime;

use crate::db::cases::{self, CasePlace, NewEvent};
use crate::db::notes::{self, NoteOwner};
use crate::db::tips::{self, Opened, QueueCursor, QueueFilter, QueueRow, StaffTip, StoredPhoto};
use crate::db::{Db, DbConnection, DbError, audit, bursts, staff};
use crate::domain::audit::AuditAction;
use crate::domain::cases::CaseEventKind;
use crate::domain::ids::{CaseId, PhotoId, StaffId, TipId};
use crate::domain::note::NoteBody;
use crate::domain::tips::{
    CaseRef, CloseReason, InternalRef, SpamClosing, TipAction, TransitionError,
};
use crate::secret::SecretKey;
use crate::services::common::{ActionOutcome, Actor, event, now};
use crate::vault::{OpeningKey, SealingKey};

use super::cases::{live_case, subject as case_subject};

/// What a reviewer asks to do to a tip, before the other tip or case it
/// names is looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TipRequest {
    /// Take, hand to, close, reopen: nothing to look up.
    Plain(TipAction),
    Ask(String),
    DuplicateOf(TipId),
    LinkTo(CaseId),
    MoveTo(CaseId),
    /// A new case from this tip, with its place, under this title.
    OpenCase(String),
}

/// What became of closing a burst as spam.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BurstClosing {
    Closed(SpamClosing),
    /// Someone changed the burst's first tip since the reviewer opened it.
    Stale,
    /// There is no such tip, or it is no burst's first tip.
    NoSuchBurst,
}

/// How a tip is named as an audit subject.
pub fn subject(tip_id: TipId) -> String {
    format!("tip:{}", InternalRef::of(tip_id))
}

#[derive(Clone, Debug)]
pub struct TipService {
    db: Db,
    key: SecretKey,
    /// Reviewers' questions are sealed to it (and to the tip's own key).
    org: SealingKey,
}

/// Tips indexed for search per queue page a keyed session reads.
const INDEX_BATCH: i64 = 50;

impl TipService {
    pub fn new(db: Db, key: SecretKey, org: SealingKey) -> Self {
        TipService { db, key, org }
    }

    /// The tip for reviewer `actor`, with its opening written to the log.
    pub async fn open(&self, actor: StaffId, tip_id: TipId) -> Result<Option<StaffTip>, DbError> {
        self.logged(
            actor,
            tip_id,
            AuditAction::TipOpened,
            String::new(),
            move |conn| tips::find(conn, tip_id),
        )
        .await
    }

    /// A page of the queue for reviewer `actor`, with one audit row naming
    /// the tips it shows (their excerpts are their words) and the words
    /// searched for. A page that shows nothing and searched for nothing is
    /// not logged.
    pub async fn queue_page(
        &self,
        actor: StaffId,
        filter: QueueFilter,
        cursor: Option<QueueCursor>,
        limit: i64,
        shown: usize,
        org: Option<OpeningKey>,
    ) -> Result<Vec<QueueRow>, DbError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                // Tips not yet in the search index get there a bounded batch
                // at a time, while a session holds the key that opens them.
                if let Some(org) = &org {
                    tips::index_pending(conn, org, INDEX_BATCH)?;
                }
                let rows = tips::queue(conn, &filter, cursor, limit, org.as_ref())?;
                let named: Vec<String> = rows
                    .iter()
                    .take(shown)
                    .map(|row| InternalRef::of(row.id).to_string())
                    .collect();
                if named.is_empty() && filter.keyword.is_none() {
                    return Ok(rows);
                }
                let shown = if named.is_empty() {
                    "-".to_owned()
                } else {
                    named.join(" ")
                };
                let mut detail = format!("shown: {shown}");
                if let Some(words) = &filter.keyword {
                    detail.push_str(&format!("; searched: {words}"));
                }
                let read = event(
                    Actor::Staff(actor),
                    AuditAction::QueueRead,
                    "queue".to_owned(),
                    detail,
                );
                audit::append(conn, &key, &read, now())?;
                Ok(rows)
            })
            .await
    }

    /// What `read` finds of tip `tip_id`, with the reading logged as
    /// `action` in the same transaction; nothing is logged if it finds none.
    async fn logged<T, F>(
        &self,
        actor: StaffId,
        tip_id: TipId,
        action: AuditAction,
        detail: String,
        read: F,
    ) -> Result<Option<T>, DbError>
    where
        F: FnOnce(&mut DbConnection) -> Result<Option<T>, DbError> + Send + 'static,
        T: Send + 'static,
    {
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                let Some(found) = read(conn)? else {
                    return Ok(None);
                };
                let event = event(Actor::Staff(actor), action, subject(tip_id), detail);
                audit::append(conn, &key, &event, now())?;
                Ok(Some(found))
            })
            .await
    }

    /// Does what the reviewer asked if the tip is still at `version`.
    pub async fn act(
        &self,
        actor: StaffId,
        tip_id: TipId,
        version: i32,
        request: TipRequest,
        org: Option<OpeningKey>,
    ) -> Result<ActionOutcome<TransitionError>, DbError> {
        let key = self.key.clone();
        let sealing = self.org.clone();
        self.db
            .write(move |conn| {
                // Every read below sees the state no other reviewer's
                // transaction can change before this one commits.
                audit::hold_chain(conn)?;
                let Some(tip) = tips::find(conn, tip_id)? else {
                    return Ok(ActionOutcome::NoSuchSubject);
                };
                if tip.version != version {
                    return Ok(ActionOutcome::Stale);
                }
                // A case is opened for the tip only if the tip may join one.
                if matches!(request, TipRequest::OpenCase(_))
                    && let Err(refused) = tip.state.may_join_case()
                {
                    return Ok(ActionOutcome::Refused(refused));
                }
                let now = now();
                let Some(action) = resolve(conn, &key, org.as_ref(), actor, &tip, &request, now)?
                else {
                    return Ok(ActionOutcome::NoSuchTarget);
                };
                let next = match tip.state.apply(tip_id, actor, action) {
                    Ok(next) => next,
                    Err(refused) => return Ok(ActionOutcome::Refused(refused)),
                };
                if !tips::store_state(conn, tip_id, version, &tip.state, &next, now)? {
                    return Ok(ActionOutcome::Stale);
                }
                let mut detail = format!(
                    "{}: {} -> {}",
                    action.name(),
                    tip.state.status.as_str(),
                    next.status.as_str()
                );
                if let Some(case) = next.case_id {
                    detail.push_str(&format!(" ({})", CaseRef::of(case)));
                }
                if let Some(original) = next.duplicate_of {
                    detail.push_str(&format!(" (of {})", InternalRef::of(original)));
                }
                let changed = event(
                    Actor::Staff(actor),
                    AuditAction::TipChanged,
                    subject(tip_id),
                    detail,
                );
                audit::append(conn, &key, &changed, now)?;
                if let Some(root) = next.duplicate_of {
                    // This tip's own duplicates now repeat its original:
                    // chains never form.
                    cases::repoint_duplicates(conn, tip_id, root, next.case_id)?;
                }
                if next.case_id != tip.state.case_id {
                    record_case_change(conn, actor, tip_id, tip.state.case_id, next.case_id, now)?;
                    // Duplicates follow their original wherever it goes.
                    cases::carry_duplicates(conn, tip_id, next.case_id)?;
                }
                if let TipRequest::Ask(question) = request {
                    tips::add_message_to_tipster(conn, &sealing, tip_id, actor, &question, now)?;
                    let sent = event(
                        Actor::Staff(actor),
                        AuditAction::MessageSent,
                        subject(tip_id),
                        "",
                    );
                    audit::append(conn, &key, &sent, now)?;
                }
                Ok(ActionOutcome::Done)
            })
            .await
    }

    /// Closes as spam every tip of the burst that tip `lead` started, up to
    /// `through` (the newest the reviewer saw: a tip that came later, which
    /// may be genuine, is not closed unseen), if `lead` is still at
    /// `version`. Each tip goes through the workflow's close; those it
    /// refuses are left alone. One transaction and one audit row, on the
    /// burst's first tip, naming the counts: the action is one decision, and
    /// a row per tip would let a flood of fakes grow the log a thousand rows
    /// at a time. Reopening stays tip by tip, audited on each tip.
    pub async fn close_burst_as_spam(
        &self,
        actor: StaffId,
        lead: TipId,
        version: i32,
        through: TipId,
    ) -> Result<BurstClosing, DbError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                // As in `act`: no other reviewer's change to these tips
                // comes between the reads and the writes.
                audit::hold_chain(conn)?;
                let Some(tip) = tips::find(conn, lead)? else {
                    return Ok(BurstClosing::NoSuchBurst);
                };
                if tip.burst_lead.is_some() {
                    return Ok(BurstClosing::NoSuchBurst);
                }
                if tip.version != version {
                    return Ok(BurstClosing::Stale);
                }
                let close = TipAction::Close {
                    reason: CloseReason::Spam,
                };
                let mut closing = SpamClosing::default();
                for member in bursts::members(conn, lead, through)? {
                    let closed = match member.state.apply(member.id, actor, close) {
                        Ok(next) => tips::store_state(
                            conn,
                            member.id,
                            member.version,
                            &member.state,
                            &next,
                            now(),
                        )?,
                        Err(_) => false,
                    };
                    closing.count(closed);
                }
                let audited = event(
                    Actor::Staff(actor),
                    AuditAction::BurstClosedAsSpam,
                    subject(lead),
                    closing.audit_detail(lead, through),
                );
                audit::append(conn, &key, &audited, now())?;
                Ok(BurstClosing::Closed(closing))
            })
            .await
    }

    /// One photo of the tip, its viewing written to the log.
    pub async fn photo(
        &self,
        actor: StaffId,
        org: OpeningKey,
        tip_id: TipId,
        photo_id: PhotoId,
    ) -> Result<Option<StoredPhoto>, DbError> {
        let detail = photo_id.to_string();
        self.logged(
            actor,
            tip_id,
            AuditAction::PhotoViewed,
            detail,
            move |conn| tips::photo(conn, &org, tip_id, photo_id, false),
        )
        .await
    }

    /// The thumbnail of one photo of the tip. Its viewing is logged like
    /// the photo's: a thumbnail shows what the photo shows.
    pub async fn thumbnail(
        &self,
        actor: StaffId,
        org: OpeningKey,
        tip_id: TipId,
        photo_id: PhotoId,
    ) -> Result<Option<StoredPhoto>, DbError> {
        let detail = format!("{photo_id} thumbnail");
        self.logged(
            actor,
            tip_id,
            AuditAction::PhotoViewed,
            detail,
            move |conn| tips::photo(conn, &org, tip_id, photo_id, true),
        )
        .await
    }

    /// The tip with its exact point, the showing written to the log.
    pub async fn show_exact_location(
        &self,
        actor: StaffId,
        tip_id: TipId,
    ) -> Result<Option<StaffTip>, DbError> {
        let action = AuditAction::ExactLocationShown;
        self.logged(actor, tip_id, action, String::new(), move |conn| {
            tips::find(conn, tip_id)
        })
        .await
    }

    pub async fn add_note(
        &self,
        actor: StaffId,
        tip_id: TipId,
        body: NoteBody,
    ) -> Result<ActionOutcome<TransitionError>, DbError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                if tips::find(conn, tip_id)?.is_none() {
                    return Ok(ActionOutcome::NoSuchSubject);
                }
                let now = now();
                notes::add(conn, NoteOwner::Tip(tip_id), actor, &body, now)?;
                let event = event(
                    Actor::Staff(actor),
                    AuditAction::NoteAdded,
                    subject(tip_id),
                    "",
                );
                audit::append(conn, &key, &event, now)?;
                Ok(ActionOutcome::Done)
            })
            .await
    }
}

/// The workflow action a request comes to, once the tip or case it names is
/// found; `None` when that tip or case does not exist. Opening a case from
/// the tip creates it here, in the caller's transaction.
fn resolve(
    conn: &mut DbConnection,
    key: &SecretKey,
    org: Option<&OpeningKey>,
    actor: StaffId,
    tip: &StaffTip,
    request: &TipRequest,
    now: NaiveDateTime,
) -> Result<Option<TipAction>, DbError> {
    Ok(Some(match request {
        TipRequest::Plain(TipAction::HandTo { reviewer }) => {
            if !staff::is_active_reviewer(conn, *reviewer)? {
                return Ok(None);
            }
            TipAction::HandTo {
                reviewer: *reviewer,
            }
        }
        TipRequest::Plain(action) => *action,
        TipRequest::Ask(_) => TipAction::AskQuestion,
        TipRequest::DuplicateOf(original) => {
            let Some(original) = tips::find(conn, *original)? else {
                return Ok(None);
            };
            // A duplicate of a duplicate is a duplicate of its original,
            // and already sits in that original's case.
            TipAction::MarkDuplicate {
                of: original.state.duplicate_of.unwrap_or(original.id),
                of_case: original.state.case_id,
            }
        }
        TipRequest::LinkTo(case) => match live_case(conn, *case)? {
            Some(case) => TipAction::LinkToCase { case },
            None => return Ok(None),
        },
        TipRequest::MoveTo(case) => match live_case(conn, *case)? {
            Some(case) => TipAction::MoveToCase { case },
            None => return Ok(None),
        },
        TipRequest::OpenCase(title) => {
            let point = match tip.content(org) {
                Opened::Open(content) => content.point,
                Opened::Deleted | Opened::Locked => None,
            };
            let place = CasePlace {
                point,
                province: tip.places[0].clone(),
                commune: tip.places[2].clone(),
            };
            let case = cases::create(conn, title, &place, Some(actor), now)?;
            let opened = NewEvent {
                kind: CaseEventKind::Opened,
                actor,
                detail: &InternalRef::of(tip.id).to_string(),
                reason: "",
            };
            cases::add_event(conn, case, &opened, now)?;
            let audited = event(
                Actor::Staff(actor),
                AuditAction::CaseOpened,
                case_subject(case),
                format!("from {}", InternalRef::of(tip.id)),
            );
            audit::append(conn, key, &audited, now)?;
            TipAction::LinkToCase { case }
        }
    }))
}

/// Writes on the timelines of the cases a tip left and joined.
fn record_case_change(
    conn: &mut DbConnection,
    actor: StaffId,
    tip_id: TipId,
    from: Option<CaseId>,
    to: Option<CaseId>,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    let reference = InternalRef::of(tip_id).to_string();
    if let Some(from) = from {
        let detail = match to {
            Some(to) => format!("{reference} → {}", CaseRef::of(to)),
            None => reference.clone(),
        };
        let left = NewEvent {
            kind: CaseEventKind::TipRemoved,
            actor,
            detail: &detail,
            reason: "",
        };
        cases::add_event(conn, from, &left, now)?;
    }
    if let Some(to) = to {
        let detail = match from {
            Some(from) => format!("{reference} ← {}", CaseRef::of(from)),
            None => reference.clone(),
        };
        let joined = NewEvent {
            kind: CaseEventKind::TipLinked,
            actor,
            detail: &detail,
            reason: "",
        };
        cases::add_event(conn, to, &joined, now)?;
    }
    Ok(())
}
