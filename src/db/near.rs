//! "Near this tip / case": other tips and cases at its place (its grid cell
//! and the eight around it) or in its commune, the same cell first, then
//! the next cells, then the rest of the commune, each the oldest first.
//! Each of the three is read by itself through an index, at most [`LIMIT`]
//! rows in all, so a flood of tips at one place costs a page no more than a
//! few at it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::cases::case_state;
use super::schema::{cases, tips};
use super::{DbConnection, DbError};
use crate::domain::cases::{CaseState, Outcome};
use crate::domain::category::Category;
use crate::domain::ids::{CaseId, TipId};
use crate::domain::tip_status::TipStatus;
use crate::domain::tips::{Nearness, Place};

/// How many neighbours of each kind are listed.
const LIMIT: usize = 20;

/// Where to look around, and what not to list: the tip whose page it is,
/// or the case whose page it is with its tips.
#[derive(Clone, Debug)]
pub struct Around {
    pub place: Option<Place>,
    pub commune: Option<String>,
    pub except_tip: Option<TipId>,
    pub except_case: Option<CaseId>,
}

#[derive(Clone, Debug)]
pub struct NearTip {
    pub id: TipId,
    pub category: Category,
    pub status: TipStatus,
    pub submitted_at: NaiveDateTime,
    pub nearness: Nearness,
}

#[derive(Clone, Debug)]
pub struct NearCase {
    pub id: CaseId,
    /// Sealed: open it with [`super::cases::open_title`].
    pub title: Option<Vec<u8>>,
    pub state: CaseState,
    pub opened_at: NaiveDateTime,
    pub nearness: Nearness,
}

/// A tip as the list shows it.
#[derive(Queryable, Selectable)]
#[diesel(table_name = tips)]
struct NearTipRow {
    id: TipId,
    category: Category,
    status: TipStatus,
    submitted_at: NaiveDateTime,
}

/// A case as the list shows it.
#[derive(Queryable, Selectable)]
#[diesel(table_name = cases)]
struct NearCaseRow {
    id: CaseId,
    title_sealed: Option<Vec<u8>>,
    state: String,
    outcome: Option<Outcome>,
    opened_at: NaiveDateTime,
}

/// Which rows one step of nearness holds.
enum Step {
    /// Those in these cells.
    Cells(Vec<String>),
    /// Those in this commune but in none of these cells (the place's, which
    /// the steps before listed) or without a point.
    Commune {
        commune: String,
        besides: Vec<String>,
    },
}

/// The steps `around` reads, nearest first: nothing by cell without a
/// point, nothing by commune without a commune.
fn steps(around: &Around) -> Vec<(Nearness, Step)> {
    Nearness::ALL
        .into_iter()
        .filter_map(|nearness| {
            let step = match nearness.cells_away() {
                Some(distance) => {
                    let cells = around.place?.ring(distance);
                    Step::Cells(cells.iter().map(|cell| cell.key()).collect())
                }
                None => Step::Commune {
                    commune: around.commune.clone()?,
                    besides: around.place.map(|place| place.keys()).unwrap_or_default(),
                },
            };
            Some((nearness, step))
        })
        .collect()
}

/// The number of rows still to read once `found` are listed.
fn room(found: usize) -> i64 {
    i64::try_from(LIMIT.saturating_sub(found)).unwrap_or(0)
}

pub fn tips_near(conn: &mut DbConnection, around: &Around) -> Result<Vec<NearTip>, DbError> {
    let mut near = Vec::new();
    for (nearness, step) in steps(around) {
        if near.len() >= LIMIT {
            break;
        }
        let mut query = tips::table
            .select(NearTipRow::as_select())
            .order((tips::submitted_at.asc(), tips::id.asc()))
            .limit(room(near.len()))
            .into_boxed();
        query = match step {
            Step::Cells(cells) => query.filter(tips::grid_cell.eq_any(cells)),
            Step::Commune { commune, besides } => {
                query.filter(tips::commune_code.eq(commune)).filter(
                    tips::grid_cell
                        .is_null()
                        .or(tips::grid_cell.ne_all(besides)),
                )
            }
        };
        if let Some(id) = around.except_tip {
            query = query.filter(tips::id.ne(id));
        }
        // A case's own tips are listed on its page already; left out here,
        // they take none of the list's rows.
        if let Some(case) = around.except_case {
            query = query.filter(tips::case_id.is_null().or(tips::case_id.ne(case)));
        }
        let rows: Vec<NearTipRow> = query.load(conn)?;
        near.extend(rows.into_iter().map(|row| NearTip {
            id: row.id,
            category: row.category,
            status: row.status,
            submitted_at: row.submitted_at,
            nearness,
        }));
    }
    Ok(near)
}

pub fn cases_near(conn: &mut DbConnection, around: &Around) -> Result<Vec<NearCase>, DbError> {
    let mut near = Vec::new();
    for (nearness, step) in steps(around) {
        if near.len() >= LIMIT {
            break;
        }
        let mut query = cases::table
            .filter(cases::merged_into.is_null())
            .select(NearCaseRow::as_select())
            .order((cases::opened_at.asc(), cases::id.asc()))
            .limit(room(near.len()))
            .into_boxed();
        query = match step {
            Step::Cells(cells) => query.filter(cases::grid_cell.eq_any(cells)),
            Step::Commune { commune, besides } => {
                query.filter(cases::commune_code.eq(commune)).filter(
                    cases::grid_cell
                        .is_null()
                        .or(cases::grid_cell.ne_all(besides)),
                )
            }
        };
        if let Some(id) = around.except_case {
            query = query.filter(cases::id.ne(id));
        }
        let rows: Vec<NearCaseRow> = query.load(conn)?;
        for row in rows {
            near.push(NearCase {
                state: case_state(&row.state, row.outcome)?,
                id: row.id,
                title: row.title_sealed,
                opened_at: row.opened_at,
                nearness,
            });
        }
    }
    Ok(near)
}
