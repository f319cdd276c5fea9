//! How hard guessing a tip's passphrase is made. Failures are counted per
//! tip code, never per address: tipline knows no addresses.

use chrono::Duration;

/// Failures that count are those this recent.
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);
/// After this many failures within the window, the code refuses every try
/// (with the same answer as a wrong passphrase) until the oldest ages out.
pub const FAILURE_LIMIT: i64 = 5;

/// Whether a code with `recent_failures` in the window may be tried now.
pub fn may_try(recent_failures: i64) -> bool {
    recent_failures < FAILURE_LIMIT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_in_the_window_stop_further_tries() {
        assert!(may_try(0));
        assert!(may_try(FAILURE_LIMIT - 1));
        assert!(!may_try(FAILURE_LIMIT));
        // With one guess in 10^16 per try, five tries every 15 minutes make
        // a guess take longer than the universe is old.
        assert_eq!(FAILURE_LIMIT, 5);
        assert_eq!(FAILURE_WINDOW, Duration::minutes(15));
    }
}
