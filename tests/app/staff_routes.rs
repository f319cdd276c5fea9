//! Walks the one table of staff routes and proves, for every route, the
//! answer to no session, to each role, and to a disabled account's session.
//! Posts carry no anti-forgery token: a request the guard lets through is
//! refused by its form instead (400), so nothing changes while walking.

use diesel::RunQueryDsl;
use tipline::domain::staff::{Role, SessionStage};
use tipline::web::staff::{Access, ROUTES};

use crate::helpers::{Backend, TestApp};
use crate::staff_helpers::{StaffClient, signed_in_staff};

/// What the guard did with a request.
#[derive(Debug, PartialEq, Eq)]
enum Answer {
    /// Sent to the sign-in page.
    ToSignIn,
    Forbidden,
    /// Let through to the handler.
    Through,
}

async fn answer(client: &StaffClient, method: &str, path: &str) -> Answer {
    let url = client.url(path);
    let response = match method {
        "GET" => client.client.get(url).send().await.unwrap(),
        "POST" => client
            .client
            .post(url)
            .form(&[("x", "y")])
            .send()
            .await
            .unwrap(),
        other => panic!("a route with method {other}"),
    };
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|value| value.to_str().unwrap().to_owned());
    match (status, location.as_deref()) {
        (303, Some("/staff/login")) => Answer::ToSignIn,
        (403, _) => Answer::Forbidden,
        (200 | 400 | 404 | 410 | 422, _) => Answer::Through,
        other => panic!("{method} {path} answered {other:?}"),
    }
}

/// The path with its parameters filled in.
fn concrete(path: &str, staff_id: tipline::domain::ids::StaffId) -> String {
    let reference = if path.starts_with("/staff/cases/") {
        "C-00001"
    } else if path.starts_with("/staff/rewards/") {
        "R-00001"
    } else {
        "T-00001"
    };
    path.replace("{id}", &staff_id.to_string())
        .replace("{token}", &"ab".repeat(32))
        .replace("{ref}", reference)
}

/// What the table says `who` (a role, or no full session) must get.
fn expected(access: Access, who: Option<Role>) -> Answer {
    match (access, who) {
        (Access::Anyone, _) => Answer::Through,
        (Access::Stage(_), _) | (Access::Roles(_), None) => Answer::ToSignIn,
        (Access::Roles(roles), Some(role)) if roles.contains(&role) => Answer::Through,
        (Access::Roles(_), Some(_)) => Answer::Forbidden,
    }
}

#[actix_web::test]
async fn every_staff_route_answers_each_role_as_its_table_entry_says() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let anonymous = StaffClient::new(&app.address);
    let mut signed_in = Vec::new();
    for role in Role::ALL {
        let email = format!("{}@police.gov.kh", role.as_str());
        signed_in.push((role, signed_in_staff(&app, role, &email).await));
    }
    // A live session whose account is then disabled behind the server's
    // back: the guard itself must refuse it, not only the session's end.
    let (disabled, disabled_id) = signed_in_staff(&app, Role::Admin, "gone@police.gov.kh").await;
    diesel::sql_query(format!(
        "UPDATE staff SET disabled = TRUE WHERE id = {disabled_id}"
    ))
    .execute(&mut app.database.connect())
    .unwrap();
    assert!(ROUTES.len() >= 20, "the table lists every staff route");
    for route in ROUTES {
        let path = concrete(route.path, disabled_id);
        let method = route.method;
        assert_eq!(
            answer(&anonymous, method, &path).await,
            expected(route.access, None),
            "{method} {} without a session",
            route.path
        );
        assert_eq!(
            answer(&disabled, method, &path).await,
            expected(route.access, None),
            "{method} {} for a disabled account",
            route.path
        );
        for (role, (client, _)) in &signed_in {
            assert_eq!(
                answer(client, method, &path).await,
                expected(route.access, Some(*role)),
                "{method} {} as {role:?}",
                route.path
            );
        }
    }
}

#[actix_web::test]
async fn half_signed_in_sessions_open_only_their_own_step() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let (staff, _) = signed_in_staff(&app, Role::Admin, "half@police.gov.kh").await;
    staff.submit("/staff/", "/staff/logout", &[]).await;
    staff
        .password_step("half@police.gov.kh", crate::staff_helpers::PASSWORD)
        .await;
    for route in ROUTES {
        let path = concrete(route.path, tipline::domain::ids::StaffId(1));
        let expected = match route.access {
            Access::Anyone | Access::Stage(SessionStage::SecondFactor) => Answer::Through,
            _ => Answer::ToSignIn,
        };
        assert_eq!(
            answer(&staff, route.method, &path).await,
            expected,
            "{} {} after the password only",
            route.method,
            route.path
        );
    }
}
