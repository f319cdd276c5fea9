//! The code a tipster takes to the paying counter. It is not the receipt:
//! someone who learns the receipt cannot collect the money, and the counter
//! that sees the claim code learns nothing that names the tip.

use std::fmt;

use crate::domain::receipt::{random_crockford, read_crockford};

const CLAIM_CODE_LEN: usize = 10;

/// 10 random Crockford characters (50 bits), shown as `7QM4X-RT2KD`.
#[derive(Clone, PartialEq, Eq)]
pub struct ClaimCode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a claim code")]
pub struct NotAClaimCode;

impl ClaimCode {
    pub fn generate() -> Self {
        ClaimCode(random_crockford(CLAIM_CODE_LEN))
    }

    /// Reads a code as typed from paper: any case, spaces and dashes, O for
    /// 0, I or L for 1, any script's digits.
    pub fn parse(typed: &str) -> Result<Self, NotAClaimCode> {
        read_crockford(typed, CLAIM_CODE_LEN)
            .map(ClaimCode)
            .ok_or(NotAClaimCode)
    }

    /// The ten characters without grouping: what is hashed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClaimCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.0[..5], &self.0[5..])
    }
}

/// Never printed by accident: it is money.
impl fmt::Debug for ClaimCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClaimCode(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_code_is_ten_characters_in_two_groups() {
        let code = ClaimCode::generate();
        assert_eq!(code.as_str().len(), 10);
        let shown = code.to_string();
        assert_eq!(shown.len(), 11);
        assert_eq!(&shown[5..6], "-");
        assert_eq!(ClaimCode::parse(&shown).unwrap(), code);
        assert_ne!(ClaimCode::generate(), code);
        assert_eq!(format!("{code:?}"), "ClaimCode(<redacted>)");
    }

    #[test]
    fn claim_codes_are_read_forgivingly_and_wrong_ones_refused() {
        let code = ClaimCode::parse("7qm4x rt2kd").unwrap();
        assert_eq!(code.as_str(), "7QM4XRT2KD");
        assert_eq!(
            ClaimCode::parse("OIL4X-RT2KD").unwrap().as_str(),
            "0114XRT2KD"
        );
        assert_eq!(
            ClaimCode::parse("៧QM4X-RT2KD").unwrap().as_str(),
            "7QM4XRT2KD"
        );
        for wrong in ["", "7QM4X-RT2K", "7QM4X-RT2KDD", "7QM4X-RT2KU", "K7QM-4XRT"] {
            assert_eq!(ClaimCode::parse(wrong), Err(NotAClaimCode), "{wrong}");
        }
    }
}
