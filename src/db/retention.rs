//! The retention job's deletions (the rule is `domain::retention`): the
//! content of tips closed without a case and of closed cases, once their
//! time is up. What stays is what statistics need: kind, states, dates,
//! commune and cell, priority, and the audit trail.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{
    case_events, cases, internal_notes, rewards, tip_closings, tip_messages, tips,
};
use super::{DbConnection, DbError};
use crate::domain::cases::{CaseState, Outcome};
use crate::domain::ids::{CaseId, TipId};
use crate::domain::retention::Retention;
use crate::domain::rewards::RewardState;

/// What one run deleted the content of.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub tips: Vec<TipId>,
    pub cases: Vec<CaseId>,
}

/// Deletes the content whose time is up at `now`.
pub fn purge(
    conn: &mut DbConnection,
    rule: Retention,
    now: NaiveDateTime,
) -> Result<Purged, DbError> {
    let before = rule.closed_before(now);
    // A tip whose reward is still within its claim window keeps its words:
    // its tipster may yet come back for the code.
    let rewarded: Vec<TipId> = rewards::table
        .filter(rewards::state.eq(RewardState::Approved))
        .filter(rewards::approved_at.gt(rule.approved_after(now)))
        .select(rewards::tip_id)
        .load(conn)?;
    let lone: Vec<TipId> = tip_closings::table
        .filter(tip_closings::closed_at.lt(before))
        .filter(tip_closings::tip_id.ne_all(&rewarded))
        .select(tip_closings::tip_id)
        .load(conn)?;
    let closed_cases: Vec<CaseId> = cases::table
        .filter(cases::state.eq(CaseState::CLOSED))
        .filter(cases::closed_at.lt(before))
        .filter(cases::held.eq(false))
        .filter(cases::purged.eq(false))
        .filter(
            cases::outcome
                .ne_all([Outcome::ConfirmedCompound, Outcome::Referred])
                .or(cases::outcome.is_null()),
        )
        .select(cases::id)
        .load(conn)?;
    let in_cases: Vec<TipId> = tips::table
        .filter(tips::case_id.eq_any(&closed_cases))
        .filter(tips::id.ne_all(&rewarded))
        .select(tips::id)
        .load(conn)?;
    let mut purged_tips: Vec<TipId> = lone.iter().chain(&in_cases).copied().collect();
    purged_tips.sort();
    purged_tips.dedup();

    diesel::delete(tip_messages::table.filter(tip_messages::tip_id.eq_any(&purged_tips)))
        .execute(conn)?;
    diesel::delete(internal_notes::table.filter(internal_notes::tip_id.eq_any(&purged_tips)))
        .execute(conn)?;
    super::tips::delete_content(conn, &purged_tips)?;
    diesel::delete(tip_closings::table.filter(tip_closings::tip_id.eq_any(&lone))).execute(conn)?;

    diesel::delete(internal_notes::table.filter(internal_notes::case_id.eq_any(&closed_cases)))
        .execute(conn)?;
    diesel::update(case_events::table.filter(case_events::case_id.eq_any(&closed_cases)))
        .set(case_events::reason_sealed.eq(None::<Vec<u8>>))
        .execute(conn)?;
    diesel::update(cases::table.filter(cases::id.eq_any(&closed_cases)))
        .set((
            cases::title_sealed.eq(None::<Vec<u8>>),
            cases::point_sealed.eq(None::<Vec<u8>>),
            cases::purged.eq(true),
        ))
        .execute(conn)?;
    Ok(Purged {
        tips: purged_tips,
        cases: closed_cases,
    })
}

/// Holds a case's content beyond the retention period, or lets it go
/// again; false if the case has no such row.
pub fn set_held(conn: &mut DbConnection, case_id: CaseId, held: bool) -> Result<bool, DbError> {
    let updated = diesel::update(cases::table.find(case_id))
        .set(cases::held.eq(held))
        .execute(conn)?;
    Ok(updated == 1)
}
