//! What every page shares: the language, the frame around the content
//! (language switch, quick exit, footer) and rendering to a response.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::{ContentType, RETRY_AFTER};
use actix_web::{FromRequest, HttpRequest, HttpResponse};

use crate::error::AppError;
use crate::i18n::{Lang, Tr};

/// A link to the current page in another language.
#[derive(Debug)]
pub struct LanguageLink {
    pub code: &'static str,
    pub name: &'static str,
    pub current: bool,
}

/// The frame of a page, in the page's language; templates look messages up through it.
#[derive(Debug)]
pub struct Chrome {
    pub lang: Lang,
    tr: Tr,
    pub languages: Vec<LanguageLink>,
    /// The page's path after its language, e.g. `about`: the language
    /// switch links to `/<code>/<rest>`.
    pub rest: String,
    /// Where the quick exit leads: this site's exit, which sends the
    /// browser on to the neutral site.
    pub quick_exit_href: String,
}

impl Chrome {
    /// The frame for `request` in `lang`; the language switch points at the
    /// same page in each other language.
    pub fn new(request: &HttpRequest, lang: Lang) -> Self {
        let rest = page_path_after_language(request.path()).to_owned();
        let languages = Lang::ALL
            .into_iter()
            .map(|other| LanguageLink {
                code: other.code(),
                name: other.tr().t("language-name"),
                current: other == lang,
            })
            .collect();
        let quick_exit_href = format!("/{}/exit", lang.code());
        Chrome {
            lang,
            tr: lang.tr(),
            languages,
            rest,
            quick_exit_href,
        }
    }

    pub fn t(&self, key: &'static str) -> &'static str {
        self.tr.t(key)
    }

    pub fn t_with(&self, key: &str, args: &[(&'static str, &str)]) -> String {
        self.tr.t_with(key, args)
    }

    /// A path inside this language, e.g. `href("about")` → `/km/about`.
    pub fn href(&self, page: &str) -> String {
        format!("/{}/{page}", self.lang.code())
    }
}

/// `/km/about` → `about`; a path outside any language (an unknown page) → ``.
fn page_path_after_language(path: &str) -> &str {
    let mut parts = path.trim_start_matches('/').splitn(2, '/');
    match (parts.next().and_then(Lang::from_code), parts.next()) {
        (Some(_), Some(rest)) => rest,
        _ => "",
    }
}

/// The language a path is in, if it starts with one.
pub fn lang_of_path(path: &str) -> Option<Lang> {
    path.trim_start_matches('/')
        .split('/')
        .next()
        .and_then(Lang::from_code)
}

/// Extracts the frame of a public page from `/{lang}/…`; an unknown
/// language is a 404.
impl FromRequest for Chrome {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let lang = request.match_info().get("lang").and_then(Lang::from_code);
        ready(
            lang.map(|lang| Chrome::new(request, lang))
                .ok_or(AppError::NotFound),
        )
    }
}

/// Renders a page as a 200 HTML response.
pub fn render(page: &impl askama::Template) -> Result<HttpResponse, AppError> {
    render_with_status(StatusCode::OK, page)
}

/// Renders a page as an HTML response with `status` (a form shown again
/// with its problems answers 422).
pub fn render_with_status(
    status: StatusCode,
    page: &impl askama::Template,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::build(status)
        .content_type(ContentType::html())
        .body(page.render()?))
}

/// Renders a form shown again, whole, because a pool was too busy to take
/// it: 503 with `Retry-After`, so that scripts and proxies back off too.
pub fn render_busy(page: &impl askama::Template) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::build(StatusCode::SERVICE_UNAVAILABLE)
        .content_type(ContentType::html())
        .insert_header((RETRY_AFTER, crate::error::BUSY_RETRY_SECONDS))
        .body(page.render()?))
}

/// A query string of the non-empty `filters` and `next`: the link to the
/// following page of a filtered list.
pub fn next_page_query(filters: &[(&str, &str)], next: (&str, String)) -> String {
    let mut pairs: Vec<(&str, String)> = filters
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| (*name, (*value).to_owned()))
        .collect();
    pairs.push(next);
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_page_keeps_only_the_filters_in_use() {
        let query = next_page_query(
            &[("action", "sign_in"), ("actor", "")],
            ("before", "41".into()),
        );
        assert_eq!(query, "action=sign_in&before=41");
        assert_eq!(
            next_page_query(&[("q", "a b&c")], ("after", "1.2".into())),
            "q=a+b%26c&after=1.2"
        );
    }

    #[test]
    fn the_page_path_survives_a_change_of_language() {
        assert_eq!(page_path_after_language("/km/about"), "about");
        assert_eq!(page_path_after_language("/en/"), "");
        assert_eq!(page_path_after_language("/km"), "");
        assert_eq!(page_path_after_language("/nowhere/x"), "");
        assert_eq!(page_path_after_language("/en/status/x"), "status/x");
    }

    #[test]
    fn the_language_of_a_path_is_its_first_segment() {
        assert_eq!(lang_of_path("/en/about"), Some(Lang::En));
        assert_eq!(lang_of_path("/km"), Some(Lang::Km));
        assert_eq!(lang_of_path("/static/x.css"), None);
    }
}
