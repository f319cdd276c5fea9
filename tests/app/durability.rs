//! A receipt is shown only after its tip is committed: killing the server
//! with SIGKILL in the middle of concurrent submissions loses no tip whose
//! receipt was shown, and leaves no tip half-stored.

use std::time::{Duration, Instant};

use futures_util::future::join_all;
use reqwest::multipart::{Form, Part};

use crate::binary::RunningServer;
use crate::helpers::{
    Backend, TestDatabase, client, count_rows, element_text, input_value, on_both_backends,
    open_status,
};

const PHONE_PHOTO: &[u8] = include_bytes!("../fixtures/phone-photo-gps.jpg");
const SUBMITTERS: usize = 8;

/// Submits reports until the server stops answering; returns each receipt
/// that arrived whole.
async fn submit_until_gone(address: &str) -> Vec<(String, String)> {
    let client = client();
    let mut receipts = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let Ok(page) = client
            .get(format!("http://{address}/en/report"))
            .send()
            .await
        else {
            break;
        };
        let Ok(page) = page.text().await else { break };
        let form = Form::new()
            .text("form_token", input_value(&page, "form_token"))
            .text("category", "compound")
            .text("description", "Durability check")
            .text("province", "12")
            .part(
                "photos",
                Part::bytes(PHONE_PHOTO.to_vec()).file_name("p.jpg"),
            );
        let Ok(response) = client
            .post(format!("http://{address}/en/report"))
            .multipart(form)
            .send()
            .await
        else {
            break;
        };
        let Ok(html) = response.text().await else {
            break;
        };
        if html.contains("id=\"tip-passphrase\"") {
            receipts.push((
                element_text(&html, "tip-code"),
                element_text(&html, "tip-passphrase"),
            ));
        }
    }
    receipts
}

async fn receipts_survive_a_kill_in_the_middle_of_submissions(backend: Backend) {
    let Some(database) = TestDatabase::empty(backend) else {
        return;
    };
    let environment = database.environment();
    let server = RunningServer::start(&environment, database.dir.path());
    let address = server.address.clone();
    let submitters = join_all((0..SUBMITTERS).map(|_| submit_until_gone(&address)));
    let killer = async {
        tokio::time::sleep(Duration::from_millis(2_500)).await;
        server.kill()
    };
    let (receipts, _log) = tokio::join!(submitters, killer);
    let receipts: Vec<_> = receipts.into_iter().flatten().collect();
    assert!(
        receipts.len() >= SUBMITTERS,
        "only {} receipts before the kill",
        receipts.len()
    );

    let restarted = RunningServer::start(&environment, database.dir.path());
    let client = client();
    let base = format!("http://{}", restarted.address);
    for (code, passphrase) in &receipts {
        let page = open_status(&client, &base, "en", code, passphrase).await;
        assert!(
            page.contains("id=\"tip-status\""),
            "the receipt {code} was shown but its tip is gone"
        );
    }
    let tips = count_rows(&database, "tips");
    assert!(tips >= receipts.len() as i64);
    assert_eq!(
        count_rows(&database, "tip_photos"),
        tips,
        "a tip was stored without its photo"
    );
    let (exit, log) = restarted.terminate();
    assert!(exit.success(), "{log}");
}
on_both_backends!(receipts_survive_a_kill_in_the_middle_of_submissions);
