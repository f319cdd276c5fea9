//! The audit chain on both backends: concurrent writers never fork it, and
//! `tipline audit verify` catches an edited row, a deleted row and a cut-off
//! tail (the last against a head recorded earlier). The daily anchor mails
//! the head, and only one instance may run it per day.

use std::process::Output;

use futures_util::future::join_all;
use tipline::db::{audit, jobs};
use tipline::domain::ids::StaffId;
use tipline::domain::staff::{Role, StaffEmail, StaffName};
use tipline::i18n::Lang;
use tipline::services::common::Actor;
use tipline::services::staff::NewAccount;

use crate::binary::tipline;
use crate::helpers::{Backend, TestApp, TestDatabase, execute, key_of, on_both_backends};

async fn make_accounts(app: &TestApp, count: usize) -> Vec<StaffId> {
    let mut ids = Vec::new();
    for n in 0..count {
        let account = NewAccount {
            email: StaffEmail::parse(&format!("staff{n}@police.gov.kh")).unwrap(),
            name: StaffName::parse(&format!("Staff {n}")).unwrap(),
            role: Role::Reviewer,
            language: Lang::Km,
        };
        let created = app.staff.create(Actor::CommandLine, account, None).await;
        ids.push(created.unwrap().unwrap());
    }
    ids
}

async fn concurrent_actions_never_fork_the_chain(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, &[("TIPLINE_DB_POOL_SIZE", "8")]).await else {
        return;
    };
    let ids = make_accounts(&app, 4).await;
    let changes = (0..60).map(|n| {
        let lang = if n % 2 == 0 { Lang::En } else { Lang::Km };
        app.staff.set_language(ids[n % ids.len()], lang)
    });
    for done in join_all(changes).await {
        done.unwrap();
    }
    let key = key_of(&app.database);
    let mut conn = app.database.connect();
    let head = audit::verify(&mut conn, &key, None).unwrap().unwrap();
    assert_eq!(head.count, 64);
}
on_both_backends!(concurrent_actions_never_fork_the_chain);

/// `tipline audit …` against the test's database.
fn audit_command(database: &TestDatabase, args: &[&str]) -> Output {
    tipline()
        .envs(database.environment())
        .arg("audit")
        .args(args)
        .output()
        .unwrap()
}

fn verified(output: &Output) -> bool {
    output.status.success()
}

fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

async fn verify_catches_an_edit_a_deletion_and_a_cut_off_tail(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    make_accounts(&app, 6).await;
    let database = &app.database;
    let intact = audit_command(database, &["verify"]);
    assert!(verified(&intact), "{}", said(&intact));
    assert!(
        said(&intact).contains("intact: 6 rows"),
        "{}",
        said(&intact)
    );
    let head = audit_command(database, &["head"]);
    let head = String::from_utf8(head.stdout).unwrap().trim().to_owned();
    assert!(head.starts_with("6:"), "{head}");

    // An edit, even of one character, breaks the row.
    execute(
        database,
        "UPDATE audit_log SET detail = 'role admin' WHERE seq = 2",
    );
    let edited = audit_command(database, &["verify"]);
    assert!(!verified(&edited));
    assert!(
        said(&edited).contains("row 2 was altered"),
        "{}",
        said(&edited)
    );
    assert!(
        said(&edited).contains("First broken row: #2"),
        "{}",
        said(&edited)
    );
    execute(
        database,
        "UPDATE audit_log SET detail = 'role reviewer' WHERE seq = 2",
    );
    assert!(verified(&audit_command(database, &["verify"])));

    // A cut-off tail leaves a chain that is whole in itself: only the
    // recorded head shows what is missing.
    execute(database, "DELETE FROM audit_log WHERE seq > 4");
    assert!(verified(&audit_command(database, &["verify"])));
    let cut = audit_command(database, &["verify", "--head", &head]);
    assert!(!verified(&cut));
    assert!(said(&cut).contains("rows were cut off"), "{}", said(&cut));

    // A row deleted from the middle.
    execute(database, "DELETE FROM audit_log WHERE seq = 3");
    let deleted = audit_command(database, &["verify"]);
    assert!(!verified(&deleted));
    assert!(
        said(&deleted).contains("rows are missing"),
        "{}",
        said(&deleted)
    );
}
on_both_backends!(verify_catches_an_edit_a_deletion_and_a_cut_off_tail);

#[test]
fn the_chain_cannot_be_checked_without_its_key() {
    let Some(database) = TestDatabase::empty(Backend::Sqlite) else {
        return;
    };
    let output = audit_command(&database, &["verify"]);
    assert!(!verified(&output));
    assert!(said(&output).contains("no server key"), "{}", said(&output));
    let wrong = audit_command(&database, &["verify", "--head", "x"]);
    assert!(said(&wrong).contains("COUNT:HASH"), "{}", said(&wrong));
}

async fn one_instance_a_day_anchors_the_head_by_mail(backend: Backend) {
    let Some((app, sink)) = TestApp::spawn_with_mail(
        backend,
        &[("TIPLINE_AUDIT_ANCHOR_EMAIL", "oversight@ministry.gov.kh")],
    )
    .await
    else {
        return;
    };
    let mail = &sink.wait_for(1).await[0];
    assert_eq!(mail.recipients, ["oversight@ministry.gov.kh"]);
    let text = mail.decoded();
    let genesis = format!("0:{}", "0".repeat(64));
    assert!(
        text.contains(&format!("tipline audit verify --head {genesis}")),
        "{text}"
    );

    // Today's run is done: another instance's claim fails. Tomorrow's run
    // is leased by one instance; a second cannot take it until the lease
    // runs out (the first died), and nobody can once it is done.
    let mut conn = app.database.connect();
    let now = chrono::Utc::now().naive_utc();
    let lease = chrono::TimeDelta::minutes(10);
    let today = now.date();
    let claim = |conn: &mut tipline::db::DbConnection, day, at| {
        jobs::claim(conn, jobs::AUDIT_ANCHOR, day, at, lease).unwrap()
    };
    assert!(claim(&mut conn, today, now).is_none());
    let tomorrow = today.succ_opt().unwrap();
    let first = claim(&mut conn, tomorrow, now).expect("tomorrow's run is free");
    assert!(claim(&mut conn, tomorrow, now).is_none());
    // The first holder died: once its lease ran out, another takes over,
    // and the late first one can neither finish nor free the run.
    let later = now + chrono::TimeDelta::minutes(11);
    let second = claim(&mut conn, tomorrow, later).expect("the lease ran out");
    jobs::release(&mut conn, jobs::AUDIT_ANCHOR, first).unwrap();
    assert!(!jobs::complete(&mut conn, jobs::AUDIT_ANCHOR, tomorrow, first).unwrap());
    assert!(claim(&mut conn, tomorrow, later).is_none());
    assert!(jobs::complete(&mut conn, jobs::AUDIT_ANCHOR, tomorrow, second).unwrap());
    let much_later = now + chrono::TimeDelta::hours(2);
    assert!(claim(&mut conn, tomorrow, much_later).is_none());
}
on_both_backends!(one_instance_a_day_anchors_the_head_by_mail);

#[derive(diesel::QueryableByName)]
struct ReadRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    detail: String,
}

/// Reading is audited once per page: a queue page names the tips whose
/// words it showed, and a search its words too.
async fn a_queue_page_names_the_tips_it_showed(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.report_compound().await;
    app.report_compound().await;
    let (reviewer, _) = crate::staff_helpers::signed_in_staff(
        &app,
        tipline::domain::staff::Role::Reviewer,
        "rev@police.gov.kh",
    )
    .await;
    let queue = reviewer.page("/staff/queue").await;
    assert!(queue.contains("T-00002"), "{queue}");
    reviewer.page("/staff/queue?q=gate").await;
    reviewer.page("/staff/queue?q=nowhere-to-be-found").await;
    // Sealed: the words searched for echo the tips' words.
    let reads = crate::helpers::audit_details(&app.database, "action = 'queue_read'");
    assert_eq!(
        crate::helpers::count_rows(&app.database, "audit_log WHERE detail LIKE '%gate%'"),
        0
    );
    assert_eq!(
        reads,
        [
            "shown: T-00001 T-00002",
            "shown: T-00001 T-00002; searched: gate",
            "shown: -; searched: nowhere-to-be-found",
        ]
    );
}
on_both_backends!(a_queue_page_names_the_tips_it_showed);

/// While one administrator alone holds the power over accounts, the daily
/// anchor names each staff change to oversight; with a second one, who
/// sees them, it does not.
async fn a_lone_administrators_staff_changes_are_named_to_oversight(backend: Backend) {
    let Some((app, sink)) = TestApp::spawn_with_mail(
        backend,
        &[("TIPLINE_AUDIT_ANCHOR_EMAIL", "oversight@ministry.gov.kh")],
    )
    .await
    else {
        return;
    };
    sink.wait_for(1).await;
    let (_, admin) = crate::staff_helpers::signed_in_staff(
        &app,
        tipline::domain::staff::Role::Admin,
        "admin@police.gov.kh",
    )
    .await;
    let (_, reviewer) = crate::staff_helpers::signed_in_staff(
        &app,
        tipline::domain::staff::Role::Reviewer,
        "rev@police.gov.kh",
    )
    .await;
    app.staff
        .change_role(admin, reviewer, tipline::domain::staff::Role::Payout)
        .await
        .unwrap()
        .unwrap();
    app.jobs
        .run_due(chrono::Utc::now() + chrono::TimeDelta::days(1))
        .await;
    let anchors = sink.wait_for(2).await;
    let text = anchors[1].decoded();
    assert!(text.contains("Only one administrator is active"), "{text}");
    assert!(
        text.contains(&format!(
            "staff:{}: staff_role_changed staff:{} reviewer -> payout",
            admin.0, reviewer.0
        )),
        "{text}"
    );

    // A second administrator sees the changes: the anchor no longer lists them.
    app.staff
        .change_role(admin, reviewer, tipline::domain::staff::Role::Admin)
        .await
        .unwrap()
        .unwrap();
    app.jobs
        .run_due(chrono::Utc::now() + chrono::TimeDelta::days(2))
        .await;
    let anchors = sink.wait_for(3).await;
    let text = anchors[2].decoded();
    assert!(!text.contains("Only one administrator"), "{text}");
}
on_both_backends!(a_lone_administrators_staff_changes_are_named_to_oversight);

/// Each anchor is a row of the chain naming the head before it, and the
/// head goes to the append-only file too; `tipline audit anchor` does the
/// same on demand.
async fn anchors_are_rows_of_the_chain_and_lines_of_the_anchor_file(backend: Backend) {
    use diesel::RunQueryDsl;
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("anchors.txt");
    let file_setting = file.display().to_string();
    let Some(app) = TestApp::spawn_with(
        backend,
        &[("TIPLINE_AUDIT_ANCHOR_FILE", file_setting.as_str())],
    )
    .await
    else {
        return;
    };
    // An empty chain has nothing to anchor.
    assert!(!file.exists());
    make_accounts(&app, 2).await;
    let before = audit::head(&mut app.database.connect()).unwrap();
    app.jobs
        .run_due(chrono::Utc::now() + chrono::TimeDelta::days(1))
        .await;
    let anchors: Vec<ReadRow> =
        diesel::sql_query("SELECT detail FROM audit_log WHERE action = 'anchored' ORDER BY seq")
            .load(&mut app.database.connect())
            .unwrap();
    assert_eq!(anchors.len(), 1);
    assert_eq!(anchors[0].detail, before.to_string());
    let after = audit::head(&mut app.database.connect()).unwrap();
    assert_eq!(after.count, before.count + 1);
    let lines = std::fs::read_to_string(&file).unwrap();
    assert!(lines.ends_with(&format!(" {after}\n")), "{lines}");

    let mut environment = app.database.environment();
    environment.insert("TIPLINE_AUDIT_ANCHOR_FILE".to_owned(), file_setting.clone());
    let anchored = tipline()
        .envs(&environment)
        .args(["audit", "anchor"])
        .output()
        .unwrap();
    assert!(verified(&anchored), "{}", said(&anchored));
    let head = audit::head(&mut app.database.connect()).unwrap();
    assert_eq!(head.count, after.count + 1);
    assert!(said(&anchored).contains(&head.to_string()));
    assert_eq!(std::fs::read_to_string(&file).unwrap().lines().count(), 2);
    let checked = audit_command(&app.database, &["verify"]);
    assert!(verified(&checked), "{}", said(&checked));
    assert!(!said(&checked).contains("WARNING"), "{}", said(&checked));
}
on_both_backends!(anchors_are_rows_of_the_chain_and_lines_of_the_anchor_file);

/// What tipsters do is not audited as it happens (that would date each
/// report and reply to the second): the daily release writes one row of
/// the day before, naming the tips in reference order, without times.
async fn tipsters_actions_are_audited_once_a_day_without_times(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (code, passphrase) = app.report_compound().await;
    app.report_compound().await;
    let status = app.check_status("en", &code, &passphrase).await;
    let token = crate::helpers::input_value(&status, "token");
    app.reply("en", &token, "The gate is blue").await;
    let rows = |condition: &str| crate::helpers::audit_details(&app.database, condition);
    let batch = "action = 'tipster_actions'";
    assert!(rows(batch).is_empty(), "audited as it happened");
    app.jobs
        .run_due(chrono::Utc::now() + chrono::TimeDelta::days(1))
        .await;
    assert_eq!(
        rows(batch),
        ["reported: T-00001 T-00002; replied: T-00001; withdrawn: "]
    );
}
on_both_backends!(tipsters_actions_are_audited_once_a_day_without_times);
