//! Cambodia's calendar (UTC+7, no daylight saving): the day a status is
//! released, the day a digest counts, the month a reward budget covers.

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc,
};

const OFFSET_HOURS: i64 = 7;

fn zone() -> FixedOffset {
    FixedOffset::east_opt(OFFSET_HOURS as i32 * 3600).expect("UTC+7 is a valid offset")
}

/// The calendar day in Cambodia at `instant`.
pub fn day_of(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&zone()).date_naive()
}

/// The start of `day` in Cambodia, as a stored UTC time.
pub fn midnight(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN) - TimeDelta::hours(OFFSET_HOURS)
}

/// One calendar month in Cambodia.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Month {
    first_day: NaiveDate,
}

impl Month {
    /// The month in Cambodia at `instant` (stored UTC).
    pub fn of(instant: NaiveDateTime) -> Month {
        let day = day_of(instant.and_utc());
        Month {
            first_day: day.with_day(1).expect("every month has a first day"),
        }
    }

    /// `YYYY-MM`.
    pub fn label(self) -> String {
        self.first_day.format("%Y-%m").to_string()
    }

    /// Its first and the next month's first instant, as stored UTC times.
    pub fn bounds(self) -> (NaiveDateTime, NaiveDateTime) {
        let next = self
            .first_day
            .checked_add_months(chrono::Months::new(1))
            .expect("months far from the end of time");
        (midnight(self.first_day), midnight(next))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn cambodia_is_seven_hours_ahead_of_utc() {
        assert_eq!(
            day_of(at("2026-11-23 16:59:59").and_utc()).to_string(),
            "2026-11-23"
        );
        assert_eq!(
            day_of(at("2026-11-23 17:00:00").and_utc()).to_string(),
            "2026-11-24"
        );
        assert_eq!(
            midnight(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()),
            at("2026-11-23 17:00:00")
        );
    }

    #[test]
    fn a_month_runs_from_midnight_to_midnight_in_cambodia() {
        // 30 November 18:00 UTC is already 1 December in Phnom Penh.
        assert_eq!(Month::of(at("2026-11-30 18:00:00")).label(), "2026-12");
        assert_eq!(Month::of(at("2026-11-30 16:59:59")).label(), "2026-11");
        let (start, end) = Month::of(at("2026-12-15 00:00:00")).bounds();
        assert_eq!(start, at("2026-11-30 17:00:00"));
        assert_eq!(end, at("2026-12-31 17:00:00"));
        assert_eq!(Month::of(at("2026-12-31 17:00:00")).label(), "2027-01");
    }
}
