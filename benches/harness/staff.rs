//! A reviewer's browser: an administrator made with `tipline admin create`
//! (the password read twice from standard input), enrolled with an
//! authenticator app, then signing in with email, password and a code.

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::Stdio;

use tipline::totp::TotpSeed;

use super::net::{Failure, Response, exchange, request};
use super::server::Server;

const PASSWORD: &str = "correct horse battery staple";

/// A new administrator `email`, made beside the running `server`.
pub fn create_admin(server: &Server, email: &str) {
    let mut child = server
        .command()
        .args([
            "admin",
            "create",
            "--email",
            email,
            "--name",
            "Bench Reviewer",
        ])
        .args(["--language", "en"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    writeln!(stdin, "{PASSWORD}\n{PASSWORD}").expect("the command reads the password");
    drop(stdin);
    assert!(
        child.wait().expect("the command ends").success(),
        "admin create"
    );
}

/// The current 30-second step of the authenticator app.
fn current_step() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp()).expect("after 1970") / 30
}

/// A browser that keeps its cookies, and the authenticator app beside it.
pub struct StaffBrowser {
    from: Ipv4Addr,
    server: SocketAddr,
    email: String,
    cookies: Vec<(String, String)>,
    seed: Option<TotpSeed>,
    /// The last step whose code was used: each code works once.
    last_step: u64,
}

impl StaffBrowser {
    pub fn new(from: Ipv4Addr, server: SocketAddr, email: &str) -> Self {
        StaffBrowser {
            from,
            server,
            email: email.to_owned(),
            cookies: Vec::new(),
            seed: None,
            last_step: 0,
        }
    }

    /// Signs in for the first time and enrols the second factor.
    pub async fn enrol(&mut self) -> Result<(), Failure> {
        self.password_step("/staff/enrol").await?;
        let page = self.get("/staff/enrol").await?;
        let secret = page
            .between(r#"id="totp-secret">"#, "<")
            .ok_or(Failure::Unexpected(page.status))?;
        self.seed = Some(TotpSeed::from_base32(&secret).ok_or(Failure::Unexpected(200))?);
        let code = self.code_for(current_step());
        let csrf = csrf(&page)?;
        self.post("/staff/enrol", &[("csrf", &csrf), ("code", &code)])
            .await?
            .expect(200)
            .map(drop)
    }

    /// Whether the app shows a code not used yet (one step ahead is
    /// accepted, so a step used is followed by one more at once).
    pub fn ready(&self) -> bool {
        self.seed.is_some() && self.last_step <= current_step()
    }

    /// Signs in fully: email and password, then a fresh code.
    pub async fn sign_in(&mut self) -> Result<(), Failure> {
        self.password_step("/staff/login/code").await?;
        let page = self.get("/staff/login/code").await?;
        let csrf = csrf(&page)?;
        let code = self.code_for((self.last_step + 1).max(current_step()));
        let done = self
            .post("/staff/login/code", &[("csrf", &csrf), ("code", &code)])
            .await?;
        redirected_to(&done, "/staff/")
    }

    /// The code for `step`, which is then used.
    fn code_for(&mut self, step: u64) -> String {
        self.last_step = step;
        self.seed
            .as_ref()
            .map_or_else(String::new, |seed| seed.code_at(step * 30))
    }

    async fn password_step(&mut self, next: &str) -> Result<(), Failure> {
        let page = self.get("/staff/login").await?;
        let csrf = csrf(&page)?;
        let email = self.email.clone();
        let answer = self
            .post(
                "/staff/login",
                &[("csrf", &csrf), ("email", &email), ("password", PASSWORD)],
            )
            .await?;
        redirected_to(&answer, next)
    }

    async fn get(&mut self, path: &str) -> Result<Response, Failure> {
        let cookie = self.cookie_header();
        let headers: Vec<_> = cookie.iter().map(|c| ("Cookie", c.as_str())).collect();
        let answer = exchange(self.from, self.server, &request("GET", path, &headers, &[])).await?;
        self.keep_cookies(&answer);
        answer.expect(200)
    }

    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Result<Response, Failure> {
        let body = serde_urlencoded::to_string(fields).expect("text fields encode");
        let cookie = self.cookie_header();
        let mut headers: Vec<_> = cookie.iter().map(|c| ("Cookie", c.as_str())).collect();
        headers.push(("Content-Type", "application/x-www-form-urlencoded"));
        let answer = exchange(
            self.from,
            self.server,
            &request("POST", path, &headers, body.as_bytes()),
        )
        .await?;
        self.keep_cookies(&answer);
        Ok(answer)
    }

    /// The `Cookie` header's value, when there are cookies to send.
    fn cookie_header(&self) -> Option<String> {
        let pairs: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        (!pairs.is_empty()).then(|| pairs.join("; "))
    }

    fn keep_cookies(&mut self, answer: &Response) {
        for set in answer.headers("set-cookie") {
            let pair = set.split(';').next().unwrap_or_default();
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            self.cookies.retain(|(kept, _)| kept != name);
            if !value.is_empty() {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
    }
}

fn csrf(page: &Response) -> Result<String, Failure> {
    page.between(r#"name="csrf" value=""#, "\"")
        .ok_or(Failure::Unexpected(page.status))
}

fn redirected_to(answer: &Response, to: &str) -> Result<(), Failure> {
    match answer.headers("location").next() {
        Some(location) if answer.status == 303 && location == to => Ok(()),
        _ => Err(Failure::Status(answer.status)),
    }
}
