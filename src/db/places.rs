//! The gazetteer (`places`): loaded once from the bundled file, then read
//! for the location pickers and the about page's counts.

use diesel::prelude::*;

use super::schema::places;
use super::{DbConnection, DbError};
use crate::domain::place::{Place, PlaceCode, PlaceCounts, PlaceLevel, bundled_gazetteer};
use crate::domain::report::PlaceChoice;

#[derive(Queryable, Insertable)]
#[diesel(table_name = places)]
struct PlaceRow {
    code: String,
    parent_code: Option<String>,
    level: String,
    name_km: String,
    name_en: String,
}

impl From<&Place> for PlaceRow {
    fn from(place: &Place) -> Self {
        PlaceRow {
            code: place.code.as_str().to_owned(),
            parent_code: place.parent.as_ref().map(|p| p.as_str().to_owned()),
            level: place.level().as_str().to_owned(),
            name_km: place.name_km.clone(),
            name_en: place.name_en.clone(),
        }
    }
}

impl TryFrom<PlaceRow> for Place {
    type Error = DbError;

    fn try_from(row: PlaceRow) -> Result<Self, DbError> {
        let corrupt = |e: crate::domain::place::PlaceCodeError| {
            DbError::Query(diesel::result::Error::DeserializationError(Box::new(e)))
        };
        Ok(Place {
            code: PlaceCode::parse(&row.code).map_err(corrupt)?,
            parent: row
                .parent_code
                .as_deref()
                .map(PlaceCode::parse)
                .transpose()
                .map_err(corrupt)?,
            name_km: row.name_km,
            name_en: row.name_en,
        })
    }
}

/// Rows per INSERT: well under both backends' bound-parameter limits.
const BATCH: usize = 1_000;

/// Loads the bundled gazetteer into an empty `places` table, in one
/// transaction so a crash leaves either all of it or none.
pub fn load_gazetteer_if_empty(conn: &mut DbConnection) -> Result<(), DbError> {
    if count(conn)? > 0 {
        return Ok(());
    }
    let rows: Vec<PlaceRow> = bundled_gazetteer()?.iter().map(PlaceRow::from).collect();
    conn.transaction(|conn| {
        for chunk in rows.chunks(BATCH) {
            insert_batch(conn, chunk)?;
        }
        Ok(())
    })
}

/// Multi-row INSERT does not compile on the `MultiConnection` enum, so the
/// same typed statement runs on each backend.
fn insert_batch(conn: &mut DbConnection, rows: &[PlaceRow]) -> Result<(), DbError> {
    let insert = diesel::insert_into(places::table).values(rows);
    match conn {
        DbConnection::Sqlite(c) => insert.execute(c)?,
        DbConnection::Postgres(c) => insert.execute(c)?,
    };
    Ok(())
}

/// How many places are loaded.
pub fn count(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(places::table.count().get_result(conn)?)
}

/// The units directly under `parent` (the provinces when `None`), in the
/// official order of their codes, for the location pickers.
pub fn children(
    conn: &mut DbConnection,
    parent: Option<&PlaceCode>,
) -> Result<Vec<Place>, DbError> {
    let query = places::table.order(places::code.asc()).into_boxed();
    let query = match parent {
        Some(parent) => query.filter(places::parent_code.eq(parent.as_str().to_owned())),
        None => query.filter(places::parent_code.is_null()),
    };
    query
        .load::<PlaceRow>(conn)?
        .into_iter()
        .map(Place::try_from)
        .collect()
}

/// The places with these codes, in no particular order.
pub fn find_all(conn: &mut DbConnection, codes: &[String]) -> Result<Vec<Place>, DbError> {
    places::table
        .filter(places::code.eq_any(codes))
        .load::<PlaceRow>(conn)?
        .into_iter()
        .map(Place::try_from)
        .collect()
}

/// How many places one level holds.
#[derive(Queryable)]
struct LevelCount {
    level: PlaceLevel,
    places: i64,
}

/// How many places each level holds, for the about page.
pub fn count_by_level(conn: &mut DbConnection) -> Result<PlaceCounts, DbError> {
    let rows: Vec<LevelCount> = places::table
        .group_by(places::level)
        .select((places::level, diesel::dsl::count_star()))
        .load(conn)?;
    let mut counts = PlaceCounts::default();
    for row in rows {
        let slot = match row.level {
            PlaceLevel::Province => &mut counts.provinces,
            PlaceLevel::District => &mut counts.districts,
            PlaceLevel::Commune => &mut counts.communes,
            PlaceLevel::Village => &mut counts.villages,
        };
        *slot = row.places;
    }
    Ok(counts)
}

/// The lists a location picker shows for `choice`: the `provinces` (kept
/// in memory by the caller), and the units under each chosen level. A code
/// that is not among its list's units yields an empty list below it.
pub fn picker_lists(
    conn: &mut DbConnection,
    provinces: Vec<Place>,
    choice: &PlaceChoice,
) -> Result<[Vec<Place>; 4], DbError> {
    let below = |conn: &mut DbConnection, list: &[Place], chosen: &Option<PlaceCode>| match chosen {
        Some(code) if list.iter().any(|place| &place.code == code) => children(conn, Some(code)),
        _ => Ok(Vec::new()),
    };
    let districts = below(conn, &provinces, &choice.province)?;
    let communes = below(conn, &districts, &choice.district)?;
    let villages = below(conn, &communes, &choice.commune)?;
    Ok([provinces, districts, communes, villages])
}
