//! How long closed work keeps its content. The words, places, photos and
//! messages of a tip closed without a case, and of a closed case, are
//! deleted a set number of days after the last closing; the statistics
//! (kind, state, commune, cell, dates) and the audit trail stay. Cases
//! closed as a confirmed compound or referred to another agency keep their
//! content, as does a case an administrator holds, and a tip whose reward
//! was approved keeps its content until the reward's claim window is over.

use chrono::{NaiveDateTime, TimeDelta};

use crate::domain::cases::Outcome;
use crate::domain::tip_status::TipStatus;
use crate::domain::tips::TipState;

/// The retention rule, from the deployment's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    pub days: u32,
    /// Days a tipster has to claim an approved reward.
    pub claim_days: u32,
}

impl Retention {
    /// Content of what was last closed before this time goes at `now`.
    pub fn closed_before(&self, now: NaiveDateTime) -> NaiveDateTime {
        now - TimeDelta::days(i64::from(self.days))
    }

    /// A tip whose reward was approved after this time keeps its content
    /// at `now`: its claim window and a day's margin are not over.
    pub fn approved_after(&self, now: NaiveDateTime) -> NaiveDateTime {
        now - TimeDelta::days(i64::from(self.claim_days) + 1)
    }
}

/// Whether a closed case's content may ever go: not when it ended as a
/// confirmed compound or was referred (their files are evidence), nor
/// while an administrator holds it.
pub fn case_content_may_go(outcome: Option<Outcome>, held: bool) -> bool {
    !held
        && !matches!(
            outcome,
            Some(Outcome::ConfirmedCompound | Outcome::Referred)
        )
}

/// What a tip's step does to the clock of a tip closed without a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClosingClock {
    /// The tip was just closed: the clock starts now.
    Start,
    /// Nothing changed for the clock.
    Keep,
    /// The tip is open again, or in a case (whose own closing counts).
    Stop,
}

fn closed_without_case(state: &TipState) -> bool {
    state.case_id.is_none()
        && matches!(
            state.status,
            TipStatus::ClosedNoAction | TipStatus::Duplicate
        )
}

impl ClosingClock {
    pub fn between(before: &TipState, after: &TipState) -> ClosingClock {
        match (closed_without_case(before), closed_without_case(after)) {
            (false, true) => ClosingClock::Start,
            (true, true) => ClosingClock::Keep,
            (_, false) => ClosingClock::Stop,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::CaseId;

    fn tip(status: TipStatus, case_id: Option<CaseId>) -> TipState {
        TipState {
            status,
            assignee: None,
            duplicate_of: None,
            case_id,
            close_reason: None,
        }
    }

    #[test]
    fn the_clock_starts_at_the_last_closing_and_a_reopen_stops_it() {
        let open = tip(TipStatus::InReview, None);
        let closed = tip(TipStatus::ClosedNoAction, None);
        let duplicate = tip(TipStatus::Duplicate, None);
        let linked = tip(TipStatus::Linked, Some(CaseId(1)));
        assert_eq!(ClosingClock::between(&open, &closed), ClosingClock::Start);
        assert_eq!(
            ClosingClock::between(&open, &duplicate),
            ClosingClock::Start
        );
        assert_eq!(ClosingClock::between(&closed, &closed), ClosingClock::Keep);
        assert_eq!(ClosingClock::between(&closed, &open), ClosingClock::Stop);
        assert_eq!(ClosingClock::between(&closed, &linked), ClosingClock::Stop);
        assert_eq!(ClosingClock::between(&open, &linked), ClosingClock::Stop);
    }

    #[test]
    fn evidence_and_held_cases_keep_their_content() {
        assert!(case_content_may_go(Some(Outcome::NotConfirmed), false));
        assert!(case_content_may_go(
            Some(Outcome::InsufficientInformation),
            false
        ));
        assert!(!case_content_may_go(Some(Outcome::NotConfirmed), true));
        assert!(!case_content_may_go(
            Some(Outcome::ConfirmedCompound),
            false
        ));
        assert!(!case_content_may_go(Some(Outcome::Referred), false));
    }

    #[test]
    fn the_windows_count_back_from_now() {
        let now = chrono::NaiveDate::from_ymd_opt(2027, 12, 7)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let rule = Retention {
            days: 365,
            claim_days: 180,
        };
        assert_eq!(rule.closed_before(now), now - TimeDelta::days(365));
        assert_eq!(rule.approved_after(now), now - TimeDelta::days(181));
    }
}
