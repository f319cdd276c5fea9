//! Argon2id for secrets people hold (tipster passphrases, later staff
//! passwords), with the OWASP parameters (19 MiB, 2 passes, 1 lane: the
//! crate's defaults). Every hash runs off the async executor, and at most
//! one per core at a time, so a flood of submissions queues instead of
//! exhausting memory.

use std::sync::Arc;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Argon2, PasswordHash};
use tokio::sync::Semaphore;

/// Why a hash could not be made or checked.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("argon2 failed: {0}")]
    Argon2(String),
    #[error("the hashing pool is gone")]
    Closed,
}

/// A shared, bounded argon2id worker.
#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    /// A hash of nothing anyone knows: checked when a tip code is unknown,
    /// so a wrong code costs as long as a wrong passphrase.
    decoy: Arc<str>,
}

impl std::fmt::Debug for Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hasher")
            .field("available", &self.permits.available_permits())
            .finish()
    }
}

impl Hasher {
    /// At most `parallelism` hashes at once. Blocking (it makes the decoy).
    pub fn new(parallelism: usize) -> Result<Self, HashError> {
        let mut unknowable = [0u8; 32];
        rand::fill(&mut unknowable);
        let decoy = hash_now(&unknowable)?;
        Ok(Hasher {
            permits: Arc::new(Semaphore::new(parallelism.max(1))),
            decoy: decoy.into(),
        })
    }

    /// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) for `secret`.
    pub async fn hash(&self, secret: String) -> Result<String, HashError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| HashError::Closed)?;
        actix_web::web::block(move || hash_now(secret.as_bytes()))
            .await
            .map_err(|_| HashError::Closed)?
    }

    /// Whether `secret` matches `stored`; with no stored hash (an unknown
    /// code) the decoy is checked instead and the answer is always no.
    pub async fn verify(&self, secret: String, stored: Option<String>) -> Result<bool, HashError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| HashError::Closed)?;
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| self.decoy.to_string());
        let matches = actix_web::web::block(move || {
            let parsed =
                PasswordHash::new(&stored).map_err(|e| HashError::Argon2(e.to_string()))?;
            Ok::<_, HashError>(
                Argon2::default()
                    .verify_password(secret.as_bytes(), &parsed)
                    .is_ok(),
            )
        })
        .await
        .map_err(|_| HashError::Closed)??;
        Ok(known && matches)
    }
}

fn hash_now(secret: &[u8]) -> Result<String, HashError> {
    Argon2::default()
        .hash_password(secret)
        .map(|hash| hash.to_string())
        .map_err(|e| HashError::Argon2(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn a_hash_verifies_its_own_secret_only() {
        let hasher = Hasher::new(2).unwrap();
        let hash = hasher.hash("1234567890123456".into()).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(!hash.contains("1234567890123456"));
        assert!(
            hasher
                .verify("1234567890123456".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify("1234567890123457".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert_ne!(
            hash,
            hasher.hash("1234567890123456".into()).await.unwrap(),
            "no salt"
        );
    }

    #[actix_web::test]
    async fn an_unknown_code_is_checked_against_the_decoy_and_fails() {
        let hasher = Hasher::new(1).unwrap();
        assert!(!hasher.verify(String::new(), None).await.unwrap());
        assert!(
            hasher
                .verify("x".into(), Some("not a hash".into()))
                .await
                .is_err()
        );
    }
}
