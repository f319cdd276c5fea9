//! Connections and pools. SQLite gets one writer connection and a pool of
//! read-only readers (many writers fighting over SQLite's lock wreck the
//! latency tail); PostgreSQL gets one pool for both.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, ManageConnection, Pool};
use diesel::{Connection, PgConnection, SqliteConnection};

use super::{DatabaseTarget, DbError, migrate};

/// One connection to either backend.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

/// How long a request waits for a free connection before it fails.
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(10);
/// A health check answers quickly, even when the database is gone.
const PING_TIMEOUT: Duration = Duration::from_secs(2);
/// How long an SQLite connection waits on another's lock before it fails.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;
/// The same bound on PostgreSQL: a statement waiting longer for a lock
/// fails (a transient failure, `DbError::is_transient`), so a visitor gets
/// the busy page instead of a request that never ends.
pub(super) const POSTGRES_LOCK_TIMEOUT: &str = "SET lock_timeout = '5s'";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Reader,
    Writer,
}

/// Opens connections of the backend the target names, never guessing, and
/// sets SQLite's per-connection pragmas (diesel sets none).
#[derive(Debug)]
struct Manager {
    target: DatabaseTarget,
    role: Role,
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        match &self.target {
            DatabaseTarget::Sqlite(path) => {
                let path = path.to_string_lossy();
                let mut conn =
                    SqliteConnection::establish(&path).map_err(r2d2::Error::ConnectionError)?;
                conn.batch_execute(&sqlite_pragmas(self.role))
                    .map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Sqlite(conn))
            }
            DatabaseTarget::Postgres(url) => {
                let mut conn =
                    PgConnection::establish(url.expose()).map_err(r2d2::Error::ConnectionError)?;
                conn.batch_execute(POSTGRES_LOCK_TIMEOUT)
                    .map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Postgres(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

/// WAL lets readers go on while the writer commits; `synchronous=FULL` makes
/// a commit durable before a receipt is shown; `secure_delete` overwrites
/// what is deleted, so deleted content is not left in free pages of the
/// file; readers are made read-only so a write can only ever take the
/// single writer's path.
fn sqlite_pragmas(role: Role) -> String {
    let mut pragmas = format!(
        "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS};
         PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;
         PRAGMA secure_delete = ON;"
    );
    match role {
        Role::Writer => pragmas.push_str("PRAGMA journal_mode = WAL;"),
        Role::Reader => pragmas.push_str("PRAGMA query_only = ON;"),
    }
    pragmas
}

type DbPool = Pool<Manager>;

/// The application's handle on its database: cheap to clone, shared by every
/// worker.
#[derive(Clone)]
pub struct Db {
    reader: DbPool,
    writer: DbPool,
    backend: &'static str,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

impl Db {
    /// Connects, runs the embedded migrations and loads the gazetteer.
    /// Blocking: call it before the server starts or inside `web::block`.
    pub fn open(target: &DatabaseTarget, read_pool_size: u32) -> Result<Db, DbError> {
        let pool = |role: Role, size: u32| {
            Pool::builder()
                .max_size(size)
                .connection_timeout(CHECKOUT_TIMEOUT)
                .build(Manager {
                    target: target.clone(),
                    role,
                })
        };
        let db = match target {
            DatabaseTarget::Sqlite(path) => {
                if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty())
                    && !dir.is_dir()
                {
                    return Err(DbError::MissingDirectory(dir.to_path_buf()));
                }
                // The writer comes first: it creates the file and turns on WAL.
                let writer = pool(Role::Writer, 1)?;
                let db = Db {
                    reader: writer.clone(),
                    writer,
                    backend: "sqlite",
                };
                db.prepare()?;
                Db {
                    reader: pool(Role::Reader, read_pool_size)?,
                    ..db
                }
            }
            DatabaseTarget::Postgres(_) => {
                let shared = pool(Role::Writer, read_pool_size.max(2))?;
                let db = Db {
                    reader: shared.clone(),
                    writer: shared,
                    backend: "postgres",
                };
                db.prepare()?;
                db
            }
        };
        Ok(db)
    }

    fn prepare(&self) -> Result<(), DbError> {
        let mut conn = self.writer.get()?;
        migrate::migrate_and_seed(&mut conn)
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        self.backend
    }

    /// Runs `query` on a read connection, off the async executor.
    pub async fn read<T, F>(&self, query: F) -> Result<T, DbError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, DbError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.reader.clone();
        actix_web::web::block(move || query(&mut *pool.get()?))
            .await
            .map_err(|_| DbError::Blocking)?
    }

    /// Runs `change` in one transaction on the write connection, off the
    /// async executor: all of it is committed, or none of it.
    pub async fn write<T, F>(&self, change: F) -> Result<T, DbError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, DbError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.writer.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get()?;
            (*conn).transaction(change)
        })
        .await
        .map_err(|_| DbError::Blocking)?
    }

    /// Runs `change` in one transaction on the write connection here and
    /// now: for start-up work, never on the async executor.
    pub fn write_blocking<T>(
        &self,
        change: impl FnOnce(&mut DbConnection) -> Result<T, DbError>,
    ) -> Result<T, DbError> {
        (*self.writer.get()?).transaction(change)
    }

    /// Runs `query` on a read connection here and now: for start-up and
    /// command-line work, never on the async executor.
    pub fn read_blocking<T>(
        &self,
        query: impl FnOnce(&mut DbConnection) -> Result<T, DbError>,
    ) -> Result<T, DbError> {
        query(&mut *self.reader.get()?)
    }

    /// After deleting content: on SQLite, moves the write-ahead log into the
    /// file and empties it, so the old pages (zeroed by `secure_delete`)
    /// leave the log too; on PostgreSQL, `VACUUM`s the tables the retention
    /// job changes, so their dead rows are reclaimed. Outside any transaction,
    /// as both must be.
    pub async fn compact(&self) -> Result<(), DbError> {
        let pool = self.writer.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get()?;
            let statement = match &*conn {
                DbConnection::Sqlite(_) => "PRAGMA wal_checkpoint(TRUNCATE)",
                DbConnection::Postgres(_) => {
                    "VACUUM tips, tip_photos, tip_messages, internal_notes, cases, case_events"
                }
            };
            Ok(conn.batch_execute(statement)?)
        })
        .await
        .map_err(|_| DbError::Blocking)?
    }

    /// Answers whether the database responds, within [`PING_TIMEOUT`].
    pub async fn ping(&self) -> Result<(), DbError> {
        let pool = self.reader.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get_timeout(PING_TIMEOUT)?;
            Ok(conn.batch_execute("SELECT 1")?)
        })
        .await
        .map_err(|_| DbError::Blocking)?
    }
}
