//! "Near this tip / case": the place (a 0.01° cell and its eight
//! neighbours) and the commune, the same cell first, then the next cells,
//! then the commune, the oldest first in each; and no staff page showing a
//! distance, or a point finer than a cell, but through the logged "show
//! exact location".

use tipline::domain::staff::Role;

use crate::helpers::{
    Backend, TestApp, compound_at, count_rows, element_html, element_text, on_both_backends, report,
};
use crate::staff_helpers::{StaffClient, act, location, signed_in_staff, tip_act};

/// Phnom Penh, in the commune of Tonle Basak (12 › 1201 › 120101).
const COMMUNE: [(&str, &str); 3] = [
    ("province", "12"),
    ("district", "1201"),
    ("commune", "120101"),
];

/// A compound at a point, in the commune above.
fn in_commune_at(lat: &'static str, lon: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut fields = compound_at(lat, lon).to_vec();
    fields.extend(COMMUNE);
    fields
}

/// A compound in the commune above, without a point.
fn in_commune() -> Vec<(&'static str, &'static str)> {
    let mut fields = vec![
        ("category", "compound"),
        ("description", "A compound somewhere in Tonle Basak"),
    ];
    fields.extend(COMMUNE);
    fields
}

/// The neighbours a near list shows, in its order, each with how near it is.
fn listed(list: &str) -> Vec<(String, String)> {
    list.split("<li>")
        .skip(1)
        .map(|item| {
            let reference = item
                .split("\">")
                .nth(1)
                .and_then(|rest| rest.split('<').next())
                .unwrap()
                .to_owned();
            let nearness = item
                .split(r#"<span class="nearness">"#)
                .nth(1)
                .and_then(|rest| rest.split('<').next())
                .unwrap()
                .to_owned();
            (reference, nearness)
        })
        .collect()
}

fn expected(rows: &[(&str, &str)]) -> Vec<(String, String)> {
    rows.iter()
        .map(|(reference, nearness)| ((*reference).to_owned(), (*nearness).to_owned()))
        .collect()
}

async fn near_lists_show_the_place_and_the_commune_by_cell_then_oldest_first(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // T-00001 is in cell 1155:10492.
    report(&app, &in_commune_at("11.5564", "104.9282")).await;
    report(&app, &compound_at("11.5551", "104.9215")).await; // T-00002: same cell
    report(&app, &compound_at("11.5641", "104.9391")).await; // T-00003: the corner cell
    // T-00004: two cells north (2.2 km): outside the place.
    report(&app, &compound_at("11.5764", "104.9282")).await;
    report(&app, &in_commune()).await; // T-00005: the commune, no point
    // T-00006: the commune, two cells south.
    report(&app, &in_commune_at("11.5364", "104.9282")).await;
    // T-00007: the same cell and the commune: listed once, by its cell.
    report(&app, &in_commune_at("11.5599", "104.9250")).await;
    // T-00008: another commune of the same district, no point.
    report(
        &app,
        &[
            ("category", "compound"),
            ("description", "Another commune"),
            ("province", "12"),
            ("district", "1201"),
            ("commune", "120109"),
        ],
    )
    .await;
    // T-00009: 400 m north, across the cell's edge: the next cell.
    report(&app, &compound_at("11.56001", "104.9282")).await;
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    for (tip, title) in [
        ("T-00003", "Corner"),
        ("T-00005", "Commune"),
        ("T-00004", "North"),
    ] {
        tip_act(&reviewer, tip, &[("action", "open_case"), ("title", title)]).await;
    }

    let page = reviewer.page("/staff/tips/T-00001").await;
    assert_eq!(
        listed(&element_html(&page, "near-tips")),
        expected(&[
            ("T-00002", "same cell"),
            ("T-00007", "same cell"),
            ("T-00003", "next cell"),
            ("T-00009", "next cell"),
            ("T-00005", "same commune"),
            ("T-00006", "same commune"),
        ]),
        "a tip two cells away is not near, nor one in another commune"
    );
    assert_eq!(
        listed(&element_html(&page, "near-cases")),
        expected(&[("C-00001", "next cell"), ("C-00002", "same commune")])
    );
    assert!(page.contains("The same 0.01° cell (about 1 km)"));

    // Without a point, a tip's place is its commune alone.
    let page = reviewer.page("/staff/tips/T-00005").await;
    assert_eq!(
        listed(&element_html(&page, "near-tips")),
        expected(&[
            ("T-00001", "same commune"),
            ("T-00006", "same commune"),
            ("T-00007", "same commune"),
        ])
    );
    assert_eq!(
        listed(&element_html(&page, "near-cases")),
        expected(&[("C-00002", "same commune")]),
        "C-00001 has a point but no commune"
    );

    // A case's own tips are listed above its neighbours, not among them.
    let page = reviewer.page("/staff/cases/C-00001").await;
    let near = listed(&element_html(&page, "near-tips"));
    assert!(near.iter().all(|(tip, _)| tip != "T-00003"), "{near:?}");
    assert!(near.contains(&("T-00001".to_owned(), "next cell".to_owned())));
    assert!(
        near.contains(&("T-00004".to_owned(), "next cell".to_owned())),
        "T-00004 is two cells from T-00001 but next to C-00001's cell"
    );
}
on_both_backends!(near_lists_show_the_place_and_the_commune_by_cell_then_oldest_first);

/// Whether `page` shows a distance: a number followed by a unit of length,
/// other than the size of a cell ("about 1 km"), which labels say.
fn shows_a_distance(page: &str) -> bool {
    let page = page.replace("about 1 km", "");
    let page = page.as_str();
    [" m", " km", "&nbsp;m", " metres", " meters"]
        .iter()
        .any(|unit| {
            page.match_indices(unit).any(|(at, _)| {
                let before = page[..at].chars().next_back();
                let after = page[at + unit.len()..].chars().next();
                before.is_some_and(|c| c.is_ascii_digit())
                    && !after.is_some_and(|c| c.is_alphanumeric())
            })
        })
}

/// The exact points of this test's tip and case, to four decimals or
/// truncated to three: anything finer than the cell centres it shows.
const FINER_THAN_A_CELL: [&str; 8] = [
    "11.5567", "104.9287", "11.556", "104.928", "11.5634", "104.9345", "11.563", "104.934",
];

async fn every_staff_page_about_a_place_stays_at_the_cell(reviewer: &StaffClient, pages: &[&str]) {
    for path in pages {
        let page = reviewer.page(path).await;
        assert!(!shows_a_distance(&page), "{path} shows a distance: {page}");
        for finer in FINER_THAN_A_CELL {
            assert!(!page.contains(finer), "{path} shows {finer}: {page}");
        }
    }
}

async fn no_staff_page_shows_a_distance_or_a_point_finer_than_a_cell(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    report(&app, &in_commune_at("11.556789", "104.928765")).await; // T-00001
    report(&app, &compound_at("11.5571", "104.9301")).await; // T-00002, the next cell east
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    tip_act(
        &reviewer,
        "T-00001",
        &[("action", "open_case"), ("title", "Gate")],
    )
    .await;
    // A reviewer sets the case's point by hand, to the metre.
    let set = act(
        &reviewer,
        "/staff/cases/C-00001",
        "/staff/cases/C-00001/place",
        &[("latitude", "11.563456"), ("longitude", "104.934567")],
    )
    .await;
    assert_eq!(location(&set), "/staff/cases/C-00001");
    let pages = [
        "/staff/queue",
        "/staff/tips/T-00001",
        "/staff/tips/T-00002",
        "/staff/cases",
        "/staff/cases/C-00001",
    ];
    every_staff_page_about_a_place_stays_at_the_cell(&reviewer, &pages).await;
    let case = reviewer.page("/staff/cases/C-00001").await;
    assert_eq!(
        element_text(&case, "case-coarse-location"),
        "11.565, 104.935",
        "the hand-set point at its cell's centre"
    );
    let tip = reviewer.page("/staff/tips/T-00002").await;
    assert_eq!(
        listed(&element_html(&tip, "near-cases")),
        expected(&[("C-00001", "next cell")])
    );

    // The exact point, through the logged step only.
    let shown = reviewer
        .submit("/staff/cases/C-00001", "/staff/cases/C-00001/location", &[])
        .await;
    assert_eq!(shown.status(), 200);
    let shown = shown.text().await.unwrap();
    assert_eq!(
        element_text(&shown, "case-exact-location"),
        "11.563456, 104.934567"
    );
    assert_eq!(
        count_rows(
            &app.database,
            "audit_log WHERE action = 'exact_location_shown' AND subject = 'case:C-00001'"
        ),
        1
    );
    // Shown once, the point is not left on the page for the next visit.
    every_staff_page_about_a_place_stays_at_the_cell(&reviewer, &pages).await;
}
on_both_backends!(no_staff_page_shows_a_distance_or_a_point_finer_than_a_cell);

#[test]
fn a_distance_is_told_from_other_text() {
    assert!(shows_a_distance("<span>400 m</span>"));
    assert!(shows_a_distance("about 2 km."));
    assert!(!shows_a_distance("T-00001 · same cell"));
    assert!(!shows_a_distance("at 10 more minutes"));
    assert!(!shows_a_distance("Location (to about 1 km)"));
}
