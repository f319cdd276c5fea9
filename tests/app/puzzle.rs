//! Proof of work, over HTTP: at rest the forms carry no puzzle; once the
//! hashing pool is half full they do, harder as it fills. Status checks
//! from many addresses, held in the hashing queue, fill the fair lane;
//! a post that brings the answer still enters the quarter kept for solved
//! posts, while an unsolved, replayed, wrong or forged one waits in the
//! fair lane and gets the busy page: its form shown again with everything
//! typed, nothing hashed.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use tipline::domain::puzzle::{difficulty_for, solve, solves};
use tipline::hashing::Occupied;
use tipline::shares::{Lane, Pool, fair_lane_of};

use crate::helpers::{Backend, TestApp, count_rows, element_text, input_value};

/// The `n`th of many visitors, each on a loopback address of their own.
pub fn visitor(n: usize) -> reqwest::Client {
    let [high, low] = u16::try_from(n + 10).unwrap().to_be_bytes();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, high + 1, low)))
        .build()
        .unwrap()
}

/// The puzzle a page carries on its form, with its difficulty.
pub fn puzzle_of(page: &str) -> Option<(String, u8)> {
    let value = |name: &str| {
        let marker = format!(r#"{name}=""#);
        let start = page.find(&marker)? + marker.len();
        Some(page[start..].split('"').next()?.to_owned())
    };
    Some((
        value("data-puzzle")?,
        value("data-difficulty")?.parse().ok()?,
    ))
}

/// The query string that brings `solution` to `challenge`.
pub fn answer_query(challenge: &str, solution: u64) -> String {
    serde_urlencoded::to_string([
        ("puzzle", challenge.to_owned()),
        ("solution", solution.to_string()),
    ])
    .unwrap()
}

/// Settings under which the test keeps the fair lane full of status
/// checks waiting in the hashing queue, with room in the queue left for
/// solved posts.
pub fn crowded_settings() -> Vec<(&'static str, String)> {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    vec![
        ("TIPLINE_HASH_QUEUE", (4 * cores + 8).to_string()),
        ("TIPLINE_SHARE_WAIT", "1".to_owned()),
    ]
}

const BUSY_STATUS: &str = "Tipline is very busy right now, so nothing was checked.";
const BUSY_REPORT: &str = "Tipline is very busy right now, so your report has not been sent yet.";

/// A status check with `code` and a wrong passphrase from `client`, the
/// post's address ending in `query`; answers its status.
pub async fn check(
    base: String,
    client: reqwest::Client,
    code: String,
    query: String,
) -> reqwest::StatusCode {
    let url = format!("{base}/en/status");
    let form = client.get(&url).send().await.unwrap().text().await.unwrap();
    let fields = [
        ("form_token", input_value(&form, "form_token")),
        ("code", code.clone()),
        ("passphrase", "1111 2222 3333 4444".to_owned()),
    ];
    let answer = client
        .post(format!("{url}{query}"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    let status = answer.status();
    let page = answer.text().await.unwrap();
    if status == 503 {
        // Within the visitor's share, the status form comes back with
        // the code kept.
        assert!(page.contains(BUSY_STATUS), "{page}");
        assert_eq!(input_value(&page, "code"), code);
    }
    status
}

/// Waits until `lane` holds `count` of the hashing pool.
pub async fn until_lane_holds(app: &TestApp, lane: Lane, count: usize) {
    for _ in 0..500 {
        if app.shares.held_in(lane) == count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!(
        "the {lane:?} lane holds {} instead of {count}",
        app.shares.held_in(lane)
    );
}

/// The hashing threads taken away and the fair lane filled with status
/// checks from visitors `0..` that wait for them: the checks, to be
/// awaited once the threads are given back.
pub async fn fill_fair_lane(
    app: &TestApp,
    code: &str,
) -> (
    Occupied,
    Vec<actix_web::rt::task::JoinHandle<reqwest::StatusCode>>,
) {
    let held = app.hashers.public.occupy().await.unwrap();
    let fair = fair_lane_of(app.shares.capacity(Pool::Hashing));
    let waiting = (0..fair)
        .map(|n| {
            actix_web::rt::spawn(check(
                app.address.clone(),
                visitor(n),
                code.to_owned(),
                String::new(),
            ))
        })
        .collect();
    until_lane_holds(app, Lane::Fair, fair).await;
    (held, waiting)
}

#[actix_web::test]
async fn under_load_a_solved_post_enters_the_kept_share_and_nothing_else_does() {
    let settings = crowded_settings();
    let settings: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let Some(app) = TestApp::spawn_with(Backend::Sqlite, &settings).await else {
        return;
    };
    let (code, _) = app.report_compound().await;
    for path in ["/en/report", "/en/status", "/km/report/held"] {
        let page = app.page(path).await;
        assert_eq!(puzzle_of(&page), None, "{path} at rest carries a puzzle");
        assert!(!page.contains("puzzle.js"), "{path}");
    }

    let capacity = app.shares.capacity(Pool::Hashing);
    let fair = fair_lane_of(capacity);
    let (held, mut waiting) = fill_fair_lane(&app, &code).await;
    let expected = difficulty_for(fair, capacity).unwrap();
    for path in ["/en/report", "/km/report/held", "/en/status"] {
        let page = app.page(path).await;
        let (_, difficulty) = puzzle_of(&page).unwrap_or_else(|| panic!("{path}: no puzzle"));
        assert_eq!(difficulty, expected, "{path}");
        assert!(page.contains(r#"<script src="/static/puzzle.js" defer></script>"#));
    }
    let script = app.get("/static/puzzle-worker.js").await;
    assert_eq!(script.status(), 200);
    assert!(script.text().await.unwrap().contains("self.onmessage"));

    let mut next = fair;
    let mut newcomer = || {
        next += 1;
        visitor(next)
    };
    // Without an answer, a newcomer waits for the full fair lane, then is
    // told to come back.
    let base = app.address.clone();
    let unsolved = check(base.clone(), newcomer(), code.clone(), String::new());
    assert_eq!(unsolved.await, 503);
    // A report without one is shown again whole, nothing hashed or stored.
    let form_page = app.page("/en/report").await;
    let refused = newcomer()
        .post(app.url("/en/report"))
        .multipart(report_form(&form_page, "Guards at the gate, no script"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 503);
    let refused = refused.text().await.unwrap();
    assert!(refused.contains(BUSY_REPORT), "{refused}");
    assert!(refused.contains("Guards at the gate, no script</textarea>"));
    assert!(refused.contains(r#"<option value="17" selected>"#));
    assert_eq!(count_rows(&app.database, "tips"), 1);

    // With one, they are taken at once.
    let page = app.page("/en/status").await;
    let (challenge, difficulty) = puzzle_of(&page).unwrap();
    let solution = solve(&challenge, difficulty);
    let query = format!("?{}", answer_query(&challenge, solution));
    waiting.push(actix_web::rt::spawn(check(
        base.clone(),
        newcomer(),
        code.clone(),
        query.clone(),
    )));
    until_lane_holds(&app, Lane::Solved, 1).await;

    // The same answer again, a wrong one, and one to a puzzle made easy
    // by someone without the key, all count as unsolved.
    let wrong = (solution + 1..)
        .find(|n| !solves(&challenge, difficulty, *n))
        .unwrap();
    let (payload, signed) = challenge.split_once('.').unwrap();
    let easy = format!(
        "{}.{signed}",
        payload.replace(&format!("-{difficulty}"), "-0")
    );
    for query in [
        query,
        format!("?{}", answer_query(&challenge, wrong)),
        format!("?{}", answer_query(&easy, 0)),
        format!("?puzzle={}", urlencode(&challenge)),
    ] {
        let status = check(base.clone(), newcomer(), code.clone(), query.clone()).await;
        assert_eq!(status, 503, "{query} was taken as solved");
    }
    assert_eq!(app.shares.held_in(Lane::Solved), 1);

    // A report with its answer is taken too, and gets its receipt once
    // the hashing threads are back.
    let form_page = app.page("/en/report").await;
    let (challenge, difficulty) = puzzle_of(&form_page).unwrap();
    let query = answer_query(&challenge, solve(&challenge, difficulty));
    let report = newcomer()
        .post(app.url(&format!("/en/report?{query}")))
        .multipart(report_form(&form_page, "Guards at the gate, solved"))
        .send();
    let report = actix_web::rt::spawn(report);
    until_lane_holds(&app, Lane::Solved, 2).await;

    drop(held);
    for check in waiting {
        assert_eq!(check.await.unwrap(), 200);
    }
    let receipt = report.await.unwrap().unwrap();
    assert_eq!(receipt.status(), 200);
    let receipt = receipt.text().await.unwrap();
    assert!(!element_text(&receipt, "tip-code").is_empty(), "{receipt}");
    assert_eq!(count_rows(&app.database, "tips"), 2);
    assert_eq!(app.shares.entries(), 0, "the limiter kept something");
    // At rest again: no puzzle.
    assert_eq!(puzzle_of(&app.page("/en/report").await), None);
}

/// A compound report on the form of `page`, saying `description`.
fn report_form(page: &str, description: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("form_token", input_value(page, "form_token"))
        .text("action", "send")
        .text("category", "compound")
        .text("description", description.to_owned())
        .text("province", "17")
}

fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("x", text)]).unwrap()[2..].to_owned()
}
