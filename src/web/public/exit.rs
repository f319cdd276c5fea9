//! `GET /{lang}/exit`: the quick exit leaves through here, so the browser
//! is told on the way out to drop what it cached of this site
//! (`Clear-Site-Data: "cache"`), which is all a page without scripts can
//! do against a searched phone. Pages are `no-store` anyway; this also
//! covers a browser that keeps them in memory for Back and Forward.

use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, web};

use crate::state::AppState;

pub async fn leave(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((LOCATION, state.config.quick_exit_url.as_str()))
        .insert_header(("Clear-Site-Data", "\"cache\""))
        .finish()
}
