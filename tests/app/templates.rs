//! One migrated database with the gazetteer loaded, per backend and test
//! process, that each test's database starts as a copy of: migrating and
//! loading 16,388 places for every server would take most of the run.

use std::sync::OnceLock;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};
use tipline::db::{DatabaseTarget, Db};

/// The SQLite template's bytes: held in memory, so no file outlives the run.
static SQLITE: OnceLock<Vec<u8>> = OnceLock::new();

/// Writes the migrated, seeded SQLite database to `path`.
pub fn copy_sqlite_to(path: &std::path::Path) {
    let template = SQLITE.get_or_init(build_sqlite);
    std::fs::write(path, template).expect("copy the SQLite template");
}

fn build_sqlite() -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = dir.path().join("migrated.db").display().to_string();
    let target = DatabaseTarget::parse(&url).expect("template path");
    drop(Db::open(&target, 1).expect("migrate and seed the SQLite template"));
    // The server runs in WAL mode, so the newest pages may sit in the `-wal`
    // file, and the pool's threads may still hold connections a moment after
    // it is dropped. `VACUUM INTO` writes one consistent, self-contained file
    // whatever other connections do; each copy turns WAL back on when the
    // server opens it.
    let copy = dir.path().join("template.db");
    let mut conn = SqliteConnection::establish(&url).expect("reopen the SQLite template");
    let into = copy.display().to_string().replace('\'', "''");
    // A pool connection still closing checkpoints the WAL under a lock: wait
    // for it rather than fail with "database is locked".
    conn.batch_execute(&format!(
        "PRAGMA busy_timeout = 10000; VACUUM INTO '{into}'"
    ))
    .expect("write the SQLite template");
    drop(conn);
    std::fs::read(&copy).expect("read the SQLite template")
}

/// Every run's template is named by its process and the time that process
/// started, so a later run can tell a template whose run is gone (to drop)
/// from one still in use (to leave alone), even if a process id was reused.
const PREFIX: &str = "tipline_template_";

static POSTGRES: OnceLock<String> = OnceLock::new();

/// The name of this run's PostgreSQL template, made on first use through
/// `admin` (a connection to the server's maintenance database at `base`).
///
/// A test harness has no teardown, so this run's template stays until the
/// next run starts and finds its process gone.
fn postgres(admin: &mut PgConnection, base: &str) -> &'static str {
    POSTGRES.get_or_init(|| build_postgres(admin, base))
}

fn build_postgres(admin: &mut PgConnection, base: &str) -> String {
    drop_templates_of_finished_runs(admin);
    let pid = std::process::id();
    let started = process_start(pid).expect("this process's start time");
    let name = format!("{PREFIX}{pid}_{started}");
    // Left half-made by an earlier attempt of this same process, if any.
    execute(
        admin,
        &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    );
    execute(admin, &format!("CREATE DATABASE {name}"));
    let target = DatabaseTarget::parse(&format!("{base}/{name}")).expect("template URL");
    drop(Db::open(&target, 1).expect("migrate and seed the PostgreSQL template"));
    // A copy fails while anyone is connected to its template; from now on
    // nobody can connect (dropping it needs no connection).
    execute(
        admin,
        &format!("ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false"),
    );
    name
}

/// Creates database `name` as a copy of this run's template.
pub fn create_postgres_copy(admin: &mut PgConnection, base: &str, name: &str) {
    let template = postgres(admin, base);
    let create = format!("CREATE DATABASE {name} TEMPLATE {template}");
    // The template's own connections end a moment after they close, and
    // PostgreSQL waits for them only a few seconds.
    for _ in 0..10 {
        match diesel::sql_query(&create).execute(admin) {
            Ok(_) => return,
            Err(error) if error.to_string().contains("being accessed by other users") => {
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(error) => panic!("create a test database from {template}: {error}"),
        }
    }
    panic!("{template} stayed in use: no test database could be made from it");
}

fn drop_templates_of_finished_runs(admin: &mut PgConnection) {
    #[derive(diesel::QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    let templates = diesel::sql_query(format!(
        "SELECT datname FROM pg_database WHERE datname LIKE '{PREFIX}%'"
    ))
    .load::<Name>(admin)
    .expect("list the templates");
    for Name { datname } in templates {
        if run_is_gone(&datname) {
            // Best effort: another run may be dropping it at the same time.
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {datname} WITH (FORCE)"))
                .execute(admin);
        }
    }
}

/// Whether the process that made template `name` has ended.
fn run_is_gone(name: &str) -> bool {
    let Some((pid, started)) = name
        .strip_prefix(PREFIX)
        .and_then(|rest| rest.split_once('_'))
    else {
        return false;
    };
    match (pid.parse::<u32>(), started.parse::<u64>()) {
        (Ok(pid), Ok(started)) => process_start(pid) != Some(started),
        _ => false,
    }
}

/// When process `pid` started, in clock ticks since boot (field 22 of
/// `/proc/<pid>/stat`, counted after the parenthesised command name).
fn process_start(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(19)?
        .parse()
        .ok()
}

fn execute(conn: &mut PgConnection, sql: &str) {
    diesel::sql_query(sql)
        .execute(conn)
        .unwrap_or_else(|error| panic!("{sql}: {error}"));
}
