//! Signed, stateless tokens for public forms: anti-forgery without a cookie
//! or a session. A token names its purpose, carries a small payload (a
//! one-time nonce, a tip id) and the time it was issued, and is signed with
//! the server key, so any instance can check it.

use chrono::{DateTime, Utc};

use crate::secret::{SecretKey, to_hex};

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token is malformed or its signature is wrong")]
    Invalid,
    #[error("the token has expired")]
    Expired,
}

/// `payload.issued.tag`. The payload must not contain a dot.
pub fn issue(key: &SecretKey, purpose: &str, payload: &str, now: DateTime<Utc>) -> String {
    debug_assert!(!payload.contains('.'));
    let signed = format!("{payload}.{}", now.timestamp());
    let tag = key.sign(purpose, signed.as_bytes());
    format!("{signed}.{}", to_hex(&tag))
}

/// The payload of a token issued for `purpose` at most `max_age` ago.
pub fn verify(
    key: &SecretKey,
    purpose: &str,
    token: &str,
    now: DateTime<Utc>,
    max_age: chrono::Duration,
) -> Result<String, TokenError> {
    let (signed, tag) = token.trim().rsplit_once('.').ok_or(TokenError::Invalid)?;
    let tag = from_hex(tag).ok_or(TokenError::Invalid)?;
    if !key.verify(purpose, signed.as_bytes(), &tag) {
        return Err(TokenError::Invalid);
    }
    let (payload, issued) = signed.rsplit_once('.').ok_or(TokenError::Invalid)?;
    let issued = issued
        .parse::<i64>()
        .ok()
        .and_then(|s| DateTime::from_timestamp(s, 0))
        .ok_or(TokenError::Invalid)?;
    // A little slack for instances whose clocks differ.
    let from_the_future = issued > now + chrono::Duration::minutes(5);
    if from_the_future || now - issued > max_age {
        return Err(TokenError::Expired);
    }
    Ok(payload.to_owned())
}

/// A token whose payload is sealed under the server key, so the page that
/// carries it names nothing in the clear (a tip's id, say).
pub fn issue_sealed(
    key: &SecretKey,
    purpose: &str,
    secret: &[u8],
    issued: DateTime<Utc>,
) -> String {
    let sealed = key.seal(purpose, purpose.as_bytes(), secret);
    issue(key, purpose, &to_hex(&sealed), issued)
}

/// The sealed payload of a token made by [`issue_sealed`], as
/// [`verify`] checks it.
pub fn verify_sealed(
    key: &SecretKey,
    purpose: &str,
    token: &str,
    now: DateTime<Utc>,
    max_age: chrono::Duration,
) -> Result<Vec<u8>, TokenError> {
    let sealed = verify(key, purpose, token, now, max_age)?;
    let sealed = from_hex(&sealed).ok_or(TokenError::Invalid)?;
    key.unseal(purpose, purpose.as_bytes(), &sealed)
        .map_err(|_| TokenError::Invalid)
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A random value for one-time use, as hex.
pub fn nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::fill(&mut bytes);
    to_hex(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn a_token_gives_back_its_payload_within_its_age() {
        let key = SecretKey::generate();
        let now = Utc::now();
        let token = issue(&key, "report", "abc123", now);
        assert_eq!(
            verify(
                &key,
                "report",
                &token,
                now + Duration::minutes(29),
                Duration::minutes(30)
            ),
            Ok("abc123".into())
        );
        assert_eq!(
            verify(
                &key,
                "report",
                &token,
                now + Duration::minutes(31),
                Duration::minutes(30)
            ),
            Err(TokenError::Expired)
        );
        assert_eq!(
            verify(
                &key,
                "report",
                &token,
                now - Duration::hours(1),
                Duration::minutes(30)
            ),
            Err(TokenError::Expired)
        );
    }

    #[test]
    fn forged_altered_or_misused_tokens_are_refused() {
        let key = SecretKey::generate();
        let now = Utc::now();
        let token = issue(&key, "reply", "42", now);
        let age = Duration::minutes(30);
        assert_eq!(
            verify(&key, "report", &token, now, age),
            Err(TokenError::Invalid),
            "another purpose"
        );
        assert_eq!(
            verify(&SecretKey::generate(), "reply", &token, now, age),
            Err(TokenError::Invalid)
        );
        assert_eq!(
            verify(&key, "reply", &token.replacen("42", "43", 1), now, age),
            Err(TokenError::Invalid)
        );
        for junk in ["", ".", "42..", "42.1.zz", "no dots"] {
            assert_eq!(
                verify(&key, "reply", junk, now, age),
                Err(TokenError::Invalid),
                "{junk:?}"
            );
        }
    }

    #[test]
    fn a_sealed_token_names_nothing_in_the_clear_and_opens_only_for_its_purpose() {
        let key = SecretKey::generate();
        let now = Utc::now();
        let secret = 4_242_i64.to_be_bytes();
        let (a, b) = (
            issue_sealed(&key, "reply", &secret, now),
            issue_sealed(&key, "reply", &secret, now),
        );
        assert_ne!(a, b, "two tokens for one tip must not be linkable");
        assert!(!a.contains(&to_hex(&secret)) && !a.contains("4242"));
        let age = Duration::minutes(30);
        assert_eq!(
            verify_sealed(&key, "reply", &a, now, age),
            Ok(secret.to_vec())
        );
        assert_eq!(
            verify_sealed(&key, "reply", &a, now + Duration::minutes(31), age),
            Err(TokenError::Expired)
        );
        assert_eq!(
            verify_sealed(&key, "report", &a, now, age),
            Err(TokenError::Invalid)
        );
    }

    #[test]
    fn nonces_are_random_hex() {
        let (a, b) = (nonce(), nonce());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
