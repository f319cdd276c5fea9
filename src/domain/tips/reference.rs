use std::fmt;

use crate::domain::ids::{CaseId, RewardId, TipId};

/// The name staff give a tip, e.g. `T-00042`: never the tipster's code,
/// which would let a staff member open the tipster's status page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InternalRef(TipId);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a tip reference")]
pub struct NotAReference;

impl InternalRef {
    pub fn of(tip_id: TipId) -> Self {
        InternalRef(tip_id)
    }

    pub fn tip_id(self) -> TipId {
        self.0
    }

    /// Reads `T-00042`, `t-42` or `42`.
    pub fn parse(typed: &str) -> Result<Self, NotAReference> {
        parse_id(typed, 'T').map(|id| InternalRef(TipId(id)))
    }
}

impl fmt::Display for InternalRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "T-{:05}", self.0.0)
    }
}

/// The name staff give a case, e.g. `C-00007`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CaseRef(CaseId);

impl CaseRef {
    pub fn of(case_id: CaseId) -> Self {
        CaseRef(case_id)
    }

    pub fn case_id(self) -> CaseId {
        self.0
    }

    /// Reads `C-00007`, `c-7` or `7`.
    pub fn parse(typed: &str) -> Result<Self, NotAReference> {
        parse_id(typed, 'C').map(|id| CaseRef(CaseId(id)))
    }
}

impl fmt::Display for CaseRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "C-{:05}", self.0.0)
    }
}

/// The name staff and finance give a reward, e.g. `R-00003`: it names
/// neither the tip nor the case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RewardRef(RewardId);

impl RewardRef {
    pub fn of(reward_id: RewardId) -> Self {
        RewardRef(reward_id)
    }

    pub fn reward_id(self) -> RewardId {
        self.0
    }

    /// Reads `R-00003`, `r-3` or `3`.
    pub fn parse(typed: &str) -> Result<Self, NotAReference> {
        parse_id(typed, 'R').map(|id| RewardRef(RewardId(id)))
    }
}

impl fmt::Display for RewardRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "R-{:05}", self.0.0)
    }
}

/// The id in `P-00042`, `p-42` or `42`, for the prefix letter `P`.
fn parse_id(typed: &str, prefix: char) -> Result<i64, NotAReference> {
    let typed = typed.trim();
    let digits = typed
        .strip_prefix([prefix, prefix.to_ascii_lowercase()])
        .map(|rest| rest.trim_start_matches(['-', ' ']))
        .unwrap_or(typed);
    let id: i64 = digits.parse().map_err(|_| NotAReference)?;
    if id > 0 && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(id)
    } else {
        Err(NotAReference)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_print_padded_and_read_forgivingly() {
        assert_eq!(RewardRef::of(RewardId(3)).to_string(), "R-00003");
        assert_eq!(RewardRef::parse("r-3").unwrap().reward_id(), RewardId(3));
        assert!(RewardRef::parse("T-00003").is_err());
        let reference = InternalRef::of(TipId(42));
        assert_eq!(reference.to_string(), "T-00042");
        for typed in ["T-00042", "t-42", " 42 ", "T42"] {
            assert_eq!(InternalRef::parse(typed), Ok(reference), "{typed}");
        }
        assert_eq!(InternalRef::of(TipId(1_234_567)).to_string(), "T-1234567");
    }

    #[test]
    fn case_references_have_their_own_letter() {
        assert_eq!(CaseRef::of(CaseId(7)).to_string(), "C-00007");
        assert_eq!(CaseRef::parse("c-7"), Ok(CaseRef::of(CaseId(7))));
        assert_eq!(CaseRef::parse("T-00007"), Err(NotAReference));
        assert_eq!(InternalRef::parse("C-00007"), Err(NotAReference));
    }

    #[test]
    fn other_text_is_no_reference() {
        for typed in ["", "T-", "K7QM-4XRT", "T-0", "-5", "T-+5", "T-4a"] {
            assert_eq!(InternalRef::parse(typed), Err(NotAReference), "{typed}");
        }
    }
}
