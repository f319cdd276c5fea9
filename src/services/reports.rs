//! The tipster's side as a service: a report submitted (scored with the
//! tips it corroborates in the transaction that stores it), a tip unlocked
//! with its code and passphrase behind a per-code throttle of failed tries,
//! its status and conversation, and a reply with words and photos. The
//! handlers check forms and clean photos; what reaches here is typed.

use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::db::form_receipts::{self, FormClaim};
use crate::db::reports::{self, Ranking, Submission, TipsterView};
use crate::db::spent_forms;
use crate::db::{Db, DbConnection, DbError};
use crate::domain::guessing::{FAILURE_WINDOW, may_try};
use crate::domain::ids::TipId;
use crate::domain::receipt::{Passphrase, TipCode};
use crate::domain::report::Report;
use crate::domain::resend::{EarlierPost, FormKeys, RECEIPT_KEPT, Resend, content_hash};
use crate::domain::tip_bounds::{TipFull, TipHoldings};
use crate::domain::tips::ScoringFacts;
use crate::hashing::{HashError, Hasher};
use crate::i18n::Lang;
use crate::photos::CleanPhoto;
use crate::secret::SecretKey;
use crate::services::common::retry_transient;
use crate::services::scoring;
use crate::services::urgent_alerts::UrgentAlerts;
use crate::vault::{OpeningKey, SealingKey};

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
    /// When the form can no longer be posted, and need not be known again.
    pub form_expires: NaiveDateTime,
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

/// What a posted form got.
#[derive(Debug)]
pub enum Submitted {
    /// Stored now, or posted moments ago: the receipt.
    Receipt(Receipt),
    /// The form was posted before and its receipt is no longer kept: it
    /// gets what an expired form gets.
    Expired,
    /// The form was posted before with other content, which is not stored.
    OtherContent,
}

/// A form that may be posted once: its nonce and when it could no longer
/// be posted anyway.
pub struct OnceForm {
    pub nonce: String,
    pub forget_at: NaiveDateTime,
}

/// The keyed hash the database knows a spent form by.
fn spent_key(secret: &SecretKey, purpose: &str, names_it: &str) -> String {
    crate::secret::to_hex(&secret.sign(purpose, names_it.as_bytes()))
}

/// What a status check found.
#[derive(Debug)]
pub enum Unlocked {
    /// The tip, and its own key, grown from the passphrase: it opens the
    /// conversation.
    Open(TipId, OpeningKey),
    /// Wrong, unknown, malformed or throttled: one answer for all.
    Refused,
    /// This status form was posted before (Back, Reload): nothing is shown.
    Spent,
}

/// A submission ready to store, shared by the tries a transient failure
/// may need.
struct Pending {
    report: Report,
    photos: Vec<CleanPhoto>,
    lang: Lang,
    passphrase: Passphrase,
    passphrase_hash: String,
    tipster_key: SealingKey,
    keys: FormKeys,
    content_hash: String,
    form_expires: NaiveDateTime,
}

/// What a submission became in the database.
enum Stored {
    New(TipCode),
    /// The form had been posted before.
    Earlier(EarlierPost),
}

#[derive(Clone, Debug)]
pub struct ReportService {
    db: Db,
    secret: SecretKey,
    /// Everything a tipster sends is sealed to it at once.
    org: SealingKey,
    hasher: Hasher,
    alerts: UrgentAlerts,
}

impl ReportService {
    pub fn new(
        db: Db,
        secret: SecretKey,
        org: SealingKey,
        hasher: Hasher,
        alerts: UrgentAlerts,
    ) -> Self {
        ReportService {
            db,
            secret,
            org,
            hasher,
            alerts,
        }
    }

    /// Stores `new` as a tip submitted `now` under a fresh code and a fresh
    /// passphrase, ranked with the tips it corroborates, which are rescored
    /// in the same transaction; a transaction that meets a passing failure
    /// is tried again. A form posted before makes no second tip: it gets
    /// what `crate::domain::resend` says. A new urgent tip alerts reviewers
    /// in the background.
    pub async fn submit(
        &self,
        new: NewReport,
        now: DateTime<Utc>,
    ) -> Result<Submitted, ReportError> {
        let NewReport {
            report,
            photos,
            lang,
            nonce,
            form_expires,
        } = new;
        let keys = FormKeys::of(&self.secret, &nonce);
        let photo_hashes: Vec<&str> = photos.iter().map(|photo| photo.sha256.as_str()).collect();
        let content_hash = content_hash(&self.secret, &report, &photo_hashes);
        let urgent = report.category.is_urgent();
        // A form seen before costs no hash.
        let nonce_hash = keys.nonce_hash.clone();
        let earlier = self
            .db
            .read(move |conn| form_receipts::earlier_post(conn, &nonce_hash))
            .await?;
        if let Some(earlier) = earlier {
            return Ok(resent(&earlier, &keys, &content_hash, now, urgent));
        }
        let passphrase = Passphrase::generate();
        // One argon2 run gives the verifier and the seed of the tip's own key.
        let (passphrase_hash, seed) = self
            .hasher
            .hash_with_seed(passphrase.digits().to_owned())
            .await?;
        let tipster_key = OpeningKey::from_seed(&seed).sealing_key();
        let pending = Arc::new(Pending {
            report,
            photos,
            lang,
            passphrase,
            passphrase_hash,
            tipster_key,
            keys,
            content_hash,
            form_expires,
        });
        let submitted_at = to_the_minute(now);
        let stored = retry_transient(|| {
            let pending = pending.clone();
            let (secret, org) = (self.secret.clone(), self.org.clone());
            self.db.write(move |conn| {
                store(conn, &secret, &org, &pending, submitted_at, now.naive_utc())
            })
        })
        .await?;
        match stored {
            Stored::New(code) => {
                if urgent {
                    self.alerts.alert_held_tip();
                }
                Ok(Submitted::Receipt(Receipt {
                    code,
                    passphrase: pending.passphrase.clone(),
                    urgent,
                }))
            }
            Stored::Earlier(earlier) => Ok(resent(
                &earlier,
                &pending.keys,
                &pending.content_hash,
                now,
                urgent,
            )),
        }
    }

    /// Deletes the receipts kept past [`crate::domain::resend::RECEIPT_KEPT`]
    /// and forgets forms that can no longer be posted.
    pub async fn forget_posted_forms(&self, now: DateTime<Utc>) -> Result<usize, ReportError> {
        let now = now.naive_utc();
        Ok(self
            .db
            .write(move |conn| {
                Ok(form_receipts::forget(conn, now)? + spent_forms::forget(conn, now)?)
            })
            .await?)
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
        form: OnceForm,
    ) -> Result<Unlocked, ReportError> {
        let (Some(code), Some(passphrase)) = (code, passphrase) else {
            return Ok(Unlocked::Refused);
        };
        let form_key = spent_key(&self.secret, "spent-status-form", &form.nonce);
        let forget_at = up_to_the_minute(form.forget_at);
        let passphrase = passphrase.digits().to_owned();
        // A failed try is kept to the minute, as everything a tipster does.
        let now = to_the_minute(Utc::now());
        let since = now - FAILURE_WINDOW;
        // Counted before it is checked, so tries sent at once cannot all
        // pass a throttle that each of them read as open.
        let stored = code.stored(&self.secret);
        let counted = self
            .db
            .write(move |conn| {
                if !spent_forms::spend(conn, &form_key, forget_at)? {
                    return Ok(None);
                }
                let counted = reports::count_try(conn, &stored, now, since)?;
                Ok(Some((counted, reports::find_for_tipster(conn, &stored)?)))
            })
            .await?;
        let Some((counted, tip)) = counted else {
            return Ok(Unlocked::Spent);
        };
        let stored = tip
            .as_ref()
            .filter(|_| may_try(counted.earlier_failures))
            .map(|tip| tip.passphrase_hash.clone());
        let opened = self.hasher.open_seed(passphrase, stored).await;
        // A right try, or one never checked because the pool was busy, is
        // given back: a flood must not spend a genuine tipster's tries.
        if !matches!(opened, Ok(None)) {
            self.db
                .write(move |conn| reports::give_back_try(conn, counted))
                .await?;
        }
        let Some(seed) = opened? else {
            return Ok(Unlocked::Refused);
        };
        Ok(tip.map_or(Unlocked::Refused, |tip| {
            Unlocked::Open(tip.id, OpeningKey::from_seed(&seed))
        }))
    }

    /// The status and conversation of tip `tip_id`, as its tipster sees
    /// them; the conversation only with the tip's own key.
    pub async fn status(
        &self,
        tip_id: TipId,
        tipster: Option<OpeningKey>,
    ) -> Result<TipsterView, ReportError> {
        Ok(self
            .db
            .read(move |conn| reports::tipster_view(conn, tip_id, tipster.as_ref()))
            .await?)
    }

    /// The tipster withdraws the report: its content goes at once, and the
    /// daily batch audits it, dated to the day. False if it was already.
    pub async fn withdraw(&self, tip_id: TipId) -> Result<bool, ReportError> {
        let day = crate::domain::cambodia::day_of(Utc::now());
        Ok(self
            .db
            .write(move |conn| reports::withdraw(conn, tip_id, day))
            .await?)
    }

    pub async fn is_withdrawn(&self, tip_id: TipId) -> Result<bool, ReportError> {
        Ok(self
            .db
            .read(move |conn| reports::is_withdrawn(conn, tip_id))
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
        form: OnceForm,
    ) -> Result<Result<(), TipFull>, ReportError> {
        let at = to_the_minute(Utc::now());
        // The same words and photos sent again with the same form are the
        // same reply: a double tap or a resend stores it once.
        let mut sent = form.nonce.clone();
        sent.push('\n');
        sent.push_str(&body);
        for photo in &photos {
            sent.push('\n');
            sent.push_str(&photo.sha256);
        }
        let reply_key = spent_key(&self.secret, "spent-reply", &sent);
        let forget_at = up_to_the_minute(form.forget_at);
        let org = self.org.clone();
        Ok(self
            .db
            .write(move |conn| {
                if !spent_forms::spend(conn, &reply_key, forget_at)? {
                    return Ok(Ok(()));
                }
                let added = reports::add_tipster_reply(conn, &org, tip_id, &body, &photos, at)?;
                match added {
                    Ok(()) => scoring::rescore(conn, tip_id)?,
                    // Not stored, so not spent: the same reply may come again.
                    Err(_) => spent_forms::unspend(conn, &reply_key)?,
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

/// Stores the pending submission as a new tip, unless its form was posted
/// before: the form is claimed first, in the same transaction.
fn store(
    conn: &mut DbConnection,
    secret: &SecretKey,
    org: &SealingKey,
    pending: &Pending,
    submitted_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Stored, DbError> {
    let claim = FormClaim {
        nonce_hash: &pending.keys.nonce_hash,
        content_hash: &pending.content_hash,
        sealed_until: up_to_the_minute(now + RECEIPT_KEPT),
        forget_at: up_to_the_minute(pending.form_expires),
    };
    if let Some(earlier) = form_receipts::claim(conn, &claim)? {
        return Ok(Stored::Earlier(earlier));
    }
    let (code, stored_code) = reports::fresh_code(conn, secret)?;
    let report = &pending.report;
    let facts = ScoringFacts::of_report(report, pending.photos.len(), submitted_at);
    let score = scoring::score_new(conn, &facts)?;
    let submission = Submission {
        report,
        photos: &pending.photos,
        lang: pending.lang,
        passphrase_hash: &pending.passphrase_hash,
        tipster_key: &pending.tipster_key,
        submitted_at,
    };
    let ranking = Ranking {
        priority: &score.priority,
        corroboration: score.corroboration,
        burst_lead: score.burst_lead,
    };
    let tip_id = reports::store_submission(conn, org, &stored_code, &submission, &ranking)?;
    let sealed = pending.keys.seal(&code, &pending.passphrase);
    form_receipts::attach(conn, &pending.keys.nonce_hash, tip_id, &sealed)?;
    // Only the groups this tip changes, a bounded few.
    for neighbour in score.rescore {
        scoring::rescore(conn, neighbour)?;
    }
    Ok(Stored::New(code))
}

/// What a form posted before gets now.
fn resent(
    earlier: &EarlierPost,
    keys: &FormKeys,
    content_hash: &str,
    now: DateTime<Utc>,
    urgent: bool,
) -> Submitted {
    match earlier.answer(keys, content_hash, now.naive_utc()) {
        Resend::SameReceipt(code, passphrase) => Submitted::Receipt(Receipt {
            code,
            passphrase,
            urgent,
        }),
        Resend::Expired => Submitted::Expired,
        Resend::OtherContent => Submitted::OtherContent,
    }
}

/// What a tipster does is dated to the minute, no finer, so it cannot be
/// matched with anything timed more precisely (a camera, a phone's log).
fn to_the_minute(now: DateTime<Utc>) -> NaiveDateTime {
    let minute = now.timestamp() - now.timestamp().rem_euclid(60);
    DateTime::from_timestamp(minute, 0)
        .unwrap_or(now)
        .naive_utc()
}

/// The end of the minute `at` falls in: a deadline kept no finer than the
/// action it follows from, and never earlier than asked.
fn up_to_the_minute(at: NaiveDateTime) -> NaiveDateTime {
    let floor = to_the_minute(at.and_utc());
    if floor == at {
        at
    } else {
        floor + chrono::TimeDelta::minutes(1)
    }
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

    #[test]
    fn deadlines_are_rounded_up_to_the_minute() {
        let kept = to_the_minute(DateTime::from_timestamp(1_772_366_400, 0).unwrap());
        assert_eq!(up_to_the_minute(kept), kept);
        let later = kept + chrono::TimeDelta::milliseconds(1);
        assert_eq!(
            up_to_the_minute(later),
            kept + chrono::TimeDelta::minutes(1)
        );
        let just_before = kept - chrono::TimeDelta::seconds(1);
        assert_eq!(up_to_the_minute(just_before), kept);
    }
}
