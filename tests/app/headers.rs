//! Security headers, caching and compression on every kind of response.

use crate::helpers::{Backend, TestApp};

const EVERY_KIND: [&str; 10] = [
    "/",
    "/km/",
    "/en/about",
    "/km/report",
    "/km/report/held",
    "/en/status",
    "/en/places/17",
    "/en/missing",
    "/static/app.css",
    "/healthz",
];

#[actix_web::test]
async fn every_response_carries_the_security_headers() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    for path in EVERY_KIND {
        let response = app.get(path).await;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        let csp = header("content-security-policy");
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(
                csp.contains(directive),
                "{path}: CSP lacks {directive}: {csp}"
            );
        }
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{path}: {csp}"
        );
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert!(
            header("permissions-policy").contains("geolocation=(self)"),
            "{path}"
        );
        assert!(
            header("strict-transport-security").is_empty(),
            "{path}: HSTS over plain http"
        );
        assert!(
            response.headers().get("set-cookie").is_none(),
            "{path} sets a cookie"
        );
    }
}

#[actix_web::test]
async fn pages_are_never_stored_but_static_files_are_cached_and_revalidated() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    for path in ["/km/", "/en/about", "/en/missing", "/"] {
        assert_eq!(
            app.get(path).await.headers()["cache-control"],
            "no-store",
            "{path}"
        );
    }
    let css = app.get("/static/app.css").await;
    assert_eq!(css.status(), 200);
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    assert_eq!(css.headers()["cache-control"], "public, max-age=86400");
    let etag = css.headers()["etag"].to_str().unwrap().to_owned();
    let again = app
        .client
        .get(app.url("/static/app.css"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());
    let font = app.get("/static/noto-sans-khmer-400.woff2").await;
    assert_eq!(font.headers()["content-type"], "font/woff2");
    assert!(font.bytes().await.unwrap().starts_with(b"wOF2"));
}

#[actix_web::test]
async fn an_https_public_address_turns_on_hsts() {
    let Some(app) = TestApp::spawn_with(
        Backend::Sqlite,
        &[("TIPLINE_PUBLIC_URL", "https://tips.example.org")],
    )
    .await
    else {
        return;
    };
    for path in EVERY_KIND {
        let response = app.get(path).await;
        let hsts = response
            .headers()
            .get("strict-transport-security")
            .map(|v| v.to_str().unwrap());
        assert_eq!(hsts, Some("max-age=31536000; includeSubDomains"), "{path}");
    }
}

#[actix_web::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let plain = app.get("/km/").await.bytes().await.unwrap();
    for encoding in ["gzip", "br"] {
        let response = app
            .client
            .get(app.url("/km/"))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["content-encoding"], encoding);
        assert!(
            response.headers()["vary"]
                .to_str()
                .unwrap()
                .contains("accept-encoding")
        );
        let compressed = response.bytes().await.unwrap();
        assert!(
            compressed.len() * 3 < plain.len() * 2,
            "{encoding}: {} of {} bytes",
            compressed.len(),
            plain.len()
        );
        let mut decoded = Vec::new();
        match encoding {
            "br" => brotli::BrotliDecompress(&mut &compressed[..], &mut decoded).unwrap(),
            _ => {
                std::io::Read::read_to_end(
                    &mut flate2::read::GzDecoder::new(&compressed[..]),
                    &mut decoded,
                )
                .unwrap();
            }
        }
        assert_eq!(decoded, plain, "{encoding} did not give back the page");
    }
    let font = app
        .client
        .get(app.url("/static/noto-sans-khmer-700.woff2"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert!(
        font.headers()
            .get("content-encoding")
            .is_none_or(|e| e == "identity"),
        "a woff2 font recompressed"
    );
}
