//! The staff side, under `/staff/`. Every route is declared once in
//! [`ROUTES`] with who may use it; [`routes`] registers each behind
//! [`guard::check`], so no handler can be reached without its check, and a
//! test walks the same table for every role.

mod admin;
mod audit_page;
mod cases;
mod device_cookie;
mod form;
mod frame;
mod guard;
mod home;
mod links;
mod password;
mod payout;
mod rewards;
mod sign_in;
mod tips;
mod view;

use actix_web::middleware::from_fn;
use actix_web::web;

use crate::domain::staff::{Role, SessionStage};

pub use frame::StaffChrome;
pub use guard::{CurrentStaff, SESSION_COOKIE};

/// Who may use a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone: the sign-in and one-time-link pages.
    Anyone,
    /// A half-finished sign-in at this stage.
    Stage(SessionStage),
    /// A full session with one of these roles.
    Roles(&'static [Role]),
}

pub const EVERY_ROLE: &[Role] = &[Role::Reviewer, Role::Admin, Role::Payout];
pub const ADMINS: &[Role] = &[Role::Admin];
/// Who reads and works tips: never a payout officer.
pub const REVIEWERS: &[Role] = &[Role::Reviewer, Role::Admin];
/// Who records payouts, and sees nothing else.
pub const PAYOUT_OFFICERS: &[Role] = &[Role::Payout];

/// One staff route.
#[derive(Clone, Copy, Debug)]
pub struct StaffRoute {
    /// `GET` or `POST`.
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

macro_rules! staff_routes {
    ($($method:ident $path:literal [$access:expr] => $handler:path;)*) => {
        /// Every staff route and who may use it.
        pub const ROUTES: &[StaffRoute] = &[$(StaffRoute {
            method: staff_routes!(@method $method),
            path: $path,
            access: $access,
        }),*];

        pub fn routes(cfg: &mut web::ServiceConfig) {
            $(cfg.route(
                $path,
                web::$method()
                    .to($handler)
                    .wrap(from_fn(|request, next| guard::check($access, request, next))),
            );)*
        }
    };
    (@method get) => { "GET" };
    (@method post) => { "POST" };
}

staff_routes! {
    get "/staff/login" [Access::Anyone] => sign_in::show_login;
    post "/staff/login" [Access::Anyone] => sign_in::login;
    get "/staff/forgot" [Access::Anyone] => sign_in::show_forgot;
    post "/staff/forgot" [Access::Anyone] => sign_in::forgot;
    get "/staff/link/{token}" [Access::Anyone] => links::show;
    post "/staff/link/{token}" [Access::Anyone] => links::submit;
    get "/staff/login/code" [Access::Stage(SessionStage::SecondFactor)] => sign_in::show_code;
    post "/staff/login/code" [Access::Stage(SessionStage::SecondFactor)] => sign_in::code;
    get "/staff/enrol" [Access::Stage(SessionStage::Enrol)] => sign_in::show_enrol;
    post "/staff/enrol" [Access::Stage(SessionStage::Enrol)] => sign_in::enrol;
    get "/staff/" [Access::Roles(EVERY_ROLE)] => home::show;
    post "/staff/logout" [Access::Roles(EVERY_ROLE)] => sign_in::logout;
    get "/staff/profile" [Access::Roles(EVERY_ROLE)] => home::show_profile;
    post "/staff/profile" [Access::Roles(EVERY_ROLE)] => home::save_profile;
    get "/staff/profile/password" [Access::Roles(EVERY_ROLE)] => password::show;
    post "/staff/profile/password" [Access::Roles(EVERY_ROLE)] => password::change;
    get "/staff/admin/staff" [Access::Roles(ADMINS)] => admin::show;
    post "/staff/admin/staff/invite" [Access::Roles(ADMINS)] => admin::invite;
    post "/staff/admin/staff/{id}/role" [Access::Roles(ADMINS)] => admin::change_role;
    post "/staff/admin/staff/{id}/confirm-admin" [Access::Roles(ADMINS)] => admin::confirm_admin;
    post "/staff/admin/staff/{id}/withdraw-admin" [Access::Roles(ADMINS)] => admin::withdraw_admin_proposal;
    post "/staff/admin/staff/{id}/disable" [Access::Roles(ADMINS)] => admin::disable;
    post "/staff/admin/staff/{id}/enable" [Access::Roles(ADMINS)] => admin::enable;
    post "/staff/admin/staff/{id}/reset-second-factor" [Access::Roles(ADMINS)] => admin::reset_second_factor;
    post "/staff/admin/staff/{id}/end-sessions" [Access::Roles(ADMINS)] => admin::end_sessions;
    post "/staff/admin/staff/{id}/send-reset" [Access::Roles(ADMINS)] => admin::send_reset;
    post "/staff/admin/staff/{id}/access/{action}" [Access::Roles(ADMINS)] => admin::access;
    get "/staff/admin/audit" [Access::Roles(ADMINS)] => audit_page::show;
    get "/staff/queue" [Access::Roles(REVIEWERS)] => tips::queue::show;
    get "/staff/tips/{ref}" [Access::Roles(REVIEWERS)] => tips::show;
    post "/staff/tips/{ref}/action" [Access::Roles(REVIEWERS)] => tips::act;
    post "/staff/tips/{ref}/burst-spam" [Access::Roles(REVIEWERS)] => tips::burst::close_as_spam;
    post "/staff/tips/{ref}/notes" [Access::Roles(REVIEWERS)] => tips::add_note;
    post "/staff/tips/{ref}/location" [Access::Roles(REVIEWERS)] => tips::show_location;
    get "/staff/tips/{ref}/photos/{id}" [Access::Roles(REVIEWERS)] => tips::photo;
    get "/staff/tips/{ref}/photos/{id}/thumbnail" [Access::Roles(REVIEWERS)] => tips::thumbnail;
    get "/staff/cases" [Access::Roles(REVIEWERS)] => cases::list;
    get "/staff/cases/{ref}" [Access::Roles(REVIEWERS)] => cases::show;
    post "/staff/cases/{ref}/action" [Access::Roles(REVIEWERS)] => cases::act;
    post "/staff/cases/{ref}/notes" [Access::Roles(REVIEWERS)] => cases::add_note;
    post "/staff/cases/{ref}/place" [Access::Roles(REVIEWERS)] => cases::set_place;
    post "/staff/cases/{ref}/location" [Access::Roles(REVIEWERS)] => cases::show_location;
    post "/staff/cases/{ref}/hold" [Access::Roles(ADMINS)] => cases::hold;
    get "/staff/rewards" [Access::Roles(REVIEWERS)] => rewards::list;
    get "/staff/rewards/ledger.csv" [Access::Roles(ADMINS)] => rewards::ledger;
    get "/staff/rewards/payouts.csv" [Access::Roles(ADMINS)] => rewards::payouts_ledger;
    post "/staff/rewards/{ref}/recommend" [Access::Roles(REVIEWERS)] => rewards::recommend;
    post "/staff/rewards/{ref}/not-eligible" [Access::Roles(REVIEWERS)] => rewards::not_eligible;
    post "/staff/rewards/{ref}/approve" [Access::Roles(ADMINS)] => rewards::approve;
    post "/staff/rewards/{ref}/reject" [Access::Roles(ADMINS)] => rewards::reject;
    get "/staff/payout" [Access::Roles(PAYOUT_OFFICERS)] => payout::show;
    post "/staff/payout" [Access::Roles(PAYOUT_OFFICERS)] => payout::check;
    post "/staff/payout/record" [Access::Roles(PAYOUT_OFFICERS)] => payout::record;
}

/// `/staff` → `/staff/`.
pub fn redirects(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/staff",
        web::get().to(|| async { guard::see_other("/staff/") }),
    );
}
