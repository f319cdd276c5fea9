//! `/staff/queue`: the tips waiting for a reviewer, urgent first, then by
//! priority, then oldest; filtered, a page at a time (keyset, no OFFSET).

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{DateTime, NaiveDate};
use serde::Deserialize;

use crate::db::tips::{AssigneeFilter, QueueCursor, QueueFilter, StatusFilter};
use crate::domain::category::Category;
use crate::domain::ids::StaffId;
use crate::domain::tip_status::TipStatus;
use crate::domain::tips::InternalRef;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::web::page::{next_page_query, render};
use crate::web::staff::frame::StaffChrome;
use crate::web::staff::guard::{CurrentStaff, see_other};
use crate::web::staff::view::{
    ANY_STATUS, AssigneeChoice, PhotosChoice, province_choices, province_name, tip_status_key,
};

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
    /// A tip reference (opens the tip) or words to look for.
    #[serde(default)]
    q: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// A [`PhotosChoice`] or empty.
    #[serde(default)]
    photos: String,
    #[serde(default)]
    language: String,
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
    excerpt: Option<String>,
    assignee: String,
    corroborating: i32,
    /// "A burst of N tips", on a burst's first tip.
    burst: Option<String>,
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
    languages: Vec<(&'static str, &'static str)>,
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

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

fn filter_of(query: &QueueQuery, me: StaffId) -> QueueFilter {
    QueueFilter {
        keyword: Some(query.q.trim().to_owned()).filter(|words| !words.is_empty()),
        from: day(&query.from),
        to: day(&query.to),
        has_photos: PhotosChoice::parse(&query.photos).map(|choice| choice == PhotosChoice::With),
        language: Lang::from_code(&query.language),
        status: match query.status.as_str() {
            ANY_STATUS => StatusFilter::Any,
            other => TipStatus::parse(other).map_or(StatusFilter::Waiting, StatusFilter::Is),
        },
        category: Category::parse(&query.category).ok(),
        province: Some(query.province.trim().to_owned()).filter(|code| !code.is_empty()),
        assignee: match AssigneeChoice::parse(&query.assignee) {
            Some(AssigneeChoice::Mine) => AssigneeFilter::Staff(me),
            Some(AssigneeChoice::Unassigned) => AssigneeFilter::Unassigned,
            None => AssigneeFilter::Anyone,
        },
    }
}

pub async fn show(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    query: web::Query<QueueQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    // A reference typed into the search box opens that tip; bare numbers
    // (a street, a room) are searched for.
    if query.q.trim_start().starts_with(['T', 't'])
        && let Ok(reference) = InternalRef::parse(&query.q)
    {
        return Ok(see_other(&format!("/staff/tips/{reference}")));
    }
    let filter = filter_of(&query, current.id());
    let cursor = query.after.as_deref().and_then(decode);
    let mut rows = state
        .tips
        .queue_page(
            current.id(),
            filter,
            cursor,
            PAGE_SIZE + 1,
            PAGE_SIZE as usize,
            current.org.clone(),
        )
        .await?;
    let next = if rows.len() > PAGE_SIZE as usize {
        rows.truncate(PAGE_SIZE as usize);
        rows.last()
            .map(|last| next_query(&query, encode(last.cursor())))
    } else {
        None
    };
    let rows = rows
        .iter()
        .map(|row| ShownRow {
            reference: InternalRef::of(row.id).to_string(),
            urgent: row.urgent,
            category: c.t(row.category.label_key()),
            status: c.t(tip_status_key(row.status)),
            submitted: row.submitted_at.format("%Y-%m-%d %H:%M").to_string(),
            province: province_name(&state, c.lang, &row.province),
            excerpt: row.excerpt.clone(),
            assignee: row.assignee.clone().unwrap_or_default(),
            corroborating: row.corroboration,
            burst: (row.burst_size > 1).then(|| {
                c.t_with(
                    "staff-queue-burst",
                    &[("count", &row.burst_size.to_string())],
                )
            }),
            priority: row.priority,
        })
        .collect();
    let statuses = TipStatus::ALL
        .iter()
        .map(|status| (status.as_str(), c.t(tip_status_key(*status))))
        .collect();
    let categories = Category::ALL
        .iter()
        .map(|category| (category.as_str(), c.t(category.label_key())))
        .collect();
    let provinces = province_choices(&state, c.lang);
    let languages = Lang::ALL
        .iter()
        .map(|lang| (lang.code(), lang.tr().t("language-name")))
        .collect();
    render(&QueuePage {
        c,
        query,
        rows,
        statuses,
        categories,
        provinces,
        languages,
        next,
    })
}

fn next_query(query: &QueueQuery, after: String) -> String {
    let filters = [
        ("status", query.status.as_str()),
        ("category", query.category.as_str()),
        ("province", query.province.as_str()),
        ("assignee", query.assignee.as_str()),
        ("q", query.q.as_str()),
        ("from", query.from.as_str()),
        ("to", query.to.as_str()),
        ("photos", query.photos.as_str()),
        ("language", query.language.as_str()),
    ];
    next_page_query(&filters, ("after", after))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::TipId;

    #[test]
    fn a_cursor_survives_its_trip_through_the_address() {
        let cursor = QueueCursor {
            urgent: true,
            priority: 85,
            submitted_at: DateTime::from_timestamp_micros(1_800_000_000_123_000)
                .unwrap()
                .naive_utc(),
            id: TipId(42),
        };
        assert_eq!(decode(&encode(cursor)), Some(cursor));
        assert_eq!(decode("garbage"), None);
    }
}
