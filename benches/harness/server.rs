//! The release binary on a fresh database: a temporary SQLite directory,
//! or a PostgreSQL database created for the run and dropped after it.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use diesel::{Connection, PgConnection, RunQueryDsl};

const PG_ADMIN: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const START_WITHIN: Duration = Duration::from_secs(60);

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// `BENCH_BACKEND=postgres` chooses PostgreSQL; SQLite otherwise.
    pub fn from_env() -> Self {
        match std::env::var("BENCH_BACKEND").as_deref() {
            Ok("postgres") => Backend::Postgres,
            _ => Backend::Sqlite,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A running server; dropping it kills it and removes its database.
pub struct Server {
    pub address: SocketAddr,
    child: Child,
    environment: Vec<(String, String)>,
    // Dropped after the process is gone: the database, then the directory.
    _postgres: Option<PgDatabase>,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Starts the release binary on a fresh `backend` database with its
    /// environment (nothing inherited) overridden by `overrides`, and waits
    /// until it listens.
    pub fn start(backend: Backend, overrides: &[(&str, &str)]) -> Server {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let postgres = (backend == Backend::Postgres).then(PgDatabase::create);
        let database_url = match &postgres {
            Some(pg) => pg.url.clone(),
            None => format!("sqlite://{}/tipline.db", dir.path().display()),
        };
        let data_dir = dir.path().display().to_string();
        let defaults = [
            ("TIPLINE_BIND", "127.0.0.1:0"),
            ("TIPLINE_DATA_DIR", data_dir.as_str()),
            ("DATABASE_URL", database_url.as_str()),
            ("TIPLINE_LOG", "warn,tipline=info"),
            ("TIPLINE_LOG_FORMAT", "json"),
        ];
        let environment: Vec<(String, String)> = defaults
            .iter()
            .filter(|(name, _)| overrides.iter().all(|(other, _)| other != name))
            .chain(overrides)
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        let mut child = Command::new(env!("CARGO_BIN_EXE_tipline"))
            .env_clear()
            .envs(environment.iter().cloned())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the release binary starts");
        let address = listening_address(&mut child);
        Server {
            address,
            child,
            environment,
            _postgres: postgres,
            _dir: dir,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The binary with the server's environment, for its other commands.
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tipline"));
        command.env_clear().envs(self.environment.iter().cloned());
        command
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads the server's log until it says where it listens, then keeps
/// reading it on a thread so the server never blocks on a full pipe.
fn listening_address(child: &mut Child) -> SocketAddr {
    let stderr = child.stderr.take().expect("stderr is piped");
    let (found, address) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(at) = line.find(r#""address":""#) {
                let rest = &line[at + 11..];
                let _ = found.send(rest[..rest.find('"').unwrap_or(0)].to_owned());
            }
        }
    });
    address
        .recv_timeout(START_WITHIN)
        .expect("the server listens")
        .parse()
        .expect("the server logs a socket address")
}

/// A fresh PostgreSQL database for one run, dropped afterwards.
struct PgDatabase {
    url: String,
    name: String,
}

impl PgDatabase {
    fn create() -> Self {
        let mut conn = PgConnection::establish(PG_ADMIN).expect("PostgreSQL on 127.0.0.1:5432");
        let name = format!(
            "tipline_bench_{}_{}",
            std::process::id(),
            rand::random::<u32>()
        );
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .expect("a fresh PostgreSQL database");
        PgDatabase {
            url: format!("postgres://postgres@127.0.0.1:5432/{name}"),
            name,
        }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut conn) = PgConnection::establish(PG_ADMIN) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .execute(&mut conn);
        }
    }
}
