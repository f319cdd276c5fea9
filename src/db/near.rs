//! "Near this tip": other tips and cases within a radius of a point or in
//! the same commune, nearest first. The grid cells around the point are
//! read through an index on either backend, then measured exactly.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{cases, tips};
use super::{DbConnection, DbError, corrupt};
use crate::domain::cases::CaseState;
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

/// How far a row is from `around`, if it counts as near at all.
fn distance(
    around: &Around,
    lat: Option<f64>,
    lon: Option<f64>,
    commune: &Option<String>,
) -> Option<Distance> {
    let other = lat
        .zip(lon)
        .and_then(|(lat, lon)| Coordinates::new(lat, lon).ok());
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
    let mut query = tips::table
        .select((
            tips::id,
            tips::category,
            tips::status,
            tips::submitted_at,
            tips::latitude,
            tips::longitude,
            tips::commune_code,
        ))
        .into_boxed();
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
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        TipId,
        String,
        String,
        NaiveDateTime,
        Option<f64>,
        Option<f64>,
        Option<String>,
    )> = query.load(conn)?;
    let mut near = Vec::new();
    for (id, category, status, submitted_at, lat, lon, commune) in rows {
        let Some(distance) = distance(around, lat, lon, &commune) else {
            continue;
        };
        near.push(NearTip {
            id,
            category: Category::parse(&category)
                .map_err(|_| corrupt(format!("category `{category}`")))?,
            status: TipStatus::parse(&status)
                .ok_or_else(|| corrupt(format!("status `{status}`")))?,
            submitted_at,
            distance,
        });
    }
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
        .select((
            cases::id,
            cases::title,
            cases::state,
            cases::outcome,
            cases::latitude,
            cases::longitude,
            cases::commune_code,
        ))
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
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        CaseId,
        String,
        String,
        Option<String>,
        Option<f64>,
        Option<f64>,
        Option<String>,
    )> = query.load(conn)?;
    let mut near = Vec::new();
    for (id, title, state, outcome, lat, lon, commune) in rows {
        let Some(distance) = distance(around, lat, lon, &commune) else {
            continue;
        };
        near.push(NearCase {
            id,
            title,
            state: CaseState::parse(&state, outcome.as_deref())
                .ok_or_else(|| corrupt(format!("case state `{state}`")))?,
            distance,
        });
    }
    near.sort_by_key(|case| (case.distance, case.id));
    near.truncate(LIMIT);
    Ok(near)
}
