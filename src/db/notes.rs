//! Internal notes, on a tip or on a case: a table of their own, so nothing
//! internal can reach the tipster's page. Each body is sealed to the
//! organisation alone (never to a tipster), bound to its note's row.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{internal_notes, staff};
use super::sealed_text::{self, open_text, seal_text};
use super::{DbConnection, DbError};
use crate::domain::ids::{CaseId, StaffId, TipId};
use crate::domain::note::NoteBody;
use crate::vault::OpeningKey;

/// What a note is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteOwner {
    Tip(TipId),
    Case(CaseId),
}

/// A note as staff read it: its body `None` when the reader's session
/// holds no organisation key.
#[derive(Clone, Debug)]
pub struct Note {
    pub author: String,
    pub body: Option<String>,
    pub created_at: NaiveDateTime,
}

/// A note as stored.
#[derive(Queryable, Selectable)]
#[diesel(table_name = internal_notes)]
struct NoteRow {
    id: i64,
    #[diesel(select_expression = staff::name)]
    #[diesel(select_expression_type = staff::name)]
    author: String,
    sealed: Vec<u8>,
    created_at: NaiveDateTime,
}

fn context(id: i64) -> String {
    format!("note:{id}:body")
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
    let org = sealed_text::org(conn)?;
    // The id is known only once the row is in: the body is sealed to it
    // in the same transaction.
    let id: i64 = diesel::insert_into(internal_notes::table)
        .values((
            internal_notes::tip_id.eq(tip),
            internal_notes::case_id.eq(case),
            internal_notes::author_id.eq(author),
            internal_notes::sealed.eq(Vec::<u8>::new()),
            internal_notes::created_at.eq(at),
        ))
        .returning(internal_notes::id)
        .get_result(conn)?;
    diesel::update(internal_notes::table.find(id))
        .set(internal_notes::sealed.eq(seal_text(&org, &context(id), body.as_str())))
        .execute(conn)?;
    Ok(())
}

/// The notes about `owner`, oldest first, opened with `org`.
pub fn of(
    conn: &mut DbConnection,
    owner: NoteOwner,
    org: Option<&OpeningKey>,
) -> Result<Vec<Note>, DbError> {
    let query = internal_notes::table
        .inner_join(staff::table.on(internal_notes::author_id.eq(staff::id)))
        .order(internal_notes::id.asc())
        .select(NoteRow::as_select())
        .into_boxed();
    let query = match owner {
        NoteOwner::Tip(id) => query.filter(internal_notes::tip_id.eq(id)),
        NoteOwner::Case(id) => query.filter(internal_notes::case_id.eq(id)),
    };
    let rows: Vec<NoteRow> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| Note {
            body: open_text(org, &context(row.id), &row.sealed),
            author: row.author,
            created_at: row.created_at,
        })
        .collect())
}
