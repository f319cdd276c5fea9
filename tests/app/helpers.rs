//! Spawning the real application for a test: its own port, its own data
//! directory, and its own database (an SQLite file, or a PostgreSQL
//! database dropped afterwards), a copy of the run's migrated and seeded
//! template unless the test asks for an empty one.

use std::collections::HashMap;
use std::io::Write;
use std::time::Duration;

use diesel::{Connection, PgConnection, RunQueryDsl};
use reqwest::multipart::Form;
use tempfile::TempDir;
use tipline::config::Config;
use tipline::secret::SecretKey;
use tipline::startup::Application;

use crate::smtp::SmtpSink;
use crate::templates;

/// Which database a test runs against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs an `async fn(Backend)` once on each backend, as two tests.
macro_rules! on_both_backends {
    ($check:ident) => {
        mod $check {
            #[actix_web::test]
            async fn on_sqlite() {
                super::$check($crate::helpers::Backend::Sqlite).await
            }
            #[actix_web::test]
            async fn on_postgres() {
                super::$check($crate::helpers::Backend::Postgres).await
            }
        }
    };
}
pub(crate) use on_both_backends;

/// Says loudly, past the test harness's capture, that a test did not run;
/// under CI a missing part fails the test instead.
pub fn skip_or_fail(what: &str, why: &str) {
    if std::env::var("CI").is_ok_and(|ci| ci == "true") {
        panic!("{what} is required under CI=true, but {why}");
    }
    let _ = writeln!(
        std::io::stderr(),
        "\n*** SKIPPED: {what} is not available here ({why}) ***\n"
    );
}

/// A PostgreSQL database of a test's own.
pub struct PgTestDatabase {
    pub url: String,
    name: String,
}

fn postgres_admin_url() -> String {
    std::env::var("TIPLINE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

impl PgTestDatabase {
    /// A fresh database, migrated and seeded from this run's template or
    /// empty, or `None` (after saying so) when no server answers.
    pub fn create(start: Start) -> Option<Self> {
        let admin = postgres_admin_url();
        let mut conn = match PgConnection::establish(&admin) {
            Ok(conn) => conn,
            Err(error) => {
                skip_or_fail("PostgreSQL", &format!("{admin}: {error}"));
                return None;
            }
        };
        let name = format!("tipline_test_{}", random_hex(8));
        let base = admin
            .rsplit_once('/')
            .map_or(admin.as_str(), |(base, _)| base);
        match start {
            Start::Seeded => templates::create_postgres_copy(&mut conn, base, &name),
            Start::Empty => {
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .expect("create test database");
            }
        }
        Some(PgTestDatabase {
            url: format!("{base}/{name}"),
            name,
        })
    }

    /// Ends every connection and removes the database, while a test runs.
    pub fn drop_now(&self) {
        if let Ok(mut conn) = PgConnection::establish(&postgres_admin_url()) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .execute(&mut conn);
        }
    }
}

impl Drop for PgTestDatabase {
    fn drop(&mut self) {
        self.drop_now();
    }
}

pub fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::fill(buffer.as_mut_slice());
    tipline::secret::to_hex(&buffer)
}

/// What a test's database holds when the test begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// Migrated, with the gazetteer loaded, as every start but the first finds it.
    Seeded,
    /// Nothing at all: for what a first start does (migrating, loading the
    /// gazetteer) and for the binary, which is run as an operator would.
    Empty,
}

/// The place a test's database lives.
pub struct TestDatabase {
    pub dir: TempDir,
    pub postgres: Option<PgTestDatabase>,
}

impl TestDatabase {
    /// A database migrated and seeded already; `None` when the backend is
    /// not available here (and that was said).
    pub fn seeded(backend: Backend) -> Option<Self> {
        Self::new(backend, Start::Seeded)
    }

    /// An empty database; `None` when the backend is not available here.
    pub fn empty(backend: Backend) -> Option<Self> {
        Self::new(backend, Start::Empty)
    }

    fn new(backend: Backend, start: Start) -> Option<Self> {
        let dir = tempfile::tempdir().expect("temporary directory");
        let postgres = match backend {
            Backend::Sqlite => {
                if start == Start::Seeded {
                    templates::copy_sqlite_to(&dir.path().join("tipline.db"));
                }
                None
            }
            Backend::Postgres => Some(PgTestDatabase::create(start)?),
        };
        Some(TestDatabase { dir, postgres })
    }

    /// The `DATABASE_URL` for it.
    pub fn url(&self) -> String {
        match &self.postgres {
            Some(pg) => pg.url.clone(),
            None => format!("sqlite://{}/tipline.db", self.dir.path().display()),
        }
    }

    /// Environment for the application: loopback port 0, this database.
    pub fn environment(&self) -> HashMap<String, String> {
        [
            ("TIPLINE_BIND", "127.0.0.1:0".to_owned()),
            ("TIPLINE_DATA_DIR", self.dir.path().display().to_string()),
            ("DATABASE_URL", self.url()),
            ("TIPLINE_WORKERS", "1".to_owned()),
            ("TIPLINE_DB_POOL_SIZE", "2".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
    }

    /// A connection of the test's own, beside the application's.
    pub fn connect(&self) -> tipline::db::DbConnection {
        use tipline::db::DbConnection;
        match &self.postgres {
            Some(pg) => DbConnection::Postgres(
                PgConnection::establish(&pg.url).expect("connect to test database"),
            ),
            None => {
                let mut conn = diesel::SqliteConnection::establish(&format!(
                    "{}/tipline.db",
                    self.dir.path().display()
                ))
                .expect("open test database");
                // The server's own jobs may be writing: wait as its connections do.
                diesel::connection::SimpleConnection::batch_execute(
                    &mut conn,
                    "PRAGMA busy_timeout = 10000",
                )
                .expect("set busy timeout");
                DbConnection::Sqlite(conn)
            }
        }
    }
}

/// The application, running in this test's runtime.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub database: TestDatabase,
    /// The server's account operations, for setting up staff beside it.
    pub staff: tipline::services::staff::StaffService,
    /// The server's scheduled jobs, run on demand as of a chosen time.
    pub jobs: tipline::jobs::Jobs,
    /// What sends the server's mails, some of them after the response.
    notifier: tipline::services::notify::Notifier,
    /// The server's hashing pools, to count their work and saturate them.
    pub hashers: tipline::startup::Hashers,
    /// The visitors' fair shares of those pools.
    pub shares: tipline::shares::FairShares,
    /// The bytes of request bodies in flight.
    pub bodies: tipline::bodies::BodyBudget,
}

impl TestApp {
    /// The application on `backend`, or `None` when that backend is not here.
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, &[]).await
    }

    /// The same, with some settings of the test's own.
    pub async fn spawn_with(backend: Backend, settings: &[(&str, &str)]) -> Option<TestApp> {
        let database = TestDatabase::seeded(backend)?;
        let mut environment = database.environment();
        for (name, value) in settings {
            environment.insert((*name).to_owned(), (*value).to_owned());
        }
        let config =
            Config::from_lookup(|name| environment.get(name).cloned()).expect("test configuration");
        let application = Application::build(config).expect("the application starts");
        let address = format!("http://{}", application.address());
        let staff = application.staff();
        let jobs = application.jobs();
        let notifier = application.notifier();
        let hashers = application.hashers();
        let shares = application.shares();
        let bodies = application.bodies();
        actix_web::rt::spawn(application.run_until_stopped());
        settle_startup_jobs(&database).await;
        Some(TestApp {
            address,
            client: client(),
            database,
            staff,
            jobs,
            notifier,
            hashers,
            shares,
            bodies,
        })
    }

    /// The same, sending its mail to an SMTP sink of the test's own.
    pub async fn spawn_with_mail(
        backend: Backend,
        settings: &[(&str, &str)],
    ) -> Option<(TestApp, SmtpSink)> {
        let sink = SmtpSink::start();
        let url = sink.url();
        let mut all = vec![("TIPLINE_SMTP_URL", url.as_str())];
        all.extend_from_slice(settings);
        Some((Self::spawn_with(backend, &all).await?, sink))
    }

    /// Waits until every mail the server set off beside a response has
    /// gone or failed, so that counting mails afterwards counts them all.
    pub async fn mail_settled(&self) {
        tokio::time::timeout(Duration::from_secs(30), self.notifier.settled())
            .await
            .expect("background mails still running after 30 s");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// The body of a page that must answer 200.
    pub async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.text().await.expect("body")
    }

    /// A fresh report form's anti-forgery token.
    pub async fn report_token(&self, lang: &str) -> String {
        input_value(&self.page(&format!("/{lang}/report")).await, "form_token")
    }

    /// Posts the report form as a browser does (multipart).
    pub async fn post_report(&self, lang: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let form = fields.iter().fold(Form::new(), |form, (name, value)| {
            form.text(name.to_string(), value.to_string())
        });
        self.post_report_form(lang, form).await
    }

    /// Posts a report form built by the test (with photos, say).
    pub async fn post_report_form(&self, lang: &str, form: Form) -> reqwest::Response {
        self.post_multipart(&format!("/{lang}/report"), form).await
    }

    /// Posts a tipster's reply with the token of their status page.
    pub async fn reply(&self, lang: &str, token: &str, body: &str) -> reqwest::Response {
        let form = Form::new()
            .text("token", token.to_owned())
            .text("body", body.to_owned());
        self.post_reply_form(lang, form).await
    }

    /// Posts a reply form built by the test (with photos, say).
    pub async fn post_reply_form(&self, lang: &str, form: Form) -> reqwest::Response {
        self.post_multipart(&format!("/{lang}/status/reply"), form)
            .await
    }

    async fn post_multipart(&self, path: &str, form: Form) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    /// Sends a complete compound report; returns the receipt's code and passphrase.
    pub async fn report_compound(&self) -> (String, String) {
        report(
            self,
            &[
                ("category", "compound"),
                ("description", "Guards at the gate, windows barred"),
                ("province", "17"),
                ("landmark", "behind the market"),
            ],
        )
        .await
    }

    /// The status page behind `code` and `passphrase`, as a tipster opens it.
    pub async fn check_status(&self, lang: &str, code: &str, passphrase: &str) -> String {
        open_status(&self.client, &self.address, lang, code, passphrase).await
    }
}

/// An HTTP client that shows redirects instead of following them and asks
/// for no compression unless a test says so.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client")
}

/// The `value` of the input named `name` in a page.
pub fn input_value(html: &str, name: &str) -> String {
    let marker = format!(r#"name="{name}""#);
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no input {name}"));
    let rest = &html[at..];
    let value = rest
        .find(r#"value=""#)
        .unwrap_or_else(|| panic!("input {name} has no value"))
        + 7;
    rest[value..value + rest[value..].find('"').unwrap()].to_owned()
}

/// The text inside the element with `id`.
pub fn element_text(html: &str, id: &str) -> String {
    let marker = format!(r#"id="{id}""#);
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no element #{id}"));
    let rest = &html[at..];
    let start = rest.find('>').unwrap() + 1;
    let end = rest.find("</").unwrap();
    rest[start..end].trim().to_owned()
}

/// What the element with `id` holds, markup included, up to the first
/// closing tag of its kind (its kind must not nest inside it).
pub fn element_html(html: &str, id: &str) -> String {
    let marker = format!(r#"id="{id}""#);
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no element #{id}"));
    let open = html[..at].rfind('<').unwrap();
    let tag: String = html[open + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let rest = &html[at..];
    let start = rest.find('>').unwrap() + 1;
    let end = rest
        .find(&format!("</{tag}>"))
        .unwrap_or_else(|| panic!("#{id} is not closed"));
    rest[start..end].to_owned()
}

/// Counts the rows of `table` in the test's database.
pub fn count_rows(database: &TestDatabase, table: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = database.connect();
    diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
        .get_result::<Count>(&mut conn)
        .unwrap()
        .n
}

/// Waits (a few seconds at most) for the jobs every server runs as it
/// starts, so a test that runs jobs itself never meets their lease.
async fn settle_startup_jobs(database: &TestDatabase) {
    let done = "job_runs WHERE last_day > '2000-01-01' AND leased_until IS NULL";
    let jobs = count_rows(database, "job_runs");
    for _ in 0..100 {
        if count_rows(database, done) == jobs {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Runs one statement on the test's database, behind the server's back.
pub fn execute(database: &TestDatabase, sql: &str) {
    let mut conn = database.connect();
    diesel::sql_query(sql).execute(&mut conn).unwrap();
}

/// Opens a report's status page as a tipster does: fetches the status form
/// (for its anti-forgery token) from `base` (`http://host:port`), then
/// posts the code and passphrase. Returns the page shown.
pub async fn open_status(
    client: &reqwest::Client,
    base: &str,
    lang: &str,
    code: &str,
    passphrase: &str,
) -> String {
    let url = format!("{base}/{lang}/status");
    let form = client.get(&url).send().await.unwrap().text().await.unwrap();
    let token = input_value(&form, "form_token");
    let fields = [
        ("form_token", token.as_str()),
        ("code", code),
        ("passphrase", passphrase),
    ];
    client
        .post(&url)
        .form(&fields)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Sends a report through the public form; returns its code and passphrase.
pub async fn report(app: &TestApp, fields: &[(&str, &str)]) -> (String, String) {
    let token = app.report_token("en").await;
    let mut all = vec![("form_token", token.as_str()), ("action", "send")];
    all.extend_from_slice(fields);
    let response = app.post_report("en", &all).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    (
        element_text(&html, "tip-code"),
        element_text(&html, "tip-passphrase"),
    )
}

/// The references in the order a page lists them.
pub fn references(page: &str) -> Vec<String> {
    page.split("href=\"/staff/tips/")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

/// A compound report at a point, as a phone with location sends it.
pub fn compound_at(lat: &'static str, lon: &'static str) -> [(&'static str, &'static str); 4] {
    [
        ("category", "compound"),
        ("description", "Guarded compound, barred windows"),
        ("lat", lat),
        ("lon", lon),
    ]
}

/// Every byte of an SQLite test database as it lies on disk, its
/// write-ahead log included: what a copy of the database holds.
pub fn sqlite_bytes(database: &TestDatabase) -> Vec<u8> {
    let mut stored = Vec::new();
    for file in ["tipline.db", "tipline.db-wal"] {
        if let Ok(bytes) = std::fs::read(database.dir.path().join(file)) {
            stored.extend(bytes);
        }
    }
    assert!(stored.len() > 10_000, "the database was not read");
    stored
}

/// Every byte a copy of the database holds: each file below the SQLite
/// data folder (write-ahead log and outbox included, the key file aside),
/// or a `pg_dump` of the PostgreSQL database.
pub fn database_copy(database: &TestDatabase) -> Vec<u8> {
    fn folder(dir: &std::path::Path, into: &mut Vec<u8>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folder(&path, into);
            } else if path.file_name().is_some_and(|name| name != "secret.key") {
                into.extend(std::fs::read(&path).unwrap());
            }
        }
    }
    let copy = match &database.postgres {
        None => {
            let mut all = Vec::new();
            folder(database.dir.path(), &mut all);
            all
        }
        Some(pg) => {
            let dump = std::process::Command::new("pg_dump")
                .args(["--no-owner", "--dbname", &pg.url])
                .output()
                .expect("pg_dump runs");
            assert!(
                dump.status.success(),
                "{}",
                String::from_utf8_lossy(&dump.stderr)
            );
            dump.stdout
        }
    };
    assert!(copy.len() > 10_000, "the database was not read");
    copy
}

/// Whether `needle` stands anywhere in `haystack`.
pub fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// The server key the application keeps in its data directory.
pub fn key_of(database: &TestDatabase) -> SecretKey {
    SecretKey::load_or_create(&database.dir.path().join("secret.key")).unwrap()
}

/// The audit details of the rows `WHERE` picks, oldest first, opened with
/// the organisation key (still waiting under the server key in tests):
/// what an administrator's session reads, while the rows hold them sealed.
pub fn audit_details(database: &TestDatabase, condition: &str) -> Vec<String> {
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        seq: i64,
        #[diesel(sql_type = diesel::sql_types::Text)]
        detail: String,
    }
    use diesel::RunQueryDsl;
    let mut conn = database.connect();
    let org = tipline::db::vault::pending_org_key(&mut conn, &key_of(database))
        .unwrap()
        .expect("the organisation key is still pending in tests");
    diesel::sql_query(format!(
        "SELECT seq, detail FROM audit_log WHERE {condition} ORDER BY seq"
    ))
    .load::<Row>(&mut conn)
    .unwrap()
    .into_iter()
    .map(|row| {
        let context = tipline::db::audit::detail_context(row.seq);
        match tipline::db::sealed_text::open_audit_detail(Some(&org), &context, &row.detail) {
            tipline::db::sealed_text::Opened::Text(text) => text,
            opened => panic!("detail {} did not open: {opened:?}", row.seq),
        }
    })
    .collect()
}
