//! Mails to reviewers about tips: an alert the moment a held tip arrives,
//! for those who asked, and one digest a day with counts. Neither carries
//! anything of a tip: the alert has a constant subject and a link, the
//! digest only numbers.

use crate::db::staff::{self, AlertKind, Staff};
use crate::db::{DbError, digest};
use crate::domain::ids::TipId;
use crate::domain::triage::InternalRef;
use crate::mail::Mail;
use crate::web::AppState;

#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error(transparent)]
    Database(#[from] DbError),
}

fn mail_to(
    account: &Staff,
    subject_key: &'static str,
    paragraphs: &[String],
    link: &str,
) -> Option<Mail> {
    let tr = account.language.tr();
    let to = account.email.parse().ok()?;
    let subject = tr.t(subject_key).to_owned();
    Some(Mail::with_link(
        to,
        subject,
        paragraphs,
        (tr.t("staff-mail-open-link"), link),
    ))
}

/// Mails every reviewer who asked for urgent alerts about held tip
/// `tip_id`. One failed mail does not keep the others from going.
pub async fn urgent_tip(state: &AppState, tip_id: TipId) -> Result<usize, NotifyError> {
    let recipients = state
        .db
        .read(|conn| staff::alert_recipients(conn, AlertKind::Urgent))
        .await?;
    let link = format!(
        "{}/staff/tips/{}",
        state.config.public_url.as_str(),
        InternalRef::of(tip_id)
    );
    let mut sent = 0;
    for account in &recipients {
        let paragraphs = [account.language.tr().t("staff-mail-urgent-body").to_owned()];
        let Some(mail) = mail_to(account, "staff-mail-urgent-subject", &paragraphs, &link) else {
            continue;
        };
        match state.mailer.send(mail).await {
            Ok(()) => sent += 1,
            Err(error) => tracing::error!(cause = %error, "an urgent alert could not be sent"),
        }
    }
    Ok(sent)
}

/// The daily digest to every reviewer who asked for it.
pub async fn digest(state: &AppState, counts: &digest::Counts) -> Result<usize, NotifyError> {
    let recipients = state
        .db
        .read(|conn| staff::alert_recipients(conn, AlertKind::Digest))
        .await?;
    let link = format!("{}/staff/queue", state.config.public_url.as_str());
    let mut sent = 0;
    for account in &recipients {
        let tr = account.language.tr();
        let number = |n: i64| n.to_string();
        let paragraphs = [
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
        let Some(mail) = mail_to(account, "staff-mail-digest-subject", &paragraphs, &link) else {
            continue;
        };
        // Sent once a day, never again to those who got it: a failed mail
        // is logged, not retried.
        match state.mailer.send(mail).await {
            Ok(()) => sent += 1,
            Err(error) => tracing::error!(cause = %error, "a daily digest could not be sent"),
        }
    }
    Ok(sent)
}
