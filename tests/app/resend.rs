//! A report form posted more than once: a double tap gets one tip and the
//! same receipt twice; whoever later resends the form from a phone's
//! history gets the expired form, naming no report; other content is shown
//! back, never dropped; and the database holds nothing that opens a receipt
//! or links the form in the history to its tip.

use chrono::{TimeDelta, Utc};
use diesel::connection::SimpleConnection;

use crate::helpers::{
    Backend, TestApp, contains_bytes, count_rows, element_text, execute, input_value,
    on_both_backends, sqlite_bytes,
};

const HELD: [(&str, &str); 3] = [
    ("category", "held"),
    ("description", "Two women locked in the third building"),
    ("landmark", "blue gate by the river"),
];

fn with_token<'a>(token: &'a str, fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("form_token", token)];
    all.extend_from_slice(fields);
    all
}

/// Posts `fields` and returns the status and the page.
async fn post(app: &TestApp, fields: &[(&str, &str)]) -> (u16, String) {
    let response = app.post_report("en", fields).await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn a_double_tap_makes_one_tip_and_shows_the_same_receipt_twice(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    const TRIALS: i64 = 12;
    for trial in 1..=TRIALS {
        let token = app.report_token("en").await;
        let fields = with_token(&token, &HELD);
        // Both posts are in flight together, as a double tap sends them.
        let ((first_status, first), (again_status, again)) =
            tokio::join!(post(&app, &fields), post(&app, &fields));
        assert_eq!((first_status, again_status), (200, 200), "trial {trial}");
        let receipt = |page: &str| {
            (
                element_text(page, "tip-code"),
                element_text(page, "tip-passphrase"),
            )
        };
        assert!(!receipt(&first).0.is_empty(), "{first}");
        assert!(
            first.contains(r#"href="tel:117""#),
            "the urgent receipt shows the hotline"
        );
        assert_eq!(receipt(&first), receipt(&again), "trial {trial}");
        assert_eq!(count_rows(&app.database, "tips"), trial);
    }
}
on_both_backends!(a_double_tap_makes_one_tip_and_shows_the_same_receipt_twice);

async fn a_resend_after_two_minutes_gets_the_expired_form_and_no_receipt(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let token = app.report_token("en").await;
    let fields = with_token(&token, &HELD);
    let (_, first) = post(&app, &fields).await;
    let (code, passphrase) = (
        element_text(&first, "tip-code"),
        element_text(&first, "tip-passphrase"),
    );
    let (status, lost_answer) = post(&app, &fields).await;
    assert_eq!(status, 200);
    assert_eq!(element_text(&lost_answer, "tip-passphrase"), passphrase);

    // The receipt's two minutes are over; the sweep has not run yet.
    execute(
        &app.database,
        "UPDATE form_receipts SET sealed_until = '2000-01-01 00:00:00'",
    );
    let (status, resent) = post(&app, &fields).await;
    assert_eq!(status, 422);
    assert!(
        resent.contains("This form was open for too long"),
        "{resent}"
    );
    for secret in [&code, &passphrase] {
        assert!(!resent.contains(secret.as_str()), "{secret} shown again");
    }
    assert_eq!(input_value(&resent, "landmark"), "", "the form is empty");
    assert_ne!(input_value(&resent, "form_token"), token);
    assert_eq!(count_rows(&app.database, "tips"), 1);

    app.jobs.sweep(Utc::now()).await;
    let kept = "form_receipts WHERE sealed_receipt IS NOT NULL";
    assert_eq!(count_rows(&app.database, kept), 0, "the receipt is deleted");
    assert_eq!(count_rows(&app.database, "form_receipts"), 1);
}
on_both_backends!(a_resend_after_two_minutes_gets_the_expired_form_and_no_receipt);

#[actix_web::test]
async fn the_sweep_deletes_receipts_within_three_minutes_and_forms_after_their_lifetime() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let token = app.report_token("en").await;
    post(&app, &with_token(&token, &HELD)).await;
    let kept = "form_receipts WHERE sealed_receipt IS NOT NULL";
    app.jobs.sweep(Utc::now() + TimeDelta::seconds(100)).await;
    assert_eq!(count_rows(&app.database, kept), 1, "kept for two minutes");
    app.jobs.sweep(Utc::now() + TimeDelta::seconds(181)).await;
    assert_eq!(count_rows(&app.database, kept), 0);
    assert_eq!(count_rows(&app.database, "form_receipts"), 1);
    app.jobs.sweep(Utc::now() + TimeDelta::hours(25)).await;
    assert_eq!(count_rows(&app.database, "form_receipts"), 0);
    assert_eq!(count_rows(&app.database, "tips"), 1);
}

#[actix_web::test]
async fn other_content_sent_with_a_posted_form_comes_back_to_be_sent_anew() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let token = app.report_token("en").await;
    post(&app, &with_token(&token, &HELD)).await;
    let edited = [
        ("category", "held"),
        ("description", "Three women now, one is hurt"),
        ("landmark", "blue gate by the river"),
    ];
    let (status, shown_back) = post(&app, &with_token(&token, &edited)).await;
    assert_eq!(status, 422);
    assert!(shown_back.contains("Three women now, one is hurt"));
    assert!(!shown_back.contains(r#"id="tip-code""#), "no receipt");
    let fresh = input_value(&shown_back, "form_token");
    assert_ne!(fresh, token);
    assert_eq!(count_rows(&app.database, "tips"), 1, "nothing stored");

    let (status, receipt) = post(&app, &with_token(&fresh, &edited)).await;
    assert_eq!(status, 200);
    assert!(!element_text(&receipt, "tip-code").is_empty());
    assert_eq!(count_rows(&app.database, "tips"), 2);
}

#[actix_web::test]
async fn the_database_holds_neither_the_form_nonce_nor_an_open_receipt() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let token = app.report_token("en").await;
    let nonce = token.split('.').next().unwrap().to_owned();
    let (_, receipt) = post(&app, &with_token(&token, &HELD)).await;
    let passphrase = element_text(&receipt, "tip-passphrase").replace(' ', "");
    assert_eq!(passphrase.len(), 16);
    let stored = sqlite_bytes(&app.database);
    let holds = |needle: &str| contains_bytes(&stored, needle.as_bytes());
    let code = tipline::domain::receipt::TipCode::parse(&element_text(&receipt, "tip-code"))
        .unwrap()
        .stored(&crate::helpers::key_of(&app.database));
    assert!(holds(code.as_str()), "the search reads the stored bytes");
    assert!(!holds(&nonce), "the form's nonce is stored");
    assert!(!holds(&passphrase), "the passphrase is stored");
}

/// The database is held by someone else past every wait: the visitor gets
/// the busy page with what they typed, and nothing is stored; once the
/// lock is gone the same form is taken.
async fn a_database_lock_held_too_long_gets_the_busy_page_and_stores_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let token = app.report_token("en").await;
    let fields = with_token(&token, &HELD);
    let mut holder = app.database.connect();
    let hold = match backend {
        Backend::Sqlite => "BEGIN IMMEDIATE",
        Backend::Postgres => "BEGIN; LOCK TABLE form_receipts IN EXCLUSIVE MODE",
    };
    holder.batch_execute(hold).unwrap();
    let (status, busy) = post(&app, &fields).await;
    holder.batch_execute("COMMIT").unwrap();
    assert_eq!(status, 503, "{busy}");
    assert!(busy.contains("very busy"), "{busy}");
    assert_eq!(input_value(&busy, "landmark"), "blue gate by the river");
    assert_eq!(input_value(&busy, "form_token"), token);
    assert_eq!(count_rows(&app.database, "tips"), 0);
    assert_eq!(count_rows(&app.database, "form_receipts"), 0);

    let (status, receipt) = post(&app, &fields).await;
    assert_eq!(status, 200);
    assert!(!element_text(&receipt, "tip-code").is_empty());
    assert_eq!(count_rows(&app.database, "tips"), 1);
}
on_both_backends!(a_database_lock_held_too_long_gets_the_busy_page_and_stores_nothing);
