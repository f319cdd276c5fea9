use std::fmt;

/// What a staff member may do. An administrator can also do all a reviewer
/// does; a payout officer sees only the payout page, never a tip, a case or
/// a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Reviewer,
    Admin,
    Payout,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Reviewer, Role::Admin, Role::Payout];

    /// The stored and submitted form.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
            Role::Payout => "payout",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }

    /// The catalog key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Reviewer => "staff-role-reviewer",
            Role::Admin => "staff-role-admin",
            Role::Payout => "staff-role-payout",
        }
    }
}

/// A staff member's email address, trimmed and lower-cased so one address
/// is one account however it is typed.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct StaffEmail(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not an email address")]
pub struct NotAnEmail;

impl StaffEmail {
    pub fn parse(typed: &str) -> Result<Self, NotAnEmail> {
        let email = typed.trim().to_lowercase();
        let (local, domain) = email.split_once('@').ok_or(NotAnEmail)?;
        let plausible = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && email.len() <= 254
            && !email
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | '"'))
            && !domain.contains('@');
        if plausible {
            Ok(StaffEmail(email))
        } else {
            Err(NotAnEmail)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StaffEmail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for StaffEmail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StaffEmail({})", self.0)
    }
}

/// The name colleagues know a staff member by: 1 to 100 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a name")]
pub struct NotAName;

impl StaffName {
    pub fn parse(typed: &str) -> Result<Self, NotAName> {
        let name = typed.trim();
        let length = name.chars().count();
        if (1..=100).contains(&length) && !name.chars().any(char::is_control) {
            Ok(StaffName(name.to_owned()))
        } else {
            Err(NotAName)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_unknown_names_are_refused() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("Admin"), None);
    }

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        let email = StaffEmail::parse("  Dara.Sok@Police.GOV.kh ").unwrap();
        assert_eq!(email.as_str(), "dara.sok@police.gov.kh");
    }

    #[test]
    fn implausible_emails_are_refused() {
        for typed in [
            "",
            "dara",
            "@police.gov.kh",
            "dara@",
            "dara@localhost",
            "dara@.kh",
            "dara sok@police.gov.kh",
            "dara@police@gov.kh",
            "<dara@police.gov.kh>",
            "dara@police.gov.kh\r\nBcc: x@y.z",
        ] {
            assert_eq!(StaffEmail::parse(typed), Err(NotAnEmail), "{typed:?}");
        }
    }

    #[test]
    fn names_are_bounded_and_trimmed() {
        assert_eq!(StaffName::parse(" សុខ ដារា ").unwrap().as_str(), "សុខ ដារា");
        assert_eq!(StaffName::parse("   "), Err(NotAName));
        assert_eq!(StaffName::parse(&"x".repeat(101)), Err(NotAName));
        assert_eq!(StaffName::parse("a\nb"), Err(NotAName));
    }
}
