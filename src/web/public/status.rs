//! `GET /{lang}/status` asks for the tip code and passphrase; `POST`
//! shows the coarse status, the conversation and a reply form;
//! `POST /{lang}/status/reply` adds the tipster's message. The reply form
//! carries a signed token for that tip, valid 30 minutes, instead of a
//! cookie or the passphrase.

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
use crate::domain::rewards::RewardState;
use crate::domain::zawgyi::to_unicode_if_zawgyi;
use crate::error::AppError;
use crate::hashing::HashError;
use crate::photos::{CleanPhoto, PHOTOS_MAX};
use crate::puzzles::Offer;
use crate::services::reports::ReportError;
use crate::state::AppState;
use crate::tokens;
use crate::web::fair_share::may_not_hash;
use crate::web::multipart::read_form_with_photos;
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

/// The empty status form, keeping a typed code.
fn status_form(c: Chrome, state: &AppState, code: String) -> StatusFormPage {
    let token = tokens::issue(&state.secret, STATUS_FORM_PURPOSE, "status", Utc::now());
    StatusFormPage {
        c,
        token,
        expired: false,
        code,
        failed: false,
        busy: false,
        unsent_reply: None,
        puzzle: state.puzzle(),
    }
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
    if tokens::verify(
        &state.secret,
        STATUS_FORM_PURPOSE,
        &form_token,
        Utc::now(),
        STATUS_FORM_MAX_AGE,
    )
    .is_err()
    {
        let page = StatusFormPage {
            expired: true,
            ..status_form(c, &state, typed_code)
        };
        return render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let passphrase = Passphrase::parse(&passphrase).ok();
    let code = TipCode::parse(&typed_code).ok();
    let busy = |c, typed_code| {
        render_busy(&StatusFormPage {
            busy: true,
            ..status_form(c, &state, typed_code)
        })
    };
    if may_not_hash(&request) {
        return busy(c, typed_code);
    }
    let unlocked = match state.reports.unlock(code, passphrase.as_ref()).await {
        Err(ReportError::Hash(HashError::Busy)) => return busy(c, typed_code),
        unlocked => unlocked?,
    };
    match unlocked {
        Some(tip_id) => {
            let shown = Shown {
                passphrase: passphrase.map(|p| p.digits().to_owned()),
                ..Shown::default()
            };
            status_page(c, &state, tip_id, shown).await
        }
        None => render(&StatusFormPage {
            failed: true,
            ..status_form(c, &state, typed_code)
        }),
    }
}

pub async fn reply(
    c: Chrome,
    state: web::Data<AppState>,
    body: Multipart,
) -> Result<HttpResponse, AppError> {
    let (parts, sent_photos) = read_form_with_photos(body).await?;
    let text = parts.text("body");
    let Ok(tip_id) = tokens::verify(
        &state.secret,
        REPLY_PURPOSE,
        &parts.text("token"),
        Utc::now(),
        REPLY_MAX_AGE,
    )
    .map_err(drop)
    .and_then(|payload| payload.parse::<i64>().map(TipId).map_err(drop)) else {
        let page = StatusFormPage {
            unsent_reply: Some(text),
            ..status_form(c, &state, String::new())
        };
        return render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let (body, photos) = match checked_reply(&state, tip_id, &text, sent_photos).await? {
        Ok(checked) => checked,
        Err(problem) => {
            let shown = Shown {
                reply: text,
                reply_error: Some(c.t(problem.message_key())),
                ..Shown::default()
            };
            return status_page(c, &state, tip_id, shown).await;
        }
    };
    if let Err(full) = state.reports.reply(tip_id, body, photos).await? {
        let shown = Shown {
            reply: text,
            reply_error: Some(c.t(full.problem().message_key())),
            ..Shown::default()
        };
        return status_page(c, &state, tip_id, shown).await;
    }
    let shown = Shown {
        reply_sent: true,
        ..Shown::default()
    };
    status_page(c, &state, tip_id, shown).await
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
}

async fn status_page(
    c: Chrome,
    state: &AppState,
    tip_id: TipId,
    shown: Shown,
) -> Result<HttpResponse, AppError> {
    let Shown {
        passphrase,
        reply,
        reply_error,
        reply_sent,
    } = shown;
    let TipsterView { status, messages } = state.reports.status(tip_id).await?;
    let reward = state
        .rewards
        .for_tipster(tip_id, passphrase)
        .await?
        .map(|reward| ShownReward {
            paid: reward.state == RewardState::Paid,
            headline: c.t_with(
                if reward.state == RewardState::Paid {
                    "status-reward-paid"
                } else {
                    "status-reward-approved"
                },
                &[("amount", &format!("{} {}", reward.amount, reward.currency))],
            ),
            until: c.t_with(
                "status-reward-until",
                &[(
                    "date",
                    &reward
                        .until
                        .map(|until| until.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                )],
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
            .into_iter()
            .map(|message| ShownMessage {
                from_tipster: message.direction == Direction::FromTipster,
                body: message.body,
                when: message.created_at.format("%Y-%m-%d").to_string(),
            })
            .collect(),
        reply_token: tokens::issue(
            &state.secret,
            REPLY_PURPOSE,
            &tip_id.to_string(),
            Utc::now(),
        ),
        reply,
        reply_error,
        reply_sent,
        c,
    };
    let status = if page.reply_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_with_status(status, &page)
}
