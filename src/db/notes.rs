//! Internal notes, on a tip or on a case: a table of their own, so nothing
//! internal can reach the tipster's page.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{internal_notes, staff};
use super::{DbConnection, DbError};
use crate::domain::ids::{CaseId, StaffId, TipId};
use crate::domain::note::NoteBody;

/// What a note is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteOwner {
    Tip(TipId),
    Case(CaseId),
}

/// A note as staff read it.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = internal_notes)]
pub struct Note {
    #[diesel(select_expression = staff::name)]
    #[diesel(select_expression_type = staff::name)]
    pub author: String,
    pub body: String,
    pub created_at: NaiveDateTime,
}

pub fn add(
    conn: &mut DbConnection,
    owner: NoteOwner,
    author: StaffId,
    body: &NoteBody,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    let (tip, case) = match owner {
        NoteOwner::Tip(id) => (Some(id), None),
        NoteOwner::Case(id) => (None, Some(id)),
    };
    diesel::insert_into(internal_notes::table)
        .values((
            internal_notes::tip_id.eq(tip),
            internal_notes::case_id.eq(case),
            internal_notes::author_id.eq(author),
            internal_notes::body.eq(body.as_str()),
            internal_notes::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The notes about `owner`, oldest first.
pub fn of(conn: &mut DbConnection, owner: NoteOwner) -> Result<Vec<Note>, DbError> {
    let query = internal_notes::table
        .inner_join(staff::table.on(internal_notes::author_id.eq(staff::id)))
        .order(internal_notes::id.asc())
        .select(Note::as_select())
        .into_boxed();
    let query = match owner {
        NoteOwner::Tip(id) => query.filter(internal_notes::tip_id.eq(id)),
        NoteOwner::Case(id) => query.filter(internal_notes::case_id.eq(id)),
    };
    Ok(query.load(conn)?)
}
