//! One log line per request: method, route pattern, status, duration and a
//! short request id that error pages show. Never the client's address, user
//! agent, referrer, path parameters or query string. The payout routes get
//! no line at all: a line's minute beside the counter's camera would date a
//! payout. They are only counted, and the daily job logs the count.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
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

/// Requests to the payout routes since the count was last taken, in this
/// process.
static PAYOUT_REQUESTS: AtomicU64 = AtomicU64::new(0);

const PAYOUT_ROUTES: &str = "/staff/payout";

/// The payout routes' requests since the last call, and a fresh count.
pub fn take_payout_requests() -> u64 {
    PAYOUT_REQUESTS.swap(0, Ordering::Relaxed)
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
    if route
        .as_deref()
        .is_some_and(|route| route.starts_with(PAYOUT_ROUTES))
    {
        PAYOUT_REQUESTS.fetch_add(1, Ordering::Relaxed);
        return result;
    }
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

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use actix_web::middleware::from_fn;
    use actix_web::{App, HttpResponse, test, web};

    use super::*;

    /// What the subscriber writes, kept for the test to read.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[actix_web::test]
    async fn payout_routes_are_counted_and_never_logged() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let app = test::init_service(
            App::new()
                .wrap(from_fn(log_request))
                .route("/staff/payout", web::post().to(HttpResponse::Ok))
                .route("/staff/payout/record", web::post().to(HttpResponse::Ok))
                .route("/staff/rewards", web::get().to(HttpResponse::Ok)),
        )
        .await;
        take_payout_requests();
        for path in ["/staff/payout", "/staff/payout/record"] {
            let request = test::TestRequest::post().uri(path).to_request();
            assert!(
                test::call_service(&app, request)
                    .await
                    .status()
                    .is_success()
            );
        }
        let request = test::TestRequest::get().uri("/staff/rewards").to_request();
        assert!(
            test::call_service(&app, request)
                .await
                .status()
                .is_success()
        );

        let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert!(log.contains("/staff/rewards"), "{log}");
        assert!(!log.contains("/staff/payout"), "{log}");
        assert_eq!(log.lines().count(), 1, "{log}");
        assert_eq!(take_payout_requests(), 2);
        assert_eq!(
            take_payout_requests(),
            0,
            "taking the count starts it again"
        );
    }
}
