//! HTTP: routes, middleware and pages. Handlers are thin: parse, call a
//! service (or, to read, the db layer), render.

mod assets;
mod body_guard;
mod compression;
mod error_pages;
mod fair_share;
mod health;
mod multipart;
mod page;
mod public;
mod request_log;
mod security_headers;
pub mod staff;

use actix_web::web;

use crate::error::AppError;

pub use body_guard::{guard_bodies, refuse_unbounded};
pub use compression::compress;
pub use error_pages::render_error_pages;
pub use fair_share::take_fair_share;
pub use multipart::REQUEST_MAX;
pub use request_log::{RequestId, log_request, take_payout_requests};
pub use security_headers::security_headers;

/// Every route of the application.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/static/{file}", web::get().to(assets::serve))
        // Before the public routes, whose `/{lang}/…` would take `/staff/…`.
        .configure(staff::routes)
        .configure(staff::redirects)
        .configure(public::routes)
        .default_service(web::to(not_found));
}

async fn not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound)
}
