//! Embedded migrations, one folder per backend with the same names, run at
//! start together with the gazetteer load.

use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::connection::POSTGRES_LOCK_TIMEOUT;
use super::{DbConnection, DbError, places};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Any fixed number: instances starting together on one PostgreSQL database
/// take this advisory lock so only one migrates and seeds at a time.
const STARTUP_LOCK_KEY: i64 = 0x0074_6970_6c69_6e65; // "tipline" in ASCII

/// Brings the schema up to date and loads the gazetteer if it is missing.
/// On SQLite the single writer connection already serialises this.
pub(super) fn migrate_and_seed(conn: &mut DbConnection) -> Result<(), DbError> {
    match conn {
        DbConnection::Sqlite(sqlite) => {
            sqlite
                .run_pending_migrations(SQLITE_MIGRATIONS)
                .map_err(|e| DbError::Migration(e.to_string()))?;
        }
        DbConnection::Postgres(pg) => {
            // Start-up waits as long as another instance migrates, and a
            // migration as long as running instances hold their locks.
            pg.batch_execute("SET lock_timeout = 0")?;
            diesel::sql_query(format!("SELECT pg_advisory_lock({STARTUP_LOCK_KEY})"))
                .execute(pg)?;
            let result = pg
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(drop)
                .map_err(|e| DbError::Migration(e.to_string()))
                .and_then(|()| seed(conn));
            conn.batch_execute(&format!("SELECT pg_advisory_unlock({STARTUP_LOCK_KEY})"))?;
            conn.batch_execute(POSTGRES_LOCK_TIMEOUT)?;
            return result;
        }
    }
    seed(conn)
}

fn seed(conn: &mut DbConnection) -> Result<(), DbError> {
    places::load_gazetteer_if_empty(conn)
}
