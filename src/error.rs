//! The one error type of the web layer and its HTTP status. The page the user
//! sees is rendered in one place, `web::error_pages`, in their language and
//! with the request's reference; the cause is logged there, never shown.

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderValue, RETRY_AFTER};
use actix_web::{HttpResponse, ResponseError};

use crate::db::DbError;
use crate::hashing::HashError;
use crate::photos::CleanerError;

/// What a busy answer's `Retry-After` asks for: the page says "in a minute".
pub const BUSY_RETRY_SECONDS: u32 = 60;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("no such page")]
    NotFound,
    #[error("not allowed for this role")]
    Forbidden,
    #[error("the form's anti-forgery token is missing, forged or too old")]
    FormExpired,
    #[error("malformed request: {0}")]
    BadRequest(String),
    #[error("the request is too large")]
    TooLarge,
    #[error("the request does not declare its length")]
    LengthRequired,
    #[error("the body arrived too slowly")]
    TooSlow,
    /// A pool (hashing, later uploads) is full: the visitor is asked to
    /// come back in a minute.
    #[error("too busy to take this now")]
    Busy,
    #[error("hashing failed")]
    Hashing(HashError),
    #[error("photo cleaning failed")]
    Photos(#[from] CleanerError),
    #[error("database failure")]
    Database(#[from] DbError),
    #[error("staff account operation failed")]
    Staff(crate::services::staff::StaffError),
    #[error("mail could not be sent")]
    Mail(#[from] crate::mail::MailError),
    #[error("a response could not be built")]
    Http(#[from] actix_web::error::HttpError),
    #[error("template rendering failed")]
    Template(#[from] askama::Error),
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) | AppError::FormExpired => StatusCode::BAD_REQUEST,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::LengthRequired => StatusCode::LENGTH_REQUIRED,
            AppError::TooSlow => StatusCode::REQUEST_TIMEOUT,
            AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Database(_)
            | AppError::Template(_)
            | AppError::Hashing(_)
            | AppError::Photos(_)
            | AppError::Staff(_)
            | AppError::Mail(_)
            | AppError::Http(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// An empty response: `web::error_pages` turns it into the translated page.
    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::new(self.status_code());
        if let AppError::Busy = self {
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(BUSY_RETRY_SECONDS));
        }
        response
    }
}

impl AppError {
    /// The error and each of its causes, for the log.
    pub fn cause_chain(&self) -> String {
        let mut chain = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            chain.push_str(": ");
            chain.push_str(&cause.to_string());
            source = cause.source();
        }
        chain
    }
}

impl From<crate::services::reports::ReportError> for AppError {
    fn from(error: crate::services::reports::ReportError) -> Self {
        match error {
            crate::services::reports::ReportError::Database(error) => AppError::Database(error),
            crate::services::reports::ReportError::Hash(error) => error.into(),
        }
    }
}

impl From<crate::services::rewards::RewardsError> for AppError {
    fn from(error: crate::services::rewards::RewardsError) -> Self {
        match error {
            crate::services::rewards::RewardsError::Database(error) => AppError::Database(error),
            crate::services::rewards::RewardsError::Hash(error) => error.into(),
        }
    }
}

impl From<HashError> for AppError {
    fn from(error: HashError) -> Self {
        match error {
            HashError::Busy => AppError::Busy,
            error => AppError::Hashing(error),
        }
    }
}

impl From<crate::services::staff::StaffError> for AppError {
    fn from(error: crate::services::staff::StaffError) -> Self {
        match error {
            crate::services::staff::StaffError::Hashing(HashError::Busy) => AppError::Busy,
            error => AppError::Staff(error),
        }
    }
}
