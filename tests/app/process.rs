//! The real `tipline` binary as an operator runs it: configuration errors,
//! `--help`, what it logs, and a graceful stop on SIGTERM.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use tipline::config::VARIABLES;

use crate::binary::{RunningServer, tipline};
use crate::helpers::{Backend, TestDatabase, on_both_backends};

/// A raw HTTP/1.1 GET, to know the client's own port and send any header.
/// Returns the status, the raw body and the client's `address:port`.
fn raw_get(address: &str, path: &str, headers: &[(&str, &str)]) -> (u16, String, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let client = stream.local_addr().unwrap().to_string();
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    (status, response, client)
}

const TELLTALE_HEADERS: [(&str, &str); 4] = [
    ("User-Agent", "Telltale-Agent/7.3 (Android 9; SM-A105F)"),
    ("Referer", "https://referrer.example/where-i-came-from"),
    ("X-Forwarded-For", "203.0.113.77"),
    ("X-Real-IP", "198.51.100.23"),
];

async fn the_binary_serves_and_logs_nothing_about_the_visitor(backend: Backend) {
    let Some(database) = TestDatabase::empty(backend) else {
        return;
    };
    let secret = "5e".repeat(32);
    let mut environment = database.environment();
    environment.insert("TIPLINE_LOG_FORMAT".into(), "json".into());
    environment.insert("TIPLINE_SECRET_KEY".into(), secret.clone());
    let server = RunningServer::start(&environment, database.dir.path());

    let mut clients = Vec::new();
    for (path, expected) in [
        ("/km/?q=query-secret-5678", 200),
        ("/en/secret-path-9999", 404),
        ("/healthz", 200),
    ] {
        let (status, _, client) = raw_get(&server.address, path, &TELLTALE_HEADERS);
        assert_eq!(status, expected, "{path}");
        clients.push(client);
    }
    let mut conn = database.connect();
    diesel::connection::SimpleConnection::batch_execute(
        &mut conn,
        "ALTER TABLE places RENAME TO places_gone",
    )
    .unwrap();
    let (status, body, client) = raw_get(&server.address, "/en/about", &TELLTALE_HEADERS);
    assert_eq!(status, 500);
    clients.push(client);
    let reference = body.split("Reference: ").nth(1).unwrap()[..8].to_owned();

    let (exit, log) = server.terminate();
    assert!(
        exit.success(),
        "SIGTERM did not end the server cleanly: {exit:?}\n{log}"
    );
    assert!(log.contains("tipline stopped"), "{log}");

    for (_, value) in TELLTALE_HEADERS {
        assert!(!log.contains(value), "the log holds `{value}`:\n{log}");
    }
    assert!(
        !log.contains("Telltale") && !log.contains("referrer.example"),
        "{log}"
    );
    for telltale in ["query-secret-5678", "secret-path-9999", secret.as_str()] {
        assert!(
            !log.contains(telltale),
            "the log holds `{telltale}`:\n{log}"
        );
    }
    for client in clients {
        assert!(
            !log.contains(&client),
            "the log holds the client address {client}:\n{log}"
        );
    }
    let request_lines: Vec<&str> = log
        .lines()
        .filter(|line| line.contains(r#""message":"request""#))
        .collect();
    assert_eq!(request_lines.len(), 4, "one line per request:\n{log}");
    assert!(
        request_lines[0].contains(r#""route":"/{lang}/""#),
        "{}",
        request_lines[0]
    );
    assert!(
        request_lines[0].contains(r#""status":200"#)
            && request_lines[0].contains(r#""method":"GET""#)
    );
    let failure = log
        .lines()
        .find(|line| line.contains("server error") && line.contains(&reference))
        .unwrap_or_else(|| panic!("the cause of {reference} is not logged:\n{log}"));
    assert!(
        failure.contains("places"),
        "the logged cause does not name the failure: {failure}"
    );
}
on_both_backends!(the_binary_serves_and_logs_nothing_about_the_visitor);

#[test]
fn help_documents_every_setting() {
    let output = tipline().arg("--help").output().unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for variable in VARIABLES {
        assert!(
            help.contains(variable.name),
            "--help does not mention {}",
            variable.name
        );
    }
}

#[test]
fn the_readme_opens_with_the_two_commands_and_documents_every_setting() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let opening: String = readme.chars().take(1_500).collect();
    assert!(
        opening.contains("cargo run --release") && opening.contains("cargo test"),
        "{opening}"
    );
    for variable in VARIABLES {
        assert!(
            readme.contains(&format!("`{}`", variable.name)),
            "README.md does not document {}",
            variable.name
        );
    }
}

#[test]
fn an_unknown_database_scheme_stops_the_start_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for url in ["mysql://root@127.0.0.1/tips", ":memory:"] {
        let output = tipline()
            .current_dir(dir.path())
            .env("DATABASE_URL", url)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{url} was accepted");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains("DATABASE_URL"), "{stderr}");
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "something was created"
    );
}

#[test]
fn a_fresh_start_creates_its_database_and_a_private_key_in_data() {
    let dir = tempfile::tempdir().unwrap();
    let environment: HashMap<String, String> = [
        ("TIPLINE_BIND", "127.0.0.1:0"),
        ("TIPLINE_LOG_FORMAT", "json"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let server = RunningServer::start(&environment, dir.path());
    let (status, _, _) = raw_get(&server.address, "/healthz", &[]);
    assert_eq!(status, 200);
    let (exit, log) = server.terminate();
    assert!(exit.success(), "{log}");
    use std::os::unix::fs::PermissionsExt;
    let data = dir.path().join("data");
    assert!(data.join("tipline.db").is_file(), "no data/tipline.db");
    let key_mode = std::fs::metadata(data.join("secret.key"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(key_mode & 0o777, 0o600);
    assert_eq!(
        std::fs::metadata(&data).unwrap().permissions().mode() & 0o777,
        0o700
    );
}

/// The fair-share key, sessions and passphrases in flight live only in
/// memory: a crash must not write them to disk.
#[actix_web::test]
async fn the_server_never_dumps_its_memory() {
    let Some(database) = TestDatabase::empty(Backend::Sqlite) else {
        return;
    };
    let server = RunningServer::start(&database.environment(), database.dir.path());
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", server.pid())).unwrap();
    let core = limits
        .lines()
        .find(|line| line.starts_with("Max core file size"))
        .expect("a core size limit");
    let values: Vec<&str> = core.split_whitespace().skip(4).take(2).collect();
    assert_eq!(values, ["0", "0"], "{core}");
    server.kill();
}
