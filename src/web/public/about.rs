//! `GET /{lang}/about`: purpose, privacy, and the data sources with their
//! attribution and what the loaded gazetteer covers.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::places;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::page::{Chrome, render};

#[derive(Template)]
#[template(path = "public/about.html")]
struct AboutPage {
    c: Chrome,
    coverage: String,
}

pub async fn show(c: Chrome, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let counts = state.db.read(places::count_by_level).await?;
    let coverage = c.t_with(
        "about-data-coverage",
        &[
            ("provinces", &counts.provinces.to_string()),
            ("districts", &counts.districts.to_string()),
            ("communes", &counts.communes.to_string()),
            ("villages", &counts.villages.to_string()),
        ],
    );
    render(&AboutPage { c, coverage })
}
