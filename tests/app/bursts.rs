//! A flood of fake "someone is held" tips at one place: it counts as one
//! corroboration, collapses to one row of the queue, and a genuine urgent
//! tip elsewhere is not buried under it.

use tipline::domain::staff::Role;

use crate::helpers::{Backend, TestApp, count_rows, execute, on_both_backends, references, report};
use crate::staff_helpers::signed_in_staff;

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
