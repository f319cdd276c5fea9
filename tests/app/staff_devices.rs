//! OWASP's device cookies, played as the attacker: a stranger who knows a
//! staff address and guesses its password locks out unknown devices only,
//! while the owner's browser keeps its own budget; and failed sign-ins for
//! addresses with no account become one audit row per interval.

use chrono::{TimeDelta, Utc};
use tipline::db::audit;
use tipline::domain::staff::Role;

use crate::helpers::{Backend, TestApp, count_rows, key_of, on_both_backends};
use crate::staff_helpers::{PASSWORD, StaffClient, location, signed_in_staff};

/// A stranger's browser spends the budget for unknown devices: three wrong
/// passwords, and then even the right one is turned away.
async fn lock_out_unknown_devices(app: &TestApp, email: &str) -> StaffClient {
    let stranger = StaffClient::new(&app.address);
    for n in 0..3 {
        let guess = format!("a stranger's guess {n}");
        assert_eq!(stranger.password_step(email, &guess).await.status(), 422);
    }
    let locked = stranger.password_step(email, PASSWORD).await;
    assert_eq!(locked.status(), 422, "an unknown device is locked out");
    stranger
}

async fn a_strangers_guesses_lock_out_unknown_devices_but_not_the_owners_browser(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let email = "sokha@police.gov.kh";
    let (mut owner, _) = signed_in_staff(&app, Role::Reviewer, email).await;
    owner.submit("/staff/", "/staff/logout", &[]).await;
    lock_out_unknown_devices(&app, email).await;
    // Another browser without the cookie is just as unknown.
    let elsewhere = StaffClient::new(&app.address);
    let refused = elsewhere.password_step(email, PASSWORD).await;
    assert_eq!(refused.status(), 422);
    // The owner's browser still signs in, and again after that (with a
    // recovery code: the authenticator has no fresh code yet), so its new
    // cookie keeps the budget too.
    owner.sign_in(email).await;
    owner.submit("/staff/", "/staff/logout", &[]).await;
    let response = owner.password_step(email, PASSWORD).await;
    assert_eq!(location(&response), "/staff/login/code");
    let recovery = owner.recovery_codes[0].clone();
    assert_eq!(location(&owner.code_step(&recovery).await), "/staff/");
    // The owner's sign-in did not lift the strangers' wait.
    let still = elsewhere.password_step(email, PASSWORD).await;
    assert_eq!(still.status(), 422);
    let key = key_of(&app.database);
    let mut conn = app.database.connect();
    let verified = audit::verify(&mut conn, &key, None).unwrap();
    assert!(verified.is_ok(), "the audit chain is broken");
}
on_both_backends!(a_strangers_guesses_lock_out_unknown_devices_but_not_the_owners_browser);

async fn a_device_that_fails_too_often_counts_as_unknown(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let email = "dara@police.gov.kh";
    let (owner, _) = signed_in_staff(&app, Role::Reviewer, email).await;
    owner.submit("/staff/", "/staff/logout", &[]).await;
    lock_out_unknown_devices(&app, email).await;
    // Whoever holds the owner's browser guesses too: the device locks
    // itself, and its cookie stops helping, right password or not.
    for n in 0..3 {
        let guess = format!("a guess at the owner's desk {n}");
        assert_eq!(owner.password_step(email, &guess).await.status(), 422);
    }
    let refused = owner.password_step(email, PASSWORD).await;
    assert_eq!(refused.status(), 422, "a locked device got a try");
    let devices = count_rows(
        &app.database,
        "staff_devices WHERE locked_until IS NOT NULL",
    );
    assert_eq!(devices, 1);
}
on_both_backends!(a_device_that_fails_too_often_counts_as_unknown);

async fn a_device_cookie_from_another_account_does_not_help(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // A colleague's browser knows her own account, not this one.
    let target = "target@police.gov.kh";
    signed_in_staff(&app, Role::Reviewer, target).await;
    let (colleague, _) = signed_in_staff(&app, Role::Reviewer, "colleague@police.gov.kh").await;
    colleague.submit("/staff/", "/staff/logout", &[]).await;
    lock_out_unknown_devices(&app, target).await;
    let refused = colleague.password_step(target, PASSWORD).await;
    assert_eq!(refused.status(), 422);
}
on_both_backends!(a_device_cookie_from_another_account_does_not_help);

#[actix_web::test]
async fn the_device_cookie_is_kept_to_the_sign_in_steps_and_lasts_months() {
    let Some(app) = TestApp::spawn_with(
        Backend::Sqlite,
        &[("TIPLINE_PUBLIC_URL", "https://tips.example.org")],
    )
    .await
    else {
        return;
    };
    let email = "cookie@police.gov.kh";
    let (mut staff, _) = signed_in_staff(&app, Role::Reviewer, email).await;
    staff.submit("/staff/", "/staff/logout", &[]).await;
    let response = staff.password_step(email, PASSWORD).await;
    assert_eq!(location(&response), "/staff/login/code");
    let code = staff.next_code();
    let response = staff.code_step(&code).await;
    assert_eq!(location(&response), "/staff/");
    let device: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .filter(|cookie| cookie.starts_with("tipline_device="))
        .collect();
    assert_eq!(device.len(), 1, "{device:?}");
    let device = &device[0];
    let ninety_days = format!("Max-Age={}", 90 * 24 * 60 * 60);
    for attribute in [
        "HttpOnly",
        "SameSite=Strict",
        "Path=/staff/login;",
        "Secure",
        ninety_days.as_str(),
    ] {
        assert!(
            format!("{device};").contains(attribute),
            "{attribute} is missing: {device}"
        );
    }
}

async fn failures_for_addresses_with_no_account_are_one_audit_row_with_their_count(
    backend: Backend,
) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (staff, _) = signed_in_staff(&app, Role::Reviewer, "real@police.gov.kh").await;
    let failed = "audit_log WHERE action = 'sign_in_failed'";
    let before = count_rows(&app.database, failed);
    let script = StaffClient::new(&app.address);
    for n in 0..5 {
        let address = format!("nobody{n}@police.gov.kh");
        let refused = script.password_step(&address, PASSWORD).await;
        assert_eq!(refused.status(), 422);
    }
    // No row per try: at most one, should the tries straddle two intervals.
    assert!(
        count_rows(&app.database, failed) <= before + 1,
        "one row per try"
    );
    // Once the interval is over, the ten-minute job writes its one row.
    app.jobs.run_due(Utc::now() + TimeDelta::minutes(11)).await;
    let summaries = summary_details(&app);
    let counted: i64 = summaries
        .iter()
        .map(|detail| detail.split(' ').next().unwrap().parse::<i64>().unwrap())
        .sum();
    assert_eq!(counted, 5, "{summaries:?}");
    assert!(summaries.len() <= 2, "{summaries:?}");
    let after = before + i64::try_from(summaries.len()).unwrap();
    assert_eq!(count_rows(&app.database, failed), after);
    assert_eq!(count_rows(&app.database, "unknown_sign_in_failures"), 0);
    // The typed addresses are nowhere.
    let typed = "audit_log WHERE subject LIKE '%nobody%' OR detail LIKE '%nobody%'";
    assert_eq!(count_rows(&app.database, typed), 0);
    // A known account's failure still gets its own row, at once.
    let wrong = staff
        .password_step("real@police.gov.kh", "not the password")
        .await;
    assert_eq!(wrong.status(), 422);
    assert_eq!(count_rows(&app.database, failed), after + 1);
    let key = key_of(&app.database);
    let mut conn = app.database.connect();
    let verified = audit::verify(&mut conn, &key, None).unwrap();
    assert!(verified.is_ok(), "the audit chain is broken");
}
on_both_backends!(failures_for_addresses_with_no_account_are_one_audit_row_with_their_count);

/// The details of the audit log's summaries of unknown-address failures.
fn summary_details(app: &TestApp) -> Vec<String> {
    crate::helpers::audit_details(
        &app.database,
        "action = 'sign_in_failed' AND subject = 'addresses with no account'",
    )
}
