//! Static files, embedded in the binary so one file is the whole server.
//! Browsers keep them a day and then ask again with the ETag.

use std::sync::LazyLock;

use actix_web::http::header::{self, ContentEncoding, EntityTag, IfNoneMatch};
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};

use crate::error::AppError;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
    /// Fonts are compressed already.
    compressible: bool,
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../static/css/app.css"),
        compressible: true,
    },
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../static/js/app.js"),
        compressible: true,
    },
    Asset {
        name: "puzzle.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../static/js/puzzle.js"),
        compressible: true,
    },
    Asset {
        name: "puzzle-worker.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../static/js/puzzle-worker.js"),
        compressible: true,
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        bytes: include_bytes!("../../static/favicon.svg"),
        compressible: true,
    },
    Asset {
        name: "noto-sans-khmer-400.woff2",
        content_type: "font/woff2",
        bytes: include_bytes!("../../static/fonts/noto-sans-khmer-khmer-400-normal.woff2"),
        compressible: false,
    },
    Asset {
        name: "noto-sans-khmer-700.woff2",
        content_type: "font/woff2",
        bytes: include_bytes!("../../static/fonts/noto-sans-khmer-khmer-700-normal.woff2"),
        compressible: false,
    },
];

static ETAGS: LazyLock<Vec<EntityTag>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|asset| {
            EntityTag::new_strong(crate::secret::to_hex(&Sha256::digest(asset.bytes)[..12]))
        })
        .collect()
});

pub async fn serve(
    request: HttpRequest,
    file: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let index = ASSETS
        .iter()
        .position(|asset| asset.name == file.as_str())
        .ok_or(AppError::NotFound)?;
    let (asset, etag) = (&ASSETS[index], &ETAGS[index]);
    let fresh = is_fresh(&request, etag);
    let mut response = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .insert_header(header::ETag(etag.clone()));
    if !asset.compressible {
        response.insert_header(ContentEncoding::Identity);
    }
    if fresh {
        return Ok(response.finish());
    }
    Ok(response.content_type(asset.content_type).body(asset.bytes))
}

fn is_fresh(request: &HttpRequest, etag: &EntityTag) -> bool {
    match header::Header::parse(request) {
        Ok(IfNoneMatch::Any) => true,
        Ok(IfNoneMatch::Items(tags)) => tags.iter().any(|tag| tag.weak_eq(etag)),
        Err(_) => false,
    }
}
