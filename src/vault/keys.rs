//! X25519 key pairs: the organisation's, each staff member's and each
//! tip's. A private key leaves memory only wrapped.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::UnsealError;
use super::envelope::{Slot, open, seal};
use crate::secret::{seal_with, unseal_with};

const KEY_LEN: usize = 32;

/// A public key: anyone holding it can seal to its owner.
#[derive(Clone, PartialEq, Eq)]
pub struct SealingKey(pub(super) crypto_box::PublicKey);

impl fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SealingKey({})",
            crate::secret::to_hex(self.0.as_bytes())
        )
    }
}

impl SealingKey {
    pub fn to_bytes(&self) -> [u8; KEY_LEN] {
        *self.0.as_bytes()
    }

    /// Reads 32 stored bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, UnsealError> {
        let bytes: [u8; KEY_LEN] = bytes.try_into().map_err(|_| UnsealError)?;
        Ok(SealingKey(crypto_box::PublicKey::from(bytes)))
    }
}

/// A private key. `Debug` never shows it; its memory is wiped on drop (by
/// `crypto_box`).
#[derive(Clone)]
pub struct OpeningKey(pub(super) crypto_box::SecretKey);

impl fmt::Debug for OpeningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OpeningKey(<redacted>)")
    }
}

/// A private key sealed under a symmetric key (a password's, the recovery
/// key, a session token's), bound to a context such as its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedKey(pub Vec<u8>);

impl OpeningKey {
    pub fn generate() -> Self {
        let mut seed = Zeroizing::new([0u8; KEY_LEN]);
        rand::fill(&mut seed[..]);
        Self::from_seed(&seed)
    }

    /// The key pair grown from 32 secret bytes (a tip's, from its
    /// passphrase): the same seed always gives the same pair.
    pub fn from_seed(seed: &[u8; KEY_LEN]) -> Self {
        OpeningKey(crypto_box::SecretKey::from(*seed))
    }

    pub fn sealing_key(&self) -> SealingKey {
        SealingKey(self.0.public_key())
    }

    fn bytes(&self) -> Zeroizing<[u8; KEY_LEN]> {
        Zeroizing::new(self.0.to_bytes())
    }

    fn from_secret_bytes(bytes: &[u8]) -> Result<Self, UnsealError> {
        let bytes: Zeroizing<[u8; KEY_LEN]> =
            Zeroizing::new(bytes.try_into().map_err(|_| UnsealError)?);
        Ok(Self::from_seed(&bytes))
    }

    /// A 32-byte key of its own for `purpose` (the search index's), which
    /// only a holder of this key can make.
    pub fn derive(&self, purpose: &str) -> [u8; KEY_LEN] {
        let mut mac =
            <Hmac<Sha256>>::new_from_slice(&self.bytes()[..]).expect("HMAC takes any key length");
        mac.update(b"tipline/vault/");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// This key sealed under `under` (a symmetric key) for `context`.
    pub fn wrap(&self, under: &[u8; KEY_LEN], context: &[u8]) -> WrappedKey {
        WrappedKey(seal_with(under, context, &self.bytes()[..]))
    }

    /// Opens a key made by [`OpeningKey::wrap`] with the same key and context.
    pub fn unwrap(
        wrapped: &WrappedKey,
        under: &[u8; KEY_LEN],
        context: &[u8],
    ) -> Result<Self, UnsealError> {
        let bytes = Zeroizing::new(unseal_with(under, context, &wrapped.0)?);
        Self::from_secret_bytes(&bytes)
    }

    /// This key sealed to `reader`'s public key: a grant of the
    /// organisation key to one staff member.
    pub fn grant_to(&self, reader: &SealingKey, context: &[u8]) -> Vec<u8> {
        seal(&[reader], context, &self.bytes()[..])
    }

    /// Opens a grant made by [`OpeningKey::grant_to`] with the reader's key.
    pub fn open_grant(
        grant: &[u8],
        reader: &OpeningKey,
        context: &[u8],
    ) -> Result<Self, UnsealError> {
        let bytes = Zeroizing::new(open(reader, Slot::Only, context, grant)?);
        Self::from_secret_bytes(&bytes)
    }
}

/// The symmetric key a session's cookie token stands for. Only a hash of
/// the token is stored, so the session row alone cannot make it.
pub fn session_key(token: &str) -> [u8; KEY_LEN] {
    let mut mac =
        <Hmac<Sha256>>::new_from_slice(token.as_bytes()).expect("HMAC takes any key length");
    mac.update(b"tipline/vault/session");
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_always_grows_the_same_pair() {
        let seed = [7u8; 32];
        assert_eq!(
            OpeningKey::from_seed(&seed).sealing_key(),
            OpeningKey::from_seed(&seed).sealing_key()
        );
        assert_ne!(
            OpeningKey::from_seed(&seed).sealing_key(),
            OpeningKey::generate().sealing_key()
        );
        assert_eq!(
            format!("{:?}", OpeningKey::generate()),
            "OpeningKey(<redacted>)"
        );
    }

    #[test]
    fn a_wrapped_key_opens_only_under_its_key_and_context() {
        let org = OpeningKey::generate();
        let under = [3u8; 32];
        let wrapped = org.wrap(&under, b"staff:1");
        let opened = OpeningKey::unwrap(&wrapped, &under, b"staff:1").unwrap();
        assert_eq!(opened.sealing_key(), org.sealing_key());
        assert!(OpeningKey::unwrap(&wrapped, &[4u8; 32], b"staff:1").is_err());
        assert!(OpeningKey::unwrap(&wrapped, &under, b"staff:2").is_err());
    }

    #[test]
    fn a_grant_opens_only_for_its_reader() {
        let org = OpeningKey::generate();
        let member = OpeningKey::generate();
        let grant = org.grant_to(&member.sealing_key(), b"grant:5");
        let opened = OpeningKey::open_grant(&grant, &member, b"grant:5").unwrap();
        assert_eq!(opened.sealing_key(), org.sealing_key());
        assert!(OpeningKey::open_grant(&grant, &OpeningKey::generate(), b"grant:5").is_err());
        assert!(OpeningKey::open_grant(&grant, &member, b"grant:6").is_err());
    }

    #[test]
    fn derived_keys_differ_by_purpose_and_owner() {
        let org = OpeningKey::generate();
        assert_eq!(org.derive("search"), org.derive("search"));
        assert_ne!(org.derive("search"), org.derive("other"));
        assert_ne!(
            org.derive("search"),
            OpeningKey::generate().derive("search")
        );
        assert_ne!(session_key("a"), session_key("b"));
    }
}
