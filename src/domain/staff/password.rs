use std::fmt;

/// Common passwords of 12 characters or more; shorter ones fail on length.
const COMMON: &str = include_str!("common_passwords.txt");
const MIN_CHARS: usize = 12;
/// Long enough for any passphrase, short enough to bound the hashing work.
const MAX_CHARS: usize = 256;

/// A password a staff member chose, checked against the policy. `Debug`
/// never prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

/// Why a chosen password is refused; each names its catalog message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    Common,
    Mismatch,
}

impl PasswordProblem {
    pub fn message_key(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "staff-password-too-short",
            PasswordProblem::TooLong => "staff-password-too-long",
            PasswordProblem::Common => "staff-password-common",
            PasswordProblem::Mismatch => "staff-password-mismatch",
        }
    }
}

impl NewPassword {
    /// The password typed twice, as a sign-up form asks for it.
    pub fn parse(typed: &str, repeated: &str) -> Result<Self, PasswordProblem> {
        let length = typed.chars().count();
        if length < MIN_CHARS {
            return Err(PasswordProblem::TooShort);
        }
        if length > MAX_CHARS {
            return Err(PasswordProblem::TooLong);
        }
        if is_common(typed) {
            return Err(PasswordProblem::Common);
        }
        if typed != repeated {
            return Err(PasswordProblem::Mismatch);
        }
        Ok(NewPassword(typed.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

fn is_common(typed: &str) -> bool {
    let lowered = typed.to_lowercase();
    let mut chars = lowered.chars();
    let first = chars.next();
    let one_character_repeated = chars.all(|c| Some(c) == first);
    one_character_repeated || COMMON.lines().any(|common| common == lowered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_uncommon_password_typed_twice_is_accepted() {
        let password = NewPassword::parse("river-lotus-7-kampot", "river-lotus-7-kampot").unwrap();
        assert_eq!(password.expose(), "river-lotus-7-kampot");
        assert_eq!(format!("{password:?}"), "NewPassword(…)");
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        // 11 Khmer characters are 33 bytes.
        assert_eq!(
            NewPassword::parse(&"ក".repeat(11), &"ក".repeat(11)),
            Err(PasswordProblem::TooShort)
        );
        assert!(NewPassword::parse(&"កខ".repeat(6), &"កខ".repeat(6)).is_ok());
        let long = "x1".repeat(129);
        assert_eq!(
            NewPassword::parse(&long, &long),
            Err(PasswordProblem::TooLong)
        );
    }

    #[test]
    fn common_and_repeated_passwords_are_refused_in_any_case() {
        for typed in [
            "Password1234",
            "QWERTYUIOP123",
            "aaaaaaaaaaaaaa",
            "Cambodia2026",
        ] {
            assert_eq!(
                NewPassword::parse(typed, typed),
                Err(PasswordProblem::Common),
                "{typed}"
            );
        }
    }

    #[test]
    fn the_bundled_list_is_lower_case_and_long_enough_to_matter() {
        for common in COMMON.lines() {
            assert_eq!(common, common.to_lowercase());
            assert!(common.chars().count() >= MIN_CHARS, "{common}");
        }
    }

    #[test]
    fn the_two_entries_must_match() {
        assert_eq!(
            NewPassword::parse("river-lotus-7-kampot", "river-lotus-7-kampo"),
            Err(PasswordProblem::Mismatch)
        );
    }
}
