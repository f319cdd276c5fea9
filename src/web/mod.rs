//! HTTP: routes, middleware and pages. Handlers are thin: parse, call the
//! domain or the db layer, render.

mod assets;
mod compression;
mod error_pages;
mod health;
mod multipart;
mod page;
mod public;
mod request_log;
mod security_headers;
pub mod staff;

use actix_web::web;

use crate::accounts::Accounts;
use crate::casework::Casework;
use crate::config::Config;
use crate::db::Db;
use crate::domain::place::Place;
use crate::error::AppError;
use crate::hashing::Hasher;
use crate::mail::Mailer;
use crate::photos::PhotoCleaner;
use crate::review::Review;
use crate::rewards::Rewards;
use crate::secret::SecretKey;

pub use compression::compress;
pub use error_pages::render_error_pages;
pub use request_log::{RequestId, log_request};
pub use security_headers::security_headers;

/// What every handler may reach.
#[derive(Debug)]
pub struct AppState {
    pub config: Config,
    pub db: Db,
    pub secret: SecretKey,
    pub hasher: Hasher,
    pub photos: PhotoCleaner,
    pub accounts: Accounts,
    pub review: Review,
    pub casework: Casework,
    pub rewards: Rewards,
    pub mailer: Mailer,
    /// The provinces of the gazetteer, which never change while running.
    pub provinces: Vec<Place>,
}

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
