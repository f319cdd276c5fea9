//! Claims, the payouts ledger and the claim events that wait for the daily
//! audit. Nothing here joins a claim to a reward, a tip, a case or a place:
//! no such column exists.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::schema::{audit_log, claim_events, claims, payouts};
use super::{DbConnection, DbError};
use crate::domain::audit::AuditAction;
use crate::domain::ids::StaffId;
use crate::domain::rewards::Amount;
use crate::domain::rewards::claim::{ClaimFacts, ClaimId, ClaimState};

/// A claim as stored, with the MAC the table holds for it.
#[derive(Clone, Debug)]
pub struct StoredClaim {
    pub facts: ClaimFacts,
    pub mac: String,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = claims)]
struct ClaimRow {
    id: i64,
    code_hash: String,
    currency: String,
    amount: Amount,
    state: ClaimState,
    last_day: NaiveDate,
    approver_tag: String,
    counter: i64,
    mac: String,
}

impl ClaimRow {
    fn parse(self) -> StoredClaim {
        StoredClaim {
            facts: ClaimFacts {
                id: ClaimId(self.id),
                code_hash: self.code_hash,
                currency: self.currency,
                amount: self.amount,
                state: self.state,
                last_day: self.last_day,
                approver_tag: self.approver_tag,
                counter: self.counter,
            },
            mac: self.mac,
        }
    }
}

pub fn insert(conn: &mut DbConnection, claim: &ClaimFacts, mac: &str) -> Result<(), DbError> {
    diesel::insert_into(claims::table)
        .values((
            claims::id.eq(claim.id.0),
            claims::code_hash.eq(&claim.code_hash),
            claims::currency.eq(&claim.currency),
            claims::amount.eq(claim.amount.units()),
            claims::state.eq(claim.state),
            claims::last_day.eq(claim.last_day),
            claims::approver_tag.eq(&claim.approver_tag),
            claims::counter.eq(claim.counter),
            claims::mac.eq(mac),
        ))
        .execute(conn)?;
    Ok(())
}

/// The claim whose code has this keyed hash.
pub fn by_code_hash(conn: &mut DbConnection, hash: &str) -> Result<Option<StoredClaim>, DbError> {
    let row: Option<ClaimRow> = claims::table
        .filter(claims::code_hash.eq(hash))
        .select(ClaimRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(ClaimRow::parse))
}

/// Stores `next` over `claim` if the row is still at `claim`'s counter;
/// false when something changed it in between.
pub fn store(
    conn: &mut DbConnection,
    claim: &ClaimFacts,
    next: &ClaimFacts,
    mac: &str,
) -> Result<bool, DbError> {
    let updated = diesel::update(
        claims::table
            .find(claim.id.0)
            .filter(claims::counter.eq(claim.counter)),
    )
    .set((
        claims::state.eq(next.state),
        claims::counter.eq(next.counter),
        claims::mac.eq(mac),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Claimable claims whose last day is before `today`.
pub fn due_to_expire(
    conn: &mut DbConnection,
    today: NaiveDate,
) -> Result<Vec<StoredClaim>, DbError> {
    let rows: Vec<ClaimRow> = claims::table
        .filter(claims::state.eq(ClaimState::Claimable))
        .filter(claims::last_day.lt(today))
        .select(ClaimRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(ClaimRow::parse).collect())
}

/// Whether the audit chain holds this counter tag: a claim's counter
/// reached a value there.
pub fn chain_holds(conn: &mut DbConnection, tag: &str) -> Result<bool, DbError> {
    let found: i64 = audit_log::table
        .filter(audit_log::action.eq(AuditAction::ClaimCounter.as_str()))
        .filter(audit_log::detail.eq(tag))
        .count()
        .get_result(conn)?;
    Ok(found > 0)
}

/// One line of the payouts ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayoutLine {
    pub claim: ClaimId,
    pub currency: String,
    pub amount: i64,
    pub paid_on: NaiveDate,
    pub reference: String,
}

pub fn record_payout(conn: &mut DbConnection, line: &PayoutLine) -> Result<(), DbError> {
    diesel::insert_into(payouts::table)
        .values((
            payouts::claim_id.eq(line.claim.0),
            payouts::currency.eq(&line.currency),
            payouts::amount.eq(line.amount),
            payouts::paid_on.eq(line.paid_on),
            payouts::reference.eq(&line.reference),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = payouts)]
struct PayoutRow {
    claim_id: i64,
    currency: String,
    amount: i64,
    paid_on: NaiveDate,
    reference: String,
}

/// The payouts of the days before `today`, oldest day first: today's are
/// left out while the day can still be told apart hour by hour.
pub fn payouts_before(
    conn: &mut DbConnection,
    today: NaiveDate,
) -> Result<Vec<PayoutLine>, DbError> {
    let rows: Vec<PayoutRow> = payouts::table
        .filter(payouts::paid_on.lt(today))
        .order((payouts::paid_on.asc(), payouts::claim_id.asc()))
        .select(PayoutRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| PayoutLine {
            claim: ClaimId(row.claim_id),
            currency: row.currency,
            amount: row.amount,
            paid_on: row.paid_on,
            reference: row.reference,
        })
        .collect())
}

/// What a claim event records: an officer looked a code up, or paid it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimEventKind {
    Checked,
    Paid,
}

impl ClaimEventKind {
    fn as_str(self) -> &'static str {
        match self {
            ClaimEventKind::Checked => "checked",
            ClaimEventKind::Paid => "paid",
        }
    }

    fn parse(text: &str) -> Option<ClaimEventKind> {
        [ClaimEventKind::Checked, ClaimEventKind::Paid]
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

/// A claim event waiting for the daily audit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimEvent {
    pub day: NaiveDate,
    pub kind: ClaimEventKind,
    pub staff: StaffId,
    pub claim: ClaimId,
}

pub fn queue_event(conn: &mut DbConnection, event: &ClaimEvent) -> Result<(), DbError> {
    diesel::insert_into(claim_events::table)
        .values((
            claim_events::id.eq(ClaimId::generate().0),
            claim_events::day.eq(event.day),
            claim_events::kind.eq(event.kind.as_str()),
            claim_events::staff_id.eq(event.staff),
            claim_events::claim_id.eq(event.claim.0),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = claim_events)]
struct EventRow {
    day: NaiveDate,
    kind: String,
    staff_id: StaffId,
    claim_id: i64,
}

/// Removes and returns the events of the days before `today`.
pub fn take_events_before(
    conn: &mut DbConnection,
    today: NaiveDate,
) -> Result<Vec<ClaimEvent>, DbError> {
    let rows: Vec<EventRow> = claim_events::table
        .filter(claim_events::day.lt(today))
        .select(EventRow::as_select())
        .load(conn)?;
    diesel::delete(claim_events::table.filter(claim_events::day.lt(today))).execute(conn)?;
    rows.into_iter()
        .map(|row| {
            let kind = ClaimEventKind::parse(&row.kind)
                .ok_or_else(|| super::corrupt(format!("claim event kind `{}`", row.kind)))?;
            Ok(ClaimEvent {
                day: row.day,
                kind,
                staff: row.staff_id,
                claim: ClaimId(row.claim_id),
            })
        })
        .collect()
}
