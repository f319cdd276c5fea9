//! Cases: one per site, opened from a tip, with tips linked, duplicates
//! following their original, a workflow to closed with a full timeline,
//! merges and moves, two reviewers on one case, and the tipster's status
//! following the case only at the daily release.

use chrono::{TimeDelta, Utc};
use tipline::domain::staff::Role;

use crate::helpers::{
    Backend, TestApp, compound_at, count_rows, element_html, element_text, input_value, key_of,
    on_both_backends, open_status, references, report,
};
use crate::staff_helpers::{StaffClient, act, case_act, location, signed_in_staff, tip_act};

async fn a_case_runs_from_a_tip_to_closed_with_its_timeline(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (code, passphrase) = report(&app, &compound_at("10.6279", "103.5220")).await; // T-00001
    report(&app, &compound_at("10.6289", "103.5220")).await; // T-00002
    report(&app, &compound_at("10.6279", "103.5230")).await; // T-00003
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;

    tip_act(
        &reviewer,
        "T-00001",
        &[("action", "open_case"), ("title", "Blue gate compound")],
    )
    .await;
    let tip = reviewer.page("/staff/tips/T-00001").await;
    assert_eq!(element_text(&tip, "tip-case"), "C-00001");
    tip_act(&reviewer, "T-00002", &[("action", "link"), ("case", "c-1")]).await;
    // A duplicate of T-00002 follows it into its case.
    tip_act(
        &reviewer,
        "T-00003",
        &[("action", "duplicate"), ("original", "T-00002")],
    )
    .await;
    let duplicate = reviewer.page("/staff/tips/T-00003").await;
    assert_eq!(element_text(&duplicate, "tip-duplicate-of"), "T-00002");
    assert_eq!(element_text(&duplicate, "tip-case"), "C-00001");
    // A reference to nothing is refused with the tip as it is; so is
    // linking a duplicate, which follows its original instead.
    let nothing = act(
        &reviewer,
        "/staff/tips/T-00003",
        "/staff/tips/T-00003/action",
        &[("action", "link"), ("case", "C-00099")],
    )
    .await;
    assert_eq!(nothing.status(), 422);
    assert!(element_text(&nothing.text().await.unwrap(), "tip-notice").contains("no tip or case"));
    let duplicate_linked = act(
        &reviewer,
        "/staff/tips/T-00003",
        "/staff/tips/T-00003/action",
        &[("action", "link"), ("case", "C-00001")],
    )
    .await;
    assert_eq!(duplicate_linked.status(), 409);

    for (action, reason) in [
        ("investigate", "Three tips about one gate"),
        ("action_taken", "Inspection on the 12th"),
    ] {
        case_act(
            &reviewer,
            "C-00001",
            &[("action", action), ("reason", reason)],
        )
        .await;
    }
    case_act(
        &reviewer,
        "C-00001",
        &[
            ("action", "close"),
            ("outcome", "confirmed_compound"),
            ("reason", "42 workers freed"),
        ],
    )
    .await;
    // Reopening needs a reason.
    let unexplained = act(
        &reviewer,
        "/staff/cases/C-00001",
        "/staff/cases/C-00001/action",
        &[("action", "reopen"), ("reason", "  ")],
    )
    .await;
    assert_eq!(unexplained.status(), 409);
    case_act(
        &reviewer,
        "C-00001",
        &[("action", "reopen"), ("reason", "A second building found")],
    )
    .await;

    let case = reviewer.page("/staff/cases/C-00001").await;
    assert_eq!(element_text(&case, "case-state"), "Investigating");
    let tips = element_html(&case, "case-tips");
    for reference in ["T-00001", "T-00002", "T-00003"] {
        assert!(tips.contains(reference), "{reference} in {tips}");
    }
    let timeline = element_html(&case, "case-timeline");
    let expected = [
        "Case opened",
        "Tip linked",
        "Investigation started",
        "Three tips about one gate",
        "Action taken",
        "Closed",
        "Confirmed compound",
        "42 workers freed",
        "Reopened",
        "A second building found",
    ];
    let mut rest = timeline.as_str();
    for step in expected {
        let at = rest
            .find(step)
            .unwrap_or_else(|| panic!("`{step}` in order in {timeline}"));
        rest = &rest[at..];
    }
    assert!(
        timeline.contains("rev@police.gov.kh"),
        "who acted: {timeline}"
    );

    // Nothing of the case reaches the tipster: not its name, reference,
    // reasons, outcome or reviewer.
    app.jobs.run_due(Utc::now() + TimeDelta::days(1)).await;
    let tipster = open_status(&app.client, &app.address, "en", &code, &passphrase).await;
    assert!(tipster.contains("Passed to investigators"));
    for internal in [
        "Blue gate compound",
        "C-00001",
        "T-00001",
        "42 workers freed",
        "A second building found",
        "Confirmed compound",
        "Investigating",
        "rev@police.gov.kh",
    ] {
        assert!(!tipster.contains(internal), "the tipster sees `{internal}`");
    }
    // Run as of tomorrow, the jobs ended today's sessions: a colleague
    // carries on.
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "next@police.gov.kh").await;

    // The case list counts it among the investigating ones.
    let list = reviewer.page("/staff/cases").await;
    assert!(list.contains(r#"data-state="investigating">1<"#), "{list}");
    let closed = reviewer.page("/staff/cases?state=closed").await;
    assert!(!closed.contains("C-00001"));

    // Every step is in the audit chain, and the chain holds.
    for action in ["case_opened", "case_changed", "tip_changed"] {
        assert!(
            count_rows(
                &app.database,
                &format!("audit_log WHERE action = '{action}' AND subject LIKE '%:%'")
            ) > 0,
            "{action}"
        );
    }
    assert_eq!(
        count_rows(
            &app.database,
            "audit_log WHERE action = 'case_changed' AND subject = 'case:C-00001'"
        ),
        4,
        "investigate, action taken, close, reopen: the refused reopen changed nothing"
    );
    let key = key_of(&app.database);
    let mut conn = app.database.connect();
    tipline::db::audit::verify(&mut conn, &key, None)
        .unwrap()
        .expect("the chain holds");
}
on_both_backends!(a_case_runs_from_a_tip_to_closed_with_its_timeline);

async fn the_tipster_sees_the_case_only_at_the_daily_release(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (code, passphrase) = report(&app, &compound_at("10.6279", "103.5220")).await;
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    let status = || async {
        let page = open_status(&app.client, &app.address, "en", &code, &passphrase).await;
        element_html(&page, "tip-status")
            .replace("<strong>", "")
            .replace("</strong>", "")
    };
    tip_act(&reviewer, "T-00001", &[("action", "take")]).await;
    assert_eq!(status().await, "Being reviewed", "triage shows at once");

    tip_act(
        &reviewer,
        "T-00001",
        &[("action", "open_case"), ("title", "Gate")],
    )
    .await;
    assert_eq!(
        status().await,
        "Being reviewed",
        "joining a case waits for the release"
    );
    let tomorrow = Utc::now() + TimeDelta::days(1);
    app.jobs.run_due(tomorrow).await;
    assert_eq!(status().await, "Passed to investigators");
    // Run as of tomorrow, the jobs ended today's sessions: a colleague
    // carries on.
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "second@police.gov.kh").await;

    for (action, reason) in [("investigate", ""), ("action_taken", "")] {
        case_act(
            &reviewer,
            "C-00001",
            &[("action", action), ("reason", reason)],
        )
        .await;
    }
    case_act(
        &reviewer,
        "C-00001",
        &[("action", "close"), ("outcome", "referred"), ("reason", "")],
    )
    .await;
    assert_eq!(status().await, "Passed to investigators");
    // The same day's release does not run twice.
    app.jobs.run_due(tomorrow).await;
    assert_eq!(status().await, "Passed to investigators");
    app.jobs.run_due(tomorrow + TimeDelta::days(1)).await;
    assert_eq!(status().await, "Closed");
    // One release a day, each in the log under its day in Cambodia.
    for day in [tomorrow, tomorrow + TimeDelta::days(1)] {
        let cambodia_day = (day + TimeDelta::hours(7)).date_naive();
        assert_eq!(
            count_rows(
                &app.database,
                &format!(
                    "audit_log WHERE action = 'statuses_released' AND subject = 'release:{cambodia_day}'"
                )
            ),
            1
        );
    }
}
on_both_backends!(the_tipster_sees_the_case_only_at_the_daily_release);

async fn two_reviewers_never_overwrite_each_others_case(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    report(&app, &compound_at("10.6279", "103.5220")).await;
    let (first, _) = signed_in_staff(&app, Role::Reviewer, "first@police.gov.kh").await;
    let (second, _) = signed_in_staff(&app, Role::Reviewer, "second@police.gov.kh").await;
    tip_act(
        &first,
        "T-00001",
        &[("action", "open_case"), ("title", "Gate")],
    )
    .await;
    let seen_by_first = first.page("/staff/cases/C-00001").await;
    let seen_by_second = second.page("/staff/cases/C-00001").await;
    let post = |who: &StaffClient, seen: &str, fields: &[(&str, &str)]| {
        let mut all = vec![
            ("csrf", input_value(seen, "csrf")),
            ("version", input_value(seen, "version")),
        ];
        all.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
        who.client
            .post(who.url("/staff/cases/C-00001/action"))
            .form(&all)
            .send()
    };
    let started = post(
        &first,
        &seen_by_first,
        &[("action", "investigate"), ("reason", "")],
    )
    .await
    .unwrap();
    assert_eq!(location(&started), "/staff/cases/C-00001");
    let stale = post(
        &second,
        &seen_by_second,
        &[
            ("action", "close"),
            ("outcome", "not_confirmed"),
            ("reason", "Nothing there"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(stale.status(), 409);
    let page = stale.text().await.unwrap();
    assert!(element_text(&page, "case-notice").contains("changed this case"));
    assert_eq!(element_text(&page, "case-state"), "Investigating");
}
on_both_backends!(two_reviewers_never_overwrite_each_others_case);

async fn cases_merge_and_tips_move_with_their_history(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    for _ in 0..3 {
        report(&app, &compound_at("10.6279", "103.5220")).await;
    }
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    for (tip, title) in [("T-00001", "North gate"), ("T-00002", "South gate")] {
        tip_act(&reviewer, tip, &[("action", "open_case"), ("title", title)]).await;
    }
    case_act(
        &reviewer,
        "C-00002",
        &[("action", "investigate"), ("reason", "South first")],
    )
    .await;
    case_act(
        &reviewer,
        "C-00002",
        &[
            ("action", "merge"),
            ("target", "C-00001"),
            ("reason", "One compound"),
        ],
    )
    .await;
    // The merged case leads to the one it joined, which holds both tips
    // and both histories.
    let merged = reviewer.get("/staff/cases/C-00002").await;
    assert_eq!(location(&merged), "/staff/cases/C-00001");
    let case = reviewer.page("/staff/cases/C-00001").await;
    let tips = element_html(&case, "case-tips");
    assert!(
        tips.contains("T-00001") && tips.contains("T-00002"),
        "{tips}"
    );
    let timeline = element_html(&case, "case-timeline");
    for kept in ["South first", "Merged in", "C-00002", "One compound"] {
        assert!(timeline.contains(kept), "{kept} in {timeline}");
    }
    let list = reviewer.page("/staff/cases").await;
    assert!(!list.contains("C-00002"), "a merged case leaves the list");
    // Linking to the merged case's reference reaches the live one.
    tip_act(
        &reviewer,
        "T-00003",
        &[("action", "link"), ("case", "C-00002")],
    )
    .await;
    let tip = reviewer.page("/staff/tips/T-00003").await;
    assert_eq!(element_text(&tip, "tip-case"), "C-00001");

    // A linked tip cannot open a case of its own, and the refusal leaves
    // no case behind.
    let refused = act(
        &reviewer,
        "/staff/tips/T-00003",
        "/staff/tips/T-00003/action",
        &[("action", "open_case"), ("title", "Other site")],
    )
    .await;
    assert_eq!(refused.status(), 409);
    assert_eq!(count_rows(&app.database, "cases"), 2);
    // It moves instead; both timelines say so.
    report(&app, &compound_at("10.7000", "103.6000")).await; // T-00004
    tip_act(
        &reviewer,
        "T-00004",
        &[("action", "open_case"), ("title", "Far away")],
    )
    .await;
    tip_act(
        &reviewer,
        "T-00003",
        &[("action", "move"), ("case", "C-00003")],
    )
    .await;
    let from = element_html(
        &reviewer.page("/staff/cases/C-00001").await,
        "case-timeline",
    );
    assert!(
        from.contains("Tip moved out") && from.contains("T-00003 → C-00003"),
        "{from}"
    );
    let to = reviewer.page("/staff/cases/C-00003").await;
    assert!(element_html(&to, "case-tips").contains("T-00003"));
    assert!(element_html(&to, "case-timeline").contains("T-00003 ← C-00001"));

    // Nothing merges into a closed case: its tipsters would see "closed".
    case_act(
        &reviewer,
        "C-00003",
        &[
            ("action", "close"),
            ("outcome", "insufficient_information"),
            ("reason", ""),
        ],
    )
    .await;
    let into_closed = act(
        &reviewer,
        "/staff/cases/C-00001",
        "/staff/cases/C-00001/action",
        &[("action", "merge"), ("target", "C-00003"), ("reason", "")],
    )
    .await;
    assert_eq!(into_closed.status(), 409);
    let still = reviewer.page("/staff/cases/C-00001").await;
    assert_eq!(element_text(&still, "case-state"), "Open");
}
on_both_backends!(cases_merge_and_tips_move_with_their_history);

async fn duplicates_of_duplicates_follow_the_first_report(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    for _ in 0..3 {
        report(&app, &compound_at("10.6279", "103.5220")).await;
    }
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    // T-00001 repeats T-00002, which turns out to repeat T-00003.
    tip_act(
        &reviewer,
        "T-00001",
        &[("action", "duplicate"), ("original", "T-00002")],
    )
    .await;
    tip_act(
        &reviewer,
        "T-00002",
        &[("action", "duplicate"), ("original", "T-00003")],
    )
    .await;
    tip_act(
        &reviewer,
        "T-00003",
        &[("action", "open_case"), ("title", "Gate")],
    )
    .await;
    for tip in ["T-00001", "T-00002"] {
        let page = reviewer.page(&format!("/staff/tips/{tip}")).await;
        assert_eq!(element_text(&page, "tip-duplicate-of"), "T-00003", "{tip}");
        assert_eq!(element_text(&page, "tip-case"), "C-00001", "{tip}");
    }
}
on_both_backends!(duplicates_of_duplicates_follow_the_first_report);

async fn a_double_post_opens_one_case(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, &[("TIPLINE_DB_POOL_SIZE", "8")]).await else {
        return;
    };
    report(&app, &compound_at("10.6279", "103.5220")).await;
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    let page = reviewer.page("/staff/tips/T-00001").await;
    let fields = [
        ("csrf", input_value(&page, "csrf")),
        ("version", input_value(&page, "version")),
        ("action", "open_case".to_owned()),
        ("title", "Gate".to_owned()),
    ];
    let post = || {
        reviewer
            .client
            .post(reviewer.url("/staff/tips/T-00001/action"))
            .form(&fields)
            .send()
    };
    let (first, second) = tokio::join!(post(), post());
    let mut statuses = [
        first.unwrap().status().as_u16(),
        second.unwrap().status().as_u16(),
    ];
    statuses.sort();
    assert_eq!(statuses, [303, 409]);
    assert_eq!(count_rows(&app.database, "cases"), 1);
    assert_eq!(
        count_rows(&app.database, "audit_log WHERE action = 'case_opened'"),
        1
    );
}
on_both_backends!(a_double_post_opens_one_case);

async fn the_queue_finds_by_reference_keyword_and_filters(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    report(
        &app,
        &[
            ("category", "compound"),
            ("description", "Nhiều người bị giam ở ĐƯỜNG số 5"),
            ("province", "12"),
        ],
    )
    .await; // T-00001, in English
    report(
        &app,
        &[
            ("category", "compound"),
            ("description", "A BLUE gate with 100% guards_on duty"),
            ("landmark", "Behind the Golden Market"),
            ("province", "12"),
        ],
    )
    .await; // T-00002
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    let found = |query: &'static str| {
        let reviewer = &reviewer;
        async move { references(&reviewer.page(&format!("/staff/queue?{query}")).await) }
    };
    assert_eq!(
        found("q=%C4%91%C6%B0%E1%BB%9Dng").await,
        ["T-00001"],
        "đường finds ĐƯỜNG"
    );
    assert_eq!(found("q=blue").await, ["T-00002"]);
    assert_eq!(
        found("q=golden+market").await,
        ["T-00002"],
        "the landmark counts"
    );
    assert_eq!(
        found("q=100%25").await,
        ["T-00002"],
        "% is a character, not a wildcard"
    );
    assert!(
        found("q=1_0").await.is_empty(),
        "_ is a character, not a wildcard"
    );
    assert_eq!(found("photos=yes").await, Vec::<String>::new());
    assert_eq!(found("photos=no").await.len(), 2);
    assert_eq!(found("language=en").await.len(), 2);
    assert!(found("language=km").await.is_empty());
    let today = Utc::now().date_naive();
    let yesterday = today.pred_opt().unwrap();
    assert_eq!(found_dates(&reviewer, today, today).await.len(), 2);
    assert!(
        found_dates(&reviewer, yesterday, yesterday)
            .await
            .is_empty()
    );
    // A query has at least 3 code points and a piece of a word the index
    // knows: a number is found with the words before it; alone it is too
    // short.
    assert_eq!(
        found("q=%E1%BB%9Dng+s%E1%BB%91+5").await,
        ["T-00001"],
        "a number is searched for"
    );
    assert!(
        found("q=5").await.is_empty(),
        "too short a query finds nothing"
    );
    // Finished tips are found when asked for any state.
    tip_act(
        &reviewer,
        "T-00001",
        &[("action", "close"), ("reason", "out_of_area")],
    )
    .await;
    assert!(found("q=%C4%91%C6%B0%E1%BB%9Dng").await.is_empty());
    assert_eq!(
        found("q=%C4%91%C6%B0%E1%BB%9Dng&status=any").await,
        ["T-00001"]
    );
    let by_reference = reviewer.get("/staff/queue?q=t-2").await;
    assert_eq!(location(&by_reference), "/staff/tips/T-00002");
}
on_both_backends!(the_queue_finds_by_reference_keyword_and_filters);

async fn found_dates(
    reviewer: &StaffClient,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Vec<String> {
    references(
        &reviewer
            .page(&format!("/staff/queue?from={from}&to={to}"))
            .await,
    )
}

const PHONE_PHOTO: &[u8] = include_bytes!("../fixtures/phone-photo-gps.jpg");

#[actix_web::test]
async fn the_exact_point_and_the_photos_are_for_reviewers_on_request_only() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let token = app.report_token("en").await;
    let form = reqwest::multipart::Form::new()
        .text("form_token", token)
        .text("category", "compound")
        .text("description", "Photo of the gate")
        .text("lat", "10.627912")
        .text("lon", "103.522034")
        .part(
            "photos",
            reqwest::multipart::Part::bytes(PHONE_PHOTO.to_vec())
                .file_name("gate.jpg")
                .mime_str("image/jpeg")
                .unwrap(),
        );
    assert_eq!(app.post_report_form("en", form).await.status(), 200);
    report(&app, &compound_at("10.6279", "103.5220")).await; // T-00002, no photo
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;

    let page = reviewer.page("/staff/tips/T-00001").await;
    assert_eq!(
        element_text(&page, "tip-coarse-location"),
        "10.625, 103.525"
    );
    assert!(
        !page.contains("10.627912"),
        "the exact point waits for a click"
    );
    let title = page
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert_eq!(
        title, "T-00001 · Tipline staff",
        "the window title names the tip only"
    );
    let shown = reviewer
        .submit("/staff/tips/T-00001", "/staff/tips/T-00001/location", &[])
        .await;
    assert_eq!(shown.status(), 200);
    let shown = shown.text().await.unwrap();
    assert_eq!(
        element_text(&shown, "tip-exact-location"),
        "10.627912, 103.522034"
    );
    assert_eq!(
        count_rows(
            &app.database,
            "audit_log WHERE action = 'exact_location_shown' AND subject = 'tip:T-00001'"
        ),
        1
    );

    let src = page
        .split("<img src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the photo is on the page")
        .to_owned();
    let photo = reviewer.get(&src).await;
    assert_eq!(photo.status(), 200);
    assert_eq!(photo.headers()["content-type"], "image/jpeg");
    assert!(
        photo.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("no-store")
    );
    let bytes = photo.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"\xff\xd8");
    assert!(
        !bytes.windows(4).any(|w| w == b"Exif"),
        "a reviewer gets the stripped photo"
    );
    assert_eq!(
        count_rows(&app.database, "audit_log WHERE action = 'photo_viewed'"),
        1
    );
    // Another tip's address does not reach this photo.
    let elsewhere = src.replace("T-00001", "T-00002");
    assert_eq!(reviewer.get(&elsewhere).await.status(), 404);
    let (payout, payout_id) = signed_in_staff(&app, Role::Payout, "payout@police.gov.kh").await;
    assert_eq!(payout.get(&src).await.status(), 403);
    // Work is never handed to a payout officer; the refusal shows the tip
    // again, and that showing is logged like any opening.
    let opened = "audit_log WHERE action = 'tip_opened'";
    let opened_before = count_rows(&app.database, opened);
    let handed = act(
        &reviewer,
        "/staff/tips/T-00001",
        "/staff/tips/T-00001/action",
        &[("action", "hand_to"), ("reviewer", &payout_id.to_string())],
    )
    .await;
    assert_eq!(handed.status(), 422);
    assert_eq!(
        element_text(&handed.text().await.unwrap(), "tip-assignee"),
        ""
    );
    // One opening for the form's page, one for the refusal's.
    assert_eq!(count_rows(&app.database, opened), opened_before + 2);
    let anonymous = app.get(&src).await;
    assert_eq!(location(&anonymous), "/staff/login");
}
