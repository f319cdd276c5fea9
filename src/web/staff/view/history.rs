//! A tip's or case's history, read from the audit log.

use crate::db::audit::{self, AuditFilter};
use crate::db::staff::Staff;
use crate::domain::audit::AuditAction;
use crate::error::AppError;
use crate::services::common::staff_subject;
use crate::state::AppState;
use crate::web::staff::frame::StaffChrome;
use crate::web::staff::view::shown_text;

/// One line of a tip's or case's history, from the audit log.
pub struct HistoryRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

const HISTORY_ROWS: usize = 100;

/// The audit log's rows about `subject`, newest first, with staff names.
pub async fn history(
    c: &StaffChrome,
    state: &AppState,
    subject: String,
    staff: &[Staff],
) -> Result<Vec<HistoryRow>, AppError> {
    let filter = AuditFilter {
        subject: Some(subject),
        ..AuditFilter::default()
    };
    let rows = state
        .db
        .read(move |conn| audit::page(conn, &filter, None, HISTORY_ROWS))
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| HistoryRow {
            detail: shown_text(c, audit::opened_detail(c.org(), &row)),
            at: row.at.format("%Y-%m-%d %H:%M").to_string(),
            actor: staff
                .iter()
                .find(|account| staff_subject(account.id) == row.actor)
                .map_or(row.actor, |account| account.name.clone()),
            action: action_label(c, row.action),
        })
        .collect())
}

/// A stored action's name in the reader's language (the stored code if
/// the code no longer knows it).
pub fn action_label(c: &StaffChrome, stored: String) -> String {
    AuditAction::parse(&stored).map_or(stored, |action| c.t(action.label_key()).to_owned())
}
