//! A tip code found on paper leads to no report through a copy of the
//! database: tips and failed checks know a code only by its keyed hash, and
//! the codes stored before that are keyed once, at the next start.

use diesel::RunQueryDsl;
use tipline::config::Config;
use tipline::domain::receipt::TipCode;
use tipline::startup::Application;

use crate::helpers::{
    Backend, TestApp, contains_bytes, count_rows, execute, key_of, on_both_backends, sqlite_bytes,
};

#[derive(diesel::QueryableByName)]
struct StoredCodes {
    #[diesel(sql_type = diesel::sql_types::Text)]
    code: String,
}

fn stored_codes(app: &TestApp, sql: &str) -> Vec<String> {
    diesel::sql_query(sql)
        .load::<StoredCodes>(&mut app.database.connect())
        .unwrap()
        .into_iter()
        .map(|row| row.code)
        .collect()
}

#[actix_web::test]
async fn no_database_file_holds_a_tip_code() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let (code, passphrase) = app.report_compound().await;
    // A failed check counts against the code it names.
    app.check_status("en", &code, "1111 2222 3333 4444").await;
    assert_eq!(count_rows(&app.database, "status_check_failures"), 1);
    assert!(
        app.check_status("en", &code, &passphrase)
            .await
            .contains("No messages yet")
    );
    let plain = TipCode::parse(&code).unwrap();
    let stored = sqlite_bytes(&app.database);
    let holds = |needle: &str| contains_bytes(&stored, needle.as_bytes());
    assert!(!holds(plain.as_str()), "the tip code is stored");
    // The search reads the stored bytes: the keyed code is found.
    assert!(holds(plain.stored(&key_of(&app.database)).as_str()));
}

async fn codes_stored_before_are_keyed_once_at_the_next_start(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (code, passphrase) = app.report_compound().await;
    let plain = TipCode::parse(&code).unwrap();
    let key = key_of(&app.database);
    assert_eq!(
        stored_codes(&app, "SELECT code FROM tips"),
        [plain.stored(&key).as_str()]
    );
    // The database as an earlier version left it: the plain code, and a
    // failed check counted under it.
    execute(
        &app.database,
        &format!("UPDATE tips SET code = '{}'", plain.as_str()),
    );
    execute(&app.database, "UPDATE code_keying SET done = FALSE");
    execute(
        &app.database,
        &format!(
            "INSERT INTO status_check_failures (code, failed_at) VALUES ('{}', CURRENT_TIMESTAMP)",
            plain.as_str()
        ),
    );

    let environment = app.database.environment();
    for _ in 0..2 {
        let config = Config::from_lookup(|name| environment.get(name).cloned()).unwrap();
        drop(Application::build(config).expect("the application starts"));
    }
    assert_eq!(
        stored_codes(&app, "SELECT code FROM tips"),
        [plain.stored(&key).as_str()],
        "keyed once, and only once"
    );
    assert_eq!(count_rows(&app.database, "status_check_failures"), 0);
    assert!(
        app.check_status("en", &code, &passphrase)
            .await
            .contains("No messages yet"),
        "the receipt no longer opens its tip"
    );
}
on_both_backends!(codes_stored_before_are_keyed_once_at_the_next_start);
