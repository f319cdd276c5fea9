//! Photos sent with a report: stored as bare JPEGs, with no trace of the
//! camera, the place or the time anywhere in what the server writes.

use reqwest::multipart::{Form, Part};

use tipline::domain::staff::Role;

use crate::helpers::{
    Backend, TestApp, contains_bytes, count_rows, element_text, input_value, on_both_backends,
};
use crate::staff_helpers::{StaffClient, location, signed_in_staff};

const PHONE_PHOTO: &[u8] = include_bytes!("../fixtures/phone-photo-gps.jpg");
const SCREENSHOT: &[u8] = include_bytes!("../fixtures/screenshot-with-text.png");
const SINGLE_COLOUR_WEBP: &[u8] = include_bytes!("../fixtures/single-colour-6000.webp");

/// A photo and its thumbnail as served to a reviewer.
struct Served {
    bytes: Vec<u8>,
    thumbnail: Vec<u8>,
}

/// Every stored photo of tip T-00001, with its thumbnail, as `reviewer`
/// is served them: the database holds them sealed.
async fn served_photos(app: &TestApp, reviewer: &StaffClient) -> Vec<(Vec<u8>, Vec<u8>)> {
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let ids: Vec<Id> = diesel::RunQueryDsl::load(
        diesel::sql_query("SELECT id FROM tip_photos ORDER BY id"),
        &mut app.database.connect(),
    )
    .unwrap();
    let mut served = Vec::new();
    for Id { id } in ids {
        let photo = format!("/staff/tips/T-00001/photos/{id}");
        let fetch = |path: String| async move {
            let response = reviewer.get(&path).await;
            assert_eq!(response.status(), 200, "{path}");
            response.bytes().await.unwrap().to_vec()
        };
        served.push((
            fetch(photo.clone()).await,
            fetch(format!("{photo}/thumbnail")).await,
        ));
    }
    served
}

fn report_with_photos(token: &str, photos: &[(&'static [u8], &'static str)]) -> Form {
    let form = Form::new()
        .text("form_token", token.to_owned())
        .text("category", "compound")
        .text("description", "Photo of the gate")
        .text("province", "12");
    photos.iter().fold(form, |form, (bytes, name)| {
        form.part(
            "photos",
            Part::bytes(bytes.to_vec())
                .file_name(*name)
                .mime_str("image/jpeg")
                .unwrap(),
        )
    })
}

async fn photos_are_stored_without_any_metadata(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let token = app.report_token("en").await;
    let form = report_with_photos(
        &token,
        &[(PHONE_PHOTO, "IMG_0001.jpg"), (SCREENSHOT, "shot.png")],
    );
    let response = app.post_report_form("en", form).await;
    assert_eq!(response.status(), 200);
    assert!(!element_text(&response.text().await.unwrap(), "tip-code").is_empty());
    assert_eq!(count_rows(&app.database, "tip_photos"), 2);

    // Sealed in the database: what was stored is what a reviewer is served.
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "reviewer@police.gov.kh").await;
    let photos: Vec<Vec<u8>> = served_photos(&app, &reviewer)
        .await
        .into_iter()
        .map(|(photo, _)| photo)
        .collect();
    for photo in &photos {
        assert!(photo.starts_with(&[0xFF, 0xD8, 0xFF]), "not a JPEG");
        for telltale in [&b"Telltale"[..], b"Exif", b"ICC_PROFILE", b"adobe"] {
            assert!(
                !contains_bytes(photo, telltale),
                "{}",
                String::from_utf8_lossy(telltale)
            );
        }
    }
    // A hash of the re-encode could be matched against a seized gallery.
    let hashes: Vec<Vec<u8>> = photos
        .iter()
        .map(|photo| {
            use sha2::Digest;
            tipline::secret::to_hex(&sha2::Sha256::digest(photo)).into_bytes()
        })
        .collect();
    if backend == Backend::Sqlite {
        // Every file the database wrote: the main file, its WAL, its index.
        for entry in std::fs::read_dir(app.database.dir.path()).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let telltales = [
                &b"TelltaleCam"[..],
                b"TelltaleMaker",
                b"TelltaleComment",
                b"IMG_0001",
            ];
            for telltale in telltales
                .into_iter()
                .chain(hashes.iter().map(Vec::as_slice))
            {
                assert!(
                    !contains_bytes(&bytes, telltale),
                    "{} holds {}",
                    path.display(),
                    String::from_utf8_lossy(telltale)
                );
            }
        }
    }
}
on_both_backends!(photos_are_stored_without_any_metadata);

#[actix_web::test]
async fn a_file_that_is_not_a_photo_is_refused_and_nothing_is_stored() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let token = app.report_token("en").await;
    let fake: &'static [u8] = b"<html>not a photo</html>";
    let form = report_with_photos(&token, &[(PHONE_PHOTO, "a.jpg"), (fake, "b.jpg")]);
    let response = app.post_report_form("en", form).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("One of the files is not a photo we can read"),
        "{html}"
    );
    assert!(html.contains("Photo of the gate</textarea>"));
    assert_eq!(input_value(&html, "form_token"), token);
    assert_eq!(count_rows(&app.database, "tips"), 0);
    assert_eq!(count_rows(&app.database, "tip_photos"), 0);
}

#[actix_web::test]
async fn six_photos_are_one_too_many_and_the_form_asks_for_them_again() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let token = app.report_token("km").await;
    let form = report_with_photos(&token, &[(PHONE_PHOTO, "1.jpg"); 6]);
    let response = app.post_report_form("km", form).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("សូមផ្ញើរូបថតមិនលើសពី 5 រូប"), "{html}");
    assert_eq!(count_rows(&app.database, "tips"), 0);
}

#[actix_web::test]
async fn a_reply_may_carry_a_photo() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let (code, passphrase) = app.report_compound().await;
    let page = app.check_status("en", &code, &passphrase).await;
    let form = Form::new()
        .text("token", input_value(&page, "token"))
        .text("body", "")
        .part(
            "photos",
            Part::bytes(PHONE_PHOTO.to_vec()).file_name("x.jpg"),
        );
    let response = app.post_reply_form("en", form).await;
    assert_eq!(response.status(), 200);
    assert_eq!(count_rows(&app.database, "tip_messages"), 1);
    assert_eq!(count_rows(&app.database, "tip_photos"), 1);
}

#[actix_web::test]
async fn an_upload_too_large_is_refused_before_its_body_is_read() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let host = app.address.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    // A report that says it brings 60 MiB, of which nothing follows the head:
    // the server must not wait for (and hold) a body it would refuse.
    let head = format!(
        "POST /en/report HTTP/1.1\r\nHost: {host}\r\n\
         Content-Type: multipart/form-data; boundary=edge\r\n\
         Content-Length: {}\r\n\r\n--edge\r\n",
        60 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // The answer ends the connection: read it whole.
    let mut answer = Vec::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut answer),
    )
    .await
    .expect("no answer before the body came")
    .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.contains("We could not do what you asked"),
        "not the translated page: {answer}"
    );
}

/// The amplification attack measured before (a single-colour 6000×6000 WebP
/// of 1,434 bytes stored as 985,005): what is stored is at most 2,048 px and
/// small, with a thumbnail that reviewers open and nobody else does.
async fn a_large_photo_is_stored_downscaled_with_a_thumbnail(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let token = app.report_token("en").await;
    let form = report_with_photos(&token, &[(SINGLE_COLOUR_WEBP, "flat.webp")]);
    let response = app.post_report_form("en", form).await;
    assert_eq!(response.status(), 200);

    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "reviewer@police.gov.kh").await;
    let stored = served_photos(&app, &reviewer).await;
    let [(bytes, thumbnail)] = &stored[..] else {
        panic!("{} photos stored", stored.len());
    };
    let stored = Served {
        bytes: bytes.clone(),
        thumbnail: thumbnail.clone(),
    };
    println!(
        "{} bytes sent, {} stored, thumbnail {}",
        SINGLE_COLOUR_WEBP.len(),
        stored.bytes.len(),
        stored.thumbnail.len()
    );
    assert_eq!(dimensions(&stored.bytes), (2_048, 2_048));
    assert!(stored.bytes.len() <= 1_500_000);
    assert!(
        stored.bytes.len() < 10 * SINGLE_COLOUR_WEBP.len(),
        "{} bytes stored",
        stored.bytes.len()
    );
    assert_eq!(dimensions(&stored.thumbnail), (320, 320));

    let page = reviewer.page("/staff/tips/T-00001").await;
    let thumbnail_src = page
        .split("<img src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the thumbnail is on the page")
        .to_owned();
    let photo_id = thumbnail_src
        .strip_prefix("/staff/tips/T-00001/photos/")
        .and_then(|rest| rest.strip_suffix("/thumbnail"))
        .expect("the page shows the thumbnail");
    assert!(
        page.contains(&format!(
            "<a href=\"/staff/tips/T-00001/photos/{photo_id}\">"
        )),
        "the thumbnail opens the photo"
    );
    let thumbnail = reviewer.get(&thumbnail_src).await;
    assert_eq!(thumbnail.status(), 200);
    assert_eq!(thumbnail.headers()["content-type"], "image/jpeg");
    assert_eq!(thumbnail.headers()["cache-control"], "no-store, private");
    assert_eq!(thumbnail.bytes().await.unwrap(), stored.thumbnail);
    let photo = reviewer
        .get(&format!("/staff/tips/T-00001/photos/{photo_id}"))
        .await;
    assert_eq!(photo.bytes().await.unwrap(), stored.bytes);

    // The tipster (or anyone not signed in) is sent to the sign-in page,
    // a payout officer is refused, another tip's address finds nothing.
    assert_eq!(location(&app.get(&thumbnail_src).await), "/staff/login");
    let (payout, _) = signed_in_staff(&app, Role::Payout, "payout@police.gov.kh").await;
    assert_eq!(payout.get(&thumbnail_src).await.status(), 403);
    let elsewhere = thumbnail_src.replace("T-00001", "T-00002");
    assert_eq!(reviewer.get(&elsewhere).await.status(), 404);
}
on_both_backends!(a_large_photo_is_stored_downscaled_with_a_thumbnail);

fn dimensions(jpeg: &[u8]) -> (u32, u32) {
    let image = image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg).unwrap();
    (image.width(), image.height())
}
