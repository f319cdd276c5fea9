//! The tokens of sessions and one-time links: random, and stored only as
//! keyed hashes.

use crate::secret::{SecretKey, to_hex};

/// A random 256-bit token for a cookie or a one-time link. Only a hash
/// keyed with the server key is stored: a copy of the database opens no
/// session and no link, and a row written into it by hand opens none either.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken(…)")
    }
}

impl SessionToken {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::fill(&mut bytes);
        SessionToken(to_hex(&bytes))
    }

    /// A token as received; anything but 64 hex characters is no token.
    pub fn parse(text: &str) -> Option<Self> {
        let plausible = text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit());
        plausible.then(|| SessionToken(text.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the database keeps.
    pub fn hash(&self, key: &SecretKey) -> String {
        to_hex(&key.sign("staff-token", self.0.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex_and_only_their_hash_is_kept() {
        let key = SecretKey::generate();
        let token = SessionToken::generate();
        assert_eq!(SessionToken::parse(token.as_str()), Some(token.clone()));
        assert_ne!(token.hash(&key), token.as_str());
        assert_eq!(token.hash(&key).len(), 64);
        assert_ne!(token.hash(&key), token.hash(&SecretKey::generate()));
        assert_ne!(SessionToken::generate(), token);
        assert_eq!(SessionToken::parse("abc"), None);
        assert_eq!(SessionToken::parse(&"g".repeat(64)), None);
        assert_eq!(format!("{token:?}"), "SessionToken(…)");
    }
}
