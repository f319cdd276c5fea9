//! The blind search index on both backends: tips indexed under keyed
//! hashes of their grams are found by part of a word in any script,
//! forgotten with their content, and waiting ones are listed; the table
//! holds no gram's text.

use std::collections::BTreeSet;

use diesel::prelude::*;
use tipline::db::DbConnection;
use tipline::db::schema::{tip_grams, tips};
use tipline::db::search_index::{self, SearchKey};
use tipline::domain::ids::TipId;
use tipline::domain::search::{query_grams, text_grams};

use crate::helpers::{Backend, TestDatabase, on_both_backends};

const PASSPORTS: &str = "They keep our passports at the Golden Fortune casino, blue gate";
const KHMER: &str = "មានកាស៊ីណូធំមួយនៅភ្នំពេញ គេយកលិខិតឆ្លងដែន";
const CHINESE: &str = "他们在金边的赌场扣了我们的护照";

fn key() -> SearchKey {
    SearchKey::new([7; 32])
}

/// A tip with nothing but what the schema requires; its words live only
/// in the index here.
fn tip(conn: &mut DbConnection, n: u32) -> TipId {
    let code = format!("srch{n:04}");
    diesel::sql_query(format!(
        "INSERT INTO tips (code, passphrase_hash, category, language, \
         submitted_at, submission_nonce) VALUES ('{code}', 'x', 'compound', 'en', \
         '2026-12-01 10:0{n}:00', 'nonce-{code}')"
    ))
    .execute(conn)
    .expect("insert a tip");
    tips::table
        .filter(tips::code.eq(code))
        .select(tips::id)
        .first(conn)
        .expect("the tip just made")
}

fn indexed(conn: &mut DbConnection, n: u32, text: &str) -> TipId {
    let id = tip(conn, n);
    search_index::index(conn, &key(), id, &text_grams(text)).expect("index");
    id
}

/// What the queue would list for `query`: the candidates, in id order.
fn found(conn: &mut DbConnection, query: &str) -> Vec<TipId> {
    let query = query_grams(query).expect("a long enough query");
    let candidates = search_index::candidates(conn, &key(), &query).expect("candidates");
    // Boxed, as the queue's query is.
    tips::table
        .into_boxed::<search_index::Backend>()
        .filter(tips::id.eq_any(candidates.tip_ids()))
        .order(tips::id.asc())
        .select(tips::id)
        .load(conn)
        .expect("tips among the candidates")
}

fn postings_of(conn: &mut DbConnection, id: TipId) -> i64 {
    tip_grams::table
        .filter(tip_grams::tip_id.eq(id))
        .count()
        .get_result(conn)
        .expect("count postings")
}

async fn tips_are_found_by_part_of_a_word_in_any_script(backend: Backend) {
    let Some(database) = TestDatabase::seeded(backend) else {
        return;
    };
    let conn = &mut database.connect();
    let latin = indexed(conn, 1, PASSPORTS);
    let khmer = indexed(conn, 2, KHMER);
    let chinese = indexed(conn, 3, CHINESE);
    let mixed = indexed(conn, 4, &format!("{KHMER}\n{PASSPORTS}"));

    assert_eq!(found(conn, "PASSPORT"), vec![latin, mixed]);
    assert_eq!(found(conn, "fortune cas"), vec![latin, mixed]);
    assert_eq!(found(conn, "កាស៊ីណូ"), vec![khmer, mixed]);
    assert_eq!(found(conn, "ភ្នំពេញ"), vec![khmer, mixed]);
    assert_eq!(found(conn, "护照"), vec![chinese]);
    assert!(found(conn, "zeppelin").is_empty());
    assert!(found(conn, "ភ្នំពេញថ្មី").is_empty());

    let query = query_grams("passport").unwrap();
    let candidates = search_index::candidates(conn, &key(), &query).unwrap();
    assert_eq!(candidates.count(conn, 10).unwrap(), 2);
    assert_eq!(candidates.count(conn, 1).unwrap(), 1);
}
on_both_backends!(tips_are_found_by_part_of_a_word_in_any_script);

async fn indexing_again_replaces_and_forgetting_removes_every_posting(backend: Backend) {
    let Some(database) = TestDatabase::seeded(backend) else {
        return;
    };
    let conn = &mut database.connect();
    let id = indexed(conn, 1, PASSPORTS);
    let other = indexed(conn, 2, PASSPORTS);
    let grams = key().hashes(&text_grams(PASSPORTS)).len() as i64;
    assert_eq!(postings_of(conn, id), grams);

    search_index::index(conn, &key(), id, &text_grams(PASSPORTS)).unwrap();
    assert_eq!(postings_of(conn, id), grams, "indexing twice");
    search_index::index(conn, &key(), id, &text_grams(CHINESE)).unwrap();
    assert_eq!(found(conn, "passport"), vec![other]);
    assert_eq!(found(conn, "护照"), vec![id]);

    search_index::forget(conn, id).unwrap();
    assert_eq!(postings_of(conn, id), 0);
    assert!(found(conn, "护照").is_empty());
    assert_eq!(
        postings_of(conn, other),
        grams,
        "another tip's postings stay"
    );
}
on_both_backends!(indexing_again_replaces_and_forgetting_removes_every_posting);

async fn waiting_tips_are_listed_oldest_first_until_indexed_or_forgotten(backend: Backend) {
    let Some(database) = TestDatabase::seeded(backend) else {
        return;
    };
    let conn = &mut database.connect();
    let ids: Vec<TipId> = (1..=3).map(|n| tip(conn, n)).collect();
    for &id in ids.iter().rev() {
        search_index::mark_pending(conn, id).unwrap();
    }
    search_index::mark_pending(conn, ids[0]).unwrap();
    assert_eq!(search_index::pending(conn, 10).unwrap(), ids);
    assert_eq!(search_index::pending(conn, 2).unwrap(), ids[..2]);

    search_index::index(conn, &key(), ids[0], &text_grams(PASSPORTS)).unwrap();
    search_index::forget(conn, ids[1]).unwrap();
    assert_eq!(search_index::pending(conn, 10).unwrap(), ids[2..]);
}
on_both_backends!(waiting_tips_are_listed_oldest_first_until_indexed_or_forgotten);

async fn the_index_holds_keyed_hashes_not_grams(backend: Backend) {
    let Some(database) = TestDatabase::seeded(backend) else {
        return;
    };
    let conn = &mut database.connect();
    let id = indexed(conn, 1, PASSPORTS);
    let stored: BTreeSet<i64> = tip_grams::table
        .filter(tip_grams::tip_id.eq(id))
        .select(tip_grams::gram)
        .load::<i64>(conn)
        .unwrap()
        .into_iter()
        .collect();
    let grams = text_grams(PASSPORTS);
    assert_eq!(stored, key().hashes(&grams));

    // Neither the gram's bytes nor an unkeyed hash, nor another key's.
    let another = SearchKey::new([8; 32]).hashes(&grams);
    assert!(stored.is_disjoint(&another));
    let unkeyed: BTreeSet<i64> = grams
        .iter()
        .flat_map(|gram| {
            use sha2::Digest;
            let mut padded = [0u8; 8];
            let bytes = gram.as_bytes();
            padded[..bytes.len().min(8)].copy_from_slice(&bytes[..bytes.len().min(8)]);
            let digest = sha2::Sha256::digest(bytes);
            [
                i64::from_be_bytes(padded),
                i64::from_le_bytes(padded),
                i64::from_be_bytes(digest[..8].try_into().unwrap()),
            ]
        })
        .collect();
    assert!(stored.is_disjoint(&unkeyed));
    assert!(format!("{:?}", key()).contains("redacted"));
}
on_both_backends!(the_index_holds_keyed_hashes_not_grams);
