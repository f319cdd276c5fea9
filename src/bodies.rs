//! Request bodies in flight: how much memory they may hold together, and
//! how slowly one may arrive.
//!
//! A body with photos is held in memory whole until it is cleaned (it is
//! never spooled to disk, so an original photo never lies there in plain
//! form). Bodies being received therefore share a fixed budget of bytes,
//! reserved by their declared length before a byte is read; one visitor
//! may hold a quarter of it, or one largest request if that is more. A body
//! that trickles holds a connection and its reservation, so it must keep a
//! pace: after a grace period it must have arrived at a minimum average
//! rate, it may not pause for long, and it must end within a deadline.
//! Everything here lives in memory and is keyed as `crate::shares` keys
//! visitors; nothing is written or logged.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use crate::shares::VisitorKey;

/// How slowly a body may arrive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaceLimits {
    /// Time before the average rate is held against a body: a phone on a
    /// weak signal starts slowly.
    pub grace: Duration,
    /// Bytes per second, on average since the start, once the grace is over.
    pub min_rate: u64,
    /// The longest a body may send nothing.
    pub idle: Duration,
    /// The longest any body may take.
    pub total: Duration,
}

impl PaceLimits {
    /// Sized for slow 3G and EDGE: 8 KiB/s (64 kbit/s) carries a phone photo
    /// of 3 MB in about six minutes, and the ten minutes allow about 5 MB at
    /// that rate, 75 MB at 1 Mbit/s.
    pub const DEFAULT: PaceLimits = PaceLimits {
        grace: Duration::from_secs(15),
        min_rate: 8 * 1024,
        idle: Duration::from_secs(30),
        total: Duration::from_secs(10 * 60),
    };
}

/// The pace of one body being received.
#[derive(Clone, Copy, Debug)]
pub struct Pace {
    limits: PaceLimits,
    started: Instant,
    last: Instant,
    received: u64,
}

impl Pace {
    pub fn new(limits: PaceLimits, now: Instant) -> Self {
        Pace {
            limits,
            started: now,
            last: now,
            received: 0,
        }
    }

    /// `bytes` more arrived at `now`.
    pub fn received(&mut self, bytes: usize, now: Instant) {
        self.received += bytes as u64;
        if bytes > 0 {
            self.last = now;
        }
    }

    /// When the body is cut off if nothing more arrives: the first of the
    /// idle limit, the total limit, and the moment the average falls below
    /// the minimum rate (never before the grace ends).
    pub fn deadline(&self) -> Instant {
        let idle = self.last + self.limits.idle;
        let total = self.started + self.limits.total;
        let earned = if self.limits.min_rate == 0 {
            self.limits.total
        } else {
            Duration::from_secs_f64(self.received as f64 / self.limits.min_rate as f64)
        };
        let rate = self.started + earned.max(self.limits.grace);
        idle.min(total).min(rate)
    }

    /// Whether the body is too slow at `now`.
    pub fn too_slow(&self, now: Instant) -> bool {
        now >= self.deadline()
    }
}

/// The body budget was full for as long as a visitor may wait.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("the bodies in flight hold the whole budget")]
pub struct OverBudget;

struct BudgetInner {
    total: usize,
    per_visitor: usize,
    wait: Duration,
    held: Mutex<Held>,
    freed: Notify,
}

#[derive(Default)]
struct Held {
    all: usize,
    by_visitor: HashMap<VisitorKey, usize>,
}

/// The bytes that bodies in flight may hold together.
#[derive(Clone)]
pub struct BodyBudget {
    inner: Arc<BudgetInner>,
}

impl std::fmt::Debug for BodyBudget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BodyBudget({} bytes)", self.inner.total)
    }
}

/// Bytes reserved for one body; given back when dropped.
pub struct Reservation {
    inner: Arc<BudgetInner>,
    visitor: VisitorKey,
    bytes: usize,
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if let Ok(mut held) = self.inner.held.lock() {
            held.all -= self.bytes;
            if let Some(bytes) = held.by_visitor.get_mut(&self.visitor) {
                *bytes -= self.bytes;
                if *bytes == 0 {
                    held.by_visitor.remove(&self.visitor);
                }
            }
        }
        self.inner.freed.notify_waiters();
    }
}

impl BodyBudget {
    /// A budget of `total` bytes, of which one visitor may hold a quarter
    /// or `largest_body`, whichever is more; a body that does not fit waits
    /// up to `wait`.
    pub fn new(total: usize, largest_body: usize, wait: Duration) -> Self {
        BodyBudget {
            inner: Arc::new(BudgetInner {
                total,
                per_visitor: (total / 4).max(largest_body).min(total),
                wait,
                held: Mutex::new(Held::default()),
                freed: Notify::new(),
            }),
        }
    }

    /// Reserves `bytes` for `visitor`, waiting while the budget or their
    /// part of it is full. A body larger than a visitor may ever hold is
    /// refused at once.
    pub async fn reserve(
        &self,
        visitor: VisitorKey,
        bytes: usize,
    ) -> Result<Reservation, OverBudget> {
        if bytes > self.inner.per_visitor {
            return Err(OverBudget);
        }
        let deadline = tokio::time::Instant::now() + self.inner.wait;
        loop {
            let freed = self.inner.freed.notified();
            let mut freed = std::pin::pin!(freed);
            // Registered before looking, so bytes given back in between
            // still wake this body.
            freed.as_mut().enable();
            if let Some(reservation) = self.try_reserve(visitor, bytes) {
                return Ok(reservation);
            }
            if tokio::time::timeout_at(deadline, freed).await.is_err() {
                return Err(OverBudget);
            }
        }
    }

    fn try_reserve(&self, visitor: VisitorKey, bytes: usize) -> Option<Reservation> {
        let mut held = self.inner.held.lock().ok()?;
        let theirs = held.by_visitor.get(&visitor).copied().unwrap_or(0);
        if held.all + bytes > self.inner.total || theirs + bytes > self.inner.per_visitor {
            return None;
        }
        held.all += bytes;
        *held.by_visitor.entry(visitor).or_insert(0) += bytes;
        Some(Reservation {
            inner: Arc::clone(&self.inner),
            visitor,
            bytes,
        })
    }

    /// Bytes reserved now (for tests and benchmarks).
    pub fn held(&self) -> usize {
        self.inner.held.lock().map_or(0, |held| held.all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: PaceLimits = PaceLimits {
        grace: Duration::from_secs(10),
        min_rate: 1_000,
        idle: Duration::from_secs(5),
        total: Duration::from_secs(60),
    };

    fn secs(start: Instant, seconds: u64) -> Instant {
        start + Duration::from_secs(seconds)
    }

    #[test]
    fn a_body_that_keeps_the_rate_is_never_cut_before_the_total() {
        let start = Instant::now();
        let mut pace = Pace::new(LIMITS, start);
        for second in 1..60 {
            pace.received(1_200, secs(start, second));
            assert!(!pace.too_slow(secs(start, second)), "cut at {second} s");
        }
        assert!(pace.too_slow(secs(start, 60)));
    }

    #[test]
    fn a_trickle_is_cut_once_the_grace_is_over() {
        let start = Instant::now();
        let mut pace = Pace::new(LIMITS, start);
        // A byte every 4 s never trips the idle limit, only the rate.
        for second in (4..10).step_by(4) {
            pace.received(1, secs(start, second));
            assert!(!pace.too_slow(secs(start, second)));
        }
        assert_eq!(pace.deadline(), secs(start, 10));
        assert!(pace.too_slow(secs(start, 10)));
    }

    #[test]
    fn a_fast_start_earns_time_but_a_pause_is_still_cut() {
        let start = Instant::now();
        let mut pace = Pace::new(LIMITS, start);
        pace.received(30_000, secs(start, 1));
        // 30 kB earned 30 s at the minimum rate, but 5 s of silence end it.
        assert_eq!(pace.deadline(), secs(start, 6));
        pace.received(1, secs(start, 5));
        assert_eq!(pace.deadline(), secs(start, 10));
    }

    fn visitor(byte: u8) -> VisitorKey {
        let shares = crate::shares::FairShares::new(
            crate::shares::Capacities {
                hashing: 4,
                staff_hashing: 4,
                uploads: 4,
            },
            Duration::ZERO,
        );
        shares.visitor(std::net::IpAddr::from([127, 0, 0, byte]))
    }

    #[tokio::test]
    async fn one_visitor_holds_at_most_their_part_and_others_still_fit() {
        let budget = BodyBudget::new(100, 30, Duration::from_millis(50));
        let attacker = visitor(2);
        let first = budget.reserve(attacker, 25).await.unwrap();
        assert_eq!(budget.reserve(attacker, 6).await.err(), Some(OverBudget));
        assert_eq!(budget.reserve(attacker, 31).await.err(), Some(OverBudget));
        let genuine = budget.reserve(visitor(3), 30).await.unwrap();
        assert_eq!(budget.held(), 55);
        drop(first);
        drop(genuine);
        assert_eq!(budget.held(), 0);
    }

    #[tokio::test]
    async fn a_body_waits_for_bytes_given_back_then_fits() {
        let budget = BodyBudget::new(40, 40, Duration::from_secs(5));
        let held = budget.reserve(visitor(2), 40).await.unwrap();
        let waiting = {
            let budget = budget.clone();
            tokio::spawn(async move { budget.reserve(visitor(3), 10).await.is_ok() })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiting.is_finished());
        drop(held);
        assert!(waiting.await.unwrap());
    }

    #[tokio::test]
    async fn a_full_budget_refuses_after_the_wait() {
        let budget = BodyBudget::new(40, 40, Duration::from_millis(30));
        let _held = budget.reserve(visitor(2), 35).await.unwrap();
        assert_eq!(budget.reserve(visitor(3), 10).await.err(), Some(OverBudget));
    }
}
