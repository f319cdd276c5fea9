//! The database layer on both backends: migrations, pragmas, the gazetteer.

use std::collections::BTreeSet;

use diesel::{QueryableByName, RunQueryDsl, sql_types::BigInt, sql_types::Text};
use tipline::db::{DatabaseTarget, Db, DbConnection, places};
use tipline::domain::place::{PlaceCode, PlaceLevel};

use crate::helpers::{Backend, TestDatabase, on_both_backends};

fn open(database: &TestDatabase) -> Db {
    Db::open(&DatabaseTarget::parse(&database.url()).unwrap(), 2).expect("the database opens")
}

fn migration_names(backend: &str) -> BTreeSet<String> {
    let dir = format!("{}/migrations/{backend}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            for file in ["up.sql", "down.sql"] {
                assert!(
                    path.join(file).is_file(),
                    "{} has no {file}",
                    path.display()
                );
            }
            path.file_name().unwrap().to_string_lossy().into_owned()
        })
        .collect()
}

#[test]
fn both_backends_have_the_same_migrations() {
    let sqlite = migration_names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, migration_names("postgres"));
}

async fn opening_migrates_and_loads_the_gazetteer_once(backend: Backend) {
    let Some(database) = TestDatabase::empty(backend) else {
        return;
    };
    let db = open(&database);
    let provinces = db.read(|conn| places::children(conn, None)).await.unwrap();
    assert_eq!(provinces.len(), 25);
    assert_eq!(provinces[0].code.as_str(), "01");
    assert!(
        provinces
            .iter()
            .all(|p| p.level() == PlaceLevel::Province && p.parent.is_none())
    );

    let siem_reap = PlaceCode::parse("17").unwrap();
    let districts = db
        .read(move |conn| places::children(conn, Some(&siem_reap)))
        .await
        .unwrap();
    assert!(districts.len() >= 10, "{districts:?}");
    assert!(
        districts
            .iter()
            .all(|d| d.parent.as_ref().map(PlaceCode::as_str) == Some("17"))
    );
    assert!(
        districts.windows(2).all(|pair| pair[0].code < pair[1].code),
        "not in code order"
    );

    let village = PlaceCode::parse("01020101").unwrap();
    assert!(
        db.read(move |conn| places::children(conn, Some(&village)))
            .await
            .unwrap()
            .is_empty()
    );

    drop(db);
    let reopened = open(&database);
    let counts = reopened.read(places::count_by_level).await.unwrap();
    assert_eq!(
        (
            counts.provinces,
            counts.districts,
            counts.communes,
            counts.villages
        ),
        (25, 210, 1_661, 14_488)
    );
}
on_both_backends!(opening_migrates_and_loads_the_gazetteer_once);

#[derive(QueryableByName)]
struct Number {
    #[diesel(sql_type = BigInt)]
    value: i64,
}

#[derive(QueryableByName)]
struct Word {
    #[diesel(sql_type = Text)]
    value: String,
}

/// `PRAGMA name` read as a number; `busy_timeout` names its column `timeout`.
fn pragma_number(conn: &mut DbConnection, pragma: &str) -> i64 {
    let DbConnection::Sqlite(conn) = conn else {
        panic!("SQLite only")
    };
    let column = if pragma == "busy_timeout" {
        "timeout"
    } else {
        pragma
    };
    diesel::sql_query(format!("SELECT {column} AS value FROM pragma_{pragma}()"))
        .get_result::<Number>(conn)
        .unwrap()
        .value
}

#[actix_web::test]
async fn sqlite_connections_are_durable_with_foreign_keys_and_readers_cannot_write() {
    let Some(database) = TestDatabase::seeded(Backend::Sqlite) else {
        return;
    };
    let db = open(&database);
    let (synchronous, foreign_keys, busy_timeout, journal_mode) = db
        .write(|conn| {
            let journal = {
                let DbConnection::Sqlite(sqlite) = &mut *conn else {
                    unreachable!()
                };
                diesel::sql_query("SELECT journal_mode AS value FROM pragma_journal_mode()")
                    .get_result::<Word>(sqlite)?
                    .value
            };
            Ok((
                pragma_number(conn, "synchronous"),
                pragma_number(conn, "foreign_keys"),
                pragma_number(conn, "busy_timeout"),
                journal,
            ))
        })
        .await
        .unwrap();
    assert_eq!(journal_mode, "wal");
    assert_eq!(synchronous, 2, "synchronous is not FULL");
    assert_eq!(foreign_keys, 1);
    assert_eq!(busy_timeout, 5_000);

    let reader_refuses = db
        .read(|conn| {
            assert_eq!(pragma_number(conn, "foreign_keys"), 1);
            Ok(diesel::sql_query("DELETE FROM places")
                .execute(conn)
                .is_err())
        })
        .await
        .unwrap();
    assert!(reader_refuses, "a read connection could write");

    let orphan = db
        .write(|conn| {
            Ok(diesel::sql_query(
                "INSERT INTO places (code, parent_code, level, name_km, name_en) VALUES ('9901', '99', 'district', 'x', 'x')",
            )
            .execute(conn)
            .is_err())
        })
        .await
        .unwrap();
    assert!(orphan, "a place with no parent was accepted");
}

#[actix_web::test]
async fn instances_starting_together_on_postgresql_migrate_and_seed_once() {
    let Some(database) = TestDatabase::empty(Backend::Postgres) else {
        return;
    };
    let url = database.url();
    let starts: Vec<_> = (0..3)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || Db::open(&DatabaseTarget::parse(&url).unwrap(), 2).map(drop))
        })
        .collect();
    for start in starts {
        start.join().unwrap().expect("every instance starts");
    }
    let db = open(&database);
    let counts = db.read(places::count_by_level).await.unwrap();
    assert_eq!(counts.villages, 14_488);
}

#[actix_web::test]
async fn an_sqlite_file_in_a_missing_directory_is_an_error_not_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let target =
        DatabaseTarget::parse(&format!("{}/absent/tipline.db", dir.path().display())).unwrap();
    let error = Db::open(&target, 1).unwrap_err();
    assert!(error.to_string().contains("does not exist"), "{error}");
    assert!(!dir.path().join("absent").exists());
}
