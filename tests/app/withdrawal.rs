//! A tipster withdraws a report from the status page: its words, places,
//! photos and their own replies go at once, the reviewers' questions stay,
//! the tip stays for the statistics and reviewers see it withdrawn, and the
//! day's batch audits it without its time.

use chrono::{TimeDelta, Utc};
use tipline::domain::staff::Role;

use crate::helpers::{Backend, TestApp, count_rows, input_value, on_both_backends, report};
use crate::staff_helpers::{signed_in_staff, tip_act};

async fn post_withdrawal(app: &TestApp, token: &str, confirm: bool) -> (u16, String) {
    let mut fields = vec![("token", token)];
    if confirm {
        fields.push(("confirm", "yes"));
    }
    let response = app
        .client
        .post(format!("{}/en/status/withdraw", app.address))
        .form(&fields)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn a_tipster_withdraws_a_report_and_its_words_go_at_once(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (code, passphrase) = report(
        &app,
        &[
            ("category", "compound"),
            ("description", "Quietwillow guards at the gate"),
            ("landmark", "Quietwillow market"),
            ("lat", "10.6279"),
            ("lon", "103.5220"),
        ],
    )
    .await;
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    tip_act(
        &reviewer,
        "T-00001",
        &[("action", "ask"), ("question", "Which floor are they on?")],
    )
    .await;
    let page = app.check_status("en", &code, &passphrase).await;
    let token = input_value(&page, "token");
    assert_eq!(
        app.reply("en", &token, "Brightheron on the third floor")
            .await
            .status(),
        200
    );

    // Without the box ticked nothing happens.
    let (unconfirmed, answer) = post_withdrawal(&app, &token, false).await;
    assert_eq!(unconfirmed, 422);
    assert!(answer.contains("id=\"withdraw-error\""), "{answer}");
    assert_eq!(count_rows(&app.database, "tips WHERE purged"), 0);
    // A forged token withdraws nothing.
    let (forged, _) = post_withdrawal(&app, &token.replace('.', ".9"), true).await;
    assert_eq!(forged, 422);
    assert_eq!(count_rows(&app.database, "tip_withdrawals"), 0);

    let (done, answer) = post_withdrawal(&app, &token, true).await;
    assert_eq!(done, 200);
    assert!(answer.contains("id=\"withdraw-done\""), "{answer}");
    assert!(!answer.contains("Brightheron"), "{answer}");
    assert!(
        !answer.contains("id=\"withdraw\""),
        "offered again: {answer}"
    );
    // The sealed words go with their rows; the question stays and opens.
    assert_eq!(
        count_rows(
            &app.database,
            "tips WHERE sealed IS NULL AND grid_cell IS NOT NULL"
        ),
        1
    );
    assert_eq!(count_rows(&app.database, "tip_messages"), 1);
    let seen = reviewer.page("/staff/tips/T-00001").await;
    for gone in ["Quietwillow", "Brightheron"] {
        assert!(!seen.contains(gone), "{gone}: {seen}");
    }
    assert!(
        seen.contains("Which floor"),
        "the reviewer's question stays: {seen}"
    );
    // Withdrawn for good: a reply after it stores nothing, and the page says so.
    app.reply("en", &token, "Another word").await;
    assert_eq!(count_rows(&app.database, "tip_messages"), 1);
    let again = app.check_status("en", &code, &passphrase).await;
    assert!(again.contains("id=\"withdrawn\""), "{again}");

    let tip = reviewer.page("/staff/tips/T-00001").await;
    assert!(tip.contains("id=\"tip-withdrawn\""), "{tip}");
    assert!(!tip.contains("Quietwillow"));

    // The next day's batch names it, without its time.
    app.jobs.run_due(Utc::now() + TimeDelta::days(1)).await;
    let (admin, _) = signed_in_staff(&app, Role::Admin, "admin@police.gov.kh").await;
    let audit = admin
        .page("/staff/admin/audit?action=tipster_actions")
        .await;
    assert!(audit.contains("withdrawn: T-00001"), "{audit}");
}
on_both_backends!(a_tipster_withdraws_a_report_and_its_words_go_at_once);
