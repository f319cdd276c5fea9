//! One sealed value for several readers: the content is encrypted once
//! under a fresh data key with XChaCha20-Poly1305, and the data key is put
//! in a sealed box for each reader. The context (what the value is and
//! whose) is authenticated, so a sealed value copied to another row or
//! field does not open there.
//!
//! Layout: version (1), number of readers (1), one 80-byte sealed box of
//! the data key per reader, then nonce, ciphertext and tag.

use crypto_box::aead::OsRng;

use super::UnsealError;
use super::keys::{OpeningKey, SealingKey};
use crate::secret::{seal_with, unseal_with};

const VERSION: u8 = 1;
const DATA_KEY_LEN: usize = 32;
/// A sealed box adds an ephemeral public key (32) and a tag (16).
const WRAP_LEN: usize = DATA_KEY_LEN + crypto_box::SEALBYTES;

/// Which reader's box to open: readers are sealed to in a fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The organisation, always first.
    Organisation,
    /// The tipster, second, on what they read back.
    Tipster,
    /// The only reader of a value sealed to one key of its own (a grant).
    Only,
}

impl Slot {
    fn index(self) -> usize {
        match self {
            Slot::Organisation | Slot::Only => 0,
            Slot::Tipster => 1,
        }
    }
}

/// Seals `plaintext` so that each of `readers` can open it.
pub fn seal(readers: &[&SealingKey], context: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let mut data_key = zeroize::Zeroizing::new([0u8; DATA_KEY_LEN]);
    rand::fill(&mut data_key[..]);
    let count = u8::try_from(readers.len()).expect("a value has a handful of readers");
    let mut sealed = vec![VERSION, count];
    for reader in readers {
        let wrap = reader
            .0
            .seal(&mut OsRng, &data_key[..])
            .expect("sealing an in-memory key cannot fail");
        sealed.extend_from_slice(&wrap);
    }
    sealed.extend_from_slice(&seal_with(&data_key, context, plaintext));
    sealed
}

/// Opens a value made by [`seal`] as the reader in `slot`.
pub fn open(
    key: &OpeningKey,
    slot: Slot,
    context: &[u8],
    sealed: &[u8],
) -> Result<Vec<u8>, UnsealError> {
    let [VERSION, count, rest @ ..] = sealed else {
        return Err(UnsealError);
    };
    let count = usize::from(*count);
    if slot.index() >= count || rest.len() < count * WRAP_LEN {
        return Err(UnsealError);
    }
    let (wraps, body) = rest.split_at(count * WRAP_LEN);
    let wrap = &wraps[slot.index() * WRAP_LEN..][..WRAP_LEN];
    let data_key = zeroize::Zeroizing::new(key.0.unseal(wrap).map_err(|_| UnsealError)?);
    let data_key: &[u8; DATA_KEY_LEN] = data_key[..].try_into().map_err(|_| UnsealError)?;
    unseal_with(data_key, context, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_reader_opens_its_own_box_and_nobody_else_opens_any() {
        let org = OpeningKey::generate();
        let tipster = OpeningKey::generate();
        let sealed = seal(
            &[&org.sealing_key(), &tipster.sealing_key()],
            b"tip:1:message",
            b"canary words",
        );
        assert!(!sealed.windows(6).any(|w| w == b"canary"));
        let opened = |key: &OpeningKey, slot| open(key, slot, b"tip:1:message", &sealed);
        assert_eq!(opened(&org, Slot::Organisation).unwrap(), b"canary words");
        assert_eq!(opened(&tipster, Slot::Tipster).unwrap(), b"canary words");
        assert_eq!(opened(&tipster, Slot::Organisation), Err(UnsealError));
        assert_eq!(opened(&org, Slot::Tipster), Err(UnsealError));
        assert_eq!(
            opened(&OpeningKey::generate(), Slot::Organisation),
            Err(UnsealError)
        );
    }

    #[test]
    fn a_value_opens_only_in_its_own_context_and_untampered() {
        let org = OpeningKey::generate();
        let sealed = seal(&[&org.sealing_key()], b"tip:1:content", b"words");
        assert_eq!(
            open(&org, Slot::Organisation, b"tip:2:content", &sealed),
            Err(UnsealError)
        );
        for at in [0, 1, 5, 90, sealed.len() - 1] {
            let mut tampered = sealed.clone();
            tampered[at] ^= 1;
            assert_eq!(
                open(&org, Slot::Organisation, b"tip:1:content", &tampered),
                Err(UnsealError),
                "byte {at}"
            );
        }
        for cut in [0, 1, 2, 81, sealed.len() - 1] {
            assert_eq!(
                open(&org, Slot::Organisation, b"tip:1:content", &sealed[..cut]),
                Err(UnsealError),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn a_single_reader_value_has_no_second_slot() {
        let key = OpeningKey::generate();
        let sealed = seal(&[&key.sealing_key()], b"c", b"x");
        assert_eq!(open(&key, Slot::Only, b"c", &sealed).unwrap(), b"x");
        assert_eq!(open(&key, Slot::Tipster, b"c", &sealed), Err(UnsealError));
        assert_eq!(sealed.len(), 2 + WRAP_LEN + 24 + 1 + 16);
    }
}
