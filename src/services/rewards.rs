//! Rewards as a service: candidates made and withdrawn as their case
//! closes and reopens, each staff step through the domain's workflow with
//! the policy's sums checked, the tipster's claim code, the payout
//! officer's lookup and payout, and the expiry of unclaimed rewards. Every
//! change takes the audit chain's lock first, so two approvals cannot both
//! pass the budget, and writes its audit row in the same transaction.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use crate::db::rewards::{
    self, IssuedCode, LedgerLine, ListedReward, RewardCursor, RewardFilter, StateTotal, Step,
    StoredReward,
};
use crate::db::{Db, DbConnection, DbError, audit};
use crate::domain::audit::AuditAction;
use crate::domain::cambodia::Month;
use crate::domain::cases::{CaseAction, Outcome, Reason};
use crate::domain::guessing::{FAILURE_WINDOW, may_try};
use crate::domain::ids::{CaseId, RewardId, StaffId, TipId};
use crate::domain::rewards::{
    Amount, ClaimCode, Contribution, Ineligibility, PayoutReference, RewardAction, RewardActor,
    RewardError, RewardFacts, RewardPolicy, RewardState,
};
use crate::domain::tips::{CaseRef, InternalRef, RewardRef};
use crate::hashing::{HashError, Hasher};
use crate::secret::{SecretKey, seal_with, to_hex, unseal_with};
use crate::services::common::{ActionOutcome, Actor, event, now};

const CLAIM_CODE_PURPOSE: &str = "claim-code";

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
            .apply(RewardActor::System, RewardAction::Withdraw, false, now)
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

/// What the payout officer learns of a claim code: the amount and whether
/// it may be paid, and nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimCheck {
    Payable {
        amount: Amount,
        currency: String,
        until: NaiveDateTime,
    },
    /// This officer approved the reward, so someone else must pay it.
    ApprovedByYou,
    /// Wrong, used, expired or throttled: one answer for all.
    Refused,
}

/// What the tipster sees of their reward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TipsterReward {
    pub state: RewardState,
    pub amount: Amount,
    pub currency: String,
    pub until: Option<NaiveDateTime>,
    /// Shown only to someone who just typed the passphrase.
    pub code: Option<ClaimCode>,
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
                let next =
                    match reward
                        .facts
                        .apply(RewardActor::Staff(actor), action, has_reason, now)
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

    /// Records the payout of the reward the code names, if it may be paid:
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
            .map(|code| claim_hash(&key, &code));
        self.db
            .write(move |conn| {
                audit::hold_chain(conn)?;
                let now = now();
                let failures = rewards::claim_failures_since(conn, officer, now - FAILURE_WINDOW)?;
                let found = match &hash {
                    Some(hash) if may_try(failures) => rewards::by_claim_code(conn, hash)?,
                    _ => None,
                };
                let Some(reward) = found else {
                    rewards::record_claim_failure(conn, officer, now)?;
                    return Ok(ClaimCheck::Refused);
                };
                // A check is a payout not taken: the same rules decide it.
                let next = match reward.facts.apply(
                    RewardActor::Staff(officer),
                    RewardAction::RecordPayout,
                    false,
                    now,
                ) {
                    Ok(next) => next,
                    Err(RewardError::PayoutByApprover) => return Ok(ClaimCheck::ApprovedByYou),
                    Err(_) => {
                        rewards::record_claim_failure(conn, officer, now)?;
                        return Ok(ClaimCheck::Refused);
                    }
                };
                let (Some(amount), Some(until)) =
                    (reward.facts.amount, reward.facts.claimable_until)
                else {
                    return Ok(ClaimCheck::Refused);
                };
                match &payout {
                    None => {
                        let logged = event(
                            Actor::Staff(officer),
                            AuditAction::ClaimCodeChecked,
                            subject(reward.id),
                            "",
                        );
                        audit::append(conn, &key, &logged, now)?;
                    }
                    Some(reference) => {
                        let step = Step::Paid {
                            by: officer,
                            reference: reference.as_str(),
                        };
                        if !rewards::store(conn, &reward, &next, step, now)? {
                            return Ok(ClaimCheck::Refused);
                        }
                        audit_step(
                            conn,
                            &key,
                            Actor::Staff(officer),
                            &reward,
                            &next,
                            "record_payout",
                            now,
                        )?;
                    }
                }
                Ok(ClaimCheck::Payable {
                    amount,
                    currency: reward.currency,
                    until,
                })
            })
            .await
    }

    /// Expires every claimable reward whose claim period is over at `now`;
    /// returns how many.
    pub async fn expire_due(&self, now: NaiveDateTime) -> Result<usize, DbError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                audit::hold_chain(conn)?;
                let mut expired = 0;
                for reward in rewards::due_to_expire(conn, now)? {
                    let Ok(next) =
                        reward
                            .facts
                            .apply(RewardActor::System, RewardAction::Expire, false, now)
                    else {
                        continue;
                    };
                    if rewards::store(conn, &reward, &next, Step::Ended, now)? {
                        audit_step(conn, &key, Actor::System, &reward, &next, "expire", now)?;
                        expired += 1;
                    }
                }
                Ok(expired)
            })
            .await
    }

    /// The tip's reward as its tipster sees it. With the passphrase just
    /// typed, a claimable reward's claim code is shown, issued at the first
    /// such visit and sealed under a key only that passphrase makes.
    /// Issuing it is not logged: staff would learn when a tipster visits.
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
        let Some(amount) = reward.facts.amount else {
            return Ok(None);
        };
        if !matches!(
            reward.facts.state,
            RewardState::Claimable | RewardState::Paid
        ) {
            return Ok(None);
        }
        // Past its claim period a reward waits only for the expiry job: no
        // code is shown that the counter would refuse.
        let lapsed = reward.facts.state == RewardState::Claimable
            && reward
                .facts
                .claimable_until
                .is_none_or(|until| now() >= until);
        if lapsed {
            return Ok(None);
        }
        let code = match (reward.facts.state, passphrase) {
            (RewardState::Claimable, Some(passphrase)) => {
                self.claim_code(&reward, passphrase).await?
            }
            _ => None,
        };
        Ok(Some(TipsterReward {
            state: reward.facts.state,
            amount,
            currency: reward.currency,
            until: reward.facts.claimable_until,
            code,
        }))
    }

    async fn claim_code(
        &self,
        reward: &StoredReward,
        passphrase: String,
    ) -> Result<Option<ClaimCode>, RewardsError> {
        let reward_id = reward.id;
        let context = reward_id.0.to_be_bytes();
        if !reward.has_claim_code {
            let code = ClaimCode::generate();
            let mut salt = [0u8; 16];
            rand::fill(&mut salt);
            let sealing = self.hasher.derive_key(passphrase.clone(), salt).await?;
            let sealed = seal_with(&sealing, &context, code.as_str().as_bytes());
            let hash = claim_hash(&self.key, &code);
            let issued = self
                .db
                .write(move |conn| {
                    let issued = IssuedCode {
                        hash: &hash,
                        sealed: &sealed,
                        salt: &salt,
                    };
                    rewards::set_claim_code(conn, reward_id, &issued)
                })
                .await?;
            if issued {
                return Ok(Some(code));
            }
        }
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
        Ok(unseal_with(&opening, &context, &sealed)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|text| ClaimCode::parse(&text).ok()))
    }

    /// The rewards in `filter`, the totals, the month's budget and the
    /// proposed split for each candidate's case.
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

    /// The ledger for finance, with its export logged.
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
}

/// The claim code's lookup key: keyed, so a copy of the database alone
/// cannot test guesses against it.
fn claim_hash(key: &SecretKey, code: &ClaimCode) -> String {
    to_hex(&key.sign(CLAIM_CODE_PURPOSE, code.as_str().as_bytes()))
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
