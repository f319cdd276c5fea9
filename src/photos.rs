//! Photos sent with a tip. Every photo is decoded, turned upright by its
//! EXIF orientation and re-encoded as a fresh JPEG, so no EXIF, GPS
//! position, XMP, IPTC, ICC profile, comment or maker note survives: the
//! new file holds pixels and nothing else. The original bytes are dropped.
//! Decoding is bounded (a few photos at a time) because a 40-megapixel
//! photo needs about 160 MB while it is decoded.

use std::io::Cursor;
use std::sync::Arc;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use crate::domain::report::Problem;

/// Photos per report or reply.
pub const PHOTOS_MAX: usize = 5;
/// Bytes per photo as sent.
pub const PHOTO_BYTES_MAX: usize = 10 * 1024 * 1024;
/// Pixels per photo.
pub const PHOTO_PIXELS_MAX: u64 = 40_000_000;
/// Quality of the stored JPEG: good enough to read a sign or a plate.
const JPEG_QUALITY: u8 = 85;

/// Why a photo was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("not a JPEG, PNG or WebP image")]
    NotAnImage,
    #[error("larger than 10 MB")]
    TooLarge,
    #[error("more than 40 megapixels")]
    TooManyPixels,
}

impl PhotoError {
    /// The problem the form shows beside the photos field.
    pub fn problem(self) -> Problem {
        match self {
            PhotoError::NotAnImage => Problem::PhotoNotAnImage,
            PhotoError::TooLarge => Problem::PhotoTooLarge,
            PhotoError::TooManyPixels => Problem::PhotoTooManyPixels,
        }
    }
}

/// A photo as stored: a JPEG with nothing but pixels.
#[derive(Clone, PartialEq, Eq)]
pub struct CleanPhoto {
    pub jpeg: Vec<u8>,
    /// SHA-256 of `jpeg`, hex.
    pub sha256: String,
}

impl std::fmt::Debug for CleanPhoto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CleanPhoto({} bytes, {})", self.jpeg.len(), self.sha256)
    }
}

/// Decodes `sent` (JPEG, PNG or WebP, told by its content, not its name),
/// applies its orientation and re-encodes it. Blocking and CPU-heavy.
pub fn clean(sent: &[u8]) -> Result<CleanPhoto, PhotoError> {
    if sent.len() > PHOTO_BYTES_MAX {
        return Err(PhotoError::TooLarge);
    }
    let mut reader = ImageReader::new(Cursor::new(sent))
        .with_guessed_format()
        .map_err(|_| PhotoError::NotAnImage)?;
    if !matches!(
        reader.format(),
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)
    ) {
        return Err(PhotoError::NotAnImage);
    }
    let mut limits = Limits::default();
    limits.max_alloc = Some(PHOTO_PIXELS_MAX * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| PhotoError::NotAnImage)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > PHOTO_PIXELS_MAX {
        return Err(PhotoError::TooManyPixels);
    }
    let orientation = decoder.orientation().map_err(|_| PhotoError::NotAnImage)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|_| PhotoError::NotAnImage)?;
    image.apply_orientation(orientation);
    let rgb = image.into_rgb8();
    let mut jpeg = Vec::with_capacity(sent.len());
    JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|_| PhotoError::NotAnImage)?;
    let sha256 = crate::secret::to_hex(&Sha256::digest(&jpeg));
    Ok(CleanPhoto { jpeg, sha256 })
}

/// Cleans photos off the async executor, a few at a time.
#[derive(Clone, Debug)]
pub struct PhotoCleaner {
    permits: Arc<Semaphore>,
}

/// Why photos could not be cleaned.
#[derive(Debug, thiserror::Error)]
pub enum CleanerError {
    #[error("the photo pool is gone")]
    Closed,
}

impl PhotoCleaner {
    /// At most `at_once` photos decoded at the same time.
    pub fn new(at_once: usize) -> Self {
        PhotoCleaner {
            permits: Arc::new(Semaphore::new(at_once.max(1))),
        }
    }

    /// Cleans each photo in turn: the first refusal ends the work.
    pub async fn clean_all(
        &self,
        sent: Vec<Vec<u8>>,
    ) -> Result<Result<Vec<CleanPhoto>, PhotoError>, CleanerError> {
        let mut cleaned = Vec::with_capacity(sent.len());
        for photo in sent {
            let _permit = self
                .permits
                .acquire()
                .await
                .map_err(|_| CleanerError::Closed)?;
            match actix_web::web::block(move || clean(&photo))
                .await
                .map_err(|_| CleanerError::Closed)?
            {
                Ok(photo) => cleaned.push(photo),
                Err(refusal) => return Ok(Err(refusal)),
            }
        }
        Ok(Ok(cleaned))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::ImageEncoder;

    const PHONE_PHOTO: &[u8] = include_bytes!("../tests/fixtures/phone-photo-gps.jpg");
    const SCREENSHOT: &[u8] = include_bytes!("../tests/fixtures/screenshot-with-text.png");
    const TELLTALES: [&[u8]; 8] = [
        b"Telltale",
        b"Exif",
        b"ICC_PROFILE",
        b"http://ns.adobe.com",
        b"adobe:ns:meta",
        b"eXIf",
        b"iTXt",
        b"tEXt",
    ];

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack
            .windows(needle.len())
            .any(|window| window == needle)
    }

    /// JPEG markers after the start of image: APPn (0xE0–0xEF) and COM (0xFE).
    fn segments(jpeg: &[u8]) -> Vec<u8> {
        let mut markers = Vec::new();
        let mut at = 2;
        while at + 4 <= jpeg.len() && jpeg[at] == 0xFF {
            let marker = jpeg[at + 1];
            if marker == 0xDA {
                break;
            }
            markers.push(marker);
            at += 2 + usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        }
        markers
    }

    #[test]
    fn the_fixtures_really_carry_metadata() {
        assert!(contains(PHONE_PHOTO, b"TelltaleCam-X9") && contains(PHONE_PHOTO, b"Exif"));
        assert!(contains(PHONE_PHOTO, b"ICC_PROFILE") && contains(PHONE_PHOTO, b"TelltaleComment"));
        assert!(contains(SCREENSHOT, b"TelltaleCam-X9"));
    }

    #[test]
    fn a_phone_photo_loses_every_trace_of_camera_and_place() {
        let clean = clean(PHONE_PHOTO).unwrap();
        for telltale in TELLTALES {
            assert!(
                !contains(&clean.jpeg, telltale),
                "{} survived",
                String::from_utf8_lossy(telltale)
            );
        }
        // Only the JFIF header (APP0) and tables remain: no APP1–APP15, no comment.
        for marker in segments(&clean.jpeg) {
            assert!(
                !(0xE1..=0xEF).contains(&marker) && marker != 0xFE,
                "segment 0x{marker:02X} survived"
            );
        }
        assert_eq!(
            clean.sha256,
            crate::secret::to_hex(&Sha256::digest(&clean.jpeg))
        );
    }

    #[test]
    fn a_photo_is_turned_upright_before_its_orientation_is_dropped() {
        // The fixture is 64×48 with orientation 6: upright it is 48×64, and
        // its red band, along the top as stored, runs down the right side.
        let upright = image::load_from_memory(&clean(PHONE_PHOTO).unwrap().jpeg)
            .unwrap()
            .into_rgb8();
        assert_eq!(upright.dimensions(), (48, 64));
        let right = upright.get_pixel(46, 32);
        let left = upright.get_pixel(1, 32);
        assert!(right[0] > 150 && right[2] < 100, "right edge is {right:?}");
        assert!(left[2] > 150, "left edge is {left:?}");
    }

    #[test]
    fn a_png_with_text_and_exif_comes_out_as_a_bare_jpeg() {
        let clean = clean(SCREENSHOT).unwrap();
        assert!(clean.jpeg.starts_with(&[0xFF, 0xD8]));
        for telltale in TELLTALES {
            assert!(
                !contains(&clean.jpeg, telltale),
                "{} survived",
                String::from_utf8_lossy(telltale)
            );
        }
    }

    #[test]
    fn what_is_not_a_photo_is_refused_by_its_content() {
        assert_eq!(clean(b"GIF89a not really"), Err(PhotoError::NotAnImage));
        assert_eq!(
            clean(b"<html>photo.jpg</html>"),
            Err(PhotoError::NotAnImage)
        );
        assert_eq!(
            clean(&PHONE_PHOTO[..200]),
            Err(PhotoError::NotAnImage),
            "a truncated JPEG"
        );
        assert_eq!(
            clean(&vec![0u8; PHOTO_BYTES_MAX + 1]),
            Err(PhotoError::TooLarge)
        );
    }

    #[test]
    fn a_photo_of_too_many_pixels_is_refused_before_it_is_decoded() {
        // A PNG header claiming 8000×6000 pixels, with no pixel data behind it.
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(&[0u8; 3], 1, 1, image::ExtendedColorType::Rgb8)
            .unwrap();
        png[16..20].copy_from_slice(&8_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&6_000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(clean(&png), Err(PhotoError::TooManyPixels));
    }

    /// The CRC of a PNG chunk, so the doctored header passes its check.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
