use chrono::{NaiveDateTime, TimeDelta};

/// How far a session has come through sign-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionStage {
    /// The password was right; the second factor is still to come.
    SecondFactor,
    /// The password was right and the account has no second factor yet.
    Enrol,
    /// Fully signed in.
    Full,
}

impl SessionStage {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStage::SecondFactor => "second_factor",
            SessionStage::Enrol => "enrol",
            SessionStage::Full => "full",
        }
    }

    pub fn parse(text: &str) -> Option<SessionStage> {
        [
            SessionStage::SecondFactor,
            SessionStage::Enrol,
            SessionStage::Full,
        ]
        .into_iter()
        .find(|stage| stage.as_str() == text)
    }
}

/// When a session began and was last used; it ends after 30 idle minutes
/// or 12 hours in all, whichever comes first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionTimes {
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
}

impl SessionTimes {
    pub const IDLE: TimeDelta = TimeDelta::minutes(30);
    pub const ABSOLUTE: TimeDelta = TimeDelta::hours(12);
    /// A half-finished sign-in must be finished quickly.
    pub const SIGN_IN: TimeDelta = TimeDelta::minutes(10);
    /// Writing `last_seen_at` on every request would make every staff page
    /// a database write; once a minute is precise enough for 30 minutes.
    pub const TOUCH_EVERY: TimeDelta = TimeDelta::minutes(1);

    pub fn is_live(&self, stage: SessionStage, now: NaiveDateTime) -> bool {
        let idle = if stage == SessionStage::Full {
            Self::IDLE
        } else {
            Self::SIGN_IN
        };
        now - self.last_seen_at < idle && now - self.created_at < Self::ABSOLUTE
    }

    pub fn needs_touch(&self, now: NaiveDateTime) -> bool {
        now - self.last_seen_at >= Self::TOUCH_EVERY
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000 + minutes * 60, 0)
            .unwrap()
            .naive_utc()
    }

    #[test]
    fn a_session_ends_after_thirty_idle_minutes() {
        let times = SessionTimes {
            created_at: at(0),
            last_seen_at: at(10),
        };
        assert!(times.is_live(SessionStage::Full, at(39)));
        assert!(!times.is_live(SessionStage::Full, at(40)));
    }

    #[test]
    fn a_session_ends_after_twelve_hours_however_busy() {
        let times = SessionTimes {
            created_at: at(0),
            last_seen_at: at(12 * 60 - 1),
        };
        assert!(!times.is_live(SessionStage::Full, at(12 * 60)));
    }

    #[test]
    fn a_half_finished_sign_in_lasts_ten_minutes() {
        let times = SessionTimes {
            created_at: at(0),
            last_seen_at: at(0),
        };
        assert!(times.is_live(SessionStage::SecondFactor, at(9)));
        assert!(!times.is_live(SessionStage::SecondFactor, at(10)));
        assert!(!times.is_live(SessionStage::Enrol, at(10)));
    }

    #[test]
    fn stages_round_trip() {
        for stage in [
            SessionStage::SecondFactor,
            SessionStage::Enrol,
            SessionStage::Full,
        ] {
            assert_eq!(SessionStage::parse(stage.as_str()), Some(stage));
        }
        assert_eq!(SessionStage::parse("half"), None);
    }

    #[test]
    fn last_seen_is_written_at_most_once_a_minute() {
        let times = SessionTimes {
            created_at: at(0),
            last_seen_at: at(5),
        };
        assert!(!times.needs_touch(at(5)));
        assert!(times.needs_touch(at(6)));
    }
}
