//! Puzzles as the server issues and redeems them: stateless (the puzzle is
//! a token signed with the server key, so any instance can check it) and
//! single-use (an answered puzzle's seed is remembered in memory until the
//! puzzle would have expired anyway). The puzzle names no visitor, and
//! nothing here is written down or logged.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

use crate::domain::puzzle::{self, Puzzle};
use crate::secret::SecretKey;
use crate::tokens;

const PURPOSE: &str = "puzzle";

/// How long a puzzle may be answered after it was issued.
pub const LIFETIME: Duration = Duration::minutes(10);

/// The most answered puzzles remembered at once. Once that many unexpired
/// ones are, further answers go to the fair share like a post without one.
pub const SPENT_MAX: usize = 65_536;

/// A puzzle as a page carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    /// The signed text to hash.
    pub challenge: String,
    pub difficulty: u8,
}

/// Issues and redeems puzzles; shared by every worker of one server.
#[derive(Clone)]
pub struct Puzzles {
    key: SecretKey,
    /// Seeds of answered puzzles, with when each would expire.
    spent: Arc<Mutex<HashMap<[u8; 16], DateTime<Utc>>>>,
    spent_max: usize,
}

impl std::fmt::Debug for Puzzles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Puzzles")
    }
}

impl Puzzles {
    pub fn new(key: SecretKey) -> Self {
        Self::remembering(key, SPENT_MAX)
    }

    fn remembering(key: SecretKey, spent_max: usize) -> Self {
        Puzzles {
            key,
            spent: Arc::new(Mutex::new(HashMap::new())),
            spent_max,
        }
    }

    /// A puzzle for a page served while `held` of a pool of `capacity` is
    /// in use, or none while it is less than half full.
    pub fn offer(&self, held: usize, capacity: usize, now: DateTime<Utc>) -> Option<Offer> {
        let difficulty = puzzle::difficulty_for(held, capacity)?;
        let payload = Puzzle::fresh(difficulty).to_payload();
        Some(Offer {
            challenge: tokens::issue(&self.key, PURPOSE, &payload, now),
            difficulty,
        })
    }

    /// Whether `solution` answers `challenge`, a puzzle this server key
    /// issued less than [`LIFETIME`] ago and nobody answered before; an
    /// answer that is taken spends the puzzle.
    pub fn redeem(&self, challenge: &str, solution: &str, now: DateTime<Utc>) -> bool {
        let Ok(payload) = tokens::verify(&self.key, PURPOSE, challenge, now, LIFETIME) else {
            return false;
        };
        let (Some(found), Some(issued), Ok(solution)) = (
            Puzzle::from_payload(&payload),
            issued_at(challenge),
            solution.trim().parse::<u64>(),
        ) else {
            return false;
        };
        if !puzzle::solves(challenge.trim(), found.difficulty, solution) {
            return false;
        }
        let Ok(mut spent) = self.spent.lock() else {
            return false;
        };
        if spent.len() >= self.spent_max {
            spent.retain(|_, expires| *expires > now);
        }
        if spent.len() >= self.spent_max || spent.contains_key(&found.seed) {
            return false;
        }
        spent.insert(found.seed, issued + LIFETIME);
        true
    }

    /// Answered puzzles remembered now.
    pub fn spent(&self) -> usize {
        self.spent.lock().map_or(0, |spent| spent.len())
    }
}

/// When the puzzle token `challenge` says it was issued.
fn issued_at(challenge: &str) -> Option<DateTime<Utc>> {
    let (signed, _tag) = challenge.trim().rsplit_once('.')?;
    let (_payload, issued) = signed.rsplit_once('.')?;
    DateTime::from_timestamp(issued.parse().ok()?, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(offer: &Offer) -> String {
        puzzle::solve(&offer.challenge, offer.difficulty).to_string()
    }

    #[test]
    fn no_puzzle_at_rest_and_a_harder_one_as_the_pool_fills() {
        let puzzles = Puzzles::new(SecretKey::generate());
        let now = Utc::now();
        assert_eq!(puzzles.offer(3, 8, now), None);
        assert_eq!(puzzles.offer(4, 8, now).unwrap().difficulty, 13);
        assert_eq!(puzzles.offer(8, 8, now).unwrap().difficulty, 16);
        let (one, two) = (puzzles.offer(4, 8, now), puzzles.offer(4, 8, now));
        assert_ne!(one, two, "two pages got the same puzzle");
    }

    #[test]
    fn an_answer_is_taken_once_within_the_lifetime() {
        let puzzles = Puzzles::new(SecretKey::generate());
        let now = Utc::now();
        let offer = puzzles.offer(4, 8, now).unwrap();
        let solution = answer(&offer);
        let later = now + LIFETIME - Duration::seconds(1);
        assert!(puzzles.redeem(&offer.challenge, &solution, later));
        assert!(
            !puzzles.redeem(&offer.challenge, &solution, later),
            "replayed"
        );
        assert_eq!(puzzles.spent(), 1);

        let late = puzzles.offer(4, 8, now).unwrap();
        let solution = answer(&late);
        assert!(!puzzles.redeem(
            &late.challenge,
            &solution,
            now + LIFETIME + Duration::seconds(1)
        ));
    }

    #[test]
    fn wrong_forged_or_foreign_answers_are_refused() {
        let key = SecretKey::generate();
        let puzzles = Puzzles::new(key.clone());
        let now = Utc::now();
        let offer = puzzles.offer(4, 8, now).unwrap();
        let solution = answer(&offer);
        let wrong = (0..)
            .map(|n: u64| n.to_string())
            .find(|n| !puzzle::solves(&offer.challenge, offer.difficulty, n.parse().unwrap()))
            .unwrap();
        assert!(!puzzles.redeem(&offer.challenge, &wrong, now));
        assert!(!puzzles.redeem(&offer.challenge, "", now));
        assert!(!puzzles.redeem(&offer.challenge, "-1", now));
        // The same seed made easy, signed by someone without the key.
        let payload = tokens::verify(&key, PURPOSE, &offer.challenge, now, LIFETIME).unwrap();
        let easy = payload.replace(&format!("-{}", offer.difficulty), "-0");
        let forged = tokens::issue(&SecretKey::generate(), PURPOSE, &easy, now);
        assert!(!puzzles.redeem(&forged, "0", now));
        // A token the server signed for another purpose is no puzzle.
        let other = tokens::issue(&key, "report-form", &easy, now);
        assert!(!puzzles.redeem(&other, "0", now));
        // Another server's puzzle.
        let theirs = Puzzles::new(SecretKey::generate())
            .offer(4, 8, now)
            .unwrap();
        assert!(!puzzles.redeem(&theirs.challenge, &answer(&theirs), now));
        assert_eq!(puzzles.spent(), 0);
        assert!(puzzles.redeem(&offer.challenge, &solution, now));
    }

    #[test]
    fn the_spent_set_is_bounded_and_forgets_expired_puzzles() {
        let puzzles = Puzzles::remembering(SecretKey::generate(), 2);
        let now = Utc::now();
        let offers: Vec<_> = (0..3).map(|_| puzzles.offer(4, 8, now).unwrap()).collect();
        assert!(puzzles.redeem(&offers[0].challenge, &answer(&offers[0]), now));
        assert!(puzzles.redeem(&offers[1].challenge, &answer(&offers[1]), now));
        assert!(
            !puzzles.redeem(&offers[2].challenge, &answer(&offers[2]), now),
            "more remembered than allowed"
        );
        assert_eq!(puzzles.spent(), 2);
        // Once those would have expired, they make room.
        let later = now + LIFETIME + Duration::seconds(1);
        let fresh = puzzles.offer(4, 8, later).unwrap();
        assert!(puzzles.redeem(&fresh.challenge, &answer(&fresh), later));
        assert_eq!(puzzles.spent(), 1);
    }
}
