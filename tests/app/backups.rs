//! `tipline backup`: a consistent copy of the running SQLite database that
//! a fresh server opens with the server key, and nothing else; its sealed
//! words open only with a reviewer's password; PostgreSQL is pointed to
//! pg_dump.

use std::os::unix::fs::PermissionsExt;

use crate::binary::{RunningServer, tipline};
use crate::helpers::{Backend, TestApp, TestDatabase, compound_at, open_status, report};
use crate::staff_helpers::{PASSWORD, StaffClient, location, signed_in_staff};
use tipline::domain::staff::Role;

fn backup(database: &TestDatabase, into: &std::path::Path) -> std::process::Output {
    tipline()
        .envs(database.environment())
        .arg("backup")
        .arg(into)
        .output()
        .unwrap()
}

#[actix_web::test]
async fn a_backup_of_the_running_database_opens_a_tip_on_a_fresh_server() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let (code, passphrase) = report(&app, &compound_at("10.6279", "103.5220")).await;
    let email = "rev@police.gov.kh";
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, email).await;
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("tipline.db");

    let made = backup(&app.database, &copy);
    let said = String::from_utf8_lossy(&made.stdout);
    assert!(
        made.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(said.contains("The server key is not in it"), "{said}");
    let mode = std::fs::metadata(&copy).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "the copy is readable by others");
    // A report after the backup is not in it.
    let (later, later_passphrase) = report(&app, &compound_at("10.6281", "103.5220")).await;
    // A second backup never overwrites the first.
    let again = backup(&app.database, &copy);
    assert!(!again.status.success());

    // Restored beside the server key, it opens the first tip, not the later.
    std::fs::copy(
        app.database.dir.path().join("secret.key"),
        elsewhere.path().join("secret.key"),
    )
    .unwrap();
    let restored: std::collections::HashMap<String, String> = [
        ("TIPLINE_BIND", "127.0.0.1:0".to_owned()),
        ("TIPLINE_DATA_DIR", elsewhere.path().display().to_string()),
        ("DATABASE_URL", format!("sqlite://{}", copy.display())),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value))
    .collect();
    let server = RunningServer::start(&restored, elsewhere.path());
    let client = reqwest::Client::new();
    let base = format!("http://{}", server.address);
    let page = open_status(&client, &base, "en", &code, &passphrase).await;
    assert!(page.contains("id=\"tip-status\""), "{page}");
    let missing = open_status(&client, &base, "en", &later, &later_passphrase).await;
    assert!(!missing.contains("id=\"tip-status\""), "{missing}");
    // The words stay sealed in the copy: the reviewer's password opens them.
    let restored_reviewer = StaffClient::new(&base);
    restored_reviewer.password_step(email, PASSWORD).await;
    let signed_in = restored_reviewer
        .code_step(&reviewer.recovery_codes[0])
        .await;
    assert_eq!(location(&signed_in), "/staff/");
    let tip = restored_reviewer.page("/staff/tips/T-00001").await;
    assert!(tip.contains("Guarded compound, barred windows"), "{tip}");
    let (exit, log) = server.terminate();
    assert!(exit.success(), "{log}");
}

#[actix_web::test]
async fn a_postgresql_database_is_pointed_to_pg_dump() {
    let Some(database) = TestDatabase::empty(Backend::Postgres) else {
        return;
    };
    let into = database.dir.path().join("copy.db");
    let refused = backup(&database, &into);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("pg_dump"));
    assert!(
        !into.exists(),
        "a file was left that could pass for a backup"
    );
}
