use chrono::TimeDelta;

/// Tries allowed before the account must wait.
const FREE_TRIES: i32 = 3;
const FIRST_WAIT_SECONDS: i64 = 30;
const LONGEST_WAIT: TimeDelta = TimeDelta::minutes(15);

/// How long an account must wait after `failures` wrong tries in a row: the
/// first three are free, then 30 s, doubling, up to 15 minutes. Kept per
/// account, so no address of whoever tries is needed.
pub fn sign_in_delay(failures: i32) -> Option<TimeDelta> {
    let over = failures - FREE_TRIES;
    if over < 0 {
        return None;
    }
    let doublings = over.min(10) as u32;
    let wait = TimeDelta::seconds(FIRST_WAIT_SECONDS * 2_i64.pow(doublings));
    Some(wait.min(LONGEST_WAIT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_three_tries_are_free_then_the_wait_doubles_up_to_fifteen_minutes() {
        assert_eq!(sign_in_delay(0), None);
        assert_eq!(sign_in_delay(2), None);
        assert_eq!(sign_in_delay(3), Some(TimeDelta::seconds(30)));
        assert_eq!(sign_in_delay(4), Some(TimeDelta::seconds(60)));
        assert_eq!(sign_in_delay(7), Some(TimeDelta::seconds(480)));
        assert_eq!(sign_in_delay(8), Some(TimeDelta::minutes(15)));
        assert_eq!(sign_in_delay(1_000_000), Some(TimeDelta::minutes(15)));
    }
}
