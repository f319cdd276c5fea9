//! `GET /{lang}/`: what to report, what happens next, how anonymity works,
//! and the emergency number.

use actix_web::HttpResponse;
use askama::Template;

use crate::error::AppError;
use crate::web::page::{Chrome, render};

#[derive(Template)]
#[template(path = "public/home.html")]
struct HomePage {
    c: Chrome,
}

pub async fn show(c: Chrome) -> Result<HttpResponse, AppError> {
    render(&HomePage { c })
}
