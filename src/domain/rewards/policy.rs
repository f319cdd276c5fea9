//! The deployment's rewards policy: how much a confirmed compound's tips
//! share, how much one tip may get, how much may be approved in a month,
//! and how long a tipster has to claim.

use chrono::{NaiveDateTime, TimeDelta};

use super::RewardError;
use super::money::{Amount, Currency};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RewardPolicy {
    pub currency: Currency,
    /// What the tips of one confirmed compound share between them.
    pub pool: Amount,
    pub max_per_tip: Amount,
    /// What may be approved in one calendar month in Cambodia.
    pub monthly_budget: Amount,
    pub claim_window_days: u32,
}

impl RewardPolicy {
    /// An equal split of the pool between `shares` tips, in whole units,
    /// each at most the maximum per tip; what does not divide evenly goes
    /// to the first report (the first share).
    pub fn proposed_split(&self, shares: usize) -> Vec<i64> {
        let Ok(count) = i64::try_from(shares) else {
            return Vec::new();
        };
        if count == 0 {
            return Vec::new();
        }
        let pool = self.pool.units();
        let max = self.max_per_tip.units();
        let each = (pool / count).min(max);
        let mut split = vec![each; shares];
        split[0] = (each + pool - each * count).min(max);
        split
    }

    /// Whether `amount` may be recommended for one tip of a case whose other
    /// tips already hold `others_in_case` (recommended, approved or paid).
    pub fn check_recommendation(
        &self,
        amount: Amount,
        others_in_case: i64,
    ) -> Result<(), RewardError> {
        if amount > self.max_per_tip {
            return Err(RewardError::OverMaximum {
                max: self.max_per_tip.units(),
            });
        }
        let left = self.pool.units() - others_in_case;
        if amount.units() > left {
            return Err(RewardError::OverPool { left: left.max(0) });
        }
        Ok(())
    }

    /// Whether `amount` may be approved in a month that has already
    /// approved `used` (claimable or paid).
    pub fn check_approval(&self, amount: Amount, used: i64) -> Result<(), RewardError> {
        let left = self.monthly_budget.units() - used;
        if amount.units() > left {
            return Err(RewardError::OverBudget { left: left.max(0) });
        }
        Ok(())
    }

    /// Until when a reward approved at `approved_at` may be claimed.
    pub fn claimable_until(&self, approved_at: NaiveDateTime) -> NaiveDateTime {
        approved_at + TimeDelta::days(i64::from(self.claim_window_days))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(pool: i64, max: i64) -> RewardPolicy {
        RewardPolicy {
            currency: Currency::riel(),
            pool: Amount::new(pool).unwrap(),
            max_per_tip: Amount::new(max).unwrap(),
            monthly_budget: Amount::new(10_000_000).unwrap(),
            claim_window_days: 180,
        }
    }

    #[test]
    fn the_pool_is_split_equally_with_the_remainder_to_the_first_report() {
        let policy = policy(1_000_000, 1_000_000);
        assert_eq!(policy.proposed_split(1), vec![1_000_000]);
        assert_eq!(policy.proposed_split(2), vec![500_000, 500_000]);
        assert_eq!(policy.proposed_split(3), vec![333_334, 333_333, 333_333]);
        assert_eq!(policy.proposed_split(3).iter().sum::<i64>(), 1_000_000);
        assert_eq!(policy.proposed_split(7).iter().sum::<i64>(), 1_000_000);
        assert!(policy.proposed_split(0).is_empty());
    }

    #[test]
    fn no_proposed_share_exceeds_the_maximum_per_tip() {
        let policy = policy(1_000_000, 400_000);
        assert_eq!(policy.proposed_split(1), vec![400_000]);
        assert_eq!(policy.proposed_split(2), vec![400_000, 400_000]);
        let policy = super::tests::policy(1_000_001, 500_000);
        assert_eq!(policy.proposed_split(2), vec![500_000, 500_000]);
    }

    #[test]
    fn a_recommendation_stays_within_the_maximum_and_the_case_pool() {
        let policy = policy(1_000_000, 600_000);
        let amount = |n| Amount::new(n).unwrap();
        assert_eq!(policy.check_recommendation(amount(600_000), 0), Ok(()));
        assert_eq!(
            policy.check_recommendation(amount(600_001), 0),
            Err(RewardError::OverMaximum { max: 600_000 })
        );
        assert_eq!(
            policy.check_recommendation(amount(400_000), 600_000),
            Ok(())
        );
        assert_eq!(
            policy.check_recommendation(amount(400_001), 600_000),
            Err(RewardError::OverPool { left: 400_000 })
        );
        assert_eq!(
            policy.check_recommendation(amount(1), 1_200_000),
            Err(RewardError::OverPool { left: 0 })
        );
    }

    #[test]
    fn an_approval_stays_within_the_month_budget() {
        let policy = policy(1_000_000, 1_000_000);
        let amount = |n| Amount::new(n).unwrap();
        assert_eq!(policy.check_approval(amount(1_000_000), 9_000_000), Ok(()));
        assert_eq!(
            policy.check_approval(amount(1_000_001), 9_000_000),
            Err(RewardError::OverBudget { left: 1_000_000 })
        );
    }

    #[test]
    fn a_claim_runs_for_the_window_from_approval() {
        let approved = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        assert_eq!(
            policy(1, 1).claimable_until(approved).date().to_string(),
            "2026-06-30"
        );
    }
}
