//! The anonymous report, from the form to the receipt, as a resident's
//! phone sends it.

use crate::helpers::{Backend, TestApp, count_rows, input_value, key_of, on_both_backends};

async fn a_report_is_stored_and_answered_with_a_receipt(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (code, passphrase) = app.report_compound().await;
    assert_eq!(code.len(), 9, "{code}");
    assert_eq!(&code[4..5], "-");
    assert_eq!(
        passphrase.split(' ').map(str::len).collect::<Vec<_>>(),
        [4, 4, 4, 4],
        "{passphrase}"
    );
    assert_eq!(count_rows(&app.database, "tips"), 1);

    #[derive(diesel::QueryableByName)]
    struct Stored {
        #[diesel(sql_type = diesel::sql_types::Text)]
        passphrase_hash: String,
        #[diesel(sql_type = diesel::sql_types::Timestamp)]
        submitted_at: chrono::NaiveDateTime,
    }
    let mut conn = app.database.connect();
    let stored: Stored = diesel::RunQueryDsl::get_result(
        diesel::sql_query("SELECT passphrase_hash, submitted_at FROM tips"),
        &mut conn,
    )
    .unwrap();
    assert!(stored.passphrase_hash.starts_with("$argon2id$"));
    assert!(
        !stored
            .passphrase_hash
            .contains(&passphrase.replace(' ', ""))
    );
    assert_eq!(
        chrono::Timelike::second(&stored.submitted_at),
        0,
        "kept finer than the minute"
    );
    assert_eq!(chrono::Timelike::nanosecond(&stored.submitted_at), 0);
}
on_both_backends!(a_report_is_stored_and_answered_with_a_receipt);

#[actix_web::test]
async fn a_report_with_problems_comes_back_as_typed_and_stores_nothing() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let token = app.report_token("en").await;
    let hostile = r#"<script>alert("x")</script> & ' OR 1=1 --"#;
    let response = app
        .post_report(
            "en",
            &[
                ("form_token", &token),
                ("category", "compound"),
                ("description", hostile),
                ("landmark", "near the river"),
                ("observed_on", "2999-01-01"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Tell us where: choose at least a province"),
        "{html}"
    );
    assert!(html.contains("This date has not come yet"));
    assert!(
        html.contains("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39; OR 1=1 --"),
        "not escaped as typed"
    );
    assert!(!html.contains("<script>alert"));
    assert_eq!(input_value(&html, "landmark"), "near the river");
    assert!(html.contains(r#"value="compound" checked"#));
    assert_eq!(
        input_value(&html, "form_token"),
        token,
        "the same form, so a later send counts once"
    );
    assert_eq!(count_rows(&app.database, "tips"), 0);
}

#[actix_web::test]
async fn the_next_button_shows_the_smaller_places_and_keeps_what_was_typed() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let token = app.report_token("km").await;
    let app = &app;
    let step = |fields: Vec<(&'static str, String)>| async move {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let response = app.post_report("km", &fields).await;
        assert_eq!(response.status(), 200);
        response.text().await.unwrap()
    };
    let base = vec![
        ("form_token", token.clone()),
        ("category", "recruiter".to_owned()),
        ("description", "ការងារល្អពេក".to_owned()),
        ("action", "refine".to_owned()),
    ];
    let with_province = step([base.clone(), vec![("province", "17".to_owned())]].concat()).await;
    assert!(
        with_province.contains(r#"name="district""#),
        "no district list"
    );
    assert!(
        with_province.contains(r#"<option value="1702">"#),
        "Angkor Thum is missing"
    );
    assert!(!with_province.contains(r#"name="commune""#));
    assert!(with_province.contains("ការងារល្អពេក</textarea>"));
    let with_district = step(
        [
            base,
            vec![
                ("province", "17".to_owned()),
                ("district", "1702".to_owned()),
            ],
        ]
        .concat(),
    )
    .await;
    assert!(with_district.contains(r#"<option value="1702" selected>"#));
    assert!(
        with_district.contains(r#"<option value="170201">"#),
        "no commune list"
    );
    assert_eq!(count_rows(&app.database, "tips"), 0);
}

#[actix_web::test]
async fn a_forged_or_missing_form_token_is_refused_before_the_rest_is_read() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    // No page of this server ever sent such a form: it is refused after its
    // first part (tests/app/uploads.rs shows the rest is never waited for).
    for token in ["", "abc.123.00ff"] {
        let response = app
            .post_report(
                "en",
                &[
                    ("form_token", token),
                    ("category", "held"),
                    ("description", "help"),
                ],
            )
            .await;
        assert_eq!(response.status(), 400);
        let html = response.text().await.unwrap();
        assert!(html.contains("We could not do what you asked"), "{html}");
    }
    assert_eq!(count_rows(&app.database, "tips"), 0);
}

#[actix_web::test]
async fn a_form_open_too_long_is_shown_again_with_what_was_typed() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let key = key_of(&app.database);
    let a_day_ago = chrono::Utc::now() - chrono::Duration::hours(25);
    let old = tipline::tokens::issue(&key, "report-form", &tipline::tokens::nonce(), a_day_ago);
    let response = app
        .post_report(
            "en",
            &[
                ("form_token", &old),
                ("category", "held"),
                ("description", "help"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("This form was open for too long"));
    assert!(html.contains("help</textarea>"), "what was typed is lost");
    assert_ne!(input_value(&html, "form_token"), old);
    assert_eq!(count_rows(&app.database, "tips"), 0);
}

#[actix_web::test]
async fn the_units_under_a_place_come_as_options_for_the_next_list() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let response = app.get("/en/places/17").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["cache-control"],
        "no-store",
        "a cached list names the district a tipster chose"
    );
    let options = response.text().await.unwrap();
    assert!(
        options.starts_with("<option value=\"\">(choose)</option>"),
        "{options}"
    );
    assert!(options.contains(r#"<option value="1702">"#));
    assert!(
        !options.contains("<html"),
        "a whole page instead of options"
    );
    let khmer = app.page("/km/places/1702").await;
    assert!(khmer.contains(r#"<option value="170201">"#));
    for nothing_below in ["/en/places/01020101", "/en/places/99", "/en/places/abc"] {
        assert_eq!(
            app.get(nothing_below).await.status(),
            404,
            "{nothing_below}"
        );
    }
}

/// The text column `column` of every row of `table`, in id order.
async fn control_characters_never_cost_a_tip(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // PostgreSQL's text cannot hold a NUL: sent raw, it used to fail the
    // insert and lose the tip.
    let (code, passphrase) = crate::helpers::report(
        &app,
        &[
            ("category", "compound"),
            (
                "description",
                "Guards\u{0} at the\u{1b}[31m gate\r\nnight\tshift",
            ),
            ("province", "17"),
            ("landmark", "behind\u{7} the market"),
        ],
    )
    .await;
    let page = app.check_status("en", &code, &passphrase).await;
    let token = input_value(&page, "token");
    let replied = app.reply("en", &token, "The gate\u{0} is blue").await;
    assert_eq!(replied.status(), 200);

    let (reviewer, _) = crate::staff_helpers::signed_in_staff(
        &app,
        tipline::domain::staff::Role::Reviewer,
        "rev@police.gov.kh",
    )
    .await;
    let noted = reviewer
        .submit(
            "/staff/tips/T-00001",
            "/staff/tips/T-00001/notes",
            &[("body", "Checked\u{0} with\u{1b} the district")],
        )
        .await;
    assert_eq!(noted.status(), 303);
    // Sealed in the database: the reviewer's page shows what was stored.
    let shown = reviewer.page("/staff/tips/T-00001").await;
    for stored in [
        "Guards at the[31m gate\nnight\tshift",
        "behind the market",
        "The gate is blue",
        "Checked with the district",
    ] {
        assert!(shown.contains(stored), "{stored:?}: {shown}");
    }
    for control in ['\u{0}', '\u{1b}', '\u{7}', '\r'] {
        assert!(!shown.contains(control), "{control:?} was stored");
    }
}
on_both_backends!(control_characters_never_cost_a_tip);

async fn reports_sent_at_once_from_one_place_all_get_receipts(backend: Backend) {
    const AT_ONCE: usize = 32;
    // Enough connections that the submissions truly run at once.
    let Some(app) = TestApp::spawn_with(backend, &[("TIPLINE_DB_POOL_SIZE", "16")]).await else {
        return;
    };
    // Each one corroborates, and so rescores, the tips stored before it.
    let fields = crate::helpers::compound_at("11.5621", "104.9160");
    let receipts =
        futures_util::future::join_all((0..AT_ONCE).map(|_| crate::helpers::report(&app, &fields)))
            .await;
    assert_eq!(receipts.len(), AT_ONCE);
    let stored = usize::try_from(count_rows(&app.database, "tips")).unwrap();
    assert_eq!(stored, AT_ONCE, "a receipt without its tip");
}
on_both_backends!(reports_sent_at_once_from_one_place_all_get_receipts);
