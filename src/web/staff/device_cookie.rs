//! The device cookie: set once a browser has signed in fully, sent back only
//! to the sign-in steps (`/staff/login` and `/staff/login/code`), and never
//! by a public route. It gives the browser its own budget of sign-in tries.

use actix_web::HttpRequest;
use actix_web::cookie::time::Duration;
use actix_web::cookie::{Cookie, SameSite};

use crate::domain::staff::DEVICE_LIFETIME;
use crate::services::staff::DeviceToken;

pub const DEVICE_COOKIE: &str = "tipline_device";
const DEVICE_COOKIE_PATH: &str = "/staff/login";

pub fn device_cookie(token: &DeviceToken, secure: bool) -> Cookie<'static> {
    Cookie::build(DEVICE_COOKIE, token.as_str().to_owned())
        .path(DEVICE_COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(Duration::seconds(DEVICE_LIFETIME.num_seconds()))
        .finish()
}

/// The device cookie the browser sent, checked later by the service.
pub fn sent_device(request: &HttpRequest) -> Option<DeviceToken> {
    request
        .cookie(DEVICE_COOKIE)
        .map(|cookie| DeviceToken::sent(cookie.value()))
}
