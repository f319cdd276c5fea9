//! `/staff/`: where a signed-in staff member starts; `/staff/profile`: their
//! language, the mails they want, and the way to their password.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::form::StaffForm;
use super::frame::{LanguageChoice, STAFF_LANGUAGES, StaffChrome, language_choices};
use super::guard::{CurrentStaff, see_other};
use crate::db::staff::Alerts;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::web::page::render;

#[derive(Template)]
#[template(path = "staff/home.html")]
struct HomePage {
    c: StaffChrome,
    signed_in: String,
}

pub async fn show(c: StaffChrome, current: CurrentStaff) -> Result<HttpResponse, AppError> {
    let signed_in = c.t_with(
        "staff-home-signed-in",
        &[("name", current.session.staff.name.as_str())],
    );
    render(&HomePage { c, signed_in })
}

#[derive(Template)]
#[template(path = "staff/profile.html")]
struct ProfilePage {
    c: StaffChrome,
    email: String,
    languages: Vec<LanguageChoice>,
    alerts: Alerts,
    notice: Option<&'static str>,
}

/// What a step that returns to the profile leaves for it to say.
#[derive(Deserialize)]
pub struct ProfileShown {
    done: Option<String>,
}

pub async fn show_profile(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    shown: web::Query<ProfileShown>,
) -> Result<HttpResponse, AppError> {
    let alerts = state.staff.alerts(current.id()).await?;
    let notice = (shown.done.as_deref() == Some("password")).then(|| c.t("staff-password-changed"));
    render(&ProfilePage {
        languages: language_choices(c.lang),
        c,
        email: current.session.staff.email,
        alerts,
        notice,
    })
}

#[derive(Deserialize)]
pub struct ProfileForm {
    language: String,
    /// Checkboxes: present when ticked.
    urgent_alerts: Option<String>,
    daily_digest: Option<String>,
}

pub async fn save_profile(
    c: StaffChrome,
    current: CurrentStaff,
    state: web::Data<AppState>,
    StaffForm(form): StaffForm<ProfileForm>,
) -> Result<HttpResponse, AppError> {
    let language = Lang::from_code(&form.language)
        .filter(|lang| STAFF_LANGUAGES.contains(lang))
        .ok_or_else(|| AppError::BadRequest("not a staff language".into()))?;
    if language != current.session.staff.language {
        state.staff.set_language(current.id(), language).await?;
    }
    // Only those who work tips are mailed about them.
    if c.reviews() {
        let alerts = Alerts {
            urgent: form.urgent_alerts.is_some(),
            digest: form.daily_digest.is_some(),
        };
        if alerts != state.staff.alerts(current.id()).await? {
            state.staff.set_alerts(current.id(), alerts).await?;
        }
    }
    Ok(see_other("/staff/profile"))
}
