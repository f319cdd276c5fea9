//! The recovery key: 32 random bytes that also wrap the organisation key,
//! shown once to the first administrator to keep offline, so the tips can
//! be opened again if every granted staff member is gone.

use std::fmt;

use zeroize::Zeroizing;

use crate::secret::{from_hex, to_hex};

const LEN: usize = 32;
/// Hexadecimal digits per group when shown.
const GROUP: usize = 8;

pub struct RecoveryKey(Zeroizing<[u8; LEN]>);

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey(<redacted>)")
    }
}

impl RecoveryKey {
    pub fn generate() -> Self {
        let mut bytes = Zeroizing::new([0u8; LEN]);
        rand::fill(&mut bytes[..]);
        RecoveryKey(bytes)
    }

    /// Reads a key as shown, forgiving spaces, dashes and case.
    pub fn parse(typed: &str) -> Option<Self> {
        let digits: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        let bytes: [u8; LEN] = from_hex(&digits)?.try_into().ok()?;
        Some(RecoveryKey(Zeroizing::new(bytes)))
    }

    /// Eight groups of eight hexadecimal digits, for writing down.
    pub fn display(&self) -> String {
        let hex = to_hex(&self.0[..]);
        hex.as_bytes()
            .chunks(GROUP)
            .map(|group| String::from_utf8_lossy(group).into_owned())
            .collect::<Vec<_>>()
            .join("-")
    }

    pub fn as_key(&self) -> &[u8; LEN] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shown_key_reads_back_however_it_was_typed() {
        let key = RecoveryKey::generate();
        let shown = key.display();
        assert_eq!(shown.len(), 64 + 7);
        for typed in [
            shown.clone(),
            shown.to_uppercase(),
            shown.replace('-', " "),
            format!("  {}\n", shown.replace('-', "")),
        ] {
            assert_eq!(RecoveryKey::parse(&typed).unwrap().as_key(), key.as_key());
        }
        assert!(RecoveryKey::parse(&shown[1..]).is_none());
        assert!(RecoveryKey::parse(&format!("g{}", &shown[1..])).is_none());
        assert_eq!(format!("{key:?}"), "RecoveryKey(<redacted>)");
    }
}
