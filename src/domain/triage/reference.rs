use std::fmt;

/// The name staff give a tip, e.g. `T-00042`: never the tipster's code,
/// which would let a staff member open the tipster's status page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InternalRef(i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a tip reference")]
pub struct NotAReference;

impl InternalRef {
    pub fn of(tip_id: i64) -> Self {
        InternalRef(tip_id)
    }

    pub fn tip_id(self) -> i64 {
        self.0
    }

    /// Reads `T-00042`, `t-42` or `42`.
    pub fn parse(typed: &str) -> Result<Self, NotAReference> {
        let typed = typed.trim();
        let digits = typed
            .strip_prefix(['T', 't'])
            .map(|rest| rest.trim_start_matches(['-', ' ']))
            .unwrap_or(typed);
        let id: i64 = digits.parse().map_err(|_| NotAReference)?;
        if id > 0 && digits.chars().all(|c| c.is_ascii_digit()) {
            Ok(InternalRef(id))
        } else {
            Err(NotAReference)
        }
    }
}

impl fmt::Display for InternalRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "T-{:05}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_print_padded_and_read_forgivingly() {
        let reference = InternalRef::of(42);
        assert_eq!(reference.to_string(), "T-00042");
        for typed in ["T-00042", "t-42", " 42 ", "T42"] {
            assert_eq!(InternalRef::parse(typed), Ok(reference), "{typed}");
        }
        assert_eq!(InternalRef::of(1_234_567).to_string(), "T-1234567");
    }

    #[test]
    fn other_text_is_no_reference() {
        for typed in ["", "T-", "K7QM-4XRT", "T-0", "-5", "T-+5", "T-4a"] {
            assert_eq!(InternalRef::parse(typed), Err(NotAReference), "{typed}");
        }
    }
}
