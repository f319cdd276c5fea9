//! Sealed at rest: a copy of the database shows no tip's words, place,
//! photo or conversation, and with the server key beside it still opens
//! none; a granted staff session reads them, a member without a grant sees
//! them sealed, and the tipster reads the conversation with the passphrase.

use reqwest::multipart::{Form, Part};
use tipline::domain::staff::{NewPassword, Role, StaffEmail, StaffName};
use tipline::i18n::Lang;
use tipline::services::common::Actor;
use tipline::services::staff::{
    Access, AccessRefusal, GrantOutcome, NewAccount, SessionToken, open_session, open_with_recovery,
};
use tipline::vault::WrappedKey;

use crate::helpers::{
    Backend, TestApp, TestDatabase, contains_bytes, database_copy, element_text, key_of,
    on_both_backends,
};
use crate::staff_helpers::{PASSWORD, StaffClient, signed_in_staff, tip_act};

const PHONE_PHOTO: &[u8] = include_bytes!("../fixtures/phone-photo-gps.jpg");

/// A report whose words, landmark, point and photo are canaries no copy
/// of the database may show.
pub(crate) async fn report_with_canaries(app: &TestApp) -> (String, String) {
    let token = app.report_token("en").await;
    let form = Form::new()
        .text("form_token", token)
        .text("action", "send")
        .text("category", "compound")
        .text("description", "Zephyrcanary guards at the back gate")
        .text("landmark", "Quillcanary pagoda")
        .text("lat", "10.627913")
        .text("lon", "103.522047")
        .part(
            "photos",
            Part::bytes(PHONE_PHOTO.to_vec())
                .file_name("gate.jpg")
                .mime_str("image/jpeg")
                .unwrap(),
        );
    let response = app.post_report_form("en", form).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    (
        element_text(&html, "tip-code"),
        element_text(&html, "tip-passphrase"),
    )
}

async fn a_copy_of_the_database_shows_no_content(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (code, passphrase) = report_with_canaries(&app).await;
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    tip_act(
        &reviewer,
        "T-00001",
        &[
            ("action", "ask"),
            ("question", "Wombatcanary: which floor?"),
        ],
    )
    .await;
    let status = app.check_status("en", &code, &passphrase).await;
    // The tipster reads the question with the passphrase alone.
    assert!(status.contains("Wombatcanary"), "{status}");
    let token = crate::helpers::input_value(&status, "token");
    let replied = app
        .reply("en", &token, "Xylocanary on the third floor")
        .await;
    let replied = replied.text().await.unwrap();
    assert!(replied.contains("Xylocanary") && replied.contains("Wombatcanary"));

    // The reviewer reads everything, the photo included.
    let page = reviewer.page("/staff/tips/T-00001").await;
    for canary in ["Zephyrcanary", "Quillcanary", "Wombatcanary", "Xylocanary"] {
        assert!(page.contains(canary), "{canary}: {page}");
    }
    let photo_src = page
        .split("<img src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a photo is shown")
        .trim_end_matches("/thumbnail")
        .to_owned();
    let photo = reviewer.get(&photo_src).await.bytes().await.unwrap();
    assert!(photo.starts_with(&[0xFF, 0xD8]));
    let exact = reviewer
        .client
        .post(reviewer.url("/staff/tips/T-00001/location"))
        .form(&[("csrf", crate::helpers::input_value(&page, "csrf").as_str())])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(exact.contains("10.627913, 103.522047"), "{exact}");

    let copy = database_copy(&app.database);
    let point_bytes = [10.627913f64.to_be_bytes(), 10.627913f64.to_le_bytes()];
    let mut canaries: Vec<Vec<u8>> = [
        "Zephyrcanary",
        "Quillcanary",
        "Wombatcanary",
        "Xylocanary",
        "10.627913",
        "103.522047",
    ]
    .iter()
    .map(|canary| canary.as_bytes().to_vec())
    .collect();
    canaries.extend(point_bytes.iter().map(|bytes| bytes.to_vec()));
    // Any 64 bytes from inside the stored photo would betray it.
    canaries.push(photo[photo.len() / 2..][..64].to_vec());
    for canary in &canaries {
        assert!(
            !contains_bytes(&copy, canary),
            "{backend:?}: the copy holds {}",
            String::from_utf8_lossy(canary)
        );
    }
}
on_both_backends!(a_copy_of_the_database_shows_no_content);

fn new_account(email: &str, role: Role) -> NewAccount {
    NewAccount {
        email: StaffEmail::parse(email).unwrap(),
        name: StaffName::parse(email).unwrap(),
        role,
        language: Lang::En,
    }
}

/// An account made beside the server, enrolled and signed in over HTTP.
async fn enrolled(
    app: &TestApp,
    email: &str,
    role: Role,
) -> (StaffClient, tipline::domain::ids::StaffId) {
    let password = NewPassword::parse(PASSWORD, PASSWORD).unwrap();
    let id = app
        .staff
        .create(Actor::CommandLine, new_account(email, role), Some(password))
        .await
        .unwrap()
        .unwrap();
    let mut browser = StaffClient::new(&app.address);
    browser.password_step(email, PASSWORD).await;
    browser.enrol().await;
    (browser, id)
}

fn locked(page: &str) -> bool {
    page.contains("id=\"tip-locked\"") && !page.contains("Zephyrcanary")
}

async fn access_is_granted_confirmed_and_taken_away(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    report_with_canaries(&app).await;
    let (_, first) = signed_in_staff(&app, Role::Admin, "first@police.gov.kh").await;
    // The first administrator takes the organisation key: the recovery key
    // is shown once, and the server key no longer opens it.
    let recovery = app
        .staff
        .take_org_key(first)
        .await
        .unwrap()
        .expect("a recovery key");
    assert!(app.staff.take_org_key(first).await.unwrap().is_none());
    let server = key_of(&app.database);
    let mut conn = app.database.connect();
    assert!(
        tipline::db::vault::pending_org_key(&mut conn, &server)
            .unwrap()
            .is_none()
    );
    let org = open_with_recovery(&mut conn, &recovery)
        .unwrap()
        .expect("the recovery key opens it");
    let wrong = tipline::vault::RecoveryKey::generate();
    assert!(open_with_recovery(&mut conn, &wrong).unwrap().is_none());

    // Made now, a reviewer has a key pair but no access.
    let (mut reviewer, reviewer_id) = enrolled(&app, "rev@police.gov.kh", Role::Reviewer).await;
    assert!(locked(&reviewer.page("/staff/tips/T-00001").await));
    let queue = reviewer.page("/staff/queue").await;
    assert!(!queue.contains("Zephyrcanary"));
    // Holding the database and the server key: each session's copy of the
    // organisation key needs the cookie's token, which only its hash is
    // kept of.
    for (hash, sealed) in session_keys(&app.database) {
        let as_token = SessionToken::parse(&hash).unwrap();
        assert!(open_session(&WrappedKey(sealed), &as_token).is_none());
    }

    // With one administrator, a grant takes effect at the next sign-in.
    let granted = app
        .staff
        .grant_access(first, Some(org.clone()), reviewer_id)
        .await
        .unwrap();
    assert_eq!(granted, Ok(GrantOutcome::Granted));
    assert!(locked(&reviewer.page("/staff/tips/T-00001").await));
    reviewer.sign_in("rev@police.gov.kh").await;
    assert!(
        reviewer
            .page("/staff/tips/T-00001")
            .await
            .contains("Zephyrcanary")
    );

    // A payout officer never gets it; nobody grants themselves; a grant
    // needs a key in the granter's session.
    let (_, payout) = enrolled(&app, "pay@police.gov.kh", Role::Payout).await;
    assert_eq!(
        app.staff
            .grant_access(first, Some(org.clone()), payout)
            .await
            .unwrap(),
        Err(AccessRefusal::NotEligible)
    );
    assert_eq!(
        app.staff
            .grant_access(first, Some(org.clone()), first)
            .await
            .unwrap(),
        Err(AccessRefusal::SecondAdminNeeded)
    );
    assert_eq!(
        app.staff.grant_access(first, None, payout).await.unwrap(),
        Err(AccessRefusal::NoKeyInSession)
    );

    // With two administrators besides the member, a second confirms.
    let (_, second) = enrolled(&app, "second@police.gov.kh", Role::Admin).await;
    assert_eq!(
        app.staff
            .grant_access(first, Some(org.clone()), second)
            .await
            .unwrap(),
        Ok(GrantOutcome::Granted)
    );
    let (mut late, late_id) = enrolled(&app, "late@police.gov.kh", Role::Reviewer).await;
    assert_eq!(
        app.staff
            .grant_access(first, Some(org.clone()), late_id)
            .await
            .unwrap(),
        Ok(GrantOutcome::AwaitingConfirmation)
    );
    late.sign_in("late@police.gov.kh").await;
    assert!(locked(&late.page("/staff/tips/T-00001").await));
    assert_eq!(
        app.staff.confirm_access(first, late_id).await.unwrap(),
        Err(AccessRefusal::SecondAdminNeeded)
    );
    assert_eq!(
        app.staff.confirm_access(second, late_id).await.unwrap(),
        Ok(())
    );
    let access = app.staff.access().await.unwrap();
    assert!(access.contains(&(late_id, Access::Granted)));

    // Revoked, a live session loses the key at once.
    assert!(
        reviewer
            .page("/staff/tips/T-00001")
            .await
            .contains("Zephyrcanary")
    );
    assert_eq!(
        app.staff.revoke_access(first, reviewer_id).await.unwrap(),
        Ok(())
    );
    assert!(locked(&reviewer.page("/staff/tips/T-00001").await));
    assert_eq!(
        app.staff.revoke_access(first, reviewer_id).await.unwrap(),
        Err(AccessRefusal::NoGrant)
    );
    assert_eq!(
        app.staff
            .grant_access(first, Some(org.clone()), reviewer_id)
            .await
            .unwrap(),
        Ok(GrantOutcome::AwaitingConfirmation)
    );

    // A reset password makes a new key pair, which needs a new grant.
    let link = app
        .staff
        .issue_reset(Actor::Staff(first), reviewer_id)
        .await
        .unwrap();
    let new_password =
        NewPassword::parse("another long passphrase", "another long passphrase").unwrap();
    app.staff
        .set_password_by_link(&link, new_password)
        .await
        .unwrap();
    let access = app.staff.access().await.unwrap();
    let of = |id| {
        access
            .iter()
            .find(|(account, _)| *account == id)
            .map(|(_, a)| *a)
    };
    assert_eq!(of(reviewer_id), Some(Access::None));
    assert_eq!(of(second), Some(Access::Granted));
    assert_eq!(of(payout), Some(Access::None));
}
on_both_backends!(access_is_granted_confirmed_and_taken_away);

/// Each session's token hash and sealed organisation key.
fn session_keys(database: &TestDatabase) -> Vec<(String, Vec<u8>)> {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        token_hash: String,
        #[diesel(sql_type = diesel::sql_types::Binary)]
        sealed_key: Vec<u8>,
    }
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT token_hash, sealed_key FROM staff_sessions WHERE sealed_key IS NOT NULL",
    )
    .load(&mut database.connect())
    .unwrap();
    assert!(!rows.is_empty(), "no session holds a key");
    rows.into_iter()
        .map(|row| (row.token_hash, row.sealed_key))
        .collect()
}

async fn a_search_finds_part_of_a_word_in_any_script(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    for description in [
        "Sihanoukville casino compound with guards",
        "មានមនុស្សជាប់នៅកាស៊ីណូក្បែរភ្នំពេញ",
    ] {
        crate::helpers::report(
            &app,
            &[
                ("category", "compound"),
                ("description", description),
                ("province", "12"),
            ],
        )
        .await;
    }
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    let found = |page: &str| crate::helpers::references(page);
    for (query, expected) in [
        ("anoukv", vec!["T-00001"]),
        ("CASINO", vec!["T-00001"]),
        ("ភ្នំពេញ", vec!["T-00002"]),
        ("កាស៊ីណូ", vec!["T-00002"]),
        ("nowhere", vec![]),
    ] {
        let url = format!("/staff/queue?status=any&q={}", urlencode(query));
        let page = reviewer.page(&url).await;
        assert_eq!(found(&page), expected, "{query}");
    }
    // The index holds keyed hashes only, and loses a withdrawn tip's.
    assert!(crate::helpers::count_rows(&app.database, "tip_gram_blocks") > 10);
    assert_eq!(
        crate::helpers::count_rows(&app.database, "search_pending"),
        0
    );
}
on_both_backends!(a_search_finds_part_of_a_word_in_any_script);

fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("q", text)]).unwrap()[2..].to_owned()
}

async fn a_second_instance_serves_the_same_session_with_its_key(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    report_with_canaries(&app).await;
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    let environment = app.database.environment();
    let config = tipline::config::Config::from_lookup(|name| environment.get(name).cloned())
        .expect("test configuration");
    let other = tipline::startup::Application::build(config).expect("the instance starts");
    let other_address = format!("http://{}", other.address());
    actix_web::rt::spawn(other.run_until_stopped());
    // Cookies are kept per host, not per port: the same browser, the other
    // instance, which never saw the sign-in.
    let page = reviewer
        .client
        .get(format!("{other_address}/staff/tips/T-00001"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("Zephyrcanary"), "{page}");
}
on_both_backends!(a_second_instance_serves_the_same_session_with_its_key);
