//! Posted report forms, known by a keyed hash of their nonce for the form's
//! lifetime, with their receipt sealed for the seconds a repeat may show it
//! (`crate::domain::resend`). A form is claimed before its tip is stored,
//! in the same transaction, so two posts of one form at once make one tip:
//! on PostgreSQL the second waits on the first's lock and then finds it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::form_receipts;
use super::{DbConnection, DbError};
use crate::domain::ids::TipId;
use crate::domain::resend::EarlierPost;

/// A form about to be stored, as the database may know it.
pub struct FormClaim<'a> {
    pub nonce_hash: &'a str,
    pub content_hash: &'a str,
    pub sealed_until: NaiveDateTime,
    pub forget_at: NaiveDateTime,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = form_receipts)]
struct EarlierRow {
    content_hash: String,
    sealed_receipt: Option<Vec<u8>>,
    sealed_until: NaiveDateTime,
}

/// The earlier post of the form `nonce_hash`, if it was posted before.
pub fn earlier_post(
    conn: &mut DbConnection,
    nonce_hash: &str,
) -> Result<Option<EarlierPost>, DbError> {
    let row: Option<EarlierRow> = form_receipts::table
        .find(nonce_hash)
        .select(EarlierRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(|row| EarlierPost {
        content_hash: row.content_hash,
        sealed_receipt: row.sealed_receipt,
        sealed_until: row.sealed_until,
    }))
}

/// Claims the form for a new tip; or, when it was posted before, what
/// that post left. Run it first in the transaction that stores the tip.
pub fn claim(conn: &mut DbConnection, claim: &FormClaim) -> Result<Option<EarlierPost>, DbError> {
    hold_form(conn, claim.nonce_hash)?;
    if let Some(earlier) = earlier_post(conn, claim.nonce_hash)? {
        return Ok(Some(earlier));
    }
    diesel::insert_into(form_receipts::table)
        .values((
            form_receipts::nonce_hash.eq(claim.nonce_hash),
            form_receipts::content_hash.eq(claim.content_hash),
            form_receipts::sealed_until.eq(claim.sealed_until),
            form_receipts::forget_at.eq(claim.forget_at),
        ))
        .execute(conn)?;
    Ok(None)
}

/// Records the tip a claimed form became and its sealed receipt.
pub fn attach(
    conn: &mut DbConnection,
    nonce_hash: &str,
    tip_id: TipId,
    sealed_receipt: &[u8],
) -> Result<(), DbError> {
    diesel::update(form_receipts::table.find(nonce_hash))
        .set((
            form_receipts::tip_id.eq(tip_id),
            form_receipts::sealed_receipt.eq(sealed_receipt),
        ))
        .execute(conn)?;
    Ok(())
}

/// Deletes the receipts no repeat may show any more, and forgets the
/// forms that can no longer be posted. Returns how many rows changed.
pub fn forget(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, DbError> {
    let unsealed = diesel::update(
        form_receipts::table
            .filter(form_receipts::sealed_until.le(now))
            .filter(form_receipts::sealed_receipt.is_not_null()),
    )
    .set(form_receipts::sealed_receipt.eq(None::<Vec<u8>>))
    .execute(conn)?;
    let forgotten = diesel::delete(form_receipts::table.filter(form_receipts::forget_at.le(now)))
        .execute(conn)?;
    Ok(unsealed + forgotten)
}

/// Makes the transaction the only one storing the form until it ends, so a
/// double tap on PostgreSQL finds the first post instead of clashing with
/// it. SQLite's single writer already serialises.
fn hold_form(conn: &mut DbConnection, nonce_hash: &str) -> Result<(), DbError> {
    match conn {
        DbConnection::Sqlite(_) => {}
        DbConnection::Postgres(pg) => {
            // Class 2 of the two-key locks (class 1 counts status tries).
            diesel::sql_query("SELECT pg_advisory_xact_lock(2, hashtext($1))")
                .bind::<diesel::sql_types::Text, _>(nonce_hash)
                .execute(pg)?;
        }
    }
    Ok(())
}
