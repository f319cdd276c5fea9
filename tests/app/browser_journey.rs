//! The whole tipster journey in headless Chromium on a 390×844 phone:
//! report, receipt, status, reply; with JavaScript (real taps and typing)
//! and without it (the browser's own form posts). Screenshots of the form,
//! the receipt and the status page land in `target/screenshots/`.

use crate::browser_helpers::{
    Browser, JavaScript, click, fill, page_script_ran, press, screenshot_path, text_of, type_into,
    wait_for,
};
use crate::helpers::{Backend, TestApp, count_rows};

#[actix_web::test]
async fn a_resident_reports_and_comes_back_with_javascript() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::phone(JavaScript::On).await else {
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
    type_into(&browser, "#description", "ឆ្មាំយាមទ្វារពេលយប់").await;
    type_into(&browser, "#landmark", "behind the market").await;
    click(&browser, "button[value='send']").await;

    let code = text_of(&browser, "#tip-code").await;
    let passphrase = text_of(&browser, "#tip-passphrase").await;
    driver
        .screenshot(&screenshot_path("km-receipt"))
        .await
        .unwrap();
    assert_eq!(count_rows(&app.database, "tips"), 1);

    click(&browser, "a.button[href='/km/status']").await;
    type_into(&browser, "#code", &code).await;
    type_into(&browser, "#passphrase", &passphrase).await;
    click(&browser, "form button[type='submit']").await;
    assert_eq!(text_of(&browser, "#tip-status").await, "បានទទួល");
    type_into(&browser, "#body", "ថ្ងៃនេះនៅតែមានឆ្មាំ").await;
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

/// Chromedriver cannot click while page scripts are off, so fields are
/// filled and buttons pressed through the DOM; the form posts themselves are
/// the browser's own.
#[actix_web::test]
async fn a_resident_reports_and_comes_back_without_javascript() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::phone(JavaScript::Off).await else {
        return;
    };
    let driver = browser.driver();
    driver.goto(&app.url("/en/report/held")).await.unwrap();
    assert!(!page_script_ran(&browser).await);
    fill(&browser, "province", "12").await;
    press(&browser, "button[value='refine']").await;
    wait_for(&browser, "#district").await;
    fill(&browser, "description", "Two men locked in the third floor").await;
    press(&browser, "button[value='send']").await;
    let code = text_of(&browser, "#tip-code").await;
    let passphrase = text_of(&browser, "#tip-passphrase").await;
    assert!(driver.source().await.unwrap().contains("tel:117"));
    driver
        .screenshot(&screenshot_path("en-receipt-held-no-javascript"))
        .await
        .unwrap();

    driver.goto(&app.url("/en/status")).await.unwrap();
    fill(&browser, "code", &code).await;
    fill(&browser, "passphrase", &passphrase).await;
    // Masked by the style sheet alone, and shown by the box beside it.
    let masking =
        "return getComputedStyle(document.getElementById('passphrase')).webkitTextSecurity";
    assert_eq!(browser.text(masking).await, "disc");
    press(&browser, "#show-passphrase").await;
    assert_eq!(browser.text(masking).await, "none");
    press(&browser, "form button[type='submit']").await;
    assert_eq!(text_of(&browser, "#tip-status").await, "Received");
    browser.close().await;
}
