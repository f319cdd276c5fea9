//! A genuine visitor and reviewers, on addresses of their own, using the
//! service while an attack runs and after it stops: what they waited, what
//! failed them, and how long the service took to come back.

use std::cell::RefCell;
use std::fmt;
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::latency::{Latencies, Tally};
use super::net::Failure;
use super::staff::StaffBrowser;
use super::visitor::{COMPOUND_REPORT, Receipt, Visitor};

/// A request answers "normally" when it succeeds within this.
const NORMAL: Duration = Duration::from_secs(1);
/// How long after the attack the service may take to come back.
const RECOVERY_MAX: Duration = Duration::from_secs(60);
/// The visitor's pause between rounds: a person, not a load.
const PAUSE: Duration = Duration::from_millis(200);

/// The requests watched.
#[derive(Clone, Copy)]
enum Watching {
    Report,
    StatusCheck,
    Healthz,
    SignIn,
}

impl fmt::Display for Watching {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Watching::Report => "report",
            Watching::StatusCheck => "status check",
            Watching::Healthz => "/healthz",
            Watching::SignIn => "sign-in",
        })
    }
}

/// What the watchers saw while the attack ran.
#[derive(Default)]
pub struct Watched {
    pub reports: Latencies,
    pub checks: Latencies,
    pub healthz: Latencies,
    pub sign_ins: Latencies,
    pub failures: Tally,
    /// From the attack's end until a report and a status check, both sent
    /// after it, each answered normally within a second.
    pub recovery: Option<Duration>,
}

impl Watched {
    fn latencies(&mut self, of: Watching) -> &mut Latencies {
        match of {
            Watching::Report => &mut self.reports,
            Watching::StatusCheck => &mut self.checks,
            Watching::Healthz => &mut self.healthz,
            Watching::SignIn => &mut self.sign_ins,
        }
    }
}

impl fmt::Display for Watched {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "  genuine status check: {} (target p99 < 5 s)",
            self.checks
        )?;
        writeln!(
            f,
            "  genuine report:       {} (target p99 < 5 s)",
            self.reports
        )?;
        writeln!(
            f,
            "  staff sign-in:        {} (target < 2 s)",
            self.sign_ins
        )?;
        writeln!(f, "  /healthz:             {}", self.healthz)?;
        writeln!(f, "  genuine failures:     {}", self.failures)?;
        match self.recovery {
            Some(recovery) => write!(
                f,
                "  recovery after the attack: {:.2} s (target < 5 s)",
                recovery.as_secs_f64()
            ),
            None => write!(
                f,
                "  recovery after the attack: none within {} s (target < 5 s)",
                RECOVERY_MAX.as_secs()
            ),
        }
    }
}

/// Watchers running on a thread of their own, so the attack's work on the
/// bench's thread does not delay them.
pub struct Watch {
    attack_over: Arc<OnceLock<Instant>>,
    thread: JoinHandle<Watched>,
}

impl Watch {
    /// Starts the visitor (who already holds `receipt`) and the reviewers.
    pub fn start(visitor: Visitor, receipt: Receipt, staff: Vec<StaffBrowser>) -> Watch {
        let attack_over = Arc::new(OnceLock::new());
        let over = attack_over.clone();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async {
                let watched = RefCell::new(Watched::default());
                futures_util::future::join(
                    visit(&visitor, receipt, &over, &watched),
                    reviewers(staff, &over, &watched),
                )
                .await;
                watched.into_inner()
            })
        });
        Watch {
            attack_over,
            thread,
        }
    }

    /// The attack stopped now.
    pub fn attack_over(&self) {
        let _ = self.attack_over.set(Instant::now());
    }

    /// Waits until the service came back (or [`RECOVERY_MAX`] passed).
    pub fn finish(self) -> Watched {
        self.thread.join().expect("the watchers end")
    }
}

/// Rounds of report, status check and `/healthz` until the service came
/// back after the attack.
async fn visit(
    visitor: &Visitor,
    mut receipt: Receipt,
    over: &OnceLock<Instant>,
    watched: &RefCell<Watched>,
) {
    let (mut reported, mut checked) = (None, None);
    loop {
        if let Some(over) = over.get() {
            if let (Some(reported), Some(checked)) = (reported, checked) {
                watched.borrow_mut().recovery = Some(Instant::max(reported, checked) - *over);
                return;
            }
            if over.elapsed() > RECOVERY_MAX {
                return;
            }
        }
        let started = Instant::now();
        let report = visitor.report("/km/report", COMPOUND_REPORT).await;
        let fine = note(
            watched,
            over,
            Watching::Report,
            started,
            report.as_ref().map(drop).map_err(|f| *f),
        );
        reported = reported.or(fine);
        if let Ok(fresh) = report {
            receipt = fresh;
        }
        let started = Instant::now();
        let check = visitor.check_status(&receipt).await;
        checked = checked.or(note(watched, over, Watching::StatusCheck, started, check));
        let started = Instant::now();
        let health = visitor.healthz().await;
        note(watched, over, Watching::Healthz, started, health);
        tokio::time::sleep(PAUSE).await;
    }
}

/// Reviewers sign in in turn while the attack runs, each when their
/// authenticator shows a code not used yet.
async fn reviewers(
    mut staff: Vec<StaffBrowser>,
    over: &OnceLock<Instant>,
    watched: &RefCell<Watched>,
) {
    while over.get().is_none() {
        let Some(browser) = staff.iter_mut().find(|browser| browser.ready()) else {
            tokio::time::sleep(Duration::from_millis(500)).await;
            continue;
        };
        let started = Instant::now();
        let outcome = browser.sign_in().await;
        note(watched, over, Watching::SignIn, started, outcome);
    }
}

/// Records a request that started at `started`. During the attack its
/// latency or failure counts; after it, a normal answer's end is returned.
fn note(
    watched: &RefCell<Watched>,
    over: &OnceLock<Instant>,
    what: Watching,
    started: Instant,
    outcome: Result<(), Failure>,
) -> Option<Instant> {
    let latency = started.elapsed();
    let mut watched = watched.borrow_mut();
    match (over.get(), outcome) {
        (Some(over), Ok(())) if started >= *over => (latency < NORMAL).then(Instant::now),
        (Some(over), Err(failure)) if started >= *over => {
            watched
                .failures
                .count(format!("{what} after the attack: {failure}"));
            None
        }
        (_, Ok(())) => {
            watched.latencies(what).push(latency);
            None
        }
        (_, Err(failure)) => {
            watched.failures.count(format!("{what}: {failure}"));
            None
        }
    }
}
