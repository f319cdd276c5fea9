//! Fair shares, played by a script on one address: once it holds its
//! share of the hashing pool, its next request waits and then gets the
//! busy page, while a visitor on another address is still taken. Behind a
//! trusted proxy the visitor is the address the proxy forwards; from
//! anyone else `X-Forwarded-For` is ignored. Nothing is kept afterwards.

use std::net::IpAddr;
use std::time::Duration;

use tipline::shares::{Pool, share_of};

use crate::helpers::{Backend, TestApp, input_value};

fn client_from(address: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .local_address(IpAddr::from(address))
        .build()
        .unwrap()
}

/// A wrong status check from `client`, forwarded for `forwarded_for`.
async fn wrong_check(
    base: String,
    client: reqwest::Client,
    code: String,
    forwarded_for: String,
) -> reqwest::StatusCode {
    let url = format!("{base}/en/status");
    let form = client.get(&url).send().await.unwrap().text().await.unwrap();
    let fields = [
        ("form_token", input_value(&form, "form_token")),
        ("code", code),
        ("passphrase", "1111 2222 3333 4444".to_owned()),
    ];
    let answer = client
        .post(&url)
        .header("x-forwarded-for", forwarded_for)
        .form(&fields)
        .send()
        .await
        .unwrap();
    let status = answer.status();
    let page = answer.text().await.unwrap();
    if status == 503 {
        // The status form again, the code kept, and nothing checked.
        assert!(page.contains("Tipline is very busy right now"), "{page}");
    }
    status
}

/// Waits until the visitors together hold `count` of the hashing pool.
async fn until_held(app: &TestApp, count: usize) {
    for _ in 0..500 {
        if app.shares.held(Pool::Hashing) == count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!(
        "the pool holds {} instead of {count}",
        app.shares.held(Pool::Hashing)
    );
}

#[actix_web::test]
async fn one_address_gets_its_share_and_no_more_and_only_a_trusted_proxy_names_it() {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    // Room in the queue for every request the test keeps waiting.
    let queue = 8 * cores;
    let share = share_of(cores + queue);
    let settings = [
        ("TIPLINE_HASH_QUEUE", queue.to_string()),
        ("TIPLINE_SHARE_WAIT", "1".to_owned()),
        ("TIPLINE_TRUSTED_PROXIES", "127.0.0.1".to_owned()),
    ];
    let settings: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let Some(app) = TestApp::spawn_with(Backend::Sqlite, &settings).await else {
        return;
    };
    let (code, _) = app.report_compound().await;
    let proxy = client_from([127, 0, 0, 1]);
    let stranger = client_from([127, 0, 0, 2]);
    let check = |client: &reqwest::Client, forwarded: &str| {
        wrong_check(
            app.address.clone(),
            client.clone(),
            code.clone(),
            forwarded.to_owned(),
        )
    };

    let held = app.hashers.public.occupy().await.unwrap();
    let mut waiting = Vec::new();
    for _ in 0..share {
        waiting.push(actix_web::rt::spawn(check(&proxy, "198.51.100.7")));
    }
    until_held(&app, share).await;
    assert_eq!(
        check(&proxy, "198.51.100.7").await,
        503,
        "one address took more than its share"
    );
    // Another visitor behind the same proxy is taken at once.
    waiting.push(actix_web::rt::spawn(check(&proxy, "198.51.100.8")));
    until_held(&app, share + 1).await;

    // An untrusted peer cannot pass for many visitors by writing the header.
    for n in 0..share {
        waiting.push(actix_web::rt::spawn(check(
            &stranger,
            &format!("203.0.113.{n}"),
        )));
    }
    until_held(&app, 2 * share + 1).await;
    assert_eq!(check(&stranger, "203.0.113.99").await, 503);

    drop(held);
    for request in waiting {
        assert_eq!(request.await.unwrap(), 200);
    }
    assert_eq!(app.shares.entries(), 0, "the limiter kept something");
}
