//! The whole tipster journey in headless Chromium on a 390×844 phone:
//! report, receipt, status, reply; with JavaScript (real taps and typing)
//! and without it (the browser's own form posts). Screenshots of the form,
//! the receipt and the status page land in `target/screenshots/`.

use std::time::{Duration, Instant};

use thirtyfour::prelude::*;

use crate::browser::{Browser, click, screenshot_path};
use crate::helpers::{Backend, TestApp, count_rows};

/// Waits until `selector` is on the page (a form post has landed).
async fn wait_for(browser: &Browser, selector: &str) -> WebElement {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(element) = browser.driver().find(By::Css(selector)).await {
            return element;
        }
        assert!(Instant::now() < deadline, "{selector} never appeared");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn text_of(browser: &Browser, selector: &str) -> String {
    wait_for(browser, selector).await.text().await.unwrap()
}

#[actix_web::test]
async fn a_resident_reports_and_comes_back_with_javascript() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::launch_sized(true, 390, 844).await else {
        return;
    };
    let driver = browser.driver();
    driver.goto(&app.url("/km/report")).await.unwrap();

    // What the form page weighs as transferred: the page and all it loads.
    let weight = browser
        .number(
            "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                .reduce((sum, e) => sum + e.transferSize, 0)",
        )
        .await;
    eprintln!("the report form weighs {weight} bytes as transferred");
    assert!(
        weight > 10_000 && weight < 100 * 1024,
        "the form weighs {weight} bytes"
    );

    click(&browser, "input[name='category'][value='compound']").await;
    // With scripting the lists update in place: no page load in between.
    browser
        .number("window.stillTheSamePage = 1; return 1")
        .await;
    let next_button = browser
        .text("return getComputedStyle(document.querySelector('.refine')).display")
        .await;
    assert_eq!(
        next_button, "none",
        "the Next button shows although scripting runs"
    );
    click(&browser, "#province option[value='17']").await;
    wait_for(&browser, "#district option[value='1702']").await;
    click(&browser, "#district option[value='1702']").await;
    wait_for(&browser, "#commune option[value='170201']").await;
    driver
        .screenshot(&screenshot_path("km-report-form"))
        .await
        .unwrap();
    assert_eq!(
        browser.number("return window.stillTheSamePage || 0").await,
        1,
        "the page was reloaded"
    );
    wait_for(&browser, "#description")
        .await
        .send_keys("ឆ្មាំយាមទ្វារពេលយប់")
        .await
        .unwrap();
    wait_for(&browser, "#landmark")
        .await
        .send_keys("behind the market")
        .await
        .unwrap();
    click(&browser, "button[value='send']").await;

    let code = text_of(&browser, "#tip-code").await;
    let passphrase = text_of(&browser, "#tip-passphrase").await;
    driver
        .screenshot(&screenshot_path("km-receipt"))
        .await
        .unwrap();
    assert_eq!(count_rows(&app.database, "tips"), 1);

    click(&browser, "a.button[href='/km/status']").await;
    wait_for(&browser, "#code")
        .await
        .send_keys(&code)
        .await
        .unwrap();
    wait_for(&browser, "#passphrase")
        .await
        .send_keys(&passphrase)
        .await
        .unwrap();
    click(&browser, "form button[type='submit']").await;
    assert_eq!(text_of(&browser, "#tip-status").await, "បានទទួល");
    wait_for(&browser, "#body")
        .await
        .send_keys("ថ្ងៃនេះនៅតែមានឆ្មាំ")
        .await
        .unwrap();
    click(
        &browser,
        "form[action='/km/status/reply'] button[type='submit']",
    )
    .await;
    wait_for(&browser, ".notice").await;
    driver
        .screenshot(&screenshot_path("km-status"))
        .await
        .unwrap();
    assert!(
        text_of(&browser, ".thread")
            .await
            .contains("ថ្ងៃនេះនៅតែមានឆ្មាំ")
    );
    browser.close().await;
}

/// Chromedriver cannot click while page scripts are off (see the browser
/// module), so fields are filled and buttons pressed through the DOM; the
/// form posts themselves are the browser's own.
#[actix_web::test]
async fn a_resident_reports_and_comes_back_without_javascript() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::launch_sized(false, 390, 844).await else {
        return;
    };
    let driver = browser.driver();
    let press = |selector: &'static str| {
        let browser = &browser;
        async move {
            let script = format!("document.querySelector(\"{selector}\").click(); return 1;");
            browser.number(&script).await;
        }
    };
    let fill = |id: &'static str, value: String| {
        let browser = &browser;
        async move {
            let script = format!("document.getElementById('{id}').value = {value:?}; return 1;");
            browser.number(&script).await;
        }
    };
    driver.goto(&app.url("/en/report/held")).await.unwrap();
    assert_eq!(
        browser
            .number("return document.documentElement.classList.contains('js') ? 1 : 0")
            .await,
        0
    );
    fill("province", "12".into()).await;
    press("button[value='refine']").await;
    wait_for(&browser, "#district").await;
    fill("description", "Two men locked in the third floor".into()).await;
    press("button[value='send']").await;
    let code = text_of(&browser, "#tip-code").await;
    let passphrase = text_of(&browser, "#tip-passphrase").await;
    assert!(driver.source().await.unwrap().contains("tel:117"));
    driver
        .screenshot(&screenshot_path("en-receipt-held-no-javascript"))
        .await
        .unwrap();

    driver.goto(&app.url("/en/status")).await.unwrap();
    fill("code", code).await;
    fill("passphrase", passphrase).await;
    press("form button[type='submit']").await;
    assert_eq!(text_of(&browser, "#tip-status").await, "Received");
    browser.close().await;
}
