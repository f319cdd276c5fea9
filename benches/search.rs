//! Blind search benchmark: `cargo bench --bench search` (SQLite and
//! PostgreSQL on 127.0.0.1:5432, trust auth; `SEARCH_BENCH_TIPS` sets the
//! number of tips, 1,000,000 by default; `SEARCH_BENCH_POSTGRES` the admin
//! URL).
//!
//! It writes tips with descriptions of 200–400 characters, Khmer or Latin
//! words with a tenth from the other script, drawn from two vocabularies
//! by a 1/rank law, plus rare words planted in 1–10 tips each. The tips
//! table has only the columns the queue's order needs (the real one is
//! changing); the index's tables are made by the migration's own SQL, and
//! its rows are the library's: `text_grams` of each description, hashed
//! with `SearchKey::hash`, bulk-inserted in key order. Then it times what
//! a search costs: `search_index::candidates`, the first page of 24 tips in
//! queue order (urgent, priority, submitted, id) through a boxed query as
//! the queue's, and the candidates counted up to 1,000. It prints the
//! seeding time, the index's size on disk, and p50/p99 of rare, absent
//! and common (~1 % of tips) words in each script. It asserts nothing.
//! The PostgreSQL database is its own, dropped at the end.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt};
use tipline::db::DbConnection;
use tipline::db::schema::tips;
use tipline::db::search_index::{self, Backend, SearchKey};
use tipline::domain::ids::TipId;
use tipline::domain::search::{query_grams, text_grams};

const PAGE: i64 = 24;
const COUNT_CAP: i64 = 1_000;
const RUNS: usize = 40;
const RARE_WORDS: usize = 10;
const LATIN_VOCABULARY: usize = 30_000;
const KHMER_VOCABULARY: usize = 30_000;
const ROWS_PER_INSERT: usize = 1_000;

fn main() {
    let tips_wanted: usize = std::env::var("SEARCH_BENCH_TIPS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    println!("search benchmark: {tips_wanted} tips");
    let started = Instant::now();
    let seed = Seed::generate(tips_wanted);
    println!(
        "generated {} tips ({:.0} characters on average), {} postings ({:.0} per tip) in {:.1} s",
        seed.tips.len(),
        seed.characters as f64 / seed.tips.len() as f64,
        seed.postings.len(),
        seed.postings.len() as f64 / seed.tips.len() as f64,
        started.elapsed().as_secs_f64()
    );
    for (script, words) in [("Latin", &seed.latin), ("Khmer", &seed.khmer)] {
        println!(
            "  {script}: common word in {} tips, rare words in {:?} tips",
            words.common_tips, words.rare_tips
        );
    }

    let dir = tempfile::tempdir_in("/work").expect("a temporary directory");
    let path = dir.path().join("search.db");
    let mut sqlite = DbConnection::Sqlite(
        SqliteConnection::establish(&path.to_string_lossy()).expect("an SQLite file"),
    );
    let seeding = Instant::now();
    seed_sqlite(&mut sqlite, &seed);
    let seeding = seeding.elapsed();
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    println!(
        "\n== SQLite: seeded in {:.1} s; file {:.0} MB (tip_grams and its index {:.0} MB)",
        seeding.as_secs_f64(),
        size as f64 / 1e6,
        sqlite_index_bytes(&mut sqlite) as f64 / 1e6
    );
    run_cases(&mut sqlite, &seed);
    drop(sqlite);
    drop(dir);

    let admin = std::env::var("SEARCH_BENCH_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    let Ok(mut admin_conn) = PgConnection::establish(&admin) else {
        println!("\nPostgreSQL: no server at {admin}, not measured");
        return;
    };
    let name = format!("tipline_search_bench_{}", std::process::id());
    admin_conn
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create the bench database");
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    let mut pg = DbConnection::Postgres(
        PgConnection::establish(&format!("{base}/{name}")).expect("the bench database"),
    );
    let seeding = Instant::now();
    seed_postgres(&mut pg, &seed);
    println!(
        "\n== PostgreSQL: seeded in {:.1} s (with VACUUM ANALYZE); tip_grams {:.0} MB \
         (pg_total_relation_size)",
        seeding.elapsed().as_secs_f64(),
        pg_index_bytes(&mut pg) as f64 / 1e6
    );
    run_cases(&mut pg, &seed);
    drop(pg);
    admin_conn
        .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .expect("drop the bench database");
    println!(
        "\ntargets: rare and absent words under 50 ms p99; a common word's first page under \
         200 ms p99. Each case: {RUNS} searches over its words after one warm-up each."
    );
}

// ---------------------------------------------------------------- the seed

/// A tip as the queue orders it.
struct Tip {
    urgent: bool,
    priority: i32,
    minute: i64,
}

/// The words searched for in one script.
struct Words {
    common: String,
    common_tips: usize,
    rare: Vec<String>,
    rare_tips: Vec<usize>,
    absent: Vec<String>,
}

struct Seed {
    tips: Vec<Tip>,
    /// (gram hash, tip id), sorted: the primary key's order.
    postings: Vec<(i64, i64)>,
    characters: usize,
    latin: Words,
    khmer: Words,
}

fn key() -> SearchKey {
    SearchKey::new([0x5e; 32])
}

impl Seed {
    fn generate(count: usize) -> Seed {
        let mut dice = Dice(0x7365_6172_6368_2121);
        let latin_words: Vec<String> = unique(LATIN_VOCABULARY, latin_word, &mut dice);
        let khmer_words: Vec<String> = unique(KHMER_VOCABULARY, khmer_word, &mut dice);
        let law = RankLaw::new(LATIN_VOCABULARY);
        let vocabulary: BTreeSet<&String> = latin_words.iter().chain(&khmer_words).collect();
        let fresh = |dice: &mut Dice, make: fn(&mut Dice) -> String, n: usize| {
            let mut out = Vec::new();
            while out.len() < n {
                let word = make(dice);
                if !vocabulary.contains(&word) && !out.contains(&word) {
                    out.push(word);
                }
            }
            out
        };
        let rare_latin = fresh(&mut dice, |d| latin_word(d) + "ix", RARE_WORDS);
        let rare_khmer = fresh(&mut dice, khmer_word, RARE_WORDS);
        let absent_latin = fresh(&mut dice, |d| latin_word(d) + "ux", RARE_WORDS);
        let absent_khmer = fresh(&mut dice, khmer_word, RARE_WORDS);
        // Rare word i goes into i + 1 tips.
        let mut planted: HashMap<usize, Vec<&String>> = HashMap::new();
        for (i, word) in rare_latin.iter().chain(&rare_khmer).enumerate() {
            for _ in 0..=(i % RARE_WORDS) {
                planted
                    .entry(dice.below(count as u64) as usize)
                    .or_default()
                    .push(word);
            }
        }

        let mut hashes: HashMap<String, i64> = HashMap::new();
        let key = key();
        let mut postings = Vec::new();
        let mut tips = Vec::with_capacity(count);
        let mut characters = 0;
        let mut latin_counts = vec![0usize; LATIN_VOCABULARY];
        let mut khmer_counts = vec![0usize; KHMER_VOCABULARY];
        for i in 0..count {
            let khmer_tip = dice.percent(50);
            let length = 200 + dice.below(201) as usize;
            let mut text = String::new();
            let mut used: BTreeSet<(bool, usize)> = BTreeSet::new();
            let mut phrase = 0;
            while text.chars().count() < length {
                let khmer = khmer_tip != dice.percent(10);
                let rank = dice.ranked(&law);
                used.insert((khmer, rank));
                if khmer {
                    text.push_str(&khmer_words[rank]);
                    // Khmer spaces phrases, not words.
                    phrase += 1;
                    if phrase >= 2 + dice.below(3) {
                        text.push(' ');
                        phrase = 0;
                    }
                } else {
                    if !text.is_empty() && !text.ends_with(' ') {
                        text.push(' ');
                    }
                    text.push_str(&latin_words[rank]);
                    text.push(if dice.percent(10) { ',' } else { ' ' });
                }
            }
            for word in planted.get(&i).into_iter().flatten() {
                text.push(' ');
                text.push_str(word);
            }
            for (khmer, rank) in used {
                if khmer {
                    khmer_counts[rank] += 1;
                } else {
                    latin_counts[rank] += 1;
                }
            }
            characters += text.chars().count();
            let id = i as i64 + 1;
            let mut tip_hashes = BTreeSet::new();
            for gram in text_grams(&text) {
                let hash = *hashes.entry(gram).or_insert_with_key(|g| key.hash(g));
                tip_hashes.insert(hash);
            }
            postings.extend(tip_hashes.into_iter().map(|h| (h, id)));
            tips.push(Tip {
                urgent: dice.percent(3),
                priority: dice.below(100) as i32,
                minute: dice.below(525_600) as i64,
            });
        }
        postings.sort_unstable();
        let words = |vocabulary: &[String], counts: &[usize], rare: Vec<String>, absent| {
            let target = count / 100;
            let common = (0..counts.len())
                .min_by_key(|&r| counts[r].abs_diff(target))
                .expect("a vocabulary");
            Words {
                common: vocabulary[common].clone(),
                common_tips: counts[common],
                rare_tips: (1..=RARE_WORDS).collect(),
                rare,
                absent,
            }
        };
        Seed {
            latin: words(&latin_words, &latin_counts, rare_latin, absent_latin),
            khmer: words(&khmer_words, &khmer_counts, rare_khmer, absent_khmer),
            tips,
            postings,
            characters,
        }
    }
}

fn unique(n: usize, make: impl Fn(&mut Dice) -> String, dice: &mut Dice) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let word = make(dice);
        if seen.insert(word.clone()) {
            out.push(word);
        }
    }
    out
}

/// 3–10 letters drawn by their frequency in English text, so that, as in
/// real words, some 3-grams are common and most are rare.
fn latin_word(dice: &mut Dice) -> String {
    const LETTERS: &[(char, u64)] = &[
        ('e', 127),
        ('t', 91),
        ('a', 82),
        ('o', 75),
        ('i', 70),
        ('n', 67),
        ('s', 63),
        ('h', 61),
        ('r', 60),
        ('d', 43),
        ('l', 40),
        ('c', 28),
        ('u', 28),
        ('m', 24),
        ('w', 24),
        ('f', 22),
        ('g', 20),
        ('y', 20),
        ('p', 19),
        ('b', 15),
        ('v', 10),
        ('k', 8),
        ('j', 2),
        ('x', 2),
        ('q', 1),
        ('z', 1),
    ];
    let total: u64 = LETTERS.iter().map(|(_, w)| w).sum();
    let length = 3 + dice.below(8) as usize;
    (0..length)
        .map(|_| {
            let mut roll = dice.below(total);
            for &(letter, weight) in LETTERS {
                if roll < weight {
                    return letter;
                }
                roll -= weight;
            }
            'e'
        })
        .collect()
}

/// 2–3 syllables (a search needs two clusters): a consonant, sometimes a subscript consonant, usually a
/// vowel sign, sometimes a final consonant.
fn khmer_word(dice: &mut Dice) -> String {
    let consonant = |dice: &mut Dice| char::from_u32(0x1780 + dice.below(0x23) as u32).unwrap();
    let mut word = String::new();
    for _ in 0..2 + dice.below(2) {
        word.push(consonant(dice));
        if dice.percent(20) {
            word.push('\u{17d2}');
            word.push(consonant(dice));
        }
        if dice.percent(70) {
            word.push(char::from_u32(0x17b6 + dice.below(0x10) as u32).unwrap());
        }
        if dice.percent(30) {
            word.push(consonant(dice));
        }
    }
    word
}

// ---------------------------------------------------------------- loading

const SQLITE_TIPS: &str = "CREATE TABLE tips (
    id INTEGER PRIMARY KEY, urgent BOOLEAN NOT NULL, priority INTEGER NOT NULL,
    submitted_at TIMESTAMP NOT NULL);
CREATE INDEX tips_queue ON tips (urgent DESC, priority DESC, submitted_at, id);";
const POSTGRES_TIPS: &str = "CREATE TABLE tips (
    id BIGINT PRIMARY KEY, urgent BOOLEAN NOT NULL, priority INTEGER NOT NULL,
    submitted_at TIMESTAMP NOT NULL);
CREATE INDEX tips_queue ON tips (urgent DESC, priority DESC, submitted_at, id);";
const SQLITE_INDEX: &str =
    include_str!("../migrations/sqlite/2026-12-07-000023_search_index/up.sql");
const POSTGRES_INDEX: &str =
    include_str!("../migrations/postgres/2026-12-07-000023_search_index/up.sql");

fn submitted(minute: i64) -> String {
    let at = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        + chrono::TimeDelta::minutes(minute);
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn tip_rows(seed: &Seed, range: std::ops::Range<usize>) -> String {
    let mut sql = String::from("INSERT INTO tips (id, urgent, priority, submitted_at) VALUES ");
    for (n, i) in range.enumerate() {
        let tip = &seed.tips[i];
        if n > 0 {
            sql.push(',');
        }
        sql.push_str(&format!(
            "({}, {}, {}, '{}')",
            i + 1,
            tip.urgent,
            tip.priority,
            submitted(tip.minute)
        ));
    }
    sql.push(';');
    sql
}

fn seed_sqlite(conn: &mut DbConnection, seed: &Seed) {
    conn.batch_execute(
        // Seeding only: no journal, a big cache.
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -4000000;",
    )
    .unwrap();
    conn.batch_execute(SQLITE_TIPS).unwrap();
    conn.batch_execute(SQLITE_INDEX).unwrap();
    for start in (0..seed.tips.len()).step_by(ROWS_PER_INSERT * 100) {
        let end = (start + ROWS_PER_INSERT * 100).min(seed.tips.len());
        let mut sql = String::from("BEGIN;");
        for chunk in (start..end).step_by(ROWS_PER_INSERT) {
            sql.push_str(&tip_rows(seed, chunk..(chunk + ROWS_PER_INSERT).min(end)));
        }
        sql.push_str("COMMIT;");
        conn.batch_execute(&sql).unwrap();
    }
    for block in seed.postings.chunks(ROWS_PER_INSERT * 100) {
        let mut sql = String::from("BEGIN;");
        for rows in block.chunks(ROWS_PER_INSERT) {
            sql.push_str("INSERT INTO tip_grams (gram, tip_id) VALUES ");
            for (n, (gram, tip)) in rows.iter().enumerate() {
                if n > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!("({gram},{tip})"));
            }
            sql.push(';');
        }
        sql.push_str("COMMIT;");
        conn.batch_execute(&sql).unwrap();
    }
    // The app never runs ANALYZE; neither does this. Searches run as the
    // app's readers do, in WAL.
    conn.batch_execute("PRAGMA journal_mode = WAL; PRAGMA cache_size = -2000;")
        .unwrap();
}

fn seed_postgres(conn: &mut DbConnection, seed: &Seed) {
    // Seeding only: a commit need not wait for the disk.
    conn.batch_execute("SET synchronous_commit = off; SET maintenance_work_mem = '1GB'")
        .unwrap();
    conn.batch_execute(POSTGRES_TIPS).unwrap();
    conn.batch_execute(POSTGRES_INDEX).unwrap();
    let DbConnection::Postgres(pg) = conn else {
        unreachable!("a PostgreSQL connection")
    };
    for chunk in (0..seed.tips.len()).step_by(ROWS_PER_INSERT) {
        pg.batch_execute(&tip_rows(
            seed,
            chunk..(chunk + ROWS_PER_INSERT).min(seed.tips.len()),
        ))
        .unwrap();
    }
    // Bulk loading: the keys come back after the rows, as the migration
    // has them.
    pg.batch_execute(
        "ALTER TABLE tip_grams DROP CONSTRAINT tip_grams_tip_id_fkey;
         ALTER TABLE tip_grams DROP CONSTRAINT tip_grams_pkey;
         DROP INDEX tip_grams_tip;",
    )
    .unwrap();
    for block in seed.postings.chunks(100_000) {
        let (grams, tips): (Vec<i64>, Vec<i64>) = block.iter().copied().unzip();
        diesel::sql_query("INSERT INTO tip_grams (gram, tip_id) SELECT * FROM unnest($1, $2)")
            .bind::<Array<BigInt>, _>(grams)
            .bind::<Array<BigInt>, _>(tips)
            .execute(pg)
            .unwrap();
    }
    // Autovacuum would analyse the new tables within a minute anyway.
    pg.batch_execute(
        "ALTER TABLE tip_grams ADD PRIMARY KEY (gram, tip_id);
         CREATE INDEX tip_grams_tip ON tip_grams (tip_id);
         ALTER TABLE tip_grams ADD FOREIGN KEY (tip_id) REFERENCES tips (id) ON DELETE CASCADE;",
    )
    .unwrap();
    for table in ["tips", "tip_grams"] {
        pg.batch_execute(&format!("VACUUM ANALYZE {table}"))
            .unwrap();
    }
}

#[derive(QueryableByName)]
struct Bytes {
    #[diesel(sql_type = BigInt)]
    bytes: i64,
}

fn sqlite_index_bytes(conn: &mut DbConnection) -> i64 {
    // Pages of the table and its index, as the file holds them.
    diesel::sql_query(
        "SELECT CAST(count(*) AS BIGINT) * (SELECT page_size FROM pragma_page_size()) AS bytes \
         FROM dbstat WHERE name IN ('tip_grams', 'tip_grams_tip')",
    )
    .get_result::<Bytes>(conn)
    .map_or(-1, |b| b.bytes)
}

fn pg_index_bytes(conn: &mut DbConnection) -> i64 {
    diesel::sql_query("SELECT pg_total_relation_size('tip_grams') AS bytes")
        .get_result::<Bytes>(conn)
        .map_or(-1, |b| b.bytes)
}

// ---------------------------------------------------------------- searching

/// One search as the queue page would make it: candidates, their first
/// page in queue order, their capped count.
fn search(conn: &mut DbConnection, key: &SearchKey, word: &str) -> (usize, i64) {
    let query = query_grams(word).expect("a long enough word");
    let candidates = search_index::candidates(conn, key, &query).expect("candidates");
    let page: Vec<TipId> = tips::table
        .into_boxed::<Backend>()
        .filter(tips::id.eq_any(candidates.tip_ids()))
        .order((
            tips::urgent.desc(),
            tips::priority.desc(),
            tips::submitted_at.asc(),
            tips::id.asc(),
        ))
        .select(tips::id)
        .limit(PAGE)
        .load(conn)
        .expect("the first page");
    let count = candidates.count(conn, COUNT_CAP).expect("the count");
    (page.len(), count)
}

fn run_cases(conn: &mut DbConnection, seed: &Seed) {
    let key = key();
    for (script, words) in [("Latin", &seed.latin), ("Khmer", &seed.khmer)] {
        let cases: [(&str, Vec<String>, Duration); 3] = [
            (
                "rare word (1-10 tips)",
                words.rare.clone(),
                Duration::from_millis(50),
            ),
            (
                "absent word",
                words.absent.clone(),
                Duration::from_millis(50),
            ),
            (
                "common word (~1 %), first page",
                vec![words.common.clone()],
                Duration::from_millis(200),
            ),
        ];
        for (name, list, target) in cases {
            let mut found = Vec::new();
            for word in &list {
                found.push(search(conn, &key, word));
            }
            let mut times = Vec::with_capacity(RUNS);
            for run in 0..RUNS {
                let word = &list[run % list.len()];
                let started = Instant::now();
                search(conn, &key, word);
                times.push(started.elapsed());
            }
            times.sort();
            let at =
                |q: f64| times[((times.len() as f64 * q).ceil() as usize).min(times.len()) - 1];
            let (p50, p99) = (at(0.50), at(0.99));
            println!(
                "  {script:5} {name:32} p50 {:7.2} ms  p99 {:7.2} ms  (target {} ms: {})  \
                 page/count {:?}",
                p50.as_secs_f64() * 1e3,
                p99.as_secs_f64() * 1e3,
                target.as_millis(),
                if p99 <= target { "met" } else { "MISSED" },
                &found[..found.len().min(4)],
            );
        }
    }
}

// ---------------------------------------------------------------- dice

/// SplitMix64: every run writes the same tips.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn percent(&mut self, chance: u64) -> bool {
        self.below(100) < chance
    }

    fn ranked(&mut self, law: &RankLaw) -> usize {
        let roll = (self.next() >> 11) as f64 / (1u64 << 53) as f64 * law.0.last().unwrap();
        law.0.partition_point(|&b| b < roll).min(law.0.len() - 1)
    }
}

/// Running totals of 1/rank: Zipf's law with exponent 1.
struct RankLaw(Vec<f64>);

impl RankLaw {
    fn new(items: usize) -> RankLaw {
        let mut total = 0.0;
        RankLaw(
            (1..=items)
                .map(|rank| {
                    total += 1.0 / rank as f64;
                    total
                })
                .collect(),
        )
    }
}
