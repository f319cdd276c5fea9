//! Text as people type it, without the characters nobody types: NUL and
//! the other C0 control characters, which PostgreSQL's `text` cannot hold
//! (NUL) or which would reach a staff page raw (escape sequences). Tab and
//! newline are kept; a carriage return goes, so CRLF from a textarea
//! becomes one newline.

use std::borrow::Cow;

/// `text` without C0 control characters other than tab and newline.
pub fn without_control_characters(text: &str) -> Cow<'_, str> {
    let unwanted = |c: char| c.is_ascii_control() && c != '\t' && c != '\n' && c != '\u{7f}';
    if text.contains(unwanted) {
        Cow::Owned(text.chars().filter(|&c| !unwanted(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_go_and_tabs_and_newlines_stay() {
        assert_eq!(
            without_control_characters("Guards\u{0} at\u{1b}[31m the\r\ngate\tnorth"),
            "Guards at[31m the\ngate\tnorth"
        );
        assert_eq!(without_control_characters("\u{1f}\u{1}"), "");
    }

    #[test]
    fn ordinary_text_is_not_copied() {
        for text in ["ផ្ទះលេខ ១២", "门口有保安", "line one\nline two", "Ā\u{7f}"]
        {
            assert!(matches!(without_control_characters(text), Cow::Borrowed(_)));
        }
    }
}
