//! Staff forms: a URL-encoded body whose `csrf` field must hold, checked
//! before the handler sees any field. A handler that takes a `StaffForm`
//! cannot forget the check.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use serde::de::DeserializeOwned;

use super::frame::csrf_holds;
use super::guard::CurrentStaff;
use crate::domain::text::without_control_characters;
use crate::error::AppError;
use crate::state::AppState;

/// Forms are small: a password, a note, a few choices.
const FORM_LIMIT: usize = 64 * 1024;

/// A form with nothing but its anti-forgery token.
#[derive(serde::Deserialize)]
pub struct EmptyForm {}

/// An internal note, on a tip or a case.
#[derive(serde::Deserialize)]
pub struct NoteForm {
    pub body: String,
}

/// Reads a choice the form may leave out or send unknown as `None`, so the
/// page can say what is missing instead of refusing the whole form.
pub fn choice_or_none<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: DeserializeOwned,
{
    use serde::de::IntoDeserializer;
    let text = <String as serde::Deserialize>::deserialize(deserializer)?;
    let choice: serde::de::value::StringDeserializer<serde::de::value::Error> =
        text.into_deserializer();
    Ok(T::deserialize(choice).ok())
}

/// The fields of a staff form, after its anti-forgery token was checked.
#[derive(Debug)]
pub struct StaffForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for StaffForm<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let request = request.clone();
        let body = web::Bytes::from_request(&request, payload);
        Box::pin(async move {
            let body = body
                .await
                .map_err(|_| AppError::BadRequest("unreadable form".into()))?;
            if body.len() > FORM_LIMIT {
                return Err(AppError::TooLarge);
            }
            let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
                .map_err(|e| AppError::BadRequest(format!("malformed form: {e}")))?;
            let token = fields
                .iter()
                .find(|(name, _)| name == "csrf")
                .map(|(_, value)| value.as_str())
                .unwrap_or_default();
            let state = request
                .app_data::<web::Data<AppState>>()
                .ok_or(AppError::Forbidden)?;
            let current = request.extensions().get::<CurrentStaff>().cloned();
            if !csrf_holds(&state.secret, current.as_ref(), token) {
                return Err(AppError::FormExpired);
            }
            // Every field is read without control characters, so none can
            // reach the database or a page.
            let cleaned = serde_urlencoded::to_string(
                fields
                    .iter()
                    .map(|(name, value)| (name, without_control_characters(value)))
                    .collect::<Vec<_>>(),
            )
            .map_err(|e| AppError::BadRequest(format!("malformed form: {e}")))?;
            serde_urlencoded::from_str(&cleaned)
                .map(StaffForm)
                .map_err(|e| AppError::BadRequest(format!("malformed form: {e}")))
        })
    }
}
