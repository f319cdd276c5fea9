//! `/staff/admin/audit`: administrators read the audit log, newest first,
//! filtered by actor, action, subject and date, a page at a time.

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

use super::frame::StaffChrome;
use super::view::{action_label, shown_text};
use crate::db::audit::{self, AuditFilter};
use crate::domain::audit::{AuditAction, AuditRow};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::page::{next_page_query, render};

const PAGE_SIZE: usize = 50;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
    before: Option<i64>,
}

/// One row as shown, with staff named.
struct ShownRow {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    subject: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "staff/audit.html")]
struct AuditPage {
    c: StaffChrome,
    query: AuditQuery,
    actions: Vec<(&'static str, &'static str)>,
    rows: Vec<ShownRow>,
    /// The query string of the next, older page.
    older: Option<String>,
}

fn text(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|value| !value.is_empty())
}

fn date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

pub async fn show(
    c: StaffChrome,
    state: web::Data<AppState>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let filter = AuditFilter {
        actor: text(&query.actor),
        action: text(&query.action),
        subject: text(&query.subject),
        from: date(&query.from).and_then(|day| day.and_hms_opt(0, 0, 0)),
        until: date(&query.until)
            .and_then(|day| day.succ_opt())
            .and_then(|day| day.and_hms_opt(0, 0, 0)),
    };
    let before = query.before;
    let mut rows: Vec<AuditRow> = state
        .db
        .read(move |conn| audit::page(conn, &filter, before, PAGE_SIZE + 1))
        .await?;
    let older = if rows.len() > PAGE_SIZE {
        rows.truncate(PAGE_SIZE);
        rows.last().map(|last| older_query(&query, last.seq))
    } else {
        None
    };
    let names: HashMap<String, String> = state
        .staff
        .list()
        .await?
        .into_iter()
        .map(|account| {
            let shown = format!("{} <{}>", account.name, account.email);
            (crate::services::common::staff_subject(account.id), shown)
        })
        .collect();
    let name = |who: String| match names.get(&who) {
        Some(shown) => format!("{shown} ({who})"),
        None => who,
    };
    let rows = rows
        .into_iter()
        .map(|row| ShownRow {
            detail: shown_text(&c, audit::opened_detail(c.org(), &row)),
            seq: row.seq,
            at: row.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            actor: name(row.actor),
            action: action_label(&c, row.action),
            subject: name(row.subject),
        })
        .collect();
    let actions = AuditAction::ALL
        .iter()
        .map(|action| (action.as_str(), c.t(action.label_key())))
        .collect();
    render(&AuditPage {
        c,
        query,
        actions,
        rows,
        older,
    })
}

fn older_query(query: &AuditQuery, before: i64) -> String {
    let filters = [
        ("actor", query.actor.as_str()),
        ("action", query.action.as_str()),
        ("subject", query.subject.as_str()),
        ("from", query.from.as_str()),
        ("until", query.until.as_str()),
    ];
    next_page_query(&filters, ("before", before.to_string()))
}
