//! Scheduled work. Expired staff sessions are removed. Once a day the audit chain's head (row count and last
//! hash) is written to the log and mailed to the oversight address, so a
//! rewritten or shortened chain can be proven against it. Several instances
//! may run this loop: a row per job in the database lets exactly one of
//! them do each day's run.

use std::time::Duration;

use actix_web::web;

use crate::db::{audit, jobs, sessions};
use crate::domain::audit::{AuditHead, ChainBreak};
use crate::mail::{Mail, html_body, text_body};
use crate::web::AppState;

/// How often an instance checks whether today's run is done.
const CHECK_EVERY: Duration = Duration::from_secs(10 * 60);

/// Runs the daily jobs until the server stops; the first check is at once.
pub async fn run_daily(state: web::Data<AppState>) {
    let mut ticks = actix_web::rt::time::interval(CHECK_EVERY);
    loop {
        ticks.tick().await;
        if let Err(error) = anchor_audit_chain(&state).await {
            tracing::error!(cause = %error, "the audit anchor failed; it is tried again later");
        }
        // Ended sessions are useless already; removing them keeps the table small.
        let now = chrono::Utc::now().naive_utc();
        if let Err(error) = state
            .db
            .write(move |conn| sessions::purge_expired(conn, now))
            .await
        {
            tracing::error!(cause = %error, "expired sessions could not be removed");
        }
    }
}

#[derive(Debug, thiserror::Error)]
enum JobError {
    #[error(transparent)]
    Database(#[from] crate::db::DbError),
    #[error(transparent)]
    Mail(#[from] crate::mail::MailError),
}

async fn anchor_audit_chain(state: &AppState) -> Result<(), JobError> {
    let today = chrono::Utc::now().date_naive();
    let claimed = state
        .db
        .write(move |conn| jobs::claim_day(conn, jobs::AUDIT_ANCHOR, today))
        .await?;
    if !claimed {
        return Ok(());
    }
    // The head is anchored only after the whole chain is checked: a broken
    // chain is reported, not vouched for.
    let key = state.secret.clone();
    let checked = state
        .db
        .read(move |conn| audit::verify(conn, &key, None))
        .await?;
    let (head, broken) = match checked {
        Ok(head) => (head, None),
        Err(broken) => {
            tracing::error!(%broken, "THE AUDIT CHAIN IS BROKEN; run `tipline audit verify`");
            (state.db.read(audit::head).await?, Some(broken))
        }
    };
    tracing::info!(head = %head, "audit chain head");
    let Some(to) = state.config.audit_anchor_email.clone() else {
        return Ok(());
    };
    if let Err(error) = state
        .mailer
        .send(anchor_mail(to, &head, broken, today))
        .await
    {
        state
            .db
            .write(move |conn| jobs::release_day(conn, jobs::AUDIT_ANCHOR, today))
            .await?;
        return Err(error.into());
    }
    Ok(())
}

/// The anchor mail is for an oversight office, in English: a record, not
/// a page anyone acts on in a hurry.
fn anchor_mail(
    to: lettre::message::Mailbox,
    head: &AuditHead,
    broken: Option<ChainBreak>,
    day: chrono::NaiveDate,
) -> Mail {
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
    Mail {
        to,
        subject: format!("Tipline audit chain head, {day}: {} rows", head.count),
        text: text_body(&paragraphs, None),
        html: html_body(&paragraphs, None),
    }
}
