//! The numbers of the daily digest, and what tipsters did in a day.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{cases, tip_messages, tip_withdrawals, tips};
use super::tips::waiting;
use super::{DbConnection, DbError};
use crate::domain::cases::CaseState;
use crate::domain::category::Category;
use crate::domain::ids::TipId;
use crate::domain::message::Direction;
use crate::domain::tip_status::TipStatus;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Tips submitted that day, and how many of them say someone is held.
    pub new_tips: i64,
    pub new_held: i64,
    /// Tips waiting in the queue, and how many are answers to questions.
    pub waiting: i64,
    pub answers: i64,
    /// Cases not closed, and cases closed that day.
    pub open_cases: i64,
    pub closed_cases: i64,
}

/// The counts of the day from `since` to `until` (the queue: as it is now).
pub fn counts(
    conn: &mut DbConnection,
    since: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<Counts, DbError> {
    let new_tips = tips::table
        .filter(tips::submitted_at.ge(since))
        .filter(tips::submitted_at.lt(until))
        .count()
        .get_result(conn)?;
    let new_held = tips::table
        .filter(tips::submitted_at.ge(since))
        .filter(tips::submitted_at.lt(until))
        .filter(tips::category.eq(Category::Held))
        .count()
        .get_result(conn)?;
    let waiting = tips::table.filter(waiting()).count().get_result(conn)?;
    let answers = tips::table
        .filter(tips::status.eq(TipStatus::ReplyReceived))
        .count()
        .get_result(conn)?;
    let open_cases = cases::table
        .filter(cases::merged_into.is_null())
        .filter(cases::state.ne(CaseState::CLOSED))
        .count()
        .get_result(conn)?;
    let closed_cases = cases::table
        .filter(cases::merged_into.is_null())
        .filter(cases::closed_at.ge(since))
        .filter(cases::closed_at.lt(until))
        .count()
        .get_result(conn)?;
    Ok(Counts {
        new_tips,
        new_held,
        waiting,
        answers,
        open_cases,
        closed_cases,
    })
}

/// The tips reported, replied to and withdrawn by their tipsters on `day`
/// (Cambodia's calendar), each list in reference order (not the order they
/// came in), for the day's one audit row of what tipsters did.
pub fn tipster_changes(conn: &mut DbConnection, day: NaiveDate) -> Result<TipsterChanges, DbError> {
    let since = crate::domain::cambodia::midnight(day);
    let until = crate::domain::cambodia::midnight(day + chrono::Days::new(1));
    let reported = tips::table
        .filter(tips::submitted_at.ge(since))
        .filter(tips::submitted_at.lt(until))
        .select(tips::id)
        .order(tips::id.asc())
        .load(conn)?;
    let replied = tip_messages::table
        .filter(tip_messages::direction.eq(Direction::FromTipster))
        .filter(tip_messages::created_at.ge(since))
        .filter(tip_messages::created_at.lt(until))
        .select(tip_messages::tip_id)
        .distinct()
        .order(tip_messages::tip_id.asc())
        .load(conn)?;
    let withdrawn = tip_withdrawals::table
        .filter(tip_withdrawals::day.eq(day))
        .select(tip_withdrawals::tip_id)
        .order(tip_withdrawals::tip_id.asc())
        .load(conn)?;
    Ok(TipsterChanges {
        reported,
        replied,
        withdrawn,
    })
}

/// What tipsters did on one day, by tip.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TipsterChanges {
    pub reported: Vec<TipId>,
    pub replied: Vec<TipId>,
    pub withdrawn: Vec<TipId>,
}

impl TipsterChanges {
    pub fn is_empty(&self) -> bool {
        self.reported.is_empty() && self.replied.is_empty() && self.withdrawn.is_empty()
    }
}
