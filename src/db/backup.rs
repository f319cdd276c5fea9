//! A consistent copy of a running SQLite database, for `tipline backup`.
//! `VACUUM INTO` reads one snapshot inside a read transaction of its own,
//! so the server may go on writing while it runs, and the copy holds no
//! free pages (what was deleted is not carried over).

use std::path::Path;

use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("the database could not be opened: {0}")]
    Open(#[from] diesel::ConnectionError),
    #[error("the copy could not be written: {0}")]
    Copy(#[from] diesel::result::Error),
}

/// Writes the SQLite database at `database` into the file at `into`, which
/// must be new or empty. Its own connection: `VACUUM` runs outside any
/// transaction, and a pool's connections all run inside one.
pub fn sqlite_file(database: &Path, into: &Path) -> Result<(), BackupError> {
    let mut conn = SqliteConnection::establish(&database.display().to_string())?;
    let quoted = into.display().to_string().replace('\'', "''");
    // The server's writer may hold the lock a moment: wait, as it does.
    conn.batch_execute(&format!(
        "PRAGMA busy_timeout = 10000; VACUUM INTO '{quoted}'"
    ))?;
    Ok(())
}
