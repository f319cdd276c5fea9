//! The blind search index: for each tip, the keyed hashes of its words'
//! grams (`domain::search`), so reviewers find tips by a word without the
//! database holding a word. A submission has no session and so no search
//! key: its tip waits in `search_pending` until a staff session indexes
//! it.
//!
//! A search reads the postings of the query's rarest gram and checks the
//! others one tip at a time by primary key, so its cost follows the
//! rarest gram, not the most common one (INTERSECT would read every
//! posting of every gram, hundreds of thousands for a common gram). The
//! rarest is found by counting each gram's postings up to a cap.

use std::collections::BTreeSet;
use std::fmt;

use diesel::dsl::exists;
use diesel::prelude::*;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroize;

use super::schema::{search_pending, tip_grams};
use super::{DbConnection, DbError};
use crate::domain::ids::TipId;
use crate::domain::search::QueryGrams;

/// The backend that queries on [`DbConnection`] are built for.
pub type Backend = <DbConnection as Connection>::Backend;

/// The key of the index's hashes, derived from the organisation key: whoever
/// lacks it cannot hash a guessed word to find its tips.
pub struct SearchKey([u8; 32]);

impl SearchKey {
    pub fn new(bytes: [u8; 32]) -> SearchKey {
        SearchKey(bytes)
    }

    /// What the index stores for `gram`: the first 8 bytes of
    /// HMAC-SHA-256 under this key.
    pub fn hash(&self, gram: &str) -> i64 {
        let mut mac = <Hmac<Sha256>>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(gram.as_bytes());
        let tag = mac.finalize().into_bytes();
        let mut first = [0u8; 8];
        first.copy_from_slice(&tag[..8]);
        i64::from_be_bytes(first)
    }

    /// The distinct hashes of `grams` (two grams may share one).
    pub fn hashes<'a>(&self, grams: impl IntoIterator<Item = &'a String>) -> BTreeSet<i64> {
        grams.into_iter().map(|gram| self.hash(gram)).collect()
    }
}

impl fmt::Debug for SearchKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SearchKey(redacted)")
    }
}

impl Drop for SearchKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// Postings written per INSERT: well under SQLite's bound on parameters.
const ROWS_PER_INSERT: usize = 500;

/// Counting a gram's postings stops here: past it a gram is common, and
/// which of two common grams is rarer matters less than the cost of
/// counting them.
const RAREST_COUNT_CAP: i64 = 4_096;

/// Notes that tip `tip_id` waits to be indexed. Marking it again changes
/// nothing.
pub fn mark_pending(conn: &mut DbConnection, tip_id: TipId) -> Result<(), DbError> {
    conn.transaction(|conn| {
        let marked: bool =
            diesel::select(exists(search_pending::table.find(tip_id))).get_result(conn)?;
        if !marked {
            diesel::insert_into(search_pending::table)
                .values(search_pending::tip_id.eq(tip_id))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// Up to `limit` tips waiting to be indexed, oldest first.
pub fn pending(conn: &mut DbConnection, limit: i64) -> Result<Vec<TipId>, DbError> {
    Ok(search_pending::table
        .select(search_pending::tip_id)
        .order(search_pending::tip_id.asc())
        .limit(limit)
        .load(conn)?)
}

/// Writes the postings of tip `tip_id` under `grams` (its text's
/// [`text_grams`](crate::domain::search::text_grams)), replacing any it
/// had, and takes it off the pending list: indexing twice gives the same
/// rows.
pub fn index(
    conn: &mut DbConnection,
    key: &SearchKey,
    tip_id: TipId,
    grams: &BTreeSet<String>,
) -> Result<(), DbError> {
    let rows: Vec<_> = key
        .hashes(grams)
        .into_iter()
        .map(|gram| (tip_grams::gram.eq(gram), tip_grams::tip_id.eq(tip_id)))
        .collect();
    conn.transaction(|conn| {
        diesel::delete(tip_grams::table.filter(tip_grams::tip_id.eq(tip_id))).execute(conn)?;
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            insert_postings(conn, chunk)?;
        }
        diesel::delete(search_pending::table.find(tip_id)).execute(conn)?;
        Ok(())
    })
}

type Posting = (
    diesel::dsl::Eq<tip_grams::gram, i64>,
    diesel::dsl::Eq<tip_grams::tip_id, TipId>,
);

/// One multi-row INSERT, which the connection enum cannot run: the same
/// statement per backend.
fn insert_postings(conn: &mut DbConnection, rows: &[Posting]) -> Result<(), DbError> {
    let insert = diesel::insert_into(tip_grams::table).values(rows);
    match conn {
        DbConnection::Sqlite(conn) => insert.execute(conn)?,
        DbConnection::Postgres(conn) => insert.execute(conn)?,
    };
    Ok(())
}

/// Deletes the postings of tip `tip_id` and its pending mark: what its
/// content said is no longer in the index once the content goes.
pub fn forget(conn: &mut DbConnection, tip_id: TipId) -> Result<(), DbError> {
    conn.transaction(|conn| {
        diesel::delete(tip_grams::table.filter(tip_grams::tip_id.eq(tip_id))).execute(conn)?;
        diesel::delete(search_pending::table.find(tip_id)).execute(conn)?;
        Ok(())
    })
}

diesel::alias!(tip_grams as other_grams: OtherGrams);

/// The tips indexed under every gram of a query, as a subquery of tip
/// ids: `tips::id.eq_any(candidates.tip_ids())` inside the queue's own
/// boxed query keeps its filters, order and limit (the subquery is built
/// for the connection enum's backend, so the outer query must be boxed
/// too). They are candidates: every
/// tip whose text matches is among them, and [`matches`] on the decrypted
/// text tells which truly do.
///
/// [`matches`]: crate::domain::search::matches
#[derive(Clone, Debug)]
pub struct Candidates {
    rarest: i64,
    others: Vec<i64>,
}

/// The candidates for `query`, with its rarest gram found.
pub fn candidates(
    conn: &mut DbConnection,
    key: &SearchKey,
    query: &QueryGrams,
) -> Result<Candidates, DbError> {
    let mut counted = Vec::new();
    for gram in key.hashes(query.grams()) {
        let postings: Vec<TipId> = tip_grams::table
            .filter(tip_grams::gram.eq(gram))
            .select(tip_grams::tip_id)
            .limit(RAREST_COUNT_CAP)
            .load(conn)?;
        counted.push((postings.len(), gram));
    }
    counted.sort_unstable();
    let mut grams = counted.into_iter().map(|(_, gram)| gram);
    let rarest = grams
        .next()
        .expect("a query has at least one gram (QueryGrams)");
    Ok(Candidates {
        rarest,
        others: grams.collect(),
    })
}

/// `SELECT tip_id FROM tip_grams WHERE gram = <rarest> AND (SELECT count(*)
/// of the same tip's postings under the others) = <their number>`: one
/// shape whatever the number of grams, so that it is a plain subquery the
/// queue's boxed query can hold (a boxed subquery cannot sit in a query
/// on the connection enum), and each candidate costs a few lookups by
/// primary key.
#[diesel::dsl::auto_type]
fn candidate_ids(rarest: i64, others: Vec<i64>, count: i64) -> _ {
    let under_others = other_grams
        .filter(other_grams.field(tip_grams::tip_id).eq(tip_grams::tip_id))
        .filter(other_grams.field(tip_grams::gram).eq_any(others))
        .select(diesel::dsl::count_star())
        .single_value();
    tip_grams::table
        .filter(tip_grams::gram.eq(rarest))
        .filter(under_others.eq(count))
        .select(tip_grams::tip_id)
}

impl Candidates {
    /// The candidates' ids, as a subquery.
    pub fn tip_ids(&self) -> candidate_ids {
        let count = i64::try_from(self.others.len()).expect("a query's grams fit in i64");
        candidate_ids(self.rarest, self.others.clone(), count)
    }

    /// How many tips are candidates, counted up to `cap`.
    pub fn count(&self, conn: &mut DbConnection, cap: i64) -> Result<i64, DbError> {
        let found: Vec<TipId> = self.tip_ids().limit(cap).load(conn)?;
        Ok(i64::try_from(found.len()).unwrap_or(i64::MAX))
    }
}
