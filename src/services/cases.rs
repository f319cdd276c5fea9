//! Reviewers' work on cases as a service: moving a case through its
//! workflow, merging it into another, setting its location, keeping notes.
//! Each change checks the case's version, runs in one transaction, adds to
//! the case's timeline and writes its audit row.

use crate::db::cases::{self, NewEvent, StaffCase};
use crate::db::notes::{self, NoteOwner};
use crate::db::{Db, DbConnection, DbError, audit, staff};
use crate::domain::audit::AuditAction;
use crate::domain::cases::{CaseAction, CaseError, CaseEventKind, Reason};
use crate::domain::coordinates::Coordinates;
use crate::domain::ids::{CaseId, StaffId};
use crate::domain::note::NoteBody;
use crate::domain::rewards::RewardPolicy;
use crate::domain::tips::CaseRef;
use crate::secret::SecretKey;
use crate::services::common::{ActionOutcome, Actor, event, now};
use crate::services::rewards;

/// How a case is named as an audit subject.
pub fn subject(case_id: CaseId) -> String {
    format!("case:{}", CaseRef::of(case_id))
}

/// The case that holds what case `case_id` held: itself, or the case it was
/// merged into. `None` if there is no such case.
pub fn live_case(conn: &mut DbConnection, case_id: CaseId) -> Result<Option<CaseId>, DbError> {
    let mut id = case_id;
    // Merges only point at cases that were live when merged; the bound
    // guards against a loop written by hand into the database.
    for _ in 0..16 {
        let Some(case) = cases::find(conn, id)? else {
            return Ok(None);
        };
        match case.facts.merged_into {
            Some(next) => id = next,
            None => return Ok(Some(id)),
        }
    }
    Ok(None)
}

#[derive(Clone, Debug)]
pub struct CaseService {
    db: Db,
    key: SecretKey,
    /// Confirming a compound makes reward candidates in this currency.
    rewards: RewardPolicy,
}

impl CaseService {
    pub fn new(db: Db, key: SecretKey, rewards: RewardPolicy) -> Self {
        CaseService { db, key, rewards }
    }

    /// Applies `action` to the case if it is still at `version`.
    pub async fn act(
        &self,
        actor: StaffId,
        case_id: CaseId,
        version: i32,
        action: CaseAction,
        reason: Reason,
    ) -> Result<ActionOutcome<CaseError>, DbError> {
        let key = self.key.clone();
        let policy = self.rewards.clone();
        self.db
            .write(move |conn| {
                // Every read below sees the state no other reviewer's
                // transaction can change before this one commits: two
                // cases merged into each other at once cannot both pass.
                audit::hold_chain(conn)?;
                let Some(case) = cases::find(conn, case_id)? else {
                    return Ok(ActionOutcome::NoSuchSubject);
                };
                if case.version != version {
                    return Ok(ActionOutcome::Stale);
                }
                match action {
                    CaseAction::MergeInto { target } => {
                        let Some(target) = cases::find(conn, target)? else {
                            return Ok(ActionOutcome::NoSuchTarget);
                        };
                        if let Err(refused) = target.facts.may_receive_merge() {
                            return Ok(ActionOutcome::Refused(refused));
                        }
                    }
                    CaseAction::HandTo { reviewer }
                        if !staff::is_active_reviewer(conn, reviewer)? =>
                    {
                        return Ok(ActionOutcome::NoSuchTarget);
                    }
                    _ => {}
                }
                let next = match case.facts.apply(case_id, actor, action, &reason) {
                    Ok(next) => next,
                    Err(refused) => return Ok(ActionOutcome::Refused(refused)),
                };
                let now = now();
                if !cases::store(conn, case_id, version, &case.facts, &next, now)? {
                    return Ok(ActionOutcome::Stale);
                }
                let detail = match action {
                    CaseAction::Close { outcome } => outcome.as_str().to_owned(),
                    CaseAction::MergeInto { target } => CaseRef::of(target).to_string(),
                    CaseAction::HandTo { reviewer } => reviewer.to_string(),
                    _ => String::new(),
                };
                let timeline = NewEvent {
                    kind: CaseEventKind::Action(action),
                    actor,
                    detail: &detail,
                    reason: reason.as_str(),
                };
                cases::add_event(conn, case_id, &timeline, now)?;
                if let CaseAction::MergeInto { target } = action {
                    cases::move_contents(conn, case_id, target)?;
                    cases::bump_version(conn, target)?;
                    let merged = NewEvent {
                        kind: CaseEventKind::MergedFrom,
                        actor,
                        detail: &CaseRef::of(case_id).to_string(),
                        reason: reason.as_str(),
                    };
                    cases::add_event(conn, target, &merged, now)?;
                    let received = event(
                        Actor::Staff(actor),
                        AuditAction::CaseChanged,
                        subject(target),
                        format!("merged_from {}", CaseRef::of(case_id)),
                    );
                    audit::append(conn, &key, &received, now)?;
                }
                let audited = event(
                    Actor::Staff(actor),
                    AuditAction::CaseChanged,
                    subject(case_id),
                    format!(
                        "{}{}: {} -> {}",
                        action.name(),
                        if detail.is_empty() {
                            String::new()
                        } else {
                            format!(" {detail}")
                        },
                        case.facts.state.name(),
                        next.state.name()
                    ),
                );
                audit::append(conn, &key, &audited, now)?;
                rewards::follow_case(conn, &key, actor, case_id, action, &policy, now)?;
                Ok(ActionOutcome::Done)
            })
            .await
    }

    /// Sets the case's location by hand.
    pub async fn set_location(
        &self,
        actor: StaffId,
        case_id: CaseId,
        version: i32,
        point: Coordinates,
    ) -> Result<ActionOutcome<CaseError>, DbError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                let Some(case) = cases::find(conn, case_id)? else {
                    return Ok(ActionOutcome::NoSuchSubject);
                };
                if case.facts.merged_into.is_some() {
                    return Ok(ActionOutcome::Refused(CaseError::Merged));
                }
                if !cases::set_place(conn, case_id, version, point)? {
                    return Ok(ActionOutcome::Stale);
                }
                let now = now();
                let timeline = NewEvent {
                    kind: CaseEventKind::LocationSet,
                    actor,
                    detail: "",
                    reason: "",
                };
                cases::add_event(conn, case_id, &timeline, now)?;
                let audited = event(
                    Actor::Staff(actor),
                    AuditAction::CaseChanged,
                    subject(case_id),
                    "location_set",
                );
                audit::append(conn, &key, &audited, now)?;
                Ok(ActionOutcome::Done)
            })
            .await
    }

    /// An administrator holds the case's content beyond the retention
    /// period, or lets it go again. Audited; it changes no state of the case.
    pub async fn set_held(
        &self,
        actor: StaffId,
        case_id: CaseId,
        held: bool,
    ) -> Result<ActionOutcome<CaseError>, DbError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                audit::hold_chain(conn)?;
                if !crate::db::retention::set_held(conn, case_id, held)? {
                    return Ok(ActionOutcome::NoSuchSubject);
                }
                let audited = event(
                    Actor::Staff(actor),
                    AuditAction::RetentionHold,
                    subject(case_id),
                    if held { "held" } else { "released" },
                );
                audit::append(conn, &key, &audited, now())?;
                Ok(ActionOutcome::Done)
            })
            .await
    }

    pub async fn add_note(
        &self,
        actor: StaffId,
        case_id: CaseId,
        body: NoteBody,
    ) -> Result<ActionOutcome<CaseError>, DbError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                // A note on a merged case belongs with its tips.
                let Some(case_id) = live_case(conn, case_id)? else {
                    return Ok(ActionOutcome::NoSuchSubject);
                };
                let now = now();
                notes::add(conn, NoteOwner::Case(case_id), actor, &body, now)?;
                let audited = event(
                    Actor::Staff(actor),
                    AuditAction::NoteAdded,
                    subject(case_id),
                    "",
                );
                audit::append(conn, &key, &audited, now)?;
                Ok(ActionOutcome::Done)
            })
            .await
    }

    /// The case for reviewer `actor`, with its viewing written to the log.
    pub async fn open(
        &self,
        actor: StaffId,
        case_id: CaseId,
    ) -> Result<Option<StaffCase>, DbError> {
        self.shown(actor, case_id, AuditAction::CaseViewed).await
    }

    /// The case, with the exact point shown written to the log.
    pub async fn show_exact_location(
        &self,
        actor: StaffId,
        case_id: CaseId,
    ) -> Result<Option<StaffCase>, DbError> {
        self.shown(actor, case_id, AuditAction::ExactLocationShown)
            .await
    }

    async fn shown(
        &self,
        actor: StaffId,
        case_id: CaseId,
        action: AuditAction,
    ) -> Result<Option<StaffCase>, DbError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                let Some(case) = cases::find(conn, case_id)? else {
                    return Ok(None);
                };
                let audited = event(Actor::Staff(actor), action, subject(case_id), "");
                audit::append(conn, &key, &audited, now())?;
                Ok(Some(case))
            })
            .await
    }
}
