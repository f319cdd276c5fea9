//! A request that says it is larger than tipline ever reads is refused
//! before a byte of its body is read: otherwise the server would hold the
//! connection and its memory while the body arrived, only to refuse it.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::CONTENT_LENGTH;
use actix_web::middleware::Next;

use super::multipart::REQUEST_MAX;
use crate::error::AppError;

/// Answers as a handler's error would, so the translated page follows.
pub async fn refuse_oversized<B: MessageBody + 'static>(
    request: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|length| length.to_str().ok())
        .and_then(|length| length.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > REQUEST_MAX as u64) {
        return Ok(request
            .error_response(AppError::TooLarge)
            .map_into_right_body());
    }
    Ok(next.call(request).await?.map_into_left_body())
}
