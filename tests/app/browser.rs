//! The public pages in a real headless Chromium at a phone's width, with and
//! without JavaScript. Screenshots land in `target/screenshots/`.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;
use thirtyfour::prelude::*;

use crate::helpers::{Backend, TestApp, skip_or_fail};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const PHONE_WIDTH: u32 = 360;

/// Chromium driven through chromedriver, both ended when this is dropped.
pub struct Browser {
    driver: Option<WebDriver>,
    chromedriver: Child,
    _profile: TempDir,
}

impl Browser {
    /// A fresh browser, or `None` (after saying so) where Chromium is absent.
    async fn launch(javascript: bool) -> Option<Browser> {
        Self::launch_sized(javascript, PHONE_WIDTH, 740).await
    }

    /// A fresh browser with a phone screen of `width`×`height` CSS pixels.
    pub async fn launch_sized(javascript: bool, width: u32, height: u32) -> Option<Browser> {
        if !Path::new(CHROMIUM).is_file() || !Path::new(CHROMEDRIVER).is_file() {
            skip_or_fail(
                "Chromium",
                &format!("{CHROMIUM} or {CHROMEDRIVER} is missing"),
            );
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let chromedriver = Command::new(CHROMEDRIVER)
            .args([
                format!("--port={port}"),
                "--allowed-ips=127.0.0.1".to_owned(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so the browsers it starts die with it.
            .process_group(0)
            .spawn()
            .expect("chromedriver starts");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().unwrap();
        let mut capabilities = DesiredCapabilities::chrome();
        capabilities.set_binary(CHROMIUM).unwrap();
        for arg in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--lang=km",
        ] {
            capabilities.add_arg(arg).unwrap();
        }
        capabilities
            .add_arg(&format!("--user-data-dir={}", profile.path().display()))
            .unwrap();
        if !javascript {
            let block_scripts = std::collections::HashMap::from([(
                "profile.managed_default_content_settings.javascript",
                2,
            )]);
            capabilities
                .add_experimental_option("prefs", block_scripts)
                .unwrap();
        }
        let metrics = std::collections::HashMap::from([
            ("width", width),
            ("height", height),
            ("pixelRatio", 2),
        ]);
        capabilities
            .add_experimental_option(
                "mobileEmulation",
                std::collections::HashMap::from([("deviceMetrics", metrics)]),
            )
            .unwrap();
        let mut browser = Browser {
            driver: None,
            chromedriver,
            _profile: profile,
        };
        browser.driver = Some(
            WebDriver::new(format!("http://127.0.0.1:{port}"), capabilities)
                .await
                .expect("a session"),
        );
        Some(browser)
    }

    pub fn driver(&self) -> &WebDriver {
        self.driver.as_ref().unwrap()
    }

    pub async fn number(&self, script: &str) -> i64 {
        self.driver()
            .execute(script, vec![])
            .await
            .unwrap()
            .convert()
            .unwrap()
    }

    pub async fn text(&self, script: &str) -> String {
        self.driver()
            .execute(script, vec![])
            .await
            .unwrap()
            .convert()
            .unwrap()
    }

    /// The text of the page's `h1`.
    pub async fn heading(&self) -> String {
        self.driver()
            .find(By::Tag("h1"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    pub async fn close(mut self) {
        if let Some(driver) = self.driver.take() {
            driver.quit().await.unwrap();
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let group = format!("-{}", self.chromedriver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.chromedriver.wait();
    }
}

pub fn screenshot_path(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("{name}.png"))
}

#[actix_web::test]
async fn public_pages_fit_a_phone_and_load_nothing_from_other_hosts() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::launch(true).await else {
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
            i64::from(PHONE_WIDTH)
        );
        let overflow = browser
            .number("return document.documentElement.scrollWidth - window.innerWidth")
            .await;
        assert!(overflow <= 0, "{url} is {overflow} px wider than a phone");
        let foreign = browser
            .text(
                "return performance.getEntriesByType('resource').map(e => e.name)
                    .filter(name => !name.startsWith(location.origin + '/')).join(' ')",
            )
            .await;
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

/// A stand-in for the neutral site the quick exit leaves for: answers a few
/// requests with a plain page, then stops.
fn neutral_site() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(8) {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 2048];
            let _ = stream.read(&mut request);
            let body = "<!doctype html><title>Weather</title><p>Sunny</p>";
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    address
}

pub async fn click(browser: &Browser, selector: &str) {
    browser
        .driver()
        .find(By::Css(selector))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

pub async fn wait_for_url(browser: &Browser, expected: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let url = browser.driver().current_url().await.unwrap().to_string();
        if url == expected {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "still at {url}, expected {expected}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The app with its quick exit pointing at a stand-in neutral site, and a
/// browser (scripts on or off) on its Khmer home page, which proves whether
/// the page's own script ran.
async fn home_page_with_quick_exit(javascript: bool) -> Option<(TestApp, Browser, String)> {
    let exit_url = neutral_site();
    let app =
        TestApp::spawn_with(Backend::Sqlite, &[("TIPLINE_QUICK_EXIT_URL", &exit_url)]).await?;
    let browser = Browser::launch(javascript).await?;
    browser.driver().goto(&app.url("/km/")).await.unwrap();
    let scripted = browser
        .number("return document.documentElement.classList.contains('js') ? 1 : 0")
        .await;
    assert_eq!(
        scripted == 1,
        javascript,
        "the page's script ran: {scripted}"
    );
    Some((app, browser, exit_url))
}

#[actix_web::test]
async fn the_language_switch_and_quick_exit_work_with_javascript() {
    let Some((app, browser, exit_url)) = home_page_with_quick_exit(true).await else {
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
    let Some((_app, browser, exit_url)) = home_page_with_quick_exit(false).await else {
        return;
    };
    let overflow = browser
        .number("return document.documentElement.scrollWidth - window.innerWidth")
        .await;
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
    assert_eq!(exit, exit_url);
    browser.driver().goto(&exit).await.unwrap();
    assert_eq!(browser.driver().title().await.unwrap(), "Weather");
    browser.close().await;
}
