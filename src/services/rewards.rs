//! Rewards as a service: candidates made and withdrawn as their case
//! closes and reopens, each staff step through the domain's workflow with
//! the policy's sums checked, the tipster's claim code and the claim it
//! opens, the payout officer's lookup and payout, and the daily expiry and
//! audit of claims ([`crate::services::claims`]). Every change takes the
//! audit chain's lock first, so two approvals cannot both pass the budget,
//! and writes its audit row in the same transaction, but for claim checks
//! and payouts, which the daily job audits.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use chrono::NaiveDate;

use crate::db::claims::{self as claim_rows, PayoutLine};
use crate::db::rewards::{
    self, IssuedCode, LedgerLine, ListedReward, RewardCursor, RewardFilter, StateTotal, Step,
    StoredReward,
};
use crate::db::{Db, DbConnection, DbError, audit};
use crate::domain::audit::AuditAction;
use crate::domain::cambodia::{self, Month};
use crate::domain::cases::{CaseAction, Outcome, Reason};
use crate::domain::guessing::{FAILURE_WINDOW, may_try};
use crate::domain::ids::{CaseId, RewardId, StaffId, TipId};
use crate::domain::rewards::claim::ClaimState;
use crate::domain::rewards::{
    Amount, ClaimCode, Contribution, Ineligibility, PayoutReference, RewardAction, RewardActor,
    RewardError, RewardFacts, RewardPolicy, RewardState,
};
use crate::domain::tips::{CaseRef, InternalRef, RewardRef};
use crate::hashing::{HashError, Hasher};
use crate::secret::{SecretKey, seal_with, unseal_with};
use crate::services::claims::{self, Asked, ClaimTerms};
use crate::services::common::{ActionOutcome, Actor, event, now};

pub use crate::services::claims::ClaimCheck;

/// How a reward is named as an audit subject.
pub fn subject(reward_id: RewardId) -> String {
    format!("reward:{}", RewardRef::of(reward_id))
}

/// What a closed or reopened case does to its rewards, inside the case's
/// own transaction: confirming a compound makes its tips candidates,
/// reopening withdraws what was not yet approved.
pub fn follow_case(
    conn: &mut DbConnection,
    key: &SecretKey,
    actor: StaffId,
    case_id: CaseId,
    action: CaseAction,
    policy: &RewardPolicy,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    match action {
        CaseAction::Close {
            outcome: Outcome::ConfirmedCompound,
        } => {
            // A tip that moved here from another case leaves its open
            // reward there behind: this case's decides.
            let moved_away = rewards::open_elsewhere(conn, case_id)?;
            withdraw(conn, key, actor, moved_away, now)?;
            let made = rewards::make_candidates(conn, case_id, policy.currency.as_str(), now)?;
            for (reward_id, tip_id) in made {
                let logged = event(
                    Actor::Staff(actor),
                    AuditAction::RewardChanged,
                    subject(reward_id),
                    format!(
                        "candidate for {} in {}",
                        InternalRef::of(tip_id),
                        CaseRef::of(case_id)
                    ),
                );
                audit::append(conn, key, &logged, now)?;
            }
        }
        // A merged case's tips wait for the case they joined to be confirmed.
        CaseAction::Reopen | CaseAction::MergeInto { .. } => {
            let open = rewards::open_in_case(conn, case_id)?;
            withdraw(conn, key, actor, open, now)?;
        }
        _ => {}
    }
    Ok(())
}

fn withdraw(
    conn: &mut DbConnection,
    key: &SecretKey,
    actor: StaffId,
    open: Vec<StoredReward>,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    for reward in open {
        let next = reward
            .facts
            .apply(RewardActor::System, RewardAction::Withdraw, false)
            .map_err(|refused| crate::db::corrupt(refused.to_string()))?;
        if rewards::store(conn, &reward, &next, Step::Ended, now)? {
            audit_step(
                conn,
                key,
                Actor::Staff(actor),
                &reward,
                &next,
                "withdraw",
                now,
            )?;
        }
    }
    Ok(())
}

fn audit_step(
    conn: &mut DbConnection,
    key: &SecretKey,
    actor: Actor,
    reward: &StoredReward,
    next: &RewardFacts,
    what: &str,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    let amount = next
        .amount
        .map(|amount| format!(" {} {}", amount.units(), reward.currency))
        .unwrap_or_default();
    let logged = event(
        actor,
        AuditAction::RewardChanged,
        subject(reward.id),
        format!(
            "{what}{amount}: {} -> {}",
            reward.facts.state.as_str(),
            next.state.as_str()
        ),
    );
    audit::append(conn, key, &logged, now)?;
    Ok(())
}

/// A reviewer's or administrator's step on a reward.
#[derive(Clone, Debug)]
pub enum StaffStep {
    Recommend {
        amount: Amount,
        contribution: Contribution,
    },
    NotEligible {
        why: Ineligibility,
        reason: Reason,
    },
    Approve,
    Reject {
        reason: Reason,
    },
}

/// What the tipster sees of their reward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TipsterReward {
    pub amount: Amount,
    pub currency: String,
    /// The last day its claim may be paid.
    pub until: NaiveDate,
    pub paid: bool,
    /// Shown only to someone who just typed the passphrase, while unpaid.
    pub code: Option<ClaimCode>,
}

/// What was paid on one past day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaidDay {
    pub day: NaiveDate,
    pub count: i64,
    pub amount: i64,
}

/// The rewards page's figures.
#[derive(Debug, Clone)]
pub struct Overview {
    /// One page of the list.
    pub rewards: Vec<ListedReward>,
    /// Where the next page starts, if there is one.
    pub next: Option<RewardCursor>,
    /// Count and amount per state.
    pub totals: Vec<StateTotal>,
    pub month: Month,
    pub budget_used: i64,
    /// The proposed amount for each candidate shown.
    pub proposals: HashMap<RewardId, i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum RewardsError {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error(transparent)]
    Hash(#[from] HashError),
}

#[derive(Clone, Debug)]
pub struct RewardService {
    db: Db,
    key: SecretKey,
    hasher: Hasher,
    policy: RewardPolicy,
}

impl RewardService {
    pub fn new(db: Db, key: SecretKey, hasher: Hasher, policy: RewardPolicy) -> Self {
        RewardService {
            db,
            key,
            hasher,
            policy,
        }
    }

    pub fn policy(&self) -> &RewardPolicy {
        &self.policy
    }

    /// Takes `step` on the reward if it is still at `version`.
    pub async fn step(
        &self,
        actor: StaffId,
        reward_id: RewardId,
        version: i32,
        step: StaffStep,
    ) -> Result<ActionOutcome<RewardError>, DbError> {
        let key = self.key.clone();
        let policy = self.policy.clone();
        self.db
            .write(move |conn| {
                // Serialises every reward step: the budget read below cannot
                // change before this approval commits.
                audit::hold_chain(conn)?;
                let Some(reward) = rewards::find(conn, reward_id)? else {
                    return Ok(ActionOutcome::NoSuchSubject);
                };
                if reward.version != version {
                    return Ok(ActionOutcome::Stale);
                }
                let deciding = matches!(step, StaffStep::Recommend { .. } | StaffStep::Approve);
                if deciding && !rewards::still_earned(conn, &reward)? {
                    return Ok(ActionOutcome::Refused(RewardError::NotAllowed {
                        from: reward.facts.state.as_str(),
                        action: "decide without a confirmed case",
                    }));
                }
                let now = now();
                // What the workflow is asked, whether a reason came with it,
                // and what the step writes beside the workflow's facts.
                let (action, has_reason, stored) = match &step {
                    StaffStep::Recommend {
                        amount,
                        contribution,
                    } => (
                        RewardAction::Recommend {
                            amount: *amount,
                            contribution: *contribution,
                        },
                        false,
                        Step::Recommended {
                            contribution: *contribution,
                        },
                    ),
                    StaffStep::NotEligible { why, reason } => (
                        RewardAction::NotEligible { why: *why },
                        !reason.is_empty(),
                        Step::NotEligible {
                            why: *why,
                            reason: reason.as_str(),
                        },
                    ),
                    StaffStep::Approve => (
                        RewardAction::Approve {
                            until: policy.claimable_until(now),
                        },
                        false,
                        Step::Approved,
                    ),
                    StaffStep::Reject { reason } => (
                        RewardAction::Reject,
                        !reason.is_empty(),
                        Step::Rejected {
                            reason: reason.as_str(),
                        },
                    ),
                };
                let next = match reward
                    .facts
                    .apply(RewardActor::Staff(actor), action, has_reason)
                {
                    Ok(next) => next,
                    Err(refused) => return Ok(ActionOutcome::Refused(refused)),
                };
                let checked = match (&step, next.amount) {
                    (StaffStep::Recommend { amount, .. }, _) => {
                        let others = rewards::pool_used(conn, reward.case_id, reward.id)?;
                        policy.check_recommendation(*amount, others)
                    }
                    (StaffStep::Approve, Some(amount)) => {
                        let (from, until) = Month::of(now).bounds();
                        let used = rewards::budget_used(conn, from, until)?;
                        policy.check_approval(amount, used)
                    }
                    _ => Ok(()),
                };
                if let Err(refused) = checked {
                    return Ok(ActionOutcome::Refused(refused));
                }
                if !rewards::store(conn, &reward, &next, stored, now)? {
                    return Ok(ActionOutcome::Stale);
                }
                audit_step(
                    conn,
                    &key,
                    Actor::Staff(actor),
                    &reward,
                    &next,
                    action.name(),
                    now,
                )?;
                Ok(ActionOutcome::Done)
            })
            .await
    }

    /// Looks a typed claim code up for payout officer `officer`.
    pub async fn check_claim(&self, officer: StaffId, typed: &str) -> Result<ClaimCheck, DbError> {
        self.claim(officer, typed, None).await
    }

    /// Records the payout of the claim the code names, if it may be paid:
    /// the code is dead afterwards.
    pub async fn record_payout(
        &self,
        officer: StaffId,
        typed: &str,
        reference: PayoutReference,
    ) -> Result<ClaimCheck, DbError> {
        self.claim(officer, typed, Some(reference)).await
    }

    async fn claim(
        &self,
        officer: StaffId,
        typed: &str,
        payout: Option<PayoutReference>,
    ) -> Result<ClaimCheck, DbError> {
        let key = self.key.clone();
        let hash = ClaimCode::parse(typed)
            .ok()
            .map(|code| claims::code_hash(&key, &code));
        self.db
            .write(move |conn| {
                audit::hold_chain(conn)?;
                let now = now();
                let today = cambodia::day_of(now.and_utc());
                let failures = rewards::claim_failures_since(conn, officer, now - FAILURE_WINDOW)?;
                let asked = match &payout {
                    None => Asked::Check,
                    Some(reference) => Asked::Pay(reference),
                };
                let answer = match &hash {
                    Some(hash) if may_try(failures) => {
                        claims::check_or_pay(conn, &key, officer, hash, asked, today)?
                    }
                    _ => None,
                };
                match answer {
                    Some(answer) => Ok(answer),
                    None => {
                        rewards::record_claim_failure(conn, officer, now)?;
                        Ok(ClaimCheck::Refused)
                    }
                }
            })
            .await
    }

    /// The daily settling of claims on `today`: those past their last day
    /// expire, and the checks and payouts of the days before are audited.
    /// Returns how many expired and how many were audited.
    pub async fn settle_claims(&self, today: NaiveDate) -> Result<(usize, usize), DbError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                audit::hold_chain(conn)?;
                let expired = claims::expire_due(conn, &key, today)?;
                let audited = claims::audit_events(conn, &key, today)?;
                Ok((expired, audited))
            })
            .await
    }

    /// The tip's reward as its tipster sees it, once released. With the
    /// passphrase just typed, an unpaid claim's code is shown: issued, with
    /// its claim, at the first such visit and sealed under a key only that
    /// passphrase makes. The sealed code is the reward's one pointer to its
    /// claim. Issuing is not logged: staff would learn when a tipster visits.
    pub async fn for_tipster(
        &self,
        tip_id: TipId,
        passphrase: Option<String>,
    ) -> Result<Option<TipsterReward>, RewardsError> {
        let Some(reward) = self
            .db
            .read(move |conn| rewards::released_for_tip(conn, tip_id))
            .await?
        else {
            return Ok(None);
        };
        let (RewardState::Approved, Some(amount), Some(until)) = (
            reward.facts.state,
            reward.facts.amount,
            reward.facts.claimable_until,
        ) else {
            return Ok(None);
        };
        let last_day = cambodia::day_of(until.and_utc());
        let today = cambodia::day_of(chrono::Utc::now());
        let shown = |paid, code| TipsterReward {
            amount,
            currency: reward.currency.clone(),
            until: last_day,
            paid,
            code,
        };
        let Some(passphrase) = passphrase else {
            return Ok((today <= last_day).then(|| shown(false, None)));
        };
        if !reward.has_claim_code {
            // Past its last day no code is issued that the counter would refuse.
            if today > last_day {
                return Ok(None);
            }
            if let Some(code) = self
                .issue_claim(&reward, amount, last_day, &passphrase)
                .await?
            {
                return Ok(Some(shown(false, Some(code))));
            }
        }
        let Some(code) = self.open_claim_code(reward.id, passphrase).await? else {
            // A code sealed before claims were records of their own.
            return Ok(Some(shown(false, None)));
        };
        let hash = claims::code_hash(&self.key, &code);
        let claim = self
            .db
            .read(move |conn| claim_rows::by_code_hash(conn, &hash))
            .await?;
        Ok(match claim.map(|stored| stored.facts.state) {
            Some(ClaimState::Paid) => Some(shown(true, None)),
            Some(ClaimState::Claimable) if today <= last_day => Some(shown(false, Some(code))),
            _ => None,
        })
    }

    /// Issues the reward's claim and its code, sealed for the tipster; `None`
    /// if another visit issued them first.
    async fn issue_claim(
        &self,
        reward: &StoredReward,
        amount: Amount,
        last_day: NaiveDate,
        passphrase: &str,
    ) -> Result<Option<ClaimCode>, RewardsError> {
        let Some(approved_by) = reward.facts.approved_by else {
            return Ok(None);
        };
        let reward_id = reward.id;
        let code = ClaimCode::generate();
        let mut salt = [0u8; 16];
        rand::fill(&mut salt);
        let sealing = self.hasher.derive_key(passphrase.to_owned(), salt).await?;
        let sealed = seal_with(
            &sealing,
            &reward_id.0.to_be_bytes(),
            code.as_str().as_bytes(),
        );
        let terms = ClaimTerms {
            currency: reward.currency.clone(),
            amount,
            last_day,
            approved_by,
        };
        let claim = claims::new_claim(&self.key, &code, terms);
        let key = self.key.clone();
        let issued = self
            .db
            .write(move |conn| {
                let issued = IssuedCode {
                    sealed: &sealed,
                    salt: &salt,
                };
                if !rewards::set_claim_code(conn, reward_id, &issued)? {
                    return Ok(false);
                }
                claims::store_new(conn, &key, &claim)?;
                Ok(true)
            })
            .await?;
        Ok(issued.then_some(code))
    }

    async fn open_claim_code(
        &self,
        reward_id: RewardId,
        passphrase: String,
    ) -> Result<Option<ClaimCode>, RewardsError> {
        let Some(rewards::SealedClaimCode { sealed, salt }) = self
            .db
            .read(move |conn| rewards::sealed_claim_code(conn, reward_id))
            .await?
        else {
            return Ok(None);
        };
        let Ok(salt) = <[u8; 16]>::try_from(salt.as_slice()) else {
            return Ok(None);
        };
        let opening = self.hasher.derive_key(passphrase, salt).await?;
        Ok(unseal_with(&opening, &reward_id.0.to_be_bytes(), &sealed)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|text| ClaimCode::parse(&text).ok()))
    }

    /// A page of at most `page_size` rewards in the filter, after `after`,
    /// with the sums and proposals the page shows beside them.
    pub async fn overview(
        &self,
        filter: RewardFilter,
        after: Option<RewardCursor>,
        page_size: usize,
    ) -> Result<Overview, DbError> {
        let policy = self.policy.clone();
        self.db
            .read(move |conn| {
                let mut shown = rewards::list(conn, &filter, after, page_size + 1)?;
                let next = if shown.len() > page_size {
                    shown.truncate(page_size);
                    shown.last().map(ListedReward::cursor)
                } else {
                    None
                };
                let month = Month::of(now());
                let (from, until) = month.bounds();
                let mut proposals = HashMap::new();
                let mut cases: Vec<CaseId> = shown
                    .iter()
                    .filter(|r| r.reward.facts.state == RewardState::Candidate)
                    .map(|r| r.reward.case_id)
                    .collect();
                cases.dedup();
                for case_id in cases {
                    proposals.extend(proposed_amounts(&policy, &rewards::of_case(conn, case_id)?));
                }
                Ok(Overview {
                    rewards: shown,
                    next,
                    totals: rewards::totals(conn)?,
                    month,
                    budget_used: rewards::budget_used(conn, from, until)?,
                    proposals,
                })
            })
            .await
    }

    /// The approvals ledger for finance, with its export logged.
    pub async fn ledger(&self, actor: StaffId) -> Result<Vec<LedgerLine>, DbError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                let lines = rewards::ledger(conn)?;
                let logged = event(
                    Actor::Staff(actor),
                    AuditAction::LedgerExported,
                    "rewards:ledger".to_owned(),
                    format!("{} rewards", lines.len()),
                );
                audit::append(conn, &key, &logged, now())?;
                Ok(lines)
            })
            .await
    }

    /// The payouts ledger of the whole days before today, with its export
    /// logged.
    pub async fn payouts_ledger(&self, actor: StaffId) -> Result<Vec<PayoutLine>, DbError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                let today = cambodia::day_of(chrono::Utc::now());
                let lines = claim_rows::payouts_before(conn, today)?;
                let logged = event(
                    Actor::Staff(actor),
                    AuditAction::LedgerExported,
                    "rewards:payouts".to_owned(),
                    format!("{} payouts", lines.len()),
                );
                audit::append(conn, &key, &logged, now())?;
                Ok(lines)
            })
            .await
    }

    /// What was paid on each whole day before today, newest first, for at
    /// most `days` days that had payouts.
    pub async fn paid_by_day(&self, days: usize) -> Result<Vec<PaidDay>, DbError> {
        let today = cambodia::day_of(chrono::Utc::now());
        let lines = self
            .db
            .read(move |conn| claim_rows::payouts_before(conn, today))
            .await?;
        Ok(paid_days(&lines, days))
    }
}

/// Counts and sums payouts per day, newest day first.
fn paid_days(lines: &[PayoutLine], days: usize) -> Vec<PaidDay> {
    let mut by_day: Vec<PaidDay> = Vec::new();
    for line in lines.iter().rev() {
        match by_day.last_mut() {
            Some(last) if last.day == line.paid_on => {
                last.count += 1;
                last.amount += line.amount;
            }
            _ => by_day.push(PaidDay {
                day: line.paid_on,
                count: 1,
                amount: line.amount,
            }),
        }
    }
    by_day.truncate(days);
    by_day
}

/// The proposed amount of each candidate of one case: the pool split
/// equally between the case's rewards that count (first report first),
/// never more than what the pool has left.
fn proposed_amounts(policy: &RewardPolicy, in_case: &[ListedReward]) -> Vec<(RewardId, i64)> {
    let sharing: Vec<&ListedReward> = in_case
        .iter()
        .filter(|r| {
            r.reward.facts.state == RewardState::Candidate || r.reward.facts.state.holds_pool()
        })
        .collect();
    let held: i64 = sharing
        .iter()
        .filter_map(|r| r.reward.facts.amount.map(Amount::units))
        .sum();
    let mut left = (policy.pool.units() - held).max(0);
    let split = policy.proposed_split(sharing.len());
    let mut proposals = Vec::new();
    for (listed, share) in sharing.iter().zip(split) {
        if listed.reward.facts.state == RewardState::Candidate {
            let proposal = share.min(left);
            left -= proposal;
            proposals.push((listed.reward.id, proposal));
        }
    }
    proposals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rewards::claim::ClaimId;

    fn paid(day: u32, amount: i64) -> PayoutLine {
        PayoutLine {
            claim: ClaimId::generate(),
            currency: "KHR".to_owned(),
            amount,
            paid_on: NaiveDate::from_ymd_opt(2026, 12, day).unwrap(),
            reference: String::new(),
        }
    }

    #[test]
    fn payouts_add_up_per_day_newest_first() {
        let lines = [
            paid(1, 100),
            paid(1, 50),
            paid(3, 7),
            paid(4, 1),
            paid(4, 2),
        ];
        let days = paid_days(&lines, 2);
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert_eq!(
            days,
            [
                PaidDay {
                    day: day(4),
                    count: 2,
                    amount: 3
                },
                PaidDay {
                    day: day(3),
                    count: 1,
                    amount: 7
                },
            ]
        );
        assert_eq!(paid_days(&lines, 10).last().unwrap().amount, 150);
        assert!(paid_days(&[], 10).is_empty());
    }
}
