//! The blind search index: for each tip, the keyed hashes of its words'
//! grams (`domain::search`), so reviewers find tips by a word without the
//! database holding a word. A submission has no session and so no search
//! key: its tip waits in `search_pending` until a staff session indexes
//! it.
//!
//! Postings are kept by blocks of tip ids (`domain::search_blocks`): a
//! row per gram and block holds the set of that block's tips with the
//! gram. A search reads every row of its grams (at most one per block
//! each, a few hundred at a million tips) and intersects the sets in
//! memory, so it costs the same for a rare word as for a common one.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use diesel::dsl::exists;
use diesel::prelude::*;
use diesel::upsert::excluded;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroize;

use super::schema::{search_pending, tip_gram_blocks};
use super::{DbConnection, DbError};
use crate::domain::ids::TipId;
use crate::domain::search::QueryGrams;
use crate::domain::search_blocks::{BlockSet, block_of, tip_at};
use crate::vault::OpeningKey;

/// The backend that queries on [`DbConnection`] are built for.
pub type Backend = <DbConnection as Connection>::Backend;

/// The key of the index's hashes, derived from the organisation key: whoever
/// lacks it cannot hash a guessed word to find its tips.
pub struct SearchKey([u8; 32]);

impl SearchKey {
    pub fn new(bytes: [u8; 32]) -> SearchKey {
        SearchKey(bytes)
    }

    /// The key the organisation key `org` derives for the index.
    pub fn of_organisation(org: &OpeningKey) -> SearchKey {
        SearchKey(org.derive("search"))
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

/// Rows written per INSERT: well under SQLite's bound on parameters.
const ROWS_PER_INSERT: usize = 300;

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

/// Adds tip `tip_id` to the sets of `grams` (its text's
/// [`text_grams`](crate::domain::search::text_grams)) and takes it off the
/// pending list. A tip's text never changes, so indexing it twice gives
/// the same rows.
pub fn index(
    conn: &mut DbConnection,
    key: &SearchKey,
    tip_id: TipId,
    grams: &BTreeSet<String>,
) -> Result<(), DbError> {
    let hashes: Vec<i64> = key.hashes(grams).into_iter().collect();
    let (block, offset) = block_of(tip_id.0);
    conn.transaction(|conn| {
        lock_block(conn, block)?;
        let mut sets: BTreeMap<i64, BlockSet> = BTreeMap::new();
        for chunk in hashes.chunks(ROWS_PER_INSERT) {
            let stored: Vec<(i64, Vec<u8>)> = tip_gram_blocks::table
                .filter(tip_gram_blocks::block.eq(block))
                .filter(tip_gram_blocks::gram.eq_any(chunk))
                .select((tip_gram_blocks::gram, tip_gram_blocks::members))
                .load(conn)?;
            for (gram, members) in stored {
                sets.insert(gram, decode(&members)?);
            }
        }
        for gram in &hashes {
            sets.entry(*gram)
                .or_insert_with(BlockSet::empty)
                .insert(offset);
        }
        let rows: Vec<BlockRow> = sets
            .into_iter()
            .map(|(gram, set)| BlockRow {
                gram,
                block,
                members: set.encode(),
            })
            .collect();
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            upsert(conn, chunk)?;
        }
        diesel::delete(search_pending::table.find(tip_id)).execute(conn)?;
        Ok(())
    })
}

/// One stored set: the tips of `block` that have `gram`.
#[derive(Insertable)]
#[diesel(table_name = tip_gram_blocks)]
pub struct BlockRow {
    pub gram: i64,
    pub block: i64,
    pub members: Vec<u8>,
}

/// Writes `rows` over the stored sets of their gram and block: a
/// multi-row statement per backend (which the connection enum cannot run),
/// and SQLite's REPLACE since diesel has no multi-row upsert for it.
pub fn upsert(conn: &mut DbConnection, rows: &[BlockRow]) -> Result<(), DbError> {
    match conn {
        DbConnection::Sqlite(conn) => diesel::replace_into(tip_gram_blocks::table)
            .values(rows)
            .execute(conn)?,
        DbConnection::Postgres(conn) => diesel::insert_into(tip_gram_blocks::table)
            .values(rows)
            .on_conflict((tip_gram_blocks::gram, tip_gram_blocks::block))
            .do_update()
            .set(tip_gram_blocks::members.eq(excluded(tip_gram_blocks::members)))
            .execute(conn)?,
    };
    Ok(())
}

/// Holds the sets of `block` until the transaction ends. Reading a set,
/// adding a tip and writing it back must not interleave with another
/// writer's: SQLite has one writer, PostgreSQL takes a lock per block.
fn lock_block(conn: &mut DbConnection, block: i64) -> Result<(), DbError> {
    if let DbConnection::Postgres(conn) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1, $2)")
            .bind::<diesel::sql_types::Integer, _>(BLOCK_LOCKS)
            .bind::<diesel::sql_types::Integer, _>(i32::try_from(block).unwrap_or(i32::MAX))
            .execute(conn)?;
    }
    Ok(())
}

/// The first key of the index's advisory locks, so that they name no
/// other lock of the database ("TG" for tip grams).
const BLOCK_LOCKS: i32 = 0x5447;

fn decode(stored: &[u8]) -> Result<BlockSet, DbError> {
    BlockSet::decode(stored).map_err(|malformed| super::corrupt(malformed.to_string()))
}

/// Takes tip `tip_id` out of every set and off the pending list: what its
/// content said is no longer in the index once the content goes.
pub fn forget(conn: &mut DbConnection, tip_id: TipId) -> Result<(), DbError> {
    forget_all(conn, &[tip_id])
}

/// [`forget`] for several tips, reading each block's sets once. No row
/// names a tip, so every set of its block is read to find its.
pub fn forget_all(conn: &mut DbConnection, tip_ids: &[TipId]) -> Result<(), DbError> {
    let mut by_block: BTreeMap<i64, Vec<u16>> = BTreeMap::new();
    for tip_id in tip_ids {
        let (block, offset) = block_of(tip_id.0);
        by_block.entry(block).or_default().push(offset);
    }
    conn.transaction(|conn| {
        for (block, offsets) in by_block {
            lock_block(conn, block)?;
            let stored: Vec<(i64, Vec<u8>)> = tip_gram_blocks::table
                .filter(tip_gram_blocks::block.eq(block))
                .select((tip_gram_blocks::gram, tip_gram_blocks::members))
                .load(conn)?;
            let (mut emptied, mut changed) = (Vec::new(), Vec::new());
            for (gram, members) in stored {
                let mut set = decode(&members)?;
                if !offsets.iter().any(|offset| set.contains(*offset)) {
                    continue;
                }
                for offset in &offsets {
                    set.remove(*offset);
                }
                if set.is_empty() {
                    emptied.push(gram);
                } else {
                    changed.push(BlockRow {
                        gram,
                        block,
                        members: set.encode(),
                    });
                }
            }
            for chunk in emptied.chunks(ROWS_PER_INSERT) {
                diesel::delete(
                    tip_gram_blocks::table
                        .filter(tip_gram_blocks::block.eq(block))
                        .filter(tip_gram_blocks::gram.eq_any(chunk)),
                )
                .execute(conn)?;
            }
            for chunk in changed.chunks(ROWS_PER_INSERT) {
                upsert(conn, chunk)?;
            }
        }
        for chunk in tip_ids.chunks(ROWS_PER_INSERT) {
            diesel::delete(search_pending::table.filter(search_pending::tip_id.eq_any(chunk)))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// The tips indexed under every gram of `query`, ascending. They are
/// candidates: every indexed tip whose text matches is among them, and
/// [`matches`] on the decrypted text tells which truly do.
///
/// [`matches`]: crate::domain::search::matches
pub fn candidates(
    conn: &mut DbConnection,
    key: &SearchKey,
    query: &QueryGrams,
) -> Result<Vec<TipId>, DbError> {
    let hashes: Vec<i64> = key.hashes(query.grams()).into_iter().collect();
    let stored: Vec<(i64, i64, Vec<u8>)> = tip_gram_blocks::table
        .filter(tip_gram_blocks::gram.eq_any(&hashes))
        .select((
            tip_gram_blocks::block,
            tip_gram_blocks::gram,
            tip_gram_blocks::members,
        ))
        .order((tip_gram_blocks::block.asc(), tip_gram_blocks::gram.asc()))
        .load(conn)?;
    let mut found = Vec::new();
    for block_rows in stored.chunk_by(|a, b| a.0 == b.0) {
        // A block lacking one of the grams holds no candidate.
        if block_rows.len() < hashes.len() {
            continue;
        }
        let mut set = decode(&block_rows[0].2)?;
        for (_, _, members) in &block_rows[1..] {
            set.intersect(&decode(members)?);
        }
        let block = block_rows[0].0;
        found.extend(set.offsets().map(|offset| TipId(tip_at(block, offset))));
    }
    Ok(found)
}
