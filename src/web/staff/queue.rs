//! `/staff/queue`: the tips waiting for a reviewer, urgent first, then by
//! priority, then oldest; filtered, a page at a time (keyset, no OFFSET).

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::DateTime;
use serde::Deserialize;

use super::frame::StaffChrome;
use super::guard::CurrentStaff;
use crate::db::triage::{self, AssigneeFilter, QueueCursor, QueueFilter, QueueRow, StatusFilter};
use crate::domain::category::Category;
use crate::domain::tip_status::TipStatus;
use crate::domain::triage::InternalRef;
use crate::error::AppError;
use crate::web::AppState;
use crate::web::page::{next_page_query, render};

const PAGE_SIZE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct QueueQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    province: String,
    #[serde(default)]
    assignee: String,
    after: Option<String>,
}

/// One queue row as shown.
struct ShownRow {
    reference: String,
    urgent: bool,
    category: &'static str,
    status: &'static str,
    submitted: String,
    province: String,
    excerpt: String,
    assignee: String,
    corroborating: u32,
    priority: i32,
}

#[derive(Template)]
#[template(path = "staff/queue.html")]
struct QueuePage {
    c: StaffChrome,
    query: QueueQuery,
    rows: Vec<ShownRow>,
    statuses: Vec<(&'static str, &'static str)>,
    categories: Vec<(&'static str, &'static str)>,
    provinces: Vec<(String, String)>,
    next: Option<String>,
}

/// `urgent.priority.micros.id`: where the next page starts.
fn encode(cursor: QueueCursor) -> String {
    format!(
        "{}.{}.{}.{}",
        u8::from(cursor.urgent),
        cursor.priority,
        cursor.submitted_at.and_utc().timestamp_micros(),
        cursor.id
    )
}

fn decode(text: &str) -> Option<QueueCursor> {
    let mut parts = text.split('.');
    let urgent = parts.next()? == "1";
    let priority = parts.next()?.parse().ok()?;
    let micros = parts.next()?.parse().ok()?;
    let id = parts.next()?.parse().ok()?;
    Some(QueueCursor {
        urgent,
        priority,
        submitted_at: DateTime::from_timestamp_micros(micros)?.naive_utc(),
        id,
    })
}

fn filter_of(query: &QueueQuery, me: i64) -> QueueFilter {
    QueueFilter {
        status: TipStatus::parse(&query.status).map_or(StatusFilter::Waiting, StatusFilter::Is),
        category: Category::parse(&query.category).ok(),
        province: Some(query.province.trim().to_owned()).filter(|code| !code.is_empty()),
        assignee: match query.assignee.as_str() {
            "me" => AssigneeFilter::Staff(me),
            "unassigned" => AssigneeFilter::Unassigned,
            _ => AssigneeFilter::Anyone,
        },
    }
}

/// How many tips corroborate this one, from its stored reasons.
fn corroborating(row: &QueueRow) -> u32 {
    row.priority_reasons
        .split(' ')
        .find_map(|reason| reason.strip_prefix("corroborated:"))
        .and_then(|count| count.parse().ok())
        .unwrap_or(0)
}

pub async fn show(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    query: web::Query<QueueQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let filter = filter_of(&query, current.id());
    let cursor = query.after.as_deref().and_then(decode);
    let mut rows = state
        .db
        .read(move |conn| triage::queue(conn, &filter, cursor, PAGE_SIZE + 1))
        .await?;
    let next = if rows.len() > PAGE_SIZE as usize {
        rows.truncate(PAGE_SIZE as usize);
        rows.last()
            .map(|last| next_query(&query, encode(last.cursor())))
    } else {
        None
    };
    let province_name = |code: &Option<String>| {
        code.as_ref()
            .and_then(|code| {
                state
                    .provinces
                    .iter()
                    .find(|place| place.code.as_str() == code)
            })
            .map(|place| place.name_in(c.lang).to_owned())
            .unwrap_or_default()
    };
    let rows = rows
        .iter()
        .map(|row| ShownRow {
            reference: InternalRef::of(row.id).to_string(),
            urgent: row.urgent,
            category: c.t(row.category.label_key()),
            status: c.t(status_key(row.status)),
            submitted: row.submitted_at.format("%Y-%m-%d %H:%M").to_string(),
            province: province_name(&row.province),
            excerpt: row.excerpt.clone(),
            assignee: row.assignee.clone().unwrap_or_default(),
            corroborating: corroborating(row),
            priority: row.priority,
        })
        .collect();
    let statuses = STATUSES
        .iter()
        .map(|status| (status.as_str(), c.t(status_key(*status))))
        .collect();
    let categories = Category::ALL
        .iter()
        .map(|category| (category.as_str(), c.t(category.label_key())))
        .collect();
    let provinces = state
        .provinces
        .iter()
        .map(|place| {
            (
                place.code.as_str().to_owned(),
                place.name_in(c.lang).to_owned(),
            )
        })
        .collect();
    render(&QueuePage {
        c,
        query,
        rows,
        statuses,
        categories,
        provinces,
        next,
    })
}

const STATUSES: [TipStatus; 7] = [
    TipStatus::New,
    TipStatus::InReview,
    TipStatus::NeedsInfo,
    TipStatus::ReplyReceived,
    TipStatus::Linked,
    TipStatus::Duplicate,
    TipStatus::ClosedNoAction,
];

/// The staff's name for a tip's state.
pub fn status_key(status: TipStatus) -> &'static str {
    match status {
        TipStatus::New => "staff-tip-status-new",
        TipStatus::InReview => "staff-tip-status-in-review",
        TipStatus::NeedsInfo => "staff-tip-status-needs-info",
        TipStatus::ReplyReceived => "staff-tip-status-reply-received",
        TipStatus::Linked => "staff-tip-status-linked",
        TipStatus::Duplicate => "staff-tip-status-duplicate",
        TipStatus::ClosedNoAction => "staff-tip-status-closed",
    }
}

fn next_query(query: &QueueQuery, after: String) -> String {
    let filters = [
        ("status", query.status.as_str()),
        ("category", query.category.as_str()),
        ("province", query.province.as_str()),
        ("assignee", query.assignee.as_str()),
    ];
    next_page_query(&filters, ("after", after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_survives_its_trip_through_the_address() {
        let cursor = QueueCursor {
            urgent: true,
            priority: 85,
            submitted_at: DateTime::from_timestamp_micros(1_800_000_000_123_000)
                .unwrap()
                .naive_utc(),
            id: 42,
        };
        assert_eq!(decode(&encode(cursor)), Some(cursor));
        assert_eq!(decode("garbage"), None);
    }
}
