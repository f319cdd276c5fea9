//! Mails to reviewers: a held tip alerts at once those who asked, with a
//! constant subject and a link to the queue only; the daily digest carries counts. Both
//! go through a real SMTP server (the sink).

use chrono::{TimeDelta, Utc};
use tipline::domain::staff::Role;

use crate::helpers::{Backend, TestApp, execute, report};
use crate::smtp::Received;
use crate::staff_helpers::{location, signed_in_staff};

fn to<'a>(mails: &'a [Received], address: &str) -> Vec<&'a Received> {
    mails
        .iter()
        .filter(|mail| mail.recipients.iter().any(|r| r == address))
        .collect()
}

#[actix_web::test]
async fn a_held_tip_alerts_who_asked_at_once_and_the_digest_counts_the_day() {
    let Some((app, sink)) = TestApp::spawn_with_mail(Backend::Sqlite, &[]).await else {
        return;
    };
    let (wants_both, _) = signed_in_staff(&app, Role::Reviewer, "alert@police.gov.kh").await;
    let saved = wants_both
        .submit(
            "/staff/profile",
            "/staff/profile",
            &[
                ("language", "en"),
                ("urgent_alerts", "on"),
                ("daily_digest", "on"),
            ],
        )
        .await;
    assert_eq!(location(&saved), "/staff/profile");
    signed_in_staff(&app, Role::Reviewer, "quiet@police.gov.kh").await;
    // A payout officer never hears about tips, whatever the row says.
    signed_in_staff(&app, Role::Payout, "payout@police.gov.kh").await;
    execute(
        &app.database,
        "UPDATE staff SET urgent_alerts = TRUE, daily_digest = TRUE WHERE email = 'payout@police.gov.kh'",
    );

    report(
        &app,
        &[
            ("category", "compound"),
            ("description", "Guards at a gate"),
            ("province", "12"),
        ],
    )
    .await;
    report(
        &app,
        &[
            ("category", "held"),
            ("description", "Locked in room 12 at Golden Star"),
        ],
    )
    .await;
    sink.wait_for(1).await;
    app.mail_settled().await;
    let mails = sink.received();
    assert_eq!(mails.len(), 1, "one alert, for the held tip only");
    let alerts = to(&mails, "alert@police.gov.kh");
    assert_eq!(alerts.len(), 1);
    assert!(to(&mails, "quiet@police.gov.kh").is_empty());
    assert!(to(&mails, "payout@police.gov.kh").is_empty());
    let alert = alerts[0].decoded();
    assert!(
        alert.contains("Subject: Tipline: an urgent tip is waiting"),
        "{alert}"
    );
    // Dated to the minute, no finer: "Date: Mon, 07 Dec 2026 06:53:00 +0000".
    let date = alert
        .lines()
        .find_map(|line| line.strip_prefix("Date: "))
        .unwrap_or_else(|| panic!("no Date: in {alert}"));
    assert!(
        date.contains(":00 "),
        "a mail dated finer than the minute: {date}"
    );
    // A link to the queue, never to the tip: no reference in a mailbox.
    assert!(alert.contains("/staff/queue?category=held"), "{alert}");
    for secret in [
        "Golden Star",
        "room 12",
        "Locked",
        "T-00002",
        "/staff/tips/",
    ] {
        assert!(!alert.contains(secret), "the alert carries `{secret}`");
    }

    // The digest sent tomorrow counts today, in Cambodia's days.
    app.jobs.run_due(Utc::now() + TimeDelta::days(1)).await;
    let mails = sink.wait_for(2).await;
    let digests: Vec<String> = to(&mails, "alert@police.gov.kh")
        .into_iter()
        .map(Received::decoded)
        .filter(|text| text.contains("daily digest"))
        .collect();
    assert_eq!(digests.len(), 1);
    let digest = &digests[0];
    assert!(
        digest.contains("New tips: 2, of them about people held: 1."),
        "{digest}"
    );
    assert!(digest.contains("Waiting in the queue: 2"), "{digest}");
    assert!(!digest.contains("Golden Star"));
    assert!(to(&mails, "payout@police.gov.kh").is_empty());
    assert!(to(&mails, "quiet@police.gov.kh").is_empty());
}
