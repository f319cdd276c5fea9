//! The insider's view of a payout. A claim is a record of its own, so an
//! administrator, a reviewer or whoever copies the database learns that
//! some claim was paid on some day, and never which tip it rewarded: no
//! column, page, export or audit row joins them, and checks and payouts
//! reach the audit chain only with the day's batch, shuffled. Whoever can
//! edit the tables still cannot make a claim pay twice or pay more.

use chrono::{TimeDelta, Utc};
use diesel::RunQueryDsl;
use tipline::db::audit;
use tipline::domain::cambodia;
use tipline::domain::staff::Role;

use crate::helpers::{
    Backend, TestApp, TestDatabase, compound_at, count_rows, element_html, element_text, execute,
    key_of, on_both_backends, report,
};
use crate::rewards::{
    POLICY, claim_code_of, confirmed_case, done, next_release, payout, row, status_page,
};
use crate::staff_helpers::{StaffClient, signed_in_staff};

/// Everyone a reward passes through, and the tipster's claim code.
struct Approved {
    app: TestApp,
    tipster: (String, String),
    reviewer: StaffClient,
    admin: StaffClient,
    officer: StaffClient,
    claim: String,
}

/// One tip confirmed as a compound, its reward recommended by a reviewer,
/// approved by an administrator and released, and the claim code the
/// tipster then sees.
async fn approved_claim(backend: Backend) -> Option<Approved> {
    let app = TestApp::spawn_with(backend, &POLICY).await?;
    let tipster = report(&app, &compound_at("10.6279", "103.5220")).await;
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    let (admin, _) = signed_in_staff(&app, Role::Admin, "admin@police.gov.kh").await;
    let (officer, _) = signed_in_staff(&app, Role::Payout, "pay@police.gov.kh").await;
    confirmed_case(&reviewer, &["T-00001"]).await;
    done(
        &reviewer,
        "R-00001",
        "recommend",
        &[("amount", "600000"), ("contribution", "first_report")],
    )
    .await;
    done(&admin, "R-00001", "approve", &[]).await;
    next_release(&app).await;
    let claim = claim_code_of(&status_page(&app, &tipster.0, &tipster.1).await);
    Some(Approved {
        app,
        tipster,
        reviewer,
        admin,
        officer,
        claim,
    })
}

/// The names of a table's columns, on either backend.
fn columns(database: &TestDatabase, table: &str) -> Vec<String> {
    #[derive(diesel::QueryableByName)]
    struct Column {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    let sql = if database.postgres.is_some() {
        format!(
            "SELECT column_name::TEXT AS name FROM information_schema.columns \
             WHERE table_name = '{table}' ORDER BY ordinal_position"
        )
    } else {
        format!("SELECT name FROM pragma_table_info('{table}')")
    };
    let mut conn = database.connect();
    let found: Vec<Column> = diesel::sql_query(sql).load(&mut conn).unwrap();
    found.into_iter().map(|column| column.name).collect()
}

/// The stored claim's state, counter and MAC.
fn claim_row(database: &TestDatabase) -> (String, i64, String) {
    #[derive(diesel::QueryableByName)]
    struct Claim {
        #[diesel(sql_type = diesel::sql_types::Text)]
        state: String,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        counter: i64,
        #[diesel(sql_type = diesel::sql_types::Text)]
        mac: String,
    }
    let mut conn = database.connect();
    let claim: Claim = diesel::sql_query("SELECT state, counter, mac FROM claims")
        .get_result(&mut conn)
        .unwrap();
    (claim.state, claim.counter, claim.mac)
}

fn today() -> chrono::NaiveDate {
    cambodia::day_of(Utc::now())
}

async fn a_payout_leaves_no_trail_back_to_its_tip(backend: Backend) {
    let Some(Approved {
        app,
        tipster,
        mut reviewer,
        mut admin,
        officer,
        claim,
    }) = approved_claim(backend).await
    else {
        return;
    };
    // A copy of the database has nothing to join a claim or a payout on.
    assert_eq!(
        columns(&app.database, "claims"),
        [
            "id",
            "code_hash",
            "currency",
            "amount",
            "state",
            "last_day",
            "approver_tag",
            "counter",
            "mac"
        ]
    );
    assert_eq!(
        columns(&app.database, "payouts"),
        ["claim_id", "currency", "amount", "paid_on", "reference"]
    );
    let reward_columns = columns(&app.database, "rewards");
    for gone in ["claim_code_hash", "paid_by", "paid_at", "payout_reference"] {
        assert!(
            !reward_columns.iter().any(|column| column == gone),
            "rewards still has {gone}"
        );
    }

    let reward_rows = count_rows(&app.database, "audit_log WHERE action = 'reward_changed'");
    let (checked, _) = payout(&officer, &claim, None).await;
    assert_eq!(checked, 200);
    let (paid, _) = payout(&officer, &claim, Some("Counter 3 receipt 0042")).await;
    assert_eq!(paid, 200);
    let status = status_page(&app, &tipster.0, &tipster.1).await;
    assert!(element_text(&status, "reward-paid").contains("600,000 KHR"));

    // The day of the payout, nothing on a staff page tells it: the reward
    // is approved, the audit chain holds only an opaque counter tag, and
    // today's payouts are in no total or export.
    assert!(row(&reviewer, "R-00001").await.contains("Approved"));
    assert_eq!(
        count_rows(
            &app.database,
            "audit_log WHERE action IN ('claim_paid', 'claim_code_checked')"
        ),
        0,
        "a check or payout audited as it happened"
    );
    assert_eq!(
        count_rows(&app.database, "audit_log WHERE action = 'reward_changed'"),
        reward_rows,
        "a payout written under its reward"
    );
    assert_eq!(
        count_rows(&app.database, "audit_log WHERE action = 'claim_counter'"),
        1
    );
    assert_eq!(
        count_rows(
            &app.database,
            "audit_log WHERE action = 'claim_counter' AND subject = 'claims' AND LENGTH(detail) = 64"
        ),
        1,
        "the tag names no claim"
    );
    let rewards_page = admin.page("/staff/rewards").await;
    assert!(
        rewards_page.contains("id=\"paid-days-none\""),
        "{rewards_page}"
    );
    let ledger = admin.get("/staff/rewards/payouts.csv").await;
    assert_eq!(ledger.status(), 200);
    assert_eq!(
        ledger.text().await.unwrap().trim_end(),
        "claim,currency,amount,paid_on,reference"
    );

    // The next day's batch audits the check and the payout, by the
    // officer, dated to the day and naming only the claim.
    app.jobs.run_due(Utc::now() + TimeDelta::days(1)).await;
    admin.sign_in("admin@police.gov.kh").await;
    reviewer.sign_in("rev@police.gov.kh").await;
    let day = today().to_string();
    for action in ["claim_code_checked", "claim_paid"] {
        let rows = admin
            .page(&format!("/staff/admin/audit?action={action}"))
            .await;
        assert!(rows.contains(&format!("on {day}")), "{rows}");
        assert!(rows.contains("pay@police.gov.kh"), "{rows}");
        assert!(rows.contains("claim:K-"), "{rows}");
        for link in ["R-0000", "T-0000", "C-0000", "600000"] {
            assert!(!rows.contains(link), "{action} names {link}: {rows}");
        }
    }
    assert_eq!(count_rows(&app.database, "claim_events"), 0);

    // Once the day is past, administrators see it as a total and in the
    // payouts ledger; a reviewer sees neither.
    let yesterday = (today() - chrono::Days::new(1)).to_string();
    execute(
        &app.database,
        &format!("UPDATE payouts SET paid_on = '{yesterday}'"),
    );
    let rewards_page = admin.page("/staff/rewards").await;
    let paid_day = element_html(&rewards_page, "paid-days");
    assert!(
        paid_day.contains(&yesterday) && paid_day.contains("600,000"),
        "{paid_day}"
    );
    let reviewer_page = reviewer.page("/staff/rewards").await;
    assert!(!reviewer_page.contains("paid-days"), "{reviewer_page}");
    assert_eq!(
        reviewer.get("/staff/rewards/payouts.csv").await.status(),
        403
    );
    let csv = admin
        .get("/staff/rewards/payouts.csv")
        .await
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[1].starts_with("K-"), "{csv}");
    assert!(
        lines[1].ends_with(&format!(",KHR,600000,{yesterday},Counter 3 receipt 0042")),
        "{csv}"
    );
    for link in ["R-0000", "T-0000", "C-0000"] {
        assert!(!csv.contains(link), "the payouts ledger names {link}");
    }
}
on_both_backends!(a_payout_leaves_no_trail_back_to_its_tip);

async fn an_edited_or_replayed_claim_never_pays(backend: Backend) {
    let Some(Approved {
        app,
        officer,
        claim,
        ..
    }) = approved_claim(backend).await
    else {
        return;
    };
    // A raised amount breaks the record's MAC.
    execute(&app.database, "UPDATE claims SET amount = 9000000");
    let (edited, _) = payout(&officer, &claim, None).await;
    assert_eq!(edited, 422);
    execute(&app.database, "UPDATE claims SET amount = 600000");
    let (restored, answer) = payout(&officer, &claim, None).await;
    assert_eq!(restored, 200);
    assert_eq!(element_text(&answer, "payout-amount"), "600,000 KHR");

    // A paid claim put back as it was before, MAC and all, is an old copy:
    // the chain already holds its next counter.
    let (state, counter, mac) = claim_row(&app.database);
    assert_eq!((state.as_str(), counter), ("claimable", 1));
    let (paid, _) = payout(&officer, &claim, Some("Counter 3 receipt 0042")).await;
    assert_eq!(paid, 200);
    assert_eq!(claim_row(&app.database).0, "paid");
    execute(
        &app.database,
        &format!("UPDATE claims SET state = 'claimable', counter = {counter}, mac = '{mac}'"),
    );
    let (replayed, _) = payout(&officer, &claim, Some("Counter 3 receipt 0043")).await;
    assert_eq!(replayed, 422, "an old claimable row paid twice");
    assert_eq!(count_rows(&app.database, "payouts"), 1);

    // The chain itself is intact: the refusal rests on it.
    let key = key_of(&app.database);
    let mut conn = app.database.connect();
    assert!(audit::verify(&mut conn, &key, None).unwrap().is_ok());
}
on_both_backends!(an_edited_or_replayed_claim_never_pays);

async fn an_uncollected_claim_expires_after_its_last_day(backend: Backend) {
    let Some(Approved {
        app,
        tipster,
        mut admin,
        mut officer,
        claim,
        ..
    }) = approved_claim(backend).await
    else {
        return;
    };
    let before = status_page(&app, &tipster.0, &tipster.1).await;
    assert!(before.contains(&claim));
    // POLICY gives 180 days to collect.
    app.jobs.run_due(Utc::now() + TimeDelta::days(182)).await;
    // Their sessions ended with the days that passed.
    officer.sign_in("pay@police.gov.kh").await;
    admin.sign_in("admin@police.gov.kh").await;
    assert_eq!(claim_row(&app.database).0, "expired");
    let (refused, _) = payout(&officer, &claim, None).await;
    assert_eq!(refused, 422);
    let after = status_page(&app, &tipster.0, &tipster.1).await;
    assert!(!after.contains(&claim), "{after}");
    let audit = admin.page("/staff/admin/audit?action=claim_expired").await;
    assert!(audit.contains("1 claims"), "{audit}");
}
on_both_backends!(an_uncollected_claim_expires_after_its_last_day);
