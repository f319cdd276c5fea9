//! Every language the public pages speak: the browser's preferred one is
//! chosen at `/`, and the whole journey (form, a refused form, receipt,
//! status) runs in each, with passphrases typed in each script's digits.

use tipline::i18n::Lang;

use crate::helpers::{Backend, TestApp, count_rows, element_text};

/// `digits` written in the script a reader of `lang` may type.
fn in_own_digits(lang: Lang, digits: &str) -> String {
    let zero = match lang {
        Lang::Km => 0x17E0,
        Lang::Th => 0x0E50,
        Lang::My => 0x1040,
        // Chinese phones often type full-width digits.
        Lang::Zh => 0xFF10,
        _ => u32::from('0'),
    };
    digits
        .chars()
        .map(|c| {
            c.to_digit(10)
                .and_then(|d| char::from_u32(zero + d))
                .unwrap_or(c)
        })
        .collect()
}

#[actix_web::test]
async fn every_language_carries_a_report_from_form_to_status() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    for lang in Lang::ALL {
        let code = lang.code();
        let tr = lang.tr();
        let form = app.page(&format!("/{code}/report")).await;
        assert!(form.contains(&format!("<html lang=\"{code}\">")), "{code}");
        assert!(form.contains(tr.t("report-title")), "{code}");
        for other in Lang::ALL {
            let name = other.tr().t("language-name");
            assert!(form.contains(name), "{code} lists {name} in its switch");
        }

        // A refused form answers in the reader's language.
        let token = app.report_token(code).await;
        let refused = app
            .post_report(
                code,
                &[
                    ("form_token", &token),
                    ("category", "compound"),
                    ("action", "send"),
                ],
            )
            .await;
        assert_eq!(refused.status(), 422, "{code}");
        let refused = refused.text().await.unwrap();
        assert!(refused.contains(tr.t("report-error-location")), "{code}");

        let token = app.report_token(code).await;
        let receipt = app
            .post_report(
                code,
                &[
                    ("form_token", &token),
                    ("category", "held"),
                    (
                        "description",
                        &format!("{} 117", tr.t("report-category-held")),
                    ),
                    ("action", "send"),
                ],
            )
            .await;
        assert_eq!(receipt.status(), 200, "{code}");
        let receipt = receipt.text().await.unwrap();
        assert!(receipt.contains(tr.t("receipt-title")), "{code}");
        let tip_code = element_text(&receipt, "tip-code");
        let passphrase = element_text(&receipt, "tip-passphrase");
        assert!(
            passphrase.chars().all(|c| c.is_ascii_digit() || c == ' '),
            "receipts stay in ASCII digits: {passphrase}"
        );

        let status = app
            .check_status(code, &tip_code, &in_own_digits(lang, &passphrase))
            .await;
        assert_eq!(
            element_text(&status, "tip-status"),
            format!("<strong>{}", tr.t("status-received")),
            "{code}"
        );
    }
    for lang in Lang::ALL {
        let stored = count_rows(
            &app.database,
            &format!("tips WHERE language = '{}'", lang.code()),
        );
        assert_eq!(stored, 1, "{:?}", lang);
    }
}

#[actix_web::test]
async fn the_front_door_follows_the_browser_language_and_remembers_nothing() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    for (header, expected) in [
        (Some("zh-CN,zh;q=0.9,en;q=0.8"), "/zh/"),
        (Some("my-MM"), "/my/"),
        (Some("fr-FR, vi;q=0.7, en;q=0.5"), "/vi/"),
        (Some("de-DE, fr;q=0.9"), "/km/"),
        (None, "/km/"),
    ] {
        let mut request = app.client.get(app.url("/"));
        if let Some(header) = header {
            request = request.header("Accept-Language", header);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 302, "{header:?}");
        assert_eq!(response.headers()["location"], expected, "{header:?}");
        assert_eq!(response.headers()["vary"], "Accept-Language");
        assert!(response.headers().get("set-cookie").is_none());
    }
}

/// "I am held here" as a phone in Myanmar types it (Zawgyi), and in Unicode.
const HELD_ZAWGYI: &str = "\u{1000}\u{107D}\u{103C}\u{1014}\u{1039}\u{1031}\u{1010}\u{102C}\u{1037}\u{1039}\
    \u{1000}\u{102D}\u{102F} \u{1012}\u{102E}\u{1019}\u{103D}\u{102C} \
    \u{1001}\u{103A}\u{1033}\u{1015}\u{1039}\u{1011}\u{102C}\u{1038}\u{1010}\u{101A}\u{1039}";
const HELD_UNICODE: &str = "\u{1000}\u{103B}\u{103D}\u{1014}\u{103A}\u{1010}\u{1031}\u{102C}\u{1037}\u{103A}\
    \u{1000}\u{102D}\u{102F} \u{1012}\u{102E}\u{1019}\u{103E}\u{102C} \
    \u{1001}\u{103B}\u{102F}\u{1015}\u{103A}\u{1011}\u{102C}\u{1038}\u{1010}\u{101A}\u{103A}";

#[actix_web::test]
async fn burmese_typed_in_zawgyi_is_stored_in_unicode() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let token = app.report_token("my").await;
    let receipt = app
        .post_report(
            "my",
            &[
                ("form_token", &token),
                ("category", "held"),
                ("description", HELD_ZAWGYI),
                ("landmark", HELD_UNICODE),
                ("action", "send"),
            ],
        )
        .await;
    assert_eq!(receipt.status(), 200);
    let receipt = receipt.text().await.unwrap();
    let status = app
        .check_status(
            "my",
            &element_text(&receipt, "tip-code"),
            &element_text(&receipt, "tip-passphrase"),
        )
        .await;
    let reply_token = crate::helpers::input_value(&status, "token");
    let replied = app.reply("my", &reply_token, HELD_ZAWGYI).await;
    assert_eq!(replied.status(), 200);
    // The description and the reply were Zawgyi; the landmark was Unicode
    // already. They are sealed: a reviewer's page shows what was stored.
    let (reviewer, _) = crate::staff_helpers::signed_in_staff(
        &app,
        tipline::domain::staff::Role::Reviewer,
        "rev@police.gov.kh",
    )
    .await;
    let page = reviewer.page("/staff/tips/T-00001").await;
    assert_eq!(page.matches(HELD_UNICODE).count(), 3, "{page}");
    assert!(!page.contains(HELD_ZAWGYI));
}
