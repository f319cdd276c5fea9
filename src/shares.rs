//! Fair shares without records: no single source address may hold more
//! than a quarter (at least two) of a costly pool's capacity at once, so a
//! script on one address cannot take the service from everyone else.
//!
//! A visitor is known only by a keyed hash of their address (IPv4 per
//! address, IPv6 per /64, where one subscriber holds many addresses), and
//! only while a request of theirs is in flight: the table holds counts of
//! requests being served, nothing else, and an entry goes when its last
//! request ends. The key is random, lives only in memory, and is replaced
//! every few minutes, the old one zeroed. IPv4 has only 2³² addresses, so
//! whoever had both the key and a table could reverse it: the process
//! therefore makes no core dumps (see `crate::hardening`), and nothing here
//! is ever written down or logged.
//!
//! A quarter of the hashing pool is kept for posts that bring the answer
//! to a puzzle (`crate::puzzles`): posts without one together hold at most
//! three quarters of it, so work from browsers without scripts, or from a
//! script that does not solve, cannot fill it alone. Both lanes keep to
//! the visitor's share.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use tokio::sync::Notify;
use zeroize::Zeroize;

/// How long one key names visitors before a fresh one replaces it.
pub const KEY_LIFETIME: Duration = Duration::from_secs(5 * 60);

/// A costly resource whose capacity is shared out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pool {
    /// Passphrase hashing: submissions and status checks.
    Hashing,
    /// The staff sign-in thread.
    StaffHashing,
    /// Request bodies with photos being received.
    Uploads,
}

/// How much of each pool there is in all.
#[derive(Clone, Copy, Debug)]
pub struct Capacities {
    pub hashing: usize,
    pub staff_hashing: usize,
    pub uploads: usize,
}

impl Capacities {
    fn of(&self, pool: Pool) -> usize {
        match pool {
            Pool::Hashing => self.hashing,
            Pool::StaffHashing => self.staff_hashing,
            Pool::Uploads => self.uploads,
        }
    }
}

/// The most of a pool of `capacity` one visitor may hold at once.
pub fn share_of(capacity: usize) -> usize {
    (capacity / 4).max(2)
}

/// How a request came for the hashing pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lane {
    /// Without the answer to a puzzle: at most [`fair_lane_of`] together.
    Fair,
    /// With the answer to a puzzle: may use the whole pool.
    Solved,
}

/// The most of a hashing pool of `capacity` that posts in the fair lane
/// may hold together: all but a quarter kept for solved posts (at least
/// one place kept, at least one place open).
pub fn fair_lane_of(capacity: usize) -> usize {
    capacity.saturating_sub((capacity / 4).max(1)).max(1)
}

/// A visitor as the limiter knows them: a keyed hash, meaningless once
/// the key is replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct VisitorKey([u8; 16]);

/// Why a request waited for its share as long as allowed, in vain.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum OverShare {
    /// The visitor already holds their share of a pool.
    #[error("this visitor already holds their share")]
    Visitor,
    /// The visitor's share has room, but their lane of the hashing pool
    /// is full: the request may go on without hashing.
    #[error("the lane of the hashing pool is full")]
    Lane,
}

struct Key {
    bytes: [u8; 32],
    expires: Instant,
}

impl Key {
    fn fresh() -> Self {
        let mut bytes = [0u8; 32];
        rand::fill(&mut bytes);
        Key {
            bytes,
            expires: Instant::now() + KEY_LIFETIME,
        }
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

/// What is held now: by each visitor in each pool, and of the hashing
/// pool in each lane.
#[derive(Default)]
struct Table {
    by_visitor: HashMap<(Pool, VisitorKey), usize>,
    hashing_by_lane: HashMap<Lane, usize>,
}

impl Table {
    fn in_lane(&self, lane: Lane) -> usize {
        self.hashing_by_lane.get(&lane).copied().unwrap_or(0)
    }
}

struct Inner {
    key: Mutex<Key>,
    held: Mutex<Table>,
    freed: Notify,
    capacities: Capacities,
    wait: Duration,
}

/// The limiter, shared by every worker of one server.
#[derive(Clone)]
pub struct FairShares {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for FairShares {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FairShares")
    }
}

/// What one request holds; given back when dropped.
pub struct Share {
    inner: Arc<Inner>,
    taken: Vec<(Pool, VisitorKey)>,
    lane: Lane,
}

impl Drop for Share {
    fn drop(&mut self) {
        if self.taken.is_empty() {
            return;
        }
        if let Ok(mut held) = self.inner.held.lock() {
            for slot in &self.taken {
                give_back(&mut held.by_visitor, slot);
                if slot.0 == Pool::Hashing {
                    give_back(&mut held.hashing_by_lane, &self.lane);
                }
            }
        }
        self.inner.freed.notify_waiters();
    }
}

fn give_back<K: std::hash::Hash + Eq>(held: &mut HashMap<K, usize>, slot: &K) {
    if let Some(count) = held.get_mut(slot) {
        *count -= 1;
        if *count == 0 {
            held.remove(slot);
        }
    }
}

impl FairShares {
    /// A limiter over `capacities` where a visitor over their share waits
    /// up to `wait` for it.
    pub fn new(capacities: Capacities, wait: Duration) -> Self {
        FairShares {
            inner: Arc::new(Inner {
                key: Mutex::new(Key::fresh()),
                held: Mutex::new(Table::default()),
                freed: Notify::new(),
                capacities,
                wait,
            }),
        }
    }

    /// The visitor behind `address`, under the current key (replaced first
    /// if it has lived its time).
    pub fn visitor(&self, address: IpAddr) -> VisitorKey {
        let Ok(mut key) = self.inner.key.lock() else {
            return VisitorKey([0; 16]);
        };
        if Instant::now() >= key.expires {
            *key = Key::fresh();
        }
        keyed(&key.bytes, address)
    }

    /// A share of each of `pools` for `visitor`, coming in `lane`, waiting
    /// (up to the configured time) while they already hold their share of
    /// one, or while their lane of the hashing pool is full.
    pub async fn enter(
        &self,
        visitor: VisitorKey,
        pools: &[Pool],
        lane: Lane,
    ) -> Result<Share, OverShare> {
        let deadline = tokio::time::Instant::now() + self.inner.wait;
        loop {
            let freed = self.inner.freed.notified();
            let mut freed = std::pin::pin!(freed);
            // Registered before looking, so a share given back in between
            // still wakes this visitor.
            freed.as_mut().enable();
            let refused = match self.try_enter(visitor, pools, lane) {
                Ok(share) => return Ok(share),
                Err(refused) => refused,
            };
            if tokio::time::timeout_at(deadline, freed).await.is_err() {
                return Err(refused);
            }
        }
    }

    fn try_enter(
        &self,
        visitor: VisitorKey,
        pools: &[Pool],
        lane: Lane,
    ) -> Result<Share, OverShare> {
        let Ok(mut held) = self.inner.held.lock() else {
            return Err(OverShare::Visitor);
        };
        let hashing = self.inner.capacities.hashing;
        let lane_has_room = match lane {
            Lane::Fair => held.in_lane(Lane::Fair) < fair_lane_of(hashing),
            Lane::Solved => held.in_lane(Lane::Fair) + held.in_lane(Lane::Solved) < hashing,
        };
        let within_share = pools.iter().all(|&pool| {
            let holding = held.by_visitor.get(&(pool, visitor)).copied().unwrap_or(0);
            holding < share_of(self.inner.capacities.of(pool))
        });
        if !within_share {
            return Err(OverShare::Visitor);
        }
        if pools.contains(&Pool::Hashing) && !lane_has_room {
            return Err(OverShare::Lane);
        }
        let taken: Vec<_> = pools.iter().map(|&pool| (pool, visitor)).collect();
        for slot in &taken {
            *held.by_visitor.entry(*slot).or_insert(0) += 1;
            if slot.0 == Pool::Hashing {
                *held.hashing_by_lane.entry(lane).or_insert(0) += 1;
            }
        }
        Ok(Share {
            inner: Arc::clone(&self.inner),
            taken,
            lane,
        })
    }

    /// How much of `pool` all visitors hold now (for tests and benchmarks).
    pub fn held(&self, pool: Pool) -> usize {
        self.inner.held.lock().map_or(0, |held| {
            held.by_visitor
                .iter()
                .filter(|((of, _), _)| *of == pool)
                .map(|(_, count)| count)
                .sum()
        })
    }

    /// How much of the hashing pool requests in `lane` hold now.
    pub fn held_in(&self, lane: Lane) -> usize {
        self.inner.held.lock().map_or(0, |held| held.in_lane(lane))
    }

    /// How much of `pool` there is in all.
    pub fn capacity(&self, pool: Pool) -> usize {
        self.inner.capacities.of(pool)
    }

    /// Entries in the table now: one per visitor and pool in use, and one
    /// per lane of the hashing pool in use.
    pub fn entries(&self) -> usize {
        self.inner
            .held
            .lock()
            .map_or(0, |held| held.by_visitor.len() + held.hashing_by_lane.len())
    }
}

/// Where Tor's onion service puts the circuit a connection came on, when
/// it exports circuit ids (`HiddenServiceExportCircuitID haproxy`): the
/// last 32 bits of an address in `fc00:dead:beef:4dad::/64`.
const TOR_CIRCUITS: [u16; 4] = [0xfc00, 0xdead, 0xbeef, 0x4dad];

/// The part of `address` that names one subscriber: an IPv4 address
/// (also when written as IPv4-mapped IPv6), an IPv6 /64, or one Tor
/// circuit, since every visitor of an onion service arrives from the same
/// /64.
fn subscriber(address: IpAddr) -> [u8; 16] {
    let address = match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    };
    let mut prefix = [0u8; 16];
    match address {
        IpAddr::V4(v4) => prefix[..4].copy_from_slice(&v4.octets()),
        IpAddr::V6(v6) if v6.segments()[..4] == TOR_CIRCUITS => prefix = v6.octets(),
        IpAddr::V6(v6) => {
            prefix[..8].copy_from_slice(&v6.octets()[..8]);
            // Marks the family, so no IPv6 /64 meets an IPv4 address.
            prefix[15] = 6;
        }
    }
    prefix
}

fn keyed(key: &[u8; 32], address: IpAddr) -> VisitorKey {
    let mut mac = <Hmac<Sha256>>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(&subscriber(address));
    let tag = mac.finalize().into_bytes();
    let mut visitor = [0u8; 16];
    visitor.copy_from_slice(&tag[..16]);
    VisitorKey(visitor)
}

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, Ipv6Addr};

    use futures_util::FutureExt;

    use super::*;

    fn limiter(capacity: usize) -> FairShares {
        let capacities = Capacities {
            hashing: capacity,
            staff_hashing: capacity,
            uploads: capacity,
        };
        FairShares::new(capacities, Duration::from_millis(50))
    }

    fn v6(text: &str) -> IpAddr {
        IpAddr::V6(text.parse::<Ipv6Addr>().unwrap())
    }

    #[test]
    fn a_share_is_a_quarter_of_the_pool_and_never_less_than_two() {
        assert_eq!(share_of(1), 2);
        assert_eq!(share_of(8), 2);
        assert_eq!(share_of(66), 16);
        assert_eq!(share_of(100), 25);
    }

    #[test]
    fn each_tor_circuit_is_a_visitor_of_its_own() {
        let shares = limiter(8);
        let circuit = shares.visitor(v6("fc00:dead:beef:4dad::0:29a"));
        assert_eq!(circuit, shares.visitor(v6("fc00:dead:beef:4dad::29a")));
        assert_ne!(circuit, shares.visitor(v6("fc00:dead:beef:4dad::0:29b")));
        assert_ne!(circuit, shares.visitor(v6("fc00:dead:beef:4dad::1:29a")));
        // Any other address of the same /64 shape is keyed per /64 still.
        assert_eq!(
            shares.visitor(v6("fc00:dead:beef:4dae::1")),
            shares.visitor(v6("fc00:dead:beef:4dae::2"))
        );
    }

    #[test]
    fn ipv6_is_keyed_per_64_and_mapped_ipv4_as_ipv4() {
        let shares = limiter(8);
        let one = shares.visitor(v6("2001:db8:1:2:aaaa::1"));
        assert_eq!(one, shares.visitor(v6("2001:db8:1:2:ffff:1:2:3")));
        assert_ne!(one, shares.visitor(v6("2001:db8:1:3::1")));
        let v4 = IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7));
        assert_eq!(shares.visitor(v4), shares.visitor(v6("::ffff:203.0.113.7")));
        assert_ne!(
            shares.visitor(v4),
            shares.visitor(IpAddr::V4(Ipv4Addr::new(203, 0, 113, 8)))
        );
        assert_ne!(
            shares.visitor(v4),
            shares.visitor(v6("cb00:7107::")),
            "an IPv6 /64 met an IPv4 address"
        );
    }

    #[test]
    fn a_fresh_key_names_nobody_the_old_one_named() {
        let address = IpAddr::V4(Ipv4Addr::new(198, 51, 100, 1));
        let (old, new) = (Key::fresh(), Key::fresh());
        assert_ne!(keyed(&old.bytes, address), keyed(&new.bytes, address));
        let shares = limiter(8);
        let before = shares.visitor(address);
        shares.inner.key.lock().unwrap().expires = Instant::now();
        assert_ne!(shares.visitor(address), before, "the key was not replaced");
    }

    #[actix_web::test]
    async fn one_visitor_over_the_share_waits_then_is_refused_while_another_enters() {
        let shares = limiter(8);
        let flood = shares.visitor(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)));
        let genuine = shares.visitor(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 2)));
        let first = shares
            .enter(flood, &[Pool::Hashing], Lane::Fair)
            .await
            .unwrap();
        let _second = shares
            .enter(flood, &[Pool::Hashing], Lane::Fair)
            .await
            .unwrap();
        assert_eq!(
            shares
                .enter(flood, &[Pool::Hashing], Lane::Fair)
                .await
                .err(),
            Some(OverShare::Visitor)
        );
        // Another pool is another share.
        let _upload = shares
            .enter(flood, &[Pool::Uploads], Lane::Fair)
            .await
            .unwrap();
        let _theirs = shares
            .enter(genuine, &[Pool::Hashing], Lane::Fair)
            .await
            .unwrap();
        assert_eq!(shares.held(Pool::Hashing), 3);

        // A waiting visitor enters as soon as one of their requests ends.
        let mut waiting = Box::pin(shares.enter(flood, &[Pool::Hashing], Lane::Fair));
        assert!((&mut waiting).now_or_never().is_none());
        drop(first);
        assert!(waiting.await.is_ok());
    }

    #[test]
    fn a_quarter_of_the_hashing_pool_is_kept_for_solved_posts() {
        assert_eq!(fair_lane_of(66), 50);
        assert_eq!(fair_lane_of(8), 6);
        assert_eq!(fair_lane_of(2), 1);
        assert_eq!(fair_lane_of(1), 1);
    }

    fn visitors(shares: &FairShares, count: u8) -> Vec<VisitorKey> {
        (1..=count)
            .map(|n| shares.visitor(IpAddr::V4(Ipv4Addr::new(192, 0, 2, n))))
            .collect()
    }

    #[actix_web::test]
    async fn unsolved_work_fills_only_the_fair_lane_and_solved_posts_still_enter() {
        let shares = limiter(8);
        let people = visitors(&shares, 6);
        let mut held = Vec::new();
        for visitor in &people[..3] {
            for _ in 0..2 {
                held.push(
                    shares
                        .enter(*visitor, &[Pool::Hashing], Lane::Fair)
                        .await
                        .unwrap(),
                );
            }
        }
        assert_eq!(shares.held_in(Lane::Fair), 6);
        // The fair lane is full for everyone, even within their share.
        assert_eq!(
            shares
                .enter(people[3], &[Pool::Hashing], Lane::Fair)
                .await
                .err(),
            Some(OverShare::Lane)
        );
        // Other pools are not divided into lanes.
        let _upload = shares
            .enter(people[3], &[Pool::Uploads], Lane::Fair)
            .await
            .unwrap();
        let solved = shares
            .enter(people[3], &[Pool::Hashing], Lane::Solved)
            .await
            .unwrap();
        let _also = shares
            .enter(people[4], &[Pool::Hashing], Lane::Solved)
            .await
            .unwrap();
        assert_eq!(shares.held(Pool::Hashing), 8);
        // The whole pool is in use now: no lane has room.
        assert_eq!(
            shares
                .enter(people[5], &[Pool::Hashing], Lane::Solved)
                .await
                .err(),
            Some(OverShare::Lane)
        );
        // A solved post ending frees room for a solved post only.
        drop(solved);
        assert_eq!(
            shares
                .enter(people[5], &[Pool::Hashing], Lane::Fair)
                .await
                .err(),
            Some(OverShare::Lane)
        );
        let mut waiting = Box::pin(shares.enter(people[5], &[Pool::Hashing], Lane::Fair));
        assert!((&mut waiting).now_or_never().is_none());
        held.pop();
        assert!(waiting.await.is_ok(), "a fair place came free");
    }

    #[actix_web::test]
    async fn a_solved_post_keeps_to_its_visitors_share() {
        let shares = limiter(8);
        let visitor = visitors(&shares, 1)[0];
        let _one = shares
            .enter(visitor, &[Pool::Hashing], Lane::Solved)
            .await
            .unwrap();
        let _two = shares
            .enter(visitor, &[Pool::Hashing], Lane::Fair)
            .await
            .unwrap();
        assert_eq!(
            shares
                .enter(visitor, &[Pool::Hashing], Lane::Solved)
                .await
                .err(),
            Some(OverShare::Visitor)
        );
        assert_eq!(
            (shares.held_in(Lane::Solved), shares.held_in(Lane::Fair)),
            (1, 1)
        );
    }

    #[actix_web::test]
    async fn nothing_is_kept_once_the_requests_end() {
        let shares = limiter(8);
        let visitor = shares.visitor(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 9)));
        let share = shares
            .enter(visitor, &[Pool::Hashing, Pool::Uploads], Lane::Solved)
            .await
            .unwrap();
        assert_eq!(shares.entries(), 3);
        assert_eq!(shares.held_in(Lane::Solved), 1);
        drop(share);
        assert_eq!(shares.held_in(Lane::Solved), 0);
        assert_eq!(shares.entries(), 0);
        assert_eq!(shares.held(Pool::Uploads), 0);
    }
}
