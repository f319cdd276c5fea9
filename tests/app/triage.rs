//! Reviewers at work: the queue's order, corroboration, two reviewers on one
//! tip, a question to the tipster and an answer back, and nothing internal
//! ever reaching the tipster's page.

use tipline::domain::staff::Role;

use crate::helpers::{
    Backend, TestApp, count_rows, element_text, execute, input_value, on_both_backends, references,
    report,
};
use crate::staff_helpers::{location, signed_in_staff};

#[actix_web::test]
async fn the_queue_shows_held_tips_first_then_the_best_described_then_the_oldest() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let bare = [
        ("category", "compound"),
        ("description", "Guards"),
        ("province", "17"),
    ];
    report(&app, &bare).await; // T-00001
    let detailed = "Twenty workers behind a blue gate; guards with sticks at night; the windows are barred and nobody leaves. ".repeat(3);
    report(
        &app,
        &[
            ("category", "compound"),
            ("description", &detailed),
            ("lat", "10.6279"),
            ("lon", "103.5220"),
        ],
    )
    .await; // T-00002
    report(
        &app,
        &[
            ("category", "held"),
            ("description", "My cousin is locked in"),
        ],
    )
    .await; // T-00003
    report(&app, &bare).await; // T-00004
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    let queue = reviewer.page("/staff/queue").await;
    assert_eq!(
        references(&queue),
        ["T-00003", "T-00002", "T-00001", "T-00004"]
    );
    let held_only = reviewer.page("/staff/queue?category=held").await;
    assert_eq!(references(&held_only), ["T-00003"]);
}

/// Makes every tip stored so far an hour older, so the next one at their
/// place starts a group of its own instead of joining their burst.
fn an_hour_passes(app: &TestApp, backend: Backend) {
    let earlier = match backend {
        Backend::Sqlite => "UPDATE tips SET submitted_at = datetime(submitted_at, '-60 minutes')",
        Backend::Postgres => "UPDATE tips SET submitted_at = submitted_at - interval '60 minutes'",
    };
    execute(&app.database, earlier);
}

async fn tips_at_one_place_corroborate_each_other(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let at = |lat: &'static str| {
        [
            ("category", "compound"),
            ("description", "Guarded building"),
            ("lat", lat),
            ("lon", "103.5220"),
        ]
    };
    report(&app, &at("10.6201")).await; // T-00001, in row 1062 of the grid
    an_hour_passes(&app, backend);
    // 2.2 km north, but in the next row: the same place.
    report(&app, &at("10.6399")).await; // T-00002
    an_hour_passes(&app, backend);
    // 1.1 km south of the first, but two rows from it: another place.
    report(&app, &at("10.6099")).await; // T-00003
    let corroboration = |id: i64, count: i64| {
        count_rows(
            &app.database,
            &format!("tips WHERE id = {id} AND corroboration = {count}"),
        )
    };
    assert_eq!(corroboration(1, 1), 1, "T-00002 corroborates T-00001");
    assert_eq!(corroboration(2, 1), 1, "and T-00001 corroborates T-00002");
    assert_eq!(corroboration(3, 0), 1, "T-00003 neither");
    assert_eq!(
        count_rows(&app.database, "tips WHERE burst_lead IS NOT NULL"),
        0,
        "no burst: each is a group of its own"
    );
}
on_both_backends!(tips_at_one_place_corroborate_each_other);

async fn two_reviewers_never_overwrite_each_other(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    report(&app, &[("category", "held"), ("description", "Locked in")]).await;
    let (first, _) = signed_in_staff(&app, Role::Reviewer, "first@police.gov.kh").await;
    let (second, _) = signed_in_staff(&app, Role::Reviewer, "second@police.gov.kh").await;
    let seen_by_first = first.page("/staff/tips/T-00001").await;
    let seen_by_second = second.page("/staff/tips/T-00001").await;
    assert_eq!(element_text(&seen_by_first, "tip-observed-on"), "Not given");
    assert_eq!(element_text(&seen_by_first, "tip-language"), "English");
    let version = input_value(&seen_by_second, "version");
    let csrf = |page: &str| input_value(page, "csrf");

    let taken = first
        .client
        .post(first.url("/staff/tips/T-00001/action"))
        .form(&[
            ("csrf", csrf(&seen_by_first).as_str()),
            ("version", version.as_str()),
            ("action", "take"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&taken), "/staff/tips/T-00001");
    let stale = second
        .client
        .post(second.url("/staff/tips/T-00001/action"))
        .form(&[
            ("csrf", csrf(&seen_by_second).as_str()),
            ("version", version.as_str()),
            ("action", "close"),
            ("reason", "spam"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 409);
    let page = stale.text().await.unwrap();
    assert!(element_text(&page, "tip-notice").contains("changed this tip"));
    assert_eq!(element_text(&page, "tip-state"), "In review");
    assert!(
        element_text(&page, "tip-assignee").starts_with("reviewer first@"),
        "{page}"
    );
    assert_eq!(
        count_rows(&app.database, "tips WHERE status = 'in_review'"),
        1
    );
}
on_both_backends!(two_reviewers_never_overwrite_each_other);

async fn a_question_reaches_the_tipster_and_nothing_internal_does(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (code, passphrase) = report(
        &app,
        &[
            ("category", "compound"),
            ("description", "Blue gate"),
            ("province", "17"),
            ("observed_on", "2025-03-14"),
        ],
    )
    .await;
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "dara@police.gov.kh").await;
    let tip = "/staff/tips/T-00001";
    let note = "INTERNAL: matches informant report 7";
    reviewer
        .submit(tip, &format!("{tip}/notes"), &[("body", note)])
        .await;
    let page = reviewer.page(tip).await;
    assert_eq!(element_text(&page, "tip-observed-on"), "2025-03-14");
    assert_eq!(element_text(&page, "tip-language"), "English");
    let version = input_value(&page, "version");
    let asked = reviewer
        .submit(
            tip,
            &format!("{tip}/action"),
            &[
                ("version", &version),
                ("action", "ask"),
                ("question", "Which floor are the workers on?"),
            ],
        )
        .await;
    assert_eq!(location(&asked), tip);

    let status = app.check_status("en", &code, &passphrase).await;
    assert!(
        status.contains("Which floor are the workers on?"),
        "{status}"
    );
    assert_eq!(
        element_text(&status, "tip-status"),
        "<strong>We have a question for you"
    );
    for internal in [
        note,
        "INTERNAL",
        "T-00001",
        "dara",
        "reviewer dara",
        "in_review",
        "needs_info",
        "Waiting for the tipster",
    ] {
        assert!(
            !status.contains(internal),
            "the tipster's page shows {internal:?}"
        );
    }

    // The answer puts the tip back in the queue.
    let reply_token = input_value(&status, "token");
    let replied = app.reply("en", &reply_token, "The third floor").await;
    assert_eq!(replied.status(), 200);
    let queue = reviewer.page("/staff/queue").await;
    assert!(
        references(&queue).contains(&"T-00001".to_owned()),
        "{queue}"
    );
    let page = reviewer.page(tip).await;
    assert_eq!(element_text(&page, "tip-state"), "The tipster answered");
    assert!(page.contains("The third floor") && page.contains(note));

    for action in ["tip_opened", "tip_changed", "message_sent", "note_added"] {
        let rows = count_rows(
            &app.database,
            &format!("audit_log WHERE action = '{action}' AND subject = 'tip:T-00001'"),
        );
        assert!(rows >= 1, "{action} is not in the audit log");
    }
}
on_both_backends!(a_question_reaches_the_tipster_and_nothing_internal_does);

#[actix_web::test]
async fn a_finished_tip_refuses_work_until_it_is_reopened() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    report(&app, &[("category", "held"), ("description", "Locked in")]).await;
    let (reviewer, _) = signed_in_staff(&app, Role::Admin, "admin@police.gov.kh").await;
    let tip = "/staff/tips/T-00001";
    let act = |fields: Vec<(&'static str, &'static str)>| {
        let reviewer = &reviewer;
        async move {
            let page = reviewer.page(tip).await;
            let version = input_value(&page, "version");
            let mut all = vec![("version", version.as_str())];
            all.extend(fields);
            reviewer.submit(tip, &format!("{tip}/action"), &all).await
        }
    };
    let closed = act(vec![("action", "close"), ("reason", "not_a_compound")]).await;
    assert_eq!(location(&closed), tip);
    let refused = act(vec![("action", "take")]).await;
    assert_eq!(refused.status(), 409);
    let incomplete = act(vec![("action", "ask"), ("question", "  ")]).await;
    assert_eq!(incomplete.status(), 422);
    // An unknown or missing button is something missing too, not a broken form.
    for unknown in [vec![("action", "launch")], vec![]] {
        let incomplete = act(unknown).await;
        assert_eq!(incomplete.status(), 422);
        assert!(
            incomplete
                .text()
                .await
                .unwrap()
                .contains("Something is missing")
        );
    }
    let reopened = act(vec![("action", "reopen")]).await;
    assert_eq!(location(&reopened), tip);
    let queue = reviewer.page("/staff/queue").await;
    assert_eq!(
        references(&queue),
        ["T-00001"],
        "a reopened tip waits in the queue"
    );
}
