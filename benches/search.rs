//! Blind search benchmark: `cargo bench --bench search` (SQLite and
//! PostgreSQL on 127.0.0.1:5432, trust auth; `SEARCH_BENCH_TIPS` sets the
//! number of tips, 1,000,000 by default; `SEARCH_BENCH_POSTGRES` the admin
//! URL).
//!
//! It writes tips with descriptions of 200–400 characters, Khmer or Latin
//! words with a tenth from the other script, drawn from two vocabularies
//! by a 1/rank law, plus rare words planted in 1–10 tips each, into a
//! database the app's migrations made: each tip's content sealed to an
//! organisation key as a submission seals it, and the index's sets built
//! from the library's `text_grams`, `SearchKey` and `BlockSet`, block by
//! block, as indexing would leave them. Then it times the queue's own
//! keyword search (`tips::queue`, on a reader of the app's pool, with the
//! organisation key): the first page of the staff queue (51 rows asked,
//! as the page asks) for rare, absent and common (~1 % of tips) words in
//! each script, each tip opened and checked in the session as a reviewer's
//! search does. It prints the seeding time, the index's size on disk and
//! p50/p99; it asserts nothing. The PostgreSQL database is its own,
//! dropped at the end.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Binary};
use tipline::db::search_index::SearchKey;
use tipline::db::tips::{self, AssigneeFilter, QueueFilter, StatusFilter};
use tipline::db::{DatabaseTarget, Db, DbConnection};
use tipline::domain::ids::TipId;
use tipline::domain::search::text_grams;
use tipline::domain::search_blocks::{BLOCK_TIPS, BlockSet, block_of};
use tipline::vault::{OpeningKey, TipContent};

/// The staff queue's page: 50 rows and one more to know there is a next.
const PAGE: i64 = 51;
const RUNS: usize = 40;
const RARE_WORDS: usize = 10;
const LATIN_VOCABULARY: usize = 30_000;
const KHMER_VOCABULARY: usize = 30_000;
const TIPS_PER_INSERT: usize = 500;
const SETS_PER_INSERT: usize = 20_000;

fn main() {
    let tips_wanted: usize = std::env::var("SEARCH_BENCH_TIPS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    println!("search benchmark: {tips_wanted} tips");
    let org = OpeningKey::from_seed(&[0x5e; 32]);
    let started = Instant::now();
    let seed = Seed::generate(tips_wanted, &org);
    let sets: usize = seed.blocks.iter().map(Vec::len).sum();
    let set_bytes: usize = seed
        .blocks
        .iter()
        .flatten()
        .map(|(_, members)| members.len())
        .sum();
    println!(
        "generated and sealed {} tips ({:.0} characters on average), {} sets of {} tips \
         ({:.0} MB of members) in {:.1} s",
        seed.tips.len(),
        seed.characters as f64 / seed.tips.len() as f64,
        sets,
        BLOCK_TIPS,
        set_bytes as f64 / 1e6,
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
    let target =
        DatabaseTarget::parse(&format!("sqlite://{}", path.display())).expect("an SQLite URL");
    let seeding = Instant::now();
    {
        drop(Db::open(&target, 1).expect("the migrations run"));
        let mut conn = DbConnection::Sqlite(
            SqliteConnection::establish(&path.to_string_lossy()).expect("the SQLite file"),
        );
        seed_database(&mut conn, &seed);
    }
    let seeding = seeding.elapsed();
    let db = Db::open(&target, 2).expect("the database opens");
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    println!(
        "\n== SQLite: seeded in {:.1} s; file {:.0} MB (the index's sets {:.0} MB; tips {:.0} MB)",
        seeding.as_secs_f64(),
        size as f64 / 1e6,
        db.read_blocking(|conn| Ok(sqlite_bytes(conn, "tip_gram_blocks%")))
            .unwrap() as f64
            / 1e6,
        db.read_blocking(|conn| Ok(sqlite_bytes(conn, "tips")))
            .unwrap() as f64
            / 1e6,
    );
    run_cases(&db, &org, &seed);
    drop(db);
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
    let url = format!("{base}/{name}");
    let target = DatabaseTarget::parse(&url).expect("a PostgreSQL URL");
    let seeding = Instant::now();
    let db = Db::open(&target, 2).expect("the migrations run");
    {
        let mut conn =
            DbConnection::Postgres(PgConnection::establish(&url).expect("the bench database"));
        seed_database(&mut conn, &seed);
        for table in ["tips", "tip_gram_blocks"] {
            conn.batch_execute(&format!("VACUUM ANALYZE {table}"))
                .unwrap();
        }
    }
    println!(
        "\n== PostgreSQL: seeded in {:.1} s (with VACUUM ANALYZE); tip_gram_blocks {:.0} MB, \
         tips {:.0} MB (pg_total_relation_size)",
        seeding.elapsed().as_secs_f64(),
        db.read_blocking(|conn| Ok(pg_bytes(conn, "tip_gram_blocks")))
            .unwrap() as f64
            / 1e6,
        db.read_blocking(|conn| Ok(pg_bytes(conn, "tips"))).unwrap() as f64 / 1e6,
    );
    run_cases(&db, &org, &seed);
    drop(db);
    admin_conn
        .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .expect("drop the bench database");
    println!(
        "\ntargets: rare and absent words under 50 ms p99; a common word's first page under \
         200 ms p99. Each case: {RUNS} searches over its words after one warm-up each."
    );
}

// ---------------------------------------------------------------- the seed

/// A tip as the queue orders it, with its sealed content.
struct Tip {
    khmer: bool,
    urgent: bool,
    priority: i32,
    minute: i64,
    sealed: Vec<u8>,
}

/// The words searched for in one script.
struct Words {
    common: String,
    common_tips: usize,
    rare: Vec<String>,
    rare_tips: Vec<usize>,
    absent: Vec<String>,
}

/// A block's stored sets: (gram hash, encoded members).
type BlockSets = Vec<(i64, Vec<u8>)>;

struct Seed {
    tips: Vec<Tip>,
    /// The index's sets, by block from block 0.
    blocks: Vec<BlockSets>,
    characters: usize,
    latin: Words,
    khmer: Words,
}

impl Seed {
    fn generate(count: usize, org: &OpeningKey) -> Seed {
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

        let mut texts = Vec::with_capacity(count);
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
            tips.push(Tip {
                khmer: khmer_tip,
                urgent: dice.percent(3),
                priority: dice.below(100) as i32,
                minute: dice.below(525_600) as i64,
                sealed: Vec::new(),
            });
            texts.push(text);
        }
        let blocks = seal_and_index(org, &mut tips, &texts);
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
            blocks,
            characters,
        }
    }
}

/// Seals each tip's text to the organisation key, as a submission does,
/// and builds the index's sets block by block, as indexing each tip
/// would leave them; on every core.
fn seal_and_index(org: &OpeningKey, tips: &mut [Tip], texts: &[String]) -> Vec<BlockSets> {
    let key = SearchKey::of_organisation(org);
    let sealing = org.sealing_key();
    // Tip i has id i + 1.
    let last_block = block_of(texts.len() as i64).0;
    let cores = std::thread::available_parallelism().map_or(2, usize::from) as i64;
    let done: Vec<(i64, BlockSets, Vec<Vec<u8>>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..cores)
            .map(|worker| {
                let (key, sealing) = (&key, &sealing);
                scope.spawn(move || {
                    let mut mine = Vec::new();
                    let mut hashes: HashMap<String, i64> = HashMap::new();
                    for block in (worker..=last_block).step_by(cores as usize) {
                        let first = (block * BLOCK_TIPS).max(1);
                        let end = ((block + 1) * BLOCK_TIPS).min(texts.len() as i64 + 1);
                        let mut sets: HashMap<i64, BlockSet> = HashMap::new();
                        let mut sealed = Vec::new();
                        for id in first..end {
                            let text = &texts[id as usize - 1];
                            let content = TipContent {
                                description: text.clone(),
                                landmark: String::new(),
                                point: None,
                            };
                            sealed.push(content.seal(sealing, TipId(id)));
                            let offset = block_of(id).1;
                            for gram in text_grams(text) {
                                let hash = *hashes.entry(gram).or_insert_with_key(|g| key.hash(g));
                                sets.entry(hash)
                                    .or_insert_with(BlockSet::empty)
                                    .insert(offset);
                            }
                        }
                        let mut sets: BlockSets = sets
                            .into_iter()
                            .map(|(gram, set)| (gram, set.encode()))
                            .collect();
                        sets.sort_unstable_by_key(|(gram, _)| *gram);
                        mine.push((block, sets, sealed));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().expect("a seeding thread"))
            .collect()
    });
    let mut blocks: Vec<BlockSets> = vec![Vec::new(); last_block as usize + 1];
    for (block, sets, sealed) in done {
        let first = (block * BLOCK_TIPS).max(1) as usize;
        for (i, bytes) in sealed.into_iter().enumerate() {
            tips[first + i - 1].sealed = bytes;
        }
        blocks[block as usize] = sets;
    }
    blocks
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

fn tip_values(conn: &DbConnection, id: usize, tip: &Tip) -> String {
    let sealed = match conn {
        DbConnection::Sqlite(_) => format!("X'{}'", hex(&tip.sealed)),
        DbConnection::Postgres(_) => format!("'\\x{}'::bytea", hex(&tip.sealed)),
    };
    let at = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        + chrono::TimeDelta::minutes(tip.minute);
    format!(
        "({id}, '{id:08}', 'x', 'compound', {sealed}, 300, FALSE, '{}', 'new', '{}', 'n{id}', \
         {}, {}, '')",
        if tip.khmer { "km" } else { "en" },
        at.format("%Y-%m-%d %H:%M:%S"),
        tip.urgent,
        tip.priority
    )
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

/// Writes the tips and the index's sets into a migrated database.
fn seed_database(conn: &mut DbConnection, seed: &Seed) {
    let overriding = match conn {
        DbConnection::Sqlite(_) => {
            // Seeding only: no journal, a big cache.
            conn.batch_execute(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; \
                 PRAGMA cache_size = -4000000;",
            )
            .unwrap();
            ""
        }
        DbConnection::Postgres(_) => {
            conn.batch_execute("SET synchronous_commit = off").unwrap();
            "OVERRIDING SYSTEM VALUE"
        }
    };
    for (n, chunk) in seed.tips.chunks(TIPS_PER_INSERT).enumerate() {
        let mut sql = format!(
            "INSERT INTO tips (id, code, passphrase_hash, category, sealed, description_chars, \
             has_point, language, status, submitted_at, submission_nonce, urgent, priority, \
             priority_reasons) {overriding} VALUES "
        );
        for (i, tip) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&tip_values(conn, n * TIPS_PER_INSERT + i + 1, tip));
        }
        conn.batch_execute(&sql).unwrap();
    }
    let rows: Vec<(i64, i64, &[u8])> = seed
        .blocks
        .iter()
        .enumerate()
        .flat_map(|(block, sets)| {
            sets.iter()
                .map(move |(gram, members)| (*gram, block as i64, members.as_slice()))
        })
        .collect();
    for chunk in rows.chunks(SETS_PER_INSERT) {
        match conn {
            DbConnection::Sqlite(sqlite) => {
                let mut sql = String::from(
                    "BEGIN; INSERT INTO tip_gram_blocks (gram, block, members) VALUES ",
                );
                for (i, (gram, block, members)) in chunk.iter().enumerate() {
                    if i > 0 {
                        sql.push(',');
                    }
                    sql.push_str(&format!("({gram},{block},X'{}')", hex(members)));
                }
                sql.push_str("; COMMIT;");
                sqlite.batch_execute(&sql).unwrap();
            }
            DbConnection::Postgres(pg) => {
                let grams: Vec<i64> = chunk.iter().map(|row| row.0).collect();
                let blocks: Vec<i64> = chunk.iter().map(|row| row.1).collect();
                let members: Vec<Vec<u8>> = chunk.iter().map(|row| row.2.to_vec()).collect();
                diesel::sql_query(
                    "INSERT INTO tip_gram_blocks (gram, block, members) \
                     SELECT * FROM unnest($1, $2, $3)",
                )
                .bind::<Array<BigInt>, _>(grams)
                .bind::<Array<BigInt>, _>(blocks)
                .bind::<Array<Binary>, _>(members)
                .execute(pg)
                .unwrap();
            }
        }
    }
    if let DbConnection::Sqlite(_) = conn {
        // The app never runs ANALYZE; neither does this. Searches run as
        // the app's readers do, in WAL.
        conn.batch_execute("PRAGMA journal_mode = WAL;").unwrap();
    }
}

#[derive(QueryableByName)]
struct Bytes {
    #[diesel(sql_type = BigInt)]
    bytes: i64,
}

fn sqlite_bytes(conn: &mut DbConnection, names: &str) -> i64 {
    // Pages of the tables and indexes named, as the file holds them.
    diesel::sql_query(format!(
        "SELECT CAST(count(*) AS BIGINT) * (SELECT page_size FROM pragma_page_size()) AS bytes \
         FROM dbstat WHERE name LIKE '{names}'"
    ))
    .get_result::<Bytes>(conn)
    .map_or(-1, |b| b.bytes)
}

fn pg_bytes(conn: &mut DbConnection, table: &str) -> i64 {
    diesel::sql_query(format!("SELECT pg_total_relation_size('{table}') AS bytes"))
        .get_result::<Bytes>(conn)
        .map_or(-1, |b| b.bytes)
}

// ---------------------------------------------------------------- searching

/// One search as the staff queue makes it: the first page of every tip
/// whose words or landmark hold `word`, opened in the session.
fn search(db: &Db, org: &OpeningKey, word: &str) -> usize {
    let filter = QueueFilter {
        status: StatusFilter::Any,
        category: None,
        province: None,
        assignee: AssigneeFilter::Anyone,
        keyword: Some(word.to_owned()),
        from: None,
        to: None,
        has_photos: None,
        language: None,
    };
    db.read_blocking(|conn| tips::queue(conn, &filter, None, PAGE, Some(org)))
        .expect("the search")
        .len()
}

fn run_cases(db: &Db, org: &OpeningKey, seed: &Seed) {
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
            let found: Vec<usize> = list.iter().map(|word| search(db, org, word)).collect();
            let mut times = Vec::with_capacity(RUNS);
            for run in 0..RUNS {
                let word = &list[run % list.len()];
                let started = Instant::now();
                search(db, org, word);
                times.push(started.elapsed());
            }
            times.sort();
            let at =
                |q: f64| times[((times.len() as f64 * q).ceil() as usize).min(times.len()) - 1];
            let (p50, p99) = (at(0.50), at(0.99));
            println!(
                "  {script:5} {name:32} p50 {:7.2} ms  p99 {:7.2} ms  (target {} ms: {})  \
                 found {:?}",
                p50.as_secs_f64() * 1e3,
                p99.as_secs_f64() * 1e3,
                target.as_millis(),
                if p99 <= target { "met" } else { "MISSED" },
                &found[..found.len().min(10)],
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
