//! Proof of work in a real Chromium. With scripts, the report form served
//! while the fair lane is full solves its puzzle in a worker as the page
//! loads, and the report enters the share kept for solved posts and gets
//! its receipt. Without scripts, the form served with a puzzle still
//! posts, through the fair share. Prints the time to solve and the rate
//! the worker hashes at.

use std::time::Duration;

use tipline::domain::puzzle::solve;
use tipline::hashing::Occupied;
use tipline::shares::{Lane, Pool};

use crate::browser_helpers::{
    Browser, JavaScript, click, fill, page_script_ran, press, text_of, type_into, wait_for,
};
use crate::helpers::{Backend, TestApp, count_rows};
use crate::puzzle::{check, crowded_settings, fill_fair_lane, until_lane_holds, visitor};

async fn crowded_app() -> Option<TestApp> {
    let settings = crowded_settings();
    let settings: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    TestApp::spawn_with(Backend::Sqlite, &settings).await
}

/// Milliseconds from the start of the page until its worker had the
/// answer, polled every 10 ms.
async fn until_solved(browser: &Browser) -> i64 {
    let script = "const form = document.querySelector('form[data-puzzle]');
        return form && form.hasAttribute('data-solution') ? Math.round(performance.now()) : -1";
    for _ in 0..3000 {
        let solved_at = browser.number(script).await;
        if solved_at >= 0 {
            return solved_at;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the page never solved its puzzle");
}

/// Runs the page's worker on `runs` fresh puzzles of `bits` bits; the
/// milliseconds and hashes of each.
async fn worker_runs(browser: &Browser, bits: u8, runs: u8) -> Vec<(f64, f64)> {
    let script = format!(
        "const done = arguments[arguments.length - 1];
        const runs = [];
        function one() {{
          if (runs.length === {runs}) {{ done(runs); return; }}
          const worker = new Worker('/static/puzzle-worker.js');
          const started = performance.now();
          worker.onmessage = (event) => {{
            runs.push([performance.now() - started, event.data.hashes]);
            worker.terminate();
            one();
          }};
          worker.postMessage({{ challenge: 'bench.' + runs.length + '.' + Math.random(), difficulty: {bits} }});
        }}
        one();"
    );
    browser
        .driver()
        .execute_async(&script, vec![])
        .await
        .unwrap()
        .convert()
        .unwrap()
}

/// Gives the hashing threads back once `lane` holds `count` (the browser's
/// post has entered it), beside the browser waiting for its answer; says
/// whether it did within 30 s.
fn release_when(
    app: &TestApp,
    held: Occupied,
    lane: Lane,
    count: usize,
) -> actix_web::rt::task::JoinHandle<bool> {
    let shares = app.shares.clone();
    actix_web::rt::spawn(async move {
        for _ in 0..1500 {
            if shares.held_in(lane) == count {
                drop(held);
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    })
}

#[actix_web::test]
async fn with_scripts_a_report_under_load_solves_its_puzzle_and_gets_its_receipt() {
    let Some(app) = crowded_app().await else {
        return;
    };
    let Some(browser) = Browser::phone(JavaScript::On).await else {
        return;
    };
    let (code, _) = app.report_compound().await;
    let (held, waiting) = fill_fair_lane(&app, &code).await;
    let driver = browser.driver();
    driver.goto(&app.url("/en/report")).await.unwrap();
    let difficulty = browser
        .number("return Number(document.querySelector('form').getAttribute('data-difficulty'))")
        .await;
    assert!(difficulty >= 13, "no puzzle under load");
    let solved_in = until_solved(&browser).await;
    eprintln!(
        "Chromium solved the page's {difficulty}-bit puzzle {solved_in} ms after the page started"
    );
    // The worker's own SHA-256 finds the answer the server's finds first.
    let challenge = browser
        .text("return document.querySelector('form').getAttribute('data-puzzle')")
        .await;
    let found = browser
        .text("return document.querySelector('form').getAttribute('data-solution')")
        .await;
    let difficulty = u8::try_from(difficulty).unwrap();
    assert_eq!(found, solve(&challenge, difficulty).to_string());

    click(&browser, "input[name='category'][value='compound']").await;
    click(&browser, "#province option[value='17']").await;
    type_into(&browser, "#description", "Guards at the gate, every night").await;
    // The hashing threads come back once the report is in the kept share.
    let release = release_when(&app, held, Lane::Solved, 1);
    click(&browser, "button[value='send']").await;
    let code = text_of(&browser, "#tip-code").await;
    assert!(!code.is_empty());
    assert!(
        release.await.unwrap(),
        "the report never entered the kept share"
    );
    assert_eq!(count_rows(&app.database, "tips"), 2);
    for check in waiting {
        assert_eq!(check.await.unwrap(), 200);
    }

    // The figure for the hardest puzzle, on this machine.
    let runs = worker_runs(&browser, 16, 6).await;
    let (ms, hashes) = runs
        .iter()
        .fold((0.0, 0.0), |(ms, hashes), run| (ms + run.0, hashes + run.1));
    let rate = hashes / ms * 1000.0;
    eprintln!(
        "the worker hashed {rate:.0}/s over {} 16-bit puzzles (mean {:.0} ms each); \
         at that rate 2^13 takes {:.0} ms, 2^15 {:.0} ms, 2^16 {:.0} ms",
        runs.len(),
        ms / runs.len() as f64,
        8192.0 / rate * 1000.0,
        32768.0 / rate * 1000.0,
        65536.0 / rate * 1000.0,
    );
    browser.close().await;
}

#[actix_web::test]
async fn without_scripts_the_form_with_a_puzzle_still_posts_through_the_fair_share() {
    let Some(app) = crowded_app().await else {
        return;
    };
    let Some(browser) = Browser::phone(JavaScript::Off).await else {
        return;
    };
    let (code, _) = app.report_compound().await;
    // Half the pool in use: pages carry a puzzle, the fair lane has room.
    let half = app.shares.capacity(Pool::Hashing).div_ceil(2);
    let held = app.hashers.public.occupy().await.unwrap();
    let waiting: Vec<_> = (0..half)
        .map(|n| {
            actix_web::rt::spawn(check(
                app.address.clone(),
                visitor(n),
                code.clone(),
                String::new(),
            ))
        })
        .collect();
    until_lane_holds(&app, Lane::Fair, half).await;

    let driver = browser.driver();
    driver.goto(&app.url("/en/report/held")).await.unwrap();
    assert!(!page_script_ran(&browser).await);
    assert!(driver.source().await.unwrap().contains("data-puzzle="));
    fill(&browser, "province", "12").await;
    fill(&browser, "description", "Two men locked in the third floor").await;
    let release = release_when(&app, held, Lane::Fair, half + 1);
    press(&browser, "button[value='send']").await;
    wait_for(&browser, "#tip-code").await;
    assert!(
        release.await.unwrap(),
        "the report never entered the fair share"
    );
    assert_eq!(app.shares.held_in(Lane::Solved), 0);
    assert!(driver.source().await.unwrap().contains("tel:117"));
    for check in waiting {
        assert_eq!(check.await.unwrap(), 200);
    }
    browser.close().await;
}
