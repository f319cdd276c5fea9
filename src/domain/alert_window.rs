//! Urgent alerts in batches. A flood of fake "someone is held" tips must not
//! become a flood of mail: the first held tip alerts at once and opens a
//! window; held tips within it only count; when it ends, one mail says how
//! many more came. The next held tip after that opens a new window.

use chrono::{NaiveDateTime, TimeDelta};

/// How long after an alert further held tips are only counted.
pub const ALERT_WINDOW: TimeDelta = TimeDelta::minutes(15);

/// An open window: when its alert went, and how many held tips came since.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlertWindow {
    pub opened_at: NaiveDateTime,
    pub more: u32,
}

impl AlertWindow {
    pub fn ends_at(&self, length: TimeDelta) -> NaiveDateTime {
        self.opened_at + length
    }

    fn has_ended(&self, now: NaiveDateTime, length: TimeDelta) -> bool {
        now >= self.ends_at(length)
    }
}

/// What a held tip arriving does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeldTipAlert {
    /// Mail the alert now; a window is opened. `untold` held tips of an
    /// earlier window that ended before anyone closed it are told first.
    Now { untold: u32 },
    /// Counted in the open window, told when it ends.
    Counted,
}

/// What a held tip arriving at `now` does to the window as stored, and the
/// window to store after it.
pub fn on_held_tip(
    window: Option<AlertWindow>,
    now: NaiveDateTime,
    length: TimeDelta,
) -> (HeldTipAlert, AlertWindow) {
    match window {
        Some(open) if !open.has_ended(now, length) => (
            HeldTipAlert::Counted,
            AlertWindow {
                more: open.more.saturating_add(1),
                ..open
            },
        ),
        ended => (
            HeldTipAlert::Now {
                untold: ended.map_or(0, |window| window.more),
            },
            AlertWindow {
                opened_at: now,
                more: 0,
            },
        ),
    }
}

/// Whether the window as stored has ended by `now`, and if so how many held
/// tips it counted (to be told in one mail when there are any); the window
/// is then closed.
pub fn closing(window: Option<AlertWindow>, now: NaiveDateTime, length: TimeDelta) -> Option<u32> {
    window
        .filter(|open| open.has_ended(now, length))
        .map(|ended| ended.more)
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

    #[test]
    fn the_first_held_tip_alerts_at_once_and_the_next_ones_are_counted() {
        let (first, window) = on_held_tip(None, at(0), ALERT_WINDOW);
        assert_eq!(first, HeldTipAlert::Now { untold: 0 });
        let (second, window) = on_held_tip(Some(window), at(5), ALERT_WINDOW);
        let (third, window) = on_held_tip(Some(window), at(14), ALERT_WINDOW);
        assert_eq!(
            (second, third),
            (HeldTipAlert::Counted, HeldTipAlert::Counted)
        );
        assert_eq!(
            window,
            AlertWindow {
                opened_at: at(0),
                more: 2
            }
        );
        // The window does not slide: a steady flood still gets a count
        // every fifteen minutes.
        assert_eq!(window.ends_at(ALERT_WINDOW), at(15));
    }

    #[test]
    fn a_window_closes_at_its_end_with_its_count() {
        let window = AlertWindow {
            opened_at: at(0),
            more: 4,
        };
        assert_eq!(closing(Some(window), at(14), ALERT_WINDOW), None);
        assert_eq!(closing(Some(window), at(15), ALERT_WINDOW), Some(4));
        assert_eq!(closing(None, at(15), ALERT_WINDOW), None);
    }

    #[test]
    fn a_held_tip_after_an_unclosed_window_tells_its_count_and_opens_another() {
        let ended = AlertWindow {
            opened_at: at(0),
            more: 3,
        };
        let (alert, window) = on_held_tip(Some(ended), at(20), ALERT_WINDOW);
        assert_eq!(alert, HeldTipAlert::Now { untold: 3 });
        assert_eq!(
            window,
            AlertWindow {
                opened_at: at(20),
                more: 0
            }
        );
    }
}
