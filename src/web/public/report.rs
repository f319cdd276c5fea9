//! `GET /{lang}/report` (and `/{lang}/report/held`, the urgent lane) shows
//! the form; `POST /{lang}/report` stores the tip and answers with the
//! receipt directly, so nothing lands in a URL or the history.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};

use super::report_page::{ReportAction, ReportPage};
use crate::db::places;
use crate::domain::category::Category;
use crate::domain::place::Place;
use crate::domain::receipt::TipCode;
use crate::domain::report::{Field, FieldError, PlaceChoice, Problem, Report, ReportForm};
use crate::error::AppError;
use crate::hashing::HashError;
use crate::photos::{CleanPhoto, PHOTOS_MAX};
use crate::services::reports::{NewReport, ReportError, Submitted};
use crate::state::AppState;
use crate::tokens::{self, TokenError};
use crate::web::fair_share::hashing_share;
use crate::web::multipart::{FirstPart, FormParts, read_form_with_photos};
use crate::web::page::{Chrome, render_busy, render_with_status};

/// A form may be filled in slowly, but not reused days later.
const FORM_MAX_AGE: chrono::Duration = chrono::Duration::hours(24);
const FORM_PURPOSE: &str = "report-form";
const EXPIRED: &str = "report-notice-expired";

#[derive(Template)]
#[template(path = "public/receipt.html")]
struct ReceiptPage {
    c: Chrome,
    code: TipCode,
    passphrase: String,
    urgent: bool,
}

pub async fn show(c: Chrome, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    empty_form(c, state, false).await
}

pub async fn show_held(c: Chrome, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    empty_form(c, state, true).await
}

async fn empty_form(
    c: Chrome,
    state: web::Data<AppState>,
    held_lane: bool,
) -> Result<HttpResponse, AppError> {
    let form = ReportForm {
        category: if held_lane {
            Category::Held.as_str().to_owned()
        } else {
            String::new()
        },
        ..ReportForm::default()
    };
    let token = tokens::issue(&state.secret, FORM_PURPOSE, &tokens::nonce(), Utc::now());
    let page = form_page(c, &state, held_lane, form, token, &[], None).await?;
    render_with_status(StatusCode::OK, &page)
}

pub async fn submit(
    request: HttpRequest,
    c: Chrome,
    state: web::Data<AppState>,
    body: Multipart,
) -> Result<HttpResponse, AppError> {
    let now = Utc::now();
    let signed = |token: &str| {
        !matches!(
            tokens::verify(&state.secret, FORM_PURPOSE, token, now, FORM_MAX_AGE),
            Err(TokenError::Invalid)
        )
    };
    let first = FirstPart {
        name: "form_token",
        signed: &signed,
    };
    let (parts, sent_photos) = read_form_with_photos(body, first).await?;
    let form = form_from(&parts);
    let photos_sent = !sent_photos.is_empty();
    let held_lane = parts.text("lane") == Category::Held.as_str();
    let token = parts.text("form_token");
    let nonce = match tokens::verify(&state.secret, FORM_PURPOSE, &token, now, FORM_MAX_AGE) {
        Ok(nonce) => nonce,
        Err(TokenError::Expired | TokenError::Invalid) => {
            let fresh = tokens::issue(&state.secret, FORM_PURPOSE, &tokens::nonce(), now);
            let page = form_page(c, &state, held_lane, form, fresh, &[], Some(EXPIRED)).await?;
            return render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    if ReportAction::of(&parts.text("action")) == Some(ReportAction::Refine) {
        let mut page = form_page(c, &state, held_lane, form, token, &[], None).await?;
        if photos_sent {
            page.ask_for_photos_again();
        }
        return render_with_status(StatusCode::OK, &page);
    }

    let lists = picker_lists(&state, form.place_choice().unwrap_or_default()).await?;
    // Held until the tip is stored: its passphrase is hashed in it.
    let Ok(_hashing) = hashing_share(&request, &state).await else {
        return busy_form(c, &state, held_lane, form, token, lists, photos_sent);
    };
    let (report, photos) = match checked(&state, &form, &lists, sent_photos, now).await? {
        Ok(checked) => checked,
        Err(errors) => {
            let mut page =
                ReportPage::new(c, held_lane, form, token, lists, &errors, state.puzzle());
            if photos_sent {
                page.ask_for_photos_again();
            }
            return render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let new = NewReport {
        report,
        photos,
        lang: c.lang,
        nonce,
        form_expires: (now + FORM_MAX_AGE).naive_utc(),
    };
    // The service answers only once the tip is committed.
    let receipt = match state.reports.submit(new, now).await {
        Ok(Submitted::Receipt(receipt)) => receipt,
        Ok(Submitted::Expired) => {
            // As an expired form, naming no report: the phone's history
            // must not lead anyone to one.
            let fresh = tokens::issue(&state.secret, FORM_PURPOSE, &tokens::nonce(), now);
            let empty = ReportForm::default();
            let page = form_page(c, &state, false, empty, fresh, &[], Some(EXPIRED)).await?;
            return render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
        Ok(Submitted::OtherContent) => {
            let fresh = tokens::issue(&state.secret, FORM_PURPOSE, &tokens::nonce(), now);
            let mut page = ReportPage::new(c, held_lane, form, fresh, lists, &[], state.puzzle());
            page.notice = Some(page.c.t(EXPIRED));
            if photos_sent {
                page.ask_for_photos_again();
            }
            return render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
        Err(error) if is_busy(&error) => {
            return busy_form(c, &state, held_lane, form, token, lists, photos_sent);
        }
        Err(error) => return Err(error.into()),
    };
    let page = ReceiptPage {
        c,
        code: receipt.code,
        passphrase: receipt.passphrase.grouped(),
        urgent: receipt.urgent,
    };
    render_with_status(StatusCode::OK, &page)
}

/// The report as checked against the places chosen (`lists`), with the
/// photos cleaned, or every problem found. Photos are cleaned only for an
/// otherwise sound report: cleaning is the costly part.
async fn checked(
    state: &AppState,
    form: &ReportForm,
    lists: &[Vec<Place>; 4],
    sent_photos: Vec<Vec<u8>>,
    now: DateTime<Utc>,
) -> Result<Result<(Report, Vec<CleanPhoto>), Vec<FieldError>>, AppError> {
    let chosen: Vec<_> = lists.iter().flatten().cloned().collect();
    let report = match form.check(now.date_naive(), &chosen) {
        Ok(_) if sent_photos.len() > PHOTOS_MAX => {
            return Ok(Err(vec![FieldError {
                field: Field::Photos,
                problem: Problem::PhotosTooMany,
            }]));
        }
        Ok(report) => report,
        Err(errors) => return Ok(Err(errors)),
    };
    Ok(match state.photos.clean_all(sent_photos).await? {
        Ok(photos) => Ok((report, photos)),
        Err(refusal) => Err(vec![FieldError {
            field: Field::Photos,
            problem: refusal.problem(),
        }]),
    })
}

/// The place lists for `choice`. The provinces come from memory, so the
/// empty form (the most fetched page) asks nothing of the database.
async fn picker_lists(state: &AppState, choice: PlaceChoice) -> Result<[Vec<Place>; 4], AppError> {
    let provinces = state.provinces.to_vec();
    if choice.province.is_none() {
        return Ok([provinces, Vec::new(), Vec::new(), Vec::new()]);
    }
    Ok(state
        .db
        .read(move |conn| places::picker_lists(conn, provinces, &choice))
        .await?)
}

/// The form again whole with the busy notice: nothing was sent.
fn busy_form(
    c: Chrome,
    state: &AppState,
    held_lane: bool,
    form: ReportForm,
    token: String,
    lists: [Vec<Place>; 4],
    photos_sent: bool,
) -> Result<HttpResponse, AppError> {
    let mut page = ReportPage::new(c, held_lane, form, token, lists, &[], state.puzzle());
    page.notice = Some(page.c.t("report-notice-busy"));
    if photos_sent {
        page.ask_for_photos_again();
    }
    render_busy(&page)
}

/// The form again, with its place lists loaded for what was chosen.
async fn form_page(
    c: Chrome,
    state: &AppState,
    held_lane: bool,
    form: ReportForm,
    token: String,
    errors: &[FieldError],
    notice: Option<&'static str>,
) -> Result<ReportPage, AppError> {
    let lists = picker_lists(state, form.place_choice().unwrap_or_default()).await?;
    let notice = notice.map(|key| c.t(key));
    let mut page = ReportPage::new(c, held_lane, form, token, lists, errors, state.puzzle());
    page.notice = notice;
    Ok(page)
}

/// The hashing pool was full, or the database failed in a way that passes
/// and kept failing through the retries: the visitor may try again soon.
fn is_busy(error: &ReportError) -> bool {
    match error {
        ReportError::Hash(HashError::Busy) => true,
        ReportError::Database(error) => error.is_transient(),
        ReportError::Hash(_) => false,
    }
}

fn form_from(parts: &FormParts) -> ReportForm {
    ReportForm {
        category: parts.text("category"),
        description: parts.text("description"),
        observed_on: parts.text("observed_on"),
        lat: parts.text("lat"),
        lon: parts.text("lon"),
        province: parts.text("province"),
        district: parts.text("district"),
        commune: parts.text("commune"),
        village: parts.text("village"),
        landmark: parts.text("landmark"),
    }
}
