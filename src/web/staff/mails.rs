//! The mails staff receive, in their language. They carry a link and never
//! anything about a tip.

use crate::accounts::SessionToken;
use crate::db::staff::Staff;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::mail::Mail;
use crate::web::AppState;

fn link(state: &AppState, token: &SessionToken) -> String {
    format!(
        "{}/staff/link/{}",
        state.config.public_url.as_str(),
        token.as_str()
    )
}

async fn send(
    state: &AppState,
    to: &str,
    lang: Lang,
    subject_key: &'static str,
    paragraphs: Vec<String>,
    url: &str,
) -> Result<(), AppError> {
    let tr = lang.tr();
    let to = to
        .parse()
        .map_err(|_| AppError::BadRequest("an unusable staff address".into()))?;
    let label = tr.t("staff-mail-open-link");
    let subject = tr.t(subject_key).to_owned();
    state
        .mailer
        .send(Mail::with_link(to, subject, &paragraphs, (label, url)))
        .await?;
    Ok(())
}

/// The invitation to set a password and enrol.
pub async fn send_invitation(
    state: &AppState,
    email: &str,
    name: &str,
    lang: Lang,
    token: &SessionToken,
) -> Result<(), AppError> {
    let tr = lang.tr();
    let paragraphs = vec![
        tr.t_with("staff-mail-greeting", &[("name", name)]),
        tr.t("staff-mail-invite-body").to_owned(),
        tr.t("staff-mail-invite-expiry").to_owned(),
    ];
    send(
        state,
        email,
        lang,
        "staff-mail-invite-subject",
        paragraphs,
        &link(state, token),
    )
    .await
}

/// A link to set a new password.
pub async fn send_reset(
    state: &AppState,
    account: &Staff,
    token: &SessionToken,
) -> Result<(), AppError> {
    let tr = account.language.tr();
    let paragraphs = vec![
        tr.t_with("staff-mail-greeting", &[("name", &account.name)]),
        tr.t("staff-mail-reset-body").to_owned(),
        tr.t("staff-mail-reset-expiry").to_owned(),
    ];
    send(
        state,
        &account.email,
        account.language,
        "staff-mail-reset-subject",
        paragraphs,
        &link(state, token),
    )
    .await
}
