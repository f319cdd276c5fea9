//! A tip takes a bounded number of its tipster's replies and photos, so the
//! code and passphrase of a fake tip are no channel to fill the database:
//! over the bound the reply is refused with what was typed given back, and
//! nothing is stored, even when the last replies are sent at once.

use futures_util::future::join_all;
use reqwest::multipart::{Form, Part};
use tipline::domain::tip_bounds::{TIP_PHOTOS_MAX, TIPSTER_REPLIES_MAX};
use tipline::photos::PHOTOS_MAX;

use crate::helpers::{Backend, TestApp, count_rows, input_value, on_both_backends};

const PHONE_PHOTO: &[u8] = include_bytes!("../fixtures/phone-photo-gps.jpg");

fn with_photos(form: Form, count: usize) -> Form {
    (0..count).fold(form, |form, n| {
        form.part(
            "photos",
            Part::bytes(PHONE_PHOTO.to_vec()).file_name(format!("{n}.jpg")),
        )
    })
}

fn reply_form(token: &str, body: &str, photos: usize) -> Form {
    with_photos(
        Form::new()
            .text("token", token.to_owned())
            .text("body", body.to_owned()),
        photos,
    )
}

async fn a_full_tip_refuses_the_next_reply_and_stores_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // The report brings its 5 photos, and three replies bring 5 each: 20.
    let form = with_photos(
        Form::new()
            .text("form_token", app.report_token("en").await)
            .text("category", "compound")
            .text("description", "Photos of the gate")
            .text("province", "12"),
        PHOTOS_MAX,
    );
    let receipt = app.post_report_form("en", form).await.text().await.unwrap();
    let code = crate::helpers::element_text(&receipt, "tip-code");
    let passphrase = crate::helpers::element_text(&receipt, "tip-passphrase");
    let token = input_value(&app.check_status("en", &code, &passphrase).await, "token");
    let photo_replies = (TIP_PHOTOS_MAX as usize - PHOTOS_MAX) / PHOTOS_MAX;
    for n in 0..photo_replies {
        let sent = app
            .post_reply_form("en", reply_form(&token, &format!("photos {n}"), PHOTOS_MAX))
            .await;
        assert_eq!(sent.status(), 200);
    }
    assert_eq!(
        count_rows(&app.database, "tip_photos"),
        i64::from(TIP_PHOTOS_MAX)
    );

    let refused = app
        .post_reply_form("en", reply_form(&token, "One more photo of the boats", 1))
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("This report has all the photos it can take."),
        "{page}"
    );
    assert!(page.contains(">One more photo of the boats</textarea>"));
    assert_eq!(
        count_rows(&app.database, "tip_photos"),
        i64::from(TIP_PHOTOS_MAX)
    );
    assert_eq!(
        count_rows(&app.database, "tip_messages"),
        photo_replies as i64
    );

    // Words still fit, up to the last reply the tip takes.
    let last = i64::from(TIPSTER_REPLIES_MAX);
    for n in photo_replies as i64..last - 1 {
        let sent = app.reply("en", &token, &format!("more {n}")).await;
        assert_eq!(sent.status(), 200);
    }
    // The last few sent at once: only one finds room.
    let texts: Vec<String> = (0..5).map(|n| format!("at once {n}")).collect();
    let answers: Vec<u16> = join_all(texts.iter().map(|text| app.reply("en", &token, text)))
        .await
        .iter()
        .map(|answer| answer.status().as_u16())
        .collect();
    assert_eq!(answers.iter().filter(|status| **status == 200).count(), 1);
    assert_eq!(answers.iter().filter(|status| **status == 422).count(), 4);
    assert_eq!(count_rows(&app.database, "tip_messages"), last);

    let refused = app.reply("km", &token, "Still more to say").await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("របាយការណ៍នេះមានសារគ្រប់ចំនួនដែលវាអាចទទួលបានហើយ។"),
        "{page}"
    );
    assert!(page.contains(">Still more to say</textarea>"));
    assert_eq!(count_rows(&app.database, "tip_messages"), last);
    assert_eq!(
        count_rows(&app.database, "tip_photos"),
        i64::from(TIP_PHOTOS_MAX)
    );
}
on_both_backends!(a_full_tip_refuses_the_next_reply_and_stores_nothing);
