//! Reading a multipart form into memory, within bounds. Nothing is written
//! to a temporary file: what a tipster sends never lies on disk as sent.
//!
//! A public form sends its anti-forgery token as its first part, so a body
//! that does not begin with one the server signed is refused before the
//! rest of it (the photos) is read. A token that is only too old still
//! passes here: its form is shown again with what was typed.

use std::collections::HashMap;

use actix_multipart::Multipart;
use futures_util::StreamExt;

use crate::domain::text::without_control_characters;
use crate::error::AppError;

/// The largest whole request tipline reads (five 10 MB photos and the text).
pub const REQUEST_MAX: usize = 55 * 1024 * 1024;
/// The largest text field, in bytes: 5,000 characters of up to 4 bytes.
const TEXT_FIELD_MAX: usize = 20_000;

/// Why a multipart body was refused.
#[derive(Debug, thiserror::Error)]
pub enum MultipartError {
    #[error("the request is larger than tipline accepts")]
    TooLarge,
    #[error("a text field is larger than tipline accepts")]
    FieldTooLarge,
    #[error("a text field is not UTF-8")]
    NotText,
    #[error("the form is malformed: {0}")]
    Malformed(String),
    #[error("the form does not begin with a token the server signed")]
    Unsigned,
}

/// The part a form must begin with: its name, and whether its value is a
/// token this server signed (expired or not).
pub struct FirstPart<'a> {
    pub name: &'static str,
    pub signed: &'a dyn Fn(&str) -> bool,
}

/// The text fields of a form, by name (the last value wins), and the
/// non-empty file parts, by field name, in the order sent.
#[derive(Debug, Default)]
pub struct FormParts {
    pub text: HashMap<String, String>,
    pub files: Vec<(String, Vec<u8>)>,
}

impl FormParts {
    /// A text field, or "" when it was not sent.
    pub fn text(&self, name: &str) -> String {
        self.text.get(name).cloned().unwrap_or_default()
    }
}

/// Reads every part, holding files in memory and refusing anything past
/// the bounds, or a body that does not begin with `first`.
pub async fn read_form(
    mut multipart: Multipart,
    first: FirstPart<'_>,
) -> Result<FormParts, MultipartError> {
    let mut parts = FormParts::default();
    let mut total = 0usize;
    let mut awaiting_first = true;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|e| MultipartError::Malformed(e.to_string()))?;
        let name = field.name().unwrap_or_default().to_owned();
        let is_file = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .is_some();
        let is_first = std::mem::take(&mut awaiting_first);
        if is_first && (is_file || name != first.name) {
            return Err(MultipartError::Unsigned);
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| MultipartError::Malformed(e.to_string()))?;
            total += chunk.len();
            if total > REQUEST_MAX {
                return Err(MultipartError::TooLarge);
            }
            if !is_file && bytes.len() + chunk.len() > TEXT_FIELD_MAX {
                return Err(MultipartError::FieldTooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        if is_first && !(first.signed)(String::from_utf8_lossy(&bytes).trim()) {
            return Err(MultipartError::Unsigned);
        }
        if is_file {
            // A file input left empty still sends an empty part.
            if !bytes.is_empty() {
                // Growing by doubling leaves up to as much again unused,
                // held until the photo is cleaned.
                bytes.shrink_to_fit();
                parts.files.push((name, bytes));
            }
        } else {
            let text = String::from_utf8(bytes).map_err(|_| MultipartError::NotText)?;
            parts
                .text
                .insert(name, without_control_characters(&text).into_owned());
        }
    }
    if awaiting_first {
        return Err(MultipartError::Unsigned);
    }
    Ok(parts)
}

/// Reads a public form that may carry photos: its fields, and the photos
/// sent in its `photos` field. Too large a request is a 413; one that does
/// not begin with `first`, a malformed one, or a file in any other field,
/// a 400.
pub async fn read_form_with_photos(
    multipart: Multipart,
    first: FirstPart<'_>,
) -> Result<(FormParts, Vec<Vec<u8>>), AppError> {
    let mut parts = read_form(multipart, first)
        .await
        .map_err(|error| match error {
            MultipartError::TooLarge => AppError::TooLarge,
            MultipartError::Unsigned => AppError::FormExpired,
            other => AppError::BadRequest(other.to_string()),
        })?;
    let photos = std::mem::take(&mut parts.files)
        .into_iter()
        .map(|(field, bytes)| match field.as_str() {
            "photos" => Ok(bytes),
            other => Err(AppError::BadRequest(format!(
                "a file in the field `{other}`"
            ))),
        })
        .collect::<Result<_, _>>()?;
    Ok((parts, photos))
}
