//! `/staff/rewards`: candidates to assess, recommendations to approve, and
//! what became of them, with totals and the month's budget; each step goes
//! through the rewards service. Staff see an approved reward as approved,
//! never as paid. `/staff/rewards/ledger.csv` is the approvals ledger
//! finance reads: nothing in it names a tip, a case or a place. What was
//! paid is shown to administrators only, per whole past day, and in the
//! payouts ledger (`/staff/rewards/payouts.csv`), which names no reward.

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{DateTime, NaiveDateTime};
use serde::Deserialize;

use super::form::StaffForm;
use super::frame::StaffChrome;
use super::guard::{CurrentStaff, see_other};
use super::view::shown_text;
use crate::db::claims::PayoutLine;
use crate::db::rewards::{LedgerLine, RewardCursor, RewardFilter};
use crate::domain::cases::Reason;
use crate::domain::ids::{CaseId, RewardId};
use crate::domain::rewards::{
    Amount, Contribution, Ineligibility, RewardError, RewardState, grouped,
};
use crate::domain::tips::{CaseRef, InternalRef, RewardRef};
use crate::error::AppError;
use crate::services::common::ActionOutcome;
use crate::services::rewards::StaffStep;
use crate::state::AppState;
use crate::web::page::{next_page_query, render_with_status};

pub fn state_key(state: RewardState) -> &'static str {
    match state {
        RewardState::Candidate => "staff-reward-state-candidate",
        RewardState::Recommended => "staff-reward-state-recommended",
        RewardState::Approved => "staff-reward-state-approved",
        RewardState::NotEligible => "staff-reward-state-not-eligible",
        RewardState::Rejected => "staff-reward-state-rejected",
        RewardState::Withdrawn => "staff-reward-state-withdrawn",
    }
}

fn contribution_key(contribution: Contribution) -> &'static str {
    match contribution {
        Contribution::FirstReport => "staff-reward-contribution-first-report",
        Contribution::KeyDetail => "staff-reward-contribution-key-detail",
        Contribution::Corroboration => "staff-reward-contribution-corroboration",
    }
}

fn ineligibility_key(why: Ineligibility) -> &'static str {
    match why {
        Ineligibility::StaffOrOfficial => "staff-reward-ineligible-staff-or-official",
        Ineligibility::NoNewInformation => "staff-reward-ineligible-no-new-information",
        Ineligibility::FalseInformation => "staff-reward-ineligible-false-information",
        Ineligibility::Other => "staff-reward-ineligible-other",
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    state: String,
    #[serde(default)]
    case: String,
    /// Where the page starts (a cursor from the page before), or empty.
    #[serde(default)]
    after: String,
}

/// How many rewards a page lists.
const PAGE_SIZE: usize = 50;

/// `case.micros.reward`: where the next page starts.
fn encode(cursor: RewardCursor) -> String {
    format!(
        "{}.{}.{}",
        cursor.case_id,
        cursor.tip_submitted_at.and_utc().timestamp_micros(),
        cursor.id
    )
}

fn decode(text: &str) -> Option<RewardCursor> {
    let mut parts = text.split('.');
    let case_id: CaseId = parts.next()?.parse().ok()?;
    let micros = parts.next()?.parse().ok()?;
    let id: RewardId = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    Some(RewardCursor {
        case_id,
        tip_submitted_at: DateTime::from_timestamp_micros(micros)?.naive_utc(),
        id,
    })
}

/// The query of the page after the one shown, with the same filters.
fn next_query(query: &ListQuery, after: RewardCursor) -> String {
    let filters = [
        ("state", query.state.as_str()),
        ("case", query.case.as_str()),
    ];
    next_page_query(&filters, ("after", encode(after)))
}

struct ShownReward {
    id: RewardId,
    reference: String,
    tip: String,
    case: String,
    state: RewardState,
    state_label: &'static str,
    amount: String,
    /// What the amount field holds: the typed amount, or the proposal.
    amount_field: String,
    why: String,
    recommended_by: String,
    approved_by: String,
    /// The viewer recommended it, so may not approve it.
    own: bool,
    version: i32,
    dates: String,
}

#[derive(Template)]
#[template(path = "staff/rewards.html")]
struct RewardsPage {
    c: StaffChrome,
    query: ListQuery,
    notice: Option<String>,
    rows: Vec<ShownReward>,
    /// State name, label, count, amount.
    totals: Vec<(&'static str, &'static str, i64, String)>,
    currency: String,
    month: String,
    budget: String,
    used: String,
    left: String,
    pool: String,
    max_per_tip: String,
    contributions: Vec<(&'static str, &'static str)>,
    ineligibilities: Vec<(&'static str, &'static str)>,
    /// The query of the next page, if there is one.
    next: Option<String>,
    /// Day, count and amount paid, for administrators only.
    paid_days: Vec<(String, i64, String)>,
}

/// How many past days with payouts an administrator's page shows.
const PAID_DAYS_SHOWN: usize = 30;

fn day(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d").to_string()
}

fn filter_of(query: &ListQuery) -> RewardFilter {
    RewardFilter {
        state: RewardState::parse(&query.state),
        case_id: CaseRef::parse(&query.case).ok().map(CaseRef::case_id),
    }
}

pub async fn list(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    page(
        c,
        &current,
        &state,
        query.into_inner(),
        None,
        StatusCode::OK,
    )
    .await
}

/// A notice and the amount the reviewer typed for one reward, given back.
struct Notice {
    text: String,
    typed: Option<(RewardId, String)>,
}

async fn page(
    c: StaffChrome,
    current: &CurrentStaff,
    state: &AppState,
    query: ListQuery,
    notice: Option<Notice>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let overview = state
        .rewards
        .overview(filter_of(&query), decode(&query.after), PAGE_SIZE)
        .await?;
    let policy = state.rewards.policy();
    let currency = policy.currency.as_str().to_owned();
    let typed = notice.as_ref().and_then(|n| n.typed.clone());
    let rows = overview
        .rewards
        .iter()
        .map(|listed| {
            let reward = &listed.reward;
            let facts = &reward.facts;
            let reason = shown_text(&c, listed.reason(c.org()));
            let why = match (listed.contribution, listed.ineligibility) {
                (_, Some(why)) if reason.is_empty() => c.t(ineligibility_key(why)).to_owned(),
                (_, Some(why)) => format!("{}: {}", c.t(ineligibility_key(why)), reason),
                (Some(contribution), _) if reason.is_empty() => {
                    c.t(contribution_key(contribution)).to_owned()
                }
                (Some(contribution), _) => {
                    format!("{} · {}", c.t(contribution_key(contribution)), reason)
                }
                (None, None) => reason,
            };
            let proposal = overview.proposals.get(&reward.id).copied();
            let amount_field = match &typed {
                Some((id, text)) if *id == reward.id => text.clone(),
                _ => proposal.map(|p| p.to_string()).unwrap_or_default(),
            };
            let mut dates = vec![day(listed.created_at)];
            dates.extend(listed.approved_at.map(day));
            ShownReward {
                id: reward.id,
                reference: RewardRef::of(reward.id).to_string(),
                tip: InternalRef::of(reward.tip_id).to_string(),
                case: CaseRef::of(reward.case_id).to_string(),
                state: facts.state,
                state_label: c.t(state_key(facts.state)),
                amount: facts
                    .amount
                    .map(|a| format!("{a} {}", reward.currency))
                    .unwrap_or_default(),
                amount_field,
                why,
                recommended_by: listed.recommended_by.clone().unwrap_or_default(),
                approved_by: listed.approved_by.clone().unwrap_or_default(),
                own: facts.recommended_by == Some(current.id()),
                version: reward.version,
                dates: dates.join(" → "),
            }
        })
        .collect();
    let totals = overview
        .totals
        .iter()
        .map(|total| {
            let state = total.state;
            (
                state.as_str(),
                c.t(state_key(state)),
                total.count,
                grouped(total.amount),
            )
        })
        .collect();
    let budget = policy.monthly_budget.units();
    let next = overview.next.map(|after| next_query(&query, after));
    let paid_days = if c.is_admin() {
        state
            .rewards
            .paid_by_day(PAID_DAYS_SHOWN)
            .await?
            .into_iter()
            .map(|paid| (paid.day.to_string(), paid.count, grouped(paid.amount)))
            .collect()
    } else {
        Vec::new()
    };
    let rendered = RewardsPage {
        next,
        paid_days,
        query,
        notice: notice.map(|n| n.text),
        rows,
        totals,
        month: overview.month.label(),
        budget: grouped(budget),
        used: grouped(overview.budget_used),
        left: grouped((budget - overview.budget_used).max(0)),
        pool: policy.pool.to_string(),
        max_per_tip: policy.max_per_tip.to_string(),
        currency,
        contributions: Contribution::ALL
            .into_iter()
            .map(|x| (x.as_str(), c.t(contribution_key(x))))
            .collect(),
        ineligibilities: Ineligibility::ALL
            .into_iter()
            .map(|x| (x.as_str(), c.t(ineligibility_key(x))))
            .collect(),
        c,
    };
    render_with_status(status, &rendered)
}

#[derive(Deserialize)]
pub struct StepForm {
    version: i32,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    contribution: String,
    #[serde(default)]
    why: String,
    #[serde(default)]
    reason: String,
    /// The list's filters and page, kept across the step.
    #[serde(default)]
    state: String,
    #[serde(default)]
    case: String,
    #[serde(default)]
    after: String,
}

fn parse_ref(text: &str) -> Result<RewardId, AppError> {
    RewardRef::parse(text)
        .map(RewardRef::reward_id)
        .map_err(|_| AppError::NotFound)
}

/// Which step a reward's route asks for.
#[derive(Clone, Copy)]
enum StepAsked {
    Recommend,
    NotEligible,
    Approve,
    Reject,
}

/// What the form asks for, or the notice that says what is missing.
fn step_of(asked: StepAsked, form: &StepForm) -> Result<StaffStep, &'static str> {
    let reason = Reason::parse(&form.reason).map_err(|_| "staff-reward-reason-too-long")?;
    match asked {
        StepAsked::Recommend => Ok(StaffStep::Recommend {
            amount: Amount::parse(&form.amount).map_err(|_| "staff-reward-bad-amount")?,
            contribution: Contribution::parse(&form.contribution)
                .ok_or("staff-reward-choose-contribution")?,
        }),
        StepAsked::NotEligible => Ok(StaffStep::NotEligible {
            why: Ineligibility::parse(&form.why).ok_or("staff-reward-choose-reason")?,
            reason,
        }),
        StepAsked::Approve => Ok(StaffStep::Approve),
        StepAsked::Reject => Ok(StaffStep::Reject { reason }),
    }
}

/// The notice for a refused step, with the figures it needs.
fn refusal(c: &StaffChrome, refused: RewardError, currency: &str) -> String {
    let with = |key: &'static str, left: i64| {
        c.t_with(key, &[("amount", &format!("{} {currency}", grouped(left)))])
    };
    match refused {
        RewardError::OwnRecommendation => c.t("staff-reward-own-recommendation").to_owned(),
        RewardError::ReasonRequired => c.t("staff-reward-reason-required").to_owned(),
        RewardError::OverMaximum { max } => with("staff-reward-over-maximum", max),
        RewardError::OverPool { left } => with("staff-reward-over-pool", left),
        RewardError::OverBudget { left } => with("staff-reward-over-budget", left),
        RewardError::NotAllowed { .. } => c.t("staff-reward-refused").to_owned(),
    }
}

async fn take_step(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    reference: String,
    asked: StepAsked,
    form: StepForm,
) -> Result<HttpResponse, AppError> {
    let id = parse_ref(&reference)?;
    let query = ListQuery {
        state: form.state.clone(),
        case: form.case.clone(),
        after: form.after.clone(),
    };
    let typed = Some((id, form.amount.clone()));
    let step = match step_of(asked, &form) {
        Ok(step) => step,
        Err(key) => {
            let notice = Notice {
                text: c.t(key).to_owned(),
                typed,
            };
            return page(
                c,
                &current,
                &state,
                query,
                Some(notice),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let outcome = state
        .rewards
        .step(current.id(), id, form.version, step)
        .await?;
    let (text, status) = match outcome {
        ActionOutcome::Done => {
            let mut back = vec![
                ("state", query.state.as_str()),
                ("case", query.case.as_str()),
            ];
            // Back to the page the step was taken on, if not the first.
            if !query.after.is_empty() {
                back.push(("after", query.after.as_str()));
            }
            let back = serde_urlencoded::to_string(back).unwrap_or_default();
            return Ok(see_other(&format!("/staff/rewards?{back}")));
        }
        // A step names no other target, so nothing else can be missing.
        ActionOutcome::NoSuchSubject | ActionOutcome::NoSuchTarget => {
            return Err(AppError::NotFound);
        }
        ActionOutcome::Stale => (c.t("staff-reward-stale").to_owned(), StatusCode::CONFLICT),
        ActionOutcome::Refused(refused) => {
            let currency = state.rewards.policy().currency.as_str().to_owned();
            (refusal(&c, refused, &currency), StatusCode::CONFLICT)
        }
    };
    page(
        c,
        &current,
        &state,
        query,
        Some(Notice { text, typed }),
        status,
    )
    .await
}

pub async fn recommend(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    StaffForm(form): StaffForm<StepForm>,
) -> Result<HttpResponse, AppError> {
    take_step(
        c,
        current,
        state,
        reference.into_inner(),
        StepAsked::Recommend,
        form,
    )
    .await
}

pub async fn not_eligible(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    StaffForm(form): StaffForm<StepForm>,
) -> Result<HttpResponse, AppError> {
    let asked = StepAsked::NotEligible;
    take_step(c, current, state, reference.into_inner(), asked, form).await
}

pub async fn approve(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    StaffForm(form): StaffForm<StepForm>,
) -> Result<HttpResponse, AppError> {
    take_step(
        c,
        current,
        state,
        reference.into_inner(),
        StepAsked::Approve,
        form,
    )
    .await
}

pub async fn reject(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    StaffForm(form): StaffForm<StepForm>,
) -> Result<HttpResponse, AppError> {
    take_step(
        c,
        current,
        state,
        reference.into_inner(),
        StepAsked::Reject,
        form,
    )
    .await
}

/// One CSV field: quoted when it must be, and never read as a formula by
/// a spreadsheet.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

const LEDGER_HEADER: &str = "reward,state,currency,amount,recommended_by,approved_by,approved_on";

fn ledger_csv(lines: &[LedgerLine]) -> String {
    let mut csv = format!("{LEDGER_HEADER}\r\n");
    for line in lines {
        let fields = [
            RewardRef::of(line.id).to_string(),
            line.state.as_str().to_owned(),
            line.currency.clone(),
            line.amount.map(|a| a.to_string()).unwrap_or_default(),
            line.recommended_by.clone().unwrap_or_default(),
            line.approved_by.clone().unwrap_or_default(),
            line.approved_at.map(day).unwrap_or_default(),
        ];
        push_row(&mut csv, &fields);
    }
    csv
}

const PAYOUTS_HEADER: &str = "claim,currency,amount,paid_on,reference";

fn payouts_csv(lines: &[PayoutLine]) -> String {
    let mut csv = format!("{PAYOUTS_HEADER}\r\n");
    for line in lines {
        let fields = [
            line.claim.reference(),
            line.currency.clone(),
            line.amount.to_string(),
            line.paid_on.to_string(),
            line.reference.clone(),
        ];
        push_row(&mut csv, &fields);
    }
    csv
}

fn push_row(csv: &mut String, fields: &[String]) {
    let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    csv.push_str(&row.join(","));
    csv.push_str("\r\n");
}

fn csv_download(name: &str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((CACHE_CONTROL, "no-store, private"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body)
}

pub async fn ledger(
    current: CurrentStaff,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lines = state.rewards.ledger(current.id()).await?;
    Ok(csv_download(
        "tipline-reward-approvals.csv",
        ledger_csv(&lines),
    ))
}

pub async fn payouts_ledger(
    current: CurrentStaff,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let lines = state.rewards.payouts_ledger(current.id()).await?;
    Ok(csv_download("tipline-payouts.csv", payouts_csv(&lines)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("-1,2"), "\"'-1,2\"");
    }

    #[test]
    fn a_page_cursor_survives_its_trip_through_the_address() {
        let cursor = RewardCursor {
            case_id: CaseId(7),
            tip_submitted_at: DateTime::from_timestamp_micros(1_800_000_000_123_000)
                .unwrap()
                .naive_utc(),
            id: RewardId(42),
        };
        assert_eq!(decode(&encode(cursor)), Some(cursor));
        for garbage in ["", "7.1", "7.x.42", "7.1.42.9"] {
            assert_eq!(decode(garbage), None, "{garbage}");
        }
    }
}
