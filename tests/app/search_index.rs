//! The blind search index on both backends: tips indexed under keyed
//! hashes of their grams are found by part of a word in any script,
//! across blocks and however many share a gram, forgotten with their
//! content, and waiting ones are listed; the table holds no gram's text,
//! and concurrent indexing loses no tip.

use std::collections::BTreeSet;

use diesel::prelude::*;
use tipline::db::DbConnection;
use tipline::db::schema::{tip_gram_blocks, tips};
use tipline::db::search_index::{self, SearchKey};
use tipline::domain::ids::TipId;
use tipline::domain::search::{query_grams, text_grams};
use tipline::domain::search_blocks::{BlockSet, block_of};

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
         '2026-12-01 10:00:00', 'nonce-{code}')"
    ))
    .execute(conn)
    .expect("insert a tip");
    tips::table
        .filter(tips::code.eq(code))
        .select(tips::id)
        .first(conn)
        .expect("the tip just made")
}

/// A tip with id `id`, as a database that has had that many would hold.
fn tip_numbered(conn: &mut DbConnection, id: i64) -> TipId {
    // PostgreSQL's ids are generated always, unless told.
    let overriding = match conn {
        DbConnection::Postgres(_) => "OVERRIDING SYSTEM VALUE",
        DbConnection::Sqlite(_) => "",
    };
    diesel::sql_query(format!(
        "INSERT INTO tips (id, code, passphrase_hash, category, language, \
         submitted_at, submission_nonce) {overriding} VALUES ({id}, '{id:08}', 'x', 'compound', \
         'en', '2026-12-01 10:00:00', 'nonce-{id}')"
    ))
    .execute(conn)
    .expect("insert a tip");
    TipId(id)
}

fn indexed(conn: &mut DbConnection, n: u32, text: &str) -> TipId {
    let id = tip(conn, n);
    search_index::index(conn, &key(), id, &text_grams(text)).expect("index");
    id
}

/// The candidates the index gives for `query`, in id order.
fn found(conn: &mut DbConnection, query: &str) -> Vec<TipId> {
    let query = query_grams(query).expect("a long enough query");
    search_index::candidates(conn, &key(), &query).expect("candidates")
}

/// The stored grams whose sets hold tip `id`.
fn grams_of(conn: &mut DbConnection, id: TipId) -> BTreeSet<i64> {
    let (block, offset) = block_of(id.0);
    tip_gram_blocks::table
        .filter(tip_gram_blocks::block.eq(block))
        .select((tip_gram_blocks::gram, tip_gram_blocks::members))
        .load::<(i64, Vec<u8>)>(conn)
        .expect("the block's sets")
        .into_iter()
        .filter(|(_, members)| BlockSet::decode(members).unwrap().contains(offset))
        .map(|(gram, _)| gram)
        .collect()
}

fn postings_of(conn: &mut DbConnection, id: TipId) -> usize {
    grams_of(conn, id).len()
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
}
on_both_backends!(tips_are_found_by_part_of_a_word_in_any_script);

async fn indexing_twice_changes_nothing_and_forgetting_removes_every_posting(backend: Backend) {
    let Some(database) = TestDatabase::seeded(backend) else {
        return;
    };
    let conn = &mut database.connect();
    let id = indexed(conn, 1, PASSPORTS);
    let other = indexed(conn, 2, PASSPORTS);
    let chinese = indexed(conn, 3, CHINESE);
    let grams = key().hashes(&text_grams(PASSPORTS)).len();
    assert_eq!(postings_of(conn, id), grams);

    search_index::index(conn, &key(), id, &text_grams(PASSPORTS)).unwrap();
    assert_eq!(postings_of(conn, id), grams, "indexing twice");

    search_index::forget(conn, id).unwrap();
    assert_eq!(postings_of(conn, id), 0);
    assert_eq!(found(conn, "passport"), vec![other]);
    assert_eq!(
        postings_of(conn, other),
        grams,
        "another tip's postings stay"
    );
    search_index::forget_all(conn, &[other, chinese]).unwrap();
    assert!(found(conn, "passport").is_empty());
    assert!(found(conn, "护照").is_empty());
    let rows: i64 = tip_gram_blocks::table.count().get_result(conn).unwrap();
    assert_eq!(rows, 0, "an emptied set leaves no row");
}
on_both_backends!(indexing_twice_changes_nothing_and_forgetting_removes_every_posting);

/// Enough tips to cross from a list of offsets to a bitmap, some in
/// another block far from the first.
async fn many_tips_and_blocks_share_a_gram(backend: Backend) {
    let Some(database) = TestDatabase::seeded(backend) else {
        return;
    };
    let conn = &mut database.connect();
    let mut with_word = Vec::new();
    for id in (1..=300).chain([4_095, 4_096, 9_000, 1_000_001]) {
        let tip = tip_numbered(conn, id);
        let text = if id % 7 == 0 {
            CHINESE.to_owned()
        } else {
            with_word.push(tip);
            format!("{PASSPORTS} {id}")
        };
        search_index::index(conn, &key(), tip, &text_grams(&text)).unwrap();
    }
    assert_eq!(found(conn, "golden fortune"), with_word);
    let sets: Vec<Vec<u8>> = tip_gram_blocks::table
        .filter(tip_gram_blocks::block.eq(0))
        .select(tip_gram_blocks::members)
        .load(conn)
        .unwrap();
    assert!(sets.iter().any(|members| members.len() == 512), "a bitmap");

    let gone = [with_word[0], with_word[200], TipId(4_096), TipId(1_000_001)];
    search_index::forget_all(conn, &gone).unwrap();
    let kept: Vec<TipId> = with_word
        .iter()
        .copied()
        .filter(|id| !gone.contains(id))
        .collect();
    assert_eq!(found(conn, "golden fortune"), kept);
    assert_eq!(found(conn, "护照").len(), 300 / 7 + 1);
}
on_both_backends!(many_tips_and_blocks_share_a_gram);

/// Staff sessions on several instances index at once: a set read,
/// extended and written back by two writers must not lose either's tip.
/// SQLite's app has one writer connection, so this is PostgreSQL's case.
#[test]
fn concurrent_indexing_in_one_block_loses_no_tip() {
    let Some(database) = TestDatabase::seeded(Backend::Postgres) else {
        return;
    };
    let ids: Vec<TipId> = {
        let conn = &mut database.connect();
        (1..=80).map(|n| tip(conn, n)).collect()
    };
    std::thread::scope(|scope| {
        for half in ids.chunks(40) {
            let database = &database;
            scope.spawn(move || {
                let conn = &mut database.connect();
                for id in half {
                    search_index::index(conn, &key(), *id, &text_grams(PASSPORTS)).unwrap();
                }
            });
        }
    });
    let conn = &mut database.connect();
    assert_eq!(found(conn, "passport"), ids);
}

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
    let stored = grams_of(conn, id);
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

/// A word in more tips than a search reads by id (20,000): the search
/// walks the queue instead, and still gives the page in queue order, only
/// tips whose words truly hold the query, and the next page after it.
async fn a_word_in_very_many_tips_is_found_in_queue_order(backend: Backend) {
    use tipline::db::search_index::{BlockRow, upsert};
    use tipline::db::tips::{self, AssigneeFilter, QueueFilter, StatusFilter};
    use tipline::vault::{OpeningKey, TipContent};

    let Some(database) = TestDatabase::seeded(backend) else {
        return;
    };
    let conn = &mut database.connect();
    let org = OpeningKey::generate();
    let sealing = org.sealing_key();
    const TIPS: i64 = 20_500;
    // Every tip's grams hold "passport"; one in ten says "passpo rt" and
    // is only a candidate. Priorities cycle so that queue order is not id
    // order.
    let text = |id: i64| {
        if id % 10 == 0 {
            "passpo rt, pass port, sport pass".to_owned()
        } else {
            format!("passport {id}")
        }
    };
    let overriding = match conn {
        DbConnection::Postgres(_) => "OVERRIDING SYSTEM VALUE",
        DbConnection::Sqlite(_) => "",
    };
    let ids: Vec<i64> = (1..=TIPS).collect();
    for chunk in ids.chunks(500) {
        let values: Vec<String> = chunk
            .iter()
            .map(|&id| {
                // Sealing is slow in a debug build: only the tips the two
                // pages can reach (the first of priority 6) are sealed; the
                // rest hold bytes that open to nothing, so a search that
                // opened them would show too few.
                let sealed = if id % 7 == 6 && id < 2_000 {
                    TipContent {
                        description: text(id),
                        landmark: String::new(),
                        point: None,
                    }
                    .seal(&sealing, TipId(id))
                } else {
                    vec![0]
                };
                let hex: String = sealed.iter().map(|b| format!("{b:02x}")).collect();
                let bytes = match conn {
                    DbConnection::Postgres(_) => format!("'\\x{hex}'::bytea"),
                    DbConnection::Sqlite(_) => format!("X'{hex}'"),
                };
                format!(
                    "({id}, '{id:08}', 'x', 'compound', {bytes}, 'en', \
                     '2026-12-01 10:00:00', 'n{id}', {})",
                    id % 7
                )
            })
            .collect();
        diesel::sql_query(format!(
            "INSERT INTO tips (id, code, passphrase_hash, category, sealed, language, \
             submitted_at, submission_nonce, priority) {overriding} VALUES {}",
            values.join(",")
        ))
        .execute(conn)
        .unwrap();
    }
    // The index as indexing each tip would leave it, written set by set.
    let key = SearchKey::of_organisation(&org);
    let mut sets: std::collections::BTreeMap<(i64, i64), BlockSet> = Default::default();
    for &id in &ids {
        let (block, offset) = block_of(id);
        for gram in key.hashes(&text_grams(&text(id))) {
            sets.entry((gram, block))
                .or_insert_with(BlockSet::empty)
                .insert(offset);
        }
    }
    let rows: Vec<BlockRow> = sets
        .into_iter()
        .map(|((gram, block), set)| BlockRow {
            gram,
            block,
            members: set.encode(),
        })
        .collect();
    for chunk in rows.chunks(300) {
        upsert(conn, chunk).unwrap();
    }
    let query = query_grams("passport").unwrap();
    let candidates = search_index::candidates(conn, &key, &query).unwrap();
    assert_eq!(
        candidates.len(),
        20_500,
        "more candidates than are read by id"
    );

    let filter = QueueFilter {
        status: StatusFilter::Any,
        category: None,
        province: None,
        assignee: AssigneeFilter::Anyone,
        keyword: Some("passport".to_owned()),
        from: None,
        to: None,
        has_photos: None,
        language: None,
    };
    // Queue order: priority 6 first, then by id; tips ending in 0 do not
    // hold the word.
    let mut expected: Vec<TipId> = ids
        .iter()
        .copied()
        .filter(|id| id % 10 != 0)
        .map(TipId)
        .collect();
    expected.sort_by_key(|id| (std::cmp::Reverse(id.0 % 7), id.0));
    let page = tips::queue(conn, &filter, None, 51, Some(&org)).unwrap();
    let shown: Vec<TipId> = page.iter().map(|row| row.id).collect();
    assert_eq!(shown, expected[..51]);
    let next = tips::queue(conn, &filter, Some(page[50].cursor()), 51, Some(&org)).unwrap();
    let shown: Vec<TipId> = next.iter().map(|row| row.id).collect();
    assert_eq!(shown, expected[51..102]);
}
on_both_backends!(a_word_in_very_many_tips_is_found_in_queue_order);
