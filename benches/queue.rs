//! Reviewers' queue benchmark: `cargo bench --bench queue` (SQLite only).
//!
//! It opens a fresh SQLite database through the library (migrations and
//! gazetteer as the app runs them), then writes 1,000,000 tips straight
//! into it with multi-row INSERTs, not through the form: a realistic spread
//! of categories, statuses, provinces, assignees, languages, points and
//! photos, with priorities scored by the app's own rules. Then it times
//! `db::tips::queue`, the call the queue page makes, through `Db::read`
//! as the handler does: the first page, each status, category, province and
//! assignee filter, page 20 of several of them (after the keyset cursor
//! that "next" leads to), and, beyond the requirement, keyword, date,
//! photo and language filters. Each case runs once to warm up and then 30
//! times (a slow case stops after 2 s and 3 runs); it prints p50, p99 and
//! max beside the 50 ms target, how many tips match, and the query plan of
//! every case that takes half the target or more (of every case, with
//! `QUEUE_BENCH_PLANS=1`).
//!
//! Each tip's words are sealed as the app seals them, and the queue opens
//! each row's excerpt with the organisation key, as a signed-in session
//! does. The seed writes no search index, so the keyword cases here time
//! only the empty-index path; `cargo bench --bench search` measures search.
//!
//! It measures the schema as the migrations create it, twice: as the app
//! leaves the database (the app never runs ANALYZE, so the planner has no
//! statistics), then after ANALYZE. `QUEUE_BENCH_EXPERIMENT_DDL`, set to
//! `;`-separated statements (indexes to try), adds two more passes on the
//! changed schema, without and with statistics, clearly marked as an
//! experiment. It prints figures and targets; it asserts nothing. Other
//! work on the machine's two cores (builds) shows in the figures as noise.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeDelta};
use diesel::connection::{Instrumentation, InstrumentationEvent, SimpleConnection};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};
use tipline::db::schema::places;
use tipline::db::tips::{self, AssigneeFilter, QueueCursor, QueueFilter, StatusFilter};
use tipline::db::{DatabaseTarget, Db, DbConnection, DbError};
use tipline::domain::category::Category;
use tipline::domain::coordinates::Coordinates;
use tipline::domain::ids::TipId;
use tipline::domain::tip_status::TipStatus;
use tipline::domain::tips::{CloseReason, GridCell, Priority, PriorityInputs};
use tipline::i18n::Lang;
use tipline::secret::to_hex;
use tipline::vault::{OpeningKey, TipContent};

const TIPS: u64 = 1_000_000;
/// The organisation key the seeded tips are sealed to, as the app seals
/// them; the queue opens excerpts with it as a signed-in session would.
static BENCH_ORG: std::sync::LazyLock<OpeningKey> = std::sync::LazyLock::new(OpeningKey::generate);
const REVIEWERS: u64 = 20;
/// Rows in `cases`, the investigations that linked tips belong to.
const INVESTIGATIONS: u64 = 2_000;
/// Rows per INSERT statement, and INSERT statements per transaction: big
/// enough that per-statement and per-commit costs vanish, small enough
/// that the WAL is checkpointed as it goes instead of growing to the size
/// of the whole database.
const ROWS_PER_INSERT: u64 = 1_000;
const INSERTS_PER_TRANSACTION: usize = 100;

/// The queue page shows 50 rows and asks for one more to know whether
/// there is a next page.
const SHOWN_ROWS: usize = 50;
const PAGE_ROWS: i64 = SHOWN_ROWS as i64 + 1;
const TARGET: Duration = Duration::from_millis(50);
const REPETITIONS: usize = 30;
/// A pathological case stops after this long (but after at least
/// `MIN_REPETITIONS`), so the run always ends in minutes.
const CASE_BUDGET: Duration = Duration::from_secs(2);
const MIN_REPETITIONS: usize = 3;
/// As many readers as the machine has cores, as a small server would run.
const READ_POOL: u32 = 2;

/// Reviewer 1 is "me" in the assignee cases.
const ME: tipline::domain::ids::StaffId = tipline::domain::ids::StaffId(1);
/// Keywords: a common word, a site name a few hundred tips mention, and
/// a word no tip contains (a typo, say: the worst case).
const COMMON_WORD: &str = "passport";
const RARE_PHRASE: &str = "golden fortune";
const ABSENT_WORD: &str = "zeppelin";
/// One tip in this many names the rare site in its landmark.
const RARE_PHRASE_EVERY: u64 = 5_000;

fn main() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}/tipline.db", dir.path().display());
    let target = DatabaseTarget::parse(&url).expect("an SQLite URL");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    println!("queue benchmark: SQLite, {TIPS} tips, {cores} cores, {READ_POOL} readers");

    let db = Db::open(&target, READ_POOL).expect("the database opens and migrates");
    let started = Instant::now();
    let seeded = runtime.block_on(seed(&db)).expect("seeding");
    let seeding = started.elapsed();
    let file_mb =
        |name: &str| std::fs::metadata(dir.path().join(name)).map_or(0.0, |m| m.len() as f64 / 1e6);
    println!(
        "seeded {} tips, {} photos, {REVIEWERS} reviewers, {INVESTIGATIONS} cases in {:.1} s \
         (inserting {:.1} s; SQL written alongside, {:.1} s); database {:.0} MB, WAL {:.0} MB",
        seeded.tips,
        seeded.photos,
        seeding.as_secs_f64(),
        seeded.inserting.as_secs_f64(),
        seeded.generating.as_secs_f64(),
        file_mb("tipline.db"),
        file_mb("tipline.db-wal"),
    );

    let cases = cases(&seeded);
    let starts = runtime.block_on(page_starts(&db, &cases));
    let all_plans = std::env::var_os("QUEUE_BENCH_PLANS").is_some();
    let report = |db: &Db, title: &str, with_counts: bool| {
        println!("\n== {title}");
        runtime.block_on(run_cases(db, &cases, &starts, with_counts, all_plans));
    };
    // Every change is followed by fresh connections, so that every reader
    // plans with the schema and statistics as they now are.
    let change = |db: Db, what: &str, sql: String| {
        let started = Instant::now();
        runtime
            .block_on(db.write(move |conn| Ok(conn.batch_execute(&sql)?)))
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        println!("\n{what}: {:.1} s", started.elapsed().as_secs_f64());
        drop(db);
        Db::open(&target, READ_POOL).expect("the database reopens")
    };

    report(
        &db,
        "schema as migrated, no statistics (the app never runs ANALYZE)",
        true,
    );
    let db = change(db, "ANALYZE", "ANALYZE".to_owned());
    report(&db, "schema as migrated, after ANALYZE", false);

    if let Ok(ddl) = std::env::var("QUEUE_BENCH_EXPERIMENT_DDL") {
        println!("\nEXPERIMENT, not the schema the migrations create:");
        for statement in ddl.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            println!("  {statement};");
        }
        let db = change(
            db,
            "those statements, statistics dropped",
            format!("{ddl}; DROP TABLE IF EXISTS sqlite_stat1; DROP TABLE IF EXISTS sqlite_stat4;"),
        );
        report(&db, "EXPERIMENT, no statistics", false);
        let db = change(db, "ANALYZE", "ANALYZE".to_owned());
        report(&db, "EXPERIMENT, after ANALYZE", false);
    }
    println!(
        "\ntarget: every case answers in under {} ms (judged on p99; with {REPETITIONS} runs, \
         p99 is the slowest run)",
        TARGET.as_millis()
    );
}

// ---------------------------------------------------------------- seeding

/// What seeding made, for the cases to refer to.
struct Seeded {
    tips: u64,
    photos: u64,
    /// Province codes, busiest first.
    provinces: Vec<String>,
    /// Time spent writing the SQL, and inserting it.
    generating: Duration,
    inserting: Duration,
}

/// The gazetteer as seeding needs it: each province's districts and each
/// district's communes.
struct Province {
    code: String,
    districts: Vec<(String, Vec<String>)>,
}

/// Provinces by how many tips they get, busiest first: tips gather where
/// compounds are (Sihanoukville, Phnom Penh, Koh Kong, the border towns of
/// Bavet, O'Smach and Poipet). Tip volume then falls off as 1/rank.
const PROVINCES_BUSIEST_FIRST: [&str; 25] = [
    "18", "12", "09", "20", "22", "01", "15", "08", "17", "02", "05", "07", "03", "21", "14", "25",
    "06", "04", "10", "24", "19", "13", "16", "11", "23",
];

async fn seed(db: &Db) -> Result<Seeded, DbError> {
    let provinces = db.read(load_provinces).await?;
    let province_codes: Vec<String> = provinces.iter().map(|p| p.code.clone()).collect();
    db.write(|conn| {
        // Seeding only: a big page cache keeps the random index inserts
        // (codes, queue order, grid cells) in memory. Readers keep the
        // default, as the app runs them.
        conn.batch_execute("PRAGMA cache_size = -1000000")?;
        conn.batch_execute(&staff_and_cases_sql())?;
        Ok(())
    })
    .await?;
    // The SQL is written on a thread of its own while the writer inserts
    // the previous transaction's rows, so both cores work. Waiting on the
    // channel blocks this runtime's only thread, which has nothing else
    // to do meanwhile.
    let (send, batches) = std::sync::mpsc::sync_channel::<(Vec<String>, u64)>(1);
    let generator = std::thread::spawn(move || {
        let mut dice = Dice(0x7469_706c_696e_6521);
        let mut next_id = 1;
        let mut busy = Duration::ZERO;
        while next_id <= TIPS {
            let started = Instant::now();
            let mut statements = Vec::new();
            let mut photos = 0;
            while statements.len() < INSERTS_PER_TRANSACTION && next_id <= TIPS {
                let last = (next_id + ROWS_PER_INSERT - 1).min(TIPS);
                let (sql, batch_photos) = tips_sql(&mut dice, &provinces, next_id..=last);
                statements.push(sql);
                photos += batch_photos;
                next_id = last + 1;
            }
            busy += started.elapsed();
            if send.send((statements, photos)).is_err() {
                break;
            }
        }
        busy
    });
    let mut photos = 0;
    let mut inserting = Duration::ZERO;
    for (statements, batch_photos) in batches {
        let started = Instant::now();
        db.write(move |conn| {
            for statement in &statements {
                conn.batch_execute(statement)?;
            }
            Ok(())
        })
        .await?;
        inserting += started.elapsed();
        photos += batch_photos;
    }
    let generating = generator.join().expect("the SQL generator");
    Ok(Seeded {
        tips: TIPS,
        photos,
        provinces: province_codes,
        generating,
        inserting,
    })
}

fn load_provinces(conn: &mut DbConnection) -> Result<Vec<Province>, DbError> {
    let rows: Vec<(String, Option<String>, String)> = places::table
        .filter(places::level.ne("village"))
        .select((places::code, places::parent_code, places::level))
        .load(conn)?;
    let children = |parent: &str, level: &str| -> Vec<String> {
        rows.iter()
            .filter(|(_, p, l)| p.as_deref() == Some(parent) && l == level)
            .map(|(code, ..)| code.clone())
            .collect()
    };
    let mut provinces: Vec<Province> = rows
        .iter()
        .filter(|(_, _, level)| level == "province")
        .map(|(code, ..)| Province {
            code: code.clone(),
            districts: children(code, "district")
                .into_iter()
                .map(|district| {
                    let communes = children(&district, "commune");
                    (district, communes)
                })
                .collect(),
        })
        .collect();
    // Any province missing from the ranking goes last.
    provinces.sort_by_key(|p| {
        PROVINCES_BUSIEST_FIRST
            .iter()
            .position(|code| *code == p.code)
            .unwrap_or(usize::MAX)
    });
    assert_eq!(provinces.len(), 25, "the gazetteer's provinces are loaded");
    Ok(provinces)
}

fn staff_and_cases_sql() -> String {
    let mut sql =
        String::from("INSERT INTO staff (id, email, name, role, language, created_at) VALUES ");
    for id in 1..=REVIEWERS {
        let comma = if id == 1 { "" } else { "," };
        let _ = write!(
            sql,
            "{comma}({id}, 'reviewer{id}@tipline.example', 'Reviewer {id}', 'reviewer', 'km', \
             '2024-01-01 00:00:00')"
        );
    }
    // The queue never reads a case's sealed title.
    sql.push_str(";\nINSERT INTO cases (id, state, opened_at) VALUES ");
    for id in 1..=INVESTIGATIONS {
        let comma = if id == 1 { "" } else { "," };
        let _ = write!(sql, "{comma}({id}, 'investigating', '2024-06-01 00:00:00')");
    }
    sql.push(';');
    sql
}

/// A small seeded generator (SplitMix64): every run writes the same tips,
/// so runs compare with each other.
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

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn weighted<T: Copy>(&mut self, choices: &[(T, u64)]) -> T {
        let total: u64 = choices.iter().map(|(_, weight)| weight).sum();
        let mut roll = self.below(total);
        for (choice, weight) in choices {
            if roll < *weight {
                return *choice;
            }
            roll -= weight;
        }
        unreachable!("the roll is below the total")
    }

    /// An index into a list ranked by `law`.
    fn ranked(&mut self, law: &RankLaw) -> usize {
        let roll = self.unit() * law.0.last().unwrap();
        law.0
            .partition_point(|&bound| bound < roll)
            .min(law.0.len() - 1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Chances falling off as 1/rank, as running totals: the first item
/// comes up twice as often as the second, three times as often as the third.
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

const CATEGORIES: [(Category, u64); 4] = [
    (Category::Compound, 55),
    (Category::Held, 5),
    (Category::Recruiter, 25),
    (Category::Other, 15),
];

const STATUSES: [(TipStatus, u64); 7] = [
    (TipStatus::New, 60),
    (TipStatus::InReview, 10),
    (TipStatus::NeedsInfo, 6),
    (TipStatus::ReplyReceived, 3),
    (TipStatus::Linked, 8),
    (TipStatus::Duplicate, 5),
    (TipStatus::ClosedNoAction, 8),
];

const LANGUAGES: [(&str, u64); 8] = [
    ("km", 80),
    ("en", 8),
    ("zh", 4),
    ("vi", 3),
    ("th", 2),
    ("id", 1),
    ("my", 1),
    ("ko", 1),
];

/// Description words, most common first (drawn with a 1/rank law).
const VOCABULARY: &str = "the building people guards passport phone night workers ឆបោក casino \
    អគារ fence taken foreigners trucks windows barred ឆ្មាំ money online scam shift beaten \
    chinese thai vietnamese indonesian burmese korean recruiter job advert telegram facebook \
    salary contract debt locked gate wall cameras van bus border hotel floor room crying help \
    escape police boss quota crypto romance លិខិតឆ្លងដែន កាស៊ីណូ ធ្វើការ ជនបរទេស យប់ ទ្វារ \
    រថយន្ត generator dormitory";

/// Landmarks, as often empty as not given.
const LANDMARKS: [&str; 12] = [
    "near the casino",
    "behind the market",
    "road 4 km 12",
    "by the river",
    "next to the pagoda",
    "old hotel",
    "across from the school",
    "blue gate",
    "ក្បែរផ្សារ",
    "near the port",
    "",
    "",
];

/// Points gather around this many sites (compounds), so that nearby tips
/// share grid cells, as corroborating tips do.
const SITES: u64 = 400;

const SEED_START: NaiveDate = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
const SEED_DAYS: i64 = 730;

/// What every tip is drawn from.
struct Draw<'a> {
    dice: &'a mut Dice,
    provinces: &'a [Province],
    province_law: RankLaw,
    words: Vec<&'static str>,
    word_law: RankLaw,
}

/// One INSERT of tips `ids`, followed by one of their photos; returns the
/// SQL and how many photos it adds.
fn tips_sql(
    dice: &mut Dice,
    provinces: &[Province],
    ids: std::ops::RangeInclusive<u64>,
) -> (String, u64) {
    let words: Vec<&str> = VOCABULARY.split_whitespace().collect();
    let mut draw = Draw {
        dice,
        provinces,
        province_law: RankLaw::new(provinces.len()),
        word_law: RankLaw::new(words.len()),
        words,
    };
    let mut sql = String::from(
        "INSERT INTO tips (id, code, passphrase_hash, category, sealed, observed_on, \
         description_chars, has_point, province_code, district_code, commune_code, language, \
         status, submitted_at, submission_nonce, version, assignee_id, urgent, priority, \
         priority_reasons, grid_cell, duplicate_of, close_reason, case_id, corroboration, \
         public_status) VALUES ",
    );
    let mut photo_sql =
        String::from("INSERT INTO tip_photos (tip_id, content_type, bytes, size) VALUES ");
    let mut photos = 0;
    let first = *ids.start();
    for id in ids {
        if id != first {
            sql.push(',');
        }
        for _ in 0..write_tip(&mut sql, &mut draw, id) {
            let comma = if photos == 0 { "" } else { "," };
            // The queue never reads the bytes: a stand-in JPEG will do.
            let _ = write!(photo_sql, "{comma}({id},'image/jpeg',X'FFD8FFD9',4)");
            photos += 1;
        }
    }
    sql.push(';');
    if photos > 0 {
        sql.push('\n');
        sql.push_str(&photo_sql);
        sql.push(';');
    }
    (sql, photos)
}

/// Writes the VALUES tuple of tip `id`; returns how many photos it has.
fn write_tip(sql: &mut String, draw: &mut Draw, id: u64) -> u64 {
    let dice = &mut *draw.dice;
    // Ids follow submission order: a tip about every minute for two years.
    let submitted_at = SEED_START.and_hms_opt(0, 0, 0).unwrap()
        + TimeDelta::minutes((id as i64 - 1) * SEED_DAYS * 1440 / TIPS as i64);
    let category = dice.weighted(&CATEGORIES);
    let status = match dice.weighted(&STATUSES) {
        // The first tip has nothing to duplicate.
        TipStatus::Duplicate if id == 1 => TipStatus::New,
        status => status,
    };
    // Someone held may write without saying where.
    let province = (dice.percent(if category == Category::Held { 70 } else { 95 }))
        .then(|| &draw.provinces[dice.ranked(&draw.province_law)]);
    let district = province
        .filter(|p| !p.districts.is_empty() && dice.percent(50))
        .map(|p| dice.pick(&p.districts));
    let commune = district
        .filter(|(_, communes)| !communes.is_empty() && dice.percent(70))
        .map(|(_, communes)| dice.pick(communes).as_str());
    let point = dice.percent(30).then(|| {
        let mut site = Dice(dice.below(SITES));
        let (lat, lon) = (10.6 + site.unit() * 3.8, 102.6 + site.unit() * 4.8);
        Coordinates::new(
            lat + (dice.unit() - 0.5) * 0.02,
            lon + (dice.unit() - 0.5) * 0.02,
        )
        .expect("inside Cambodia")
    });
    let photos = if dice.percent(12) {
        1 + dice.below(3)
    } else {
        0
    };
    // Most tips are a line or two; one in five is long (200+ characters).
    let words = if dice.percent(20) {
        40 + dice.below(40)
    } else {
        4 + dice.below(20)
    };
    let description = (0..words)
        .map(|_| draw.words[dice.ranked(&draw.word_law)])
        .collect::<Vec<_>>()
        .join(" ");
    let mut landmark = (*dice.pick(&LANDMARKS)).to_owned();
    if dice.below(RARE_PHRASE_EVERY) == 0 {
        landmark = format!("{RARE_PHRASE} {landmark}");
    }
    let corroborating = if point.is_some() || commune.is_some() {
        dice.weighted(&[(0, 60), (1, 20), (2, 10), (3, 6), (5, 4)])
    } else {
        0
    };
    // Scored by the app's own rules, so scores tie as often as they will.
    let priority = Priority::of(&PriorityInputs {
        category,
        corroborating,
        has_point: point.is_some(),
        has_precise_place: district.is_some(),
        photos: photos as u32,
        description_chars: description.chars().count(),
    });
    // As the workflow leaves them: new tips are nobody's; taking one puts
    // it in review; a reopened tip is in review with nobody.
    let reviewer = Some(1 + dice.below(REVIEWERS));
    let assignee = match status {
        TipStatus::New => None,
        TipStatus::InReview => reviewer.filter(|_| dice.percent(90)),
        TipStatus::NeedsInfo | TipStatus::ReplyReceived => reviewer,
        _ => reviewer.filter(|_| dice.percent(85)),
    };
    let duplicate_of = (status == TipStatus::Duplicate).then(|| 1 + dice.below(id - 1));
    let close_reason =
        (status == TipStatus::ClosedNoAction).then(|| dice.pick(&CloseReason::ALL).as_str());
    let case_id = (status == TipStatus::Linked).then(|| 1 + dice.below(INVESTIGATIONS));
    let observed_on = dice
        .percent(60)
        .then(|| submitted_at.date() - TimeDelta::days(dice.below(30) as i64));
    let version = if status == TipStatus::New {
        1
    } else {
        2 + dice.below(4)
    };
    let _ = write!(
        sql,
        "({id},'{code}','$argon2id$v=19$m=19456,t=2,p=1$benchbenchbench$benchbenchbench',\
         '{category}',X'{sealed}',{observed_on},{chars},{has_point},{province},{district},\
         {commune},'{language}','{status}','{submitted_at}','bench-{id}',\
         {version},{assignee},{urgent},{priority},{reasons},{grid_cell},{duplicate_of},\
         {close_reason},{case_id},{corroborating},'{public_status}')",
        code = tip_code(id),
        category = category.as_str(),
        // Sealed as the app seals it: the queue opens each row's excerpt.
        sealed = to_hex(
            &TipContent {
                description: description.clone(),
                landmark: landmark.clone(),
                point,
            }
            .seal(&BENCH_ORG.sealing_key(), TipId(id as i64))
        ),
        observed_on = nullable(observed_on.map(|day| format!("'{day}'"))),
        chars = description.chars().count(),
        has_point = u8::from(point.is_some()),
        province = nullable(province.map(|p| text(&p.code))),
        district = nullable(district.map(|(code, _)| text(code))),
        commune = nullable(commune.map(text)),
        language = dice.weighted(&LANGUAGES),
        status = status.as_str(),
        submitted_at = submitted_at.format("%Y-%m-%d %H:%M:%S"),
        assignee = nullable(assignee.map(|id| id.to_string())),
        urgent = u8::from(category.is_urgent()),
        priority = priority.score,
        reasons = text(&tips::reasons_text(&priority)),
        grid_cell = nullable(point.map(|p| text(&GridCell::of(&p).key()))),
        duplicate_of = nullable(duplicate_of.map(|id| id.to_string())),
        close_reason = nullable(close_reason.map(text)),
        case_id = nullable(case_id.map(|id| id.to_string())),
        public_status = status.public().as_str(),
    );
    photos
}

/// A unique, random-looking 8-character Crockford code for tip `id`:
/// multiplying by an odd number modulo 2^40 never maps two ids to one code.
fn tip_code(id: u64) -> String {
    const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut n = id.wrapping_mul(0x009e_3779_b97f) & ((1 << 40) - 1);
    let mut code = [0u8; 8];
    for slot in code.iter_mut().rev() {
        *slot = CROCKFORD[(n & 31) as usize];
        n >>= 5;
    }
    String::from_utf8(code.to_vec()).unwrap()
}

/// An SQL text literal.
fn text(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

fn nullable(value: Option<String>) -> String {
    value.unwrap_or_else(|| "NULL".to_owned())
}

// ---------------------------------------------------------------- cases

/// One thing a reviewer asks the queue for.
struct Case {
    name: String,
    filter: QueueFilter,
    /// 1 for the first page; n for the page "next" leads to when followed
    /// n - 1 times.
    page: usize,
    /// Part of the requirement (first page, status, category, province,
    /// assignee), or measured beyond it.
    required: bool,
}

fn cases(seeded: &Seeded) -> Vec<Case> {
    let waiting = QueueFilter::waiting;
    let case = |name: String, filter: QueueFilter, page: usize, required: bool| Case {
        name,
        filter,
        page,
        required,
    };
    let busiest = seeded.provinces.first().unwrap().clone();
    let middle = seeded.provinces[seeded.provinces.len() / 2].clone();
    let quietest = seeded.provinces.last().unwrap().clone();
    let mut cases = vec![case("first page (waiting)".into(), waiting(), 1, true)];
    for (status, _) in STATUSES {
        cases.push(case(
            format!("status {}", status.as_str()),
            QueueFilter {
                status: StatusFilter::Is(status),
                ..waiting()
            },
            1,
            true,
        ));
    }
    for (category, _) in CATEGORIES {
        cases.push(case(
            format!("waiting, category {}", category.as_str()),
            QueueFilter {
                category: Some(category),
                ..waiting()
            },
            1,
            true,
        ));
    }
    for (label, code) in [
        ("busiest", &busiest),
        ("middle", &middle),
        ("quietest", &quietest),
    ] {
        cases.push(case(
            format!("waiting, province {code} ({label})"),
            QueueFilter {
                province: Some(code.clone()),
                ..waiting()
            },
            1,
            true,
        ));
    }
    let mine = QueueFilter {
        assignee: AssigneeFilter::Staff(ME),
        ..waiting()
    };
    cases.push(case("waiting, assignee me".into(), mine.clone(), 1, true));
    cases.push(case(
        "status in_review, assignee me".into(),
        QueueFilter {
            status: StatusFilter::Is(TipStatus::InReview),
            assignee: AssigneeFilter::Staff(ME),
            ..waiting()
        },
        1,
        true,
    ));
    cases.push(case(
        "waiting, unassigned".into(),
        QueueFilter {
            assignee: AssigneeFilter::Unassigned,
            ..waiting()
        },
        1,
        true,
    ));
    cases.push(case(
        "waiting, held, busiest province".into(),
        QueueFilter {
            category: Some(Category::Held),
            province: Some(busiest.clone()),
            ..waiting()
        },
        1,
        true,
    ));
    // Deeper pages, following the cursor as "next" does.
    cases.push(case("page 20, waiting".into(), waiting(), 20, true));
    cases.push(case(
        "page 20, status closed_no_action".into(),
        QueueFilter {
            status: StatusFilter::Is(TipStatus::ClosedNoAction),
            ..waiting()
        },
        20,
        true,
    ));
    cases.push(case(
        "page 20, waiting, category other".into(),
        QueueFilter {
            category: Some(Category::Other),
            ..waiting()
        },
        20,
        true,
    ));
    cases.push(case(
        format!("page 20, waiting, province {quietest}"),
        QueueFilter {
            province: Some(quietest.clone()),
            ..waiting()
        },
        20,
        true,
    ));
    cases.push(case("page 20, waiting, assignee me".into(), mine, 20, true));
    // Beyond the requirement.
    for (label, word) in [
        ("common", COMMON_WORD),
        ("rare", RARE_PHRASE),
        ("absent", ABSENT_WORD),
    ] {
        cases.push(case(
            format!("waiting, keyword \"{word}\" ({label})"),
            QueueFilter {
                keyword: Some(word.to_owned()),
                ..waiting()
            },
            1,
            false,
        ));
    }
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    cases.push(case(
        "waiting, submitted in March 2025".into(),
        QueueFilter {
            from: day(2025, 3, 1),
            to: day(2025, 3, 31),
            ..waiting()
        },
        1,
        false,
    ));
    cases.push(case(
        "waiting, submitted on 15 June 2025".into(),
        QueueFilter {
            from: day(2025, 6, 15),
            to: day(2025, 6, 15),
            ..waiting()
        },
        1,
        false,
    ));
    cases.push(case(
        "waiting, with photos".into(),
        QueueFilter {
            has_photos: Some(true),
            ..waiting()
        },
        1,
        false,
    ));
    cases.push(case(
        "waiting, language ko".into(),
        QueueFilter {
            language: Lang::from_code("ko"),
            ..waiting()
        },
        1,
        false,
    ));
    cases
}

// ---------------------------------------------------------------- measuring

async fn run_cases(
    db: &Db,
    cases: &[Case],
    starts: &[Result<Option<QueueCursor>, usize>],
    with_counts: bool,
    all_plans: bool,
) {
    println!(
        "{:<44} {:>8} {:>8} {:>8} {:>8}  target {} ms",
        "case",
        "matches",
        "p50 ms",
        "p99 ms",
        "max ms",
        TARGET.as_millis()
    );
    let mut to_explain = Vec::new();
    let (mut required, mut required_met) = (0, 0);
    for (n, case) in cases.iter().enumerate() {
        if n > 0 && case.required != cases[n - 1].required {
            println!("-- beyond the requirement:");
        }
        let matches = if with_counts {
            let filter = case.filter.clone();
            db.read(move |conn| count_matches(conn, &filter))
                .await
                .map_or_else(|e| format!("{e}"), |n| n.to_string())
        } else {
            String::new()
        };
        let cursor = match starts[n] {
            Ok(cursor) => cursor,
            Err(pages) => {
                println!("{:<44} {matches:>8}  n/a: only {pages} pages", case.name);
                continue;
            }
        };
        let mut times = measure(db, case, cursor).await;
        times.sort();
        let ms = |d: Option<&Duration>| d.map_or(f64::NAN, |d| d.as_secs_f64() * 1e3);
        let p99 = percentile(&times, 0.99);
        let met = p99.is_some_and(|p99| *p99 < TARGET);
        if case.required {
            required += 1;
            required_met += usize::from(met);
        }
        println!(
            "{:<44} {matches:>8} {:>8.1} {:>8.1} {:>8.1}  {}{}",
            case.name,
            ms(percentile(&times, 0.5)),
            ms(p99),
            ms(times.last()),
            if met { "met" } else { "MISSED" },
            if times.len() < REPETITIONS {
                format!(" ({} runs)", times.len())
            } else {
                String::new()
            },
        );
        if all_plans || p99.is_some_and(|p99| *p99 >= TARGET / 2) {
            to_explain.push((case, cursor));
        }
    }
    println!(
        "required cases under {} ms: {required_met} of {required}",
        TARGET.as_millis()
    );
    for (case, cursor) in to_explain {
        let filter = case.filter.clone();
        let plan = db
            .read(move |conn| query_plan(conn, &filter, cursor))
            .await
            .unwrap_or_else(|e| vec![format!("no plan: {e}")]);
        println!("plan of \"{}\":", case.name);
        for line in plan {
            println!("    {line}");
        }
    }
}

/// Where each case's page starts: after the last row of the pages before
/// it, or `Err(pages)` when the filter has fewer pages. The queue's order is
/// total (it ends with the id), so the row at 50 × (n - 1) is exactly where
/// "next", followed n - 1 times, leads; one query finds it, once for all
/// passes, where walking would cost n - 1 queries of up to seconds each on
/// the slow schemas.
async fn page_starts(db: &Db, cases: &[Case]) -> Vec<Result<Option<QueueCursor>, usize>> {
    let mut starts = Vec::with_capacity(cases.len());
    for case in cases {
        if case.page == 1 {
            starts.push(Ok(None));
            continue;
        }
        let before = SHOWN_ROWS * (case.page - 1);
        let filter = case.filter.clone();
        // One row more, so that the page itself is known to exist.
        let rows = db
            .read(move |conn| tips::queue(conn, &filter, None, before as i64 + 1, Some(&BENCH_ORG)))
            .await
            .expect("the rows before the page");
        starts.push(if rows.len() > before {
            Ok(Some(rows[before - 1].cursor()))
        } else {
            Err(rows.len().div_ceil(SHOWN_ROWS))
        });
    }
    starts
}

/// One warm-up, then up to `REPETITIONS` timed calls, as the handler makes
/// them: `tips::queue` on a pooled reader through `Db::read`.
async fn measure(db: &Db, case: &Case, cursor: Option<QueueCursor>) -> Vec<Duration> {
    let started = Instant::now();
    let mut times = Vec::with_capacity(REPETITIONS);
    for run in 0..=REPETITIONS {
        if times.len() >= MIN_REPETITIONS && started.elapsed() > CASE_BUDGET {
            break;
        }
        let filter = case.filter.clone();
        let began = Instant::now();
        db.read(move |conn| tips::queue(conn, &filter, cursor, PAGE_ROWS, Some(&BENCH_ORG)))
            .await
            .expect("a queue page");
        if run > 0 {
            times.push(began.elapsed());
        }
    }
    times
}

/// Nearest-rank percentile of sorted durations.
fn percentile(sorted: &[Duration], q: f64) -> Option<&Duration> {
    let rank = (sorted.len() as f64 * q).ceil() as usize;
    sorted.get(rank.max(1) - 1)
}

// ---------------------------------------------------------------- plans

/// The SQL `tips::queue` sends for this filter and cursor, with its
/// bound values written in as literals. With STAT4 statistics SQLite plans
/// a statement for the values bound to it, so a plan or count made with
/// unbound parameters could differ from the one the queue gets.
fn queue_sql(
    conn: &mut DbConnection,
    filter: &QueueFilter,
    cursor: Option<QueueCursor>,
) -> Result<String, DbError> {
    let seen: Arc<Mutex<Option<String>>> = Arc::default();
    let sink = Arc::clone(&seen);
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            *sink.lock().unwrap() = Some(query.to_string());
        }
    });
    let result = tips::queue(conn, filter, cursor, PAGE_ROWS, Some(&BENCH_ORG));
    conn.set_instrumentation(None::<Box<dyn Instrumentation>>);
    result?;
    let debug = seen.lock().unwrap().take().expect("the queue sent a query");
    Ok(with_literal_binds(&debug))
}

/// Turns diesel's `SQL -- binds: [..]` into SQL with the values written in.
fn with_literal_binds(debug: &str) -> String {
    let (sql, binds) = debug
        .rsplit_once(" -- binds: ")
        .expect("diesel's debug form of a query");
    let mut literals = debug_list_as_sql(binds).into_iter();
    let mut out = String::with_capacity(sql.len() + 256);
    let mut in_literal = false;
    for c in sql.chars() {
        match c {
            '\'' => {
                in_literal = !in_literal;
                out.push(c);
            }
            '?' if !in_literal => out.push_str(&literals.next().expect("a value for each ?")),
            _ => out.push(c),
        }
    }
    out
}

/// The values of a Rust debug list (`["new", 51, true, 2025-03-01T00:00:00]`)
/// as SQLite literals: strings quoted, booleans as 0 and 1, timestamps as
/// diesel stores them.
fn debug_list_as_sql(list: &str) -> Vec<String> {
    let inner = list.trim().trim_start_matches('[').trim_end_matches(']');
    let mut values = Vec::new();
    let mut chars = inner.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c == ',' || c == ' ' {
            chars.next();
            continue;
        }
        if c == '"' {
            chars.next();
            let mut value = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => match chars.next() {
                        Some('n') => value.push('\n'),
                        Some('t') => value.push('\t'),
                        Some('r') => value.push('\r'),
                        Some('0') => value.push('\0'),
                        Some('u') => {
                            let hex: String = chars
                                .by_ref()
                                .skip_while(|c| *c == '{')
                                .take_while(|c| *c != '}')
                                .collect();
                            value.extend(
                                u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32),
                            );
                        }
                        Some(other) => value.push(other),
                        None => {}
                    },
                    c => value.push(c),
                }
            }
            values.push(text(&value));
        } else {
            let mut token = String::new();
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                token.push(c);
                chars.next();
            }
            let token = token.trim();
            values.push(match token {
                "true" => "1".to_owned(),
                "false" => "0".to_owned(),
                // A NaiveDateTime: `2025-03-01T00:00:00`.
                t if t.contains('-') && t.contains(':') => text(&t.replacen('T', " ", 1)),
                t => t.to_owned(),
            });
        }
    }
    values
}

#[derive(QueryableByName)]
struct PlanRow {
    #[diesel(sql_type = Integer)]
    id: i32,
    #[diesel(sql_type = Integer)]
    parent: i32,
    #[diesel(sql_type = Text)]
    detail: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn sqlite(conn: &mut DbConnection) -> &mut SqliteConnection {
    match conn {
        DbConnection::Sqlite(sqlite) => sqlite,
        DbConnection::Postgres(_) => unreachable!("this benchmark opens SQLite only"),
    }
}

/// SQLite's plan for the queue's query, indented as the sqlite3 shell does.
fn query_plan(
    conn: &mut DbConnection,
    filter: &QueueFilter,
    cursor: Option<QueueCursor>,
) -> Result<Vec<String>, DbError> {
    let sql = queue_sql(conn, filter, cursor)?;
    let rows: Vec<PlanRow> =
        diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}")).load(sqlite(conn))?;
    let mut depth: Vec<(i32, usize)> = Vec::new();
    Ok(rows
        .into_iter()
        .map(|row| {
            let level = depth
                .iter()
                .find(|(id, _)| *id == row.parent)
                .map_or(0, |(_, level)| level + 1);
            depth.push((row.id, level));
            format!("{}{}", "  ".repeat(level), row.detail)
        })
        .collect())
}

/// How many tips the filter matches in all (the queue's query without its
/// LIMIT, counted).
fn count_matches(conn: &mut DbConnection, filter: &QueueFilter) -> Result<i64, DbError> {
    let sql = queue_sql(conn, filter, None)?;
    let unlimited = sql
        .strip_suffix(&format!(" LIMIT {PAGE_ROWS}"))
        .expect("the queue's query ends with its LIMIT");
    let count: Count = diesel::sql_query(format!("SELECT count(*) AS n FROM ({unlimited})"))
        .get_result(sqlite(conn))?;
    Ok(count.n)
}
