//! Every request body passes here before a handler reads a byte of it.
//!
//! - A body sent in chunks is refused at once (411): every form a browser
//!   posts declares its length, and a length that is not declared cannot be
//!   checked or reserved (an absurd chunk size would otherwise hang).
//! - A declared length larger than tipline ever reads is refused (413).
//! - A declared length over 64 KiB (a form with photos) is reserved in
//!   the body budget (`crate::bodies`); over it the body waits a little,
//!   then gets the busy page (503).
//! - The body must keep its pace while it arrives, or it is cut off (408).
//!
//! A body that was not read to its end (refused early, or cut off) closes
//! the connection with its answer, so the sender cannot go on holding it.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Instant;

use actix_web::HttpMessage;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::ConnectionType;
use actix_web::http::header::{CONTENT_LENGTH, TRANSFER_ENCODING};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use futures_util::Stream;
use tokio::time::Sleep;

use super::fair_share::visitor_of;
use super::multipart::REQUEST_MAX;
use crate::bodies::{Pace, PaceLimits};
use crate::error::AppError;
use crate::state::AppState;

/// The checks that need nothing but the headers, made before anything else.
pub async fn refuse_unbounded<B: MessageBody + 'static>(
    mut request: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    if request.headers().contains_key(TRANSFER_ENCODING) {
        hold_unread(&mut request);
        return Ok(refused(request, AppError::LengthRequired));
    }
    if declared_length(&request) > REQUEST_MAX as u64 {
        return Ok(refused(request, AppError::TooLarge));
    }
    Ok(next.call(request).await?.map_into_left_body())
}

/// Reserves the body's bytes in the budget and holds it to its pace; runs
/// inside the fair shares, so a visitor waiting for their share reserves
/// nothing yet.
pub async fn guard_bodies<B: MessageBody + 'static>(
    mut request: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let declared = declared_length(&request);
    let state = request.app_data::<web::Data<AppState>>().cloned();
    let Some(state) = state.filter(|_| declared > 0) else {
        return Ok(next.call(request).await?.map_into_left_body());
    };
    // A form without photos (a status check, a report in words) holds
    // little and never waits for the budget, so slow uploads that fill it
    // cannot turn it away; it still keeps its pace.
    let reservation = if declared <= SMALL_BODY {
        None
    } else {
        let visitor = visitor_of(&request, &state);
        let bytes = usize::try_from(declared).unwrap_or(usize::MAX);
        match state.bodies.reserve(visitor, bytes).await {
            Ok(reservation) => Some(reservation),
            Err(_) => return Ok(refused(request, AppError::Busy)),
        }
    };
    let watch = Arc::new(BodyWatch::default());
    let paced = Paced::new(
        request.take_payload(),
        state.config.pace,
        Arc::clone(&watch),
    );
    request.set_payload(Payload::from(Box::pin(paced) as BoxedBody));
    let response = next.call(request).await?;
    // The form's bytes are dropped with the handler: only now is the
    // memory they held free again.
    drop(reservation);
    if watch.cut.load(Ordering::Relaxed) {
        let request = response.request().clone();
        let mut response = ServiceResponse::from_err(AppError::TooSlow, request);
        close_after(&mut response);
        return Ok(response.map_into_right_body());
    }
    let mut response = response.map_into_left_body();
    if !watch.ended.load(Ordering::Relaxed) {
        close_after(&mut response);
    }
    Ok(response)
}

/// The length the request declares; 0 when it declares none (it then has
/// no body: one sent in chunks was refused before).
fn declared_length(request: &ServiceRequest) -> u64 {
    request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|length| length.to_str().ok())
        .and_then(|length| length.trim().parse::<u64>().ok())
        .unwrap_or(0)
}

/// Bodies up to this length are not reserved in the budget: every text
/// field of the largest form fits (5,000 characters of up to 4 bytes, and
/// the short fields).
const SMALL_BODY: u64 = 64 * 1024;

/// How long the unread body of a refused chunked request is held.
const HOLD_UNREAD: std::time::Duration = std::time::Duration::from_secs(10);

/// Keeps the unread body of a chunked request from being dropped while its
/// answer goes out. actix drains a chunked body whose reader is gone, to
/// keep the connection; one whose reader is still there but unfinished
/// ends the connection after the answer. Nothing is read from it, so the
/// sender is held back and nothing is buffered.
fn hold_unread(request: &mut ServiceRequest) {
    let payload = request.take_payload();
    actix_web::rt::spawn(async move {
        tokio::time::sleep(HOLD_UNREAD).await;
        drop(payload);
    });
}

fn refused<B>(request: ServiceRequest, error: AppError) -> ServiceResponse<EitherBody<B>> {
    let mut response = request.error_response(error);
    close_after(&mut response);
    response.map_into_right_body()
}

/// Ends the connection once the answer is sent, so the rest of an unread
/// body is not waited for.
fn close_after<B>(response: &mut ServiceResponse<B>) {
    response
        .response_mut()
        .head_mut()
        .set_connection_type(ConnectionType::Close);
}

type BoxedBody = Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>>;

/// What became of a body, told to the middleware by its stream.
#[derive(Default)]
struct BodyWatch {
    /// It was cut off for its pace.
    cut: AtomicBool,
    /// It was read to its end.
    ended: AtomicBool,
}

/// A body that must keep its pace: a timer stands for the moment it would
/// be too slow, so a body that sends nothing at all is cut off too.
struct Paced {
    inner: Payload,
    pace: Pace,
    timer: Pin<Box<Sleep>>,
    watch: Arc<BodyWatch>,
}

impl Paced {
    fn new(inner: Payload, limits: PaceLimits, watch: Arc<BodyWatch>) -> Self {
        let pace = Pace::new(limits, Instant::now());
        Paced {
            inner,
            timer: Box::pin(tokio::time::sleep_until(pace.deadline().into())),
            pace,
            watch,
        }
    }

    fn cut(&mut self) -> Poll<Option<Result<Bytes, PayloadError>>> {
        self.watch.cut.store(true, Ordering::Relaxed);
        Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            "the body arrived too slowly",
        )))))
    }
}

impl Stream for Paced {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.watch.cut.load(Ordering::Relaxed) {
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                let now = Instant::now();
                this.pace.received(chunk.len(), now);
                if this.pace.too_slow(now) {
                    return this.cut();
                }
                this.timer.as_mut().reset(this.pace.deadline().into());
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(None) => {
                this.watch.ended.store(true, Ordering::Relaxed);
                Poll::Ready(None)
            }
            Poll::Ready(Some(Err(error))) => Poll::Ready(Some(Err(error))),
            Poll::Pending => match this.timer.as_mut().poll(cx) {
                Poll::Ready(()) => this.cut(),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}
