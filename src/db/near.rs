//! "Near this tip": other tips and cases within a radius of a point or in
//! the same commune, nearest first. The grid cells around the point are
//! read through an index on either backend, then measured exactly.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::cases::case_state;
use super::schema::{cases, tips};
use super::stored::point;
use super::{DbConnection, DbError};
use crate::domain::cases::{CaseState, Outcome};
use crate::domain::category::Category;
use crate::domain::coordinates::Coordinates;
use crate::domain::ids::{CaseId, TipId};
use crate::domain::tip_status::TipStatus;
use crate::domain::tips::{GridCell, distance_m, rounded_to_100_m};

/// How many neighbours of each kind are listed.
const LIMIT: usize = 20;

/// Where to look around.
#[derive(Clone, Debug)]
pub struct Around {
    pub point: Option<Coordinates>,
    pub commune: Option<String>,
    pub radius_m: f64,
    pub except_tip: Option<TipId>,
    pub except_case: Option<CaseId>,
}

/// A neighbour's distance: in metres rounded to 100, or only "same commune"
/// when one of the two has no point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Distance {
    Metres(u32),
    SameCommune,
}

#[derive(Clone, Debug)]
pub struct NearTip {
    pub id: TipId,
    pub category: Category,
    pub status: TipStatus,
    pub submitted_at: NaiveDateTime,
    pub distance: Distance,
}

#[derive(Clone, Debug)]
pub struct NearCase {
    pub id: CaseId,
    pub title: String,
    pub state: CaseState,
    pub distance: Distance,
}

/// A tip as stored, with where it is.
#[derive(Queryable, Selectable)]
#[diesel(table_name = tips)]
struct NearTipRow {
    id: TipId,
    category: Category,
    status: TipStatus,
    submitted_at: NaiveDateTime,
    latitude: Option<f64>,
    longitude: Option<f64>,
    commune_code: Option<String>,
}

impl NearTipRow {
    /// The tip, if it is near `around`.
    fn parse(self, around: &Around) -> Option<NearTip> {
        Some(NearTip {
            distance: distance(
                around,
                point(self.latitude, self.longitude),
                &self.commune_code,
            )?,
            id: self.id,
            category: self.category,
            status: self.status,
            submitted_at: self.submitted_at,
        })
    }
}

/// A case as stored, with where it is.
#[derive(Queryable, Selectable)]
#[diesel(table_name = cases)]
struct NearCaseRow {
    id: CaseId,
    title: String,
    state: String,
    outcome: Option<Outcome>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    commune_code: Option<String>,
}

impl NearCaseRow {
    /// The case, if it is near `around`.
    fn parse(self, around: &Around) -> Result<Option<NearCase>, DbError> {
        let Some(distance) = distance(
            around,
            point(self.latitude, self.longitude),
            &self.commune_code,
        ) else {
            return Ok(None);
        };
        Ok(Some(NearCase {
            state: case_state(&self.state, self.outcome)?,
            id: self.id,
            title: self.title,
            distance,
        }))
    }
}

/// How far a row is from `around`, if it counts as near at all.
fn distance(
    around: &Around,
    other: Option<Coordinates>,
    commune: &Option<String>,
) -> Option<Distance> {
    if let (Some(point), Some(other)) = (around.point, other) {
        // Compared once rounded, so the radius reveals no more than the
        // distance shown.
        let metres = rounded_to_100_m(distance_m(&point, &other));
        if f64::from(metres) <= around.radius_m {
            return Some(Distance::Metres(metres));
        }
    }
    (around.commune.is_some() && *commune == around.commune).then_some(Distance::SameCommune)
}

fn cells(around: &Around) -> Vec<String> {
    around
        .point
        .map(|point| {
            // Half the rounding step more: a point rounded down into the
            // radius may lie just outside it.
            GridCell::around(&point, around.radius_m + 50.0)
                .iter()
                .map(GridCell::key)
                .collect()
        })
        .unwrap_or_default()
}

pub fn tips_near(conn: &mut DbConnection, around: &Around) -> Result<Vec<NearTip>, DbError> {
    if around.point.is_none() && around.commune.is_none() {
        return Ok(Vec::new());
    }
    let mut query = tips::table.select(NearTipRow::as_select()).into_boxed();
    query = match &around.commune {
        Some(commune) => query.filter(
            tips::grid_cell
                .eq_any(cells(around))
                .or(tips::commune_code.eq(commune.clone())),
        ),
        None => query.filter(tips::grid_cell.eq_any(cells(around))),
    };
    if let Some(id) = around.except_tip {
        query = query.filter(tips::id.ne(id));
    }
    let rows: Vec<NearTipRow> = query.load(conn)?;
    let mut near: Vec<NearTip> = rows
        .into_iter()
        .filter_map(|row| row.parse(around))
        .collect();
    near.sort_by_key(|tip| (tip.distance, std::cmp::Reverse(tip.submitted_at)));
    near.truncate(LIMIT);
    Ok(near)
}

pub fn cases_near(conn: &mut DbConnection, around: &Around) -> Result<Vec<NearCase>, DbError> {
    if around.point.is_none() && around.commune.is_none() {
        return Ok(Vec::new());
    }
    let mut query = cases::table
        .filter(cases::merged_into.is_null())
        .select(NearCaseRow::as_select())
        .into_boxed();
    query = match &around.commune {
        Some(commune) => query.filter(
            cases::grid_cell
                .eq_any(cells(around))
                .or(cases::commune_code.eq(commune.clone())),
        ),
        None => query.filter(cases::grid_cell.eq_any(cells(around))),
    };
    if let Some(id) = around.except_case {
        query = query.filter(cases::id.ne(id));
    }
    let rows: Vec<NearCaseRow> = query.load(conn)?;
    let mut near = Vec::new();
    for row in rows {
        near.extend(row.parse(around)?);
    }
    near.sort_by_key(|case| (case.distance, case.id));
    near.truncate(LIMIT);
    Ok(near)
}
