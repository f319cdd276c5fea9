//! The choices of the list filters that are no stored value: whose work,
//! with or without photos, any state. The template writes each `value()`
//! and the handler reads the same values back.

/// The state filter's choice for tips in any state (none is those waiting).
pub const ANY_STATUS: &str = "any";

/// Whose tips or cases a list shows; no choice is anyone's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssigneeChoice {
    Mine,
    Unassigned,
}

impl AssigneeChoice {
    const ALL: [AssigneeChoice; 2] = [AssigneeChoice::Mine, AssigneeChoice::Unassigned];

    /// The choice's value in the address.
    pub fn value(self) -> &'static str {
        match self {
            AssigneeChoice::Mine => "me",
            AssigneeChoice::Unassigned => "unassigned",
        }
    }

    pub fn parse(value: &str) -> Option<AssigneeChoice> {
        AssigneeChoice::ALL
            .into_iter()
            .find(|choice| choice.value() == value)
    }
}

/// Whether the tips a list shows have photos; no choice is either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotosChoice {
    With,
    Without,
}

impl PhotosChoice {
    const ALL: [PhotosChoice; 2] = [PhotosChoice::With, PhotosChoice::Without];

    /// The choice's value in the address.
    pub fn value(self) -> &'static str {
        match self {
            PhotosChoice::With => "yes",
            PhotosChoice::Without => "no",
        }
    }

    pub fn parse(value: &str) -> Option<PhotosChoice> {
        PhotosChoice::ALL
            .into_iter()
            .find(|choice| choice.value() == value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_reads_back_and_nothing_else_does() {
        for choice in AssigneeChoice::ALL {
            assert_eq!(AssigneeChoice::parse(choice.value()), Some(choice));
        }
        for choice in PhotosChoice::ALL {
            assert_eq!(PhotosChoice::parse(choice.value()), Some(choice));
        }
        assert_eq!(AssigneeChoice::parse(""), None);
        assert_eq!(PhotosChoice::parse(ANY_STATUS), None);
    }
}
