//! Retention: the daily job deletes the words and places of a tip closed
//! without a case and of a closed case once their time is up, and leaves
//! a case an administrator holds alone: the sealed values themselves go.

use chrono::{TimeDelta, Utc};
use tipline::domain::staff::Role;

use crate::helpers::{
    Backend, TestApp, contains_bytes, count_rows, on_both_backends, report, sqlite_bytes,
};
use crate::staff_helpers::{StaffClient, case_act, signed_in_staff, tip_act};

const RETENTION: [(&str, &str); 1] = [("TIPLINE_RETENTION_DAYS", "30")];

/// A report whose words are `canary`, so the database can be searched for them.
async fn report_with(app: &TestApp, canary: &str, lat: &'static str) {
    let description = format!("{canary} seen at the back gate");
    let landmark = format!("{canary} landmark");
    report(
        app,
        &[
            ("category", "compound"),
            ("description", &description),
            ("landmark", &landmark),
            ("lat", lat),
            ("lon", "103.5220"),
        ],
    )
    .await;
}

/// Opens a case from `tip` and closes it as not confirmed.
async fn case_not_confirmed(reviewer: &StaffClient, tip: &str, case: &str) {
    tip_act(
        reviewer,
        tip,
        &[("action", "open_case"), ("title", "Yellow house")],
    )
    .await;
    for (action, reason) in [("investigate", "Checking"), ("action_taken", "Visited")] {
        case_act(reviewer, case, &[("action", action), ("reason", reason)]).await;
    }
    case_act(
        reviewer,
        case,
        &[
            ("action", "close"),
            ("outcome", "not_confirmed"),
            ("reason", "Nothing found"),
        ],
    )
    .await;
}

async fn closed_work_loses_its_words_after_the_retention_period(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, &RETENTION).await else {
        return;
    };
    report_with(&app, "Lonelantern", "10.6279").await;
    report_with(&app, "Casecurtain", "10.7279").await;
    report_with(&app, "Heldharbour", "10.8279").await;
    let (mut reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    let (mut admin, _) = signed_in_staff(&app, Role::Admin, "admin@police.gov.kh").await;
    tip_act(
        &reviewer,
        "T-00001",
        &[("action", "close"), ("reason", "not_a_compound")],
    )
    .await;
    case_not_confirmed(&reviewer, "T-00002", "C-00001").await;
    case_not_confirmed(&reviewer, "T-00003", "C-00002").await;
    // An administrator keeps the second case beyond the period.
    let case = admin.page("/staff/cases/C-00002").await;
    let csrf = crate::helpers::input_value(&case, "csrf");
    let held = admin
        .client
        .post(admin.url("/staff/cases/C-00002/hold"))
        .form(&[("csrf", csrf.as_str()), ("hold", "hold")])
        .send()
        .await
        .unwrap();
    assert_eq!(held.status(), 303);
    assert!(
        admin
            .page("/staff/cases/C-00002")
            .await
            .contains("id=\"case-held\"")
    );
    // A reviewer may not hold a case.
    let page = reviewer.page("/staff/cases/C-00001").await;
    assert!(!page.contains("id=\"case-hold\""));
    let csrf = crate::helpers::input_value(&page, "csrf");
    let refused = reviewer
        .client
        .post(reviewer.url("/staff/cases/C-00001/hold"))
        .form(&[("csrf", csrf.as_str()), ("hold", "hold")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);

    // Within the period nothing goes.
    app.jobs.run_due(Utc::now() + TimeDelta::days(29)).await;
    assert_eq!(count_rows(&app.database, "tips WHERE purged"), 0);

    app.jobs.run_due(Utc::now() + TimeDelta::days(31)).await;
    reviewer.sign_in("rev@police.gov.kh").await;
    admin.sign_in("admin@police.gov.kh").await;
    for (tip, gone) in [("T-00001", true), ("T-00002", true), ("T-00003", false)] {
        let page = reviewer.page(&format!("/staff/tips/{tip}")).await;
        assert_eq!(page.contains("id=\"tip-purged\""), gone, "{tip}: {page}");
    }
    let first = reviewer.page("/staff/cases/C-00001").await;
    assert!(first.contains("id=\"case-purged\"") && !first.contains("Yellow house"));
    let second = reviewer.page("/staff/cases/C-00002").await;
    assert!(!second.contains("id=\"case-purged\"") && second.contains("Yellow house"));
    // What counts stays: the tips, their kind, commune and cell.
    assert_eq!(count_rows(&app.database, "tips"), 3);
    assert_eq!(
        count_rows(
            &app.database,
            "tips WHERE purged AND grid_cell IS NOT NULL AND category = 'compound'"
        ),
        2
    );
    let audit = admin
        .page("/staff/admin/audit?action=content_deleted")
        .await;
    assert!(
        audit.contains("tips T-00001 T-00002; cases C-00001"),
        "{audit}"
    );

    // The words are sealed, so no file shows them either way: what goes is
    // the sealed value itself, and the held tip still opens.
    assert_eq!(count_rows(&app.database, "tips WHERE sealed IS NULL"), 2);
    let held = reviewer.page("/staff/tips/T-00003").await;
    assert!(held.contains("Heldharbour seen at the back gate"), "{held}");
    for gone in ["T-00001", "T-00002"] {
        let page = reviewer.page(&format!("/staff/tips/{gone}")).await;
        assert!(!page.contains("Lonelantern") && !page.contains("Casecurtain"));
    }
    if backend == Backend::Sqlite {
        let stored = sqlite_bytes(&app.database);
        assert!(
            !contains_bytes(&stored, b"Heldharbour"),
            "a word lies in the file"
        );
    }
}

on_both_backends!(closed_work_loses_its_words_after_the_retention_period);
