//! Nothing identifies a tipster: a whole journey from a distinct loopback
//! address with a telltale user agent and referrer leaves none of them in
//! anything the server wrote or printed.

use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;

use reqwest::multipart::{Form, Part};

use crate::binary::RunningServer;
use crate::helpers::{Backend, TestDatabase, element_text, input_value, open_status};

const SOURCE: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
const AGENT: &str = "TelltaleBrowser/4.2 (Linux; Android 8.1; Itel A16)";
const REFERRER: &str = "https://telltale-referrer.example/came-from-here";
const PHONE_PHOTO: &[u8] = include_bytes!("../fixtures/phone-photo-gps.jpg");

fn files_under(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, found);
        } else {
            found.push(path);
        }
    }
}

#[actix_web::test]
async fn a_tipster_leaves_no_address_agent_or_referrer_anywhere() {
    let Some(database) = TestDatabase::empty(Backend::Sqlite) else {
        return;
    };
    let mut environment = database.environment();
    environment.insert("TIPLINE_LOG".into(), "debug".into());
    let server = RunningServer::start(&environment, database.dir.path());
    let client = reqwest::Client::builder()
        .local_address(SOURCE)
        .user_agent(AGENT)
        .default_headers(reqwest::header::HeaderMap::from_iter([(
            reqwest::header::REFERER,
            REFERRER.parse().unwrap(),
        )]))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let url = |path: &str| format!("http://{}{path}", server.address);

    let form_page = client
        .get(url("/km/report"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let report = Form::new()
        .text("form_token", input_value(&form_page, "form_token"))
        .text("category", "compound")
        .text("description", "Gate guarded at night")
        .text("province", "12")
        .part(
            "photos",
            Part::bytes(PHONE_PHOTO.to_vec()).file_name("IMG_0042.jpg"),
        );
    let receipt = client
        .post(url("/km/report"))
        .multipart(report)
        .send()
        .await
        .unwrap();
    assert_eq!(receipt.status(), 200);
    let receipt = receipt.text().await.unwrap();
    let (code, passphrase) = (
        element_text(&receipt, "tip-code"),
        element_text(&receipt, "tip-passphrase"),
    );
    let base = format!("http://{}", server.address);
    let status = open_status(&client, &base, "km", &code, &passphrase).await;
    let reply = Form::new()
        .text("token", input_value(&status, "token"))
        .text("body", "Still there today");
    assert_eq!(
        client
            .post(url("/km/status/reply"))
            .multipart(reply)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    let (exit, log) = server.terminate();
    assert!(exit.success());
    assert!(log.contains(r#""route":"/{lang}/status/reply""#), "{log}");
    let telltales = [
        "127.0.0.2",
        AGENT,
        "TelltaleBrowser",
        "telltale-referrer",
        REFERRER,
    ];
    for telltale in telltales {
        assert!(
            !log.contains(telltale),
            "the output holds `{telltale}`:\n{log}"
        );
    }
    // Each line is dated to the minute, no finer: "2026-12-07T06:10Z".
    let dated: Vec<&str> = log
        .lines()
        .filter_map(|line| line.split(r#""timestamp":""#).nth(1))
        .map(|rest| rest.split('"').next().unwrap_or(rest))
        .collect();
    assert!(dated.len() > 3, "{log}");
    for time in dated {
        assert!(
            time.len() == 17 && time.ends_with('Z') && time.as_bytes()[13] == b':',
            "a line dated finer than the minute: {time}"
        );
    }
    let mut written = Vec::new();
    files_under(database.dir.path(), &mut written);
    assert!(
        written.iter().any(|path| path.ends_with("tipline.db")),
        "{written:?}"
    );
    for path in written {
        let bytes = std::fs::read(&path).unwrap();
        for telltale in telltales.iter().chain(&["IMG_0042"]) {
            let found = bytes
                .windows(telltale.len())
                .any(|window| window == telltale.as_bytes());
            assert!(!found, "{} holds `{telltale}`", path.display());
        }
    }
}
