//! Load benchmark: `cargo bench --bench load` (SQLite) or
//! `BENCH_BACKEND=postgres cargo bench --bench load`.
//!
//! It starts the release binary on a fresh database, then, from 32
//! concurrent clients on loopback: submits photo-free tips for 10 s, checks
//! statuses for 10 s, and fetches the report form for 5 s (bare keep-alive
//! HTTP/1.1 requests, as wrk sends them). It prints
//! throughput, p50/p99 latency, errors and the server's peak RSS, beside
//! the argon2id hashes per second this machine computes on all cores (the
//! deliberate cost of each submission and status check). It prints figures
//! and targets; it asserts nothing.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use argon2::{Argon2, Block, Params};
use diesel::{Connection, PgConnection, RunQueryDsl};
use futures_util::future::join_all;

const CLIENTS: usize = 32;
const SUBMIT_FOR: Duration = Duration::from_secs(10);
const CHECK_FOR: Duration = Duration::from_secs(10);
const GET_FOR: Duration = Duration::from_secs(5);

fn main() {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let hash_rate = argon2_rate(cores, Duration::from_secs(3));
    println!("argon2id (19 MiB, t=2, p=1) on {cores} cores: {hash_rate:.1} hashes/s");

    let backend = std::env::var("BENCH_BACKEND").unwrap_or_else(|_| "sqlite".to_owned());
    let dir = tempfile::tempdir().expect("temporary directory");
    let postgres = (backend == "postgres").then(PgBench::create);
    let database_url = match &postgres {
        Some(pg) => pg.url.clone(),
        None => format!("sqlite://{}/tipline.db", dir.path().display()),
    };
    let (mut server, address) = start_server(dir.path(), &database_url);
    println!("server: {address}, backend {backend}, {CLIENTS} clients");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (submissions, receipts) = runtime.block_on(submit_phase(&address));
    submissions.print("submissions", SUBMIT_FOR, hash_rate);
    print_memory(server.id());
    let checks = runtime.block_on(status_phase(&address, &receipts));
    checks.print("status checks", CHECK_FOR, hash_rate);
    print_memory(server.id());
    let gets = runtime.block_on(get_phase(&address));
    gets.print("form page GETs", GET_FOR, 0.0);

    let peak_kib = peak_rss_kib(server.id());
    println!(
        "peak RSS of the server: {:.1} MB (target < 100 MB)",
        peak_kib as f64 / 1024.0
    );
    println!(
        "targets: submissions and checks >= 80 % of the hash rate, 0 errors, p99 < 1.5 s; GETs >= 20,000/s"
    );
    let _ = server.kill();
    let _ = server.wait();
    drop(postgres);
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

fn start_server(dir: &std::path::Path, database_url: &str) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tipline"))
        .env_clear()
        .env("TIPLINE_BIND", "127.0.0.1:0")
        .env("TIPLINE_DATA_DIR", dir)
        .env("DATABASE_URL", database_url)
        .env("TIPLINE_LOG", "warn,tipline=info")
        .env("TIPLINE_LOG_FORMAT", "json")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the release binary starts");
    let stderr = child.stderr.take().unwrap();
    let (found, address) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(at) = line.find(r#""address":""#) {
                let rest = &line[at + 11..];
                let _ = found.send(rest[..rest.find('"').unwrap()].to_owned());
            }
        }
    });
    let address = address
        .recv_timeout(Duration::from_secs(60))
        .expect("the server listens");
    (child, address)
}

/// What one phase measured.
struct Phase {
    latencies: Vec<Duration>,
    errors: usize,
}

impl Phase {
    fn print(&self, name: &str, span: Duration, hash_rate: f64) {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let at = |q: f64| {
            sorted.get(((sorted.len() as f64 * q) as usize).min(sorted.len().saturating_sub(1)))
        };
        let rate = sorted.len() as f64 / span.as_secs_f64();
        let share = if hash_rate > 0.0 {
            format!(", {:.0} % of the hash rate", rate / hash_rate * 100.0)
        } else {
            String::new()
        };
        println!(
            "{name}: {} done, {rate:.1}/s{share}, p50 {:.1} ms, p99 {:.1} ms, {} errors",
            sorted.len(),
            at(0.5).map_or(0.0, |d| d.as_secs_f64() * 1e3),
            at(0.99).map_or(0.0, |d| d.as_secs_f64() * 1e3),
            self.errors
        );
    }

    fn merge(phases: Vec<Phase>) -> Phase {
        Phase {
            latencies: phases.iter().flat_map(|p| p.latencies.clone()).collect(),
            errors: phases.iter().map(|p| p.errors).sum(),
        }
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn between(html: &str, before: &str, after: &str) -> Option<String> {
    let start = html.find(before)? + before.len();
    Some(
        html[start..start + html[start..].find(after)?]
            .trim()
            .to_owned(),
    )
}

async fn submit_phase(address: &str) -> (Phase, Vec<(String, String)>) {
    let deadline = Instant::now() + SUBMIT_FOR;
    let clients = (0..CLIENTS).map(|_| async move {
        let client = client();
        let mut phase = Phase {
            latencies: Vec::new(),
            errors: 0,
        };
        let mut receipts = Vec::new();
        while Instant::now() < deadline {
            let started = Instant::now();
            let outcome = async {
                let form = client
                    .get(format!("http://{address}/en/report"))
                    .send()
                    .await
                    .ok()?
                    .text()
                    .await
                    .ok()?;
                let token = between(&form, r#"name="form_token" value=""#, "\"")?;
                let fields = reqwest::multipart::Form::new()
                    .text("form_token", token)
                    .text("category", "compound")
                    .text("description", "Benchmark tip: guards at the gate")
                    .text("province", "12");
                let receipt = client
                    .post(format!("http://{address}/en/report"))
                    .multipart(fields)
                    .send()
                    .await
                    .ok()?;
                let html = receipt.text().await.ok()?;
                Some((
                    between(&html, r#"id="tip-code" translate="no">"#, "<")?,
                    between(&html, r#"id="tip-passphrase" translate="no">"#, "<")?,
                ))
            }
            .await;
            match outcome {
                Some(receipt) => {
                    phase.latencies.push(started.elapsed());
                    receipts.push(receipt);
                }
                None => phase.errors += 1,
            }
        }
        (phase, receipts)
    });
    let results = join_all(clients).await;
    let receipts = results.iter().flat_map(|(_, r)| r.clone()).collect();
    (
        Phase::merge(results.into_iter().map(|(p, _)| p).collect()),
        receipts,
    )
}

async fn status_phase(address: &str, receipts: &[(String, String)]) -> Phase {
    if receipts.is_empty() {
        return Phase {
            latencies: Vec::new(),
            errors: 0,
        };
    }
    let deadline = Instant::now() + CHECK_FOR;
    let clients = (0..CLIENTS).map(|n| async move {
        let client = client();
        let mut phase = Phase {
            latencies: Vec::new(),
            errors: 0,
        };
        let mut next = n;
        while Instant::now() < deadline {
            let (code, passphrase) = &receipts[next % receipts.len()];
            next += CLIENTS;
            let started = Instant::now();
            let page = async {
                let form = client
                    .get(format!("http://{address}/en/status"))
                    .send()
                    .await
                    .ok()?
                    .text()
                    .await
                    .ok()?;
                let token = between(&form, r#"name="form_token" value=""#, "\"")?;
                let response = client
                    .post(format!("http://{address}/en/status"))
                    .form(&[
                        ("form_token", token.as_str()),
                        ("code", code.as_str()),
                        ("passphrase", passphrase.as_str()),
                    ])
                    .send()
                    .await
                    .ok()?;
                response.text().await.ok()
            }
            .await;
            match page {
                Some(page) if page.contains(r#"id="tip-status""#) => {
                    phase.latencies.push(started.elapsed())
                }
                _ => phase.errors += 1,
            }
        }
        phase
    });
    Phase::merge(join_all(clients).await)
}

/// Fetches the report form over keep-alive connections with bare HTTP/1.1
/// requests, as a load tool such as wrk does: the client shares the two
/// cores with the server, so its own cost must stay small (a full HTTP
/// client per request measured the client as much as the server).
async fn get_phase(address: &str) -> Phase {
    let deadline = Instant::now() + GET_FOR;
    let request = format!("GET /km/report HTTP/1.1\r\nHost: {address}\r\n\r\n").into_bytes();
    let clients = (0..CLIENTS).map(|_| {
        let request = &request;
        async move {
            let mut phase = Phase {
                latencies: Vec::new(),
                errors: 0,
            };
            let Ok(mut stream) = tokio::net::TcpStream::connect(address).await else {
                phase.errors += 1;
                return phase;
            };
            let mut buffer = Vec::with_capacity(64 * 1024);
            while Instant::now() < deadline {
                let started = Instant::now();
                match fetch(&mut stream, request, &mut buffer).await {
                    Some(200) => phase.latencies.push(started.elapsed()),
                    Some(_) => phase.errors += 1,
                    None => {
                        phase.errors += 1;
                        break;
                    }
                }
            }
            phase
        }
    });
    Phase::merge(join_all(clients).await)
}

/// Sends one request and reads its whole response; returns the status.
async fn fetch(
    stream: &mut tokio::net::TcpStream,
    request: &[u8],
    buffer: &mut Vec<u8>,
) -> Option<u16> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream.write_all(request).await.ok()?;
    buffer.clear();
    let (head_len, status, body_len) = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = std::str::from_utf8(&buffer[..end]).ok()?;
            let status = head.split(' ').nth(1)?.parse().ok()?;
            let body_len = head.lines().find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())?
            })?;
            break (end + 4, status, body_len);
        }
        if stream.read_buf(buffer).await.ok()? == 0 {
            return None;
        }
    };
    while buffer.len() < head_len + body_len {
        if stream.read_buf(buffer).await.ok()? == 0 {
            return None;
        }
    }
    Some(status)
}

/// The server's resident memory now, and its thread count.
fn print_memory(pid: u32) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or("?")
            .trim()
            .to_owned()
    };
    println!(
        "  server now: RSS {}, {} threads",
        field("VmRSS:"),
        field("Threads:")
    );
}

/// The peak resident set size (VmHWM) of a process, in KiB.
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// A fresh PostgreSQL database for one run, dropped afterwards.
struct PgBench {
    url: String,
    name: String,
}

const PG_ADMIN: &str = "postgres://postgres@127.0.0.1:5432/postgres";

impl PgBench {
    fn create() -> Self {
        let mut conn = PgConnection::establish(PG_ADMIN).expect("PostgreSQL on 127.0.0.1:5432");
        let name = format!("tipline_bench_{}", std::process::id());
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .unwrap();
        PgBench {
            url: format!("postgres://postgres@127.0.0.1:5432/{name}"),
            name,
        }
    }
}

impl Drop for PgBench {
    fn drop(&mut self) {
        if let Ok(mut conn) = PgConnection::establish(PG_ADMIN) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .execute(&mut conn);
        }
    }
}
