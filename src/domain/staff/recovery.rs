use std::fmt;

use crate::domain::receipt::{random_crockford, read_crockford};

const LEN: usize = 10;

/// A one-time recovery code for a lost second factor: 10 Crockford
/// characters (50 bits), shown as `K7QM4-XRT2B`.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryCode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a recovery code")]
pub struct NotARecoveryCode;

impl RecoveryCode {
    /// How many an account is given at once.
    pub const SET_SIZE: usize = 10;

    pub fn generate() -> Self {
        RecoveryCode(random_crockford(LEN))
    }

    pub fn parse(typed: &str) -> Result<Self, NotARecoveryCode> {
        read_crockford(typed, LEN)
            .map(RecoveryCode)
            .ok_or(NotARecoveryCode)
    }

    /// The canonical form, for hashing.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RecoveryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.0[..5], &self.0[5..])
    }
}

impl fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shown_code_reads_back_forgivingly() {
        let code = RecoveryCode::generate();
        let shown = code.to_string();
        assert_eq!(shown.len(), 11);
        assert_eq!(RecoveryCode::parse(&shown).unwrap(), code);
        assert_eq!(RecoveryCode::parse(&shown.to_lowercase()).unwrap(), code);
        assert_eq!(
            RecoveryCode::parse("k7qmo-xrt2b").unwrap().as_str(),
            "K7QM0XRT2B"
        );
    }

    #[test]
    fn wrong_lengths_and_letters_are_refused() {
        assert_eq!(RecoveryCode::parse("K7QM4-XRT2"), Err(NotARecoveryCode));
        assert_eq!(RecoveryCode::parse("K7QM4-XRT2BU"), Err(NotARecoveryCode));
        assert_eq!(RecoveryCode::parse("123456"), Err(NotARecoveryCode));
    }

    #[test]
    fn debug_never_prints_the_code() {
        assert_eq!(format!("{:?}", RecoveryCode::generate()), "RecoveryCode(…)");
    }
}
