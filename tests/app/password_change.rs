//! A staff member changes their own password at `/staff/profile/password`:
//! the old one stops working, the new one signs in, access to sealed tips
//! stays, and a refused change (wrong current password, a mismatch, a weak
//! new one) changes nothing and never shows a typed password again.

use tipline::domain::staff::Role;

use crate::helpers::{Backend, TestApp, audit_details, count_rows, on_both_backends};
use crate::sealed::report_with_canaries;
use crate::staff_helpers::{PASSWORD, StaffClient, location, signed_in_staff};

const NEW: &str = "a brand new passphrase here";
const PAGE: &str = "/staff/profile/password";

/// Posts the password form as the member fills it in.
async fn change(staff: &StaffClient, current: &str, new: &str, again: &str) -> reqwest::Response {
    staff
        .submit(
            PAGE,
            PAGE,
            &[
                ("current_password", current),
                ("password", new),
                ("password_again", again),
            ],
        )
        .await
}

/// A refused change: the form again, with `problem` and no typed password.
async fn refused(response: reqwest::Response, problem: &str, typed: &[&str]) {
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains(problem), "{page}");
    for typed in typed {
        assert!(!page.contains(typed), "the page shows {typed:?} again");
    }
    assert!(page.contains("name=\"current_password\""), "{page}");
}

/// Signs out, then tries `password` from the sign-in page: the next step
/// when it is the account's password, 422 when not.
async fn sign_out_and_try(staff: &StaffClient, email: &str, password: &str) -> reqwest::Response {
    staff.submit("/staff/", "/staff/logout", &[]).await;
    staff.password_step(email, password).await
}

async fn a_reviewer_changes_their_password_and_keeps_access(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    report_with_canaries(&app).await;
    let email = "rev@police.gov.kh";
    let (mut reviewer, _) = signed_in_staff(&app, Role::Reviewer, email).await;
    // The same member, signed in on another device (with a recovery code,
    // since the authenticator's code is spent).
    let other = StaffClient::new(&app.address);
    other.password_step(email, PASSWORD).await;
    let recovery = reviewer.recovery_codes[0].clone();
    assert_eq!(location(&other.code_step(&recovery).await), "/staff/");

    let profile = reviewer.page("/staff/profile").await;
    assert!(profile.contains(&format!("href=\"{PAGE}\"")), "{profile}");
    let form = reviewer.page(PAGE).await;
    assert!(form.contains("autocomplete=\"current-password\""), "{form}");
    assert_eq!(count_rows(&app.database, "staff_sessions"), 2);
    let tip = other.page("/staff/tips/T-00001").await;
    assert!(tip.contains("Zephyrcanary"), "{tip}");

    let changed = change(&reviewer, PASSWORD, NEW, NEW).await;
    assert_eq!(location(&changed), "/staff/profile?done=password");
    let notice = reviewer.page("/staff/profile?done=password").await;
    assert!(notice.contains("Your password is changed"), "{notice}");
    assert!(
        notice.contains("signed out on every other device"),
        "{notice}"
    );
    // What the notice says: the other device's session ended, this one
    // stays and still opens sealed words.
    assert_eq!(count_rows(&app.database, "staff_sessions"), 1);
    let ended = other.get("/staff/tips/T-00001").await;
    assert_eq!(location(&ended), "/staff/login");
    let tip = reviewer.page("/staff/tips/T-00001").await;
    assert!(tip.contains("Zephyrcanary"), "{tip}");
    assert_eq!(
        audit_details(&app.database, "action = 'password_set'"),
        ["changed; other sessions ended: 1"]
    );

    let old = sign_out_and_try(&reviewer, email, PASSWORD).await;
    assert_eq!(old.status(), 422, "the old password no longer signs in");
    let new = reviewer.password_step(email, NEW).await;
    assert_eq!(location(&new), "/staff/login/code");
    let code = reviewer.next_code();
    assert_eq!(location(&reviewer.code_step(&code).await), "/staff/");
    // The same key pair, wrapped under the new password: the grant opens.
    let tip = reviewer.page("/staff/tips/T-00001").await;
    assert!(tip.contains("Zephyrcanary"), "{tip}");
}
on_both_backends!(a_reviewer_changes_their_password_and_keeps_access);

async fn a_refused_change_says_why_and_changes_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let email = "rev@police.gov.kh";
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, email).await;
    let wrong = "not the password at all";
    refused(
        change(&reviewer, wrong, NEW, NEW).await,
        "The current password is wrong. Nothing was changed.",
        &[wrong, NEW],
    )
    .await;
    refused(
        change(&reviewer, PASSWORD, NEW, "a brand new passphrase hero").await,
        "The two passwords are not the same.",
        &[PASSWORD, NEW],
    )
    .await;
    refused(
        change(&reviewer, PASSWORD, "Password1234", "Password1234").await,
        "This password is too common.",
        &[PASSWORD, "Password1234"],
    )
    .await;
    // In the member's own language.
    reviewer
        .submit("/staff/profile", "/staff/profile", &[("language", "km")])
        .await;
    refused(
        change(&reviewer, wrong, NEW, NEW).await,
        "ពាក្យសម្ងាត់បច្ចុប្បន្នមិនត្រឹមត្រូវទេ។",
        &[wrong, NEW],
    )
    .await;

    // Only the wrong current passwords are failed tries; nothing was set.
    assert_eq!(
        audit_details(&app.database, "action = 'sign_in_failed'"),
        ["wrong current password at a change"; 2]
    );
    assert!(audit_details(&app.database, "action = 'password_set'").is_empty());
    let old = sign_out_and_try(&reviewer, email, PASSWORD).await;
    assert_eq!(
        location(&old),
        "/staff/login/code",
        "the old password works"
    );
    let new = StaffClient::new(&app.address)
        .password_step(email, NEW)
        .await;
    assert_eq!(new.status(), 422, "the refused new password does not");
}
on_both_backends!(a_refused_change_says_why_and_changes_nothing);

async fn a_payout_officer_changes_their_password_too(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let email = "pay@police.gov.kh";
    let (officer, _) = signed_in_staff(&app, Role::Payout, email).await;
    let profile = officer.page("/staff/profile").await;
    assert!(profile.contains(&format!("href=\"{PAGE}\"")), "{profile}");
    let changed = change(&officer, PASSWORD, NEW, NEW).await;
    assert_eq!(location(&changed), "/staff/profile?done=password");
    let old = sign_out_and_try(&officer, email, PASSWORD).await;
    assert_eq!(old.status(), 422);
    let new = officer.password_step(email, NEW).await;
    assert_eq!(location(&new), "/staff/login/code");
}
on_both_backends!(a_payout_officer_changes_their_password_too);
