//! A staff member's first sign-in in headless Chromium: password, the QR
//! code drawn inline (the strict CSP allows no `data:` image), the code from
//! the app, the recovery codes, and the administrators' page. Screenshots
//! land in `target/screenshots/`.

use std::time::{Duration, Instant};

use tipline::domain::staff::{NewPassword, Role, StaffEmail, StaffName};
use tipline::i18n::Lang;
use tipline::services::common::Actor;
use tipline::services::staff::NewAccount;
use tipline::totp::TotpSeed;

use crate::browser_helpers::{
    Browser, JavaScript, click, foreign_resources, screenshot_path, type_into, wait_for,
    wait_for_url,
};
use crate::helpers::{Backend, TestApp, report};
use crate::staff_helpers::PASSWORD;

#[actix_web::test]
async fn an_administrator_enrols_and_signs_in_in_a_real_browser() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::desk(JavaScript::On).await else {
        return;
    };
    let account = NewAccount {
        email: StaffEmail::parse("admin@police.gov.kh").unwrap(),
        name: StaffName::parse("Sok Dara").unwrap(),
        role: Role::Admin,
        language: Lang::Km,
    };
    let password = NewPassword::parse(PASSWORD, PASSWORD).unwrap();
    app.staff
        .create(Actor::CommandLine, account, Some(password))
        .await
        .unwrap()
        .unwrap();

    let driver = browser.driver();
    driver.goto(&app.url("/staff/login?lang=en")).await.unwrap();
    type_into(&browser, "#email", "admin@police.gov.kh").await;
    type_into(&browser, "#password", PASSWORD).await;
    click(&browser, "button[type=submit].button").await;
    wait_for_url(&browser, &app.url("/staff/enrol")).await;

    let qr_size = browser
        .number("const r = document.querySelector('.qr svg').getBoundingClientRect(); return Math.round(Math.min(r.width, r.height))")
        .await;
    assert!(qr_size >= 200, "the QR code is drawn {qr_size} px wide");
    driver
        .screenshot(&screenshot_path("staff-enrol"))
        .await
        .unwrap();
    let secret = browser
        .text("return document.getElementById('totp-secret').textContent")
        .await;
    let seed = TotpSeed::from_base32(&secret).unwrap();
    let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap();
    type_into(&browser, "#code", &seed.code_at(now)).await;
    click(&browser, "button[type=submit].button").await;
    let codes = "return document.querySelectorAll('#recovery-codes li').length";
    let deadline = Instant::now() + Duration::from_secs(20);
    while browser.number(codes).await == 0 {
        assert!(Instant::now() < deadline, "the recovery codes never came");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(browser.number(codes).await, 10);
    click(&browser, "a.button").await;
    wait_for_url(&browser, &app.url("/staff/")).await;
    // The account's own language is Khmer.
    assert_eq!(
        browser.text("return document.documentElement.lang").await,
        "km"
    );

    driver.goto(&app.url("/staff/admin/staff")).await.unwrap();
    assert_eq!(
        browser
            .number("return document.querySelectorAll('tr[id^=staff-]').length")
            .await,
        1
    );
    let foreign = foreign_resources(&browser).await;
    assert!(foreign.is_empty(), "the staff page loaded {foreign}");
    driver
        .screenshot(&screenshot_path("staff-admin"))
        .await
        .unwrap();

    // An administrator reviews too: the queue, a tip, its exact point on
    // request, and a case opened from it.
    report(
        &app,
        &[
            ("category", "compound"),
            ("description", "Guards at a blue gate"),
            ("lat", "10.627912"),
            ("lon", "103.522034"),
        ],
    )
    .await;
    driver.goto(&app.url("/staff/queue")).await.unwrap();
    assert_eq!(
        browser
            .number("return document.querySelectorAll('tr.queue-row').length")
            .await,
        1
    );
    driver
        .screenshot(&screenshot_path("staff-queue"))
        .await
        .unwrap();
    click(&browser, "tr.queue-row a").await;
    wait_for_url(&browser, &app.url("/staff/tips/T-00001")).await;
    click(&browser, "form[action$='/location'] button").await;
    wait_for(&browser, "#tip-exact-location").await;
    assert_eq!(
        browser
            .text("return document.getElementById('tip-exact-location').textContent")
            .await,
        "10.627912, 103.522034"
    );
    type_into(&browser, "#title", "Blue gate").await;
    click(&browser, "button[value=open_case]").await;
    wait_for_url(&browser, &app.url("/staff/tips/T-00001")).await;
    click(&browser, "#tip-case").await;
    wait_for_url(&browser, &app.url("/staff/cases/C-00001")).await;
    assert_eq!(
        browser
            .number("return document.querySelectorAll('#case-tips tbody tr').length")
            .await,
        1
    );
    let foreign = foreign_resources(&browser).await;
    assert!(foreign.is_empty(), "the case page loaded {foreign}");
    driver
        .screenshot(&screenshot_path("staff-case"))
        .await
        .unwrap();
    browser.close().await;
}
