//! The check in front of every staff route: who is signed in, how far, and
//! with what role. A missing or ended session goes to the sign-in page; a
//! wrong role gets 403.

use std::future::{Ready, ready};

use actix_web::body::BoxBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::LOCATION;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, ResponseError, web};

use super::Access;
use crate::db::sessions::{self, Session};
use crate::domain::ids::StaffId;
use crate::domain::staff::SessionStage;
use crate::error::AppError;
use crate::services::common::now;
use crate::services::staff::{SessionToken, open_session};
use crate::state::AppState;
use crate::vault::OpeningKey;

/// The staff session cookie; it is only ever sent to `/staff/`.
pub const SESSION_COOKIE: &str = "tipline_staff";
const COOKIE_PATH: &str = "/staff";

/// The signed-in staff member of this request, put there by [`check`].
#[derive(Clone, Debug)]
pub struct CurrentStaff {
    pub token: SessionToken,
    pub session: Session,
    /// The organisation key, opened with the cookie's token, when the
    /// member holds a grant: what sealed content opens with.
    pub org: Option<OpeningKey>,
}

impl CurrentStaff {
    pub fn id(&self) -> StaffId {
        self.session.staff.id
    }

    fn new(token: SessionToken, session: Session) -> Self {
        let org = session
            .sealed_key
            .as_ref()
            .and_then(|sealed| open_session(sealed, &token));
        CurrentStaff {
            token,
            session,
            org,
        }
    }
}

impl FromRequest for CurrentStaff {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        // Only routes behind a session check have one.
        ready(
            request
                .extensions()
                .get::<CurrentStaff>()
                .cloned()
                .ok_or(AppError::Forbidden),
        )
    }
}

/// `303 See Other` to `location`.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((LOCATION, location))
        .finish()
}

/// The cookie that carries `token`.
pub fn session_cookie(token: &SessionToken, secure: bool) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, token.as_str().to_owned())
        .path(COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .finish()
}

/// A cookie that removes the session cookie.
pub fn removal_cookie(secure: bool) -> Cookie<'static> {
    let mut cookie = session_cookie(&SessionToken::generate(), secure);
    cookie.make_removal();
    cookie
}

/// The session token the browser sent, if it looks like one.
pub fn sent_token(request: &HttpRequest) -> Option<SessionToken> {
    request
        .cookie(SESSION_COOKIE)
        .and_then(|cookie| SessionToken::parse(cookie.value()))
}

/// The live session behind the browser's cookie, if any.
async fn live_session(state: &AppState, token: &SessionToken) -> Result<Option<Session>, AppError> {
    let hash = token.hash(&state.secret);
    let Some(session) = state
        .db
        .read(move |conn| sessions::find(conn, &hash))
        .await?
    else {
        return Ok(None);
    };
    let now = now();
    if session.staff.disabled || !session.times.is_live(session.stage, now) {
        return Ok(None);
    }
    if session.times.needs_touch(now) {
        let hash = token.hash(&state.secret);
        state
            .db
            .write(move |conn| sessions::touch(conn, &hash, now))
            .await?;
    }
    Ok(Some(session))
}

pub async fn check(
    access: Access,
    request: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if access == Access::Anyone {
        return next.call(request).await;
    }
    let state = request
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or(AppError::Forbidden)?;
    let current = match sent_token(request.request()) {
        Some(token) => live_session(&state, &token)
            .await?
            .map(|session| CurrentStaff::new(token, session)),
        None => None,
    };
    let allowed = match (&current, access) {
        (None, _) => None,
        (Some(current), Access::Stage(stage)) => (current.session.stage == stage).then_some(true),
        (Some(current), Access::Roles(roles)) => match current.session.stage {
            SessionStage::Full => Some(roles.contains(&current.session.staff.role)),
            _ => None,
        },
        (Some(_), Access::Anyone) => Some(true),
    };
    match (allowed, current) {
        (Some(true), Some(current)) => {
            request.extensions_mut().insert(current);
            next.call(request).await
        }
        (Some(false), Some(current)) => {
            // The error page speaks the staff member's language.
            request.extensions_mut().insert(current);
            Ok(request.into_response(AppError::Forbidden.error_response()))
        }
        _ => Ok(request.into_response(see_other("/staff/login"))),
    }
}
