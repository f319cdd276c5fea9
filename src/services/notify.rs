//! Every mail the server sends, built in one place, in the recipient's
//! language: the urgent alert the moment a held tip arrives (and the count
//! of those that followed it, at the end of its window), the daily
//! digest with counts, invitations and password links, and the audit
//! chain's daily head for the oversight office. None carries anything of a
//! tip: alerts have a constant subject and a link to the queue, the digest only numbers.
//!
//! Mails that go out beside a response run in the background, so a slow
//! mail server never holds up a page; [`Notifier::settled`] waits for them.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use lettre::message::Mailbox;
use tokio::sync::Notify;

use crate::config::Config;
use crate::db::staff::{self, AlertKind, Staff};
use crate::db::{Db, DbError, digest};
use crate::domain::audit::{AuditHead, AuditRow, ChainBreak};
use crate::i18n::{Lang, Tr};
use crate::mail::{Mail, MailError, Mailer, html_body, text_body};
use crate::services::staff::SessionToken;

#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error(transparent)]
    Mail(#[from] MailError),
    /// Logged without the address: logs name no one.
    #[error("a staff address cannot take mail")]
    Address,
}

/// What sends mail, with where its links point.
#[derive(Clone, Debug)]
pub struct Notifier {
    db: Db,
    mailer: Mailer,
    public_url: String,
    anchor_to: Option<Mailbox>,
    background: Background,
}

impl Notifier {
    pub fn new(db: Db, mailer: Mailer, config: &Config) -> Self {
        Notifier {
            db,
            mailer,
            public_url: config.public_url.as_str().to_owned(),
            anchor_to: config.audit_anchor_email.clone(),
            background: Background::default(),
        }
    }

    /// Runs `task` (which sends mail) after the response, counted until it ends.
    pub fn in_background(&self, task: impl Future<Output = ()> + 'static) {
        let running = self.background.start();
        actix_web::rt::spawn(async move {
            task.await;
            drop(running);
        });
    }

    /// Waits until every mail task started in the background has ended.
    pub async fn settled(&self) {
        self.background.idle().await;
    }

    /// Mails every reviewer who asked for urgent alerts that a held tip
    /// arrived. The link opens the queue's urgent tips, never the tip: a
    /// reference in a mailbox would tell whoever reads it which tip to look
    /// for. One failed mail does not keep the others from going.
    pub async fn urgent_tip(&self) -> Result<usize, NotifyError> {
        self.to_urgent_recipients("staff-mail-urgent-subject", |tr| {
            tr.t("staff-mail-urgent-body").to_owned()
        })
        .await
    }

    /// Tells the same reviewers, at the end of an alert window, how many
    /// more held tips arrived in it: a count, and the same link.
    pub async fn more_urgent_tips(&self, more: u32) -> Result<usize, NotifyError> {
        self.to_urgent_recipients("staff-mail-urgent-more-subject", |tr| {
            tr.t_counts("staff-mail-urgent-more-body", &[("count", u64::from(more))])
        })
        .await
    }

    async fn to_urgent_recipients(
        &self,
        subject_key: &'static str,
        body: impl Fn(&Tr) -> String,
    ) -> Result<usize, NotifyError> {
        let recipients = self
            .db
            .read(|conn| staff::alert_recipients(conn, AlertKind::Urgent))
            .await?;
        let link = format!("{}/staff/queue?category=held", self.public_url);
        let mut sent = 0;
        for account in &recipients {
            let mail = StaffMail {
                to: &account.email,
                lang: account.language,
                subject_key,
                paragraphs: vec![body(&account.language.tr())],
                link: &link,
            };
            match self.send(mail).await {
                Ok(()) => sent += 1,
                Err(error) => tracing::error!(cause = %error, "an urgent alert could not be sent"),
            }
        }
        Ok(sent)
    }

    /// The daily digest to every reviewer who asked for it.
    pub async fn digest(&self, counts: &digest::Counts) -> Result<usize, NotifyError> {
        let recipients = self
            .db
            .read(|conn| staff::alert_recipients(conn, AlertKind::Digest))
            .await?;
        let link = format!("{}/staff/queue", self.public_url);
        let mut sent = 0;
        for account in &recipients {
            let tr = account.language.tr();
            let number = |n: i64| n.to_string();
            let paragraphs = vec![
                tr.t("staff-mail-digest-intro").to_owned(),
                tr.t_with(
                    "staff-mail-digest-new",
                    &[
                        ("count", &number(counts.new_tips)),
                        ("held", &number(counts.new_held)),
                    ],
                ),
                tr.t_with(
                    "staff-mail-digest-waiting",
                    &[
                        ("count", &number(counts.waiting)),
                        ("answers", &number(counts.answers)),
                    ],
                ),
                tr.t_with(
                    "staff-mail-digest-cases",
                    &[
                        ("open", &number(counts.open_cases)),
                        ("closed", &number(counts.closed_cases)),
                    ],
                ),
            ];
            let mail = StaffMail {
                to: &account.email,
                lang: account.language,
                subject_key: "staff-mail-digest-subject",
                paragraphs,
                link: &link,
            };
            // Sent once a day, never again to those who got it: a failed
            // mail is logged, not retried.
            match self.send(mail).await {
                Ok(()) => sent += 1,
                Err(error) => tracing::error!(cause = %error, "a daily digest could not be sent"),
            }
        }
        Ok(sent)
    }

    /// Tells every active administrator that `waiting` recommended rewards
    /// wait for approval: a count and a link, nothing of a tip or reward.
    pub async fn approvals_waiting(&self, waiting: i64) -> Result<usize, NotifyError> {
        let recipients = self.db.read(staff::active_admins).await?;
        let link = format!("{}/staff/rewards", self.public_url);
        let mut sent = 0;
        for account in &recipients {
            let tr = account.language.tr();
            let mail = StaffMail {
                to: &account.email,
                lang: account.language,
                subject_key: "staff-mail-approvals-subject",
                paragraphs: vec![tr.t_counts(
                    "staff-mail-approvals-body",
                    &[("count", u64::try_from(waiting).unwrap_or(0))],
                )],
                link: &link,
            };
            // Once a day, as the digest: a failed mail is logged, not retried.
            match self.send(mail).await {
                Ok(()) => sent += 1,
                Err(error) => {
                    tracing::error!(cause = %error, "a reminder of waiting approvals could not be sent");
                }
            }
        }
        Ok(sent)
    }

    /// The invitation to set a password and enrol.
    pub async fn invitation(
        &self,
        email: &str,
        name: &str,
        lang: Lang,
        token: &SessionToken,
    ) -> Result<(), NotifyError> {
        let tr = lang.tr();
        self.send(StaffMail {
            to: email,
            lang,
            subject_key: "staff-mail-invite-subject",
            paragraphs: vec![
                tr.t_with("staff-mail-greeting", &[("name", name)]),
                tr.t("staff-mail-invite-body").to_owned(),
                tr.t("staff-mail-invite-expiry").to_owned(),
            ],
            link: &self.one_time_link(token),
        })
        .await
    }

    /// A link to set a new password.
    pub async fn password_reset(
        &self,
        account: &Staff,
        token: &SessionToken,
    ) -> Result<(), NotifyError> {
        let tr = account.language.tr();
        self.send(StaffMail {
            to: &account.email,
            lang: account.language,
            subject_key: "staff-mail-reset-subject",
            paragraphs: vec![
                tr.t_with("staff-mail-greeting", &[("name", &account.name)]),
                tr.t("staff-mail-reset-body").to_owned(),
                tr.t("staff-mail-reset-expiry").to_owned(),
            ],
            link: &self.one_time_link(token),
        })
        .await
    }

    /// Mails the audit chain's head of `day` to the oversight address, with
    /// a warning first if the chain failed its check; false when no address
    /// is set. In English: a record for an oversight office, not a page
    /// anyone acts on in a hurry.
    pub async fn audit_anchor(
        &self,
        head: &AuditHead,
        broken: Option<ChainBreak>,
        day: NaiveDate,
        since: chrono::NaiveDateTime,
        lone_admin_changes: Option<&[AuditRow]>,
    ) -> Result<bool, NotifyError> {
        let Some(to) = self.anchor_to.clone() else {
            return Ok(false);
        };
        let mut paragraphs = Vec::new();
        if let Some(broken) = broken {
            paragraphs.push(format!(
                "WARNING: the audit chain failed its check today: {broken}. Investigate before relying on it."
            ));
        }
        paragraphs.extend([
            format!("The head of the Tipline audit chain on {day} (UTC) is:"),
            head.to_string(),
            "Keep this mail. To prove later that the chain still contains every row up to this head, run:".to_owned(),
            format!("tipline audit verify --head {head}"),
        ]);
        if let Some(changes) = lone_admin_changes {
            paragraphs.push(format!(
                "Only one administrator is active, so no second one sees their changes to staff accounts. Those since {} UTC:",
                since.format("%Y-%m-%d %H:%M")
            ));
            if changes.is_empty() {
                paragraphs.push("none.".to_owned());
            }
            for change in changes {
                paragraphs.push(format!(
                    "{} UTC, {}: {} {} {}",
                    change.at.format("%Y-%m-%d %H:%M"),
                    change.actor,
                    change.action,
                    change.subject,
                    change.detail
                ));
            }
        }
        self.mailer
            .send(Mail {
                to,
                subject: format!("Tipline audit chain head, {day}: {} rows", head.count),
                text: text_body(&paragraphs, None),
                html: html_body(&paragraphs, None),
            })
            .await?;
        Ok(true)
    }

    fn one_time_link(&self, token: &SessionToken) -> String {
        format!("{}/staff/link/{}", self.public_url, token.as_str())
    }

    async fn send(&self, mail: StaffMail<'_>) -> Result<(), NotifyError> {
        let tr = mail.lang.tr();
        let to = mail.to.parse().map_err(|_| NotifyError::Address)?;
        let subject = tr.t(mail.subject_key).to_owned();
        let link = (tr.t("staff-mail-open-link"), mail.link);
        self.mailer
            .send(Mail::with_link(to, subject, &mail.paragraphs, link))
            .await?;
        Ok(())
    }
}

/// A mail to a staff member: paragraphs and one link, in their language.
struct StaffMail<'a> {
    to: &'a str,
    lang: Lang,
    subject_key: &'static str,
    paragraphs: Vec<String>,
    link: &'a str,
}

/// How many background mail tasks are still running.
#[derive(Clone, Debug, Default)]
struct Background(Arc<(AtomicUsize, Notify)>);

/// One running background task; it counts until dropped.
struct Running(Background);

impl Background {
    fn start(&self) -> Running {
        self.0.0.fetch_add(1, Ordering::SeqCst);
        Running(self.clone())
    }

    async fn idle(&self) {
        loop {
            // Registered before the count is read, so a task ending in
            // between still wakes this wait.
            let ended = self.0.1.notified();
            if self.0.0.load(Ordering::SeqCst) == 0 {
                return;
            }
            ended.await;
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let counter = &self.0.0;
        if counter.0.fetch_sub(1, Ordering::SeqCst) == 1 {
            counter.1.notify_waiters();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn settling_waits_for_every_background_task() {
        let background = Background::default();
        background.idle().await;
        let (first, second) = (background.start(), background.start());
        let waiting = actix_web::rt::spawn({
            let background = background.clone();
            async move { background.idle().await }
        });
        drop(first);
        actix_web::rt::task::yield_now().await;
        assert!(!waiting.is_finished(), "one task is still running");
        drop(second);
        waiting.await.unwrap();
    }
}
