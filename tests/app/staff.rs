//! Staff accounts over HTTP: the first administrator from the set-up link,
//! an invitation by mail, sign-in with password and TOTP, throttling,
//! recovery codes, sessions, and what administrators may change.

use tipline::db::sessions;
use tipline::domain::ids::StaffId;
use tipline::domain::staff::{Role, SessionStage};
use tipline::i18n::Lang;

use crate::helpers::{Backend, TestApp, count_rows, element_text, on_both_backends};
use crate::staff_helpers::{PASSWORD, StaffClient, location, signed_in_staff};

/// Follows a set-up link: creates the first administrator, signs in and
/// enrols. Returns the administrator's browser.
async fn first_admin(app: &TestApp, email: &str) -> StaffClient {
    let token = app.staff.issue_setup_link().await.unwrap();
    let link = format!("/staff/link/{}?lang=en", token.as_str());
    let admin = StaffClient::new(&app.address);
    let response = admin
        .submit(
            &link,
            &link,
            &[
                ("email", email),
                ("name", "Sok Dara"),
                ("password", PASSWORD),
                ("password_again", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    let page = response.text().await.unwrap();
    assert!(page.contains("Your password is saved"), "{page}");
    // The first administrator is shown the recovery key, once, and it
    // opens the organisation key.
    let shown = crate::helpers::element_text(&page, "org-recovery-key");
    let recovery = tipline::vault::RecoveryKey::parse(&shown).expect("a recovery key");
    let mut conn = app.database.connect();
    assert!(
        tipline::services::staff::open_with_recovery(&mut conn, &recovery)
            .unwrap()
            .is_some()
    );
    let mut admin = admin;
    let response = admin.password_step(email, PASSWORD).await;
    assert_eq!(location(&response), "/staff/enrol");
    admin.enrol().await;
    admin
}

async fn a_new_install_makes_its_admin_who_invites_a_reviewer_by_mail(backend: Backend) {
    let Some((app, sink)) = TestApp::spawn_with_mail(backend, &[]).await else {
        return;
    };
    let admin = first_admin(&app, "admin@police.gov.kh").await;
    let home = admin.page("/staff/").await;
    assert_eq!(
        element_text(&home, "signed-in-as"),
        "You are signed in as Sok Dara."
    );

    let response = admin
        .submit(
            "/staff/admin/staff",
            "/staff/admin/staff/invite",
            &[
                ("email", "Reviewer@Police.gov.kh"),
                ("name", "Chan Vanna"),
                ("role", "reviewer"),
                ("language", "en"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/staff/admin/staff?done=invited");
    let mails = sink.wait_for(1).await;
    assert_eq!(mails[0].recipients, ["reviewer@police.gov.kh"]);
    let mail = mails[0].decoded();
    assert!(
        mail.contains("text/plain") && mail.contains("text/html"),
        "{mail}"
    );
    assert!(mail.contains("Hello Chan Vanna,"), "{mail}");
    let link = mails[0].staff_link();

    let mut reviewer = StaffClient::new(&app.address);
    let response = reviewer
        .submit(
            &link,
            &link,
            &[("password", PASSWORD), ("password_again", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    let response = reviewer
        .password_step("reviewer@police.gov.kh", PASSWORD)
        .await;
    assert_eq!(location(&response), "/staff/enrol");
    reviewer.enrol().await;
    let home = reviewer.page("/staff/").await;
    assert!(home.contains("Chan Vanna"), "{home}");
    assert!(
        !home.contains("/staff/admin/staff"),
        "a reviewer has no admin menu"
    );

    // The link worked once.
    let again = reviewer.get(&link).await;
    assert_eq!(again.status(), 410);

    // Signing out ends the session on the server, not just in the browser.
    let response = reviewer.submit("/staff/", "/staff/logout", &[]).await;
    assert_eq!(location(&response), "/staff/login");
    assert_eq!(location(&reviewer.get("/staff/").await), "/staff/login");

    let audit = admin.page("/staff/admin/audit").await;
    // Each row names its action in the reader's language.
    for action in [
        "Account created",
        "Account invited",
        "Password set",
        "Second factor enrolled",
        "Signed in",
        "Signed out",
    ] {
        let cell = format!("<td>{action}</td>");
        assert!(audit.contains(&cell), "{action} is missing from {audit}");
    }
}
on_both_backends!(a_new_install_makes_its_admin_who_invites_a_reviewer_by_mail);

#[actix_web::test]
async fn a_code_works_once_and_recovery_codes_stand_in_for_a_lost_phone() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let (mut staff, _) = signed_in_staff(&app, Role::Reviewer, "vanna@police.gov.kh").await;
    staff.submit("/staff/", "/staff/logout", &[]).await;

    // The code that enrolled the account is spent.
    let spent = staff.last_code();
    let response = staff.password_step("vanna@police.gov.kh", PASSWORD).await;
    assert_eq!(location(&response), "/staff/login/code");
    let response = staff.code_step(&spent).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("was used already"));
    let code = staff.next_code();
    assert_eq!(location(&staff.code_step(&code).await), "/staff/");
    staff.submit("/staff/", "/staff/logout", &[]).await;

    // A recovery code signs in once, in any case and grouping.
    let recovery = staff.recovery_codes[0].clone();
    staff.password_step("vanna@police.gov.kh", PASSWORD).await;
    let response = staff.code_step(&recovery.to_lowercase()).await;
    assert_eq!(location(&response), "/staff/");
    staff.submit("/staff/", "/staff/logout", &[]).await;
    staff.password_step("vanna@police.gov.kh", PASSWORD).await;
    assert_eq!(staff.code_step(&recovery).await.status(), 422);
}

#[actix_web::test]
async fn wrong_passwords_make_the_account_wait_and_unknown_addresses_get_the_same_answer() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    signed_in_staff(&app, Role::Reviewer, "dara@police.gov.kh").await;
    // A browser where the account never signed in: its tries count against
    // the budget for unknown devices (the owner's own browser has its own).
    let staff = StaffClient::new(&app.address);
    let unknown = staff.password_step("nobody@police.gov.kh", PASSWORD).await;
    assert_eq!(unknown.status(), 422);
    let unknown = unknown.text().await.unwrap();
    for _ in 0..3 {
        let wrong = staff
            .password_step("dara@police.gov.kh", "not the password at all")
            .await;
        assert_eq!(wrong.status(), 422);
    }
    // Now even the right password waits, with the same words as any refusal.
    let locked = staff.password_step("dara@police.gov.kh", PASSWORD).await;
    assert_eq!(locked.status(), 422);
    let locked = locked.text().await.unwrap();
    let message = |page: &str| element_text(page, "sign-in-refused");
    assert_eq!(message(&locked), message(&unknown));
    // The unknown address waits for its interval's summary row.
    assert_eq!(
        count_rows(&app.database, "audit_log WHERE action = 'sign_in_failed'"),
        4
    );
}

async fn two_mistyped_codes_never_lock_out_the_right_one(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let email = "sokha@police.gov.kh";
    let (mut staff, _) = signed_in_staff(&app, Role::Reviewer, email).await;
    staff.submit("/staff/", "/staff/logout", &[]).await;
    // The right password, then two codes typed wrong (the spent one): only
    // the two wrong codes count, under the three a wait needs.
    let response = staff.password_step(email, PASSWORD).await;
    assert_eq!(location(&response), "/staff/login/code");
    let spent = staff.last_code();
    for _ in 0..2 {
        assert_eq!(staff.code_step(&spent).await.status(), 422);
    }
    let code = staff.next_code();
    assert_eq!(location(&staff.code_step(&code).await), "/staff/");
    // Signed in, the slate is clean: two more rounds of the right password
    // and a wrong code still leave room for the right one (a recovery
    // code: the authenticator has no fresh code yet).
    staff.submit("/staff/", "/staff/logout", &[]).await;
    let spent = staff.last_code();
    for _ in 0..2 {
        let response = staff.password_step(email, PASSWORD).await;
        assert_eq!(location(&response), "/staff/login/code");
        assert_eq!(staff.code_step(&spent).await.status(), 422);
    }
    let recovery = staff.recovery_codes[0].clone();
    assert_eq!(location(&staff.code_step(&recovery).await), "/staff/");
}
on_both_backends!(two_mistyped_codes_never_lock_out_the_right_one);

#[actix_web::test]
async fn staff_cookies_are_http_only_strict_and_kept_to_staff_pages() {
    let Some(app) = TestApp::spawn_with(
        Backend::Sqlite,
        &[("TIPLINE_PUBLIC_URL", "https://tips.example.org")],
    )
    .await
    else {
        return;
    };
    let account = signed_in_staff_cookie(&app).await;
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/staff", "Secure"] {
        assert!(
            account.contains(attribute),
            "{attribute} is missing: {account}"
        );
    }
}

/// The `Set-Cookie` a correct password step answers with.
async fn signed_in_staff_cookie(app: &TestApp) -> String {
    let (staff, _) = signed_in_staff(app, Role::Reviewer, "cookie@police.gov.kh").await;
    staff.submit("/staff/", "/staff/logout", &[]).await;
    let response = staff.password_step("cookie@police.gov.kh", PASSWORD).await;
    response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned()
}

#[actix_web::test]
async fn a_form_without_its_anti_forgery_token_changes_nothing() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let admin = first_admin(&app, "admin@police.gov.kh").await;
    let before = count_rows(&app.database, "staff");
    for csrf in ["", "forged"] {
        let response = admin
            .client
            .post(admin.url("/staff/admin/staff/invite"))
            .form(&[
                ("csrf", csrf),
                ("email", "x@police.gov.kh"),
                ("name", "X"),
                ("role", "admin"),
                ("language", "en"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400);
        assert!(response.text().await.unwrap().contains("reload the page"));
    }
    assert_eq!(count_rows(&app.database, "staff"), before);
}

async fn administrators_change_accounts_but_never_remove_the_last_admin(backend: Backend) {
    let Some((app, sink)) = TestApp::spawn_with_mail(backend, &[]).await else {
        return;
    };
    let admin = first_admin(&app, "admin@police.gov.kh").await;
    let admin_id = 1;
    let (mut reviewer, reviewer_id) =
        signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;

    // The last active admin can be neither demoted nor disabled.
    let page = "/staff/admin/staff";
    let demote = admin
        .submit(
            page,
            &format!("/staff/admin/staff/{admin_id}/role"),
            &[("role", "reviewer")],
        )
        .await;
    assert_eq!(demote.status(), 409);
    assert!(
        demote
            .text()
            .await
            .unwrap()
            .contains("last active administrator")
    );
    let disable = admin
        .submit(page, &format!("/staff/admin/staff/{admin_id}/disable"), &[])
        .await;
    assert_eq!(disable.status(), 409);

    // Disabling ends the reviewer's session at once.
    assert_eq!(reviewer.get("/staff/").await.status(), 200);
    let disabled = admin
        .submit(
            page,
            &format!("/staff/admin/staff/{reviewer_id}/disable"),
            &[],
        )
        .await;
    assert_eq!(location(&disabled), "/staff/admin/staff?done=disabled");
    assert_eq!(location(&reviewer.get("/staff/").await), "/staff/login");
    let refused = reviewer.password_step("rev@police.gov.kh", PASSWORD).await;
    assert_eq!(refused.status(), 422);

    // Enabled again, with the second factor reset: the next sign-in enrols.
    admin
        .submit(
            page,
            &format!("/staff/admin/staff/{reviewer_id}/enable"),
            &[],
        )
        .await;
    let reset = admin
        .submit(
            page,
            &format!("/staff/admin/staff/{reviewer_id}/reset-second-factor"),
            &[],
        )
        .await;
    assert_eq!(location(&reset), "/staff/admin/staff?done=second-factor");
    let response = reviewer.password_step("rev@police.gov.kh", PASSWORD).await;
    assert_eq!(location(&response), "/staff/enrol");
    reviewer.enrol().await;

    // A new role takes effect at once: the old session ends.
    let promoted = admin
        .submit(
            page,
            &format!("/staff/admin/staff/{reviewer_id}/role"),
            &[("role", "admin")],
        )
        .await;
    assert_eq!(location(&promoted), "/staff/admin/staff?done=role");
    assert_eq!(location(&reviewer.get("/staff/").await), "/staff/login");
    reviewer.sign_in("rev@police.gov.kh").await;
    assert_eq!(reviewer.get("/staff/admin/staff").await.status(), 200);

    // An administrator can send a password link; it ends the old sessions.
    let sent = admin
        .submit(
            page,
            &format!("/staff/admin/staff/{reviewer_id}/send-reset"),
            &[],
        )
        .await;
    assert_eq!(location(&sent), "/staff/admin/staff?done=reset");
    let mail = &sink.wait_for(1).await[0];
    assert_eq!(mail.recipients, ["rev@police.gov.kh"]);
    let link = mail.staff_link();
    let fresh = StaffClient::new(&app.address);
    let new_password = "a brand new river lotus";
    let saved = fresh
        .submit(
            &link,
            &link,
            &[("password", new_password), ("password_again", new_password)],
        )
        .await;
    assert_eq!(saved.status(), 200);
    assert_eq!(location(&reviewer.get("/staff/").await), "/staff/login");
    let response = reviewer
        .password_step("rev@police.gov.kh", new_password)
        .await;
    assert_eq!(location(&response), "/staff/login/code");
}
on_both_backends!(administrators_change_accounts_but_never_remove_the_last_admin);

#[actix_web::test]
async fn forgot_password_answers_the_same_for_any_address_and_mails_only_real_accounts() {
    let Some((app, sink)) = TestApp::spawn_with_mail(Backend::Sqlite, &[]).await else {
        return;
    };
    let (staff, _) = signed_in_staff(&app, Role::Payout, "pay@police.gov.kh").await;
    let mut answers = Vec::new();
    for email in [
        "nobody@police.gov.kh",
        "pay@police.gov.kh",
        "not an address",
    ] {
        let response = staff
            .submit("/staff/forgot", "/staff/forgot", &[("email", email)])
            .await;
        assert_eq!(response.status(), 200);
        let page = response.text().await.unwrap();
        answers.push(page.split("name=\"csrf\"").next().unwrap().to_owned());
    }
    assert!(answers.iter().all(|answer| *answer == answers[0]));
    let mails = sink.wait_for(1).await;
    assert_eq!(mails[0].recipients, ["pay@police.gov.kh"]);
    app.mail_settled().await;
    assert_eq!(sink.received().len(), 1, "only the real account got a mail");
}

#[actix_web::test]
async fn staff_pages_speak_the_language_each_member_chose() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let (staff, _) = signed_in_staff(&app, Role::Reviewer, "km@police.gov.kh").await;
    assert!(staff.page("/staff/").await.contains("lang=\"en\""));
    let saved = staff
        .submit("/staff/profile", "/staff/profile", &[("language", "km")])
        .await;
    assert_eq!(location(&saved), "/staff/profile");
    let home = staff.page("/staff/").await;
    assert!(home.contains("lang=\"km\""), "{home}");
    assert!(home.contains("ចាកចេញ"), "{home}");
    let login = StaffClient::new(&app.address)
        .page("/staff/login?lang=en")
        .await;
    assert!(login.contains("Sign in"));
}

async fn an_idle_session_ends_and_is_purged(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (staff, id) = signed_in_staff(&app, Role::Reviewer, "idle@police.gov.kh").await;
    assert_eq!(staff.get("/staff/").await.status(), 200);
    // A session last used 31 minutes ago, as the server would have left it.
    let token = tipline::services::staff::SessionToken::generate();
    let long_ago = chrono::Utc::now().naive_utc() - chrono::Duration::minutes(31);
    let mut conn = app.database.connect();
    let key =
        tipline::secret::SecretKey::load_or_create(&app.database.dir.path().join("secret.key"))
            .unwrap();
    sessions::create(
        &mut conn,
        &token.hash(&key),
        id,
        SessionStage::Full,
        None,
        long_ago,
    )
    .unwrap();
    let idle = StaffClient::new(&app.address);
    let response = idle
        .client
        .get(idle.url("/staff/"))
        .header("cookie", format!("tipline_staff={}", token.as_str()))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response), "/staff/login");
    let purged = sessions::purge_expired(&mut conn, chrono::Utc::now().naive_utc()).unwrap();
    assert_eq!(purged, 1, "only the idle session goes");
    assert_eq!(staff.get("/staff/").await.status(), 200);
}
on_both_backends!(an_idle_session_ends_and_is_purged);

#[actix_web::test]
async fn administrators_filter_the_audit_log() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let admin = first_admin(&app, "admin@police.gov.kh").await;
    let (_, reviewer) = signed_in_staff(&app, Role::Reviewer, "rev@police.gov.kh").await;
    let rows = |page: &str| page.matches("<tr><td>").count();
    let all = admin.page("/staff/admin/audit").await;
    let subject = format!("staff:{reviewer}");
    let mine = admin
        .page(&format!(
            "/staff/admin/audit?subject={subject}&action=sign_in"
        ))
        .await;
    assert_eq!(rows(&mine), 1, "{mine}");
    assert!(
        mine.contains("rev@police.gov.kh"),
        "staff are named: {mine}"
    );
    assert!(rows(&all) > rows(&mine));
    let today = chrono::Utc::now().date_naive();
    let tomorrow = today.succ_opt().unwrap();
    let future = admin
        .page(&format!("/staff/admin/audit?from={tomorrow}"))
        .await;
    assert_eq!(rows(&future), 0);
    let until_today = admin
        .page(&format!("/staff/admin/audit?until={today}"))
        .await;
    assert_eq!(rows(&until_today), rows(&all));
}

#[actix_web::test]
async fn the_audit_log_is_read_a_page_at_a_time() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let admin = first_admin(&app, "admin@police.gov.kh").await;
    for n in 0..60 {
        let lang = if n % 2 == 0 { Lang::En } else { Lang::Km };
        app.staff.set_language(StaffId(1), lang).await.unwrap();
    }
    let rows = |page: &str| page.matches("<tr><td>").count();
    let first = admin
        .page("/staff/admin/audit?action=language_changed")
        .await;
    assert_eq!(rows(&first), 50);
    let older = first
        .split("href=\"/staff/admin/audit?")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to older rows")
        .replace("&#38;", "&");
    assert!(older.contains("action=language_changed"), "{older}");
    let second = admin.page(&format!("/staff/admin/audit?{older}")).await;
    assert_eq!(rows(&second), 10);
    assert!(!second.contains("before="), "no page after the last");
}

async fn tries_sent_at_once_are_all_counted(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    signed_in_staff(&app, Role::Reviewer, "burst@police.gov.kh").await;
    // A stranger's browser: the burst meets the budget for unknown devices.
    let staff = StaffClient::new(&app.address);
    let tries = (0..8).map(|n| {
        let staff = &staff;
        async move {
            let guess = format!("a wrong guess number {n}");
            staff
                .password_step("burst@police.gov.kh", &guess)
                .await
                .status()
        }
    });
    for status in futures_util::future::join_all(tries).await {
        assert_eq!(status, 422);
    }
    let details = crate::helpers::audit_details(&app.database, "action = 'sign_in_failed'");
    let count = |why: &str| details.iter().filter(|detail| *detail == why).count();
    let checked = count("wrong password");
    let turned_away = count("account disabled or waiting");
    assert_eq!(checked, 3, "only three guesses were checked");
    assert_eq!(turned_away, 5);
}
on_both_backends!(tries_sent_at_once_are_all_counted);

#[actix_web::test]
async fn a_leftover_enrolment_session_never_sees_the_enrolled_seed() {
    let Some(app) = TestApp::spawn(Backend::Sqlite).await else {
        return;
    };
    let admin = first_admin(&app, "admin@police.gov.kh").await;
    drop(admin);
    let (_, id) = signed_in_staff(&app, Role::Reviewer, "new@police.gov.kh").await;
    app.staff
        .reset_second_factor(StaffId(1), id)
        .await
        .unwrap()
        .unwrap();
    let mut holder = StaffClient::new(&app.address);
    let intruder = StaffClient::new(&app.address);
    for client in [&holder, &intruder] {
        let response = client.password_step("new@police.gov.kh", PASSWORD).await;
        assert_eq!(location(&response), "/staff/enrol");
    }
    holder.enrol().await;
    assert_eq!(
        location(&intruder.get("/staff/enrol").await),
        "/staff/login"
    );
}

async fn two_admins_demoting_each_other_at_once_leave_one(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let (_, first) = signed_in_staff(&app, Role::Admin, "one@police.gov.kh").await;
    let (_, second) = signed_in_staff(&app, Role::Admin, "two@police.gov.kh").await;
    let (a, b) = futures_util::future::join(
        app.staff.change_role(first, second, Role::Reviewer),
        app.staff.change_role(second, first, Role::Reviewer),
    )
    .await;
    let done = [a.unwrap(), b.unwrap()]
        .iter()
        .filter(|outcome| outcome.is_ok())
        .count();
    assert_eq!(done, 1, "exactly one demotion goes through");
    assert_eq!(
        count_rows(
            &app.database,
            "staff WHERE role = 'admin' AND disabled = FALSE"
        ),
        1
    );
}
on_both_backends!(two_admins_demoting_each_other_at_once_leave_one);
