//! What requests measured: their latencies, summed up as percentiles, and
//! their outcomes, counted by kind.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// Latencies of one kind of request.
#[derive(Clone, Default)]
pub struct Latencies(Vec<Duration>);

impl Latencies {
    pub fn push(&mut self, latency: Duration) {
        self.0.push(latency);
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The latency below which a share `q` (0 to 1) of them lie.
    pub fn percentile(&self, q: f64) -> Option<Duration> {
        let mut sorted = self.0.clone();
        sorted.sort();
        let at = ((sorted.len() as f64 * q) as usize).min(sorted.len().checked_sub(1)?);
        Some(sorted[at])
    }
}

/// `n 120, p50 12.3 ms, p99 45.6 ms, max 78.9 ms`.
impl fmt::Display for Latencies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |q: f64| self.percentile(q).map_or(0.0, |d| d.as_secs_f64() * 1e3);
        write!(
            f,
            "n {}, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            self.len(),
            ms(0.5),
            ms(0.99),
            ms(1.0)
        )
    }
}

/// How many requests ended each way ("200", "503", "timed out", …).
#[derive(Clone, Default)]
pub struct Tally(BTreeMap<String, usize>);

impl Tally {
    pub fn count(&mut self, outcome: impl fmt::Display) {
        *self.0.entry(outcome.to_string()).or_default() += 1;
    }

    pub fn add(&mut self, other: &Tally) {
        for (outcome, n) in &other.0 {
            *self.0.entry(outcome.clone()).or_default() += n;
        }
    }

    pub fn total(&self) -> usize {
        self.0.values().sum()
    }
}

/// `200 × 12, 503 × 3`, or `none`.
impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("none");
        }
        let parts: Vec<String> = self.0.iter().map(|(k, n)| format!("{k} × {n}")).collect();
        f.write_str(&parts.join(", "))
    }
}
