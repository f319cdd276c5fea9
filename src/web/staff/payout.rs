//! `/staff/payout`: the payout officer types a claim code, sees the amount
//! and whether it may be paid (nothing about the tip, the case or the
//! place), and records the payout with a reference of their own. Wrong
//! codes get one answer and count against the officer's tries.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::form::StaffForm;
use super::frame::StaffChrome;
use super::guard::CurrentStaff;
use crate::domain::rewards::{PayoutReference, PayoutReferenceError};
use crate::error::AppError;
use crate::services::rewards::ClaimCheck;
use crate::state::AppState;
use crate::web::page::{render, render_with_status};

#[derive(Template)]
#[template(path = "staff/payout.html")]
struct PayoutPage {
    c: StaffChrome,
    code: String,
    reference: String,
    /// The amount, once a code was found payable.
    amount: Option<String>,
    until: String,
    notice: Option<&'static str>,
    /// The payout was recorded.
    paid: bool,
}

impl PayoutPage {
    fn empty(c: StaffChrome) -> Self {
        PayoutPage {
            c,
            code: String::new(),
            reference: String::new(),
            amount: None,
            until: String::new(),
            notice: None,
            paid: false,
        }
    }
}

pub async fn show(c: StaffChrome) -> Result<HttpResponse, AppError> {
    render(&PayoutPage::empty(c))
}

#[derive(Deserialize)]
pub struct ClaimForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    reference: String,
}

/// The page after a check or a payout; `problem` is what was wrong with
/// the payout form, if anything.
fn answer(
    c: StaffChrome,
    form: ClaimForm,
    check: ClaimCheck,
    paid: bool,
    problem: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let mut page = PayoutPage {
        code: form.code,
        reference: form.reference,
        ..PayoutPage::empty(c)
    };
    let status = match check {
        ClaimCheck::Payable {
            amount,
            currency,
            until,
        } => {
            page.amount = Some(format!("{amount} {currency}"));
            page.until = until.format("%Y-%m-%d").to_string();
            page.paid = paid && problem.is_none();
            page.notice = problem;
            if problem.is_some() {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            }
        }
        ClaimCheck::ApprovedByYou => {
            page.notice = Some("staff-payout-approved-by-you");
            StatusCode::CONFLICT
        }
        ClaimCheck::Refused => {
            page.notice = Some("staff-payout-refused");
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    render_with_status(status, &page)
}

pub async fn check(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    StaffForm(form): StaffForm<ClaimForm>,
) -> Result<HttpResponse, AppError> {
    let check = state.rewards.check_claim(current.id(), &form.code).await?;
    answer(c, form, check, false, None)
}

pub async fn record(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    StaffForm(form): StaffForm<ClaimForm>,
) -> Result<HttpResponse, AppError> {
    let reference = match PayoutReference::parse(&form.reference) {
        Ok(reference) => reference,
        Err(problem) => {
            // The code is checked again, so the page still shows its amount.
            let check = state.rewards.check_claim(current.id(), &form.code).await?;
            let key = match problem {
                PayoutReferenceError::Empty => "staff-payout-reference-required",
                PayoutReferenceError::TooLong => "staff-payout-reference-too-long",
            };
            return answer(c, form, check, false, Some(key));
        }
    };
    let check = state
        .rewards
        .record_payout(current.id(), &form.code, reference)
        .await?;
    answer(c, form, check, true, None)
}
