//! A saturated hashing pool, as a flood leaves it: the visitor is turned
//! away at once with the translated "very busy" page (503, `Retry-After`)
//! and everything typed kept, nothing is stored, no try is spent, and
//! staff sign-ins, which hash on a thread of their own, go on. Malformed
//! codes never reach the pool at all.

use futures_util::FutureExt;
use tipline::domain::staff::Role;
use tipline::hashing::{HashError, Hasher, Occupied};

use crate::helpers::{Backend, TestApp, count_rows, input_value};
use crate::staff_helpers::signed_in_staff;

const QUEUE: usize = 2;
const BUSY_REPORT: &str = "Tipline is very busy right now, so your report has not been sent yet.";
const BUSY_STATUS: &str = "Tipline is very busy right now, so nothing was checked.";

async fn spawn_small_queue() -> Option<TestApp> {
    TestApp::spawn_with(Backend::Sqlite, &[("TIPLINE_HASH_QUEUE", "2")]).await
}

/// Holds every thread of `hasher` and fills its queue of `QUEUE` jobs, as
/// a flood of requests would; the pool works again once the answer drops.
async fn saturate(hasher: &Hasher) -> Occupied {
    let held = hasher.occupy().await.expect("the pool can be held");
    for n in 0..QUEUE {
        let mut waiting = Box::pin(hasher.hash(format!("flood {n}")));
        // Polled once, the job is in the queue; dropped, it stays there
        // until a thread is free.
        assert!((&mut waiting).now_or_never().is_none());
    }
    assert!(
        matches!(
            hasher.hash("one more".into()).now_or_never(),
            Some(Err(HashError::Busy))
        ),
        "the queue is not full"
    );
    held
}

/// Lets the pool go and waits (a few seconds at most) until its threads
/// have skipped the jobs `saturate` left queued, so the queue has room:
/// dropping the hold only signals the threads.
async fn release(hasher: &Hasher, held: Occupied) {
    let skipped = hasher.jobs_skipped();
    drop(held);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while hasher.jobs_skipped() < skipped + QUEUE as u64 {
        assert!(
            std::time::Instant::now() < deadline,
            "the queued jobs were never skipped"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

fn assert_busy(response: &reqwest::Response) {
    assert_eq!(response.status(), 503);
    assert_eq!(
        response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("60")
    );
}

#[actix_web::test]
async fn a_full_queue_shows_the_report_again_whole_and_stores_nothing() {
    let Some(app) = spawn_small_queue().await else {
        return;
    };
    let token = app.report_token("en").await;
    let fields = [
        ("form_token", token.as_str()),
        ("action", "send"),
        ("category", "compound"),
        (
            "description",
            "Guards at the gate of the Golden Sands compound",
        ),
        ("province", "17"),
        ("landmark", "behind the fish market"),
    ];
    let held = saturate(&app.hashers.public).await;
    let refused = app.post_report("en", &fields).await;
    assert_busy(&refused);
    let page = refused.text().await.unwrap();
    assert!(page.contains(BUSY_REPORT), "{page}");
    assert!(page.contains("Guards at the gate of the Golden Sands compound</textarea>"));
    assert_eq!(input_value(&page, "landmark"), "behind the fish market");
    assert!(page.contains(r#"<option value="17" selected>"#));
    assert!(page.contains(r#"value="compound" checked"#), "{page}");
    assert_eq!(count_rows(&app.database, "tips"), 0, "a tip was stored");

    release(&app.hashers.public, held).await;
    // The form shown again sends as it is once the pool has room.
    let fresh_token = input_value(&page, "form_token");
    let again = [
        [("form_token", fresh_token.as_str())].as_slice(),
        &fields[1..],
    ]
    .concat();
    let sent = app.post_report("en", &again).await;
    assert_eq!(sent.status(), 200);
    assert!(sent.text().await.unwrap().contains(r#"id="tip-code""#));
    assert_eq!(count_rows(&app.database, "tips"), 1);
}

#[actix_web::test]
async fn a_full_queue_keeps_the_code_and_spends_no_try() {
    let Some(app) = spawn_small_queue().await else {
        return;
    };
    let (code, passphrase) = app.report_compound().await;
    let held = saturate(&app.hashers.public).await;
    // More refused checks than the throttle allows failures: had they been
    // counted, the right passphrase would be refused afterwards.
    for _ in 0..6 {
        let form = app.page("/en/status").await;
        let fields = [
            ("form_token", input_value(&form, "form_token")),
            ("code", code.clone()),
            ("passphrase", "1111 2222 3333 4444".to_owned()),
        ];
        let refused = app
            .client
            .post(app.url("/en/status"))
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_busy(&refused);
        let page = refused.text().await.unwrap();
        assert!(page.contains(BUSY_STATUS), "{page}");
        assert_eq!(input_value(&page, "code"), code);
        assert!(
            !page.contains("1111 2222 3333 4444"),
            "the passphrase came back"
        );
    }
    release(&app.hashers.public, held).await;
    let status = app.check_status("en", &code, &passphrase).await;
    assert!(status.contains(r#"action="/en/status/reply""#), "{status}");
    assert!(!status.contains(BUSY_STATUS));
}

#[actix_web::test]
async fn a_malformed_code_or_passphrase_costs_no_hash() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let (code, _) = app.report_compound().await;
    let hashes = || app.hashers.public.hashes_run();
    let before = hashes();
    let malformed = [
        ("K7QM-4XR!", "1111 2222 3333 4444"),
        ("", "1111 2222 3333 4444"),
        (
            "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ",
            "1111 2222 3333 4444",
        ),
        (code.as_str(), ""),
        (code.as_str(), "1111 2222"),
        (code.as_str(), "one two three four"),
    ];
    for (typed_code, typed_passphrase) in malformed {
        let page = app.check_status("en", typed_code, typed_passphrase).await;
        assert!(page.contains("We could not open a report"), "{page}");
    }
    assert_eq!(hashes(), before, "a malformed try was hashed");
    app.check_status("en", &code, "1111 2222 3333 4444").await;
    assert_eq!(hashes(), before + 1, "a well-formed try costs one hash");
}

#[actix_web::test]
async fn staff_sign_in_never_waits_behind_public_hashing() {
    let Some(app) = spawn_small_queue().await else {
        return;
    };
    let held = saturate(&app.hashers.public).await;
    // The account's password is hashed, then checked at sign-in, while no
    // public hash can be taken at all.
    let (staff, _) = signed_in_staff(&app, Role::Reviewer, "calm@police.gov.kh").await;
    let queue = staff.get("/staff/queue").await;
    assert_eq!(queue.status(), 200);
    assert!(app.hashers.staff.hashes_run() >= 2);
    drop(held);
}
