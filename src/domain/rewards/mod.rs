//! Rewards for tips that led to a confirmed compound. The workflow:
//!
//! ```text
//! candidate → recommended(amount) → approved
//!           ↘ not_eligible(reason)  ↘ rejected(reason)
//! ```
//!
//! A candidate or recommendation is withdrawn when its case is reopened.
//! Four eyes: whoever recommended a reward never approves or rejects it.
//! An approved reward ends here, for staff: what is paid is a claim of its
//! own ([`claim`]), which names no reward, and whoever approved the reward
//! never pays that claim.

pub mod claim;
mod claim_code;
mod money;
mod policy;

use chrono::NaiveDateTime;

use crate::domain::ids::StaffId;

pub use claim_code::{ClaimCode, NotAClaimCode};
pub use money::{Amount, AmountError, Currency, NotACurrency, grouped};
pub use policy::RewardPolicy;

/// Where a reward stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RewardState {
    Candidate,
    Recommended,
    /// Approved by an administrator; whether it was then paid is not told
    /// here.
    Approved,
    NotEligible,
    Rejected,
    /// Its case was reopened before the reward was approved.
    Withdrawn,
}

impl RewardState {
    pub const ALL: [RewardState; 6] = [
        RewardState::Candidate,
        RewardState::Recommended,
        RewardState::Approved,
        RewardState::NotEligible,
        RewardState::Rejected,
        RewardState::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RewardState::Candidate => "candidate",
            RewardState::Recommended => "recommended",
            RewardState::Approved => "approved",
            RewardState::NotEligible => "not_eligible",
            RewardState::Rejected => "rejected",
            RewardState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<RewardState> {
        RewardState::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether the reward still counts for its tip: a withdrawn one does
    /// not, so a case closed again as confirmed makes a new candidate.
    pub fn is_live(self) -> bool {
        self != RewardState::Withdrawn
    }

    /// Whether its amount counts against its case's pool.
    pub fn holds_pool(self) -> bool {
        matches!(self, RewardState::Recommended | RewardState::Approved)
    }

    /// Whether its amount counts against the budget of the month it was
    /// approved in. An approval holds it for good: whether its claim was
    /// paid or lapsed is not known to the reward.
    pub fn holds_budget(self) -> bool {
        self == RewardState::Approved
    }
}

/// What a tip added, as the recommending reviewer judges it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contribution {
    FirstReport,
    KeyDetail,
    Corroboration,
}

impl Contribution {
    pub const ALL: [Contribution; 3] = [
        Contribution::FirstReport,
        Contribution::KeyDetail,
        Contribution::Corroboration,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Contribution::FirstReport => "first_report",
            Contribution::KeyDetail => "key_detail",
            Contribution::Corroboration => "corroboration",
        }
    }

    pub fn parse(text: &str) -> Option<Contribution> {
        Contribution::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// Why a candidate gets nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ineligibility {
    StaffOrOfficial,
    NoNewInformation,
    FalseInformation,
    /// Explained in the reason's text.
    Other,
}

impl Ineligibility {
    pub const ALL: [Ineligibility; 4] = [
        Ineligibility::StaffOrOfficial,
        Ineligibility::NoNewInformation,
        Ineligibility::FalseInformation,
        Ineligibility::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Ineligibility::StaffOrOfficial => "staff_or_official",
            Ineligibility::NoNewInformation => "no_new_information",
            Ineligibility::FalseInformation => "false_information",
            Ineligibility::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Ineligibility> {
        Ineligibility::ALL.into_iter().find(|i| i.as_str() == text)
    }
}

/// What the workflow knows of a reward.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RewardFacts {
    pub state: RewardState,
    pub amount: Option<Amount>,
    pub recommended_by: Option<StaffId>,
    pub approved_by: Option<StaffId>,
    pub claimable_until: Option<NaiveDateTime>,
}

impl RewardFacts {
    pub fn candidate() -> RewardFacts {
        RewardFacts {
            state: RewardState::Candidate,
            amount: None,
            recommended_by: None,
            approved_by: None,
            claimable_until: None,
        }
    }
}

/// A step in a reward's life. The reasons' texts travel beside the action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RewardAction {
    Recommend {
        amount: Amount,
        contribution: Contribution,
    },
    NotEligible {
        why: Ineligibility,
    },
    /// Claimable until the given time.
    Approve {
        until: NaiveDateTime,
    },
    Reject,
    Withdraw,
}

impl RewardAction {
    /// The action's name in the audit log.
    pub fn name(self) -> &'static str {
        match self {
            RewardAction::Recommend { .. } => "recommend",
            RewardAction::NotEligible { .. } => "not_eligible",
            RewardAction::Approve { .. } => "approve",
            RewardAction::Reject => "reject",
            RewardAction::Withdraw => "withdraw",
        }
    }
}

/// What the payout officer writes down for a payout (a receipt number at
/// the counter, say): free text of their choosing, never an identity asked
/// of the tipster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayoutReference(String);

pub const PAYOUT_REFERENCE_MAX: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PayoutReferenceError {
    #[error("a payout needs a reference")]
    Empty,
    #[error("a payout reference is at most {PAYOUT_REFERENCE_MAX} characters")]
    TooLong,
}

impl PayoutReference {
    pub fn parse(typed: &str) -> Result<PayoutReference, PayoutReferenceError> {
        let typed = typed.trim();
        if typed.is_empty() {
            Err(PayoutReferenceError::Empty)
        } else if typed.chars().count() > PAYOUT_REFERENCE_MAX {
            Err(PayoutReferenceError::TooLong)
        } else {
            Ok(PayoutReference(typed.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Who takes a step: a staff member, or the system (a withdrawal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RewardActor {
    Staff(StaffId),
    System,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RewardError {
    #[error("a reward that is {} cannot {}", .from, .action)]
    NotAllowed {
        from: &'static str,
        action: &'static str,
    },
    #[error("whoever recommended a reward cannot decide on it")]
    OwnRecommendation,
    #[error("an amount is at most {max} per tip")]
    OverMaximum { max: i64 },
    #[error("the case's pool has {left} left")]
    OverPool { left: i64 },
    #[error("the month's budget has {left} left")]
    OverBudget { left: i64 },
    #[error("this step needs a reason")]
    ReasonRequired,
}

impl RewardFacts {
    /// The reward after `actor` takes `action`. `has_reason` says whether
    /// a reason's text came with it: a rejection and an "other"
    /// ineligibility need one.
    pub fn apply(
        &self,
        actor: RewardActor,
        action: RewardAction,
        has_reason: bool,
    ) -> Result<RewardFacts, RewardError> {
        let refused = RewardError::NotAllowed {
            from: self.state.as_str(),
            action: action.name(),
        };
        let staff = match actor {
            RewardActor::Staff(id) => Some(id),
            RewardActor::System => None,
        };
        let with_state = |state| RewardFacts { state, ..*self };
        match (self.state, action) {
            (RewardState::Candidate, RewardAction::Recommend { amount, .. }) if staff.is_some() => {
                Ok(RewardFacts {
                    state: RewardState::Recommended,
                    amount: Some(amount),
                    recommended_by: staff,
                    ..*self
                })
            }
            (RewardState::Candidate, RewardAction::NotEligible { why }) if staff.is_some() => {
                if why == Ineligibility::Other && !has_reason {
                    return Err(RewardError::ReasonRequired);
                }
                Ok(with_state(RewardState::NotEligible))
            }
            (RewardState::Recommended, RewardAction::Approve { until }) if staff.is_some() => {
                if staff == self.recommended_by {
                    return Err(RewardError::OwnRecommendation);
                }
                Ok(RewardFacts {
                    state: RewardState::Approved,
                    approved_by: staff,
                    claimable_until: Some(until),
                    ..*self
                })
            }
            (RewardState::Recommended, RewardAction::Reject) if staff.is_some() => {
                if staff == self.recommended_by {
                    return Err(RewardError::OwnRecommendation);
                }
                if !has_reason {
                    return Err(RewardError::ReasonRequired);
                }
                Ok(with_state(RewardState::Rejected))
            }
            (RewardState::Candidate | RewardState::Recommended, RewardAction::Withdraw)
                if staff.is_none() =>
            {
                Ok(with_state(RewardState::Withdrawn))
            }
            _ => Err(refused),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    const REVIEWER: RewardActor = RewardActor::Staff(StaffId(1));
    const ADMIN: RewardActor = RewardActor::Staff(StaffId(2));

    fn now() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 24)
            .unwrap()
            .and_hms_opt(3, 0, 0)
            .unwrap()
    }

    fn recommend() -> RewardAction {
        RewardAction::Recommend {
            amount: Amount::new(500_000).unwrap(),
            contribution: Contribution::FirstReport,
        }
    }

    fn approve() -> RewardAction {
        RewardAction::Approve {
            until: now() + TimeDelta::days(180),
        }
    }

    fn approved() -> RewardFacts {
        let recommended = RewardFacts::candidate()
            .apply(REVIEWER, recommend(), false)
            .unwrap();
        recommended.apply(ADMIN, approve(), false).unwrap()
    }

    #[test]
    fn a_candidate_is_recommended_by_one_and_approved_by_another() {
        let recommended = RewardFacts::candidate()
            .apply(REVIEWER, recommend(), false)
            .unwrap();
        assert_eq!(recommended.state, RewardState::Recommended);
        assert_eq!(recommended.amount.unwrap().units(), 500_000);
        assert_eq!(recommended.recommended_by, Some(StaffId(1)));
        let approved = recommended.apply(ADMIN, approve(), false).unwrap();
        assert_eq!(approved.state, RewardState::Approved);
        assert_eq!(approved.approved_by, Some(StaffId(2)));
        assert_eq!(approved.claimable_until, Some(now() + TimeDelta::days(180)));
    }

    #[test]
    fn whoever_recommended_cannot_approve() {
        let recommended = RewardFacts::candidate()
            .apply(ADMIN, recommend(), false)
            .unwrap();
        assert_eq!(
            recommended.apply(ADMIN, approve(), false),
            Err(RewardError::OwnRecommendation)
        );
        assert_eq!(
            recommended.apply(ADMIN, RewardAction::Reject, true),
            Err(RewardError::OwnRecommendation),
            "nor reject it"
        );
        assert!(recommended.apply(REVIEWER, approve(), false).is_ok());
    }

    #[test]
    fn rejection_and_other_ineligibility_need_a_reason() {
        let recommended = RewardFacts::candidate()
            .apply(REVIEWER, recommend(), false)
            .unwrap();
        assert_eq!(
            recommended.apply(ADMIN, RewardAction::Reject, false),
            Err(RewardError::ReasonRequired)
        );
        assert_eq!(
            recommended
                .apply(ADMIN, RewardAction::Reject, true)
                .unwrap()
                .state,
            RewardState::Rejected
        );
        let other = RewardAction::NotEligible {
            why: Ineligibility::Other,
        };
        assert_eq!(
            RewardFacts::candidate().apply(REVIEWER, other, false),
            Err(RewardError::ReasonRequired)
        );
        let official = RewardAction::NotEligible {
            why: Ineligibility::StaffOrOfficial,
        };
        assert_eq!(
            RewardFacts::candidate()
                .apply(REVIEWER, official, false)
                .unwrap()
                .state,
            RewardState::NotEligible
        );
    }

    #[test]
    fn reopening_withdraws_only_what_was_not_yet_approved() {
        let withdraw =
            |facts: RewardFacts| facts.apply(RewardActor::System, RewardAction::Withdraw, false);
        assert!(withdraw(RewardFacts::candidate()).is_ok());
        let recommended = RewardFacts::candidate()
            .apply(REVIEWER, recommend(), false)
            .unwrap();
        assert_eq!(withdraw(recommended).unwrap().state, RewardState::Withdrawn);
        assert!(withdraw(approved()).is_err());
    }

    #[test]
    fn steps_out_of_order_are_refused() {
        let candidate = RewardFacts::candidate();
        assert!(candidate.apply(ADMIN, approve(), false).is_err());
        assert!(approved().apply(REVIEWER, recommend(), false).is_err());
        assert!(
            candidate
                .apply(RewardActor::System, recommend(), false)
                .is_err()
        );
    }

    #[test]
    fn a_payout_reference_is_short_text_and_required() {
        assert_eq!(
            PayoutReference::parse("  RCPT-991 ").unwrap().as_str(),
            "RCPT-991"
        );
        assert_eq!(
            PayoutReference::parse("  "),
            Err(PayoutReferenceError::Empty)
        );
        assert_eq!(
            PayoutReference::parse(&"x".repeat(201)),
            Err(PayoutReferenceError::TooLong)
        );
        assert!(PayoutReference::parse(&"ក".repeat(200)).is_ok());
    }

    #[test]
    fn stored_names_read_back() {
        for state in RewardState::ALL {
            assert_eq!(RewardState::parse(state.as_str()), Some(state));
        }
        for contribution in Contribution::ALL {
            assert_eq!(
                Contribution::parse(contribution.as_str()),
                Some(contribution)
            );
        }
        for why in Ineligibility::ALL {
            assert_eq!(Ineligibility::parse(why.as_str()), Some(why));
        }
        assert!(RewardState::Approved.is_live() && !RewardState::Withdrawn.is_live());
        assert!(RewardState::Approved.holds_budget() && !RewardState::Rejected.holds_budget());
    }
}
