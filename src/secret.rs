//! The server secret key. It keys every HMAC (form tokens, the audit chain)
//! and seals secrets stored in the database (TOTP seeds). It lives outside
//! the database, so a copy of the database alone can neither forge a token
//! nor rewrite the audit chain. Several instances share one key, so nothing
//! depends on one process's memory.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;

/// 32 secret bytes. `Debug` never shows them.
#[derive(Clone)]
pub struct SecretKey([u8; KEY_LEN]);

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// Why no key could be had.
#[derive(Debug, thiserror::Error)]
pub enum SecretKeyError {
    #[error("the secret key must be {} hexadecimal characters", KEY_LEN * 2)]
    Malformed,
    #[error("the secret key file {0} can be read by other users; run `chmod 600` on it")]
    TooOpen(PathBuf),
    #[error("the secret key file {path} could not be used: {source}")]
    Io { path: PathBuf, source: io::Error },
}

/// A sealed value could not be opened: wrong key, wrong purpose or tampered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a sealed secret could not be opened")]
pub struct UnsealError;

impl FromStr for SecretKey {
    type Err = SecretKeyError;

    /// Reads 64 hexadecimal characters.
    fn from_str(text: &str) -> Result<Self, SecretKeyError> {
        from_hex(text.trim())
            .and_then(|bytes| <[u8; KEY_LEN]>::try_from(bytes).ok())
            .map(SecretKey)
            .ok_or(SecretKeyError::Malformed)
    }
}

impl SecretKey {
    /// A fresh random key.
    pub fn generate() -> Self {
        let mut key = [0u8; KEY_LEN];
        rand::fill(&mut key);
        SecretKey(key)
    }

    /// Reads the key file, or creates it (mode 0600) when there is none yet.
    /// Instances starting together agree on one key: the file appears whole
    /// or not at all (a hard link of a finished temporary file).
    pub fn load_or_create(path: &Path) -> Result<Self, SecretKeyError> {
        let io_error = |source| SecretKeyError::Io {
            path: path.to_path_buf(),
            source,
        };
        match fs::metadata(path) {
            Ok(meta) => {
                if meta.permissions().mode() & 0o077 != 0 {
                    return Err(SecretKeyError::TooOpen(path.to_path_buf()));
                }
                fs::read_to_string(path).map_err(io_error)?.parse()
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let key = SecretKey::generate();
                key.write_new(path).map_err(io_error)?;
                Self::load_or_create(path)
            }
            Err(e) => Err(io_error(e)),
        }
    }

    fn write_new(&self, path: &Path) -> io::Result<()> {
        let mut suffix = [0u8; 8];
        rand::fill(&mut suffix);
        let temporary = path.with_extension(format!("tmp-{}", to_hex(&suffix)));
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temporary)?;
        file.write_all(format!("{}\n", to_hex(&self.0)).as_bytes())?;
        file.sync_all()?;
        let linked = fs::hard_link(&temporary, path);
        fs::remove_file(&temporary)?;
        match linked {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(e),
            _ => Ok(()),
        }
    }

    /// A key of its own for each purpose, so a tag made for one use can
    /// never pass for another.
    pub(crate) fn derive(&self, purpose: &str) -> [u8; KEY_LEN] {
        let mut mac = <Hmac<Sha256>>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(b"tipline/");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    fn mac(&self, purpose: &str, message: &[u8]) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256>>::new_from_slice(&self.derive(purpose))
            .expect("HMAC takes any key length");
        mac.update(message);
        mac
    }

    /// HMAC-SHA-256 of `message` under this key and `purpose`.
    pub fn sign(&self, purpose: &str, message: &[u8]) -> [u8; 32] {
        self.mac(purpose, message).finalize().into_bytes().into()
    }

    /// Checks a tag made by [`SecretKey::sign`], in constant time.
    pub fn verify(&self, purpose: &str, message: &[u8], tag: &[u8]) -> bool {
        self.mac(purpose, message).verify_slice(tag).is_ok()
    }

    /// Checks a tag stored as [`to_hex`] of [`SecretKey::sign`]'s, in
    /// constant time; a tag that is not hexadecimal fails.
    pub fn verify_hex(&self, purpose: &str, message: &[u8], tag: &str) -> bool {
        from_hex(tag).is_some_and(|tag| self.verify(purpose, message, &tag))
    }

    /// Encrypts a secret for storage: nonce followed by ciphertext and tag.
    /// `context` (e.g. the owner's id) is authenticated, so a sealed value
    /// copied to another row does not open.
    pub fn seal(&self, purpose: &str, context: &[u8], secret: &[u8]) -> Vec<u8> {
        seal_with(&self.derive(purpose), context, secret)
    }

    /// Opens a value made by [`SecretKey::seal`] with the same purpose and context.
    pub fn unseal(
        &self,
        purpose: &str,
        context: &[u8],
        sealed: &[u8],
    ) -> Result<Vec<u8>, UnsealError> {
        unseal_with(&self.derive(purpose), context, sealed)
    }
}

/// Seals `secret` under a 32-byte key held elsewhere (e.g. one derived from
/// what only a tipster knows).
pub fn seal_with(key: &[u8; KEY_LEN], context: &[u8], secret: &[u8]) -> Vec<u8> {
    let mut nonce = [0u8; NONCE_LEN];
    rand::fill(&mut nonce);
    let sealed = XChaCha20Poly1305::new(key.into())
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: secret,
                aad: context,
            },
        )
        .expect("encryption of an in-memory buffer cannot fail");
    [nonce.as_slice(), &sealed].concat()
}

/// Opens a value made by [`seal_with`] with the same key and context.
pub fn unseal_with(
    key: &[u8; KEY_LEN],
    context: &[u8],
    sealed: &[u8],
) -> Result<Vec<u8>, UnsealError> {
    let (nonce, ciphertext) = sealed.split_at_checked(NONCE_LEN).ok_or(UnsealError)?;
    let nonce = XNonce::try_from(nonce).map_err(|_| UnsealError)?;
    XChaCha20Poly1305::new(key.into())
        .decrypt(
            &nonce,
            Payload {
                msg: ciphertext,
                aad: context,
            },
        )
        .map_err(|_| UnsealError)
}

/// Lower-case hexadecimal.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads hexadecimal of either case; anything else is `None`.
pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    let text = text.as_bytes();
    // `from_str_radix` would also take a sign.
    if !text.len().is_multiple_of(2) || !text.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    text.chunks_exact(2)
        .map(|pair| {
            let pair = std::str::from_utf8(pair).ok()?;
            u8::from_str_radix(pair, 16).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_from_hex_and_never_prints() {
        let hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        let key: SecretKey = hex.parse().unwrap();
        assert_eq!(to_hex(&key.0), hex);
        assert_eq!(format!("{key:?}"), "SecretKey(<redacted>)");
        assert!("abc".parse::<SecretKey>().is_err());
        assert!(hex.replace('0', "g").parse::<SecretKey>().is_err());
    }

    #[test]
    fn a_stored_hex_tag_verifies_only_for_its_message() {
        let key = SecretKey::generate();
        let tag = to_hex(&key.sign("claim", b"message"));
        assert_eq!(from_hex(&tag).unwrap(), key.sign("claim", b"message"));
        assert!(key.verify_hex("claim", b"message", &tag));
        assert!(!key.verify_hex("claim", b"massage", &tag));
        assert!(!key.verify_hex("other", b"message", &tag));
        for broken in ["", "0", "zz", &tag[2..], &tag.replace(&tag[..1], "g")] {
            assert!(!key.verify_hex("claim", b"message", broken), "{broken}");
        }
    }

    #[test]
    fn tags_verify_only_for_their_own_purpose_and_message() {
        let key = SecretKey::generate();
        let tag = key.sign("form", b"tip 1");
        assert!(key.verify("form", b"tip 1", &tag));
        assert!(!key.verify("audit", b"tip 1", &tag));
        assert!(!key.verify("form", b"tip 2", &tag));
        assert!(!SecretKey::generate().verify("form", b"tip 1", &tag));
    }

    #[test]
    fn sealed_secrets_open_only_with_the_same_key_purpose_and_context() {
        let key = SecretKey::generate();
        let sealed = key.seal("totp", b"staff-1", b"seed");
        assert!(!sealed.windows(4).any(|w| w == b"seed"));
        assert_eq!(key.unseal("totp", b"staff-1", &sealed).unwrap(), b"seed");
        assert_eq!(key.unseal("totp", b"staff-2", &sealed), Err(UnsealError));
        assert_eq!(key.unseal("other", b"staff-1", &sealed), Err(UnsealError));
        assert_eq!(
            SecretKey::generate().unseal("totp", b"staff-1", &sealed),
            Err(UnsealError)
        );
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert_eq!(key.unseal("totp", b"staff-1", &tampered), Err(UnsealError));
        assert_eq!(
            key.unseal("totp", b"staff-1", &sealed[..10]),
            Err(UnsealError)
        );
    }

    #[test]
    fn the_key_file_is_created_once_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret.key");
        let first = SecretKey::load_or_create(&path).unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let again = SecretKey::load_or_create(&path).unwrap();
        assert_eq!(first.0, again.0);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "a temporary file was left behind"
        );
    }

    #[test]
    fn a_key_file_others_can_read_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret.key");
        SecretKey::load_or_create(&path).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(
            SecretKey::load_or_create(&path),
            Err(SecretKeyError::TooOpen(_))
        ));
    }
}
