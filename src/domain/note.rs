//! An internal note's text: what staff write about a tip or a case, never
//! shown to a tipster.

use crate::domain::report::DESCRIPTION_MAX;

/// A note of 1 to `DESCRIPTION_MAX` characters, trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteBody(String);

impl NoteBody {
    pub fn parse(typed: &str) -> Option<NoteBody> {
        let typed = typed.trim();
        let length = typed.chars().count();
        (length > 0 && length <= DESCRIPTION_MAX).then(|| NoteBody(typed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_trimmed_and_neither_empty_nor_endless() {
        assert_eq!(
            NoteBody::parse("  seen twice ").unwrap().as_str(),
            "seen twice"
        );
        assert_eq!(NoteBody::parse(" \n "), None);
        assert_eq!(NoteBody::parse(&"x".repeat(DESCRIPTION_MAX + 1)), None);
        assert!(NoteBody::parse(&"x".repeat(DESCRIPTION_MAX)).is_some());
    }
}
