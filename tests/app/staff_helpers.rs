//! A staff member's browser over HTTP: cookies kept, forms followed with
//! their anti-forgery tokens, codes from an authenticator app.

use tipline::domain::staff::{NewPassword, Role, StaffEmail, StaffName};
use tipline::i18n::Lang;
use tipline::services::common::Actor;
use tipline::services::staff::NewAccount;
use tipline::totp::TotpSeed;

use crate::helpers::{TestApp, element_text, input_value};

pub const PASSWORD: &str = "correct horse battery staple";

pub struct StaffClient {
    pub client: reqwest::Client,
    base: String,
    /// The authenticator app: the seed shown at enrolment.
    pub seed: Option<TotpSeed>,
    /// The latest time a code was made for, so no code is used twice.
    last_code_time: u64,
    /// The recovery codes shown at enrolment.
    pub recovery_codes: Vec<String>,
}

impl StaffClient {
    pub fn new(base: &str) -> StaffClient {
        StaffClient {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: base.to_owned(),
            seed: None,
            last_code_time: 0,
            recovery_codes: Vec::new(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// The page at `path`, which must answer 200.
    pub async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.text().await.unwrap()
    }

    /// Opens `form_page`, then posts `fields` and its anti-forgery token to `action`.
    pub async fn submit(
        &self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let page = self.page(form_page).await;
        let csrf = input_value(&page, "csrf");
        let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.client
            .post(self.url(action))
            .form(&all)
            .send()
            .await
            .unwrap()
    }

    /// Email and password: the answer is a redirect to the next step.
    pub async fn password_step(&self, email: &str, password: &str) -> reqwest::Response {
        self.submit(
            "/staff/login",
            "/staff/login",
            &[("email", email), ("password", password)],
        )
        .await
    }

    /// The next code the app shows that was not used yet.
    pub fn next_code(&mut self) -> String {
        let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap();
        let time = now.max(self.last_code_time + 30);
        self.last_code_time = time;
        self.seed.as_ref().expect("enrolled").code_at(time)
    }

    /// The last code the app gave, already used.
    pub fn last_code(&self) -> String {
        self.seed
            .as_ref()
            .expect("enrolled")
            .code_at(self.last_code_time)
    }

    /// Enrols the second factor: reads the key off the page like a person
    /// typing it into an app, confirms with a code, and keeps the recovery codes.
    pub async fn enrol(&mut self) {
        let page = self.page("/staff/enrol").await;
        assert!(page.contains("<svg"), "the QR code is inline SVG");
        let secret = element_text(&page, "totp-secret");
        self.seed = Some(TotpSeed::from_base32(&secret).expect("a base32 key"));
        // A new seed: no code of it was used yet.
        self.last_code_time = 0;
        let code = self.next_code();
        let response = self
            .submit("/staff/enrol", "/staff/enrol", &[("code", &code)])
            .await;
        assert_eq!(response.status(), 200);
        let page = response.text().await.unwrap();
        let codes: Vec<String> = page
            .split("<li><code>")
            .skip(1)
            .map(|rest| rest.split('<').next().unwrap().to_owned())
            .collect();
        assert_eq!(codes.len(), 10, "{page}");
        self.recovery_codes = codes;
    }

    /// The second step with `code`.
    pub async fn code_step(&self, code: &str) -> reqwest::Response {
        self.submit("/staff/login/code", "/staff/login/code", &[("code", code)])
            .await
    }

    /// Signs in fully (the account is enrolled already).
    pub async fn sign_in(&mut self, email: &str) {
        let response = self.password_step(email, PASSWORD).await;
        assert_eq!(location(&response), "/staff/login/code");
        let code = self.next_code();
        let response = self.code_step(&code).await;
        assert_eq!(location(&response), "/staff/");
    }
}

/// Where a redirect points.
pub fn location(response: &reqwest::Response) -> String {
    assert!(
        response.status().is_redirection(),
        "expected a redirect, got {}",
        response.status()
    );
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// Creates an account with `role` beside the server, signs it in and
/// enrols it over HTTP. Returns its browser and id.
pub async fn signed_in_staff(
    app: &TestApp,
    role: Role,
    email: &str,
) -> (StaffClient, tipline::domain::ids::StaffId) {
    let account = NewAccount {
        email: StaffEmail::parse(email).unwrap(),
        name: StaffName::parse(&format!("{} {email}", role.as_str())).unwrap(),
        role,
        language: Lang::En,
    };
    let id = app
        .staff
        .create(
            Actor::CommandLine,
            account,
            Some(NewPassword::parse(PASSWORD, PASSWORD).unwrap()),
        )
        .await
        .unwrap()
        .unwrap();
    let mut staff = StaffClient::new(&app.address);
    let response = staff.password_step(email, PASSWORD).await;
    assert_eq!(location(&response), "/staff/enrol");
    staff.enrol().await;
    (staff, id)
}

/// Posts `fields` to `action` with the token and version of the page at
/// `page` (the version of the tip or case the page shows).
pub async fn act(
    reviewer: &StaffClient,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let html = reviewer.page(page).await;
    let csrf = input_value(&html, "csrf");
    let version = input_value(&html, "version");
    let mut all = vec![("csrf", csrf.as_str()), ("version", version.as_str())];
    all.extend_from_slice(fields);
    reviewer
        .client
        .post(reviewer.url(action))
        .form(&all)
        .send()
        .await
        .unwrap()
}

/// Acts on a tip and expects to land back on it.
pub async fn tip_act(reviewer: &StaffClient, tip: &str, fields: &[(&str, &str)]) {
    let page = format!("/staff/tips/{tip}");
    let response = act(reviewer, &page, &format!("{page}/action"), fields).await;
    assert_eq!(location(&response), page, "{fields:?}");
}

/// Acts on a case and expects to land back on it.
pub async fn case_act(reviewer: &StaffClient, case: &str, fields: &[(&str, &str)]) {
    let page = format!("/staff/cases/{case}");
    let response = act(reviewer, &page, &format!("{page}/action"), fields).await;
    assert_eq!(location(&response), page, "{fields:?}");
}
