//! The tipster's pages, all under `/{lang}/`.

mod about;
mod home;
mod places;
mod report;
pub(crate) mod report_page;
mod status;

use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, web};

use crate::error::AppError;
use crate::i18n::Lang;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(to_default_language))
        .route("/{lang}", web::get().to(to_language_home))
        .route("/{lang}/", web::get().to(home::show))
        .route("/{lang}/about", web::get().to(about::show))
        .route("/{lang}/report", web::get().to(report::show))
        .route("/{lang}/report", web::post().to(report::submit))
        .route("/{lang}/report/held", web::get().to(report::show_held))
        .route("/{lang}/places/{code}", web::get().to(places::children))
        .route("/{lang}/status", web::get().to(status::ask))
        .route("/{lang}/status", web::post().to(status::check))
        .route("/{lang}/status/reply", web::post().to(status::reply));
}

/// `/` → `/km/`. Temporary, so a later choice by `Accept-Language` is not
/// shadowed by a cached permanent redirect.
async fn to_default_language() -> HttpResponse {
    redirect(&format!("/{}/", Lang::DEFAULT.code()))
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
