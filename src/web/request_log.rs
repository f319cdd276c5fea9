//! One log line per request: method, route pattern, status, duration and a
//! short request id that error pages show. Never the client's address, user
//! agent, referrer, path parameters or query string.

use std::fmt;
use std::time::Instant;

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

/// A random reference for one request, to match what a user quotes from an
/// error page with the log line that holds the cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(String);

impl RequestId {
    fn generate() -> Self {
        let mut bytes = [0u8; 4];
        rand::fill(&mut bytes);
        RequestId(crate::secret::to_hex(&bytes))
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub async fn log_request(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let request_id = RequestId::generate();
    request.extensions_mut().insert(request_id.clone());
    let method = request.method().clone();
    let started = Instant::now();
    let result = next.call(request).await;
    let duration_ms = started.elapsed().as_secs_f64() * 1_000.0;
    let (route, status) = match &result {
        Ok(response) => (
            response.request().match_pattern(),
            response.status().as_u16(),
        ),
        Err(error) => (None, error.as_response_error().status_code().as_u16()),
    };
    tracing::info!(
        request_id = %request_id,
        method = %method,
        route = route.as_deref().unwrap_or("-"),
        status,
        duration_ms = format_args!("{duration_ms:.1}"),
        "request"
    );
    result
}
