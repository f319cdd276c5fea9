//! Flood benchmark: `cargo bench --bench flood` (SQLite) or
//! `BENCH_BACKEND=postgres cargo bench --bench flood`; `FLOOD_ATTACKS=a,c`
//! runs only some of the attacks.
//!
//! Each attack gets a fresh release server and runs from loopback
//! addresses of its own, while a genuine visitor (127.0.1.1) reports, checks
//! the status of their tip and asks `/healthz` in rounds, and reviewers
//! (127.0.1.2) sign in with password and authenticator code:
//!
//! - a) a status-check flood: 64 connections from 127.0.0.2 post
//!   well-formed random codes, every other one dropped once sent;
//! - b) rounds of 16 uploads of 50 MB at once (five 10 MB photos: random
//!   bytes, and every other round a real JPEG), one address each;
//! - c) 200 slow bodies from 127.0.0.2–127.0.0.11: a declared length,
//!   then a byte every 3 s;
//! - d) 2,000 urgent tips ("someone is held") at one GPS point from
//!   127.0.0.2–127.0.0.65, 16 at a time.
//!
//! For each it prints the attacker's rate and what it got, the genuine
//! visitor's and reviewers' latencies, the server's peak RSS and the time
//! to recover once the attack stops; for d) also the submission rate of
//! the last 100 tips against the first 100. It asserts nothing.

mod harness;

use std::cell::{Cell, RefCell};
use std::fmt;
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use harness::latency::{Latencies, Tally};
use harness::memory::{self, RssSampler};
use harness::net::{Connection, Failure, loopback, request};
use harness::server::{Backend, Server};
use harness::staff::{StaffBrowser, create_admin};
use harness::visitor::{
    COMPOUND_REPORT, Visitor, form_token, multipart, multipart_end, multipart_type,
    photo_part_head, status_request, text_part,
};
use harness::watch::Watch;

const VISITOR: Ipv4Addr = Ipv4Addr::new(127, 0, 1, 1);
const STAFF: Ipv4Addr = Ipv4Addr::new(127, 0, 1, 2);
/// Reviewers signing in in turn: each code works once, so one account
/// signs in at most once per 30-second step.
const REVIEWERS: usize = 4;

/// How long attacks a) and c) run; b) and d) stop at this or when done.
const ATTACK_FOR: Duration = Duration::from_secs(30);

const FLOOD_CONNECTIONS: usize = 64;

const UPLOADS_AT_ONCE: u8 = 16;
const UPLOAD_ROUNDS: usize = 4;
const UPLOADS_FOR: Duration = Duration::from_secs(60);
/// How long one upload may take before it counts as timed out.
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(30);
const PHOTOS_PER_UPLOAD: usize = 5;
const PHOTO_BYTES: usize = 10_000_000;

const SLOW_BODIES: usize = 200;
const SLOW_ADDRESSES: usize = 10;
const SLOW_EVERY: Duration = Duration::from_secs(3);
const SLOW_DECLARED: usize = 1_000_000;

const URGENT_TIPS: usize = 2_000;
const URGENT_AT_ONCE: usize = 16;
const URGENT_ADDRESSES: usize = 64;
const URGENT_FOR: Duration = Duration::from_secs(150);
/// Near Sihanoukville.
const URGENT_POINT: (&str, &str) = ("10.6270", "103.5220");

fn main() {
    let backend = Backend::from_env();
    let chosen = std::env::var("FLOOD_ATTACKS").unwrap_or_else(|_| "a,b,c,d".to_owned());
    println!(
        "flood benchmark on {}: attacks {chosen}; genuine visitor {VISITOR}, reviewers {STAFF}",
        backend.name()
    );
    for attack in chosen.split(',').map(str::trim) {
        match attack {
            "a" => run(backend, "a) status-check flood", status_flood),
            "b" => run(backend, "b) burst of 50 MB uploads", upload_burst),
            "c" => run(backend, "c) slow bodies", slow_bodies),
            "d" => run(backend, "d) urgent tips at one place", urgent_tips),
            other => println!("\nno attack {other:?}: choose among a, b, c, d"),
        }
    }
}

/// What an attack did and got.
struct Attacked {
    span: Duration,
    outcomes: Tally,
    /// Further lines of figures of this attack.
    notes: Vec<String>,
}

impl fmt::Display for Attacked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.outcomes.total();
        write!(
            f,
            "  attacker: {total} requests in {:.1} s ({:.1}/s): {}",
            self.span.as_secs_f64(),
            total as f64 / self.span.as_secs_f64(),
            self.outcomes
        )?;
        for note in &self.notes {
            write!(f, "\n  {note}")?;
        }
        Ok(())
    }
}

/// Starts a fresh server with reviewers and a visitor who reported once,
/// runs `attack` while they watch, and prints what everyone saw.
fn run<A, F>(backend: Backend, title: &str, attack: A)
where
    A: FnOnce(SocketAddr) -> F,
    F: Future<Output = Attacked>,
{
    println!("\n{title}");
    let server = Server::start(backend, &[]);
    let sampler = RssSampler::start(server.pid());
    let emails: Vec<String> = (0..REVIEWERS)
        .map(|n| format!("reviewer{n}@police.gov.kh"))
        .collect();
    for email in &emails {
        create_admin(&server, email);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let visitor = Visitor::new(VISITOR, server.address);
    let (receipt, staff) = runtime.block_on(async {
        let receipt = visitor.report("/km/report", COMPOUND_REPORT).await;
        let mut staff = Vec::new();
        for email in &emails {
            let mut browser = StaffBrowser::new(STAFF, server.address, email);
            browser.enrol().await.expect("a reviewer enrols");
            staff.push(browser);
        }
        (receipt.expect("a report before the attack"), staff)
    });
    let before = memory::rss_mb(server.pid());
    sampler.take_peak_mb();

    let watch = Watch::start(visitor, receipt, staff);
    let attacked = runtime.block_on(attack(server.address));
    watch.attack_over();
    let watched = watch.finish();
    println!("{attacked}");
    println!("{watched}");
    println!(
        "  server RSS: {before:.1} MB before, peak {:.1} MB during the attack and recovery (target < 300 MB; VmHWM {:.1} MB), {} threads at the end",
        sampler.take_peak_mb(),
        memory::lifetime_peak_mb(server.pid()),
        memory::status_field(server.pid(), "Threads:").unwrap_or(0)
    );
}

/// 8 random Crockford characters, as a code is shown: `K7QM-4XRT`.
fn random_code() -> String {
    const CROCKFORD: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut code: String = (0..8)
        .map(|_| char::from(CROCKFORD[rand::random_range(0..CROCKFORD.len())]))
        .collect();
    code.insert(4, '-');
    code
}

/// 16 random digits in groups of four.
fn random_passphrase() -> String {
    let groups: Vec<String> = (0..4)
        .map(|_| format!("{:04}", rand::random_range(0..10_000)))
        .collect();
    groups.join(" ")
}

/// a) Status checks with well-formed random codes from one address, as
/// fast as 64 connections go, each on a status form of its own (a form
/// may be posted once); every other one is sent on a connection of its
/// own that is closed at once, as a client that gave up.
async fn status_flood(server: SocketAddr) -> Attacked {
    let from = loopback(2);
    let started = Instant::now();
    let deadline = tokio::time::Instant::now() + ATTACK_FOR;
    let form = &request("GET", "/km/status", &[], &[]);
    let tallies = join_all((0..FLOOD_CONNECTIONS).map(|_| async move {
        let mut tally = Tally::default();
        let mut kept: Option<Connection> = None;
        while tokio::time::Instant::now() < deadline {
            let mut connection = match kept.take() {
                Some(connection) => connection,
                None => match Connection::open(from, server).await {
                    Ok(connection) => connection,
                    Err(error) => {
                        tally.count(Failure::from(error));
                        continue;
                    }
                },
            };
            let forms = async {
                let dropped = form_token(&connection.send(form).await?)?;
                let waited = form_token(&connection.send(form).await?)?;
                Ok::<_, Failure>((dropped, waited))
            };
            let (dropped, waited) = match tokio::time::timeout_at(deadline, forms).await {
                Ok(Ok(tokens)) => tokens,
                Ok(Err(failure)) => {
                    tally.count(format!("status form: {failure}"));
                    continue;
                }
                Err(_) => break,
            };
            let dropped = status_request(&dropped, &random_code(), &random_passphrase());
            match Connection::open(from, server).await {
                Ok(mut gone) => match gone.write(&dropped).await {
                    Ok(()) => tally.count("dropped once sent"),
                    Err(error) => tally.count(Failure::from(error)),
                },
                Err(error) => tally.count(Failure::from(error)),
            }
            let waited = status_request(&waited, &random_code(), &random_passphrase());
            match tokio::time::timeout_at(deadline, connection.send(&waited)).await {
                Ok(Ok(answer)) => {
                    tally.count(answer.status);
                    if answer.keeps_alive() {
                        kept = Some(connection);
                    }
                }
                Ok(Err(failure)) => tally.count(failure),
                Err(_) => tally.count("unanswered at the end"),
            }
        }
        tally
    }))
    .await;
    let mut outcomes = Tally::default();
    tallies.iter().for_each(|tally| outcomes.add(tally));
    Attacked {
        span: started.elapsed(),
        outcomes,
        notes: vec!["each post on a fresh status form, fetched on the kept connection".to_owned()],
    }
}

/// A photo of `PHOTO_BYTES` random bytes, and a real JPEG of about as
/// many (noise at a size that encodes to just under the photo bound).
fn photos() -> (Vec<u8>, Vec<u8>) {
    let mut random = vec![0u8; PHOTO_BYTES];
    rand::fill(&mut random[..]);
    let encode = |width: u32, height: u32| {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            let shade = ((x + y) % 256) as u8;
            image::Rgb([
                shade,
                rand::random(),
                shade.wrapping_add(rand::random::<u8>() / 4),
            ])
        });
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95)
            .encode_image(&image)
            .expect("a JPEG encodes");
        jpeg
    };
    let trial = encode(1000, 1000);
    let scale = (PHOTO_BYTES as f64 * 0.95 / trial.len() as f64).sqrt();
    let side = (1000.0 * scale) as u32;
    (random, encode(side, side * 3 / 4 + side / 4))
}

/// b) Rounds of uploads at once, each a report with five 10 MB photos,
/// from an address each; a round starts while `UPLOADS_FOR` has not passed.
async fn upload_burst(server: SocketAddr) -> Attacked {
    let (random, jpeg) = photos();
    println!(
        "  photos: {} random bytes, and a JPEG of {} bytes",
        random.len(),
        jpeg.len()
    );
    // One upload alone first, so the rounds can be told apart from the
    // cost of the photos themselves.
    let alone = Instant::now();
    let answer = tokio::time::timeout(UPLOAD_TIMEOUT, upload(loopback(2), server, &jpeg))
        .await
        .unwrap_or(Err(Failure::TimedOut));
    let mut notes = vec![format!(
        "one JPEG upload alone, before the burst: {} in {:.1} s",
        answer.map_or_else(|failure| failure.to_string(), |status| status.to_string()),
        alone.elapsed().as_secs_f64()
    )];
    let started = Instant::now();
    let mut outcomes = Tally::default();
    for round in 0..UPLOAD_ROUNDS {
        if started.elapsed() > UPLOADS_FOR {
            break;
        }
        let (photo, kind) = match round % 2 {
            0 => (&random, "random bytes"),
            _ => (&jpeg, "JPEG"),
        };
        let round_started = Instant::now();
        let results = join_all((0..UPLOADS_AT_ONCE).map(|n| async move {
            let started = Instant::now();
            let answer =
                tokio::time::timeout(UPLOAD_TIMEOUT, upload(loopback(2 + n), server, photo))
                    .await
                    .unwrap_or(Err(Failure::TimedOut));
            (answer, started.elapsed())
        }))
        .await;
        let mut latencies = Latencies::default();
        let mut round_outcomes = Tally::default();
        for (answer, latency) in results {
            latencies.push(latency);
            match answer {
                Ok(status) => round_outcomes.count(status),
                Err(failure) => round_outcomes.count(failure),
            }
        }
        notes.push(format!(
            "round {} ({kind}): {UPLOADS_AT_ONCE} uploads in {:.1} s: {round_outcomes}; each {latencies}",
            round + 1,
            round_started.elapsed().as_secs_f64()
        ));
        outcomes.add(&round_outcomes);
    }
    Attacked {
        span: started.elapsed(),
        outcomes,
        notes,
    }
}

/// One report carrying `PHOTOS_PER_UPLOAD` copies of `photo`, the form
/// token first as the form sends it; the status of the answer.
async fn upload(from: Ipv4Addr, server: SocketAddr, photo: &[u8]) -> Result<u16, Failure> {
    let form = Visitor::new(from, server)
        .get("/km/report")
        .await?
        .expect(200)?;
    let token = form_token(&form)?;
    let mut fields = text_part("form_token", &token);
    for (name, value) in COMPOUND_REPORT {
        fields.extend(text_part(name, value));
    }
    let photo_head = photo_part_head("photo.jpg");
    let end = multipart_end();
    let length =
        fields.len() + PHOTOS_PER_UPLOAD * (photo_head.len() + photo.len() + 2) + end.len();
    let length = length.to_string();
    let content_type = multipart_type();
    let head = request(
        "POST",
        "/km/report",
        &[("Content-Type", &content_type), ("Content-Length", &length)],
        &[],
    );
    let mut connection = Connection::open(from, server).await?;
    let sent = async {
        connection.write(&head).await?;
        connection.write(&fields).await?;
        for _ in 0..PHOTOS_PER_UPLOAD {
            connection.write(&photo_head).await?;
            connection.write(photo).await?;
            connection.write(b"\r\n").await?;
        }
        connection.write(&end).await
    }
    .await;
    // A server that refuses early may close before the body is sent whole:
    // its answer, if it gave one, still counts.
    match (connection.response().await, sent) {
        (Ok(answer), _) => Ok(answer.status),
        (Err(_), Err(error)) => Err(Failure::from(error)),
        (Err(failure), Ok(())) => Err(failure),
    }
}

/// c) Bodies that declare their length, then trickle a byte every few
/// seconds (a form token first, as the form sends it), from several
/// addresses.
async fn slow_bodies(server: SocketAddr) -> Attacked {
    let started = Instant::now();
    let deadline = tokio::time::Instant::now() + ATTACK_FOR;
    let content_type = multipart_type();
    let length = SLOW_DECLARED.to_string();
    let head = request(
        "POST",
        "/km/report",
        &[("Content-Type", &content_type), ("Content-Length", &length)],
        &[],
    );
    // A body that does not begin with a token this server signed may be
    // refused early: these begin as the form's would.
    let form = Visitor::new(loopback(2), server).get("/km/report").await;
    let token = form
        .and_then(|form| form_token(&form))
        .expect("the report form");
    let mut fields = vec![("form_token", token.as_str())];
    fields.extend_from_slice(COMPOUND_REPORT);
    let body = multipart(&fields);
    let (head, body) = (&head, &body);
    let results = join_all((0..SLOW_BODIES).map(|n| async move {
        let from = loopback(2 + (n % SLOW_ADDRESSES) as u8);
        let opened = Instant::now();
        let mut connection = match Connection::open(from, server).await {
            Ok(connection) => connection,
            Err(error) => return (Failure::from(error).to_string(), None),
        };
        if let Err(error) = connection.write(head).await {
            return (Failure::from(error).to_string(), Some(opened.elapsed()));
        }
        for byte in body.iter().cycle() {
            let wait = (tokio::time::Instant::now() + SLOW_EVERY).min(deadline);
            match tokio::time::timeout_at(wait, connection.response()).await {
                Ok(Ok(answer)) => {
                    return (
                        format!("answered {}", answer.status),
                        Some(opened.elapsed()),
                    );
                }
                Ok(Err(failure)) => return (failure.to_string(), Some(opened.elapsed())),
                Err(_) if tokio::time::Instant::now() >= deadline => break,
                Err(_) => {}
            }
            if let Err(error) = connection.write(&[*byte]).await {
                return (Failure::from(error).to_string(), Some(opened.elapsed()));
            }
        }
        ("still open at the end".to_owned(), None)
    }))
    .await;
    let mut outcomes = Tally::default();
    let mut cut_off = Latencies::default();
    for (outcome, after) in results {
        outcomes.count(outcome);
        if let Some(after) = after {
            cut_off.push(after);
        }
    }
    Attacked {
        span: started.elapsed(),
        outcomes,
        notes: vec![
            format!(
                "{SLOW_BODIES} bodies declaring {SLOW_DECLARED} bytes, a byte every {} s each",
                SLOW_EVERY.as_secs()
            ),
            format!("slow bodies ended by the server after: {cut_off}"),
        ],
    }
}

/// d) Urgent tips at one point from many addresses, a few at a time,
/// until `URGENT_TIPS` were sent.
async fn urgent_tips(server: SocketAddr) -> Attacked {
    let started = Instant::now();
    let deadline = started + URGENT_FOR;
    let next = Cell::new(0usize);
    let stored = RefCell::new(Vec::new());
    let outcomes = RefCell::new(Tally::default());
    join_all((0..URGENT_AT_ONCE).map(|_| async {
        loop {
            let n = next.get();
            if n >= URGENT_TIPS || Instant::now() > deadline {
                break;
            }
            next.set(n + 1);
            let visitor = Visitor::new(loopback(2 + (n % URGENT_ADDRESSES) as u8), server);
            let description = format!("Someone is held in the building by the river ({n})");
            let fields = [
                ("lane", "held"),
                ("category", "held"),
                ("description", description.as_str()),
                ("lat", URGENT_POINT.0),
                ("lon", URGENT_POINT.1),
            ];
            match visitor.report("/km/report/held", &fields).await {
                Ok(_) => {
                    outcomes.borrow_mut().count("200 receipt");
                    stored.borrow_mut().push(Instant::now());
                }
                Err(failure) => outcomes.borrow_mut().count(failure),
            }
        }
    }))
    .await;
    let stored = stored.into_inner();
    let rate = |ends: &[Instant]| match (ends.first(), ends.last()) {
        (Some(first), Some(last)) if last > first => {
            (ends.len() - 1) as f64 / (*last - *first).as_secs_f64()
        }
        _ => 0.0,
    };
    let notes = match stored.len() {
        n if n >= 200 => vec![format!(
            "{n} tips stored; rate of the first 100 {:.1}/s, of the last 100 {:.1}/s (target within 2×)",
            rate(&stored[..100]),
            rate(&stored[n - 100..])
        )],
        n => vec![format!(
            "only {n} tips stored: too few to compare the first and last 100"
        )],
    };
    Attacked {
        span: started.elapsed(),
        outcomes: outcomes.into_inner(),
        notes,
    }
}
