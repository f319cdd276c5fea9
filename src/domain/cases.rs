//! A case is one suspected site. Its workflow runs
//! `open → investigating → action_taken → closed(outcome)`, and a closed
//! case can be reopened (with a reason) to `investigating`. The tipsters of
//! its tips see only whether it is still with investigators or closed.

use crate::domain::ids::{CaseId, StaffId};
use crate::domain::tip_status::PublicStatus;
use crate::domain::tips::CaseRef;

/// How a case ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    ConfirmedCompound,
    NotConfirmed,
    InsufficientInformation,
    /// Handed to another agency.
    Referred,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::ConfirmedCompound,
        Outcome::NotConfirmed,
        Outcome::InsufficientInformation,
        Outcome::Referred,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::ConfirmedCompound => "confirmed_compound",
            Outcome::NotConfirmed => "not_confirmed",
            Outcome::InsufficientInformation => "insufficient_information",
            Outcome::Referred => "referred",
        }
    }

    pub fn parse(text: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == text)
    }
}

/// Where a case stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseState {
    Open,
    Investigating,
    ActionTaken,
    Closed(Outcome),
}

impl CaseState {
    /// The stored name of every closed state, whatever its outcome.
    pub const CLOSED: &'static str = "closed";

    /// The states before a case is closed.
    pub const LIVE: [CaseState; 3] = [
        CaseState::Open,
        CaseState::Investigating,
        CaseState::ActionTaken,
    ];

    /// The stored state name (the outcome is stored beside it).
    pub fn name(self) -> &'static str {
        match self {
            CaseState::Open => "open",
            CaseState::Investigating => "investigating",
            CaseState::ActionTaken => "action_taken",
            CaseState::Closed(_) => CaseState::CLOSED,
        }
    }

    pub fn outcome(self) -> Option<Outcome> {
        match self {
            CaseState::Closed(outcome) => Some(outcome),
            _ => None,
        }
    }

    /// Reads the stored state and outcome; a closed case without an
    /// outcome, or an open one with one, is no state at all.
    pub fn parse(name: &str, outcome: Option<&str>) -> Option<CaseState> {
        match outcome {
            Some(text) => {
                let outcome = Outcome::parse(text)?;
                (name == CaseState::CLOSED).then_some(CaseState::Closed(outcome))
            }
            None => CaseState::LIVE
                .into_iter()
                .find(|state| state.name() == name),
        }
    }

    pub fn is_closed(self) -> bool {
        matches!(self, CaseState::Closed(_))
    }

    /// What the tipsters of the case's tips are shown, once released.
    pub fn tipster_status(self) -> PublicStatus {
        if self.is_closed() {
            PublicStatus::Closed
        } else {
            PublicStatus::PassedToInvestigators
        }
    }

    /// The stored state names whose tipsters are shown `status`: what the
    /// daily release selects by.
    pub fn names_showing(status: PublicStatus) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = CaseState::LIVE
            .into_iter()
            .chain(Outcome::ALL.map(CaseState::Closed))
            .filter(|state| state.tipster_status() == status)
            .map(CaseState::name)
            .collect();
        names.dedup();
        names
    }
}

/// Why someone moved a case: free text, required to reopen one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason(String);

pub const REASON_MAX: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a reason is longer than {REASON_MAX} characters")]
pub struct ReasonTooLong;

impl Reason {
    pub fn parse(typed: &str) -> Result<Reason, ReasonTooLong> {
        let typed = typed.trim();
        if typed.chars().count() > REASON_MAX {
            return Err(ReasonTooLong);
        }
        Ok(Reason(typed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What the workflow knows of a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaseFacts {
    pub state: CaseState,
    pub assignee: Option<StaffId>,
    pub merged_into: Option<CaseId>,
}

/// A reviewer's move on a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseAction {
    Take,
    HandTo {
        reviewer: StaffId,
    },
    StartInvestigating,
    RecordActionTaken,
    Close {
        outcome: Outcome,
    },
    /// Back to `investigating`; needs a reason.
    Reopen,
    /// Its tips, notes and timeline move to `target`; this case stays as a
    /// pointer to it.
    MergeInto {
        target: CaseId,
    },
}

impl CaseAction {
    /// The action's name in the timeline and the audit log.
    pub fn name(self) -> &'static str {
        match self {
            CaseAction::Take => "take",
            CaseAction::HandTo { .. } => "hand_to",
            CaseAction::StartInvestigating => "start_investigating",
            CaseAction::RecordActionTaken => "action_taken",
            CaseAction::Close { .. } => "close",
            CaseAction::Reopen => "reopen",
            CaseAction::MergeInto { .. } => "merge_into",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("a case that is {} cannot {}", .from, .action)]
    NotAllowed {
        from: &'static str,
        action: &'static str,
    },
    #[error("a compound is confirmed only after action was taken")]
    ConfirmedWithoutAction,
    #[error("reopening a case needs a reason")]
    ReasonRequired,
    #[error("a case cannot be merged into itself")]
    MergeIntoItself,
    #[error("the case was merged into another")]
    Merged,
    #[error("a case cannot be merged into a closed or merged case")]
    TargetNotLive,
}

/// What a line of a case's timeline records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseEventKind {
    Opened,
    /// A workflow action on the case itself.
    Action(CaseAction),
    MergedFrom,
    TipLinked,
    TipRemoved,
    LocationSet,
}

impl CaseEventKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseEventKind::Opened => "opened",
            CaseEventKind::Action(action) => action.name(),
            CaseEventKind::MergedFrom => "merged_from",
            CaseEventKind::TipLinked => "tip_linked",
            CaseEventKind::TipRemoved => "tip_removed",
            CaseEventKind::LocationSet => "location_set",
        }
    }

    /// Reads a stored kind back, with the action's argument from the
    /// detail written beside it (the outcome, the reviewer, the target).
    pub fn parse(name: &str, detail: &str) -> Option<CaseEventKind> {
        let plain = [
            CaseEventKind::Opened,
            CaseEventKind::MergedFrom,
            CaseEventKind::TipLinked,
            CaseEventKind::TipRemoved,
            CaseEventKind::LocationSet,
            CaseEventKind::Action(CaseAction::Take),
            CaseEventKind::Action(CaseAction::StartInvestigating),
            CaseEventKind::Action(CaseAction::RecordActionTaken),
            CaseEventKind::Action(CaseAction::Reopen),
        ];
        let with_argument = [
            Outcome::parse(detail).map(|outcome| CaseAction::Close { outcome }),
            detail
                .parse()
                .ok()
                .map(|reviewer| CaseAction::HandTo { reviewer }),
            CaseRef::parse(detail)
                .ok()
                .map(|target| CaseAction::MergeInto {
                    target: target.case_id(),
                }),
        ];
        plain
            .into_iter()
            .chain(
                with_argument
                    .into_iter()
                    .flatten()
                    .map(CaseEventKind::Action),
            )
            .find(|kind| kind.as_str() == name)
    }
}

impl CaseFacts {
    /// Whether another case may be merged into this one: only a live one
    /// takes in tips whose tipsters would otherwise see it closed.
    pub fn may_receive_merge(&self) -> Result<(), CaseError> {
        if self.merged_into.is_some() || self.state.is_closed() {
            Err(CaseError::TargetNotLive)
        } else {
            Ok(())
        }
    }

    /// The case after reviewer `actor` does `action` to case `case_id`,
    /// for `reason`.
    pub fn apply(
        &self,
        case_id: CaseId,
        actor: StaffId,
        action: CaseAction,
        reason: &Reason,
    ) -> Result<CaseFacts, CaseError> {
        if self.merged_into.is_some() {
            return Err(CaseError::Merged);
        }
        let refused = CaseError::NotAllowed {
            from: self.state.name(),
            action: action.name(),
        };
        let live = !self.state.is_closed();
        let with_state = |state| CaseFacts { state, ..*self };
        let next = match action {
            CaseAction::Take if live => CaseFacts {
                assignee: Some(actor),
                ..*self
            },
            CaseAction::HandTo { reviewer } if live => CaseFacts {
                assignee: Some(reviewer),
                ..*self
            },
            CaseAction::StartInvestigating if self.state == CaseState::Open => {
                with_state(CaseState::Investigating)
            }
            CaseAction::RecordActionTaken if self.state == CaseState::Investigating => {
                with_state(CaseState::ActionTaken)
            }
            CaseAction::Close {
                outcome: Outcome::ConfirmedCompound,
            } if live && self.state != CaseState::ActionTaken => {
                return Err(CaseError::ConfirmedWithoutAction);
            }
            CaseAction::Close { outcome } if live => with_state(CaseState::Closed(outcome)),
            CaseAction::Reopen if self.state.is_closed() => {
                if reason.is_empty() {
                    return Err(CaseError::ReasonRequired);
                }
                with_state(CaseState::Investigating)
            }
            CaseAction::MergeInto { target } if target == case_id => {
                return Err(CaseError::MergeIntoItself);
            }
            CaseAction::MergeInto { target } => CaseFacts {
                merged_into: Some(target),
                ..*self
            },
            _ => return Err(refused),
        };
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASE: CaseId = CaseId(5);
    const ME: StaffId = StaffId(1);

    fn facts(state: CaseState) -> CaseFacts {
        CaseFacts {
            state,
            assignee: None,
            merged_into: None,
        }
    }

    fn no_reason() -> Reason {
        Reason::parse("").unwrap()
    }

    #[test]
    fn a_case_runs_from_open_to_a_confirmed_compound() {
        let mut case = facts(CaseState::Open);
        for action in [
            CaseAction::Take,
            CaseAction::StartInvestigating,
            CaseAction::RecordActionTaken,
            CaseAction::Close {
                outcome: Outcome::ConfirmedCompound,
            },
        ] {
            case = case.apply(CASE, ME, action, &no_reason()).unwrap();
        }
        assert_eq!(case.state, CaseState::Closed(Outcome::ConfirmedCompound));
        assert_eq!(case.assignee, Some(ME));
        assert_eq!(case.state.tipster_status(), PublicStatus::Closed);
    }

    #[test]
    fn steps_cannot_be_skipped_or_repeated() {
        let open = facts(CaseState::Open);
        assert_eq!(
            open.apply(CASE, ME, CaseAction::RecordActionTaken, &no_reason()),
            Err(CaseError::NotAllowed {
                from: "open",
                action: "action_taken"
            })
        );
        let investigating = facts(CaseState::Investigating);
        assert!(
            investigating
                .apply(CASE, ME, CaseAction::StartInvestigating, &no_reason())
                .is_err()
        );
        assert_eq!(
            investigating.apply(
                CASE,
                ME,
                CaseAction::Close {
                    outcome: Outcome::ConfirmedCompound
                },
                &no_reason()
            ),
            Err(CaseError::ConfirmedWithoutAction)
        );
        for outcome in [
            Outcome::NotConfirmed,
            Outcome::InsufficientInformation,
            Outcome::Referred,
        ] {
            assert_eq!(
                facts(CaseState::Open)
                    .apply(CASE, ME, CaseAction::Close { outcome }, &no_reason())
                    .unwrap()
                    .state,
                CaseState::Closed(outcome)
            );
        }
    }

    #[test]
    fn a_closed_case_reopens_to_investigating_only_with_a_reason() {
        let closed = facts(CaseState::Closed(Outcome::NotConfirmed));
        assert_eq!(
            closed.apply(CASE, ME, CaseAction::Reopen, &no_reason()),
            Err(CaseError::ReasonRequired)
        );
        let reason = Reason::parse("  new photos arrived ").unwrap();
        assert_eq!(reason.as_str(), "new photos arrived");
        let reopened = closed.apply(CASE, ME, CaseAction::Reopen, &reason).unwrap();
        assert_eq!(reopened.state, CaseState::Investigating);
        assert_eq!(
            reopened.state.tipster_status(),
            PublicStatus::PassedToInvestigators
        );
        for action in [CaseAction::Take, CaseAction::StartInvestigating] {
            assert!(closed.apply(CASE, ME, action, &reason).is_err());
        }
        assert!(
            facts(CaseState::Open)
                .apply(CASE, ME, CaseAction::Reopen, &reason)
                .is_err()
        );
    }

    #[test]
    fn a_merged_case_takes_no_more_work() {
        let merged = facts(CaseState::Open)
            .apply(
                CASE,
                ME,
                CaseAction::MergeInto { target: CaseId(9) },
                &no_reason(),
            )
            .unwrap();
        assert_eq!(merged.merged_into, Some(CaseId(9)));
        assert_eq!(
            merged.apply(CASE, ME, CaseAction::Take, &no_reason()),
            Err(CaseError::Merged)
        );
        assert_eq!(
            facts(CaseState::Open).apply(
                CASE,
                ME,
                CaseAction::MergeInto { target: CASE },
                &no_reason()
            ),
            Err(CaseError::MergeIntoItself)
        );
    }

    #[test]
    fn only_a_live_case_takes_in_a_merge() {
        assert!(facts(CaseState::Investigating).may_receive_merge().is_ok());
        assert_eq!(
            facts(CaseState::Closed(Outcome::Referred)).may_receive_merge(),
            Err(CaseError::TargetNotLive)
        );
        let merged = CaseFacts {
            merged_into: Some(CaseId(3)),
            ..facts(CaseState::Open)
        };
        assert_eq!(merged.may_receive_merge(), Err(CaseError::TargetNotLive));
    }

    #[test]
    fn event_kinds_round_trip_with_their_details() {
        let kinds = [
            (CaseEventKind::Opened, ""),
            (CaseEventKind::MergedFrom, "C-00002"),
            (CaseEventKind::TipLinked, "T-00003"),
            (CaseEventKind::TipRemoved, "T-00003"),
            (CaseEventKind::LocationSet, ""),
            (CaseEventKind::Action(CaseAction::Take), ""),
            (CaseEventKind::Action(CaseAction::StartInvestigating), ""),
            (CaseEventKind::Action(CaseAction::RecordActionTaken), ""),
            (CaseEventKind::Action(CaseAction::Reopen), ""),
            (
                CaseEventKind::Action(CaseAction::Close {
                    outcome: Outcome::NotConfirmed,
                }),
                "not_confirmed",
            ),
            (
                CaseEventKind::Action(CaseAction::HandTo {
                    reviewer: StaffId(4),
                }),
                "4",
            ),
            (
                CaseEventKind::Action(CaseAction::MergeInto { target: CaseId(9) }),
                "C-00009",
            ),
        ];
        for (kind, detail) in kinds {
            assert_eq!(CaseEventKind::parse(kind.as_str(), detail), Some(kind));
        }
        assert_eq!(CaseEventKind::parse("raided", ""), None);
        assert_eq!(CaseEventKind::parse("close", "raided"), None);
    }

    #[test]
    fn every_state_name_is_released_as_its_tipster_status() {
        assert_eq!(
            CaseState::names_showing(PublicStatus::Closed),
            [CaseState::CLOSED]
        );
        assert_eq!(
            CaseState::names_showing(PublicStatus::PassedToInvestigators),
            ["open", "investigating", "action_taken"]
        );
        assert!(CaseState::names_showing(PublicStatus::Received).is_empty());
    }

    #[test]
    fn states_round_trip_and_bad_pairs_are_refused() {
        for state in [
            CaseState::Open,
            CaseState::Investigating,
            CaseState::ActionTaken,
            CaseState::Closed(Outcome::Referred),
        ] {
            assert_eq!(
                CaseState::parse(state.name(), state.outcome().map(Outcome::as_str)),
                Some(state)
            );
        }
        assert_eq!(CaseState::parse("closed", None), None);
        assert_eq!(CaseState::parse("open", Some("referred")), None);
        assert_eq!(CaseState::parse("raided", None), None);
        assert!(Reason::parse(&"x".repeat(REASON_MAX + 1)).is_err());
    }
}
