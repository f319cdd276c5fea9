//! A reward's whole walk in headless Chromium, each person in a browser of
//! their own: a reviewer recommends it, an administrator approves it, the
//! tipster reads the claim code on the status page, a payout officer pays
//! it, and the tipster then reads "paid". Screenshots land in
//! `target/screenshots/`.

use crate::browser_helpers::{
    Browser, JavaScript, click, foreign_resources, screenshot_path, text_of, type_into, wait_for,
    wait_for_url,
};
use crate::helpers::{Backend, TestApp, compound_at, report};
use crate::rewards::{POLICY, confirmed_case, next_release};
use crate::staff_helpers::{PASSWORD, StaffClient, signed_in_staff};
use tipline::domain::staff::Role;

/// Signs `staff` in through the pages of a fresh desk browser.
async fn staff_browser(app: &TestApp, staff: &mut StaffClient, email: &str) -> Option<Browser> {
    let browser = Browser::desk(JavaScript::On).await?;
    let driver = browser.driver();
    driver.goto(&app.url("/staff/login?lang=en")).await.unwrap();
    type_into(&browser, "#email", email).await;
    type_into(&browser, "#password", PASSWORD).await;
    click(&browser, "button[type=submit].button").await;
    wait_for_url(&browser, &app.url("/staff/login/code")).await;
    type_into(&browser, "#code", &staff.next_code()).await;
    click(&browser, "button[type=submit].button").await;
    wait_for_url(&browser, &app.url("/staff/")).await;
    Some(browser)
}

/// Opens the tip's status page on a phone and returns the browser on it.
async fn status_on_phone(app: &TestApp, code: &str, passphrase: &str) -> Option<Browser> {
    let browser = Browser::phone(JavaScript::On).await?;
    browser.driver().goto(&app.url("/en/status")).await.unwrap();
    type_into(&browser, "#code", code).await;
    type_into(&browser, "#passphrase", passphrase).await;
    click(&browser, "form button[type='submit']").await;
    wait_for(&browser, "#tip-status").await;
    Some(browser)
}

async fn state_of(browser: &Browser, reward: &str) -> String {
    text_of(browser, &format!("#reward-{reward} .state")).await
}

#[actix_web::test]
async fn a_reward_walks_from_recommendation_to_payout_in_real_browsers() {
    let Some(app) = TestApp::spawn_with(Backend::Sqlite, &POLICY).await else {
        return;
    };
    let (code, passphrase) = report(&app, &compound_at("10.6279", "103.5220")).await;
    let (mut reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    let (mut admin, _) = signed_in_staff(&app, Role::Admin, "admin@police.gov.kh").await;
    let (mut officer, _) = signed_in_staff(&app, Role::Payout, "pay@police.gov.kh").await;
    confirmed_case(&reviewer, &["T-00001"]).await;

    // The reviewer recommends an amount of their own, not the proposal.
    let Some(browser) = staff_browser(&app, &mut reviewer, "rev@police.gov.kh").await else {
        return;
    };
    browser
        .driver()
        .goto(&app.url("/staff/rewards"))
        .await
        .unwrap();
    assert_eq!(state_of(&browser, "R-00001").await, "Candidate");
    let amount = wait_for(&browser, "#amount-1").await;
    assert_eq!(amount.value().await.unwrap().as_deref(), Some("800000"));
    amount.clear().await.unwrap();
    amount.send_keys("600000").await.unwrap();
    click(
        &browser,
        "#reward-R-00001 form[action$='/recommend'] button",
    )
    .await;
    wait_for_url(&browser, &app.url("/staff/rewards?state=&case=")).await;
    assert_eq!(state_of(&browser, "R-00001").await, "Recommended");
    // A reviewer is offered no approval.
    assert!(
        browser
            .driver()
            .find(thirtyfour::By::Css("form[action$='/approve']"))
            .await
            .is_err()
    );
    browser.close().await;

    let Some(browser) = staff_browser(&app, &mut admin, "admin@police.gov.kh").await else {
        return;
    };
    browser
        .driver()
        .goto(&app.url("/staff/rewards"))
        .await
        .unwrap();
    click(&browser, "#reward-R-00001 form[action$='/approve'] button").await;
    wait_for_url(&browser, &app.url("/staff/rewards?state=&case=")).await;
    assert_eq!(state_of(&browser, "R-00001").await, "Approved");
    browser
        .driver()
        .screenshot(&screenshot_path("staff-rewards-approved"))
        .await
        .unwrap();
    browser.close().await;

    // Nothing reaches the tipster before the daily release.
    next_release(&app).await;
    let Some(phone) = status_on_phone(&app, &code, &passphrase).await else {
        return;
    };
    assert!(
        text_of(&phone, "#reward-amount")
            .await
            .contains("600,000 KHR")
    );
    let claim = text_of(&phone, "#claim-code").await;
    assert_eq!(claim.len(), 11, "{claim}");
    phone
        .driver()
        .screenshot(&screenshot_path("en-status-claim-code"))
        .await
        .unwrap();
    phone.close().await;

    // The officer types the code as written on paper, in lower case.
    let Some(browser) = staff_browser(&app, &mut officer, "pay@police.gov.kh").await else {
        return;
    };
    browser
        .driver()
        .goto(&app.url("/staff/payout"))
        .await
        .unwrap();
    type_into(&browser, "#code", &claim.to_lowercase()).await;
    click(&browser, "form[action='/staff/payout'] button").await;
    assert_eq!(text_of(&browser, "#payout-amount").await, "600,000 KHR");
    let page = browser.driver().source().await.unwrap();
    for secret in ["T-0000", "R-0000", "C-0000", code.as_str()] {
        assert!(!page.contains(secret), "the payout page shows {secret}");
    }
    type_into(&browser, "#reference", "Counter 3 receipt 0042").await;
    click(&browser, "form[action='/staff/payout/record'] button").await;
    wait_for(&browser, "#payout-done").await;
    assert_eq!(foreign_resources(&browser).await, "");
    browser
        .driver()
        .screenshot(&screenshot_path("staff-payout-done"))
        .await
        .unwrap();
    browser.close().await;

    let Some(phone) = status_on_phone(&app, &code, &passphrase).await else {
        return;
    };
    assert!(
        text_of(&phone, "#reward-paid")
            .await
            .contains("600,000 KHR")
    );
    let page = phone.driver().source().await.unwrap();
    assert!(!page.contains(&claim), "a paid code is still shown");
    phone.close().await;
}
