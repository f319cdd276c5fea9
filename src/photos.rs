//! Photos sent with a tip. Every photo is decoded, turned upright by its
//! EXIF orientation and re-encoded as a fresh JPEG, so no EXIF, GPS
//! position, XMP, IPTC, ICC profile, comment or maker note survives: the
//! new file holds pixels and nothing else. The original bytes are dropped.
//! Decoding is bounded (by a budget of pixels decoded at once, and in
//! time) because a 40-megapixel photo needs about 160 MB while it is
//! decoded.
//!
//! What is stored is bounded too, whatever was sent: at most 2,048 px on
//! the long side (FixMyStreet's choice: enough to read a sign or a plate)
//! and at most 1.5 MB, beside a thumbnail of 320 px for staff pages. A
//! few-kB image of huge dimensions would otherwise become megabytes on
//! disk.

use std::io::Cursor;
use std::sync::Arc;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use crate::domain::report::Problem;

/// Photos per report or reply.
pub const PHOTOS_MAX: usize = 5;
/// Bytes per photo as sent.
pub const PHOTO_BYTES_MAX: usize = 10 * 1024 * 1024;
/// Pixels per photo.
pub const PHOTO_PIXELS_MAX: u64 = 40_000_000;
/// The long side of a stored photo, in pixels.
pub const STORED_SIDE_MAX: u32 = 2_048;
/// Bytes of a stored photo.
pub const STORED_BYTES_MAX: usize = 1_500_000;
/// The long side of a thumbnail, in pixels.
pub const THUMBNAIL_SIDE: u32 = 320;
/// Qualities tried in turn until the JPEG fits in `STORED_BYTES_MAX`: the
/// first is good enough to read a sign or a plate; only noise-like pictures
/// need the later ones.
const JPEG_QUALITIES: [u8; 5] = [85, 75, 65, 50, 35];
/// Quality of a thumbnail: it only has to say which photo to open.
const THUMBNAIL_QUALITY: u8 = 70;

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

/// A photo as stored: a JPEG with nothing but pixels, and its thumbnail.
#[derive(Clone, PartialEq, Eq)]
pub struct CleanPhoto {
    pub jpeg: Vec<u8>,
    /// SHA-256 of `jpeg`, hex: held in memory only, to know a form sent
    /// again (`crate::domain::resend`). It is never stored: a hash of a
    /// deterministic re-encode could be matched against a seized gallery.
    pub sha256: String,
    /// A small JPEG of the same picture, for pages that list photos.
    pub thumbnail: Vec<u8>,
}

impl std::fmt::Debug for CleanPhoto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "CleanPhoto({} bytes, {}, thumbnail {} bytes)",
            self.jpeg.len(),
            self.sha256,
            self.thumbnail.len()
        )
    }
}

/// Decodes `sent` (JPEG, PNG or WebP, told by its content, not its name),
/// applies its orientation, downscales it to what is stored and re-encodes
/// it with its thumbnail. Blocking and CPU-heavy.
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
    let image = DynamicImage::from_decoder(decoder).map_err(|_| PhotoError::NotAnImage)?;
    // Turned upright once downscaled: turning the full picture would copy
    // all its pixels again.
    let mut stored = within(image, STORED_SIDE_MAX);
    stored.apply_orientation(orientation);
    let thumbnail = encode(
        &within(stored.clone(), THUMBNAIL_SIDE).into_rgb8(),
        THUMBNAIL_QUALITY,
    )?;
    let jpeg = fitting(stored.into_rgb8())?;
    let sha256 = crate::secret::to_hex(&Sha256::digest(&jpeg));
    Ok(CleanPhoto {
        jpeg,
        sha256,
        thumbnail,
    })
}

/// `image` with its long side at most `side`, its proportions kept. A
/// smaller image is left as it is: nothing is enlarged. Averaged by area
/// (`thumbnail`), which needs no buffer beyond the result: a filtered
/// resize of a 12-megapixel photo holds a float copy of about 100 MB.
fn within(image: DynamicImage, side: u32) -> DynamicImage {
    if image.width().max(image.height()) <= side {
        image
    } else {
        image.thumbnail(side, side)
    }
}

/// The picture as a JPEG of at most `STORED_BYTES_MAX`: each quality in
/// turn, then, for a picture that is noise at any quality, half the size
/// again. A picture of one pixel fits at once, so this ends.
fn fitting(mut rgb: RgbImage) -> Result<Vec<u8>, PhotoError> {
    loop {
        for quality in JPEG_QUALITIES {
            let jpeg = encode(&rgb, quality)?;
            if jpeg.len() <= STORED_BYTES_MAX {
                return Ok(jpeg);
            }
        }
        let (width, height) = rgb.dimensions();
        rgb = DynamicImage::ImageRgb8(rgb)
            .thumbnail_exact((width / 2).max(1), (height / 2).max(1))
            .into_rgb8();
    }
}

fn encode(rgb: &RgbImage, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, quality)
        .encode(
            rgb.as_raw(),
            rgb.width(),
            rgb.height(),
            image::ExtendedColorType::Rgb8,
        )
        .map_err(|_| PhotoError::NotAnImage)?;
    Ok(jpeg)
}

/// The longest a photo may take to decode and re-encode before it is
/// refused. An honest 40-megapixel photo takes a second or two here.
pub const DECODE_TIME: std::time::Duration = std::time::Duration::from_secs(30);

/// Cleans photos off the async executor, as many at once as a budget of
/// decoded pixels allows: a 40-megapixel photo takes the whole of it, three
/// 12-megapixel phone photos fit together.
#[derive(Clone, Debug)]
pub struct PhotoCleaner {
    megapixels: Arc<Semaphore>,
    budget: u32,
}

/// Why photos could not be cleaned.
#[derive(Debug, thiserror::Error)]
pub enum CleanerError {
    #[error("the photo pool is gone")]
    Closed,
}

impl PhotoCleaner {
    /// At most `megapixels` decoded at the same time (a photo larger than
    /// that is decoded alone).
    pub fn new(megapixels: u32) -> Self {
        let budget = megapixels.max(1);
        PhotoCleaner {
            megapixels: Arc::new(Semaphore::new(budget as usize)),
            budget,
        }
    }

    /// Cleans each photo in turn: the first refusal ends the work.
    ///
    /// The image crate offers no way to stop a decode once begun, so a
    /// photo that takes longer than `DECODE_TIME` is refused while its
    /// decode runs on to its end, still holding its pixels in the budget:
    /// a hostile photo delays other photos, never other requests, and
    /// cannot make more memory be taken than the budget.
    pub async fn clean_all(
        &self,
        sent: Vec<Vec<u8>>,
    ) -> Result<Result<Vec<CleanPhoto>, PhotoError>, CleanerError> {
        let mut cleaned = Vec::with_capacity(sent.len());
        for photo in sent {
            let weight = megapixels_of(&photo).clamp(1, self.budget);
            let permit = Arc::clone(&self.megapixels)
                .acquire_many_owned(weight)
                .await
                .map_err(|_| CleanerError::Closed)?;
            let decode = actix_web::web::block(move || {
                let cleaned = clean(&photo);
                drop(permit);
                cleaned
            });
            match tokio::time::timeout(DECODE_TIME, decode).await {
                Err(_) => return Ok(Err(PhotoError::NotAnImage)),
                Ok(Err(_)) => return Err(CleanerError::Closed),
                Ok(Ok(Err(refusal))) => return Ok(Err(refusal)),
                Ok(Ok(Ok(photo))) => cleaned.push(photo),
            }
        }
        Ok(Ok(cleaned))
    }
}

/// The photo's size in whole megapixels, read from its header alone; 1
/// when it has no header to read (`clean` then refuses it).
fn megapixels_of(sent: &[u8]) -> u32 {
    ImageReader::new(Cursor::new(sent))
        .with_guessed_format()
        .ok()
        .and_then(|reader| reader.into_dimensions().ok())
        .map_or(1, |(width, height)| {
            let pixels = u64::from(width) * u64::from(height);
            u32::try_from(pixels.div_ceil(1_000_000)).unwrap_or(u32::MAX)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::ImageEncoder;

    const PHONE_PHOTO: &[u8] = include_bytes!("../tests/fixtures/phone-photo-gps.jpg");
    const SCREENSHOT: &[u8] = include_bytes!("../tests/fixtures/screenshot-with-text.png");
    const SINGLE_COLOUR_WEBP: &[u8] = include_bytes!("../tests/fixtures/single-colour-6000.webp");
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

    fn dimensions(jpeg: &[u8]) -> (u32, u32) {
        let image = image::load_from_memory_with_format(jpeg, ImageFormat::Jpeg).unwrap();
        (image.width(), image.height())
    }

    fn png(image: &RgbImage) -> Vec<u8> {
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(
                image.as_raw(),
                image.width(),
                image.height(),
                image::ExtendedColorType::Rgb8,
            )
            .unwrap();
        png
    }

    #[test]
    fn a_large_photo_is_stored_at_most_2048_px_with_a_thumbnail_of_320() {
        let large = RgbImage::from_fn(4_000, 3_000, |x, y| {
            image::Rgb([(x / 16) as u8, (y / 12) as u8, ((x + y) / 28) as u8])
        });
        let clean = clean(&png(&large)).unwrap();
        assert_eq!(dimensions(&clean.jpeg), (2_048, 1_536));
        assert!(clean.jpeg.len() <= STORED_BYTES_MAX);
        assert_eq!(dimensions(&clean.thumbnail), (320, 240));
        assert!(clean.thumbnail.starts_with(&[0xFF, 0xD8]));
    }

    #[test]
    fn a_photo_of_noise_is_made_to_fit_in_1_5_mb() {
        // Noise is what JPEG compresses worst: at the first quality it is
        // well over the bound, so only the later steps make it fit. (As a
        // PNG it is over the 10 MB sent, so the step is tried alone.)
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let noise = RgbImage::from_fn(2_048, 2_048, |_, _| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let [r, g, b, ..] = seed.to_le_bytes();
            image::Rgb([r, g, b])
        });
        assert!(encode(&noise, JPEG_QUALITIES[0]).unwrap().len() > STORED_BYTES_MAX);
        let jpeg = fitting(noise).unwrap();
        assert!(jpeg.len() <= STORED_BYTES_MAX, "{} bytes", jpeg.len());
        let (width, height) = dimensions(&jpeg);
        assert_eq!(width, height, "the proportions are kept");
    }

    #[test]
    fn a_tiny_webp_of_huge_dimensions_is_stored_small() {
        // The attack measured before: a single-colour 6000×6000 WebP of
        // 1,434 bytes was stored as 985,005.
        let webp = SINGLE_COLOUR_WEBP;
        assert!(webp.len() < 16 * 1024, "{} bytes sent", webp.len());
        let clean = clean(webp).unwrap();
        println!(
            "{} bytes sent, {} stored, thumbnail {}",
            webp.len(),
            clean.jpeg.len(),
            clean.thumbnail.len()
        );
        assert_eq!(dimensions(&clean.jpeg), (2_048, 2_048));
        assert!(
            clean.jpeg.len() < 150_000,
            "{} bytes stored",
            clean.jpeg.len()
        );
        assert!(clean.thumbnail.len() < 10_000);
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
