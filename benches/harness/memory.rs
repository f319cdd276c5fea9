//! A process's memory as Linux reports it in `/proc/<pid>/status`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

const SAMPLE_EVERY: Duration = Duration::from_millis(50);

/// A numeric field of `/proc/<pid>/status` (`VmRSS:`, `VmHWM:` in KiB,
/// `Threads:`), if the process is there.
pub fn status_field(pid: u32, name: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(name))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Resident memory now, in MB.
pub fn rss_mb(pid: u32) -> f64 {
    status_field(pid, "VmRSS:").unwrap_or(0) as f64 / 1024.0
}

/// The most resident memory the process ever had (`VmHWM`), in MB.
pub fn lifetime_peak_mb(pid: u32) -> f64 {
    status_field(pid, "VmHWM:").unwrap_or(0) as f64 / 1024.0
}

/// Samples a process's resident memory every 50 ms on a thread of its own,
/// keeping the highest since the last [`RssSampler::take_peak_mb`].
pub struct RssSampler {
    peak_kib: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl RssSampler {
    pub fn start(pid: u32) -> Self {
        let peak_kib = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (peak_kib, stop) = (peak_kib.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if let Some(rss) = status_field(pid, "VmRSS:") {
                        peak_kib.fetch_max(rss, Ordering::Relaxed);
                    }
                    std::thread::sleep(SAMPLE_EVERY);
                }
            })
        };
        RssSampler {
            peak_kib,
            stop,
            thread: Some(thread),
        }
    }

    /// The highest resident memory sampled since the last call, in MB.
    pub fn take_peak_mb(&self) -> f64 {
        self.peak_kib.swap(0, Ordering::Relaxed) as f64 / 1024.0
    }
}

impl Drop for RssSampler {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
