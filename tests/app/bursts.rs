//! A flood of fake "someone is held" tips at one place: it counts as one
//! corroboration, collapses to one row of the queue, a genuine urgent tip
//! elsewhere is not buried under it, and a reviewer closes it as spam in one
//! audited action (and reopens any of its tips alone).

use tipline::domain::staff::Role;

use crate::helpers::{
    Backend, TestApp, count_rows, execute, input_value, on_both_backends, references, report,
};
use crate::staff_helpers::{signed_in_staff, tip_act};

const FAKES: usize = 12;

async fn a_burst_collapses_in_the_queue_and_counts_once(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let detailed = "My brother is held in the third building past the market; guards take the phones at night and beat those who ask to leave. ".repeat(2);
    report(
        &app,
        &[
            ("category", "held"),
            ("description", &detailed),
            ("lat", "11.5564"),
            ("lon", "104.9282"),
        ],
    )
    .await; // T-00001: urgent, a point and a detailed description: 125.
    for _ in 0..FAKES {
        // The attacker's script: one place, the same words, within minutes.
        report(
            &app,
            &[
                ("category", "held"),
                ("description", "Someone is held here"),
                ("lat", "10.6279"),
                ("lon", "103.5220"),
            ],
        )
        .await;
    }
    // Each fake is corroborated once, by its own burst, not eleven times.
    assert_eq!(
        count_rows(
            &app.database,
            "tips WHERE category = 'held' AND corroboration = 1 \
             AND priority_reasons LIKE '%corroborated:1%' AND priority = 130"
        ),
        FAKES as i64
    );
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    let queue = reviewer.page("/staff/queue").await;
    // The burst is one row, under its first tip, marked with its count; the
    // genuine tip comes right after it instead of under eleven more fakes.
    assert_eq!(references(&queue), ["T-00002", "T-00001"], "{queue}");
    assert!(
        queue.contains(&format!(
            "A burst: {FAKES} tips at this place within minutes"
        )),
        "{queue}"
    );
    // Counted once, the burst scores as one corroborated tip: before, a
    // dozen fakes corroborated each other up to 175.
    assert!(queue.contains("· 130<"), "{queue}");
    // Every member is still there for a reviewer who asks for all tips.
    let all = reviewer.page("/staff/queue?status=new").await;
    assert_eq!(references(&all).len(), FAKES + 1);
}
on_both_backends!(a_burst_collapses_in_the_queue_and_counts_once);

async fn tips_far_apart_in_time_are_separate_groups(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let at_the_gate = [
        ("category", "compound"),
        ("description", "Guarded compound, barred windows"),
        ("lat", "10.6279"),
        ("lon", "103.5220"),
    ];
    report(&app, &at_the_gate).await;
    report(&app, &at_the_gate).await;
    // The first two tips were sent an hour before the third: two groups.
    let an_hour_earlier = match backend {
        Backend::Sqlite => "UPDATE tips SET submitted_at = datetime(submitted_at, '-60 minutes')",
        Backend::Postgres => "UPDATE tips SET submitted_at = submitted_at - interval '60 minutes'",
    };
    execute(&app.database, an_hour_earlier);
    report(&app, &at_the_gate).await;
    assert_eq!(
        count_rows(&app.database, "tips WHERE burst_lead IS NULL"),
        2,
        "the third tip starts a group of its own"
    );
    // The new group rescored the earlier one: two groups corroborate each
    // other, and the burst's own first tip counts its burst as well.
    assert_eq!(
        count_rows(&app.database, "tips WHERE id = 1 AND corroboration = 2"),
        1
    );
    assert_eq!(
        count_rows(&app.database, "tips WHERE id = 3 AND corroboration = 1"),
        1
    );
}
on_both_backends!(tips_far_apart_in_time_are_separate_groups);

/// One fake "someone is held" tip at the place the attacker's script floods.
async fn fake_held_tip(app: &TestApp) {
    report(
        app,
        &[
            ("category", "held"),
            ("description", "Someone is held here"),
            ("lat", "10.6279"),
            ("lon", "103.5220"),
        ],
    )
    .await;
}

/// Audit rows other than openings of tip pages (showing a page is logged).
fn audited_changes(app: &TestApp) -> i64 {
    count_rows(&app.database, "audit_log WHERE action <> 'tip_opened'")
}

async fn a_burst_is_closed_as_spam_in_one_audited_action_and_reopened_tip_by_tip(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    report(
        &app,
        &[
            ("category", "held"),
            ("description", "Locked in the blue building by the river"),
            ("province", "12"),
        ],
    )
    .await; // T-00001: genuine, elsewhere.
    for _ in 0..6 {
        fake_held_tip(&app).await; // T-00002 (the burst's first) to T-00007.
    }
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    // Before the flood was seen for what it is, one fake was taken into a
    // case and another closed for a reason of its own.
    tip_act(
        &reviewer,
        "T-00004",
        &[("action", "open_case"), ("title", "The gate")],
    )
    .await;
    tip_act(
        &reviewer,
        "T-00005",
        &[("action", "close"), ("reason", "not_a_compound")],
    )
    .await;

    let lead = reviewer.page("/staff/tips/T-00002").await;
    assert!(
        lead.contains("This tip started a burst: 6 tips at this place within minutes."),
        "{lead}"
    );
    let form = [
        ("csrf", input_value(&lead, "csrf")),
        ("version", input_value(&lead, "version")),
        ("through", input_value(&lead, "through")),
    ];
    assert_eq!(form[2].1, "T-00007", "the newest tip the reviewer sees");
    let member = reviewer.page("/staff/tips/T-00003").await;
    assert!(
        member.contains("part of a burst that started with <a href=\"/staff/tips/T-00002\">"),
        "{member}"
    );

    // A payout officer is refused by the route table, whatever the form holds.
    let (payout, _) = signed_in_staff(&app, Role::Payout, "pay@police.gov.kh").await;
    let payout_csrf = input_value(&payout.page("/staff/payout").await, "csrf");
    let refused = payout
        .client
        .post(payout.url("/staff/tips/T-00002/burst-spam"))
        .form(&[
            ("csrf", payout_csrf.as_str()),
            ("version", form[1].1.as_str()),
            ("through", "T-00007"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    assert_eq!(
        count_rows(&app.database, "tips WHERE close_reason = 'spam'"),
        0
    );

    // The script goes on after the reviewer looked: a tip they did not see
    // (it might be genuine) is not closed unseen.
    fake_held_tip(&app).await; // T-00008
    let changes_before = audited_changes(&app);
    let closed = reviewer
        .client
        .post(reviewer.url("/staff/tips/T-00002/burst-spam"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(closed.status(), 200);
    let confirmation = closed.text().await.unwrap();
    assert!(
        confirmation.contains(
            "4 tips of the burst were closed as spam; 2 were left alone, as they are in a case or were closed already."
        ),
        "{confirmation}"
    );
    let spam = "tips WHERE status = 'closed_no_action' AND close_reason = 'spam'";
    assert_eq!(count_rows(&app.database, spam), 4);
    assert_eq!(
        count_rows(&app.database, &format!("{spam} AND id IN (2, 3, 6, 7)")),
        4
    );
    for untouched in [
        "id = 1 AND status = 'new'",
        "id = 4 AND status = 'linked'",
        "id = 5 AND close_reason = 'not_a_compound'",
        "id = 8 AND status = 'new'",
    ] {
        assert_eq!(
            count_rows(&app.database, &format!("tips WHERE {untouched}")),
            1,
            "{untouched}"
        );
    }
    // One audit row for the action, on the burst's first tip, with the counts.
    assert_eq!(audited_changes(&app), changes_before + 1);
    assert_eq!(
        crate::helpers::audit_details(
            &app.database,
            "action = 'burst_closed_as_spam' AND subject = 'tip:T-00002'"
        ),
        ["burst of T-00002 through T-00007: 4 closed as spam, 2 left alone"]
    );
    assert!(
        confirmation.contains("Burst closed as spam"),
        "the lead's history shows the action: {confirmation}"
    );
    // The same form again is stale: the first tip changed when it closed.
    let again = reviewer
        .client
        .post(reviewer.url("/staff/tips/T-00002/burst-spam"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409);

    // One fake turns out genuine: it is reopened alone.
    tip_act(&reviewer, "T-00003", &[("action", "reopen")]).await;
    assert_eq!(
        count_rows(&app.database, "tips WHERE id = 3 AND status = 'in_review'"),
        1
    );
    assert_eq!(count_rows(&app.database, spam), 3);
    let queue = reviewer.page("/staff/queue").await;
    let waiting = references(&queue);
    assert!(waiting.contains(&"T-00003".to_owned()), "{waiting:?}");
    assert!(!waiting.contains(&"T-00006".to_owned()), "{waiting:?}");
}
on_both_backends!(a_burst_is_closed_as_spam_in_one_audited_action_and_reopened_tip_by_tip);
