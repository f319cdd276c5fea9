//! Proof of work for browsers that run scripts: under pressure a form
//! carries a small puzzle, and a post that brings its answer goes into a
//! reserved share of the hashing pool. A puzzle is a random seed and a
//! difficulty (leading zero bits); it names no visitor. Its answer is a
//! number `n` such that SHA-256 of `challenge:n` (the challenge being the
//! signed text the page carries) starts with that many zero bits: about
//! 2^difficulty hashes to find, one to check.

use sha2::{Digest, Sha256};

/// The fewest zero bits asked for, once the pool is half full.
pub const EASIEST: u8 = 13;
/// The most asked for, with the pool full.
pub const HARDEST: u8 = 16;

/// One puzzle as issued: its seed makes it single-use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Puzzle {
    pub seed: [u8; 16],
    pub difficulty: u8,
}

impl Puzzle {
    /// A fresh puzzle of `difficulty` bits.
    pub fn fresh(difficulty: u8) -> Self {
        let mut seed = [0u8; 16];
        rand::fill(&mut seed);
        Puzzle { seed, difficulty }
    }

    /// The puzzle as the payload of a signed token: `seed-difficulty`.
    pub fn to_payload(&self) -> String {
        format!("{}-{}", crate::secret::to_hex(&self.seed), self.difficulty)
    }

    /// The puzzle a token's payload names, if it is one.
    pub fn from_payload(payload: &str) -> Option<Self> {
        let (seed, difficulty) = payload.split_once('-')?;
        if seed.len() != 32 || !seed.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut bytes = [0u8; 16];
        for (byte, pair) in bytes.iter_mut().zip(seed.as_bytes().chunks(2)) {
            *byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
        }
        let difficulty = difficulty.parse::<u8>().ok()?;
        (difficulty <= HARDEST).then_some(Puzzle {
            seed: bytes,
            difficulty,
        })
    }
}

/// The difficulty for a pool of `capacity` of which `held` is in use:
/// none below half full, then from [`EASIEST`] up to [`HARDEST`] bits as
/// the pool fills.
pub fn difficulty_for(held: usize, capacity: usize) -> Option<u8> {
    if capacity == 0 || held * 2 < capacity {
        return None;
    }
    let steps = usize::from(HARDEST - EASIEST);
    // 0 at half full, `steps` when full.
    let above_half = (held.min(capacity) * 2 - capacity) * steps / capacity;
    Some(EASIEST + u8::try_from(above_half).unwrap_or(HARDEST - EASIEST))
}

/// The zero bits `digest` starts with.
fn leading_zero_bits(digest: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in digest {
        bits += byte.leading_zeros();
        if *byte != 0 {
            break;
        }
    }
    bits
}

fn digest(challenge: &str, solution: u64) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(challenge.as_bytes());
    hasher.update(b":");
    hasher.update(solution.to_string().as_bytes());
    hasher.finalize().into()
}

/// Whether `solution` answers `challenge` at `difficulty` bits.
pub fn solves(challenge: &str, difficulty: u8, solution: u64) -> bool {
    leading_zero_bits(&digest(challenge, solution)) >= u32::from(difficulty)
}

/// The first answer to `challenge`, as a browser's worker finds it (for
/// tests and benchmarks that play the browser).
pub fn solve(challenge: &str, difficulty: u8) -> u64 {
    (0..)
        .find(|&n| solves(challenge, difficulty, n))
        .unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_puzzle_below_half_full_then_harder_as_the_pool_fills() {
        assert_eq!(difficulty_for(0, 66), None);
        assert_eq!(difficulty_for(32, 66), None);
        assert_eq!(difficulty_for(33, 66), Some(13));
        assert_eq!(difficulty_for(44, 66), Some(14));
        assert_eq!(difficulty_for(55, 66), Some(15));
        assert_eq!(difficulty_for(66, 66), Some(16));
        assert_eq!(difficulty_for(80, 66), Some(16), "more than full");
        assert_eq!(difficulty_for(0, 0), None);
        assert_eq!(difficulty_for(1, 2), Some(13));
        let rising: Vec<_> = (0..=66)
            .filter_map(|held| difficulty_for(held, 66))
            .collect();
        assert!(rising.windows(2).all(|pair| pair[0] <= pair[1]));
    }

    #[test]
    fn zero_bits_are_counted_across_bytes() {
        assert_eq!(leading_zero_bits(&[0xff]), 0);
        assert_eq!(leading_zero_bits(&[0x01, 0xff]), 7);
        assert_eq!(leading_zero_bits(&[0, 0x10]), 11);
        assert_eq!(leading_zero_bits(&[0, 0, 0]), 24);
    }

    #[test]
    fn an_answer_found_solves_its_puzzle_only() {
        let challenge = "5f2b.1700000000.ab";
        let answer = solve(challenge, 12);
        assert!(solves(challenge, 12, answer));
        assert!(leading_zero_bits(&digest(challenge, answer)) >= 12);
        // Every smaller number fails, so the answer is the first one.
        assert!((0..answer).all(|n| !solves(challenge, 12, n)));
        // Matches SHA-256 as any browser computes it.
        let expected = Sha256::digest(format!("{challenge}:{answer}").as_bytes());
        assert_eq!(digest(challenge, answer).as_slice(), expected.as_slice());
    }

    #[test]
    fn a_puzzle_survives_its_payload_and_junk_is_no_puzzle() {
        let puzzle = Puzzle::fresh(14);
        assert_eq!(Puzzle::from_payload(&puzzle.to_payload()), Some(puzzle));
        assert_ne!(Puzzle::fresh(14).seed, puzzle.seed);
        assert!(!puzzle.to_payload().contains('.'), "a token payload");
        for junk in [
            "",
            "-",
            "00-13",
            "zz000000000000000000000000000000-13",
            "00000000000000000000000000000000-",
            "00000000000000000000000000000000-17",
            "00000000000000000000000000000000-x",
        ] {
            assert_eq!(Puzzle::from_payload(junk), None, "{junk:?}");
        }
    }
}
