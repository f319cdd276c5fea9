//! The tipster's pages, all under `/{lang}/`.

mod about;
mod exit;
mod home;
mod places;
mod report;
pub(crate) mod report_page;
mod status;

use actix_web::http::header::{ACCEPT_LANGUAGE, HeaderValue, LOCATION, VARY};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::AppError;
use crate::i18n::Lang;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(to_default_language))
        .route("/{lang}", web::get().to(to_language_home))
        .route("/{lang}/", web::get().to(home::show))
        .route("/{lang}/about", web::get().to(about::show))
        .route("/{lang}/exit", web::get().to(exit::leave))
        .route("/{lang}/report", web::get().to(report::show))
        .route("/{lang}/report", web::post().to(report::submit))
        .route("/{lang}/report/held", web::get().to(report::show_held))
        .route("/{lang}/places/{code}", web::get().to(places::children))
        .route("/{lang}/status", web::get().to(status::ask))
        .route("/{lang}/status", web::post().to(status::check))
        .route("/{lang}/status/reply", web::post().to(status::reply))
        .route("/{lang}/status/withdraw", web::post().to(status::withdraw));
}

/// `/` → the home page in the browser's best supported language, Khmer
/// when none matches. Nothing is remembered: the choice is made afresh
/// each time, so the redirect is temporary and varies with the header.
async fn to_default_language(request: HttpRequest) -> HttpResponse {
    let lang = request
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map_or(Lang::DEFAULT, Lang::from_accept_language);
    let mut response = redirect(&format!("/{}/", lang.code()));
    response
        .headers_mut()
        .insert(VARY, HeaderValue::from_static("Accept-Language"));
    response
}

/// `/en` → `/en/`.
async fn to_language_home(lang: web::Path<String>) -> Result<HttpResponse, AppError> {
    let lang = Lang::from_code(&lang).ok_or(AppError::NotFound)?;
    Ok(redirect(&format!("/{}/", lang.code())))
}

fn redirect(location: &str) -> HttpResponse {
    HttpResponse::Found()
        .insert_header((LOCATION, location))
        .finish()
}
