//! What staff type, sealed to the organisation: notes, case titles and
//! points, reasons, audit details. Sealing needs only the public key, read
//! inside the writing transaction, so no session is needed to write;
//! opening needs a session's copy of the private key. Each value's context
//! names its row and field, so a value copied elsewhere does not open.

use super::{DbConnection, DbError, corrupt, vault};
use crate::secret::{from_hex, to_hex};
use crate::vault::{OpeningKey, SealingKey, Slot, open, seal};

/// How an audit detail that is sealed is written in its text column: the
/// chain's MAC covers this text, so it covers the sealed bytes.
const AUDIT_MARK: &str = "sealed:";

/// The organisation's public key, which every instance makes at start.
pub fn org(conn: &mut DbConnection) -> Result<SealingKey, DbError> {
    vault::org_public(conn)?.ok_or_else(|| corrupt("no organisation key".into()))
}

/// `text` sealed to the organisation under `context`.
pub fn seal_text(org: &SealingKey, context: &str, text: &str) -> Vec<u8> {
    seal(&[org], context.as_bytes(), text.as_bytes())
}

/// The text, for a reader holding the organisation key; `None` without the
/// key, or if the value does not open in this context.
pub fn open_text(key: Option<&OpeningKey>, context: &str, sealed: &[u8]) -> Option<String> {
    let opened = open(key?, Slot::Organisation, context.as_bytes(), sealed).ok()?;
    String::from_utf8(opened).ok()
}

/// An optional free text (a reason): nothing typed is stored as nothing, so
/// "no reason given" reads without a key and costs no envelope.
pub fn seal_optional(org: &SealingKey, context: &str, text: &str) -> Option<Vec<u8>> {
    (!text.is_empty()).then(|| seal_text(org, context, text))
}

/// A text as a reader finds it: open, absent, or sealed from them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opened {
    Text(String),
    Nothing,
    Sealed,
}

impl Opened {
    /// Reads an optional sealed text with `key`.
    pub fn of(key: Option<&OpeningKey>, context: &str, sealed: Option<&[u8]>) -> Opened {
        match sealed {
            None => Opened::Nothing,
            Some(sealed) => open_text(key, context, sealed).map_or(Opened::Sealed, Opened::Text),
        }
    }
}

/// An audit detail in its stored text form.
pub fn seal_audit_detail(org: &SealingKey, context: &str, detail: &str) -> String {
    format!("{AUDIT_MARK}{}", to_hex(&seal_text(org, context, detail)))
}

/// An audit detail as stored, opened when it was sealed. Plain details (the
/// few a machine reads without a session) come back as they are.
pub fn open_audit_detail(key: Option<&OpeningKey>, context: &str, stored: &str) -> Opened {
    match stored.strip_prefix(AUDIT_MARK) {
        None if stored.is_empty() => Opened::Nothing,
        None => Opened::Text(stored.to_owned()),
        Some(hex) => match from_hex(hex) {
            Some(sealed) => Opened::of(key, context, Some(&sealed)),
            None => Opened::Sealed,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_text_opens_with_the_key_in_its_own_context_only() {
        let key = OpeningKey::generate();
        let sealed = seal_text(&key.sealing_key(), "note:1", "canary");
        assert_eq!(open_text(Some(&key), "note:1", &sealed).unwrap(), "canary");
        assert_eq!(open_text(Some(&key), "note:2", &sealed), None);
        assert_eq!(open_text(None, "note:1", &sealed), None);
        assert_eq!(
            open_text(Some(&OpeningKey::generate()), "note:1", &sealed),
            None
        );
    }

    #[test]
    fn nothing_typed_is_nothing_and_a_closed_value_is_sealed() {
        let key = OpeningKey::generate();
        assert_eq!(seal_optional(&key.sealing_key(), "r", ""), None);
        let sealed = seal_optional(&key.sealing_key(), "r", "why").unwrap();
        assert_eq!(Opened::of(Some(&key), "r", None), Opened::Nothing);
        assert_eq!(Opened::of(None, "r", Some(&sealed)), Opened::Sealed);
        assert_eq!(
            Opened::of(Some(&key), "r", Some(&sealed)),
            Opened::Text("why".into())
        );
    }

    #[test]
    fn an_audit_detail_is_marked_hex_and_plain_ones_pass_through() {
        let key = OpeningKey::generate();
        let stored = seal_audit_detail(&key.sealing_key(), "audit:7", "canary words");
        assert!(stored.starts_with(AUDIT_MARK) && !stored.contains("canary"));
        let opened = |key, context| open_audit_detail(key, context, &stored);
        assert_eq!(
            opened(Some(&key), "audit:7"),
            Opened::Text("canary words".into())
        );
        assert_eq!(opened(Some(&key), "audit:8"), Opened::Sealed);
        assert_eq!(opened(None, "audit:7"), Opened::Sealed);
        assert_eq!(
            open_audit_detail(None, "audit:7", "12:abc"),
            Opened::Text("12:abc".into())
        );
        assert_eq!(open_audit_detail(None, "audit:7", ""), Opened::Nothing);
    }
}
