//! Coming back: the status page behind code and passphrase, the generic
//! refusal, the per-code throttle, and replies.

use crate::helpers::{
    Backend, TestApp, count_rows, element_text, input_value, key_of, on_both_backends,
};

const REFUSAL: &str = "We could not open a report with this tip code and passphrase.";

async fn the_receipt_opens_the_status_page_however_it_is_typed(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (code, passphrase) = app.report_compound().await;
    let html = app.check_status("en", &code, &passphrase).await;
    assert_eq!(element_text(&html, "tip-status"), "<strong>Received");
    let sloppy_code = code.to_lowercase().replace('-', " ").replace('0', "o");
    let khmer_digits: String = passphrase
        .chars()
        .map(|c| {
            c.to_digit(10)
                .map_or(c, |d| char::from_u32(0x17E0 + d).unwrap())
        })
        .collect();
    let html = app.check_status("km", &sloppy_code, &khmer_digits).await;
    assert!(html.contains("បានទទួល"), "{html}");
}
on_both_backends!(the_receipt_opens_the_status_page_however_it_is_typed);

#[actix_web::test]
async fn wrong_codes_and_passphrases_get_one_answer_and_five_failures_lock_the_code() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let (code, passphrase) = app.report_compound().await;
    let wrong = "0000 0000 0000 0000";
    for (typed_code, typed_passphrase) in [
        ("ZZZZ-ZZZZ", passphrase.as_str()),
        (code.as_str(), wrong),
        ("nonsense", "x"),
    ] {
        let html = app.check_status("en", typed_code, typed_passphrase).await;
        assert!(html.contains(REFUSAL), "{typed_code}");
        assert!(!html.contains("tip-status"));
    }
    for _ in 0..4 {
        assert!(app.check_status("en", &code, wrong).await.contains(REFUSAL));
    }
    let locked = app.check_status("en", &code, &passphrase).await;
    assert!(
        locked.contains(REFUSAL),
        "the right passphrase passed a locked code"
    );
}

async fn checks_sent_at_once_cannot_pass_the_throttle_together(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (code, passphrase) = app.report_compound().await;
    let wrong = "0000 0000 0000 0000";
    for _ in 0..4 {
        assert!(app.check_status("en", &code, wrong).await.contains(REFUSAL));
    }
    // One try is left. Of six sent at once, even with the right passphrase,
    // only one is checked: the others find the code locked by the tries
    // counted before them.
    let pages =
        futures_util::future::join_all((0..6).map(|_| app.check_status("en", &code, &passphrase)))
            .await;
    let opened = pages
        .iter()
        .filter(|page| page.contains("tip-status"))
        .count();
    assert_eq!(opened, 1, "tries sent at once passed the throttle together");
}
on_both_backends!(checks_sent_at_once_cannot_pass_the_throttle_together);

async fn failed_checks_are_forgotten_once_they_no_longer_count(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (code, _) = app.report_compound().await;
    let html = app.check_status("en", &code, "0000 0000 0000 0000").await;
    assert!(html.contains(REFUSAL));
    let failures = || count_rows(&app.database, "status_check_failures");
    app.jobs.run_due(chrono::Utc::now()).await;
    assert_eq!(failures(), 1, "a failure that still counts was forgotten");
    app.jobs
        .run_due(chrono::Utc::now() + chrono::TimeDelta::minutes(16))
        .await;
    assert_eq!(
        failures(),
        0,
        "a failure was kept past the throttle's window"
    );
}
on_both_backends!(failed_checks_are_forgotten_once_they_no_longer_count);

async fn a_reply_joins_the_conversation(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (code, passphrase) = app.report_compound().await;
    let page = app.check_status("en", &code, &passphrase).await;
    assert!(page.contains("No messages yet"));
    let token = input_value(&page, "token");
    let response = app.reply("en", &token, "The gate is <b>blue</b>").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("Your message was sent."));
    assert!(html.contains("The gate is &#60;b&#62;blue&#60;/b&#62;"));
    assert_eq!(count_rows(&app.database, "tip_messages"), 1);

    let forged = app
        .reply("en", &token.replace(".", ".9"), "Second message")
        .await;
    assert_eq!(forged.status(), 400, "a forged token is refused at once");
    assert_eq!(count_rows(&app.database, "tip_messages"), 1);

    // A page left open past its 30 minutes gives the words back.
    let tip = token.split('.').next().unwrap();
    let an_hour_ago = chrono::Utc::now() - chrono::Duration::hours(1);
    let old = tipline::tokens::issue(&key_of(&app.database), "status-reply", tip, an_hour_ago);
    let late = app.reply("en", &old, "Second message").await;
    assert_eq!(late.status(), 422);
    let html = late.text().await.unwrap();
    assert!(
        html.contains("Second message</textarea>"),
        "the unsent text is not given back"
    );
    assert_eq!(count_rows(&app.database, "tip_messages"), 1);
}
on_both_backends!(a_reply_joins_the_conversation);

#[actix_web::test]
async fn a_status_check_without_its_form_token_checks_nothing() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let (code, passphrase) = app.report_compound().await;
    for token in ["", "status.1.00"] {
        let response = app
            .client
            .post(app.url("/en/status"))
            .form(&[
                ("form_token", token),
                ("code", code.as_str()),
                ("passphrase", passphrase.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
        let html = response.text().await.unwrap();
        assert!(
            !html.contains("tip-status"),
            "a forged form opened the report"
        );
        assert_eq!(input_value(&html, "code"), code, "the typed code is lost");
    }
    assert_eq!(
        count_rows(&app.database, "status_check_failures"),
        0,
        "a forged post counted as a guess"
    );
}
