//! The database layer: one code base for SQLite and PostgreSQL through
//! diesel's `MultiConnection`. Each query reads a row struct with named
//! fields and parses it into domain types in one place per table; the
//! domain's ids and text values are column types of their own (`ids`,
//! `stored`), so an unknown stored value fails the query, naming it. The few
//! statements that must differ per backend match on the connection variant
//! in a named function.
//!
//! - `reports`: the tipster's side of tips (submissions, replies, status page)
//!   and `form_receipts`: posted forms and the receipts a repeat shows again;
//!   `spent_forms`: forms that may be posted once (status checks, replies)
//! - `tips`: the reviewers' side (priority, the queue, one tip, its messages
//!   and photos); `bursts`: a burst's members, to close them at once;
//!   `near`: the tips and cases near a point
//! - `cases`, `notes`, `rewards`: cases and their timeline, internal notes,
//!   rewards and their ledger
//! - `staff`, `sessions`, `links`: accounts, sign-in sessions, one-time links;
//!   `admin_proposals`: accounts proposed as administrators, awaiting a second
//! - `audit`: the chained audit log; `jobs`: daily jobs' leases;
//!   `alert_window`: the open window of batched urgent alerts;
//!   `digest`: the daily digest's counts; `places`: the gazetteer
//! - `connection`, `target`, `migrate`, `schema`: pools, database URLs,
//!   migrations and the hand-kept schema

pub mod admin_proposals;
pub mod alert_window;
pub mod audit;
pub mod backup;
pub mod bursts;
pub mod cases;
pub mod claims;
mod connection;
pub mod devices;
pub mod digest;
pub mod form_receipts;
mod ids;
pub mod jobs;
pub mod links;
mod migrate;
pub mod near;
pub mod notes;
pub mod places;
pub mod reports;
pub mod retention;
pub mod rewards;
pub mod schema;
pub mod sealed_text;
pub mod search_index;
pub mod sessions;
pub mod spent_forms;
pub mod staff;
mod stored;
mod target;
pub mod tips;
pub mod vault;

pub use connection::{Db, DbConnection};
pub use target::{DatabaseTarget, DatabaseUrlError, PostgresUrl};

/// A failed query for what the code finds stored and cannot accept (a
/// step the domain refuses on a stored reward, say).
pub(crate) fn corrupt(what: String) -> DbError {
    DbError::Query(diesel::result::Error::DeserializationError(what.into()))
}

/// A stored value the code does not know, spread over several columns:
/// reported as a failed query naming the value.
fn unreadable(what: &str, stored: &str) -> DbError {
    DbError::Query(diesel::result::Error::DeserializationError(
        stored::unknown(what, stored),
    ))
}

/// What can go wrong in the database layer.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("no database connection could be had")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("database query failed")]
    Query(#[from] diesel::result::Error),
    #[error("database migrations failed: {0}")]
    Migration(String),
    #[error("the database's directory {0} does not exist")]
    MissingDirectory(std::path::PathBuf),
    #[error("the blocking thread pool is gone")]
    Blocking,
    #[error("the bundled gazetteer is malformed: {0}")]
    Gazetteer(#[from] crate::domain::place::GazetteerError),
}

impl DbError {
    /// Whether the same work may well succeed if tried again at once: no
    /// connection to be had, a lost connection, a deadlock, a serialisation
    /// failure, a lock not granted in time, or SQLite's writer lock held
    /// past its wait.
    pub fn is_transient(&self) -> bool {
        use diesel::result::{DatabaseErrorKind, Error};
        match self {
            DbError::Pool(_) => true,
            DbError::Query(Error::DatabaseError(kind, info)) => match kind {
                DatabaseErrorKind::SerializationFailure
                | DatabaseErrorKind::ClosedConnection
                | DatabaseErrorKind::UnableToSendCommand => true,
                _ => TRANSIENT_MESSAGES
                    .iter()
                    .any(|message| info.message().contains(message)),
            },
            _ => false,
        }
    }
}

/// What the two backends say of a failure that passes (diesel gives no
/// kind for these): PostgreSQL's deadlock and lock timeout, a backend
/// terminated under the connection, SQLite's busy writer lock.
const TRANSIENT_MESSAGES: [&str; 5] = [
    "deadlock detected",
    "canceling statement due to lock timeout",
    "terminating connection",
    "database is locked",
    "database table is locked",
];
