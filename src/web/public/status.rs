//! `GET /{lang}/status` asks for the tip code and passphrase; `POST`
//! shows the coarse status, the conversation and a reply form;
//! `POST /{lang}/status/reply` adds the tipster's message. The reply form
//! carries a signed token naming the tip only sealed, valid 30 minutes from
//! the unlock, instead of a cookie or the passphrase. A status form may be
//! posted once: sent again from the history, it shows only the empty form.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use crate::db::reports::{Direction, TipsterView};
use crate::domain::ids::TipId;
use crate::domain::receipt::{Passphrase, TipCode};
use crate::domain::report::{DESCRIPTION_MAX, Problem};
use crate::domain::zawgyi::to_unicode_if_zawgyi;
use crate::error::AppError;
use crate::hashing::HashError;
use crate::photos::{CleanPhoto, PHOTOS_MAX};
use crate::puzzles::Offer;
use crate::services::reports::{OnceForm, ReportError, Unlocked};
use crate::state::AppState;
use crate::tokens::{self, TokenError};
use crate::vault::OpeningKey;
use crate::web::fair_share::hashing_share;
use crate::web::multipart::{FirstPart, read_form_with_photos};
use crate::web::page::{Chrome, render, render_busy, render_with_status};

const REPLY_PURPOSE: &str = "status-reply";
const STATUS_FORM_PURPOSE: &str = "status-form";
const STATUS_FORM_MAX_AGE: chrono::Duration = chrono::Duration::hours(24);
const REPLY_MAX_AGE: chrono::Duration = chrono::Duration::minutes(30);

#[derive(Template)]
#[template(path = "public/status_form.html")]
struct StatusFormPage {
    c: Chrome,
    /// The stateless anti-forgery token of this form.
    token: String,
    /// The form came back too old or forged: nothing was checked.
    expired: bool,
    /// The form was posted before (Back, Reload): nothing is shown again.
    again: bool,
    code: String,
    /// One answer for every failure: it never says which part was wrong.
    failed: bool,
    /// Nothing was checked: too many people at once. The code is kept.
    busy: bool,
    /// A reply that could not be sent because its form expired, given back.
    unsent_reply: Option<String>,
    /// Proof of work for the page's script to do, under pressure.
    puzzle: Option<Offer>,
}

/// One message as the tipster sees it.
struct ShownMessage {
    from_tipster: bool,
    body: String,
    when: String,
}

/// The tipster's reward, as shown to them.
struct ShownReward {
    paid: bool,
    /// "Your reward of … was paid" or "… was approved".
    headline: String,
    until: String,
    /// Only right after the passphrase was typed.
    code: Option<String>,
    instructions: String,
}

#[derive(Template)]
#[template(path = "public/status.html")]
struct StatusPage {
    c: Chrome,
    reward: Option<ShownReward>,
    status: &'static str,
    explanation: &'static str,
    messages: Vec<ShownMessage>,
    reply_token: String,
    reply: String,
    reply_error: Option<&'static str>,
    reply_sent: bool,
    /// The tipster withdrew the report.
    withdrawn: bool,
    /// A withdrawal was asked for without its box ticked.
    withdraw_unconfirmed: bool,
    /// The report was withdrawn just now.
    withdraw_done: bool,
}

#[derive(Deserialize)]
pub struct Credentials {
    #[serde(default)]
    form_token: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    passphrase: String,
}

pub async fn ask(c: Chrome, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    render(&status_form(c, &state, String::new()))
}

/// The empty status form, keeping a typed code. Its token names a fresh
/// nonce: the form may be posted once.
fn status_form(c: Chrome, state: &AppState, code: String) -> StatusFormPage {
    let token = tokens::issue(
        &state.secret,
        STATUS_FORM_PURPOSE,
        &tokens::nonce(),
        Utc::now(),
    );
    StatusFormPage {
        c,
        token,
        expired: false,
        again: false,
        code,
        failed: false,
        busy: false,
        unsent_reply: None,
        puzzle: state.puzzle(),
    }
}

/// A reply form's token for `tip_id`, unlocked at `unlocked`: it names the
/// tip only sealed, and lives 30 minutes from the unlock whatever is sent
/// with it, so only the passphrase makes a new one.
/// The page's token: the tip and its own key (which opens the
/// conversation), sealed under the server key. It lives only in the page,
/// never in the database, so the database and the server key together
/// still open no conversation.
fn reply_token(
    state: &AppState,
    tip_id: TipId,
    tip_key: &OpeningKey,
    unlocked: chrono::DateTime<Utc>,
) -> String {
    let payload = [&tip_id.0.to_be_bytes()[..], &tip_key.seed()[..]].concat();
    let payload = zeroize::Zeroizing::new(payload);
    tokens::issue_sealed(&state.secret, REPLY_PURPOSE, &payload, unlocked)
}

/// The tip a reply token was made for, and its key, while it lives; an
/// expired one still tells that it was ours (`Err(Expired)`).
fn replied_tip(state: &AppState, token: &str) -> Result<(TipId, OpeningKey), TokenError> {
    let sealed = zeroize::Zeroizing::new(tokens::verify_sealed(
        &state.secret,
        REPLY_PURPOSE,
        token,
        Utc::now(),
        REPLY_MAX_AGE,
    )?);
    let (id, seed) = sealed.split_first_chunk::<8>().ok_or(TokenError::Invalid)?;
    let seed: [u8; 32] = seed.try_into().map_err(|_| TokenError::Invalid)?;
    let seed = zeroize::Zeroizing::new(seed);
    Ok((TipId(i64::from_be_bytes(*id)), OpeningKey::from_seed(&seed)))
}

pub async fn check(
    request: HttpRequest,
    c: Chrome,
    state: web::Data<AppState>,
    form: web::Form<Credentials>,
) -> Result<HttpResponse, AppError> {
    let Credentials {
        form_token,
        code: typed_code,
        passphrase,
    } = form.into_inner();
    let now = Utc::now();
    let Ok(nonce) = tokens::verify(
        &state.secret,
        STATUS_FORM_PURPOSE,
        &form_token,
        now,
        STATUS_FORM_MAX_AGE,
    ) else {
        let page = StatusFormPage {
            expired: true,
            ..status_form(c, &state, typed_code)
        };
        return render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let passphrase = Passphrase::parse(&passphrase).ok();
    let code = TipCode::parse(&typed_code).ok();
    let busy = |c, typed_code| {
        render_busy(&StatusFormPage {
            busy: true,
            ..status_form(c, &state, typed_code)
        })
    };
    // Held until the check is done: the passphrase is hashed in it.
    let Ok(_hashing) = hashing_share(&request, &state).await else {
        return busy(c, typed_code);
    };
    let form = OnceForm {
        nonce,
        forget_at: (now + STATUS_FORM_MAX_AGE).naive_utc(),
    };
    let unlocked = state.reports.unlock(code, passphrase.as_ref(), form).await;
    let unlocked = match unlocked {
        Err(ReportError::Hash(HashError::Busy)) => return busy(c, typed_code),
        unlocked => unlocked?,
    };
    match unlocked {
        Unlocked::Open(tip_id, tip_key) => {
            let shown = Shown {
                passphrase: passphrase.map(|p| p.digits().to_owned()),
                ..Shown::default()
            };
            let token = reply_token(&state, tip_id, &tip_key, now);
            status_page(c, &state, (tip_id, tip_key), token, shown).await
        }
        Unlocked::Refused => render(&StatusFormPage {
            failed: true,
            ..status_form(c, &state, typed_code)
        }),
        // Whoever sent it again holds the phone, not the code: they get
        // the empty form, which names nothing.
        Unlocked::Spent => render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &StatusFormPage {
                again: true,
                ..status_form(c, &state, String::new())
            },
        ),
    }
}

pub async fn reply(
    c: Chrome,
    state: web::Data<AppState>,
    body: Multipart,
) -> Result<HttpResponse, AppError> {
    let signed = |token: &str| {
        !matches!(
            tokens::verify(
                &state.secret,
                REPLY_PURPOSE,
                token,
                Utc::now(),
                REPLY_MAX_AGE
            ),
            Err(TokenError::Invalid)
        )
    };
    let first = FirstPart {
        name: "token",
        signed: &signed,
    };
    let (parts, sent_photos) = read_form_with_photos(body, first).await?;
    let text = parts.text("body");
    let token = parts.text("token");
    let Ok((tip_id, tip_key)) = replied_tip(&state, &token) else {
        let page = StatusFormPage {
            unsent_reply: Some(text),
            ..status_form(c, &state, String::new())
        };
        return render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    // A withdrawn report takes nothing more: its page says so.
    if state.reports.is_withdrawn(tip_id).await? {
        return status_page(
            c,
            &state,
            (tip_id, tip_key.clone()),
            token,
            Shown::default(),
        )
        .await;
    }
    // The same token comes back on every page after this one: a reply,
    // sent or refused, never makes the form live longer.
    let (body, photos) = match checked_reply(&state, tip_id, &text, sent_photos).await? {
        Ok(checked) => checked,
        Err(problem) => {
            let shown = Shown {
                reply: text,
                reply_error: Some(c.t(problem.message_key())),
                ..Shown::default()
            };
            return status_page(c, &state, (tip_id, tip_key.clone()), token, shown).await;
        }
    };
    let form = OnceForm {
        nonce: token.clone(),
        forget_at: (Utc::now() + REPLY_MAX_AGE).naive_utc(),
    };
    if let Err(full) = state.reports.reply(tip_id, body, photos, form).await? {
        let shown = Shown {
            reply: text,
            reply_error: Some(c.t(full.problem().message_key())),
            ..Shown::default()
        };
        return status_page(c, &state, (tip_id, tip_key.clone()), token, shown).await;
    }
    let shown = Shown {
        reply_sent: true,
        ..Shown::default()
    };
    status_page(c, &state, (tip_id, tip_key.clone()), token, shown).await
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    token: String,
    /// The box that says it cannot be undone, ticked.
    #[serde(default)]
    confirm: String,
}

/// `POST /{lang}/status/withdraw`: the tipster withdraws the report, from
/// the status page they reached with code and passphrase (its reply token,
/// 30 minutes from the unlock, names the tip). Without the box ticked the
/// page comes back with nothing done.
pub async fn withdraw(
    c: Chrome,
    state: web::Data<AppState>,
    form: web::Form<WithdrawForm>,
) -> Result<HttpResponse, AppError> {
    let WithdrawForm { token, confirm } = form.into_inner();
    let Ok((tip_id, tip_key)) = replied_tip(&state, &token) else {
        let page = status_form(c, &state, String::new());
        return render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let shown = if confirm == "yes" {
        state.reports.withdraw(tip_id).await?;
        Shown {
            withdraw_done: true,
            ..Shown::default()
        }
    } else {
        Shown {
            withdraw_unconfirmed: true,
            ..Shown::default()
        }
    };
    status_page(c, &state, (tip_id, tip_key.clone()), token, shown).await
}

/// The reply's words (trimmed, Zawgyi read as Unicode) and its cleaned
/// photos, or what is wrong with them. Photos are cleaned only for an
/// otherwise sound reply that the tip still has room for: cleaning is the
/// costly part.
async fn checked_reply(
    state: &AppState,
    tip_id: TipId,
    text: &str,
    sent_photos: Vec<Vec<u8>>,
) -> Result<Result<(String, Vec<CleanPhoto>), Problem>, AppError> {
    let body = to_unicode_if_zawgyi(text.trim()).into_owned();
    let problem = if body.is_empty() && sent_photos.is_empty() {
        Some(Problem::ReplyEmpty)
    } else if body.chars().count() > DESCRIPTION_MAX {
        Some(Problem::DescriptionTooLong)
    } else if sent_photos.len() > PHOTOS_MAX {
        Some(Problem::PhotosTooMany)
    } else {
        None
    };
    if let Some(problem) = problem {
        return Ok(Err(problem));
    }
    let sent_count = u32::try_from(sent_photos.len()).unwrap_or(u32::MAX);
    if let Err(full) = state
        .reports
        .holdings(tip_id)
        .await?
        .take_reply(sent_count, 0)
    {
        return Ok(Err(full.problem()));
    }
    Ok(state
        .photos
        .clean_all(sent_photos)
        .await?
        .map(|photos| (body, photos))
        .map_err(|refusal| refusal.problem()))
}

/// What the status page shows beside the tip's own state.
#[derive(Default)]
struct Shown {
    /// The passphrase just typed, which opens the claim code.
    passphrase: Option<String>,
    /// A reply given back with what was wrong with it.
    reply: String,
    reply_error: Option<&'static str>,
    reply_sent: bool,
    withdraw_unconfirmed: bool,
    withdraw_done: bool,
}

async fn status_page(
    c: Chrome,
    state: &AppState,
    (tip_id, tip_key): (TipId, OpeningKey),
    reply_token: String,
    shown: Shown,
) -> Result<HttpResponse, AppError> {
    let Shown {
        passphrase,
        reply,
        reply_error,
        reply_sent,
        withdraw_unconfirmed,
        withdraw_done,
    } = shown;
    let TipsterView {
        status,
        messages,
        withdrawn,
    } = state.reports.status(tip_id, Some(tip_key)).await?;
    let reward = state
        .rewards
        .for_tipster(tip_id, passphrase)
        .await?
        .map(|reward| ShownReward {
            paid: reward.paid,
            headline: c.t_with(
                if reward.paid {
                    "status-reward-paid"
                } else {
                    "status-reward-approved"
                },
                &[("amount", &format!("{} {}", reward.amount, reward.currency))],
            ),
            until: c.t_with(
                "status-reward-until",
                &[("date", &reward.until.format("%Y-%m-%d").to_string())],
            ),
            code: reward.code.map(|code| code.to_string()),
            instructions: state
                .config
                .claim_instructions
                .clone()
                .unwrap_or_else(|| c.t("status-reward-instructions").to_owned()),
        });
    let page = StatusPage {
        reward,
        status: c.t(status.message_key()),
        explanation: c.t(status.explanation_key()),
        messages: messages
            .unwrap_or_default()
            .into_iter()
            .map(|message| ShownMessage {
                from_tipster: message.direction == Direction::FromTipster,
                body: message.body,
                when: message.created_at.format("%Y-%m-%d").to_string(),
            })
            .collect(),
        reply_token,
        reply,
        reply_error,
        reply_sent,
        withdrawn,
        withdraw_unconfirmed,
        withdraw_done,
        c,
    };
    let status = if page.reply_error.is_some() || page.withdraw_unconfirmed {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_with_status(status, &page)
}
