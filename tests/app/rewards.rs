//! Rewards: a case confirmed as a compound makes its tips candidates; a
//! reviewer recommends within the pool, a different administrator approves
//! within the month's budget, the tipster alone sees the claim code, and a
//! payout officer who learns nothing of the tip pays it once. Staff see an
//! approved reward as approved, never as paid; what stands between a
//! payout and its tip is tested in `claims.rs`. Every refusal is tested on
//! both backends.

use chrono::{TimeDelta, Utc};
use tipline::domain::staff::Role;

use crate::helpers::{
    Backend, TestApp, compound_at, element_html, element_text, execute, input_value,
    on_both_backends, open_status, report,
};
use crate::staff_helpers::{StaffClient, case_act, location, signed_in_staff, tip_act};

pub(crate) const POLICY: [(&str, &str); 5] = [
    ("TIPLINE_REWARD_POOL", "1000000"),
    ("TIPLINE_REWARD_MAX_PER_TIP", "800000"),
    ("TIPLINE_REWARD_MONTHLY_BUDGET", "10000000"),
    ("TIPLINE_REWARD_CLAIM_DAYS", "180"),
    (
        "TIPLINE_CLAIM_INSTRUCTIONS",
        "Counter 3, Ministry annex, weekdays",
    ),
];

/// Opens a case from the first tip, links the others (the last as a
/// duplicate of the second) and closes it as a confirmed compound.
pub(crate) async fn confirmed_case(reviewer: &StaffClient, tips: &[&str]) {
    tip_act(
        reviewer,
        tips[0],
        &[("action", "open_case"), ("title", "Blue gate compound")],
    )
    .await;
    if tips.len() > 2 {
        for tip in &tips[1..tips.len() - 1] {
            tip_act(reviewer, tip, &[("action", "link"), ("case", "C-00001")]).await;
        }
    }
    if tips.len() > 1 {
        tip_act(
            reviewer,
            tips[tips.len() - 1],
            &[("action", "duplicate"), ("original", tips[tips.len() - 2])],
        )
        .await;
    }
    for (action, reason) in [("investigate", "Tips agree"), ("action_taken", "Raid")] {
        case_act(
            reviewer,
            "C-00001",
            &[("action", action), ("reason", reason)],
        )
        .await;
    }
    close_confirmed(reviewer).await;
}

async fn close_confirmed(reviewer: &StaffClient) {
    case_act(
        reviewer,
        "C-00001",
        &[
            ("action", "close"),
            ("outcome", "confirmed_compound"),
            ("reason", "Workers freed"),
        ],
    )
    .await;
}

/// The rewards page's row for reward `reference`.
pub(crate) async fn row(staff: &StaffClient, reference: &str) -> String {
    element_html(
        &staff.page("/staff/rewards").await,
        &format!("reward-{reference}"),
    )
}

/// Posts a step on reward `reference` with the version its row shows.
async fn step(
    staff: &StaffClient,
    reference: &str,
    step: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let version = input_value(&row(staff, reference).await, "version");
    post_step(staff, reference, step, &version, fields).await
}

/// Posts a step at `version`, whatever the poster's page offers.
async fn post_step(
    staff: &StaffClient,
    reference: &str,
    step: &str,
    version: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let csrf = input_value(&staff.page("/staff/rewards").await, "csrf");
    let mut all = vec![("csrf", csrf.as_str()), ("version", version)];
    all.extend_from_slice(fields);
    staff
        .client
        .post(staff.url(&format!("/staff/rewards/{reference}/{step}")))
        .form(&all)
        .send()
        .await
        .unwrap()
}

/// A step that must succeed.
pub(crate) async fn done(
    staff: &StaffClient,
    reference: &str,
    name: &str,
    fields: &[(&str, &str)],
) {
    let response = step(staff, reference, name, fields).await;
    assert_eq!(
        location(&response),
        "/staff/rewards?state=&case=",
        "{name} {reference}"
    );
}

/// A step that must be refused with a notice containing `says`.
async fn refused(
    staff: &StaffClient,
    reference: &str,
    name: &str,
    fields: &[(&str, &str)],
    status: u16,
    says: &str,
) -> String {
    let response = step(staff, reference, name, fields).await;
    assert_eq!(response.status(), status, "{name} {reference}");
    let page = response.text().await.unwrap();
    let notice = element_text(&page, "reward-notice");
    assert!(notice.contains(says), "{notice}");
    page
}

/// Posts a claim code (and a payout reference) as a payout officer.
pub(crate) async fn payout(
    officer: &StaffClient,
    code: &str,
    reference: Option<&str>,
) -> (u16, String) {
    let page = officer.page("/staff/payout").await;
    let csrf = input_value(&page, "csrf");
    let mut fields = vec![("csrf", csrf.as_str()), ("code", code)];
    let path = match reference {
        Some(reference) => {
            fields.push(("reference", reference));
            "/staff/payout/record"
        }
        None => "/staff/payout",
    };
    let response = officer
        .client
        .post(officer.url(path))
        .form(&fields)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// Runs the next daily release now, as the next midnight in Cambodia would.
pub(crate) async fn next_release(app: &TestApp) {
    execute(
        &app.database,
        "UPDATE job_runs SET last_day = '2000-01-01' WHERE name = 'status-release'",
    );
    app.jobs.run_due(Utc::now()).await;
}

/// The claim code a status page shows.
pub(crate) fn claim_code_of(page: &str) -> String {
    element_html(page, "claim-code")
        .trim()
        .trim_start_matches("<strong>")
        .trim_end_matches("</strong>")
        .to_owned()
}

pub(crate) async fn status_page(app: &TestApp, code: &str, passphrase: &str) -> String {
    open_status(&app.client, &app.address, "en", code, passphrase).await
}

async fn a_confirmed_compound_is_paid_out_through_four_eyes(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, &POLICY).await else {
        return;
    };
    let mut tipsters = Vec::new();
    for lat in ["10.6279", "10.6281", "10.6283"] {
        tipsters.push(report(&app, &compound_at(lat, "103.5220")).await);
    }
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    let (admin_a, _) = signed_in_staff(&app, Role::Admin, "a@police.gov.kh").await;
    let (mut admin_b, admin_b_id) = signed_in_staff(&app, Role::Admin, "b@police.gov.kh").await;
    let (officer, _) = signed_in_staff(&app, Role::Payout, "pay@police.gov.kh").await;
    confirmed_case(&reviewer, &["T-00001", "T-00002", "T-00003"]).await;

    // Every tip of the case is a candidate, the duplicate included, with an
    // equal split proposed and the remainder on the first report.
    for (reward, tip, proposal) in [
        ("R-00001", "T-00001", "333334"),
        ("R-00002", "T-00002", "333333"),
        ("R-00003", "T-00003", "333333"),
    ] {
        let shown = row(&reviewer, reward).await;
        assert!(shown.contains(tip), "{shown}");
        assert!(shown.contains("Candidate"), "{shown}");
        assert_eq!(input_value(&shown, "amount"), proposal);
    }
    // Reopening withdraws them; closing again makes one live candidate per
    // tip, never two.
    case_act(
        &reviewer,
        "C-00001",
        &[("action", "reopen"), ("reason", "More to check")],
    )
    .await;
    assert!(row(&reviewer, "R-00001").await.contains("Withdrawn"));
    case_act(
        &reviewer,
        "C-00001",
        &[("action", "action_taken"), ("reason", "Again")],
    )
    .await;
    close_confirmed(&reviewer).await;
    let page = reviewer.page("/staff/rewards?state=candidate").await;
    assert_eq!(page.matches("class=\"reward-row\"").count(), 3, "{page}");
    // R-00004..6 are the live ones for T-00001..3.

    // The pool and the maximum per tip hold; a refused amount stays typed.
    refused(
        &reviewer,
        "R-00004",
        "recommend",
        &[("amount", "900,000"), ("contribution", "first_report")],
        409,
        "at most 800,000 KHR",
    )
    .await;
    refused(
        &reviewer,
        "R-00004",
        "recommend",
        &[("amount", "12.5"), ("contribution", "first_report")],
        422,
        "whole number",
    )
    .await;
    done(
        &reviewer,
        "R-00004",
        "recommend",
        &[("amount", "600000"), ("contribution", "first_report")],
    )
    .await;
    let over = refused(
        &admin_a,
        "R-00005",
        "recommend",
        &[("amount", "500000"), ("contribution", "key_detail")],
        409,
        "only 400,000 KHR left",
    )
    .await;
    assert_eq!(
        input_value(&element_html(&over, "reward-R-00005"), "amount"),
        "500000"
    );
    done(
        &admin_a,
        "R-00005",
        "recommend",
        &[("amount", "400000"), ("contribution", "key_detail")],
    )
    .await;
    refused(
        &reviewer,
        "R-00006",
        "not-eligible",
        &[("why", "other"), ("reason", " ")],
        409,
        "reason",
    )
    .await;
    done(
        &reviewer,
        "R-00006",
        "not-eligible",
        &[("why", "no_new_information")],
    )
    .await;

    // Four eyes: a reviewer cannot approve at all, and an administrator
    // never approves their own recommendation.
    let reviewer_approves = reviewer
        .client
        .post(reviewer.url("/staff/rewards/R-00004/approve"))
        .form(&[("version", "2")])
        .send()
        .await
        .unwrap();
    assert_eq!(reviewer_approves.status(), 403);
    // Their page offers neither step; the server refuses both anyway.
    assert!(
        row(&admin_a, "R-00005")
            .await
            .contains("another administrator")
    );
    let version = input_value(&row(&admin_b, "R-00005").await, "version");
    for (name, fields) in [("approve", &[][..]), ("reject", &[("reason", "Mine")][..])] {
        let own = post_step(&admin_a, "R-00005", name, &version, fields).await;
        assert_eq!(own.status(), 409, "{name}");
        let notice = element_text(&own.text().await.unwrap(), "reward-notice");
        assert!(notice.contains("another administrator"), "{notice}");
    }
    done(&admin_b, "R-00004", "approve", &[]).await;
    done(&admin_b, "R-00005", "approve", &[]).await;
    let budget = admin_a.page("/staff/rewards").await;
    assert_eq!(element_text(&budget, "budget-used"), "1,000,000 KHR");
    assert_eq!(element_text(&budget, "budget-left"), "9,000,000 KHR");

    // Approved rewards wait for the daily release: the hour of an approval
    // is not told by when the tipster first sees it.
    let (code, passphrase) = &tipsters[0];
    let before = status_page(&app, code, passphrase).await;
    assert!(!before.contains("id=\"reward"), "{before}");
    next_release(&app).await;

    // The tipster alone sees the claim code, the same at each visit.
    let status = status_page(&app, code, passphrase).await;
    assert!(
        element_text(&status, "reward-amount").contains("600,000 KHR"),
        "{status}"
    );
    assert_eq!(
        element_text(&status, "claim-instructions"),
        "Counter 3, Ministry annex, weekdays"
    );
    let claim = claim_code_of(&status);
    assert_eq!(claim.len(), 11, "{claim}");
    let again = status_page(&app, code, passphrase).await;
    assert!(again.contains(&claim));
    let other = status_page(&app, &tipsters[1].0, &tipsters[1].1).await;
    assert!(other.contains("400,000 KHR") && !other.contains(&claim));
    let unrewarded = status_page(&app, &tipsters[2].0, &tipsters[2].1).await;
    assert!(!unrewarded.contains("id=\"reward\""));
    for staff_page in [
        reviewer.page("/staff/rewards").await,
        admin_a.page("/staff/tips/T-00001").await,
        admin_a.page("/staff/admin/audit").await,
    ] {
        assert!(!staff_page.contains(&claim), "staff see the claim code");
    }

    // The payout officer sees the amount and nothing of the tip; a wrong
    // code gets the one refusal.
    let (wrong, answer) = payout(&officer, "ZZZZZ-ZZZZZ", None).await;
    assert_eq!(wrong, 422);
    assert!(element_text(&answer, "payout-notice").contains("cannot be paid"));
    let (ok, checked) = payout(&officer, &claim.to_lowercase(), None).await;
    assert_eq!(ok, 200);
    assert_eq!(element_text(&checked, "payout-amount"), "600,000 KHR");
    for secret in [
        "T-0000",
        "C-0000",
        "Blue gate",
        "barred windows",
        "10.62",
        code.as_str(),
    ] {
        assert!(!checked.contains(secret), "the payout page shows {secret}");
    }
    let (missing, _) = payout(&officer, &claim, Some("  ")).await;
    assert_eq!(missing, 422);
    let (paid, receipt) = payout(&officer, &claim, Some("Counter 3 receipt 0042")).await;
    assert_eq!(paid, 200);
    assert!(receipt.contains("id=\"payout-done\""));
    let (twice, _) = payout(&officer, &claim, Some("Counter 3 receipt 0043")).await;
    assert_eq!(twice, 422, "a claim code works once");
    let after = status_page(&app, code, passphrase).await;
    assert!(element_text(&after, "reward-paid").contains("600,000 KHR"));
    assert!(!after.contains(&claim));

    // The approver cannot pay what they approved, even as a payout officer.
    let second = status_page(&app, &tipsters[1].0, &tipsters[1].1).await;
    let second_claim = claim_code_of(&second);
    app.staff
        .change_role(staff_id(&app, "a@police.gov.kh"), admin_b_id, Role::Payout)
        .await
        .unwrap()
        .unwrap();
    admin_b.sign_in("b@police.gov.kh").await;
    let (refusal, own) = payout(&admin_b, &second_claim, Some("x")).await;
    assert_eq!(refusal, 409);
    assert!(element_text(&own, "payout-notice").contains("another payout officer"));

    // Staff still see both rewards as approved: nothing on their pages
    // says which was paid.
    for reward in ["R-00004", "R-00005"] {
        let shown = row(&reviewer, reward).await;
        assert!(
            shown.contains("Approved") && !shown.contains("Paid"),
            "{shown}"
        );
    }

    // Finance's approvals ledger names rewards, states, amounts and the
    // people who decided, nothing of a tip, case, place or payout.
    let ledger = admin_a.get("/staff/rewards/ledger.csv").await;
    assert_eq!(ledger.status(), 200);
    assert!(
        ledger.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = ledger.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("reward,state,currency,amount"));
    assert_eq!(lines.len(), 7, "{csv}");
    assert!(
        lines[4].starts_with("R-00004,approved,KHR,600000,"),
        "{csv}"
    );
    assert!(lines[4].contains("admin b@police.gov.kh"), "{csv}");
    for secret in [
        "T-0",
        "C-0",
        "Blue gate",
        "barred",
        "10.62",
        "Counter 3 receipt",
    ] {
        assert!(!csv.contains(secret), "the ledger holds {secret}");
    }
    assert_eq!(officer.get("/staff/rewards/ledger.csv").await.status(), 403);
    assert_eq!(officer.get("/staff/rewards").await.status(), 403);
    assert_eq!(reviewer.get("/staff/payout").await.status(), 403);

    // Every step is in the audit log, under its reward.
    for (reward, details) in [
        (
            "R-00001",
            &["candidate for T-00001 in C-00001", "withdraw"][..],
        ),
        (
            "R-00004",
            &["recommend 600000 KHR", "approve 600000 KHR"][..],
        ),
        ("R-00006", &["not_eligible"][..]),
    ] {
        let audit = admin_a
            .page(&format!(
                "/staff/admin/audit?action=reward_changed&subject=reward:{reward}"
            ))
            .await;
        for detail in details {
            assert!(audit.contains(detail), "{reward}: no {detail} in\n{audit}");
        }
    }
    let other = admin_a
        .page("/staff/admin/audit?action=reward_changed&subject=reward:R-00006")
        .await;
    assert!(
        !other.contains("recommend 600000"),
        "the filter is by reward"
    );
    let paid = admin_a
        .page("/staff/admin/audit?subject=reward:R-00004")
        .await;
    assert!(!paid.contains("payout"), "{paid}");
}
on_both_backends!(a_confirmed_compound_is_paid_out_through_four_eyes);

/// The references of the rewards a rewards page lists, and its link to the
/// next page, if any.
fn listed_rewards(page: &str) -> (Vec<String>, Option<String>) {
    let references = page
        .split("class=\"reward-row\" id=\"reward-")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect();
    let next = page
        .split_once("\">More rewards</a>")
        .and_then(|(before, _)| before.rsplit_once("href=\"/staff/rewards?"))
        .map(|(_, query)| query.replace("&#38;", "&"));
    (references, next)
}

async fn the_rewards_list_pages_through_every_reward(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, &POLICY).await else {
        return;
    };
    // One tip more than a page of the list holds.
    let fields = [
        ("category", "compound"),
        ("description", "Guards at the gate, windows barred"),
        ("province", "17"),
        ("landmark", "behind the market"),
    ];
    for _ in 0..51 {
        report(&app, &fields).await;
    }
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    let tips: Vec<String> = (1..=51).map(|n| format!("T-{n:05}")).collect();
    let tips: Vec<&str> = tips.iter().map(String::as_str).collect();
    confirmed_case(&reviewer, &tips).await;

    let (first, next) = listed_rewards(&reviewer.page("/staff/rewards?state=candidate").await);
    assert_eq!(first.len(), 50);
    let next = next.expect("a link to the rest");
    assert!(next.starts_with("state=candidate&after="), "{next}");
    let second_page = reviewer.page(&format!("/staff/rewards?{next}")).await;
    let (second, after_that) = listed_rewards(&second_page);
    assert_eq!(after_that, None, "the second page is the last");
    // A step taken on the second page comes back to it.
    let on_second = element_html(&second_page, &format!("reward-{}", second[0]));
    let after = next.split_once("after=").unwrap().1;
    let recommended = post_step(
        &reviewer,
        &second[0],
        "recommend",
        &input_value(&on_second, "version"),
        &[
            ("amount", "10000"),
            ("contribution", "first_report"),
            ("state", "candidate"),
            ("after", after),
        ],
    )
    .await;
    assert_eq!(
        location(&recommended),
        format!("/staff/rewards?state=candidate&case=&after={after}")
    );
    let mut seen = [first, second].concat();
    seen.sort();
    let every: Vec<String> = (1..=51).map(|n| format!("R-{n:05}")).collect();
    assert_eq!(seen, every, "each reward once, none left out");
}
on_both_backends!(the_rewards_list_pages_through_every_reward);

fn staff_id(app: &TestApp, email: &str) -> tipline::domain::ids::StaffId {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let mut conn = app.database.connect();
    diesel::sql_query(format!("SELECT id FROM staff WHERE email = '{email}'"))
        .get_result::<Id>(&mut conn)
        .map(|row| tipline::domain::ids::StaffId(row.id))
        .unwrap()
}

async fn two_approvals_at_once_never_overspend_the_budget(backend: Backend) {
    let settings = [
        ("TIPLINE_REWARD_POOL", "2000000"),
        ("TIPLINE_REWARD_MAX_PER_TIP", "1000000"),
        ("TIPLINE_REWARD_MONTHLY_BUDGET", "1000000"),
    ];
    let Some(app) = TestApp::spawn_with(backend, &settings).await else {
        return;
    };
    for lat in ["10.6279", "10.6281", "10.6283"] {
        report(&app, &compound_at(lat, "103.5220")).await;
    }
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    let (admin_a, _) = signed_in_staff(&app, Role::Admin, "a@police.gov.kh").await;
    let (admin_b, _) = signed_in_staff(&app, Role::Admin, "b@police.gov.kh").await;
    confirmed_case(&reviewer, &["T-00001", "T-00002", "T-00003"]).await;
    for reward in ["R-00001", "R-00002"] {
        done(
            &reviewer,
            reward,
            "recommend",
            &[("amount", "600000"), ("contribution", "corroboration")],
        )
        .await;
    }
    // Both forms are read first, then sent together.
    let (first, second) = tokio::join!(
        step(&admin_a, "R-00001", "approve", &[]),
        step(&admin_b, "R-00002", "approve", &[])
    );
    let mut statuses = [first.status().as_u16(), second.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(
        statuses,
        [303, 409],
        "exactly one approval passes the budget"
    );
    let page = admin_a.page("/staff/rewards").await;
    assert_eq!(element_text(&page, "budget-used"), "600,000 KHR");
    assert_eq!(element_text(&page, "budget-left"), "400,000 KHR");
    let waiting = if first.status() == 303 {
        "R-00002"
    } else {
        "R-00001"
    };
    refused(
        &admin_a,
        waiting,
        "approve",
        &[],
        409,
        "only 400,000 KHR left",
    )
    .await;
    refused(
        &admin_a,
        waiting,
        "reject",
        &[("reason", "")],
        409,
        "reason",
    )
    .await;
    done(
        &admin_a,
        waiting,
        "reject",
        &[("reason", "Budget spent this month")],
    )
    .await;
    assert!(row(&admin_a, waiting).await.contains("Rejected"));

    // An approval holds its month's budget for good: whether its claim is
    // later paid or lapses is not the reward's to know, and the reward
    // stays approved past its claim window.
    app.jobs.run_due(Utc::now() + TimeDelta::days(181)).await;
    let (admin, _) = signed_in_staff(&app, Role::Admin, "c@police.gov.kh").await;
    let page = admin.page("/staff/rewards").await;
    assert_eq!(element_text(&page, "budget-used"), "600,000 KHR");
    let approved = if waiting == "R-00001" {
        "R-00002"
    } else {
        "R-00001"
    };
    assert!(row(&admin, approved).await.contains("Approved"));
}
on_both_backends!(two_approvals_at_once_never_overspend_the_budget);

async fn wrong_claim_codes_are_throttled_per_officer(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, &POLICY).await else {
        return;
    };
    let (code, passphrase) = report(&app, &compound_at("10.6279", "103.5220")).await;
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    let (admin, _) = signed_in_staff(&app, Role::Admin, "a@police.gov.kh").await;
    let (guesser, _) = signed_in_staff(&app, Role::Payout, "guess@police.gov.kh").await;
    let (colleague, _) = signed_in_staff(&app, Role::Payout, "pay@police.gov.kh").await;
    confirmed_case(&reviewer, &["T-00001"]).await;
    done(
        &reviewer,
        "R-00001",
        "recommend",
        &[("amount", "500000"), ("contribution", "first_report")],
    )
    .await;
    done(&admin, "R-00001", "approve", &[]).await;
    next_release(&app).await;
    let status = status_page(&app, &code, &passphrase).await;
    let claim = claim_code_of(&status);
    for guess in [
        "AAAAA-AAAAA",
        "BBBBB-BBBBB",
        "not a code",
        "CCCCC-CCCCC",
        "DDDDD-DDDDD",
    ] {
        assert_eq!(payout(&guesser, guess, None).await.0, 422);
    }
    let (locked, answer) = payout(&guesser, &claim, None).await;
    assert_eq!(
        locked, 422,
        "after five wrong codes even the right one is refused"
    );
    assert!(!answer.contains("500,000"));
    let (ok, checked) = payout(&colleague, &claim, None).await;
    assert_eq!(ok, 200, "the throttle is the guesser's alone");
    assert_eq!(element_text(&checked, "payout-amount"), "500,000 KHR");
}
on_both_backends!(wrong_claim_codes_are_throttled_per_officer);

#[actix_web::test]
async fn a_confirmed_case_merged_into_a_live_one_hands_its_tips_over() {
    let Some(app) = TestApp::spawn_with(Backend::Sqlite, &POLICY).await else {
        return;
    };
    report(&app, &compound_at("10.6279", "103.5220")).await;
    report(&app, &compound_at("10.6281", "103.5220")).await;
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    confirmed_case(&reviewer, &["T-00001"]).await;
    tip_act(
        &reviewer,
        "T-00002",
        &[("action", "open_case"), ("title", "Same site, second file")],
    )
    .await;
    case_act(
        &reviewer,
        "C-00001",
        &[
            ("action", "merge"),
            ("target", "C-00002"),
            ("reason", "One site"),
        ],
    )
    .await;
    // The merged case's candidate no longer stands; its tip waits for the
    // live case to be confirmed, and then earns a candidate there.
    assert!(row(&reviewer, "R-00001").await.contains("Withdrawn"));
    for (action, reason) in [("investigate", "Both files"), ("action_taken", "Raid")] {
        case_act(
            &reviewer,
            "C-00002",
            &[("action", action), ("reason", reason)],
        )
        .await;
    }
    case_act(
        &reviewer,
        "C-00002",
        &[
            ("action", "close"),
            ("outcome", "confirmed_compound"),
            ("reason", "Confirmed"),
        ],
    )
    .await;
    let candidates = reviewer.page("/staff/rewards?state=candidate").await;
    assert_eq!(
        candidates.matches("class=\"reward-row\"").count(),
        2,
        "{candidates}"
    );
    for tip in ["T-00001", "T-00002"] {
        assert!(candidates.contains(&format!("/staff/tips/{tip}")), "{tip}");
    }
    assert!(
        !candidates.contains("C-00001\""),
        "no candidate stays on the merged case"
    );
}

/// Once a day, administrators hear how many recommendations wait for them:
/// a count and a link, nothing of a tip or a reward.
#[actix_web::test]
async fn administrators_are_reminded_of_rewards_waiting_for_approval() {
    let Some((app, sink)) = TestApp::spawn_with_mail(Backend::Sqlite, &POLICY).await else {
        return;
    };
    report(&app, &compound_at("10.6279", "103.5220")).await;
    let (reviewer, _) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    signed_in_staff(&app, Role::Admin, "a@police.gov.kh").await;
    confirmed_case(&reviewer, &["T-00001"]).await;
    done(
        &reviewer,
        "R-00001",
        "recommend",
        &[("amount", "500000"), ("contribution", "first_report")],
    )
    .await;
    app.jobs.run_due(Utc::now() + TimeDelta::days(1)).await;
    let reminders: Vec<_> = sink
        .received()
        .into_iter()
        .filter(|mail| mail.decoded().contains("rewards wait for approval"))
        .collect();
    assert_eq!(reminders.len(), 1, "one reminder, to the one administrator");
    assert_eq!(reminders[0].recipients, ["a@police.gov.kh"]);
    let text = reminders[0].decoded();
    assert!(text.contains("1 recommended reward waits"), "{text}");
    assert!(text.contains("/staff/rewards"), "{text}");
    for secret in ["R-00001", "T-00001", "500000", "500,000", "C-00001"] {
        assert!(!text.contains(secret), "the reminder carries `{secret}`");
    }
}
