//! Headless Chromium for the journeys: a phone or a desk screen, with page
//! scripts or without, and the taps, typing and waits they share.
//! Screenshots land in `target/screenshots/`.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;
use thirtyfour::prelude::*;

use crate::helpers::skip_or_fail;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A screen the pages are shown on, in CSS pixels.
#[derive(Clone, Copy, Debug)]
pub struct Screen {
    pub width: u32,
    pub height: u32,
    /// A phone's touch screen and mobile viewport, or a desk's mouse and window.
    pub mobile: bool,
}

/// The phone most tipsters hold.
pub const PHONE: Screen = Screen {
    width: 390,
    height: 844,
    mobile: true,
};

/// The narrowest phone the public pages must still fit.
pub const SMALL_PHONE: Screen = Screen {
    width: 360,
    height: 740,
    mobile: true,
};

/// An office laptop, as staff work at.
pub const DESK: Screen = Screen {
    width: 1366,
    height: 768,
    mobile: false,
};

/// Whether the page's own scripts may run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JavaScript {
    On,
    Off,
}

/// Chromedriver's `mobileEmulation` option.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct MobileEmulation {
    device_metrics: DeviceMetrics,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct DeviceMetrics {
    width: u32,
    height: u32,
    pixel_ratio: u32,
    mobile: bool,
    touch: bool,
}

/// Chromium driven through chromedriver, both ended when this is dropped.
pub struct Browser {
    driver: Option<WebDriver>,
    chromedriver: Child,
    _profile: TempDir,
}

impl Browser {
    /// A fresh browser on a [`PHONE`], or `None` (after saying so) where
    /// Chromium is absent.
    pub async fn phone(javascript: JavaScript) -> Option<Browser> {
        Self::launch(PHONE, javascript).await
    }

    /// A fresh browser on a [`DESK`] screen.
    pub async fn desk(javascript: JavaScript) -> Option<Browser> {
        Self::launch(DESK, javascript).await
    }

    /// A fresh browser on `screen`.
    pub async fn launch(screen: Screen, javascript: JavaScript) -> Option<Browser> {
        Self::launch_with(screen, javascript, &[]).await
    }

    /// The same, with Chromium switches of the test's own.
    pub async fn launch_with(
        screen: Screen,
        javascript: JavaScript,
        switches: &[String],
    ) -> Option<Browser> {
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
        for switch in switches {
            capabilities.add_arg(switch).unwrap();
        }
        if javascript == JavaScript::Off {
            let block_scripts = std::collections::HashMap::from([(
                "profile.managed_default_content_settings.javascript",
                2,
            )]);
            capabilities
                .add_experimental_option("prefs", block_scripts)
                .unwrap();
        }
        // Emulated on a desk too: the viewport is then exactly the screen,
        // whatever window decorations headless Chromium would subtract.
        let emulation = MobileEmulation {
            device_metrics: DeviceMetrics {
                width: screen.width,
                height: screen.height,
                pixel_ratio: if screen.mobile { 2 } else { 1 },
                mobile: screen.mobile,
                touch: screen.mobile,
            },
        };
        capabilities
            .add_experimental_option("mobileEmulation", emulation)
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
        self.run(script).await
    }

    pub async fn text(&self, script: &str) -> String {
        self.run(script).await
    }

    async fn run<T: serde::de::DeserializeOwned>(&self, script: &str) -> T {
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

/// A stand-in for the neutral site the quick exit leaves for: answers a few
/// requests with a plain page, then stops.
pub fn neutral_site() -> String {
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

pub fn screenshot_path(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("{name}.png"))
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

pub async fn type_into(browser: &Browser, selector: &str, text: &str) {
    wait_for(browser, selector)
        .await
        .send_keys(text)
        .await
        .unwrap();
}

/// Chromedriver cannot click while page scripts are off (it waits on a page
/// timer after each click), so without JavaScript a button is pressed
/// through the DOM; the form post that follows is the browser's own.
pub async fn press(browser: &Browser, selector: &str) {
    let script = format!("document.querySelector(\"{selector}\").click(); return 1;");
    browser.number(&script).await;
}

/// Sets the field with `id` through the DOM, for the same reason as [`press`].
pub async fn fill(browser: &Browser, id: &str, value: &str) {
    let script = format!("document.getElementById('{id}').value = {value:?}; return 1;");
    browser.number(&script).await;
}

/// Waits until `selector` is on the page (a form post has landed).
pub async fn wait_for(browser: &Browser, selector: &str) -> WebElement {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(element) = browser.driver().find(By::Css(selector)).await {
            return element;
        }
        assert!(Instant::now() < deadline, "{selector} never appeared");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn text_of(browser: &Browser, selector: &str) -> String {
    wait_for(browser, selector).await.text().await.unwrap()
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

/// How many CSS pixels the page is wider than the screen.
pub async fn overflow(browser: &Browser) -> i64 {
    browser
        .number("return document.documentElement.scrollWidth - window.innerWidth")
        .await
}

/// What the page loaded from other hosts, if anything.
pub async fn foreign_resources(browser: &Browser) -> String {
    browser
        .text(
            "return performance.getEntriesByType('resource').map(e => e.name)
                .filter(name => !name.startsWith(location.origin + '/')).join(' ')",
        )
        .await
}

/// Whether the page's own script ran: it marks the document with `js`.
pub async fn page_script_ran(browser: &Browser) -> bool {
    browser
        .number("return document.documentElement.classList.contains('js') ? 1 : 0")
        .await
        == 1
}
