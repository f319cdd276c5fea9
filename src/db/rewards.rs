//! Rewards: candidates made when a case is confirmed, each step of their
//! workflow, the sums the policy checks (a case's pool, a month's budget),
//! claim codes and their throttle, the lists staff read and the ledger
//! finance reads.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{claim_code_failures, rewards, staff, tips};
use super::{DbConnection, DbError, corrupt};
use crate::domain::cases::{CaseState, Outcome};
use crate::domain::ids::{CaseId, RewardId, StaffId, TipId};
use crate::domain::rewards::{Amount, Contribution, Ineligibility, RewardFacts, RewardState};
use crate::domain::tip_status::TipStatus;
use crate::domain::tips::CloseReason;

/// A reward as stored.
#[derive(Clone, Debug)]
pub struct StoredReward {
    pub id: RewardId,
    pub tip_id: TipId,
    pub case_id: CaseId,
    pub facts: RewardFacts,
    pub currency: String,
    pub has_claim_code: bool,
    pub version: i32,
}

type RewardRow = (
    (RewardId, TipId, CaseId, String, String, Option<i64>),
    (
        Option<StaffId>,
        Option<StaffId>,
        Option<NaiveDateTime>,
        bool,
        i32,
    ),
);

fn parse_state(state: &str) -> Result<RewardState, DbError> {
    RewardState::parse(state).ok_or_else(|| corrupt(format!("reward state `{state}`")))
}

fn parse_amount(amount: Option<i64>) -> Result<Option<Amount>, DbError> {
    amount
        .map(|units| Amount::new(units).map_err(|_| corrupt(format!("reward amount {units}"))))
        .transpose()
}

fn stored(row: RewardRow) -> Result<StoredReward, DbError> {
    let ((id, tip_id, case_id, state, currency, amount), rest) = row;
    let (recommended_by, approved_by, claimable_until, has_claim_code, version) = rest;
    Ok(StoredReward {
        id,
        tip_id,
        case_id,
        facts: RewardFacts {
            state: parse_state(&state)?,
            amount: parse_amount(amount)?,
            recommended_by,
            approved_by,
            claimable_until,
        },
        currency,
        has_claim_code,
        version,
    })
}

macro_rules! reward_columns {
    () => {
        (
            (
                rewards::id,
                rewards::tip_id,
                rewards::case_id,
                rewards::state,
                rewards::currency,
                rewards::amount,
            ),
            (
                rewards::recommended_by,
                rewards::approved_by,
                rewards::claimable_until,
                rewards::claim_code_hash.is_not_null(),
                rewards::version,
            ),
        )
    };
}

pub fn find(conn: &mut DbConnection, reward_id: RewardId) -> Result<Option<StoredReward>, DbError> {
    let row: Option<RewardRow> = rewards::table
        .find(reward_id)
        .select(reward_columns!())
        .first(conn)
        .optional()?;
    row.map(stored).transpose()
}

/// The tip's live reward, if it has one.
pub fn live_for_tip(
    conn: &mut DbConnection,
    tip_id: TipId,
) -> Result<Option<StoredReward>, DbError> {
    let row: Option<RewardRow> = rewards::table
        .filter(rewards::tip_id.eq(tip_id))
        .filter(rewards::state.ne(RewardState::Withdrawn.as_str()))
        .select(reward_columns!())
        .first(conn)
        .optional()?;
    row.map(stored).transpose()
}

/// The reward whose claim code has this keyed hash.
pub fn by_claim_code(conn: &mut DbConnection, hash: &str) -> Result<Option<StoredReward>, DbError> {
    let row: Option<RewardRow> = rewards::table
        .filter(rewards::claim_code_hash.eq(hash))
        .select(reward_columns!())
        .first(conn)
        .optional()?;
    row.map(stored).transpose()
}

/// Makes a candidate of every tip of the case that may earn a reward and
/// has no live one: linked tips and their duplicates, never a tip closed
/// as spam. Returns the new rewards' ids with their tips' ids.
pub fn make_candidates(
    conn: &mut DbConnection,
    case_id: CaseId,
    currency: &str,
    now: NaiveDateTime,
) -> Result<Vec<(RewardId, TipId)>, DbError> {
    let with_live_reward = rewards::table
        .filter(rewards::state.ne(RewardState::Withdrawn.as_str()))
        .select(rewards::tip_id);
    let eligible: Vec<TipId> = tips::table
        .filter(tips::case_id.eq(case_id))
        .filter(tips::status.eq_any([TipStatus::Linked.as_str(), TipStatus::Duplicate.as_str()]))
        .filter(
            tips::close_reason
                .is_null()
                .or(tips::close_reason.ne(CloseReason::Spam.as_str())),
        )
        .filter(tips::id.ne_all(with_live_reward))
        .order(tips::id.asc())
        .select(tips::id)
        .load(conn)?;
    let mut made = Vec::with_capacity(eligible.len());
    for tip_id in eligible {
        let id = diesel::insert_into(rewards::table)
            .values((
                rewards::tip_id.eq(tip_id),
                rewards::case_id.eq(case_id),
                rewards::state.eq(RewardState::Candidate.as_str()),
                rewards::currency.eq(currency),
                rewards::created_at.eq(now),
            ))
            .returning(rewards::id)
            .get_result(conn)?;
        made.push((id, tip_id));
    }
    Ok(made)
}

/// The case's rewards that reopening it withdraws.
pub fn open_in_case(
    conn: &mut DbConnection,
    case_id: CaseId,
) -> Result<Vec<StoredReward>, DbError> {
    let rows: Vec<RewardRow> = rewards::table
        .filter(rewards::case_id.eq(case_id))
        .filter(rewards::state.eq_any([
            RewardState::Candidate.as_str(),
            RewardState::Recommended.as_str(),
        ]))
        .order(rewards::id.asc())
        .select(reward_columns!())
        .load(conn)?;
    rows.into_iter().map(stored).collect()
}

/// Candidates and recommendations of the case's eligible tips that belong
/// to another case: the tip moved, so they no longer stand.
pub fn open_elsewhere(
    conn: &mut DbConnection,
    case_id: CaseId,
) -> Result<Vec<StoredReward>, DbError> {
    let tips_here = tips::table
        .filter(tips::case_id.eq(case_id))
        .select(tips::id);
    let rows: Vec<RewardRow> = rewards::table
        .filter(rewards::tip_id.eq_any(tips_here))
        .filter(rewards::case_id.ne(case_id))
        .filter(rewards::state.eq_any([
            RewardState::Candidate.as_str(),
            RewardState::Recommended.as_str(),
        ]))
        .order(rewards::id.asc())
        .select(reward_columns!())
        .load(conn)?;
    rows.into_iter().map(stored).collect()
}

/// Whether the reward's tip is still in its case and that case is still
/// closed as a confirmed compound (not reopened, not merged away).
pub fn still_earned(conn: &mut DbConnection, reward: &StoredReward) -> Result<bool, DbError> {
    use super::schema::cases;
    let tip_case: Option<Option<CaseId>> = tips::table
        .find(reward.tip_id)
        .select(tips::case_id)
        .first(conn)
        .optional()?;
    if tip_case.flatten() != Some(reward.case_id) {
        return Ok(false);
    }
    let confirmed: i64 = cases::table
        .find(reward.case_id)
        .filter(cases::state.eq(CaseState::CLOSED))
        .filter(cases::outcome.eq(Outcome::ConfirmedCompound.as_str()))
        .filter(cases::merged_into.is_null())
        .count()
        .get_result(conn)?;
    Ok(confirmed == 1)
}

/// Claimable rewards whose claim period is over at `now`.
pub fn due_to_expire(
    conn: &mut DbConnection,
    now: NaiveDateTime,
) -> Result<Vec<StoredReward>, DbError> {
    let rows: Vec<RewardRow> = rewards::table
        .filter(rewards::state.eq(RewardState::Claimable.as_str()))
        .filter(rewards::claimable_until.le(now))
        .order(rewards::id.asc())
        .select(reward_columns!())
        .load(conn)?;
    rows.into_iter().map(stored).collect()
}

/// What a step writes beside the workflow's facts.
pub enum Step<'a> {
    Recommended {
        contribution: Contribution,
    },
    NotEligible {
        why: Ineligibility,
        reason: &'a str,
    },
    Approved,
    Rejected {
        reason: &'a str,
    },
    Paid {
        by: StaffId,
        reference: &'a str,
    },
    /// Expired or withdrawn.
    Ended,
}

/// Stores `next` and what the step adds, if the reward is still at
/// `version`; false when someone changed it in between.
pub fn store(
    conn: &mut DbConnection,
    reward: &StoredReward,
    next: &RewardFacts,
    step: Step<'_>,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let target = rewards::table
        .find(reward.id)
        .filter(rewards::version.eq(reward.version));
    let facts = (
        rewards::state.eq(next.state.as_str()),
        rewards::amount.eq(next.amount.map(Amount::units)),
        rewards::recommended_by.eq(next.recommended_by),
        rewards::approved_by.eq(next.approved_by),
        rewards::claimable_until.eq(next.claimable_until),
        rewards::version.eq(reward.version + 1),
    );
    let update = diesel::update(target);
    let updated = match step {
        Step::Recommended { contribution } => update
            .set((
                facts,
                rewards::contribution.eq(contribution.as_str()),
                rewards::recommended_at.eq(now),
            ))
            .execute(conn)?,
        Step::NotEligible { why, reason } => update
            .set((
                facts,
                rewards::ineligibility.eq(why.as_str()),
                rewards::reason.eq(reason),
                rewards::ended_at.eq(now),
            ))
            .execute(conn)?,
        Step::Approved => update
            .set((facts, rewards::approved_at.eq(now)))
            .execute(conn)?,
        Step::Rejected { reason } => update
            .set((facts, rewards::reason.eq(reason), rewards::ended_at.eq(now)))
            .execute(conn)?,
        Step::Paid { by, reference } => update
            .set((
                facts,
                rewards::paid_by.eq(by),
                rewards::paid_at.eq(now),
                rewards::payout_reference.eq(reference),
                // The code is dead: nothing can find the reward by it again.
                rewards::claim_code_hash.eq(None::<String>),
                rewards::claim_code_sealed.eq(None::<Vec<u8>>),
                rewards::claim_code_salt.eq(None::<Vec<u8>>),
            ))
            .execute(conn)?,
        Step::Ended => update
            .set((
                facts,
                rewards::ended_at.eq(now),
                rewards::claim_code_hash.eq(None::<String>),
                rewards::claim_code_sealed.eq(None::<Vec<u8>>),
                rewards::claim_code_salt.eq(None::<Vec<u8>>),
            ))
            .execute(conn)?,
    };
    Ok(updated == 1)
}

fn states_where(holds: fn(RewardState) -> bool) -> Vec<&'static str> {
    RewardState::ALL
        .into_iter()
        .filter(|state| holds(*state))
        .map(RewardState::as_str)
        .collect()
}

/// Sums in Rust: SQL's SUM of a BIGINT is NUMERIC on PostgreSQL and an
/// integer on SQLite, and these sums cover a handful of rows.
fn total(amounts: Vec<Option<i64>>) -> i64 {
    amounts.into_iter().flatten().sum()
}

/// What the case's other rewards hold of its pool.
pub fn pool_used(
    conn: &mut DbConnection,
    case_id: CaseId,
    except: RewardId,
) -> Result<i64, DbError> {
    let amounts = rewards::table
        .filter(rewards::case_id.eq(case_id))
        .filter(rewards::id.ne(except))
        .filter(rewards::state.eq_any(states_where(RewardState::holds_pool)))
        .select(rewards::amount)
        .load(conn)?;
    Ok(total(amounts))
}

/// What was approved between `from` and `until` and still holds the
/// budget (claimable or paid).
pub fn budget_used(
    conn: &mut DbConnection,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<i64, DbError> {
    let amounts = rewards::table
        .filter(rewards::approved_at.ge(from))
        .filter(rewards::approved_at.lt(until))
        .filter(rewards::state.eq_any(states_where(RewardState::holds_budget)))
        .select(rewards::amount)
        .load(conn)?;
    Ok(total(amounts))
}

/// A claim code's lookup hash and its sealed copy, set once.
pub struct IssuedCode<'a> {
    pub hash: &'a str,
    pub sealed: &'a [u8],
    pub salt: &'a [u8],
}

/// Gives the reward its claim code unless it already has one; false if it
/// had (another visit issued it first).
pub fn set_claim_code(
    conn: &mut DbConnection,
    reward_id: RewardId,
    code: &IssuedCode<'_>,
) -> Result<bool, DbError> {
    let updated = diesel::update(
        rewards::table
            .find(reward_id)
            .filter(rewards::state.eq(RewardState::Claimable.as_str()))
            .filter(rewards::claim_code_hash.is_null()),
    )
    .set((
        rewards::claim_code_hash.eq(code.hash),
        rewards::claim_code_sealed.eq(code.sealed),
        rewards::claim_code_salt.eq(code.salt),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// A claim code sealed for its tipster, with the salt of the key that
/// opens it.
pub struct SealedClaimCode {
    pub sealed: Vec<u8>,
    pub salt: Vec<u8>,
}

type SealedRow = (Option<Vec<u8>>, Option<Vec<u8>>);

pub fn sealed_claim_code(
    conn: &mut DbConnection,
    reward_id: RewardId,
) -> Result<Option<SealedClaimCode>, DbError> {
    let row: Option<SealedRow> = rewards::table
        .find(reward_id)
        .select((rewards::claim_code_sealed, rewards::claim_code_salt))
        .first(conn)
        .optional()?;
    Ok(row
        .and_then(|(sealed, salt)| sealed.zip(salt))
        .map(|(sealed, salt)| SealedClaimCode { sealed, salt }))
}

pub fn record_claim_failure(
    conn: &mut DbConnection,
    staff_id: StaffId,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(claim_code_failures::table)
        .values((
            claim_code_failures::staff_id.eq(staff_id),
            claim_code_failures::failed_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn claim_failures_since(
    conn: &mut DbConnection,
    staff_id: StaffId,
    since: NaiveDateTime,
) -> Result<i64, DbError> {
    Ok(claim_code_failures::table
        .filter(claim_code_failures::staff_id.eq(staff_id))
        .filter(claim_code_failures::failed_at.ge(since))
        .count()
        .get_result(conn)?)
}

/// One reward as the rewards page lists it.
#[derive(Clone, Debug)]
pub struct ListedReward {
    pub reward: StoredReward,
    pub tip_submitted_at: NaiveDateTime,
    pub contribution: Option<Contribution>,
    pub ineligibility: Option<Ineligibility>,
    pub reason: String,
    pub recommended_by: Option<String>,
    pub approved_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub approved_at: Option<NaiveDateTime>,
    pub paid_at: Option<NaiveDateTime>,
}

/// Which rewards a list shows.
#[derive(Clone, Debug, Default)]
pub struct RewardFilter {
    pub state: Option<RewardState>,
    pub case_id: Option<CaseId>,
}

/// How many rewards a list shows at most.
pub const LIST_LIMIT: i64 = 500;

type ListedRow = (
    RewardRow,
    (
        NaiveDateTime,
        Option<String>,
        Option<String>,
        String,
        NaiveDateTime,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
    ),
);

/// Rewards in the filter, oldest case and first report first.
pub fn list(conn: &mut DbConnection, filter: &RewardFilter) -> Result<Vec<ListedReward>, DbError> {
    let mut query = rewards::table
        .inner_join(tips::table)
        .select((
            reward_columns!(),
            (
                tips::submitted_at,
                rewards::contribution,
                rewards::ineligibility,
                rewards::reason,
                rewards::created_at,
                rewards::approved_at,
                rewards::paid_at,
            ),
        ))
        .order((
            rewards::case_id.asc(),
            tips::submitted_at.asc(),
            rewards::id.asc(),
        ))
        .limit(LIST_LIMIT)
        .into_boxed();
    if let Some(state) = filter.state {
        query = query.filter(rewards::state.eq(state.as_str()));
    }
    if let Some(case_id) = filter.case_id {
        query = query.filter(rewards::case_id.eq(case_id));
    }
    let rows: Vec<ListedRow> = query.load(conn)?;
    let mut names = StaffNames::default();
    rows.into_iter()
        .map(|(row, more)| {
            let reward = stored(row)?;
            let (
                tip_submitted_at,
                contribution,
                ineligibility,
                reason,
                created_at,
                approved_at,
                paid_at,
            ) = more;
            Ok(ListedReward {
                recommended_by: names.of(conn, reward.facts.recommended_by)?,
                approved_by: names.of(conn, reward.facts.approved_by)?,
                reward,
                tip_submitted_at,
                contribution: contribution.as_deref().and_then(Contribution::parse),
                ineligibility: ineligibility.as_deref().and_then(Ineligibility::parse),
                reason,
                created_at,
                approved_at,
                paid_at,
            })
        })
        .collect()
}

/// Staff names, each looked up once.
#[derive(Default)]
struct StaffNames(std::collections::HashMap<StaffId, String>);

impl StaffNames {
    fn of(
        &mut self,
        conn: &mut DbConnection,
        id: Option<StaffId>,
    ) -> Result<Option<String>, DbError> {
        let Some(id) = id else { return Ok(None) };
        if let Some(name) = self.0.get(&id) {
            return Ok(Some(name.clone()));
        }
        let name: String = staff::table.find(id).select(staff::name).first(conn)?;
        self.0.insert(id, name.clone());
        Ok(Some(name))
    }
}

/// Count and sum of amounts per state, over the whole table.
pub fn totals(conn: &mut DbConnection) -> Result<Vec<(RewardState, i64, i64)>, DbError> {
    let rows: Vec<(String, Option<i64>)> = rewards::table
        .select((rewards::state, rewards::amount))
        .load(conn)?;
    let mut totals: Vec<(RewardState, i64, i64)> =
        RewardState::ALL.into_iter().map(|s| (s, 0, 0)).collect();
    for (state, amount) in rows {
        let state = parse_state(&state)?;
        if let Some(entry) = totals.iter_mut().find(|(s, _, _)| *s == state) {
            entry.1 += 1;
            entry.2 += amount.unwrap_or(0);
        }
    }
    Ok(totals)
}

/// One line of the ledger finance reads: nothing about the tip, the case
/// or the place.
#[derive(Clone, Debug)]
pub struct LedgerLine {
    pub id: RewardId,
    pub state: RewardState,
    pub currency: String,
    pub amount: Option<i64>,
    pub created_at: NaiveDateTime,
    pub recommended_at: Option<NaiveDateTime>,
    pub approved_at: Option<NaiveDateTime>,
    pub approved_by: Option<String>,
    pub claimable_until: Option<NaiveDateTime>,
    pub paid_at: Option<NaiveDateTime>,
    pub ended_at: Option<NaiveDateTime>,
}

type LedgerRow = (
    (
        RewardId,
        String,
        String,
        Option<i64>,
        NaiveDateTime,
        Option<NaiveDateTime>,
    ),
    (
        Option<NaiveDateTime>,
        Option<StaffId>,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
    ),
);

pub fn ledger(conn: &mut DbConnection) -> Result<Vec<LedgerLine>, DbError> {
    let rows: Vec<LedgerRow> = rewards::table
        .order(rewards::id.asc())
        .select((
            (
                rewards::id,
                rewards::state,
                rewards::currency,
                rewards::amount,
                rewards::created_at,
                rewards::recommended_at,
            ),
            (
                rewards::approved_at,
                rewards::approved_by,
                rewards::claimable_until,
                rewards::paid_at,
                rewards::ended_at,
            ),
        ))
        .load(conn)?;
    let mut names = StaffNames::default();
    rows.into_iter()
        .map(|(first, second)| {
            let (id, state, currency, amount, created_at, recommended_at) = first;
            let (approved_at, approved_by, claimable_until, paid_at, ended_at) = second;
            Ok(LedgerLine {
                id,
                state: parse_state(&state)?,
                currency,
                amount,
                created_at,
                recommended_at,
                approved_at,
                approved_by: names.of(conn, approved_by)?,
                claimable_until,
                paid_at,
                ended_at,
            })
        })
        .collect()
}
