//! Turns every error response into a translated HTML page with the request's
//! reference, and logs the cause of server errors once. Nothing internal
//! reaches the page.

use actix_web::HttpMessage;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, ContentType, RETRY_AFTER};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use super::RequestId;
use super::page::{Chrome, lang_of_path};
use super::staff::StaffChrome;
use crate::error::AppError;
use crate::i18n::Lang;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    title: &'static str,
    body: &'static str,
    reference: String,
}

pub async fn render_error_pages<B: MessageBody + 'static>(
    request: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let response = next.call(request).await?;
    let status = response.status();
    let is_error = status.is_client_error() || status.is_server_error();
    // A handler that already rendered its own page (a form shown again with
    // its errors, a plain-text health answer) keeps it.
    let bare =
        response.response().error().is_some() || !response.headers().contains_key(CONTENT_TYPE);
    if !(is_error && bare) {
        return Ok(response.map_into_left_body());
    }
    let reference = response
        .request()
        .extensions()
        .get::<RequestId>()
        .map(ToString::to_string)
        .unwrap_or_default();
    // A busy answer is the defence working, not a fault: the request's own
    // log line says 503, and a flood must not flood the log twice.
    if status.is_server_error() && status != StatusCode::SERVICE_UNAVAILABLE {
        let cause = response
            .response()
            .error()
            .map(|error| match error.as_error::<AppError>() {
                Some(app_error) => app_error.cause_chain(),
                None => error.to_string(),
            });
        tracing::error!(request_id = %reference, status = status.as_u16(), cause = cause.as_deref().unwrap_or("-"), "server error");
    }
    let mut page = error_page(response.request(), status, &reference);
    // A busy answer says when to come back; the page must keep saying it.
    if let Some(retry_after) = response.headers().get(RETRY_AFTER) {
        page.headers_mut().insert(RETRY_AFTER, retry_after.clone());
    }
    let connection = response.response().head().connection_type();
    page.head_mut().set_connection_type(connection);
    Ok(response.into_response(page).map_into_right_body())
}

#[derive(Template)]
#[template(path = "staff/error.html")]
struct StaffErrorPage {
    c: StaffChrome,
    title: &'static str,
    body: &'static str,
    reference: String,
}

/// The catalog keys of the title and text for `status`.
fn keys(staff: bool, status: StatusCode) -> (&'static str, &'static str) {
    match (staff, status) {
        (false, StatusCode::NOT_FOUND) => ("error-not-found-title", "error-not-found-body"),
        (false, StatusCode::SERVICE_UNAVAILABLE) => ("error-busy-title", "error-busy-body"),
        (false, StatusCode::REQUEST_TIMEOUT) => ("error-slow-title", "error-slow-body"),
        (false, status) if status.is_server_error() => ("error-server-title", "error-server-body"),
        (false, _) => ("error-request-title", "error-request-body"),
        (true, StatusCode::NOT_FOUND) => {
            ("staff-error-not-found-title", "staff-error-not-found-body")
        }
        (true, StatusCode::FORBIDDEN) => {
            ("staff-error-forbidden-title", "staff-error-forbidden-body")
        }
        (true, StatusCode::SERVICE_UNAVAILABLE) => {
            ("staff-error-busy-title", "staff-error-busy-body")
        }
        (true, status) if status.is_server_error() => {
            ("staff-error-server-title", "staff-error-server-body")
        }
        (true, _) => ("staff-error-request-title", "staff-error-request-body"),
    }
}

fn error_page(request: &HttpRequest, status: StatusCode, reference: &str) -> HttpResponse {
    // Staff pages speak the staff member's language, in the staff frame.
    let staff = request
        .path()
        .starts_with("/staff")
        .then(|| StaffChrome::new(request).ok())
        .flatten();
    let rendered = match staff {
        Some(c) => {
            let (title, body) = keys(true, status);
            StaffErrorPage {
                title: c.t(title),
                body: c.t(body),
                reference: c.t_with("error-reference", &[("reference", reference)]),
                c,
            }
            .render()
        }
        None => {
            let lang = lang_of_path(request.path()).unwrap_or(Lang::DEFAULT);
            let c = Chrome::new(request, lang);
            let (title, body) = keys(false, status);
            ErrorPage {
                title: c.t(title),
                body: c.t(body),
                reference: c.t_with("error-reference", &[("reference", reference)]),
                c,
            }
            .render()
        }
    };
    match rendered {
        Ok(html) => HttpResponse::build(status)
            .content_type(ContentType::html())
            .body(html),
        Err(error) => {
            tracing::error!(request_id = %reference, cause = %error, "the error page failed to render");
            HttpResponse::build(status)
                .content_type(ContentType::plaintext())
                .body(reference.to_owned())
        }
    }
}
