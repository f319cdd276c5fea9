//! `GET /healthz` tells whether the database answers.

use crate::helpers::{Backend, TestApp, on_both_backends};

async fn the_health_check_answers_when_the_database_does(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}
on_both_backends!(the_health_check_answers_when_the_database_does);

#[actix_web::test]
async fn the_health_check_fails_when_postgresql_is_gone() {
    let Some(app) = TestApp::spawn(Backend::Postgres).await else {
        return;
    };
    assert_eq!(app.get("/healthz").await.status(), 200);
    app.database.postgres.as_ref().unwrap().drop_now();
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 503);
    assert_eq!(response.text().await.unwrap(), "database unavailable");
}
