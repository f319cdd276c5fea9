//! The public pages in a real headless Chromium at a small phone's width,
//! with and without JavaScript. Screenshots land in `target/screenshots/`.

use crate::browser_helpers::{
    Browser, JavaScript, SMALL_PHONE, click, fill, foreign_resources, neutral_site, overflow,
    page_script_ran, press, screenshot_path, text_of, wait_for_url,
};
use crate::helpers::{Backend, TestApp};

#[actix_web::test]
async fn public_pages_fit_a_phone_and_load_nothing_from_other_hosts() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::launch(SMALL_PHONE, JavaScript::On).await else {
        return;
    };
    for (lang, page) in [
        ("km", ""),
        ("en", ""),
        ("km", "about"),
        ("en", "about"),
        ("km", "missing"),
    ] {
        let url = app.url(&format!("/{lang}/{page}"));
        browser.driver().goto(&url).await.unwrap();
        let fonts_ready: bool = browser
            .driver()
            .execute_async(
                "const done = arguments[0]; document.fonts.ready.then(() => done(true));",
                vec![],
            )
            .await
            .unwrap()
            .convert()
            .unwrap();
        assert!(fonts_ready);
        assert_eq!(
            browser.text("return document.documentElement.lang").await,
            lang,
            "{url}"
        );
        assert_eq!(
            browser.number("return window.innerWidth").await,
            i64::from(SMALL_PHONE.width)
        );
        let overflow = overflow(&browser).await;
        assert!(overflow <= 0, "{url} is {overflow} px wider than a phone");
        let foreign = foreign_resources(&browser).await;
        assert!(foreign.is_empty(), "{url} loaded {foreign}");
        let loaded = browser
            .text("return performance.getEntriesByType('resource').map(e => e.name).join(' ')")
            .await;
        for asset in [
            "/static/app.css",
            "/static/app.js",
            "/static/noto-sans-khmer-400.woff2",
        ] {
            assert!(
                loaded.contains(asset),
                "{url} did not load {asset}: {loaded}"
            );
        }
        let khmer_font = browser
            .number("return document.fonts.check('16px \"Noto Sans Khmer\"', 'ក') && [...document.fonts].some(f => f.family.includes('Noto Sans Khmer') && f.status === 'loaded') ? 1 : 0")
            .await;
        assert_eq!(khmer_font, 1, "{url}: the Khmer font is not in use");
        let exit_visible = browser
            .number(
                "const r = document.getElementById('quick-exit').getBoundingClientRect();
                 return r.width > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth ? 1 : 0",
            )
            .await;
        assert_eq!(
            exit_visible, 1,
            "{url}: the quick exit is not on the first screen"
        );
        let page_name = if page.is_empty() { "home" } else { page };
        browser
            .driver()
            .screenshot(&screenshot_path(&format!("{lang}-{page_name}")))
            .await
            .unwrap();
    }
    browser.close().await;
}

/// The app with its quick exit pointing at a stand-in neutral site, and a
/// browser (scripts on or off) on its Khmer home page, which proves whether
/// the page's own script ran.
async fn home_page_with_quick_exit(javascript: JavaScript) -> Option<(TestApp, Browser, String)> {
    let exit_url = neutral_site();
    let app =
        TestApp::spawn_with(Backend::Sqlite, &[("TIPLINE_QUICK_EXIT_URL", &exit_url)]).await?;
    let browser = Browser::launch(SMALL_PHONE, javascript).await?;
    browser.driver().goto(&app.url("/km/")).await.unwrap();
    let scripted = page_script_ran(&browser).await;
    assert_eq!(
        scripted,
        javascript == JavaScript::On,
        "the page's script ran: {scripted}"
    );
    Some((app, browser, exit_url))
}

#[actix_web::test]
async fn the_language_switch_and_quick_exit_work_with_javascript() {
    let Some((app, browser, exit_url)) = home_page_with_quick_exit(JavaScript::On).await else {
        return;
    };
    click(&browser, "nav.languages a[hreflang='en']").await;
    wait_for_url(&browser, &app.url("/en/")).await;
    let heading = browser.heading().await;
    assert_eq!(heading, "Report a suspected scam compound");

    let history_before = browser.number("return history.length").await;
    click(&browser, "#quick-exit").await;
    wait_for_url(&browser, &exit_url).await;
    let history_after = browser.number("return history.length").await;
    assert_eq!(
        history_after, history_before,
        "the quick exit left this site in the history"
    );
    browser.close().await;
}

/// Chromedriver cannot click while page scripts are off (it waits on a page
/// timer after each click), so this follows each link's `href` as a
/// script-less browser does on a tap.
#[actix_web::test]
async fn the_pages_read_and_link_without_javascript() {
    let Some((app, browser, exit_url)) = home_page_with_quick_exit(JavaScript::Off).await else {
        return;
    };
    let overflow = overflow(&browser).await;
    assert!(overflow <= 0, "{overflow} px too wide");
    let heading = browser.heading().await;
    assert!(heading.starts_with("រាយការណ៍"), "{heading}");

    let english = browser
        .text("return document.querySelector(\"nav.languages a[hreflang='en']\").href")
        .await;
    browser.driver().goto(&english).await.unwrap();
    let heading = browser.heading().await;
    assert_eq!(heading, "Report a suspected scam compound");
    browser
        .driver()
        .screenshot(&screenshot_path("en-home-no-javascript"))
        .await
        .unwrap();

    let exit = browser
        .text("return document.getElementById('quick-exit').href")
        .await;
    assert_eq!(exit, app.url("/en/exit"));
    browser.driver().goto(&exit).await.unwrap();
    wait_for_url(&browser, &exit_url).await;
    assert_eq!(browser.driver().title().await.unwrap(), "Weather");
    browser.close().await;
}

/// A page restored by Back from the browser's memory must not show what the
/// tipster saw: where scripts run, the status page is wiped as it is left.
#[actix_web::test]
async fn a_status_page_is_wiped_as_it_is_left() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::launch(SMALL_PHONE, JavaScript::On).await else {
        return;
    };
    let (code, passphrase) = app.report_compound().await;
    browser.driver().goto(&app.url("/en/status")).await.unwrap();
    fill(&browser, "code", &code).await;
    fill(&browser, "passphrase", &passphrase).await;
    press(&browser, "form button[type='submit']").await;
    assert_eq!(text_of(&browser, "#tip-status").await, "Received");
    let left = browser
        .number(
            "window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
             return (document.getElementById('tip-status') === null
                 && document.querySelector('input[name=token]') === null
                 && !document.body.textContent.includes('No messages yet')) ? 1 : 0",
        )
        .await;
    assert_eq!(left, 1, "the status page kept its content");
    // The frame (language switch, quick exit) stays.
    assert_eq!(
        browser
            .number("return document.getElementById('quick-exit') ? 1 : 0")
            .await,
        1
    );
    browser.close().await;
}
