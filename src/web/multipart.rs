//! Reading a multipart form into memory, within bounds. Nothing is written
//! to a temporary file: what a tipster sends never lies on disk as sent.

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
/// the bounds.
pub async fn read_form(mut multipart: Multipart) -> Result<FormParts, MultipartError> {
    let mut parts = FormParts::default();
    let mut total = 0usize;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|e| MultipartError::Malformed(e.to_string()))?;
        let name = field.name().unwrap_or_default().to_owned();
        let is_file = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .is_some();
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
        if is_file {
            // A file input left empty still sends an empty part.
            if !bytes.is_empty() {
                parts.files.push((name, bytes));
            }
        } else {
            let text = String::from_utf8(bytes).map_err(|_| MultipartError::NotText)?;
            parts
                .text
                .insert(name, without_control_characters(&text).into_owned());
        }
    }
    Ok(parts)
}

/// Reads a public form that may carry photos: its fields, and the photos
/// sent in its `photos` field. Too large a request is a 413; a malformed
/// one, or a file in any other field, a 400.
pub async fn read_form_with_photos(
    multipart: Multipart,
) -> Result<(FormParts, Vec<Vec<u8>>), AppError> {
    let mut parts = read_form(multipart).await.map_err(|error| match error {
        MultipartError::TooLarge => AppError::TooLarge,
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
