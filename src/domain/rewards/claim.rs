//! The payable claim: what an approved reward becomes once its tipster
//! first sees the claim code. It is a record of its own — an amount, the
//! keyed hash of the code, a state, the last day it may be paid, and a tag
//! that lets the payout refuse the approver without naming them — and it
//! names no tip, case or place, so the counter's payout cannot be traced
//! back to a report through the tables.
//!
//! ```text
//! claimable → paid
//!           ↘ expired (after its last day)
//! ```
//!
//! Each change raises the record's counter. The stored record carries a
//! MAC over every field and the counter, and each raised counter is also
//! written to the audit chain, so an old "claimable" copy of a record put
//! back into the table is refused.

use chrono::NaiveDate;

use super::Amount;

/// Where a claim stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClaimState {
    Claimable,
    Paid,
    Expired,
}

impl ClaimState {
    pub const ALL: [ClaimState; 3] = [ClaimState::Claimable, ClaimState::Paid, ClaimState::Expired];

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimState::Claimable => "claimable",
            ClaimState::Paid => "paid",
            ClaimState::Expired => "expired",
        }
    }

    pub fn parse(text: &str) -> Option<ClaimState> {
        ClaimState::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// A claim's own id: random, so the order of the ids does not tell the
/// order in which rewards were first claimed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClaimId(pub i64);

impl ClaimId {
    pub fn generate() -> ClaimId {
        let mut bytes = [0u8; 8];
        rand::fill(&mut bytes);
        // Positive, so it reads the same as a signed BIGINT everywhere.
        ClaimId(i64::from_be_bytes(bytes) & i64::MAX)
    }

    /// How staff see it in the audit log: `K-` and sixteen hex digits.
    pub fn reference(self) -> String {
        format!("K-{:016x}", self.0)
    }
}

/// What the workflow and the MAC know of a claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimFacts {
    pub id: ClaimId,
    pub code_hash: String,
    pub currency: String,
    pub amount: Amount,
    pub state: ClaimState,
    /// The last day, in Cambodia, on which it may be paid.
    pub last_day: NaiveDate,
    /// A keyed tag of the claim's id and its approver.
    pub approver_tag: String,
    /// Raised at each change; the chain holds every raised value.
    pub counter: i64,
}

/// Why a claim is not paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ClaimRefusal {
    #[error("the claim was paid or has expired")]
    NotClaimable,
    #[error("whoever approved a reward cannot pay it out")]
    ApprovedByYou,
    #[error("the claim's last day is past")]
    PastLastDay,
}

impl ClaimFacts {
    /// A new claim, as its tipster first sees the code.
    pub fn issue(
        code_hash: String,
        currency: String,
        amount: Amount,
        last_day: NaiveDate,
        approver_tag: impl FnOnce(ClaimId) -> String,
    ) -> ClaimFacts {
        let id = ClaimId::generate();
        ClaimFacts {
            id,
            code_hash,
            currency,
            amount,
            state: ClaimState::Claimable,
            last_day,
            approver_tag: approver_tag(id),
            counter: 1,
        }
    }

    /// Whether it may still be paid on `today`, by an officer whose tag
    /// for this claim is `officer_tag`.
    pub fn payable(&self, officer_tag: &str, today: NaiveDate) -> Result<(), ClaimRefusal> {
        if self.state != ClaimState::Claimable {
            return Err(ClaimRefusal::NotClaimable);
        }
        if today > self.last_day {
            return Err(ClaimRefusal::PastLastDay);
        }
        if officer_tag == self.approver_tag {
            return Err(ClaimRefusal::ApprovedByYou);
        }
        Ok(())
    }

    /// The claim once paid on `today`.
    pub fn pay(&self, officer_tag: &str, today: NaiveDate) -> Result<ClaimFacts, ClaimRefusal> {
        self.payable(officer_tag, today)?;
        Ok(self.next(ClaimState::Paid))
    }

    /// The claim once its last day is past, on `today`.
    pub fn expire(&self, today: NaiveDate) -> Option<ClaimFacts> {
        (self.state == ClaimState::Claimable && today > self.last_day)
            .then(|| self.next(ClaimState::Expired))
    }

    fn next(&self, state: ClaimState) -> ClaimFacts {
        ClaimFacts {
            state,
            counter: self.counter + 1,
            ..self.clone()
        }
    }

    /// The bytes the record's MAC covers: every field, each length-framed
    /// so no two records read the same.
    pub fn mac_input(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(128);
        let mut field = |part: &[u8]| {
            bytes.extend_from_slice(&(part.len() as u32).to_be_bytes());
            bytes.extend_from_slice(part);
        };
        field(&self.id.0.to_be_bytes());
        field(self.code_hash.as_bytes());
        field(self.currency.as_bytes());
        field(&self.amount.units().to_be_bytes());
        field(self.state.as_str().as_bytes());
        field(self.last_day.to_string().as_bytes());
        field(self.approver_tag.as_bytes());
        field(&self.counter.to_be_bytes());
        bytes
    }
}

/// The bytes whose keyed tag the chain holds once `id` reached `counter`.
pub fn counter_input(id: ClaimId, counter: i64) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(16);
    bytes.extend_from_slice(&id.0.to_be_bytes());
    bytes.extend_from_slice(&counter.to_be_bytes());
    bytes
}

/// The bytes whose keyed tag names a claim's approver.
pub fn approver_input(id: ClaimId, staff: crate::domain::ids::StaffId) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(16);
    bytes.extend_from_slice(&id.0.to_be_bytes());
    bytes.extend_from_slice(&staff.0.to_be_bytes());
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 6, d).unwrap()
    }

    fn claim() -> ClaimFacts {
        ClaimFacts::issue(
            "hash".to_owned(),
            "KHR".to_owned(),
            Amount::new(600_000).unwrap(),
            day(10),
            |id| format!("approver-of-{}", id.0),
        )
    }

    #[test]
    fn a_claim_is_paid_once_by_someone_other_than_its_approver() {
        let claim = claim();
        assert_eq!(claim.state, ClaimState::Claimable);
        assert_eq!(claim.counter, 1);
        let own = claim.approver_tag.clone();
        assert_eq!(claim.pay(&own, day(1)), Err(ClaimRefusal::ApprovedByYou));
        let paid = claim.pay("someone else", day(10)).unwrap();
        assert_eq!(paid.state, ClaimState::Paid);
        assert_eq!(paid.counter, 2);
        assert_eq!(
            paid.pay("someone else", day(10)),
            Err(ClaimRefusal::NotClaimable)
        );
        assert_eq!(paid.expire(day(11)), None, "a paid claim never expires");
    }

    #[test]
    fn a_claim_expires_only_after_its_last_day() {
        let claim = claim();
        assert_eq!(claim.expire(day(10)), None);
        assert_eq!(
            claim.pay("officer", day(11)),
            Err(ClaimRefusal::PastLastDay)
        );
        let expired = claim.expire(day(11)).unwrap();
        assert_eq!(expired.state, ClaimState::Expired);
        assert_eq!(expired.counter, 2);
        assert_eq!(
            expired.pay("officer", day(1)),
            Err(ClaimRefusal::NotClaimable)
        );
    }

    #[test]
    fn every_field_and_the_counter_change_what_the_mac_covers() {
        let claim = claim();
        let base = claim.mac_input();
        let changed = [
            ClaimFacts {
                amount: Amount::new(600_001).unwrap(),
                ..claim.clone()
            },
            ClaimFacts {
                state: ClaimState::Paid,
                ..claim.clone()
            },
            ClaimFacts {
                last_day: day(11),
                ..claim.clone()
            },
            ClaimFacts {
                approver_tag: "other".to_owned(),
                ..claim.clone()
            },
            ClaimFacts {
                counter: 2,
                ..claim.clone()
            },
            ClaimFacts {
                code_hash: "hasi".to_owned(),
                ..claim.clone()
            },
            ClaimFacts {
                id: ClaimId(claim.id.0 ^ 1),
                ..claim.clone()
            },
        ];
        for other in changed {
            assert_ne!(other.mac_input(), base, "{other:?}");
        }
        assert_ne!(counter_input(claim.id, 1), counter_input(claim.id, 2));
    }

    #[test]
    fn claim_ids_are_positive_and_do_not_follow_each_other() {
        let ids: Vec<ClaimId> = (0..64).map(|_| ClaimId::generate()).collect();
        assert!(ids.iter().all(|id| id.0 >= 0));
        let rising = ids.windows(2).filter(|w| w[1].0 > w[0].0).count();
        assert!((8..56).contains(&rising), "{rising} of 63 rise");
        assert_eq!(ClaimId(255).reference(), "K-00000000000000ff");
    }
}
