//! Which database a `DATABASE_URL` names. The backend is chosen from the URL
//! scheme here, never by trying connections in turn: SQLite would accept any
//! string as a file name and silently create an empty database.

use std::fmt;
use std::path::{Path, PathBuf};

/// A parsed `DATABASE_URL`.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    /// An SQLite database file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (`postgres://` or `postgresql://`).
    Postgres(PostgresUrl),
}

/// A PostgreSQL URL; its `Debug` and `Display` hide the password.
#[derive(Clone, PartialEq, Eq)]
pub struct PostgresUrl(String);

impl PostgresUrl {
    /// The full URL, password included, for the driver only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact_password(&self.0))
    }
}

impl fmt::Debug for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PostgresUrl({self})")
    }
}

impl fmt::Debug for DatabaseTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseTarget::Sqlite(path) => write!(f, "Sqlite({})", path.display()),
            DatabaseTarget::Postgres(url) => write!(f, "Postgres({url})"),
        }
    }
}

impl fmt::Display for DatabaseTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseTarget::Sqlite(path) => write!(f, "sqlite file {}", path.display()),
            DatabaseTarget::Postgres(url) => write!(f, "postgresql {url}"),
        }
    }
}

/// Why a `DATABASE_URL` was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatabaseUrlError {
    #[error("DATABASE_URL is empty")]
    Empty,
    #[error(
        "DATABASE_URL has the scheme `{0}:`; use postgres://, postgresql://, sqlite:// or a plain file path"
    )]
    UnsupportedScheme(String),
    #[error("DATABASE_URL names an in-memory SQLite database, which would lose every tip")]
    InMemory,
    #[error("DATABASE_URL `sqlite://` names no file")]
    NoSqlitePath,
}

impl DatabaseTarget {
    /// Reads `postgres://…`, `postgresql://…`, `sqlite://relative/path`,
    /// `sqlite:///absolute/path` or a plain path.
    pub fn parse(url: &str) -> Result<Self, DatabaseUrlError> {
        let url = url.trim();
        if url.is_empty() {
            return Err(DatabaseUrlError::Empty);
        }
        let Some(scheme) = scheme_of(url) else {
            return Self::sqlite_path(url);
        };
        match scheme.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" => Ok(Self::Postgres(PostgresUrl(url.to_owned()))),
            "sqlite" => {
                let rest = &url[scheme.len() + 1..];
                let path = rest
                    .strip_prefix("//")
                    .ok_or_else(|| DatabaseUrlError::UnsupportedScheme(scheme.to_owned()))?;
                Self::sqlite_path(path)
            }
            _ => Err(DatabaseUrlError::UnsupportedScheme(scheme.to_owned())),
        }
    }

    fn sqlite_path(path: &str) -> Result<Self, DatabaseUrlError> {
        if path.is_empty() {
            return Err(DatabaseUrlError::NoSqlitePath);
        }
        if path == ":memory:" || path.contains("mode=memory") {
            return Err(DatabaseUrlError::InMemory);
        }
        Ok(Self::Sqlite(Path::new(path).to_path_buf()))
    }

    /// A short name of the backend for logs and the health page.
    pub fn backend_name(&self) -> &'static str {
        match self {
            DatabaseTarget::Sqlite(_) => "sqlite",
            DatabaseTarget::Postgres(_) => "postgres",
        }
    }
}

/// The URL scheme, if the string starts with one (`letters:`). A plain path
/// such as `data/tipline.db` or `./a:b.db` has none.
fn scheme_of(url: &str) -> Option<&str> {
    let end = url.find(':')?;
    let scheme = &url[..end];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`; a
/// `password=` query parameter is hidden too.
fn redact_password(url: &str) -> String {
    let mut out = url.to_owned();
    if let Some(start) = out.find("://").map(|i| i + 3) {
        let authority_end = out[start..]
            .find(['/', '?'])
            .map_or(out.len(), |i| start + i);
        if let Some(at) = out[start..authority_end].rfind('@').map(|i| start + i)
            && let Some(colon) = out[start..at].find(':').map(|i| start + i)
        {
            out.replace_range(colon + 1..at, "***");
        }
    }
    if let Some(pos) = out.find("password=") {
        let value_start = pos + "password=".len();
        let value_end = out[value_start..]
            .find('&')
            .map_or(out.len(), |i| value_start + i);
        out.replace_range(value_start..value_end, "***");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(path: &str) -> DatabaseTarget {
        DatabaseTarget::Sqlite(PathBuf::from(path))
    }

    #[test]
    fn a_plain_path_selects_sqlite() {
        assert_eq!(
            DatabaseTarget::parse("data/tipline.db"),
            Ok(sqlite("data/tipline.db"))
        );
        assert_eq!(DatabaseTarget::parse("./a:b.db"), Ok(sqlite("./a:b.db")));
        assert_eq!(
            DatabaseTarget::parse("/var/lib/t.db"),
            Ok(sqlite("/var/lib/t.db"))
        );
    }

    #[test]
    fn sqlite_urls_take_relative_and_absolute_paths() {
        assert_eq!(
            DatabaseTarget::parse("sqlite://data/t.db"),
            Ok(sqlite("data/t.db"))
        );
        assert_eq!(
            DatabaseTarget::parse("sqlite:///srv/t.db"),
            Ok(sqlite("/srv/t.db"))
        );
        assert_eq!(DatabaseTarget::parse("SQLITE://x.db"), Ok(sqlite("x.db")));
    }

    #[test]
    fn both_postgres_schemes_select_postgres() {
        for url in [
            "postgres://u@h/db",
            "postgresql://u@h:5433/db?sslmode=disable",
        ] {
            let target = DatabaseTarget::parse(url).unwrap();
            assert!(matches!(&target, DatabaseTarget::Postgres(u) if u.expose() == url));
        }
    }

    #[test]
    fn unknown_schemes_are_refused_not_turned_into_files() {
        for url in [
            "mysql://root@localhost/t",
            "file:t.db",
            "sqlite:t.db",
            "http://x",
        ] {
            assert!(
                matches!(
                    DatabaseTarget::parse(url),
                    Err(DatabaseUrlError::UnsupportedScheme(_))
                ),
                "{url} was accepted"
            );
        }
    }

    #[test]
    fn empty_and_in_memory_databases_are_refused() {
        assert_eq!(DatabaseTarget::parse("  "), Err(DatabaseUrlError::Empty));
        assert_eq!(
            DatabaseTarget::parse("sqlite://"),
            Err(DatabaseUrlError::NoSqlitePath)
        );
        assert_eq!(
            DatabaseTarget::parse(":memory:"),
            Err(DatabaseUrlError::InMemory)
        );
        assert_eq!(
            DatabaseTarget::parse("sqlite://x?mode=memory"),
            Err(DatabaseUrlError::InMemory)
        );
    }

    #[test]
    fn passwords_never_show_in_debug_or_display() {
        let target = DatabaseTarget::parse("postgres://app:hunter2@db:5432/tips").unwrap();
        assert_eq!(
            target.to_string(),
            "postgresql postgres://app:***@db:5432/tips"
        );
        assert!(!format!("{target:?}").contains("hunter2"));
        let target =
            DatabaseTarget::parse("postgres://db/tips?user=a&password=hunter2&x=1").unwrap();
        assert!(!format!("{target:?} {target}").contains("hunter2"));
        let target = DatabaseTarget::parse("postgres://me@db/tips").unwrap();
        assert_eq!(target.to_string(), "postgresql postgres://me@db/tips");
    }
}
