//! Rewards: candidates made when a case is confirmed, each step of their
//! workflow, the sums the policy checks (a case's pool, a month's budget),
//! the claim code sealed for the tipster and the throttle on codes, the
//! lists staff read and the approvals ledger finance reads. What is paid
//! is in [`super::claims`], which names no reward.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{claim_code_failures, rewards, staff, tips};
use super::sealed_text::{self, Opened};
use super::{DbConnection, DbError};
use crate::domain::cases::{CaseState, Outcome};
use crate::domain::ids::{CaseId, RewardId, StaffId, TipId};
use crate::domain::rewards::{Amount, Contribution, Ineligibility, RewardFacts, RewardState};
use crate::domain::tip_status::TipStatus;
use crate::domain::tips::CloseReason;
use crate::vault::OpeningKey;

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

/// A reward as stored, less what only a list or the ledger reads.
#[derive(Queryable, Selectable)]
#[diesel(table_name = rewards)]
struct RewardRow {
    id: RewardId,
    tip_id: TipId,
    case_id: CaseId,
    state: RewardState,
    currency: String,
    amount: Option<Amount>,
    recommended_by: Option<StaffId>,
    approved_by: Option<StaffId>,
    claimable_until: Option<NaiveDateTime>,
    #[diesel(select_expression = rewards::claim_code_sealed.is_not_null())]
    #[diesel(select_expression_type = diesel::dsl::IsNotNull<rewards::claim_code_sealed>)]
    has_claim_code: bool,
    version: i32,
}

impl RewardRow {
    fn parse(self) -> StoredReward {
        StoredReward {
            id: self.id,
            tip_id: self.tip_id,
            case_id: self.case_id,
            facts: RewardFacts {
                state: self.state,
                amount: self.amount,
                recommended_by: self.recommended_by,
                approved_by: self.approved_by,
                claimable_until: self.claimable_until,
            },
            currency: self.currency,
            has_claim_code: self.has_claim_code,
            version: self.version,
        }
    }
}

pub fn find(conn: &mut DbConnection, reward_id: RewardId) -> Result<Option<StoredReward>, DbError> {
    let row: Option<RewardRow> = rewards::table
        .find(reward_id)
        .select(RewardRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(RewardRow::parse))
}

/// The tip's live reward, if it has one and it was released to the tipster.
pub fn released_for_tip(
    conn: &mut DbConnection,
    tip_id: TipId,
) -> Result<Option<StoredReward>, DbError> {
    let row: Option<RewardRow> = rewards::table
        .filter(rewards::tip_id.eq(tip_id))
        .filter(rewards::released)
        .filter(rewards::state.ne(RewardState::Withdrawn))
        .select(RewardRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(RewardRow::parse))
}

/// Releases the rewards approved since the last release to their tipsters'
/// status pages; returns how many.
pub fn release_approved(conn: &mut DbConnection) -> Result<usize, DbError> {
    Ok(diesel::update(
        rewards::table
            .filter(rewards::state.eq(RewardState::Approved))
            .filter(rewards::released.eq(false)),
    )
    .set(rewards::released.eq(true))
    .execute(conn)?)
}

/// How many recommended rewards wait for an administrator's approval.
pub fn awaiting_approval(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(rewards::table
        .filter(rewards::state.eq(RewardState::Recommended))
        .count()
        .get_result(conn)?)
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
        .filter(rewards::state.ne(RewardState::Withdrawn))
        .select(rewards::tip_id);
    let eligible: Vec<TipId> = tips::table
        .filter(tips::case_id.eq(case_id))
        .filter(tips::status.eq_any([TipStatus::Linked, TipStatus::Duplicate]))
        .filter(
            tips::close_reason
                .is_null()
                .or(tips::close_reason.ne(CloseReason::Spam)),
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
                rewards::state.eq(RewardState::Candidate),
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
        .filter(rewards::state.eq_any([RewardState::Candidate, RewardState::Recommended]))
        .order(rewards::id.asc())
        .select(RewardRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(RewardRow::parse).collect())
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
        .filter(rewards::state.eq_any([RewardState::Candidate, RewardState::Recommended]))
        .order(rewards::id.asc())
        .select(RewardRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(RewardRow::parse).collect())
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
        .filter(cases::outcome.eq(Outcome::ConfirmedCompound))
        .filter(cases::merged_into.is_null())
        .count()
        .get_result(conn)?;
    Ok(confirmed == 1)
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
    /// Withdrawn.
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
        rewards::state.eq(next.state),
        rewards::amount.eq(next.amount.map(Amount::units)),
        rewards::recommended_by.eq(next.recommended_by),
        rewards::approved_by.eq(next.approved_by),
        rewards::claimable_until.eq(next.claimable_until),
        rewards::version.eq(reward.version + 1),
    );
    let update = diesel::update(target);
    let sealed_reason = |conn: &mut DbConnection, reason: &str| {
        sealed_text::org(conn)
            .map(|org| sealed_text::seal_optional(&org, &reason_context(reward.id), reason))
    };
    let updated = match step {
        Step::Recommended { contribution } => update
            .set((
                facts,
                rewards::contribution.eq(contribution),
                rewards::recommended_at.eq(now),
            ))
            .execute(conn)?,
        Step::NotEligible { why, reason } => update
            .set((
                facts,
                rewards::ineligibility.eq(why),
                rewards::reason_sealed.eq(sealed_reason(conn, reason)?),
                rewards::ended_at.eq(now),
            ))
            .execute(conn)?,
        Step::Approved => update
            .set((facts, rewards::approved_at.eq(now)))
            .execute(conn)?,
        Step::Rejected { reason } => update
            .set((
                facts,
                rewards::reason_sealed.eq(sealed_reason(conn, reason)?),
                rewards::ended_at.eq(now),
            ))
            .execute(conn)?,
        Step::Ended => update
            .set((facts, rewards::ended_at.eq(now)))
            .execute(conn)?,
    };
    Ok(updated == 1)
}

fn states_where(holds: fn(RewardState) -> bool) -> Vec<RewardState> {
    RewardState::ALL
        .into_iter()
        .filter(|state| holds(*state))
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

/// What was approved between `from` and `until`.
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

/// A claim code sealed for its tipster, and the salt of the key that
/// seals it: set once.
pub struct IssuedCode<'a> {
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
            .filter(rewards::state.eq(RewardState::Approved))
            .filter(rewards::claim_code_sealed.is_null()),
    )
    .set((
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

/// A reward's sealed claim code as stored: both set, or neither.
#[derive(Queryable, Selectable)]
#[diesel(table_name = rewards)]
struct SealedRow {
    claim_code_sealed: Option<Vec<u8>>,
    claim_code_salt: Option<Vec<u8>>,
}

pub fn sealed_claim_code(
    conn: &mut DbConnection,
    reward_id: RewardId,
) -> Result<Option<SealedClaimCode>, DbError> {
    let row: Option<SealedRow> = rewards::table
        .find(reward_id)
        .select(SealedRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row
        .and_then(|row| row.claim_code_sealed.zip(row.claim_code_salt))
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
    /// When its tip was submitted: the list's order within a case.
    pub tip_submitted_at: NaiveDateTime,
    pub contribution: Option<Contribution>,
    pub ineligibility: Option<Ineligibility>,
    /// The reason typed, sealed: open it with [`ListedReward::reason`].
    reason: Option<Vec<u8>>,
    pub recommended_by: Option<String>,
    pub approved_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub approved_at: Option<NaiveDateTime>,
}

/// Which rewards a list shows.
#[derive(Clone, Debug, Default)]
pub struct RewardFilter {
    pub state: Option<RewardState>,
    pub case_id: Option<CaseId>,
}

/// Where a page of the list starts: after this reward, in the list's
/// order (its case, then its tip's submission, then the reward).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RewardCursor {
    pub case_id: CaseId,
    pub tip_submitted_at: NaiveDateTime,
    pub id: RewardId,
}

/// A reward's reason is bound to its row.
fn reason_context(id: RewardId) -> String {
    format!("reward:{id}:reason")
}

impl ListedReward {
    /// The reason typed, for a reader holding the organisation key.
    pub fn reason(&self, org: Option<&OpeningKey>) -> Opened {
        Opened::of(org, &reason_context(self.reward.id), self.reason.as_deref())
    }

    /// Where the page after this reward starts.
    pub fn cursor(&self) -> RewardCursor {
        RewardCursor {
            case_id: self.reward.case_id,
            tip_submitted_at: self.tip_submitted_at,
            id: self.reward.id,
        }
    }
}

/// A listed reward as stored.
#[derive(Queryable, Selectable)]
#[diesel(table_name = rewards)]
struct ListedRow {
    #[diesel(embed)]
    reward: RewardRow,
    #[diesel(select_expression = tips::submitted_at)]
    tip_submitted_at: NaiveDateTime,
    contribution: Option<Contribution>,
    ineligibility: Option<Ineligibility>,
    reason_sealed: Option<Vec<u8>>,
    created_at: NaiveDateTime,
    approved_at: Option<NaiveDateTime>,
}

impl ListedRow {
    fn parse(
        self,
        conn: &mut DbConnection,
        names: &mut StaffNames,
    ) -> Result<ListedReward, DbError> {
        let reward = self.reward.parse();
        Ok(ListedReward {
            recommended_by: names.of(conn, reward.facts.recommended_by)?,
            approved_by: names.of(conn, reward.facts.approved_by)?,
            reward,
            tip_submitted_at: self.tip_submitted_at,
            contribution: self.contribution,
            ineligibility: self.ineligibility,
            reason: self.reason_sealed,
            created_at: self.created_at,
            approved_at: self.approved_at,
        })
    }
}

/// Up to `limit` rewards in the filter after `after` (keyset, no OFFSET),
/// oldest case and first report first.
pub fn list(
    conn: &mut DbConnection,
    filter: &RewardFilter,
    after: Option<RewardCursor>,
    limit: usize,
) -> Result<Vec<ListedReward>, DbError> {
    listed(conn, filter, after, Some(limit))
}

/// Every reward of case `case_id`, in the list's order: what its pool is
/// shared out over.
pub fn of_case(conn: &mut DbConnection, case_id: CaseId) -> Result<Vec<ListedReward>, DbError> {
    let filter = RewardFilter {
        case_id: Some(case_id),
        state: None,
    };
    listed(conn, &filter, None, None)
}

fn listed(
    conn: &mut DbConnection,
    filter: &RewardFilter,
    after: Option<RewardCursor>,
    limit: Option<usize>,
) -> Result<Vec<ListedReward>, DbError> {
    let mut query = rewards::table
        .inner_join(tips::table)
        .select(ListedRow::as_select())
        .order((
            rewards::case_id.asc(),
            tips::submitted_at.asc(),
            rewards::id.asc(),
        ))
        .into_boxed();
    if let Some(state) = filter.state {
        query = query.filter(rewards::state.eq(state));
    }
    if let Some(case_id) = filter.case_id {
        query = query.filter(rewards::case_id.eq(case_id));
    }
    if let Some(c) = after {
        // Rows after the cursor in the order (case, submitted, id).
        query = query.filter(
            rewards::case_id
                .gt(c.case_id)
                .or(rewards::case_id
                    .eq(c.case_id)
                    .and(tips::submitted_at.gt(c.tip_submitted_at)))
                .or(rewards::case_id
                    .eq(c.case_id)
                    .and(tips::submitted_at.eq(c.tip_submitted_at))
                    .and(rewards::id.gt(c.id))),
        );
    }
    if let Some(limit) = limit {
        query = query.limit(i64::try_from(limit).unwrap_or(i64::MAX));
    }
    let rows: Vec<ListedRow> = query.load(conn)?;
    let mut names = StaffNames::default();
    rows.into_iter()
        .map(|row| row.parse(conn, &mut names))
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

/// One reward's state and amount, as the totals add them up.
#[derive(Queryable, Selectable)]
#[diesel(table_name = rewards)]
struct StateAmountRow {
    state: RewardState,
    amount: Option<i64>,
}

/// How many rewards are in one state, and what they amount to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateTotal {
    pub state: RewardState,
    pub count: i64,
    pub amount: i64,
}

/// Count and sum of amounts per state, over the whole table.
pub fn totals(conn: &mut DbConnection) -> Result<Vec<StateTotal>, DbError> {
    let rows: Vec<StateAmountRow> = rewards::table
        .select(StateAmountRow::as_select())
        .load(conn)?;
    let mut totals: Vec<StateTotal> = RewardState::ALL
        .into_iter()
        .map(|state| StateTotal {
            state,
            count: 0,
            amount: 0,
        })
        .collect();
    for row in rows {
        if let Some(total) = totals.iter_mut().find(|total| total.state == row.state) {
            total.count += 1;
            total.amount += row.amount.unwrap_or(0);
        }
    }
    Ok(totals)
}

/// One line of the approvals ledger finance reads: nothing about the tip,
/// the case, the place or a payout.
#[derive(Clone, Debug)]
pub struct LedgerLine {
    pub id: RewardId,
    pub state: RewardState,
    pub currency: String,
    pub amount: Option<i64>,
    pub recommended_by: Option<String>,
    pub approved_by: Option<String>,
    pub approved_at: Option<NaiveDateTime>,
}

/// A ledger line as stored, with the staff ids.
#[derive(Queryable, Selectable)]
#[diesel(table_name = rewards)]
struct LedgerRow {
    id: RewardId,
    state: RewardState,
    currency: String,
    amount: Option<i64>,
    recommended_by: Option<StaffId>,
    approved_by: Option<StaffId>,
    approved_at: Option<NaiveDateTime>,
}

impl LedgerRow {
    fn parse(self, conn: &mut DbConnection, names: &mut StaffNames) -> Result<LedgerLine, DbError> {
        Ok(LedgerLine {
            id: self.id,
            state: self.state,
            currency: self.currency,
            amount: self.amount,
            recommended_by: names.of(conn, self.recommended_by)?,
            approved_by: names.of(conn, self.approved_by)?,
            approved_at: self.approved_at,
        })
    }
}

/// Every reward, in order.
pub fn ledger(conn: &mut DbConnection) -> Result<Vec<LedgerLine>, DbError> {
    let rows: Vec<LedgerRow> = rewards::table
        .order(rewards::id.asc())
        .select(LedgerRow::as_select())
        .load(conn)?;
    let mut names = StaffNames::default();
    rows.into_iter()
        .map(|row| row.parse(conn, &mut names))
        .collect()
}
