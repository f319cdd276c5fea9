use crate::domain::ids::{CaseId, StaffId, TipId};
use crate::domain::tip_status::{PublicStatus, TipStatus};

/// Why a tip was closed without action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseReason {
    Spam,
    NotACompound,
    NotEnoughInformation,
    OutOfArea,
}

impl CloseReason {
    pub const ALL: [CloseReason; 4] = [
        CloseReason::Spam,
        CloseReason::NotACompound,
        CloseReason::NotEnoughInformation,
        CloseReason::OutOfArea,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CloseReason::Spam => "spam",
            CloseReason::NotACompound => "not_a_compound",
            CloseReason::NotEnoughInformation => "not_enough_information",
            CloseReason::OutOfArea => "out_of_area",
        }
    }

    pub fn parse(text: &str) -> Option<CloseReason> {
        CloseReason::ALL
            .into_iter()
            .find(|reason| reason.as_str() == text)
    }
}

/// What the workflow knows of a tip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TipState {
    pub status: TipStatus,
    pub assignee: Option<StaffId>,
    pub duplicate_of: Option<TipId>,
    pub case_id: Option<CaseId>,
    pub close_reason: Option<CloseReason>,
}

/// A reviewer's move on a tip. Notes change nothing here: they are not a
/// state of the tip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TipAction {
    /// Assign to the reviewer acting.
    Take,
    /// Assign to another reviewer.
    HandTo {
        reviewer: StaffId,
    },
    /// Ask the tipster something; the tip waits for the answer.
    AskQuestion,
    /// Another tip reports the same thing; this one follows its case.
    MarkDuplicate {
        of: TipId,
        of_case: Option<CaseId>,
    },
    /// Part of a case (an existing one, or one just opened from this tip).
    LinkToCase {
        case: CaseId,
    },
    /// A linked tip moves to another case.
    MoveToCase {
        case: CaseId,
    },
    Close {
        reason: CloseReason,
    },
    /// A closed or duplicate tip comes back, unassigned, to the queue.
    Reopen,
}

impl TipAction {
    /// The action's name in the audit log.
    pub fn name(self) -> &'static str {
        match self {
            TipAction::Take => "take",
            TipAction::HandTo { .. } => "hand_to",
            TipAction::AskQuestion => "ask_question",
            TipAction::MarkDuplicate { .. } => "mark_duplicate",
            TipAction::LinkToCase { .. } => "link_to_case",
            TipAction::MoveToCase { .. } => "move_to_case",
            TipAction::Close { .. } => "close",
            TipAction::Reopen => "reopen",
        }
    }
}

/// An action the tip's state does not allow: never a silent no-op.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("a tip that is {} cannot {}", .from.as_str(), .action)]
    NotAllowed {
        from: TipStatus,
        action: &'static str,
    },
    #[error("a tip cannot be a duplicate of itself")]
    DuplicateOfItself,
}

impl TipState {
    /// Whether the tip is still being worked on (not linked, duplicate or closed).
    fn is_open(&self) -> bool {
        matches!(
            self.status,
            TipStatus::New | TipStatus::InReview | TipStatus::NeedsInfo | TipStatus::ReplyReceived
        )
    }

    /// Whether the tip waits in the reviewers' queue.
    pub fn in_queue(&self) -> bool {
        TipStatus::WAITING.contains(&self.status)
            || (self.status == TipStatus::WAITING_UNASSIGNED && self.assignee.is_none())
    }

    /// What the tipster may be shown at once. A tip that follows a case
    /// waits for the daily release instead (`None`), so a change in the
    /// case cannot be timed against what happens at the site.
    pub fn public_now(&self) -> Option<PublicStatus> {
        match self.case_id {
            Some(_) => None,
            None => Some(self.status.public()),
        }
    }

    /// Whether the tip may join a case: asked before a case is opened for it.
    pub fn may_join_case(&self) -> Result<(), TransitionError> {
        if self.is_open() {
            Ok(())
        } else {
            Err(TransitionError::NotAllowed {
                from: self.status,
                action: "link_to_case",
            })
        }
    }

    /// The state after reviewer `actor` does `action` to tip `tip_id`.
    pub fn apply(
        &self,
        tip_id: TipId,
        actor: StaffId,
        action: TipAction,
    ) -> Result<TipState, TransitionError> {
        let refused = TransitionError::NotAllowed {
            from: self.status,
            action: action.name(),
        };
        let working = |assignee: StaffId| TipState {
            status: match self.status {
                TipStatus::New | TipStatus::ReplyReceived => TipStatus::InReview,
                other => other,
            },
            assignee: Some(assignee),
            ..*self
        };
        let next = match action {
            TipAction::Take if self.is_open() => working(actor),
            TipAction::HandTo { reviewer } if self.is_open() => working(reviewer),
            TipAction::AskQuestion if self.is_open() => TipState {
                status: TipStatus::NeedsInfo,
                assignee: self.assignee.or(Some(actor)),
                ..*self
            },
            TipAction::MarkDuplicate { of, .. } if of == tip_id => {
                return Err(TransitionError::DuplicateOfItself);
            }
            TipAction::MarkDuplicate { of, of_case } if self.is_open() => TipState {
                status: TipStatus::Duplicate,
                duplicate_of: Some(of),
                case_id: of_case,
                ..*self
            },
            TipAction::LinkToCase { case } if self.is_open() => TipState {
                status: TipStatus::Linked,
                case_id: Some(case),
                ..*self
            },
            TipAction::MoveToCase { case } if self.status == TipStatus::Linked => TipState {
                case_id: Some(case),
                ..*self
            },
            TipAction::Close { reason } if self.is_open() => TipState {
                status: TipStatus::ClosedNoAction,
                close_reason: Some(reason),
                ..*self
            },
            TipAction::Reopen
                if matches!(
                    self.status,
                    TipStatus::Duplicate | TipStatus::ClosedNoAction
                ) =>
            {
                TipState {
                    status: TipStatus::InReview,
                    assignee: None,
                    duplicate_of: None,
                    case_id: None,
                    close_reason: None,
                }
            }
            _ => return Err(refused),
        };
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIP: TipId = TipId(7);
    const ME: StaffId = StaffId(1);
    const OTHER: StaffId = StaffId(2);

    fn state(status: TipStatus) -> TipState {
        TipState {
            status,
            assignee: None,
            duplicate_of: None,
            case_id: None,
            close_reason: None,
        }
    }

    #[test]
    fn a_new_tip_is_taken_questioned_answered_and_linked() {
        let taken = state(TipStatus::New)
            .apply(TIP, ME, TipAction::Take)
            .unwrap();
        assert_eq!(taken.status, TipStatus::InReview);
        assert_eq!(taken.assignee, Some(ME));
        assert!(!taken.in_queue());
        let asked = taken.apply(TIP, ME, TipAction::AskQuestion).unwrap();
        assert_eq!(asked.status, TipStatus::NeedsInfo);
        let answered = TipState {
            status: asked.status.after_tipster_reply(),
            ..asked
        };
        assert_eq!(answered.status, TipStatus::ReplyReceived);
        assert!(
            answered.in_queue(),
            "an answer puts the tip back in the queue"
        );
        let linked = answered
            .apply(TIP, ME, TipAction::LinkToCase { case: CaseId(3) })
            .unwrap();
        assert_eq!(
            (linked.status, linked.case_id),
            (TipStatus::Linked, Some(CaseId(3)))
        );
    }

    #[test]
    fn a_duplicate_follows_the_case_of_its_original() {
        let duplicate = state(TipStatus::InReview)
            .apply(
                TIP,
                ME,
                TipAction::MarkDuplicate {
                    of: TipId(4),
                    of_case: Some(CaseId(9)),
                },
            )
            .unwrap();
        assert_eq!(duplicate.status, TipStatus::Duplicate);
        assert_eq!(
            (duplicate.duplicate_of, duplicate.case_id),
            (Some(TipId(4)), Some(CaseId(9)))
        );
        assert_eq!(
            state(TipStatus::New).apply(
                TIP,
                ME,
                TipAction::MarkDuplicate {
                    of: TIP,
                    of_case: None
                }
            ),
            Err(TransitionError::DuplicateOfItself)
        );
    }

    #[test]
    fn closed_and_duplicate_tips_reopen_unassigned_into_the_queue() {
        for reason in CloseReason::ALL {
            let closed = state(TipStatus::InReview)
                .apply(TIP, ME, TipAction::Close { reason })
                .unwrap();
            assert_eq!(closed.close_reason, Some(reason));
            let reopened = closed.apply(TIP, OTHER, TipAction::Reopen).unwrap();
            assert_eq!(reopened, state(TipStatus::InReview));
            assert!(reopened.in_queue());
        }
    }

    #[test]
    fn finished_tips_refuse_work_with_a_typed_error() {
        for status in [
            TipStatus::Linked,
            TipStatus::Duplicate,
            TipStatus::ClosedNoAction,
        ] {
            for action in [
                TipAction::Take,
                TipAction::HandTo { reviewer: OTHER },
                TipAction::AskQuestion,
                TipAction::LinkToCase { case: CaseId(1) },
                TipAction::Close {
                    reason: CloseReason::Spam,
                },
            ] {
                assert_eq!(
                    state(status).apply(TIP, ME, action),
                    Err(TransitionError::NotAllowed {
                        from: status,
                        action: action.name()
                    }),
                    "{status:?} {action:?}"
                );
            }
        }
        for status in [TipStatus::New, TipStatus::InReview, TipStatus::Linked] {
            assert!(
                state(status).apply(TIP, ME, TipAction::Reopen).is_err(),
                "{status:?}"
            );
        }
    }

    #[test]
    fn handing_over_assigns_the_other_reviewer_and_asking_assigns_the_asker() {
        let handed = state(TipStatus::New)
            .apply(TIP, ME, TipAction::HandTo { reviewer: OTHER })
            .unwrap();
        assert_eq!(handed.assignee, Some(OTHER));
        let asked = state(TipStatus::New)
            .apply(TIP, ME, TipAction::AskQuestion)
            .unwrap();
        assert_eq!(asked.assignee, Some(ME));
    }

    #[test]
    fn a_linked_tip_moves_between_cases_and_waits_for_the_release() {
        let linked = state(TipStatus::InReview)
            .apply(TIP, ME, TipAction::LinkToCase { case: CaseId(3) })
            .unwrap();
        assert_eq!(
            linked.public_now(),
            None,
            "a case's news waits for the batch"
        );
        let moved = linked
            .apply(TIP, ME, TipAction::MoveToCase { case: CaseId(4) })
            .unwrap();
        assert_eq!(
            (moved.status, moved.case_id),
            (TipStatus::Linked, Some(CaseId(4)))
        );
        assert!(
            state(TipStatus::InReview)
                .apply(TIP, ME, TipAction::MoveToCase { case: CaseId(4) })
                .is_err(),
            "only a linked tip moves"
        );
        assert_eq!(
            state(TipStatus::NeedsInfo).public_now(),
            Some(PublicStatus::QuestionForYou)
        );
        assert!(state(TipStatus::ReplyReceived).may_join_case().is_ok());
        assert!(linked.may_join_case().is_err());
    }

    #[test]
    fn close_reasons_round_trip() {
        for reason in CloseReason::ALL {
            assert_eq!(CloseReason::parse(reason.as_str()), Some(reason));
        }
        assert_eq!(CloseReason::parse("boring"), None);
    }
}
