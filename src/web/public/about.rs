//! `GET /{lang}/about`: purpose, privacy and the data sources' attribution.

use actix_web::HttpResponse;
use askama::Template;

use crate::error::AppError;
use crate::web::page::{Chrome, render};

#[derive(Template)]
#[template(path = "public/about.html")]
struct AboutPage {
    c: Chrome,
}

pub async fn show(c: Chrome) -> Result<HttpResponse, AppError> {
    render(&AboutPage { c })
}
