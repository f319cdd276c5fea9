//! Claims, inside the rewards service's transactions: issuing one when a
//! tipster first sees their claim code, the payout officer's check and
//! payout, the expiry of claims past their last day, and the daily audit
//! of checks and payouts. Each claim row carries a MAC under the server
//! key; each raised counter also lands in the audit chain as a keyed tag,
//! so a payout refuses a row that was edited or put back from an old copy.
//!
//! Checks and payouts are not audited as they happen: the chain would date
//! each to the second, and with the counter's camera that could name the
//! tipster. They wait in `claim_events` and are written by the daily job,
//! shuffled and dated to the day.

use chrono::NaiveDate;
use rand::seq::SliceRandom;

use crate::db::claims::{self, ClaimEvent, ClaimEventKind, PayoutLine, StoredClaim};
use crate::db::{DbConnection, DbError, audit};
use crate::domain::audit::AuditAction;
use crate::domain::cambodia;
use crate::domain::ids::StaffId;
use crate::domain::rewards::claim::{
    ClaimFacts, ClaimId, ClaimRefusal, approver_input, counter_input,
};
use crate::domain::rewards::{Amount, ClaimCode, PayoutReference};
use crate::secret::{SecretKey, to_hex};
use crate::services::common::{Actor, event};

const CODE_PURPOSE: &str = "claim-code";
const RECORD_PURPOSE: &str = "claim-record";
const APPROVER_PURPOSE: &str = "claim-approver";
const COUNTER_PURPOSE: &str = "claim-counter";

/// The claim code's lookup key: keyed, so a copy of the database alone
/// cannot test guesses against it.
pub fn code_hash(key: &SecretKey, code: &ClaimCode) -> String {
    to_hex(&key.sign(CODE_PURPOSE, code.as_str().as_bytes()))
}

/// The tag that stands for `staff` on claim `id`: the payout compares
/// tags, so the record never names its approver.
fn approver_tag(key: &SecretKey, id: ClaimId, staff: StaffId) -> String {
    to_hex(&key.sign(APPROVER_PURPOSE, &approver_input(id, staff)))
}

fn record_mac(key: &SecretKey, claim: &ClaimFacts) -> String {
    to_hex(&key.sign(RECORD_PURPOSE, &claim.mac_input()))
}

fn counter_tag(key: &SecretKey, id: ClaimId, counter: i64) -> String {
    to_hex(&key.sign(COUNTER_PURPOSE, &counter_input(id, counter)))
}

/// What a new claim is made of: the approved reward's amount and last day,
/// and who approved it.
pub struct ClaimTerms {
    pub currency: String,
    pub amount: Amount,
    pub last_day: NaiveDate,
    pub approved_by: StaffId,
}

/// A new claim for `code`, ready to be stored with [`store_new`].
pub fn new_claim(key: &SecretKey, code: &ClaimCode, terms: ClaimTerms) -> ClaimFacts {
    ClaimFacts::issue(
        code_hash(key, code),
        terms.currency,
        terms.amount,
        terms.last_day,
        |id| approver_tag(key, id, terms.approved_by),
    )
}

/// Stores a claim just issued. Its first counter is not written to the
/// chain: that would date the tipster's first visit after the release.
pub fn store_new(
    conn: &mut DbConnection,
    key: &SecretKey,
    claim: &ClaimFacts,
) -> Result<(), DbError> {
    claims::insert(conn, claim, &record_mac(key, claim))
}

/// Whether a stored claim can be trusted: its MAC holds, and the chain
/// holds no counter beyond the row's (which would make the row an old copy
/// put back). A claim that fails is an incident, logged as one.
fn trusted(
    conn: &mut DbConnection,
    key: &SecretKey,
    stored: &StoredClaim,
) -> Result<bool, DbError> {
    let claim = &stored.facts;
    let authentic = key.verify_hex(RECORD_PURPOSE, &claim.mac_input(), &stored.mac);
    let superseded =
        authentic && claims::chain_holds(conn, &counter_tag(key, claim.id, claim.counter + 1))?;
    if !authentic || superseded {
        tracing::error!(
            claim = %claim.id.reference(),
            authentic,
            superseded,
            "a claim record was altered or put back from an old copy; it is refused"
        );
    }
    Ok(authentic && !superseded)
}

/// Writes a claim's change and its raised counter's tag to the chain, in
/// the caller's transaction. The tag's row is dated to the day.
fn advance(
    conn: &mut DbConnection,
    key: &SecretKey,
    claim: &ClaimFacts,
    next: &ClaimFacts,
    today: NaiveDate,
) -> Result<bool, DbError> {
    if !claims::store(conn, claim, next, &record_mac(key, next))? {
        return Ok(false);
    }
    let tag = event(
        Actor::System,
        AuditAction::ClaimCounter,
        "claims".to_owned(),
        counter_tag(key, next.id, next.counter),
    );
    audit::append(conn, key, &tag, cambodia::midnight(today))?;
    Ok(true)
}

/// What the payout officer learns of a claim code: the amount and whether
/// it may be paid, and nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimCheck {
    Payable {
        amount: Amount,
        currency: String,
        /// The last day it may be paid.
        until: NaiveDate,
    },
    /// This officer approved the reward, so someone else must pay it.
    ApprovedByYou,
    /// Wrong, used, expired, altered or throttled: one answer for all.
    Refused,
}

/// What the officer asked: a look at the claim, or its payout.
pub enum Asked<'a> {
    Check,
    Pay(&'a PayoutReference),
}

/// Looks the claim with code hash `hash` up for `officer` on `today`, and
/// pays it if asked and allowed. Returns `None` for a refusal that counts
/// against the officer's tries.
pub fn check_or_pay(
    conn: &mut DbConnection,
    key: &SecretKey,
    officer: StaffId,
    hash: &str,
    asked: Asked<'_>,
    today: NaiveDate,
) -> Result<Option<ClaimCheck>, DbError> {
    let Some(stored) = claims::by_code_hash(conn, hash)? else {
        return Ok(None);
    };
    if !trusted(conn, key, &stored)? {
        return Ok(None);
    }
    let claim = &stored.facts;
    let officer_tag = approver_tag(key, claim.id, officer);
    let next = match claim.pay(&officer_tag, today) {
        Ok(next) => next,
        Err(ClaimRefusal::ApprovedByYou) => return Ok(Some(ClaimCheck::ApprovedByYou)),
        Err(ClaimRefusal::NotClaimable | ClaimRefusal::PastLastDay) => return Ok(None),
    };
    let kind = match asked {
        Asked::Check => ClaimEventKind::Checked,
        Asked::Pay(reference) => {
            if !advance(conn, key, claim, &next, today)? {
                return Ok(None);
            }
            let line = PayoutLine {
                claim: claim.id,
                currency: claim.currency.clone(),
                amount: claim.amount.units(),
                paid_on: today,
                reference: reference.as_str().to_owned(),
            };
            claims::record_payout(conn, &line)?;
            ClaimEventKind::Paid
        }
    };
    let waiting = ClaimEvent {
        day: today,
        kind,
        staff: officer,
        claim: claim.id,
    };
    claims::queue_event(conn, &waiting)?;
    Ok(Some(ClaimCheck::Payable {
        amount: claim.amount,
        currency: claim.currency.clone(),
        until: claim.last_day,
    }))
}

/// Expires the claims whose last day is before `today`, with one audit row
/// for all of them; returns how many.
pub fn expire_due(
    conn: &mut DbConnection,
    key: &SecretKey,
    today: NaiveDate,
) -> Result<usize, DbError> {
    let mut expired = 0;
    for stored in claims::due_to_expire(conn, today)? {
        if !trusted(conn, key, &stored)? {
            continue;
        }
        if let Some(next) = stored.facts.expire(today)
            && advance(conn, key, &stored.facts, &next, today)?
        {
            expired += 1;
        }
    }
    if expired > 0 {
        let logged = event(
            Actor::System,
            AuditAction::ClaimExpired,
            format!("claims:{today}"),
            format!("{expired} claims"),
        );
        audit::append(conn, key, &logged, cambodia::midnight(today))?;
    }
    Ok(expired)
}

/// Writes the checks and payouts of the days before `today` to the chain,
/// shuffled, each dated to its day; returns how many.
pub fn audit_events(
    conn: &mut DbConnection,
    key: &SecretKey,
    today: NaiveDate,
) -> Result<usize, DbError> {
    let mut events = claims::take_events_before(conn, today)?;
    events.shuffle(&mut rand::rng());
    for waiting in &events {
        let action = match waiting.kind {
            ClaimEventKind::Checked => AuditAction::ClaimCodeChecked,
            ClaimEventKind::Paid => AuditAction::ClaimPaid,
        };
        let logged = event(
            Actor::Staff(waiting.staff),
            action,
            format!("claim:{}", waiting.claim.reference()),
            format!("on {}", waiting.day),
        );
        audit::append(conn, key, &logged, cambodia::midnight(today))?;
    }
    Ok(events.len())
}
