//! Uploads played by an attacker over bare TCP: bodies in chunks, bodies
//! that trickle, bodies that do not begin with a signed token, and bodies
//! that would take more memory than the budget. Each must be refused
//! without the server reading (or holding) what it would refuse, while a
//! genuine report on another address still gets its receipt.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::helpers::{Backend, TestApp, count_rows, on_both_backends};

const BOUNDARY: &str = "edge";

/// A connection to the app from the loopback address `source`.
async fn connect(app: &TestApp, source: [u8; 4]) -> TcpStream {
    let server: SocketAddr = app.address.trim_start_matches("http://").parse().unwrap();
    let socket = TcpSocket::new_v4().unwrap();
    socket
        .bind(SocketAddr::new(IpAddr::from(source), 0))
        .unwrap();
    socket.connect(server).await.unwrap()
}

fn head(path: &str, length: usize) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: tipline.test\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
         Content-Length: {length}\r\n\r\n"
    )
}

fn text_part(name: &str, value: &str) -> String {
    format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
}

fn photo_part(bytes: usize) -> Vec<u8> {
    let mut part = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.jpg\"\r\n\
         Content-Type: image/jpeg\r\n\r\n"
    )
    .into_bytes();
    part.extend(std::iter::repeat_n(b'x', bytes));
    part.extend_from_slice(b"\r\n");
    part
}

/// A whole compound report as the form sends it, token first.
fn report_body(token: &str) -> Vec<u8> {
    let mut body = String::new();
    body.push_str(&text_part("form_token", token));
    for (name, value) in [
        ("category", "compound"),
        ("description", "Guards at the gate, windows barred"),
        ("province", "17"),
        ("landmark", "behind the market"),
    ] {
        body.push_str(&text_part(name, value));
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    body.into_bytes()
}

/// Reads the answer until the server closes the connection.
async fn answer_and_close(stream: &mut TcpStream, within: Duration) -> String {
    let mut answer = Vec::new();
    tokio::time::timeout(within, stream.read_to_end(&mut answer))
        .await
        .expect("the server neither answered nor closed the connection in time")
        .unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

#[actix_web::test]
async fn a_body_in_chunks_is_refused_at_once_even_with_an_absurd_chunk_size() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let mut stream = connect(&app, [127, 0, 0, 2]).await;
    let request = "POST /en/report HTTP/1.1\r\nHost: tipline.test\r\n\
         Content-Type: multipart/form-data; boundary=edge\r\n\
         Transfer-Encoding: chunked\r\n\r\nffffffffffffff\r\n--edge\r\n";
    stream.write_all(request.as_bytes()).await.unwrap();
    let answer = answer_and_close(&mut stream, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 411"), "{answer}");
    assert!(
        answer.contains("We could not do what you asked"),
        "not the translated page: {answer}"
    );
    assert_eq!(app.bodies.held(), 0);
}

#[actix_web::test]
async fn a_body_that_does_not_begin_with_a_signed_token_is_refused_before_the_rest() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    // The photo first, then a forged token: the server must answer after the
    // first part, without waiting for the 20 MB that are declared.
    for first in [
        photo_part(64 * 1024),
        text_part("form_token", "1.2.3").into_bytes(),
    ] {
        let mut stream = connect(&app, [127, 0, 0, 2]).await;
        stream
            .write_all(head("/en/report", 20 * 1024 * 1024).as_bytes())
            .await
            .unwrap();
        stream.write_all(&first).await.unwrap();
        stream.write_all(b"--edge\r\n").await.unwrap();
        let answer = answer_and_close(&mut stream, Duration::from_secs(10)).await;
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
        assert!(
            answer.contains("We could not do what you asked"),
            "{answer}"
        );
    }
    assert_eq!(count_rows(&app.database, "tips"), 0);
    assert_eq!(app.bodies.held(), 0);
    // The same form with its token first is taken.
    let token = app.report_token("en").await;
    let body = report_body(&token);
    let mut stream = connect(&app, [127, 0, 0, 3]).await;
    stream
        .write_all(head("/en/report", body.len()).as_bytes())
        .await
        .unwrap();
    stream.write_all(&body).await.unwrap();
    let mut answer = vec![0u8; 64 * 1024];
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer))
        .await
        .unwrap()
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert_eq!(count_rows(&app.database, "tips"), 1);
}

async fn a_trickling_body_is_cut_off_while_a_slow_honest_one_is_taken(backend: Backend) {
    let pace = [
        ("TIPLINE_BODY_GRACE", "1"),
        ("TIPLINE_BODY_MIN_RATE", "1000"),
        ("TIPLINE_BODY_IDLE", "30"),
    ];
    let Some(app) = TestApp::spawn_with(backend, &pace).await else {
        return;
    };
    let token = app.report_token("en").await;
    let body = report_body(&token);

    // The attacker declares a body and sends a byte every 300 ms: never idle
    // for long, but far below 1,000 bytes a second.
    let trickle = {
        let mut stream = connect(&app, [127, 0, 0, 2]).await;
        let body = body.clone();
        actix_web::rt::spawn(async move {
            stream
                .write_all(head("/en/report", body.len()).as_bytes())
                .await
                .unwrap();
            let started = std::time::Instant::now();
            for byte in &body {
                if stream.write_all(&[*byte]).await.is_err() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(300)).await;
                if started.elapsed() > Duration::from_secs(20) {
                    break;
                }
            }
            let mut answer = Vec::new();
            let _ = stream.read_to_end(&mut answer).await;
            (
                String::from_utf8_lossy(&answer).into_owned(),
                started.elapsed(),
            )
        })
    };

    // A tipster on a slow line sends the same form at 2,000 bytes a second.
    let mut stream = connect(&app, [127, 0, 0, 3]).await;
    stream
        .write_all(head("/en/report", body.len()).as_bytes())
        .await
        .unwrap();
    for piece in body.chunks(200) {
        stream.write_all(piece).await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut answer = vec![0u8; 64 * 1024];
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer))
        .await
        .unwrap()
        .unwrap();
    let honest = String::from_utf8_lossy(&answer[..read]);
    assert!(honest.starts_with("HTTP/1.1 200"), "{honest}");

    let (answer, took) = trickle.await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains("The connection was too slow"),
        "not the translated page: {answer}"
    );
    assert!(
        took < Duration::from_secs(15),
        "cut off only after {took:?}"
    );
    assert_eq!(count_rows(&app.database, "tips"), 1);
    assert_eq!(app.bodies.held(), 0);
}

async fn a_full_body_budget_turns_a_body_away_until_bytes_are_given_back(backend: Backend) {
    let settings = [
        ("TIPLINE_BODY_BUDGET", "200000"),
        ("TIPLINE_SHARE_WAIT", "1"),
    ];
    let Some(app) = TestApp::spawn_with(backend, &settings).await else {
        return;
    };
    let token = app.report_token("en").await;
    // The attacker declares 199.8 kB and sends only its token: its
    // reservation holds the budget while the body keeps its pace.
    let mut holder = connect(&app, [127, 0, 0, 2]).await;
    holder
        .write_all(head("/en/report", 199_800).as_bytes())
        .await
        .unwrap();
    holder
        .write_all(text_part("form_token", &token).as_bytes())
        .await
        .unwrap();
    for _ in 0..200 {
        if app.bodies.held() == 199_800 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(app.bodies.held(), 199_800);

    // A report in words holds little and is taken while the budget is full.
    let words = report_body(&token);
    let taken = send(&app, [127, 0, 0, 3], &words).await;
    assert!(taken.starts_with("HTTP/1.1 200"), "{taken}");
    assert_eq!(count_rows(&app.database, "tips"), 1);

    // A report with a photo waits for the budget, then gets the busy page.
    let with_photo = report_with_photo(&app.report_token("en").await);
    let turned_away = send(&app, [127, 0, 0, 4], &with_photo).await;
    assert!(turned_away.starts_with("HTTP/1.1 503"), "{turned_away}");
    assert!(
        turned_away.to_ascii_lowercase().contains("retry-after: 60"),
        "{turned_away}"
    );
    assert!(turned_away.contains("Very busy right now"), "{turned_away}");

    drop(holder);
    for _ in 0..200 {
        if app.bodies.held() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Once the bytes are given back, the same report is read and checked
    // (its photo is no picture: 422, the form shown again).
    let with_photo = report_with_photo(&app.report_token("en").await);
    let read = send(&app, [127, 0, 0, 4], &with_photo).await;
    assert!(read.starts_with("HTTP/1.1 422"), "{read}");
    assert!(read.contains("not a photo we can read"), "{read}");
    assert_eq!(count_rows(&app.database, "tips"), 1);
}

/// Sends `body` as a report from `source` and reads the whole answer.
async fn send(app: &TestApp, source: [u8; 4], body: &[u8]) -> String {
    let mut stream = connect(app, source).await;
    stream
        .write_all(head("/en/report", body.len()).as_bytes())
        .await
        .unwrap();
    let _ = stream.write_all(body).await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), async {
        let mut chunk = vec![0u8; 64 * 1024];
        while let Ok(read) = stream.read(&mut chunk).await {
            if read == 0 {
                break;
            }
            answer.extend_from_slice(&chunk[..read]);
            let text = String::from_utf8_lossy(&answer);
            if text.contains("</html>") {
                break;
            }
        }
    })
    .await;
    String::from_utf8_lossy(&answer).into_owned()
}

/// A compound report with a photo part of 100 kB, which is no picture.
fn report_with_photo(token: &str) -> Vec<u8> {
    let mut body = text_part("form_token", token).into_bytes();
    for (name, value) in [
        ("category", "compound"),
        ("description", "Guards at the gate, windows barred"),
        ("province", "17"),
        ("landmark", "behind the market"),
    ] {
        body.extend(text_part(name, value).into_bytes());
    }
    body.extend(photo_part(100_000));
    body.extend(format!("--{BOUNDARY}--\r\n").into_bytes());
    body
}

on_both_backends!(a_trickling_body_is_cut_off_while_a_slow_honest_one_is_taken);
on_both_backends!(a_full_body_budget_turns_a_body_away_until_bytes_are_given_back);

/// Bodies that trickle hold their place among uploads, never one in the
/// hashing pool: that is taken once the body is in, so slow bodies from
/// many addresses cannot keep genuine checks from hashing.
#[actix_web::test]
async fn a_trickling_body_holds_no_place_in_the_hashing_pool() {
    use tipline::shares::Pool;
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let token = app.report_token("en").await;
    let mut trickles = Vec::new();
    for n in 2..8 {
        let mut stream = connect(&app, [127, 0, 0, n]).await;
        stream
            .write_all(head("/en/report", 10_000).as_bytes())
            .await
            .unwrap();
        stream
            .write_all(text_part("form_token", &token).as_bytes())
            .await
            .unwrap();
        trickles.push(stream);
    }
    for _ in 0..200 {
        if app.shares.held(Pool::Uploads) == 6 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(app.shares.held(Pool::Uploads), 6);
    assert_eq!(app.shares.held(Pool::Hashing), 0);
    let (code, passphrase) = app.report_compound().await;
    assert!(
        app.check_status("en", &code, &passphrase)
            .await
            .contains("No messages yet")
    );
    drop(trickles);
}
