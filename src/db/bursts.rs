//! A burst's members as closing it reads them: each with its workflow state
//! and version, so that each goes through the workflow on its own.

use diesel::dsl::max;
use diesel::prelude::*;

use super::schema::tips;
use super::{DbConnection, DbError};
use crate::domain::ids::{CaseId, StaffId, TipId};
use crate::domain::tip_status::TipStatus;
use crate::domain::tips::{CloseReason, TipState};

/// One tip of a burst.
#[derive(Clone, Copy, Debug)]
pub struct BurstMember {
    pub id: TipId,
    pub state: TipState,
    pub version: i32,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = tips)]
struct MemberRow {
    id: TipId,
    status: TipStatus,
    assignee_id: Option<StaffId>,
    duplicate_of: Option<TipId>,
    case_id: Option<CaseId>,
    close_reason: Option<CloseReason>,
    version: i32,
}

/// The tips of the burst `lead` started, itself first, none newer than
/// `through`, in id order.
pub fn members(
    conn: &mut DbConnection,
    lead: TipId,
    through: TipId,
) -> Result<Vec<BurstMember>, DbError> {
    let rows: Vec<MemberRow> = tips::table
        .filter(tips::id.eq(lead).or(tips::burst_lead.eq(lead)))
        .filter(tips::id.le(through))
        .order(tips::id)
        .select(MemberRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| BurstMember {
            id: row.id,
            state: TipState {
                status: row.status,
                assignee: row.assignee_id,
                duplicate_of: row.duplicate_of,
                case_id: row.case_id,
                close_reason: row.close_reason,
            },
            version: row.version,
        })
        .collect())
}

/// The newest tip of the burst `lead` started (itself if it has no other).
pub fn newest(conn: &mut DbConnection, lead: TipId) -> Result<TipId, DbError> {
    let newest: Option<TipId> = tips::table
        .filter(tips::burst_lead.eq(lead))
        .select(max(tips::id))
        .first(conn)?;
    Ok(newest.unwrap_or(lead))
}
