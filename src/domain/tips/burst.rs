//! Bursts: tips at one place (a grid cell and its eight neighbours) within
//! minutes of each other. A script can post a thousand "someone is held"
//! tips in an hour; counted one by one they would corroborate each other to
//! the top of the queue and make every submission rescore a thousand
//! neighbours. Counted as one group, a burst corroborates once, is shown
//! once, and a tip joining it changes nobody else's score.

use chrono::{NaiveDateTime, TimeDelta};

use super::InternalRef;
use crate::domain::ids::TipId;

/// Tips at one place this close in time belong to one burst. The window
/// slides: a tip within it of the burst's latest tip joins the burst, so a
/// script that posts every few minutes stays one burst however long it runs.
pub const BURST_WINDOW: TimeDelta = TimeDelta::minutes(10);

/// At most this many neighbours are rescored when a new tip starts a group
/// of its own. Only the first tip of each group nearby is a candidate (a
/// burst's members follow its first tip), and a score counts at most four
/// groups, so rescoring more would buy little and cost a lock and a read per
/// neighbour: this bound is what keeps one submission's cost flat however
/// many tips a flood left nearby. The newest are chosen, being the likeliest
/// still waiting in the queue.
pub const RESCORED_NEIGHBOURS: usize = 16;

/// The latest tip at the new tip's place, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LatestAtPlace {
    pub id: TipId,
    /// The first tip of its burst, if it joined one.
    pub burst_lead: Option<TipId>,
    pub submitted_at: NaiveDateTime,
}

/// Where a new tip belongs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Burst {
    /// It starts a group of its own.
    Leads,
    /// It joins the burst that tip `lead` started.
    Joins { lead: TipId },
}

/// The burst a tip submitted `at` belongs to, given the latest tip before
/// it at its place.
pub fn burst_of_new(latest: Option<LatestAtPlace>, at: NaiveDateTime) -> Burst {
    match latest {
        Some(latest) if at - latest.submitted_at <= BURST_WINDOW => Burst::Joins {
            lead: latest.burst_lead.unwrap_or(latest.id),
        },
        _ => Burst::Leads,
    }
}

/// How many corroborate a tip: each other group nearby once, and its own
/// burst once if it has other members.
pub fn corroboration(other_groups: usize, own_group_size: u32) -> usize {
    other_groups + usize::from(own_group_size >= 2)
}

/// Which stored tips a new one changes the score of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rescore {
    /// Its group is new: the first tips of the groups nearby (at most
    /// [`RESCORED_NEIGHBOURS`], in id order so concurrent submissions lock
    /// them in one order).
    Groups(Vec<TipId>),
    /// It joined a burst: only the burst's first tip, and only if it was
    /// alone until now (the others already count the burst once).
    Lead(TipId),
    Nobody,
}

/// What a new tip in `burst` rescores, given the first tips of the other
/// groups nearby (any order) and, when it joins a burst, that burst's size
/// before it.
pub fn rescore_after(
    burst: Burst,
    mut groups_nearby: Vec<TipId>,
    lead_size_before: u32,
) -> Rescore {
    match burst {
        Burst::Joins { lead } if lead_size_before == 1 => Rescore::Lead(lead),
        Burst::Joins { .. } => Rescore::Nobody,
        Burst::Leads => {
            groups_nearby.sort_unstable_by(|a, b| b.cmp(a));
            groups_nearby.truncate(RESCORED_NEIGHBOURS);
            groups_nearby.sort_unstable();
            Rescore::Groups(groups_nearby)
        }
    }
}

/// What closing a burst as spam came to. Each of its tips goes through the
/// workflow's close on its own; those the workflow refuses (taken into a
/// case, a duplicate, closed already) are left alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SpamClosing {
    pub closed: u32,
    pub left_alone: u32,
}

impl SpamClosing {
    /// Counts one tip of the burst: closed by the workflow, or left alone.
    pub fn count(&mut self, closed: bool) {
        if closed {
            self.closed += 1;
        } else {
            self.left_alone += 1;
        }
    }

    /// The audit row's detail: the burst by its first tip and the newest tip
    /// the reviewer saw, and what became of its tips.
    pub fn audit_detail(&self, lead: TipId, through: TipId) -> String {
        format!(
            "burst of {} through {}: {} closed as spam, {} left alone",
            InternalRef::of(lead),
            InternalRef::of(through),
            self.closed,
            self.left_alone
        )
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn at(minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 1)
            .and_then(|day| day.and_hms_opt(12, minute, 0))
            .expect("a valid time")
    }

    fn tip(id: i64) -> TipId {
        TipId(id)
    }

    #[test]
    fn a_tip_within_the_window_of_the_latest_joins_its_burst() {
        let first = LatestAtPlace {
            id: tip(7),
            burst_lead: None,
            submitted_at: at(0),
        };
        assert_eq!(
            burst_of_new(Some(first), at(10)),
            Burst::Joins { lead: tip(7) }
        );
        let member = LatestAtPlace {
            id: tip(9),
            burst_lead: Some(tip(7)),
            submitted_at: at(20),
        };
        // The window slides from the burst's latest tip, not its first.
        assert_eq!(
            burst_of_new(Some(member), at(29)),
            Burst::Joins { lead: tip(7) }
        );
    }

    #[test]
    fn a_tip_after_the_window_or_alone_starts_a_group() {
        let first = LatestAtPlace {
            id: tip(7),
            burst_lead: None,
            submitted_at: at(0),
        };
        assert_eq!(burst_of_new(Some(first), at(11)), Burst::Leads);
        assert_eq!(burst_of_new(None, at(11)), Burst::Leads);
    }

    #[test]
    fn a_burst_corroborates_once_for_itself_and_its_neighbours() {
        // A lone tip is not corroborated by itself.
        assert_eq!(corroboration(0, 1), 0);
        // A thousand members count as one, for each other as for a neighbour.
        assert_eq!(corroboration(0, 1000), 1);
        assert_eq!(corroboration(2, 1000), 3);
    }

    #[test]
    fn joining_a_burst_rescores_nobody_but_a_lone_lead() {
        let burst = Burst::Joins { lead: tip(7) };
        assert_eq!(rescore_after(burst, vec![tip(3)], 1), Rescore::Lead(tip(7)));
        assert_eq!(rescore_after(burst, vec![tip(3)], 2), Rescore::Nobody);
    }

    #[test]
    fn a_new_group_rescores_a_bounded_number_of_the_newest_groups_in_id_order() {
        let nearby: Vec<TipId> = (1..=100).rev().map(tip).collect();
        let Rescore::Groups(rescored) = rescore_after(Burst::Leads, nearby, 1) else {
            panic!("a new group rescores the groups nearby");
        };
        let expected: Vec<TipId> = (85..=100).map(tip).collect();
        assert_eq!(rescored, expected);
    }

    #[test]
    fn closing_a_burst_counts_what_it_closed_and_what_it_left_alone() {
        let mut closing = SpamClosing::default();
        for closed in [true, true, false, true] {
            closing.count(closed);
        }
        assert_eq!(
            closing,
            SpamClosing {
                closed: 3,
                left_alone: 1
            }
        );
        assert_eq!(
            closing.audit_detail(tip(2), tip(14)),
            "burst of T-00002 through T-00014: 3 closed as spam, 1 left alone"
        );
    }
}
