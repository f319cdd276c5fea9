//! The tipster's side as a service: a report submitted (scored with the
//! tips it corroborates in the transaction that stores it), a tip unlocked
//! with its code and passphrase behind a per-code throttle of failed tries,
//! its status and conversation, and a reply with words and photos. The
//! handlers check forms and clean photos; what reaches here is typed.

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::db::reports::{self, FormCode, Ranking, Submission, TipsterView};
use crate::db::{Db, DbError};
use crate::domain::guessing::{FAILURE_WINDOW, may_try};
use crate::domain::ids::TipId;
use crate::domain::receipt::{Passphrase, TipCode};
use crate::domain::report::Report;
use crate::domain::tip_bounds::{TipFull, TipHoldings};
use crate::domain::tips::ScoringFacts;
use crate::hashing::{HashError, Hasher};
use crate::i18n::Lang;
use crate::photos::CleanPhoto;
use crate::services::common::now;
use crate::services::scoring;
use crate::services::urgent_alerts::UrgentAlerts;

/// What can go wrong on the tipster's side.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error(transparent)]
    Hash(#[from] HashError),
}

/// A checked report with its cleaned photos, as posted.
pub struct NewReport {
    pub report: Report,
    pub photos: Vec<CleanPhoto>,
    /// The language of the form it was written in.
    pub lang: Lang,
    /// The form's nonce, by which a second post of the same form is known.
    pub nonce: String,
}

/// What the tipster is shown once the tip is committed: the only time the
/// passphrase exists outside its hash.
#[derive(Debug)]
pub struct Receipt {
    pub code: TipCode,
    pub passphrase: Passphrase,
    /// Someone is held: the receipt says reviewers were alerted.
    pub urgent: bool,
}

/// What a submission became in the database.
enum Stored {
    New(TipCode),
    /// The form had been posted before; its tip took the new passphrase.
    Repeated(TipCode),
}

#[derive(Clone, Debug)]
pub struct ReportService {
    db: Db,
    hasher: Hasher,
    alerts: UrgentAlerts,
}

impl ReportService {
    pub fn new(db: Db, hasher: Hasher, alerts: UrgentAlerts) -> Self {
        ReportService { db, hasher, alerts }
    }

    /// Stores `new` as a tip submitted `now` under a fresh code and a fresh
    /// passphrase, ranked with the tips it corroborates, which are rescored
    /// in the same transaction. A second post of the same form gives its
    /// tip the new passphrase instead of making another tip. A new urgent
    /// tip alerts reviewers in the background.
    pub async fn submit(&self, new: NewReport, now: DateTime<Utc>) -> Result<Receipt, ReportError> {
        let NewReport {
            report,
            photos,
            lang,
            nonce,
        } = new;
        let passphrase = Passphrase::generate();
        let passphrase_hash = self.hasher.hash(passphrase.digits().to_owned()).await?;
        let submitted_at = to_the_minute(now);
        let urgent = report.category.is_urgent();
        let stored = self
            .db
            .write(move |conn| {
                let code = match reports::code_for_form(conn, &nonce, &passphrase_hash)? {
                    FormCode::Repeated(code) => return Ok(Stored::Repeated(code)),
                    FormCode::Fresh(code) => code,
                };
                let facts = ScoringFacts::of_report(&report, photos.len(), submitted_at);
                let score = scoring::score_new(conn, &facts)?;
                let submission = Submission {
                    report: &report,
                    photos: &photos,
                    lang,
                    passphrase_hash: &passphrase_hash,
                    nonce: &nonce,
                    submitted_at,
                };
                let ranking = Ranking {
                    priority: &score.priority,
                    corroboration: score.corroboration,
                    burst_lead: score.burst_lead,
                };
                reports::store_submission(conn, &code, &submission, &ranking)?;
                // Only the groups this tip changes, a bounded few.
                for neighbour in score.rescore {
                    scoring::rescore(conn, neighbour)?;
                }
                Ok(Stored::New(code))
            })
            .await?;
        let code = match stored {
            Stored::New(code) => {
                if urgent {
                    self.alerts.alert_held_tip();
                }
                code
            }
            Stored::Repeated(code) => code,
        };
        Ok(Receipt {
            code,
            passphrase,
            urgent,
        })
    }

    /// The tip `code` and `passphrase` open, if they match and the code is
    /// not locked by recent failures; `None` for whatever was typed that is
    /// not a code or a passphrase. That costs no hash: it says nothing about
    /// any tip, and a flood of malformed codes must not buy argon2 time.
    /// Each well-formed try counts against the code before it is checked
    /// and is given back if right; every such path, known code or not, costs
    /// one argon2 verification, so timing tells nothing.
    pub async fn unlock(
        &self,
        code: Option<TipCode>,
        passphrase: Option<&Passphrase>,
    ) -> Result<Option<TipId>, ReportError> {
        let (Some(code), Some(passphrase)) = (code, passphrase) else {
            return Ok(None);
        };
        let passphrase = passphrase.digits().to_owned();
        let now = now();
        let since = now - FAILURE_WINDOW;
        // Counted before it is checked, so tries sent at once cannot all
        // pass a throttle that each of them read as open.
        let (counted, tip) = self
            .db
            .write(move |conn| {
                let counted = reports::count_try(conn, &code, now, since)?;
                Ok((counted, reports::find_for_tipster(conn, &code)?))
            })
            .await?;
        let stored = tip
            .as_ref()
            .filter(|_| may_try(counted.earlier_failures))
            .map(|tip| tip.passphrase_hash.clone());
        let verified = self.hasher.verify(passphrase, stored).await;
        // A right try, or one never checked because the pool was busy, is
        // given back: a flood must not spend a genuine tipster's tries.
        if !matches!(verified, Ok(false)) {
            self.db
                .write(move |conn| reports::give_back_try(conn, counted))
                .await?;
        }
        if !verified? {
            return Ok(None);
        }
        Ok(tip.map(|tip| tip.id))
    }

    /// The status and conversation of tip `tip_id`, as its tipster sees them.
    pub async fn status(&self, tip_id: TipId) -> Result<TipsterView, ReportError> {
        Ok(self
            .db
            .read(move |conn| reports::tipster_view(conn, tip_id))
            .await?)
    }

    /// Adds the tipster's reply to tip `tip_id` (its words, already checked,
    /// and its cleaned photos), moves the tip as the domain says, and
    /// rescores it for what was added, in one transaction; or stores
    /// nothing and says why, if the tip takes no more.
    pub async fn reply(
        &self,
        tip_id: TipId,
        body: String,
        photos: Vec<CleanPhoto>,
    ) -> Result<Result<(), TipFull>, ReportError> {
        let at = now();
        Ok(self
            .db
            .write(move |conn| {
                let added = reports::add_tipster_reply(conn, tip_id, &body, &photos, at)?;
                if added.is_ok() {
                    scoring::rescore(conn, tip_id)?;
                }
                Ok(added)
            })
            .await?)
    }

    /// What tip `tip_id` holds already, to refuse a reply that cannot fit
    /// before its photos are cleaned (the store checks again).
    pub async fn holdings(&self, tip_id: TipId) -> Result<TipHoldings, ReportError> {
        Ok(self
            .db
            .read(move |conn| reports::holdings(conn, tip_id))
            .await?)
    }
}

/// Submission times are kept to the minute, no finer, so they cannot be
/// matched with anything timed more precisely.
fn to_the_minute(now: DateTime<Utc>) -> NaiveDateTime {
    let minute = now.timestamp() - now.timestamp().rem_euclid(60);
    DateTime::from_timestamp(minute, 0)
        .unwrap_or(now)
        .naive_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn submission_times_are_kept_to_the_minute() {
        let now = DateTime::from_timestamp(1_772_366_459, 999_000_000).expect("a valid time");
        let kept = to_the_minute(now);
        assert_eq!(kept.and_utc().timestamp(), 1_772_366_400);
        assert_eq!(to_the_minute(kept.and_utc()), kept);
    }
}
