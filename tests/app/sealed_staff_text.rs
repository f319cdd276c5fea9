//! What staff type is sealed at rest: a note, a case's title, a hand-set
//! location, a reason and a search term, each with a canary, are found in no
//! byte of the SQLite folder nor in a `pg_dump`; a granted reviewer reads
//! them on the pages, a reviewer whose access was revoked sees a placeholder.

use tipline::domain::staff::Role;

use crate::helpers::{
    Backend, TestApp, compound_at, contains_bytes, input_value, on_both_backends, report,
};
use crate::staff_helpers::{act, case_act, signed_in_staff, tip_act};

const NOTE: &str = "Notecanary";
const TITLE: &str = "Titlecanary";
const REASON: &str = "Reasoncanary";
const SEARCH: &str = "Searchcanary";
const LATITUDE: &str = "11.123457";
const LONGITUDE: &str = "104.987653";
const PLACEHOLDER: &str = "Sealed: your session holds no key to read it.";

async fn what_staff_type_is_sealed_at_rest_and_read_only_with_a_grant(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    report(&app, &compound_at("10.6279", "103.5220")).await;
    let (admin, admin_id) = signed_in_staff(&app, Role::Admin, "admin@police.gov.kh").await;
    let (mut reviewer, reviewer_id) =
        signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;

    tip_act(
        &reviewer,
        "T-00001",
        &[
            ("action", "open_case"),
            ("title", &format!("{TITLE} house")),
        ],
    )
    .await;
    let case = "/staff/cases/C-00001";
    case_act(
        &reviewer,
        "C-00001",
        &[
            ("action", "investigate"),
            ("reason", &format!("{REASON} seen")),
        ],
    )
    .await;
    let placed = act(
        &reviewer,
        case,
        &format!("{case}/place"),
        &[("latitude", LATITUDE), ("longitude", LONGITUDE)],
    )
    .await;
    assert_eq!(placed.status(), 303);
    let page = reviewer.page(case).await;
    let csrf = input_value(&page, "csrf");
    let noted = reviewer
        .client
        .post(reviewer.url(&format!("{case}/notes")))
        .form(&[("csrf", csrf.as_str()), ("body", &format!("{NOTE} here"))])
        .send()
        .await
        .unwrap();
    assert_eq!(noted.status(), 303);
    let queue = reviewer.page(&format!("/staff/queue?q={SEARCH}")).await;
    assert!(queue.contains(SEARCH), "the search box keeps the words");

    // The granted reviewer and administrator read it all.
    let page = reviewer.page(case).await;
    for canary in [TITLE, REASON, NOTE] {
        assert!(page.contains(canary), "{canary} not shown:\n{page}");
    }
    let exact = reviewer
        .client
        .post(reviewer.url(&format!("{case}/location")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        exact.contains(&format!("{LATITUDE}, {LONGITUDE}")),
        "{exact}"
    );
    assert!(reviewer.page("/staff/cases").await.contains(TITLE));
    let audit = admin.page("/staff/admin/audit?action=queue_read").await;
    assert!(audit.contains(SEARCH), "{audit}");

    // A copy of the database holds none of it.
    let stored = crate::helpers::database_copy(&app.database);
    assert!(stored.len() > 10_000, "the database was not read");
    let latitude: f64 = LATITUDE.parse().unwrap();
    let longitude: f64 = LONGITUDE.parse().unwrap();
    for canary in [TITLE, REASON, NOTE, SEARCH, LATITUDE, LONGITUDE] {
        assert!(
            !contains_bytes(&stored, canary.as_bytes()),
            "{canary} is stored plain"
        );
    }
    for number in [latitude, longitude] {
        for bytes in [number.to_le_bytes(), number.to_be_bytes()] {
            assert!(!contains_bytes(&stored, &bytes), "{number} is stored plain");
        }
    }

    // Without a grant, a reviewer works on plain metadata and sees the
    // placeholder where the sealed text would be.
    app.staff
        .revoke_access(admin_id, reviewer_id)
        .await
        .unwrap()
        .unwrap();
    reviewer.sign_in("rev@police.gov.kh").await;
    let page = reviewer.page(case).await;
    assert!(page.contains(PLACEHOLDER), "{page}");
    for canary in [TITLE, REASON, NOTE, LATITUDE] {
        assert!(!page.contains(canary), "{canary} shown without a grant");
    }
    let list = reviewer.page("/staff/cases").await;
    assert!(list.contains("C-00001") && list.contains(PLACEHOLDER) && !list.contains(TITLE));
}

on_both_backends!(what_staff_type_is_sealed_at_rest_and_read_only_with_a_grant);
