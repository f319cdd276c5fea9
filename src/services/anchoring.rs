//! The audit chain's daily anchor, also run on demand by `tipline audit
//! anchor`: the whole chain is checked, then a row naming the head before
//! it is appended to the chain itself, and the new head goes where the
//! database cannot reach it: the oversight mail and, if set, an
//! append-only file. A broken chain is reported, never vouched for.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};

use super::common::Actor;
use super::notify::{Notifier, NotifyError};
use crate::db::{Db, DbError, audit, staff};
use crate::domain::audit::{AuditHead, ChainBreak};
use crate::secret::SecretKey;

/// The most staff changes one anchor mail names.
const LONE_ADMIN_CHANGES_LISTED: i64 = 200;

#[derive(Debug, thiserror::Error)]
pub enum AnchorError {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error(transparent)]
    Notify(#[from] NotifyError),
    #[error("the anchor file {path} could not be written: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What an anchoring did.
#[derive(Debug)]
pub enum Anchored {
    /// The head now, with its anchor row (none in an empty chain).
    Head(AuditHead),
    /// The chain failed its check: the head as it stands, not anchored.
    Broken(ChainBreak, AuditHead),
}

/// Where anchoring reads and sends.
pub struct Anchoring<'a> {
    pub db: &'a Db,
    pub key: &'a SecretKey,
    pub notify: &'a Notifier,
    pub file: Option<&'a Path>,
}

impl Anchoring<'_> {
    /// Anchors the chain for `day` as `actor`, at `now`.
    pub async fn anchor(
        &self,
        actor: Actor,
        day: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<Anchored, AnchorError> {
        let key = self.key.clone();
        let checked = self
            .db
            .read(move |conn| audit::verify(conn, &key, None))
            .await?;
        let anchored = match checked {
            Err(broken) => {
                tracing::error!(%broken, "THE AUDIT CHAIN IS BROKEN; run `tipline audit verify`");
                Anchored::Broken(broken, self.db.read(audit::head).await?)
            }
            Ok(_) => {
                let key = self.key.clone();
                let name = actor.name();
                let head = self
                    .db
                    .write(move |conn| audit::anchor(conn, &key, name, day, now))
                    .await?;
                match head {
                    Some(head) => {
                        if let Some(path) = self.file {
                            append_line(path, &format!("{day} {head}"))?;
                        }
                        Anchored::Head(head)
                    }
                    // An empty chain: nothing to record, only to mail.
                    None => Anchored::Head(self.db.read(audit::head).await?),
                }
            }
        };
        let (head, broken) = match &anchored {
            Anchored::Head(head) => (head.clone(), None),
            Anchored::Broken(broken, head) => (head.clone(), Some(broken.clone())),
        };
        tracing::info!(head = %head, "audit chain head");
        // While one administrator alone holds every power over accounts, no
        // second one can see what they do with it: oversight is told
        // instead, of everything since the start of the day before, so a
        // run late in its day still covers all since the one before it.
        let since = (day - chrono::Days::new(1)).and_time(chrono::NaiveTime::MIN);
        let lone_changes = self
            .db
            .read(move |conn| {
                if staff::count_active_admins(conn)? > 1 {
                    return Ok(None);
                }
                audit::staff_changes_since(conn, since, LONE_ADMIN_CHANGES_LISTED).map(Some)
            })
            .await?;
        self.notify
            .audit_anchor(&head, broken, day, since, lone_changes.as_deref())
            .await?;
        Ok(anchored)
    }
}

/// Appends `line` to the file at `path` (made with mode 0600), opened for
/// appending only.
fn append_line(path: &Path, line: &str) -> Result<(), AnchorError> {
    let failed = |source| AnchorError::File {
        path: path.to_owned(),
        source,
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
        .map_err(failed)?;
    writeln!(file, "{line}").map_err(failed)?;
    file.sync_all().map_err(failed)
}
