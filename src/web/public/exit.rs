//! `GET /{lang}/exit`: the quick exit leaves through here on the way to the
//! neutral site, which is all a page without scripts can do against a
//! searched phone.
//!
//! Chromium keeps even `no-store` pages in its back/forward cache, so Back
//! from the neutral site would show a page of ours as it was left (a status
//! form with the code typed in, say), and `Clear-Site-Data: "cache"` does
//! not drop them (Chromium 156). What does is a change to an `HttpOnly`
//! cookie of the site: so this answer sets one and removes it again at
//! once, leaving no cookie behind. The header still drops the site's cached
//! static files.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, web};

use crate::state::AppState;

/// The cookie that lives only within the exit's answer.
const PASSING_COOKIE: &str = "exit";

pub async fn leave(state: web::Data<AppState>) -> HttpResponse {
    // A session cookie, so that not even the moment it lived is written to disk.
    let mut passing = Cookie::build(PASSING_COOKIE, "1")
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config.public_url.is_https())
        .finish();
    let set = passing.to_string();
    passing.make_removal();
    HttpResponse::SeeOther()
        .insert_header((LOCATION, state.config.quick_exit_url.as_str()))
        .insert_header(("Clear-Site-Data", "\"cache\""))
        // In this order: the browser applies them one after the other.
        .append_header(("Set-Cookie", set))
        .append_header(("Set-Cookie", passing.to_string()))
        .finish()
}
