//! Back and Forward over HTTPS on a phone (issue 13). Over HTTPS Chromium
//! restores even `no-store` pages from its back/forward cache without asking
//! the server, so what Back shows after a receipt and after a status page is
//! checked in the browser itself, with scripts and without: the app sits
//! behind a TLS listener (socat) with a certificate made for the test, which
//! Chromium trusts by its key's hash, as it would a valid one (a certificate
//! error would itself keep pages out of the cache and prove nothing). Each
//! walk first proves that the cache is live for a harmless page.

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::browser_helpers::{
    Browser, JavaScript, PHONE, click, fill, neutral_site, press, text_of, wait_for_url,
};
use crate::helpers::{Backend, TestApp, execute, skip_or_fail};

const DESCRIPTION: &str = "Guards at the gate at night";
const SOCAT: &str = "/usr/bin/socat";
const OPENSSL: &str = "/usr/bin/openssl";

/// A TLS listener on loopback in front of the app, ended when dropped.
struct Https {
    socat: Child,
    port: u16,
    /// The base64 SHA-256 of the certificate's public key, as Chromium's
    /// `--ignore-certificate-errors-spki-list` takes it.
    spki: String,
    _keys: TempDir,
}

impl Https {
    /// Makes a self-signed certificate for 127.0.0.1 and listens with it on
    /// `port`, passing the plain stream on to `app` (`host:port`); `None`
    /// (after saying so) where socat or openssl is missing.
    fn front(port: u16, app: &str) -> Option<Https> {
        for tool in [SOCAT, OPENSSL] {
            if !Path::new(tool).is_file() {
                skip_or_fail("HTTPS in front of the app", &format!("{tool} is missing"));
                return None;
            }
        }
        let keys = tempfile::tempdir().unwrap();
        let key = keys.path().join("key.pem");
        let cert = keys.path().join("cert.pem");
        let made = Command::new(OPENSSL)
            .args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
            .args(["ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"])
            .args(["-subj", "/CN=127.0.0.1", "-addext"])
            .args(["subjectAltName=IP:127.0.0.1", "-keyout"])
            .arg(&key)
            .arg("-out")
            .arg(&cert)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(made.success(), "openssl made no certificate");
        let spki = Command::new("sh")
            .args([
                "-c",
                "openssl pkey -in \"$1\" -pubout -outform der \
                 | openssl dgst -sha256 -binary | openssl base64 -A",
                "spki",
            ])
            .arg(&key)
            .output()
            .unwrap();
        assert!(spki.status.success(), "openssl gave no key hash");
        let spki = String::from_utf8(spki.stdout).unwrap();
        assert_eq!(spki.len(), 44, "not a base64 SHA-256: {spki}");
        let socat = Command::new(SOCAT)
            .arg(format!(
                "OPENSSL-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork,cert={},key={},verify=0",
                cert.display(),
                key.display()
            ))
            .arg(format!("TCP:{app}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so the children it forks per connection die with it.
            .process_group(0)
            .spawn()
            .expect("socat starts");
        let https = Https {
            socat,
            port,
            spki,
            _keys: keys,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "socat did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(https)
    }

    fn url(&self, path: &str) -> String {
        format!("https://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Https {
    fn drop(&mut self) {
        let group = format!("-{}", self.socat.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.socat.wait();
    }
}

/// The app told it is served over HTTPS, with its quick exit pointing at a
/// stand-in neutral site, the TLS listener in front of it, and a phone
/// whose Chromium trusts that listener's certificate.
struct Setup {
    app: TestApp,
    https: Https,
    browser: Browser,
    exit_url: String,
    javascript: JavaScript,
}

impl Setup {
    async fn start(javascript: JavaScript) -> Option<Setup> {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let public_url = format!("https://127.0.0.1:{port}");
        let exit_url = neutral_site();
        let app = TestApp::spawn_with(
            Backend::Sqlite,
            &[
                ("TIPLINE_PUBLIC_URL", &public_url),
                ("TIPLINE_QUICK_EXIT_URL", &exit_url),
            ],
        )
        .await?;
        let https = Https::front(port, app.address.trim_start_matches("http://"))?;
        let trust = format!("--ignore-certificate-errors-spki-list={}", https.spki);
        let browser = Browser::launch_with(PHONE, javascript, &[trust]).await?;
        Some(Setup {
            app,
            https,
            browser,
            exit_url,
            javascript,
        })
    }

    async fn goto(&self, path: &str) {
        self.browser
            .driver()
            .goto(&self.https.url(path))
            .await
            .unwrap();
    }

    /// A tap on a link or button: a real one with scripts, through the DOM
    /// without them (chromedriver cannot click while page scripts are off).
    async fn tap(&self, selector: &str) {
        match self.javascript {
            JavaScript::On => click(&self.browser, selector).await,
            JavaScript::Off => press(&self.browser, selector).await,
        }
    }

    /// Proves the cache is live here: a harmless page left by a link comes
    /// back by Back as the very document that was left, over HTTPS that
    /// Chromium holds valid (an untrusted certificate fails `goto`).
    async fn prove_the_cache_is_live(&self) {
        self.goto("/en/about").await;
        let secure = self.browser.number("return window.isSecureContext ? 1 : 0");
        assert_eq!(secure.await, 1, "not a secure context");
        self.leave_by("nav.languages a[hreflang='km']", "/km/about")
            .await;
        let back = self.back(&[]).await;
        assert_eq!(back.url, self.https.url("/en/about"));
        assert!(
            back.from_memory,
            "Chromium did not restore a harmless page from its back/forward cache: {back:?}"
        );
    }

    /// Marks the document, then leaves it through `selector` for `path`.
    async fn leave_by(&self, selector: &str, path: &str) {
        self.browser
            .number("window.tiplineLeft = 1; return 1")
            .await;
        self.tap(selector).await;
        wait_for_url(&self.browser, &self.https.url(path)).await;
    }

    /// Leaves by the quick exit, which lands on the neutral site.
    async fn quick_exit(&self) {
        self.browser
            .number("window.tiplineLeft = 1; return 1")
            .await;
        self.tap("#quick-exit").await;
        wait_for_url(&self.browser, &self.exit_url).await;
    }

    /// Presses Back and reports what it shows.
    async fn back(&self, secrets: &[&str]) -> Comeback {
        self.browser.driver().back().await.unwrap();
        self.seen(secrets).await
    }

    /// Presses Reload (which sends a posted form again) and reports what it shows.
    async fn reload(&self, secrets: &[&str]) -> Comeback {
        self.browser.driver().refresh().await.unwrap();
        self.seen(secrets).await
    }

    async fn seen(&self, secrets: &[&str]) -> Comeback {
        let url = self.browser.driver().current_url().await.unwrap();
        // Page scripts or not, the driver's own script runs: it finds the
        // mark only on the very document that was left.
        let from_memory = self
            .browser
            .number("return window.tiplineLeft === 1 ? 1 : 0")
            .await
            == 1;
        let seen = self
            .browser
            .text(
                "return (document.body ? document.body.innerText : '') + ' '
                    + Array.from(document.querySelectorAll('input, textarea'))
                        .map(field => field.value).join(' ')",
            )
            .await;
        let document = self
            .browser
            .text("return location.href + ' ' + JSON.stringify(document.title)")
            .await;
        let not_restored = self
            .browser
            .text(
                "const entry = performance.getEntriesByType('navigation')[0];
                 return JSON.stringify(entry ? entry.notRestoredReasons : null)",
            )
            .await;
        Comeback {
            url: url.to_string(),
            document,
            from_memory,
            shown: secrets
                .iter()
                .filter(|secret| seen.contains(*secret))
                .map(|secret| (*secret).to_owned())
                .collect(),
            not_restored,
        }
    }

    /// Sends a report from the form and returns the receipt's code and passphrase.
    async fn report(&self) -> (String, String) {
        self.goto("/en/report").await;
        self.tap("input[name='category'][value='compound']").await;
        fill(&self.browser, "province", "17").await;
        fill(&self.browser, "description", DESCRIPTION).await;
        self.tap("button[value='send']").await;
        let code = text_of(&self.browser, "#tip-code").await;
        let passphrase = text_of(&self.browser, "#tip-passphrase").await;
        (code, passphrase)
    }

    /// Opens the status page with the code and passphrase typed in.
    async fn open_status(&self, code: &str, passphrase: &str) {
        self.goto("/en/status").await;
        fill(&self.browser, "code", code).await;
        fill(&self.browser, "passphrase", passphrase).await;
        self.tap("form button[type='submit']").await;
        assert_eq!(text_of(&self.browser, "#tip-status").await, "Received");
    }
}

/// What Back showed.
#[derive(Debug)]
struct Comeback {
    url: String,
    /// What the tab holds: the page, or Chromium's own error page.
    document: String,
    /// The very document that was left, kept in the browser's memory.
    from_memory: bool,
    /// Which of the secrets asked about are on the page or in its fields.
    shown: Vec<String>,
    /// Chromium's reasons when the page did not come from its memory.
    not_restored: String,
}

/// Says what Chromium did, past the harness's capture: the README reports it.
fn observe(case: &str, javascript: JavaScript, seen: &Comeback) {
    eprintln!(
        "bfcache, JavaScript {javascript:?}, {case}: at {}, showing {}, from memory: {}, \
         secrets shown: {:?}, not restored because: {}",
        seen.url, seen.document, seen.from_memory, seen.shown, seen.not_restored
    );
}

/// Back from the receipt, and Reload on what Back shows. Chromium keeps
/// no page that answered a post in its memory, so Back asks for the post
/// again; sent again within two minutes it is the same receipt by design
/// ("A form sent twice"), after that the empty form.
async fn a_receipt_left_by_a_link_does_not_come_back(javascript: JavaScript) {
    let Some(setup) = Setup::start(javascript).await else {
        return;
    };
    setup.prove_the_cache_is_live().await;
    let (code, passphrase) = setup.report().await;
    let secrets = [code.as_str(), passphrase.as_str(), DESCRIPTION];
    setup
        .leave_by("a.button[href='/en/status']", "/en/status")
        .await;
    let back = setup.back(&secrets).await;
    observe("Back from a receipt left by a link", javascript, &back);
    assert_eq!(back.url, setup.https.url("/en/report"));
    assert!(back.shown.is_empty(), "Back shows {:?}", back.shown);

    execute(
        &setup.app.database,
        "UPDATE form_receipts SET sealed_until = '2000-01-01 00:00:00'",
    );
    let reloaded = setup.reload(&secrets).await;
    observe("Reload after two minutes", javascript, &reloaded);
    assert!(
        reloaded.document.contains("Report"),
        "not the report form: {reloaded:?}"
    );
    assert!(
        reloaded.shown.is_empty(),
        "Reload shows {:?}",
        reloaded.shown
    );
    setup.browser.close().await;
}

/// Back from a status page, and Reload on what Back shows: the status
/// form, with nothing typed in it.
async fn a_status_page_left_by_a_link_does_not_come_back(javascript: JavaScript) {
    let Some(setup) = Setup::start(javascript).await else {
        return;
    };
    setup.prove_the_cache_is_live().await;
    let (code, passphrase) = setup.app.report_compound().await;
    setup.open_status(&code, &passphrase).await;
    let secrets = [code.as_str(), passphrase.as_str(), "No messages yet"];
    setup
        .leave_by("nav.languages a[hreflang='km']", "/km/status")
        .await;
    let back = setup.back(&secrets).await;
    observe("Back from a status page left by a link", javascript, &back);
    assert_eq!(back.url, setup.https.url("/en/status"));
    assert!(back.shown.is_empty(), "Back shows {:?}", back.shown);

    let reloaded = setup.reload(&secrets).await;
    observe("Reload on it", javascript, &reloaded);
    assert!(
        reloaded.document.contains("Check a report"),
        "not the status form: {reloaded:?}"
    );
    assert!(
        reloaded.shown.is_empty(),
        "Reload shows {:?}",
        reloaded.shown
    );
    setup.browser.close().await;
}

/// The quick exit from the status form with the code and passphrase typed
/// in, not sent: without scripts Chromium would keep that page in memory
/// (it was not posted) and Back would show it as it was left.
async fn a_form_left_by_the_quick_exit_does_not_come_back(javascript: JavaScript) {
    let Some(setup) = Setup::start(javascript).await else {
        return;
    };
    setup.prove_the_cache_is_live().await;
    let (code, passphrase) = setup.app.report_compound().await;
    setup.goto("/en/status").await;
    fill(&setup.browser, "code", &code).await;
    fill(&setup.browser, "passphrase", &passphrase).await;
    setup.quick_exit().await;
    let back = setup.back(&[&code, &passphrase]).await;
    observe(
        "Back from a status form left by the quick exit",
        javascript,
        &back,
    );
    assert!(back.shown.is_empty(), "Back shows {:?}", back.shown);
    assert!(
        !back.from_memory,
        "Back restored a page of the site: {back:?}"
    );
    // The cookie the exit changes to drop those pages lived only in its answer.
    let cookies = setup.browser.driver().get_all_cookies().await.unwrap();
    assert!(cookies.is_empty(), "the exit left cookies: {cookies:?}");
    setup.browser.close().await;
}

/// A status form with the code and passphrase typed in, not sent, left by
/// an ordinary link: Chromium keeps it in memory, and where scripts run
/// its fields are emptied as it is left. (Without scripts it comes back as
/// it was: the README says so, and only the quick exit drops it.)
async fn a_typed_status_form_left_by_a_link_comes_back_empty() {
    let Some(setup) = Setup::start(JavaScript::On).await else {
        return;
    };
    setup.prove_the_cache_is_live().await;
    let (code, passphrase) = setup.app.report_compound().await;
    setup.goto("/en/status").await;
    fill(&setup.browser, "code", &code).await;
    fill(&setup.browser, "passphrase", &passphrase).await;
    setup
        .leave_by("nav.languages a[hreflang='km']", "/km/status")
        .await;
    let back = setup.back(&[&code, &passphrase]).await;
    observe(
        "Back to a typed status form left by a link",
        JavaScript::On,
        &back,
    );
    assert!(back.from_memory, "the test needs the kept page: {back:?}");
    assert!(back.shown.is_empty(), "Back shows {:?}", back.shown);
    setup.browser.close().await;
}

#[actix_web::test]
async fn a_typed_status_form_left_by_a_link_comes_back_empty_with_scripts() {
    a_typed_status_form_left_by_a_link_comes_back_empty().await
}

/// The quick exit from a receipt: Back brings back none of it.
async fn a_receipt_left_by_the_quick_exit_does_not_come_back(javascript: JavaScript) {
    let Some(setup) = Setup::start(javascript).await else {
        return;
    };
    setup.prove_the_cache_is_live().await;
    let (code, passphrase) = setup.report().await;
    setup.quick_exit().await;
    let back = setup.back(&[&code, &passphrase, DESCRIPTION]).await;
    observe(
        "Back from a receipt left by the quick exit",
        javascript,
        &back,
    );
    assert!(back.shown.is_empty(), "Back shows {:?}", back.shown);
    assert!(
        !back.from_memory,
        "Back restored a page of the site: {back:?}"
    );
    setup.browser.close().await;
}

/// Runs an `async fn(JavaScript)` with page scripts and without, as two tests.
macro_rules! with_and_without_javascript {
    ($walk:ident) => {
        mod $walk {
            use crate::browser_helpers::JavaScript;

            #[actix_web::test]
            async fn with_javascript() {
                super::$walk(JavaScript::On).await
            }
            #[actix_web::test]
            async fn without_javascript() {
                super::$walk(JavaScript::Off).await
            }
        }
    };
}

with_and_without_javascript!(a_receipt_left_by_a_link_does_not_come_back);
with_and_without_javascript!(a_status_page_left_by_a_link_does_not_come_back);
with_and_without_javascript!(a_form_left_by_the_quick_exit_does_not_come_back);
with_and_without_javascript!(a_receipt_left_by_the_quick_exit_does_not_come_back);
