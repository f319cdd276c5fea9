//! The first administrator, as a new install makes it: from the one-time
//! set-up link the server prints, or with `tipline admin create`.

use std::io::Write;
use std::process::Stdio;

use crate::binary::{RunningServer, tipline};
use crate::helpers::{Backend, TestDatabase};
use crate::staff_helpers::{PASSWORD, StaffClient, location};

#[actix_web::test]
async fn a_fresh_server_prints_a_set_up_link_that_creates_the_first_admin_once() {
    let Some(database) = TestDatabase::empty(Backend::Sqlite) else {
        return;
    };
    let server = RunningServer::start(&database.environment(), database.dir.path());
    let base = format!("http://{}", server.address);
    let output = server.output_with("/staff/link/");
    let start = output.find("/staff/link/").unwrap();
    let token = &output[start + "/staff/link/".len()..][..64];
    let link = format!("/staff/link/{token}");

    let admin = StaffClient::new(&base);
    let fields = [
        ("email", "first@police.gov.kh"),
        ("name", "First Admin"),
        ("password", PASSWORD),
        ("password_again", PASSWORD),
    ];
    let created = admin.submit(&link, &link, &fields).await;
    assert_eq!(created.status(), 200);
    assert_eq!(admin.get(&link).await.status(), 410, "the link works once");
    let response = admin.password_step("first@police.gov.kh", PASSWORD).await;
    assert_eq!(location(&response), "/staff/enrol");
    let (_, log) = server.terminate();

    // With staff in place, a restart prints no link (it would come before
    // the server says it listens).
    let server = RunningServer::start(&database.environment(), database.dir.path());
    let (_, log_again) = server.terminate();
    assert!(log.contains("/staff/link/"));
    assert!(!log_again.contains("/staff/link/"), "{log_again}");
}

fn admin_create(database: &TestDatabase, email: &str, stdin: &str) -> std::process::Output {
    let mut child = tipline()
        .envs(database.environment())
        .args([
            "admin",
            "create",
            "--email",
            email,
            "--name",
            "Sok Dara",
            "--language",
            "en",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[actix_web::test]
async fn admin_create_reads_the_password_twice_and_the_admin_can_sign_in() {
    let Some(database) = TestDatabase::empty(Backend::Sqlite) else {
        return;
    };
    let mismatch = admin_create(
        &database,
        "dara@police.gov.kh",
        &format!("{PASSWORD}\nsomething else\n"),
    );
    assert!(!mismatch.status.success());
    assert!(String::from_utf8_lossy(&mismatch.stderr).contains("not the same"));
    let short = admin_create(&database, "dara@police.gov.kh", "short\nshort\n");
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12 characters"));

    let created = admin_create(
        &database,
        "Dara@Police.gov.kh",
        &format!("{PASSWORD}\n{PASSWORD}\n"),
    );
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    assert!(
        String::from_utf8_lossy(&created.stdout)
            .contains("Administrator dara@police.gov.kh created")
    );
    let again = admin_create(
        &database,
        "dara@police.gov.kh",
        &format!("{PASSWORD}\n{PASSWORD}\n"),
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));

    let server = RunningServer::start(&database.environment(), database.dir.path());
    let mut admin = StaffClient::new(&format!("http://{}", server.address));
    let response = admin.password_step("dara@police.gov.kh", PASSWORD).await;
    assert_eq!(location(&response), "/staff/enrol");
    admin.enrol().await;
    assert_eq!(admin.get("/staff/admin/staff").await.status(), 200);
    server.terminate();
}
