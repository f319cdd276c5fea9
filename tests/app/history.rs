//! What a phone's history hands to whoever holds it (issue 13, "The
//! phone"): a status answer posted again shows only the empty form; the
//! reply form's token is never renewed without the passphrase and names no
//! tip; a reply sent twice is stored once.

use chrono::Utc;

use crate::helpers::{Backend, TestApp, count_rows, input_value, on_both_backends};

/// Posts the status form `fields` as the browser would send them again.
async fn post_status(app: &TestApp, fields: &[(&str, &str)]) -> (u16, String) {
    let response = app
        .client
        .post(app.url("/en/status"))
        .form(fields)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn a_status_answer_sent_again_shows_only_the_empty_form(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (code, passphrase) = app.report_compound().await;
    let token = input_value(&app.page("/en/status").await, "form_token");
    let fields = [
        ("form_token", token.as_str()),
        ("code", code.as_str()),
        ("passphrase", passphrase.as_str()),
    ];
    let (status, first) = post_status(&app, &fields).await;
    assert_eq!(status, 200);
    assert!(first.contains("No messages yet"), "{first}");

    // Back and Reload post the same form again: the page names nothing.
    let (status, again) = post_status(&app, &fields).await;
    assert_eq!(status, 422);
    assert!(
        again.contains("a report is not shown again from this phone"),
        "{again}"
    );
    assert!(!again.contains("No messages yet"));
    assert!(!again.contains(&code), "the code is shown again");
    assert!(!again.contains(r#"name="body""#), "a reply form is offered");
    // A wrong try sent again is no different from any other page.
    let token = input_value(&app.page("/en/status").await, "form_token");
    let wrong = [
        ("form_token", token.as_str()),
        ("code", code.as_str()),
        ("passphrase", "1111 2222 3333 4444"),
    ];
    assert_eq!(post_status(&app, &wrong).await.0, 200);
    assert_eq!(post_status(&app, &wrong).await.0, 422);

    // What the database keeps of spent forms goes once they could no
    // longer be posted.
    assert_eq!(count_rows(&app.database, "spent_forms"), 2);
    app.jobs
        .sweep(Utc::now() + chrono::Duration::hours(25))
        .await;
    assert_eq!(count_rows(&app.database, "spent_forms"), 0);
}
on_both_backends!(a_status_answer_sent_again_shows_only_the_empty_form);

async fn the_reply_token_is_never_renewed_and_a_reply_sent_twice_is_stored_once(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (code, passphrase) = app.report_compound().await;
    let page = app.check_status("en", &code, &passphrase).await;
    let token = input_value(&page, "token");
    let tip_id: i64 = {
        let mut conn = app.database.connect();
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Id {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            id: i64,
        }
        diesel::sql_query("SELECT id FROM tips")
            .get_result::<Id>(&mut conn)
            .unwrap()
            .id
    };
    for part in token.split('.') {
        assert_ne!(part, tip_id.to_string(), "the token names the tip");
    }

    // An empty reply is refused and gives the same token back, not a new one.
    let refused = app.reply("en", &token, "   ").await.text().await.unwrap();
    assert_eq!(input_value(&refused, "token"), token);

    // A double tap: the same words with the same form are one message.
    for _ in 0..2 {
        let sent = app.reply("en", &token, "The gate is blue").await;
        assert_eq!(sent.status(), 200);
        let html = sent.text().await.unwrap();
        assert!(html.contains("Your message was sent."));
        assert_eq!(input_value(&html, "token"), token, "the token was renewed");
    }
    assert_eq!(count_rows(&app.database, "tip_messages"), 1);
    // Other words with the same form are another message.
    app.reply("en", &token, "Two trucks came at night").await;
    assert_eq!(count_rows(&app.database, "tip_messages"), 2);
}
on_both_backends!(the_reply_token_is_never_renewed_and_a_reply_sent_twice_is_stored_once);
