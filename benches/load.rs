//! Load benchmark: `cargo bench --bench load` (SQLite) or
//! `BENCH_BACKEND=postgres cargo bench --bench load`.
//!
//! It starts the release binary on a fresh database, then, from 32
//! concurrent clients on loopback, each from an address of its own
//! (127.0.0.2–127.0.0.33, so the server's fair-share limiter sees 32
//! people): submits photo-free tips for 10 s, checks statuses for 10 s,
//! and fetches the report form for 5 s (bare keep-alive HTTP/1.1
//! requests, as wrk sends them). It prints throughput, p50/p99 latency,
//! errors and the server's peak RSS, beside the argon2id hashes per second
//! this machine computes on all cores (the deliberate cost of each
//! submission and status check). It prints figures and targets; it
//! asserts nothing.

// The flood benchmark uses the whole harness; this one uses a part.
#[allow(dead_code)]
mod harness;

use std::cell::RefCell;
use std::time::{Duration, Instant};

use argon2::{Argon2, Block, Params};
use futures_util::future::join_all;
use harness::latency::Latencies;
use harness::memory;
use harness::net::{Connection, loopback, request};
use harness::server::{Backend, Server};
use harness::visitor::{COMPOUND_REPORT, Receipt, Visitor};

const CLIENTS: u8 = 32;
const SUBMIT_FOR: Duration = Duration::from_secs(10);
const CHECK_FOR: Duration = Duration::from_secs(10);
const GET_FOR: Duration = Duration::from_secs(5);

fn main() {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let hash_rate = argon2_rate(cores, Duration::from_secs(3));
    println!("argon2id (19 MiB, t=2, p=1) on {cores} cores: {hash_rate:.1} hashes/s");

    let backend = Backend::from_env();
    let server = Server::start(backend, &[]);
    println!(
        "server: {}, backend {}, {CLIENTS} clients from 127.0.0.2–127.0.0.{}",
        server.address,
        backend.name(),
        CLIENTS + 1
    );

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (submissions, receipts) = runtime.block_on(submit_phase(&server));
    submissions.print("submissions", SUBMIT_FOR, hash_rate);
    print_memory(server.pid());
    let checks = runtime.block_on(status_phase(&server, &receipts));
    checks.print("status checks", CHECK_FOR, hash_rate);
    print_memory(server.pid());
    let gets = runtime.block_on(get_phase(&server));
    gets.print("form page GETs", GET_FOR, 0.0);

    println!(
        "peak RSS of the server: {:.1} MB (target < 100 MB)",
        memory::lifetime_peak_mb(server.pid())
    );
    println!(
        "targets: submissions and checks >= 80 % of the hash rate, 0 errors, p99 < 1.5 s; GETs >= 20,000/s"
    );
}

/// Hashes per second on `threads` threads, each hashing for `span`.
fn argon2_rate(threads: usize, span: Duration) -> f64 {
    let started = Instant::now();
    let counts: Vec<usize> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    // As the server does: one work area per thread, reused.
                    let mut area = vec![Block::default(); Params::default().block_count()];
                    let mut out = [0u8; 32];
                    let mut count = 0;
                    while started.elapsed() < span {
                        Argon2::default()
                            .hash_password_into_with_memory(
                                b"1234567890123456",
                                b"sixteen byte salt",
                                &mut out,
                                &mut area,
                            )
                            .unwrap();
                        count += 1;
                    }
                    count
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().unwrap())
            .collect()
    });
    counts.iter().sum::<usize>() as f64 / started.elapsed().as_secs_f64()
}

/// What one phase measured.
#[derive(Default)]
struct Phase {
    latencies: Latencies,
    errors: usize,
}

impl Phase {
    fn print(&self, name: &str, span: Duration, hash_rate: f64) {
        let rate = self.latencies.len() as f64 / span.as_secs_f64();
        let share = if hash_rate > 0.0 {
            format!(", {:.0} % of the hash rate", rate / hash_rate * 100.0)
        } else {
            String::new()
        };
        let ms = |q: f64| {
            self.latencies
                .percentile(q)
                .map_or(0.0, |d| d.as_secs_f64() * 1e3)
        };
        println!(
            "{name}: {} done, {rate:.1}/s{share}, p50 {:.1} ms, p99 {:.1} ms, {} errors",
            self.latencies.len(),
            ms(0.5),
            ms(0.99),
            self.errors
        );
    }

    /// Counts one request that started at `started`.
    fn note<T, E>(&mut self, started: Instant, outcome: &Result<T, E>) {
        match outcome {
            Ok(_) => self.latencies.push(started.elapsed()),
            Err(_) => self.errors += 1,
        }
    }
}

/// The `n`th client's address.
fn client(n: u8) -> std::net::Ipv4Addr {
    loopback(2 + n)
}

async fn submit_phase(server: &Server) -> (Phase, Vec<Receipt>) {
    let deadline = Instant::now() + SUBMIT_FOR;
    let phase = RefCell::new(Phase::default());
    let receipts = RefCell::new(Vec::new());
    join_all((0..CLIENTS).map(|n| {
        let (phase, receipts) = (&phase, &receipts);
        async move {
            let visitor = Visitor::new(client(n), server.address);
            while Instant::now() < deadline {
                let started = Instant::now();
                let receipt = visitor.report("/km/report", COMPOUND_REPORT).await;
                phase.borrow_mut().note(started, &receipt);
                receipts.borrow_mut().extend(receipt);
            }
        }
    }))
    .await;
    (phase.into_inner(), receipts.into_inner())
}

async fn status_phase(server: &Server, receipts: &[Receipt]) -> Phase {
    let phase = RefCell::new(Phase::default());
    if receipts.is_empty() {
        return phase.into_inner();
    }
    let deadline = Instant::now() + CHECK_FOR;
    join_all((0..CLIENTS).map(|n| {
        let phase = &phase;
        async move {
            let visitor = Visitor::new(client(n), server.address);
            let mut next = usize::from(n);
            while Instant::now() < deadline {
                let receipt = &receipts[next % receipts.len()];
                next += usize::from(CLIENTS);
                let started = Instant::now();
                let checked = visitor.check_status(receipt).await;
                phase.borrow_mut().note(started, &checked);
            }
        }
    }))
    .await;
    phase.into_inner()
}

/// Fetches the report form over keep-alive connections with bare HTTP/1.1
/// requests, as a load tool such as wrk does: the client shares the two
/// cores with the server, so its own cost must stay small (a full HTTP
/// client per request measured the client as much as the server).
async fn get_phase(server: &Server) -> Phase {
    let deadline = Instant::now() + GET_FOR;
    let request = request("GET", "/km/report", &[], &[]);
    let phase = RefCell::new(Phase::default());
    join_all((0..CLIENTS).map(|n| {
        let (request, phase) = (&request, &phase);
        async move {
            let Ok(mut connection) = Connection::open(client(n), server.address).await else {
                phase.borrow_mut().errors += 1;
                return;
            };
            while Instant::now() < deadline {
                let started = Instant::now();
                match connection.send(request).await {
                    Ok(answer) if answer.status == 200 => {
                        phase.borrow_mut().latencies.push(started.elapsed())
                    }
                    Ok(_) => phase.borrow_mut().errors += 1,
                    Err(_) => {
                        phase.borrow_mut().errors += 1;
                        break;
                    }
                }
            }
        }
    }))
    .await;
    phase.into_inner()
}

/// The server's resident memory now, and its thread count.
fn print_memory(pid: u32) {
    println!(
        "  server now: RSS {:.1} MB, {} threads",
        memory::rss_mb(pid),
        memory::status_field(pid, "Threads:").unwrap_or(0)
    );
}
