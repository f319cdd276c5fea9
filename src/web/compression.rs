//! Compression of text responses (brotli or gzip, as the client accepts),
//! done in place. tipline's pages are a few kilobytes: compressing them on
//! the worker takes microseconds, while actix's own `Compress` hands every
//! chunk over 1 KB to the blocking pool and allocates a 4 MiB brotli window
//! per response, which cut the form page from 18,700 to 1,500 responses/s.

use std::io::Write;

use actix_web::body::{self, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;

/// Smaller bodies are not worth a compressed frame.
const SMALLEST: usize = 512;
/// Brotli quality 4 with a 64 KiB window (pages are far smaller): most of
/// brotli's gain at a fraction of its cost.
const BROTLI_QUALITY: u32 = 4;
const BROTLI_WINDOW_BITS: u32 = 16;

/// The encodings tipline offers, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    fn name(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        }
    }

    /// The best encoding an `Accept-Encoding` header allows (a `q=0` refuses).
    pub fn negotiate(accept: &str) -> Option<Encoding> {
        let mut accepted = accept.split(',').filter_map(|item| {
            let mut parts = item.split(';');
            let name = parts.next()?.trim().to_ascii_lowercase();
            let refused = parts.any(|param| {
                param
                    .trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    == Some(0.0)
            });
            (!refused).then_some(name)
        });
        let names: Vec<String> = accepted.by_ref().collect();
        [Encoding::Brotli, Encoding::Gzip]
            .into_iter()
            .find(|encoding| names.iter().any(|n| n == encoding.name()))
    }

    fn compress(self, bytes: &[u8]) -> std::io::Result<Vec<u8>> {
        match self {
            Encoding::Brotli => {
                let mut out = Vec::with_capacity(bytes.len() / 3);
                {
                    let mut writer = brotli::CompressorWriter::new(
                        &mut out,
                        4096,
                        BROTLI_QUALITY,
                        BROTLI_WINDOW_BITS,
                    );
                    writer.write_all(bytes)?;
                }
                Ok(out)
            }
            Encoding::Gzip => {
                let mut writer =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
                writer.write_all(bytes)?;
                writer.finish()
            }
        }
    }
}

fn compressible(content_type: Option<&HeaderValue>) -> bool {
    content_type
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value.starts_with("text/")
                || value.starts_with("image/svg+xml")
                || value.starts_with("application/json")
        })
}

pub async fn compress(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let encoding = request
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .and_then(Encoding::negotiate);
    let response = next.call(request).await?;
    let response = response.map_into_boxed_body();
    let Some(encoding) = encoding else {
        return Ok(response);
    };
    let headers = response.headers();
    if headers.contains_key(header::CONTENT_ENCODING)
        || !compressible(headers.get(header::CONTENT_TYPE))
    {
        return Ok(response);
    }
    let (request, response) = response.into_parts();
    let (mut head, body) = response.into_parts();
    let bytes = body::to_bytes(body)
        .await
        .map_err(|error| actix_web::error::ErrorInternalServerError(error.to_string()))?;
    if bytes.len() < SMALLEST {
        return Ok(ServiceResponse::new(
            request,
            head.set_body(bytes).map_into_boxed_body(),
        ));
    }
    let compressed = encoding.compress(&bytes)?;
    let headers = head.headers_mut();
    headers.insert(
        header::CONTENT_ENCODING,
        HeaderValue::from_static(encoding.name()),
    );
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.remove(header::CONTENT_LENGTH);
    Ok(ServiceResponse::new(
        request,
        head.set_body(compressed).map_into_boxed_body(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brotli_is_preferred_and_a_zero_quality_refuses() {
        assert_eq!(
            Encoding::negotiate("gzip, deflate, br, zstd"),
            Some(Encoding::Brotli)
        );
        assert_eq!(Encoding::negotiate("gzip"), Some(Encoding::Gzip));
        assert_eq!(
            Encoding::negotiate("br;q=0, gzip;q=0.5"),
            Some(Encoding::Gzip)
        );
        assert_eq!(Encoding::negotiate("BR"), Some(Encoding::Brotli));
        assert_eq!(Encoding::negotiate("identity"), None);
        assert_eq!(Encoding::negotiate(""), None);
        assert_eq!(Encoding::negotiate("gzip;q=0"), None);
    }

    #[test]
    fn both_encodings_give_back_what_they_took() {
        let page = "<p>ការងារល្អពេក</p>".repeat(200);
        let br = Encoding::Brotli.compress(page.as_bytes()).unwrap();
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut decoded).unwrap();
        assert_eq!(decoded, page.as_bytes());
        let gz = Encoding::Gzip.compress(page.as_bytes()).unwrap();
        let mut decoded = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut decoded)
            .unwrap();
        assert_eq!(decoded, page);
        assert!(br.len() * 10 < page.len() && gz.len() * 10 < page.len());
    }

    #[test]
    fn only_text_is_compressed() {
        assert!(compressible(Some(&HeaderValue::from_static(
            "text/html; charset=utf-8"
        ))));
        assert!(compressible(Some(&HeaderValue::from_static(
            "image/svg+xml"
        ))));
        assert!(!compressible(Some(&HeaderValue::from_static("font/woff2"))));
        assert!(!compressible(Some(&HeaderValue::from_static("image/jpeg"))));
        assert!(!compressible(None));
    }
}
