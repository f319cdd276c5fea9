//! OWASP's device cookies: a browser where an account signed in before
//! keeps its own budget of sign-in tries, and failures for addresses with
//! no account are summarised per interval rather than logged one by one.

use chrono::{NaiveDateTime, TimeDelta};

/// How long a device cookie is honoured: long enough that staff who sign in
/// every few weeks keep their budget, short enough that a lost laptop's
/// cookie stops counting on its own.
pub const DEVICE_LIFETIME: TimeDelta = TimeDelta::days(90);

/// Failures for addresses with no account are counted per interval this
/// long; each interval becomes one audit row.
pub const UNKNOWN_ADDRESS_INTERVAL: TimeDelta = TimeDelta::minutes(10);

/// The start of the interval `at` falls in.
pub fn interval_start(at: NaiveDateTime) -> NaiveDateTime {
    let length = UNKNOWN_ADDRESS_INTERVAL.num_seconds();
    let seconds = at.and_utc().timestamp();
    let start = seconds - seconds.rem_euclid(length);
    chrono::DateTime::from_timestamp(start, 0)
        .map(|start| start.naive_utc())
        .unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(hour: u32, minute: u32, second: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 7)
            .unwrap()
            .and_hms_opt(hour, minute, second)
            .unwrap()
    }

    #[test]
    fn intervals_start_on_the_tenth_minute() {
        assert_eq!(interval_start(at(3, 0, 0)), at(3, 0, 0));
        assert_eq!(interval_start(at(3, 9, 59)), at(3, 0, 0));
        assert_eq!(interval_start(at(3, 10, 0)), at(3, 10, 0));
        assert_eq!(interval_start(at(23, 59, 59)), at(23, 50, 0));
    }
}
