//! Argon2id for secrets people hold (tipster passphrases, staff
//! passwords), with the OWASP parameters (19 MiB, 2 passes, 1 lane: the
//! crate's defaults).
//!
//! Hashes run on a fixed pool of threads, off the async executor, behind a
//! queue of fixed depth: when it is full the work is refused at once
//! ([`HashError::Busy`]) instead of waiting behind a flood, and work whose
//! requester has gone (a dropped connection) is skipped before it is
//! hashed. Each thread owns one 19 MiB work area and reuses it for every
//! hash: allocating it afresh per hash on whatever thread is free grew the
//! server's memory by about 1.8 MB per hash (measured in the benchmark).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use argon2::password_hash::PasswordVerifier;
use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::oneshot;

/// Why a hash could not be made or checked.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    #[error("argon2 failed: {0}")]
    Argon2(String),
    #[error("the hashing pool is gone")]
    Closed,
    /// Every thread is busy and the queue is full: try again shortly.
    #[error("the hashing queue is full")]
    Busy,
}

enum Work {
    Hash {
        secret: String,
    },
    Verify {
        secret: String,
        stored: String,
    },
    DeriveKey {
        secret: String,
        salt: [u8; 16],
    },
    HashWithSeed {
        secret: String,
    },
    OpenSeed {
        secret: String,
        stored: String,
    },
    /// Keeps a thread from other work until `release` is dropped.
    Hold {
        release: mpsc::Receiver<()>,
    },
}

enum Done {
    Hashed(String),
    Verified(bool),
    Derived([u8; 32]),
    Seeded(String, Seed),
    Opened(Option<Seed>),
    Held,
}

/// 32 secret bytes grown from a passphrase with its verifier: they seed
/// the tip's own key pair. Wiped on drop.
pub type Seed = zeroize::Zeroizing<[u8; 32]>;

struct Job {
    work: Work,
    reply: oneshot::Sender<Result<Done, HashError>>,
}

/// What the pool has done since it started, for tests and benchmarks.
#[derive(Default)]
struct Counts {
    hashed: AtomicU64,
    skipped: AtomicU64,
}

/// A shared, bounded argon2id worker pool.
#[derive(Clone)]
pub struct Hasher {
    jobs: mpsc::SyncSender<Job>,
    threads: usize,
    counts: Arc<Counts>,
    /// A hash of nothing anyone knows: checked when a tip code is unknown,
    /// so a wrong code costs as long as a wrong passphrase.
    decoy: Arc<str>,
    /// The same for hashes that carry a seed.
    seeded_decoy: Arc<str>,
}

impl std::fmt::Debug for Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hasher")
    }
}

/// Every thread of a pool, held by [`Hasher::occupy`] until this is dropped.
pub struct Occupied {
    _releases: Vec<mpsc::Sender<()>>,
}

impl Hasher {
    /// A pool of `threads` hashing threads with room for `queue` jobs
    /// waiting. Blocking (it makes the decoy).
    pub fn new(threads: usize, queue: usize) -> Result<Self, HashError> {
        let threads = threads.max(1);
        let (jobs, waiting) = mpsc::sync_channel::<Job>(queue);
        let waiting = Arc::new(Mutex::new(waiting));
        let counts = Arc::new(Counts::default());
        for n in 0..threads {
            let waiting = Arc::clone(&waiting);
            let counts = Arc::clone(&counts);
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || work(&waiting, &counts))
                .map_err(|e| HashError::Argon2(e.to_string()))?;
        }
        let mut unknowable = [0u8; 32];
        rand::fill(&mut unknowable);
        let decoy = hash_with(&mut work_area(), &crate::secret::to_hex(&unknowable))?;
        let (seeded_decoy, _) =
            hash_with_seed(&mut work_area(), &crate::secret::to_hex(&unknowable))?;
        Ok(Hasher {
            jobs,
            threads,
            counts,
            decoy: decoy.into(),
            seeded_decoy: seeded_decoy.into(),
        })
    }

    async fn run(&self, work: Work) -> Result<Done, HashError> {
        let (reply, done) = oneshot::channel();
        self.jobs.try_send(Job { work, reply }).map_err(refused)?;
        done.await.map_err(|_| HashError::Closed)?
    }

    /// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) for `secret`.
    pub async fn hash(&self, secret: String) -> Result<String, HashError> {
        match self.run(Work::Hash { secret }).await? {
            Done::Hashed(hash) => Ok(hash),
            _ => Err(HashError::Closed),
        }
    }

    /// Whether `secret` matches `stored`; with no stored hash (an unknown
    /// code) the decoy is checked instead and the answer is always no.
    pub async fn verify(&self, secret: String, stored: Option<String>) -> Result<bool, HashError> {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| self.decoy.to_string());
        match self.run(Work::Verify { secret, stored }).await? {
            Done::Verified(matches) => Ok(known && matches),
            _ => Err(HashError::Closed),
        }
    }

    /// A 32-byte key from `secret` and `salt`, as costly to guess as a
    /// passphrase hash: it seals what only the secret's holder may read.
    pub async fn derive_key(&self, secret: String, salt: [u8; 16]) -> Result<[u8; 32], HashError> {
        match self.run(Work::DeriveKey { secret, salt }).await? {
            Done::Derived(key) => Ok(key),
            _ => Err(HashError::Closed),
        }
    }

    /// One argon2id output of `secret`, split in two: a PHC string whose
    /// hash is the first half (the verifier), and the second half, the
    /// seed of a key only the secret's holder can grow again.
    pub async fn hash_with_seed(&self, secret: String) -> Result<(String, Seed), HashError> {
        match self.run(Work::HashWithSeed { secret }).await? {
            Done::Seeded(hash, seed) => Ok((hash, seed)),
            _ => Err(HashError::Closed),
        }
    }

    /// The seed of [`Hasher::hash_with_seed`] when `secret` matches
    /// `stored`; with no stored hash (an unknown code) a decoy is checked
    /// instead and the answer is always `None`.
    pub async fn open_seed(
        &self,
        secret: String,
        stored: Option<String>,
    ) -> Result<Option<Seed>, HashError> {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| self.seeded_decoy.to_string());
        match self.run(Work::OpenSeed { secret, stored }).await? {
            Done::Opened(seed) => Ok(seed.filter(|_| known)),
            _ => Err(HashError::Closed),
        }
    }

    /// Takes every thread of the pool away from hashing until the answer is
    /// dropped, so that a drill or a test can fill the queue behind them
    /// and see what a visitor gets when the pool is saturated.
    pub async fn occupy(&self) -> Result<Occupied, HashError> {
        let mut releases = Vec::with_capacity(self.threads);
        let mut started = Vec::with_capacity(self.threads);
        for _ in 0..self.threads {
            let (release, held) = mpsc::channel();
            let (reply, done) = oneshot::channel();
            self.jobs
                .try_send(Job {
                    work: Work::Hold { release: held },
                    reply,
                })
                .map_err(refused)?;
            releases.push(release);
            started.push(done);
        }
        for done in started {
            done.await.map_err(|_| HashError::Closed)??;
        }
        Ok(Occupied {
            _releases: releases,
        })
    }

    /// Argon2 computations run since the pool started.
    pub fn hashes_run(&self) -> u64 {
        self.counts.hashed.load(Ordering::Relaxed)
    }

    /// Jobs skipped because their requester had gone before a thread
    /// reached them.
    pub fn jobs_skipped(&self) -> u64 {
        self.counts.skipped.load(Ordering::Relaxed)
    }
}

/// One hashing thread: takes jobs until the pool is dropped.
fn work(waiting: &Mutex<mpsc::Receiver<Job>>, counts: &Counts) {
    let mut area = work_area();
    loop {
        let job = match waiting.lock() {
            Ok(waiting) => waiting.recv(),
            Err(_) => return,
        };
        let Ok(Job { work, reply }) = job else { return };
        if let Work::Hold { release } = work {
            if reply.send(Ok(Done::Held)).is_ok() {
                // Returns once every sender of the hold is dropped.
                let _ = release.recv();
            }
            continue;
        }
        // Nobody is waiting for this answer any more: the visitor left.
        if reply.is_closed() {
            counts.skipped.fetch_add(1, Ordering::Relaxed);
            continue;
        }
        counts.hashed.fetch_add(1, Ordering::Relaxed);
        let done = match work {
            Work::Hash { secret } => hash_with(&mut area, &secret).map(Done::Hashed),
            Work::Verify { secret, stored } => {
                verify_with(&mut area, &secret, &stored).map(Done::Verified)
            }
            Work::DeriveKey { secret, salt } => {
                let mut key = [0u8; 32];
                Argon2::default()
                    .hash_password_into_with_memory(secret.as_bytes(), &salt, &mut key, &mut area)
                    .map_err(failed)
                    .map(|()| Done::Derived(key))
            }
            Work::HashWithSeed { secret } => {
                hash_with_seed(&mut area, &secret).map(|(hash, seed)| Done::Seeded(hash, seed))
            }
            Work::OpenSeed { secret, stored } => {
                open_seed_with(&mut area, &secret, &stored).map(Done::Opened)
            }
            Work::Hold { .. } => continue,
        };
        let _ = reply.send(done);
    }
}

fn refused(error: mpsc::TrySendError<Job>) -> HashError {
    match error {
        mpsc::TrySendError::Full(_) => HashError::Busy,
        mpsc::TrySendError::Disconnected(_) => HashError::Closed,
    }
}

fn work_area() -> Vec<Block> {
    vec![Block::default(); Params::default().block_count()]
}

fn failed(error: impl std::fmt::Display) -> HashError {
    HashError::Argon2(error.to_string())
}

fn hash_with(area: &mut [Block], secret: &str) -> Result<String, HashError> {
    let mut salt = [0u8; 16];
    rand::fill(&mut salt);
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    Argon2::default()
        .hash_password_into_with_memory(secret.as_bytes(), &salt, &mut out, &mut *area)
        .map_err(failed)?;
    phc(&salt, &out)
}

/// Twice the usual output: the verifier, then the seed.
const SEEDED_OUTPUT_LEN: usize = 64;

fn phc(salt: &[u8], verifier: &[u8]) -> Result<String, HashError> {
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&Params::default()).map_err(failed)?,
        salt: Some(Salt::new(salt).map_err(failed)?),
        hash: Some(Output::new(verifier).map_err(failed)?),
    };
    Ok(hash.to_string())
}

fn seeded_output(
    area: &mut [Block],
    secret: &str,
    salt: &[u8],
) -> Result<zeroize::Zeroizing<[u8; SEEDED_OUTPUT_LEN]>, HashError> {
    let mut out = zeroize::Zeroizing::new([0u8; SEEDED_OUTPUT_LEN]);
    Argon2::default()
        .hash_password_into_with_memory(secret.as_bytes(), salt, &mut out[..], area)
        .map_err(failed)?;
    Ok(out)
}

fn split(out: &[u8; SEEDED_OUTPUT_LEN]) -> (&[u8], Seed) {
    let (verifier, seed) = out.split_at(SEEDED_OUTPUT_LEN / 2);
    let seed: [u8; 32] = seed.try_into().expect("half of 64 bytes");
    (verifier, zeroize::Zeroizing::new(seed))
}

fn hash_with_seed(area: &mut [Block], secret: &str) -> Result<(String, Seed), HashError> {
    let mut salt = [0u8; 16];
    rand::fill(&mut salt);
    let out = seeded_output(area, secret, &salt)?;
    let (verifier, seed) = split(&out);
    Ok((phc(&salt, verifier)?, seed))
}

fn open_seed_with(
    area: &mut [Block],
    secret: &str,
    stored: &str,
) -> Result<Option<Seed>, HashError> {
    let parsed = PasswordHash::new(stored).map_err(failed)?;
    let Some((salt, expected)) = current_parts(&parsed) else {
        return Err(failed("a seeded hash made with other parameters"));
    };
    let out = seeded_output(area, secret, salt)?;
    let (verifier, seed) = split(&out);
    Ok(constant_time_eq(verifier, expected.as_bytes()).then_some(seed))
}

fn verify_with(area: &mut [Block], secret: &str, stored: &str) -> Result<bool, HashError> {
    let parsed = PasswordHash::new(stored).map_err(failed)?;
    let Some((salt, expected)) = current_parts(&parsed) else {
        // A hash made with other parameters (an older policy) is still checked.
        return Ok(Argon2::default()
            .verify_password(secret.as_bytes(), &parsed)
            .is_ok());
    };
    let mut out = vec![0u8; expected.len()];
    Argon2::default()
        .hash_password_into_with_memory(secret.as_bytes(), salt, &mut out, &mut *area)
        .map_err(failed)?;
    Ok(constant_time_eq(&out, expected.as_bytes()))
}

/// The salt and output of a hash made with today's policy; `None` for one
/// made otherwise (the thread's work area would not fit it).
fn current_parts(hash: &PasswordHash) -> Option<(&Salt, &Output)> {
    match (&hash.salt, &hash.hash) {
        (Some(salt), Some(output)) if made_with_current_policy(hash) => Some((salt, output)),
        _ => None,
    }
}

/// Whether `hash` was made with today's algorithm and costs, so the
/// thread's work area fits it.
fn made_with_current_policy(hash: &PasswordHash) -> bool {
    let current = Params::default();
    hash.algorithm == Algorithm::Argon2id.ident()
        && Params::try_from(hash).is_ok_and(|params| {
            (params.m_cost(), params.t_cost(), params.p_cost())
                == (current.m_cost(), current.t_cost(), current.p_cost())
        })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::PasswordHasher;
    use futures_util::FutureExt;

    /// Polls `work` once, far enough to put its job in the queue.
    fn enqueue<F: std::future::Future + Unpin>(work: &mut F) {
        assert!(work.now_or_never().is_none(), "answered without a thread");
    }

    #[actix_web::test]
    async fn a_seeded_hash_gives_its_seed_back_only_for_the_right_secret() {
        let hasher = Hasher::new(1, 4).unwrap();
        let (stored, seed) = hasher.hash_with_seed("1234 5678".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"));
        let again = hasher
            .open_seed("1234 5678".into(), Some(stored.clone()))
            .await
            .unwrap()
            .expect("the right secret opens it");
        assert_eq!(*again, *seed);
        assert!(
            hasher
                .open_seed("1234 5679".into(), Some(stored.clone()))
                .await
                .unwrap()
                .is_none()
        );
        // An unknown code checks the decoy and is always refused.
        assert!(
            hasher
                .open_seed("1234 5678".into(), None)
                .await
                .unwrap()
                .is_none()
        );
        // The verifier stored is not the seed: the stored hash does not give it.
        assert!(!stored.contains(&crate::secret::to_hex(&seed[..])));
        let (other, other_seed) = hasher.hash_with_seed("1234 5678".into()).await.unwrap();
        assert_ne!(other, stored, "a fresh salt each time");
        assert_ne!(*other_seed, *seed);
    }

    #[actix_web::test]
    async fn a_full_queue_refuses_at_once_and_the_waiting_work_still_completes() {
        let hasher = Hasher::new(1, 2).unwrap();
        let held = hasher.occupy().await.unwrap();
        let mut first = Box::pin(hasher.hash("first".into()));
        let mut second = Box::pin(hasher.verify("second".into(), None));
        enqueue(&mut first);
        enqueue(&mut second);
        assert!(matches!(
            hasher.hash("third".into()).await,
            Err(HashError::Busy)
        ));
        assert!(matches!(hasher.occupy().await, Err(HashError::Busy)));
        drop(held);
        assert!(first.await.unwrap().starts_with("$argon2id$"));
        assert!(!second.await.unwrap());
        assert_eq!(hasher.hashes_run(), 2);
    }

    #[actix_web::test]
    async fn work_whose_requester_left_is_never_hashed() {
        let hasher = Hasher::new(1, 4).unwrap();
        let held = hasher.occupy().await.unwrap();
        let mut abandoned = Box::pin(hasher.verify("guess".into(), None));
        enqueue(&mut abandoned);
        drop(abandoned);
        let mut kept = Box::pin(hasher.hash("kept".into()));
        enqueue(&mut kept);
        drop(held);
        kept.await.unwrap();
        assert_eq!(hasher.jobs_skipped(), 1);
        assert_eq!(hasher.hashes_run(), 1, "the abandoned guess was hashed");
    }

    #[actix_web::test]
    async fn a_hash_verifies_its_own_secret_only() {
        let hasher = Hasher::new(2, 8).unwrap();
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
    async fn hashes_are_standard_phc_strings_both_ways() {
        let hasher = Hasher::new(1, 8).unwrap();
        let ours = hasher.hash("secret".into()).await.unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"secret", &parsed)
                .is_ok(),
            "the crate rejects our hash"
        );
        let theirs = Argon2::default()
            .hash_password(b"secret")
            .unwrap()
            .to_string();
        assert!(
            hasher.verify("secret".into(), Some(theirs)).await.unwrap(),
            "we reject the crate's hash"
        );
        let cheaper = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8, 1, 1, None).unwrap(),
        );
        let old = cheaper.hash_password(b"secret").unwrap().to_string();
        assert!(
            hasher
                .verify("secret".into(), Some(old.clone()))
                .await
                .unwrap(),
            "other parameters"
        );
        assert!(!hasher.verify("Secret".into(), Some(old)).await.unwrap());
    }

    #[actix_web::test]
    async fn our_own_hashes_take_the_reused_work_area() {
        let hash = Hasher::new(1, 8).unwrap().hash("x".into()).await.unwrap();
        assert!(made_with_current_policy(&PasswordHash::new(&hash).unwrap()));
        let theirs = Argon2::default().hash_password(b"x").unwrap();
        assert!(made_with_current_policy(&theirs));
        let cheaper = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8, 1, 1, None).unwrap(),
        );
        assert!(!made_with_current_policy(
            &cheaper.hash_password(b"x").unwrap()
        ));
    }

    #[actix_web::test]
    async fn a_derived_key_depends_on_secret_and_salt() {
        let hasher = Hasher::new(1, 8).unwrap();
        let key = hasher.derive_key("1234".into(), [7; 16]).await.unwrap();
        assert_eq!(
            key,
            hasher.derive_key("1234".into(), [7; 16]).await.unwrap()
        );
        assert_ne!(
            key,
            hasher.derive_key("1235".into(), [7; 16]).await.unwrap()
        );
        assert_ne!(
            key,
            hasher.derive_key("1234".into(), [8; 16]).await.unwrap()
        );
    }

    #[actix_web::test]
    async fn an_unknown_code_is_checked_against_the_decoy_and_fails() {
        let hasher = Hasher::new(1, 8).unwrap();
        assert!(!hasher.verify(String::new(), None).await.unwrap());
        assert!(
            hasher
                .verify("x".into(), Some("not a hash".into()))
                .await
                .is_err()
        );
    }
}
