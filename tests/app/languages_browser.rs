//! The report form and the receipt in every language, in headless Chromium
//! on a 360 px phone with Debian's Noto fonts: nothing wider than the
//! screen, and a screenshot of each (`target/screenshots/lang-*.png`) to
//! look at for missing glyphs.

use tipline::i18n::Lang;

use crate::browser_helpers::{
    Browser, JavaScript, SMALL_PHONE, click, overflow, screenshot_path, type_into, wait_for,
};
use crate::helpers::{Backend, TestApp, skip_or_fail};

/// Scripts without a font of their own show as empty boxes: the phone's
/// fonts stand in here as Debian's Noto fonts.
fn fonts_for_every_script() -> bool {
    let missing: Vec<&str> = ["th", "my", "zh-cn", "ko", "vi"]
        .into_iter()
        .filter(|lang| {
            let listed = std::process::Command::new("fc-list")
                .arg(format!(":lang={lang}"))
                .arg("family")
                .output();
            !listed.is_ok_and(|out| out.status.success() && !out.stdout.is_empty())
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    skip_or_fail(
        "Fonts for every script (fonts-noto-core, fonts-noto-cjk)",
        &format!("fc-list finds none for {missing:?}"),
    );
    false
}

#[actix_web::test]
async fn every_language_fits_a_small_phone_from_form_to_receipt() {
    if !fonts_for_every_script() {
        return;
    }
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::launch(SMALL_PHONE, JavaScript::On).await else {
        return;
    };
    let driver = browser.driver();
    for lang in Lang::ALL {
        let code = lang.code();
        driver
            .goto(&app.url(&format!("/{code}/report/held")))
            .await
            .unwrap();
        assert_eq!(
            overflow(&browser).await,
            0,
            "/{code}/report/held is too wide"
        );
        driver
            .screenshot(&screenshot_path(&format!("lang-{code}-held-form")))
            .await
            .unwrap();
        type_into(
            &browser,
            "#description",
            lang.tr().t("report-category-held"),
        )
        .await;
        click(&browser, "button[value='send']").await;
        wait_for(&browser, "#tip-code").await;
        assert_eq!(
            overflow(&browser).await,
            0,
            "the {code} receipt is too wide"
        );
        let codes_inside = browser
            .number(
                "const box = document.querySelector('.receipt').getBoundingClientRect();
                 return ['tip-code', 'tip-passphrase'].every(id => {
                     const text = document.createRange();
                     text.selectNodeContents(document.getElementById(id));
                     const r = text.getBoundingClientRect();
                     return r.left >= box.left && r.right <= box.right;
                 }) ? 1 : 0",
            )
            .await;
        assert_eq!(codes_inside, 1, "the {code} codes stick out of their box");
        driver
            .screenshot(&screenshot_path(&format!("lang-{code}-receipt")))
            .await
            .unwrap();
    }
    browser.close().await;
}
