//! Four eyes on the administrators' power: once two administrators are
//! active, one of them alone cannot make another, by promotion or by
//! invitation; a second administrator confirms, and every step is audited.

use tipline::domain::staff::Role;

use crate::helpers::{Backend, TestApp, count_rows, on_both_backends};
use crate::staff_helpers::{StaffClient, location, signed_in_staff};

const PAGE: &str = "/staff/admin/staff";

async fn post(admin: &StaffClient, action: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    admin.submit(PAGE, action, fields).await
}

async fn role_of(app: &TestApp, id: tipline::domain::ids::StaffId) -> Role {
    app.staff.find(id).await.unwrap().unwrap().role
}

async fn a_second_administrator_confirms_a_new_one(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (first, first_id) = signed_in_staff(&app, Role::Admin, "one@police.gov.kh").await;
    let (second, _) = signed_in_staff(&app, Role::Admin, "two@police.gov.kh").await;
    let (reviewer, reviewer_id) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    let promote = format!("/staff/admin/staff/{}/role", reviewer_id.0);
    let confirm = format!("/staff/admin/staff/{}/confirm-admin", reviewer_id.0);

    let proposed = post(&first, &promote, &[("role", "admin")]).await;
    assert_eq!(location(&proposed), "/staff/admin/staff?done=proposed");
    assert_eq!(role_of(&app, reviewer_id).await, Role::Reviewer);
    let page = second.page(PAGE).await;
    assert!(
        page.contains("Proposed as administrator by admin one@police.gov.kh"),
        "{page}"
    );

    // Neither the proposer nor the account itself can confirm.
    let own = post(&first, &confirm, &[]).await;
    assert_eq!(own.status(), 409);
    assert!(
        own.text()
            .await
            .unwrap()
            .contains("Another administrator must confirm")
    );
    let by_itself = reviewer
        .client
        .post(reviewer.url(&confirm))
        .send()
        .await
        .unwrap();
    assert_ne!(by_itself.status(), 303);
    assert_eq!(role_of(&app, reviewer_id).await, Role::Reviewer);

    let confirmed = post(&second, &confirm, &[]).await;
    assert_eq!(location(&confirmed), "/staff/admin/staff?done=confirmed");
    assert_eq!(role_of(&app, reviewer_id).await, Role::Admin);
    assert_eq!(count_rows(&app.database, "admin_proposals"), 0);
    assert_eq!(
        count_rows(
            &app.database,
            &format!(
                "audit_log WHERE action = 'staff_role_changed' AND detail = 'reviewer -> admin confirmed, proposed by staff:{}'",
                first_id.0
            )
        ),
        1
    );

    // An invitation as administrator is an invitation as reviewer with a
    // proposal, which any administrator may withdraw.
    let invited = post(
        &first,
        "/staff/admin/staff/invite",
        &[
            ("email", "new@police.gov.kh"),
            ("name", "New One"),
            ("role", "admin"),
            ("language", "en"),
        ],
    )
    .await;
    assert!(location(&invited).starts_with("/staff/admin/staff?done=invite"));
    let new = app
        .staff
        .list()
        .await
        .unwrap()
        .into_iter()
        .find(|account| account.email == "new@police.gov.kh")
        .unwrap();
    assert_eq!(new.role, Role::Reviewer);
    assert_eq!(count_rows(&app.database, "admin_proposals"), 1);
    let withdrawn = post(
        &second,
        &format!("/staff/admin/staff/{}/withdraw-admin", new.id.0),
        &[],
    )
    .await;
    assert_eq!(location(&withdrawn), "/staff/admin/staff?done=withdrawn");
    assert_eq!(count_rows(&app.database, "admin_proposals"), 0);
    assert_eq!(role_of(&app, new.id).await, Role::Reviewer);
}
on_both_backends!(a_second_administrator_confirms_a_new_one);

#[actix_web::test]
async fn a_lone_administrator_still_makes_one_at_once() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let (admin, _) = signed_in_staff(&app, Role::Admin, "one@police.gov.kh").await;
    let (_, reviewer_id) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    let promoted = post(
        &admin,
        &format!("/staff/admin/staff/{}/role", reviewer_id.0),
        &[("role", "admin")],
    )
    .await;
    assert_eq!(location(&promoted), "/staff/admin/staff?done=role");
    assert_eq!(role_of(&app, reviewer_id).await, Role::Admin);
}
