//! The frame of a staff page: its language (the staff member's choice, or
//! `?lang=` before sign-in), who is signed in, the navigation and the
//! anti-forgery token every form carries.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use super::guard::CurrentStaff;
use crate::domain::staff::{Role, SessionStage};
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::secret::{SecretKey, to_hex};
use crate::state::AppState;
use crate::tokens;
use crate::vault::OpeningKey;

/// Staff pages are in Khmer or English.
pub const STAFF_LANGUAGES: [Lang; 2] = [Lang::Km, Lang::En];
const ANONYMOUS_FORM_PURPOSE: &str = "staff-form";
/// A sign-in form left open longer than this must be reloaded.
pub const ANONYMOUS_FORM_MAX_AGE: chrono::Duration = chrono::Duration::hours(2);

/// The signed-in staff member, as the frame shows them.
#[derive(Debug, Clone)]
pub struct Who {
    pub name: String,
    pub role: Role,
}

/// A language another staff page can be shown in before sign-in.
#[derive(Debug)]
pub struct LanguageChoice {
    pub code: &'static str,
    pub name: &'static str,
    pub current: bool,
}

#[derive(Debug)]
pub struct StaffChrome {
    pub lang: Lang,
    tr: Tr,
    pub who: Option<Who>,
    /// The anti-forgery token for this page's forms.
    pub csrf: String,
    pub languages: Vec<LanguageChoice>,
    /// The session's organisation key, which opens what staff typed; `None`
    /// for a member without a grant and before sign-in.
    org: Option<OpeningKey>,
}

/// The anti-forgery token bound to a session.
pub fn session_csrf(key: &SecretKey, current: &CurrentStaff) -> String {
    to_hex(&key.sign("staff-csrf", current.token.as_str().as_bytes()))
}

/// An anti-forgery token for forms shown before sign-in.
pub fn anonymous_csrf(key: &SecretKey) -> String {
    tokens::issue(key, ANONYMOUS_FORM_PURPOSE, "staff", chrono::Utc::now())
}

/// Whether `token` is a valid anti-forgery token for this request.
pub fn csrf_holds(key: &SecretKey, current: Option<&CurrentStaff>, token: &str) -> bool {
    match current {
        Some(current) => {
            let expected = session_csrf(key, current);
            // Compared through the MAC, in constant time.
            key.verify(
                "csrf-compare",
                expected.as_bytes(),
                &key.sign("csrf-compare", token.as_bytes()),
            )
        }
        None => tokens::verify(
            key,
            ANONYMOUS_FORM_PURPOSE,
            token,
            chrono::Utc::now(),
            ANONYMOUS_FORM_MAX_AGE,
        )
        .is_ok(),
    }
}

impl StaffChrome {
    pub fn new(request: &HttpRequest) -> Result<Self, AppError> {
        let state = request
            .app_data::<web::Data<AppState>>()
            .ok_or(AppError::Forbidden)?;
        let current = request.extensions().get::<CurrentStaff>().cloned();
        let org = current.as_ref().and_then(|current| current.org.clone());
        let (lang, who, csrf) = match &current {
            Some(current) => (
                current.session.staff.language,
                // Half-way through sign-in, no menu: none of it would open.
                (current.session.stage == SessionStage::Full).then(|| Who {
                    name: current.session.staff.name.clone(),
                    role: current.session.staff.role,
                }),
                session_csrf(&state.secret, current),
            ),
            None => (
                requested_language(request),
                None,
                anonymous_csrf(&state.secret),
            ),
        };
        let lang = if STAFF_LANGUAGES.contains(&lang) {
            lang
        } else {
            Lang::DEFAULT
        };
        // Once signed in, even half-way, the account's own language rules.
        let languages = if current.is_some() {
            Vec::new()
        } else {
            language_choices(lang)
        };
        Ok(StaffChrome {
            lang,
            tr: lang.tr(),
            who,
            csrf,
            languages,
            org,
        })
    }

    /// The key that opens sealed staff text, when this session holds it.
    pub fn org(&self) -> Option<&OpeningKey> {
        self.org.as_ref()
    }

    pub fn t(&self, key: &'static str) -> &'static str {
        self.tr.t(key)
    }

    pub fn t_with(&self, key: &str, args: &[(&'static str, &str)]) -> String {
        self.tr.t_with(key, args)
    }

    pub fn t_counts(&self, key: &str, counts: &[(&'static str, u64)]) -> String {
        self.tr.t_counts(key, counts)
    }

    /// Whether the signed-in member works tips (never a payout officer).
    pub fn reviews(&self) -> bool {
        self.who
            .as_ref()
            .is_some_and(|who| matches!(who.role, Role::Reviewer | Role::Admin))
    }

    pub fn pays_out(&self) -> bool {
        self.who
            .as_ref()
            .is_some_and(|who| who.role == Role::Payout)
    }

    pub fn is_admin(&self) -> bool {
        self.who.as_ref().is_some_and(|who| who.role == Role::Admin)
    }

    /// `?lang=en` for links between pages before sign-in.
    pub fn lang_query(&self) -> String {
        format!("?lang={}", self.lang.code())
    }
}

/// Every staff language, `current` marked.
pub fn language_choices(current: Lang) -> Vec<LanguageChoice> {
    STAFF_LANGUAGES
        .into_iter()
        .map(|lang| LanguageChoice {
            code: lang.code(),
            name: lang.tr().t("language-name"),
            current: lang == current,
        })
        .collect()
}

/// A page that says one thing and where to go next.
#[derive(askama::Template)]
#[template(path = "staff/notice.html")]
pub struct NoticePage {
    pub c: StaffChrome,
    pub title: &'static str,
    pub body: &'static str,
    /// Where to go next, with its label.
    pub next: Option<(String, &'static str)>,
}

/// `?lang=` of the request, or the default.
fn requested_language(request: &HttpRequest) -> Lang {
    web::Query::<Vec<(String, String)>>::from_query(request.query_string())
        .ok()
        .and_then(|query| {
            query
                .iter()
                .find(|(name, _)| name == "lang")
                .and_then(|(_, code)| Lang::from_code(code))
        })
        .unwrap_or(Lang::DEFAULT)
}

impl FromRequest for StaffChrome {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(StaffChrome::new(request))
    }
}
