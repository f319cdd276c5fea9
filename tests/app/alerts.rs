//! Mails to reviewers: a held tip alerts at once those who asked, with a
//! constant subject and a link to the queue only; further held tips within
//! the alert window are told in one mail with their count at its end; the
//! daily digest carries counts. All go through a real SMTP server (the sink).

use chrono::{TimeDelta, Utc};
use reqwest::multipart::Form;
use tipline::config::Config;
use tipline::domain::staff::Role;
use tipline::services::notify::Notifier;
use tipline::services::urgent_alerts::UrgentAlerts;
use tipline::startup::Application;

use crate::helpers::{
    Backend, TestApp, client, count_rows, execute, input_value, on_both_backends, report,
};
use crate::smtp::{Received, SmtpSink};
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

/// What no alert may carry: anything of a tip, or a way to one.
fn assert_no_reference(mail: &str) {
    for secret in ["Golden Star", "room", "T-000", "/staff/tips/"] {
        assert!(
            !mail.contains(secret),
            "an alert carries `{secret}`: {mail}"
        );
    }
}

async fn held_tips_within_the_window_are_told_in_one_mail_with_their_count(backend: Backend) {
    // A short window, so the test sees it end.
    let Some((app, sink)) =
        TestApp::spawn_with_mail(backend, &[("TIPLINE_ALERT_WINDOW", "8")]).await
    else {
        return;
    };
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "alert@police.gov.kh").await;
    let saved = reviewer
        .submit(
            "/staff/profile",
            "/staff/profile",
            &[("language", "en"), ("urgent_alerts", "on")],
        )
        .await;
    assert_eq!(location(&saved), "/staff/profile");

    for room in 1..=5 {
        report(
            &app,
            &[
                ("category", "held"),
                (
                    "description",
                    &format!("Locked in room {room} at Golden Star"),
                ),
            ],
        )
        .await;
    }
    app.mail_settled().await;
    let at_once = sink.received();
    assert_eq!(at_once.len(), 1, "only the first held tip alerts at once");
    let alert = at_once[0].decoded();
    assert!(
        alert.contains("Subject: Tipline: an urgent tip is waiting"),
        "{alert}"
    );
    // The other four are counted where every instance sees them.
    assert_eq!(
        count_rows(
            &app.database,
            "urgent_alert_window WHERE opened_at IS NOT NULL AND more_tips = 4"
        ),
        1
    );

    let mails = sink.wait_for(2).await;
    assert_eq!(mails.len(), 2);
    let count = mails[1].decoded();
    assert!(
        count.contains("Subject: Tipline: more urgent tips are waiting"),
        "{count}"
    );
    assert!(
        count.contains("4 more urgent tips arrived since the last alert."),
        "{count}"
    );
    assert!(count.contains("/staff/queue?category=held"), "{count}");
    assert_eq!(to(&mails, "alert@police.gov.kh").len(), 2);
    for mail in &mails {
        assert_no_reference(&mail.decoded());
    }
    assert_eq!(
        count_rows(&app.database, "urgent_alert_window WHERE opened_at IS NULL"),
        1,
        "the window is closed once told"
    );

    // The next held tip opens a new window: it alerts at once.
    report(
        &app,
        &[
            ("category", "held"),
            ("description", "Locked in room 6 at Golden Star"),
        ],
    )
    .await;
    let mails = sink.wait_for(3).await;
    let next = mails[2].decoded();
    assert!(
        next.contains("Subject: Tipline: an urgent tip is waiting"),
        "{next}"
    );
    assert_no_reference(&next);
}
on_both_backends!(held_tips_within_the_window_are_told_in_one_mail_with_their_count);

/// Another instance of the application on `app`'s database, serving, with
/// its mail to `sink` and alert windows of an hour: its address, its alerts,
/// and what sends its mail (to wait for those sent after a response).
async fn another_instance(app: &TestApp, sink: &SmtpSink) -> (String, UrgentAlerts, Notifier) {
    let mut environment = app.database.environment();
    environment.insert("TIPLINE_SMTP_URL".to_owned(), sink.url());
    environment.insert("TIPLINE_ALERT_WINDOW".to_owned(), "3600".to_owned());
    let config =
        Config::from_lookup(|name| environment.get(name).cloned()).expect("test configuration");
    let application = Application::build(config).expect("the instance starts");
    let address = format!("http://{}", application.address());
    let alerts = application.alerts();
    let notifier = application.notifier();
    actix_web::rt::spawn(application.run_until_stopped());
    (address, alerts, notifier)
}

/// Sends a held tip to the instance at `base`, as a browser does.
async fn report_held_to(base: &str) {
    let client = client();
    let form_page = client
        .get(format!("{base}/en/report"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let form = Form::new()
        .text("form_token", input_value(&form_page, "form_token"))
        .text("action", "send")
        .text("category", "held")
        .text("description", "Locked in a room at Golden Star");
    let response = client
        .post(format!("{base}/en/report"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[actix_web::test]
async fn instances_on_one_postgresql_database_share_the_window_and_a_restart_keeps_it() {
    let Some((app, sink)) =
        TestApp::spawn_with_mail(Backend::Postgres, &[("TIPLINE_ALERT_WINDOW", "3600")]).await
    else {
        return;
    };
    signed_in_staff(&app, Role::Reviewer, "alert@police.gov.kh").await;
    execute(
        &app.database,
        "UPDATE staff SET urgent_alerts = TRUE WHERE email = 'alert@police.gov.kh'",
    );
    report(
        &app,
        &[
            ("category", "held"),
            ("description", "Locked in room 1 at Golden Star"),
        ],
    )
    .await;
    sink.wait_for(1).await;

    // Held tips sent to another instance fall in the window the first opened.
    let (second, second_alerts, second_mail) = another_instance(&app, &sink).await;
    for _ in 0..3 {
        report_held_to(&second).await;
    }
    second_mail.settled().await;
    assert_eq!(
        count_rows(&app.database, "urgent_alert_window WHERE more_tips = 3"),
        1
    );

    // An instance started later (as after a restart) finds the window and
    // tells its count at its end; the others, waking then too, find it told.
    let (_, restarted, _) = another_instance(&app, &sink).await;
    let end = Utc::now().naive_utc() + TimeDelta::hours(1) + TimeDelta::seconds(1);
    assert_eq!(restarted.close_if_ended(end).await.unwrap(), None);
    assert_eq!(second_alerts.close_if_ended(end).await.unwrap(), None);
    let mails = sink.wait_for(2).await;
    assert_eq!(
        mails.len(),
        2,
        "one alert at once and one count, from four tips"
    );
    let count = mails[1].decoded();
    assert!(
        count.contains("3 more urgent tips arrived since the last alert."),
        "{count}"
    );
    assert_no_reference(&count);
}
