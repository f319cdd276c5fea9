//! Staff accounts (`staff`): creation, roles, sign-in tries and the second
//! factor, alert wishes, and their recovery codes (`staff_recovery_codes`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{staff, staff_recovery_codes};
use super::{DbConnection, DbError};
use crate::domain::ids::StaffId;
use crate::domain::staff::{Role, StaffEmail, sign_in_delay};
use crate::i18n::Lang;

/// A staff account as stored.
#[derive(Clone, Debug)]
pub struct Staff {
    pub id: StaffId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub language: Lang,
    pub password_hash: Option<String>,
    pub totp_seed: Option<Vec<u8>>,
    pub totp_confirmed: bool,
    pub disabled: bool,
    pub failed_logins: i32,
    pub locked_until: Option<NaiveDateTime>,
}

/// An account as stored, less what only sign-in's own queries read.
#[derive(Queryable, Selectable)]
#[diesel(table_name = staff)]
pub(super) struct StaffRow {
    id: StaffId,
    email: String,
    name: String,
    role: Role,
    language: String,
    password_hash: Option<String>,
    totp_seed: Option<Vec<u8>>,
    totp_confirmed: bool,
    disabled: bool,
    failed_logins: i32,
    locked_until: Option<NaiveDateTime>,
}

impl StaffRow {
    pub(super) fn parse(self) -> Staff {
        Staff {
            id: self.id,
            email: self.email,
            name: self.name,
            role: self.role,
            // A language no longer offered falls back to the default.
            language: Lang::from_code(&self.language).unwrap_or(Lang::DEFAULT),
            password_hash: self.password_hash,
            totp_seed: self.totp_seed,
            totp_confirmed: self.totp_confirmed,
            disabled: self.disabled,
            failed_logins: self.failed_logins,
            locked_until: self.locked_until,
        }
    }
}

/// The fields of a new account.
pub struct NewStaff<'a> {
    pub email: &'a StaffEmail,
    pub name: &'a str,
    pub role: Role,
    pub language: Lang,
    pub password_hash: Option<&'a str>,
}

/// Why an account could not be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmailTaken;

pub fn count(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(staff::table.count().get_result(conn)?)
}

/// Creates the account; run inside a write transaction.
pub fn create(
    conn: &mut DbConnection,
    new: &NewStaff,
    now: NaiveDateTime,
) -> Result<Result<StaffId, EmailTaken>, DbError> {
    if find_by_email(conn, new.email)?.is_some() {
        return Ok(Err(EmailTaken));
    }
    let id = diesel::insert_into(staff::table)
        .values((
            staff::email.eq(new.email.as_str()),
            staff::name.eq(new.name),
            staff::role.eq(new.role),
            staff::language.eq(new.language.code()),
            staff::password_hash.eq(new.password_hash),
            staff::created_at.eq(now),
        ))
        .returning(staff::id)
        .get_result(conn)?;
    Ok(Ok(id))
}

pub fn find(conn: &mut DbConnection, id: StaffId) -> Result<Option<Staff>, DbError> {
    Ok(staff::table
        .find(id)
        .select(StaffRow::as_select())
        .first(conn)
        .optional()?
        .map(StaffRow::parse))
}

pub fn find_by_email(
    conn: &mut DbConnection,
    email: &StaffEmail,
) -> Result<Option<Staff>, DbError> {
    Ok(staff::table
        .filter(staff::email.eq(email.as_str()))
        .select(StaffRow::as_select())
        .first(conn)
        .optional()?
        .map(StaffRow::parse))
}

/// Every account, by name.
pub fn list(conn: &mut DbConnection) -> Result<Vec<Staff>, DbError> {
    Ok(staff::table
        .order((staff::name, staff::id))
        .select(StaffRow::as_select())
        .load(conn)?
        .into_iter()
        .map(StaffRow::parse)
        .collect())
}

/// Administrators who can sign in: enabled, with a password.
pub fn count_active_admins(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(staff::table
        .filter(staff::role.eq(Role::Admin))
        .filter(staff::disabled.eq(false))
        .filter(staff::password_hash.is_not_null())
        .count()
        .get_result(conn)?)
}

pub fn set_password(conn: &mut DbConnection, id: StaffId, hash: &str) -> Result<(), DbError> {
    diesel::update(staff::table.find(id))
        .set((
            staff::password_hash.eq(hash),
            staff::failed_logins.eq(0),
            staff::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_role(conn: &mut DbConnection, id: StaffId, role: Role) -> Result<(), DbError> {
    diesel::update(staff::table.find(id))
        .set(staff::role.eq(role))
        .execute(conn)?;
    Ok(())
}

pub fn set_disabled(conn: &mut DbConnection, id: StaffId, disabled: bool) -> Result<(), DbError> {
    diesel::update(staff::table.find(id))
        .set(staff::disabled.eq(disabled))
        .execute(conn)?;
    Ok(())
}

pub fn set_language(conn: &mut DbConnection, id: StaffId, language: Lang) -> Result<(), DbError> {
    diesel::update(staff::table.find(id))
        .set(staff::language.eq(language.code()))
        .execute(conn)?;
    Ok(())
}

/// Counts a sign-in try before it is checked, unless the account is
/// disabled or must wait: the tries so far, or `None` when it may not try.
/// One conditional update, so tries sent at once are all counted and none
/// slips past a wait another has just set. A try that sets off a wait is
/// still checked; the ones after it are not.
pub fn reserve_sign_in_try(
    conn: &mut DbConnection,
    id: StaffId,
    now: NaiveDateTime,
) -> Result<Option<i32>, DbError> {
    let tries: Option<i32> = diesel::update(
        staff::table
            .find(id)
            .filter(staff::disabled.eq(false))
            .filter(
                staff::locked_until
                    .is_null()
                    .or(staff::locked_until.le(now)),
            ),
    )
    .set(staff::failed_logins.eq(staff::failed_logins + 1))
    .returning(staff::failed_logins)
    .get_result(conn)
    .optional()?;
    if let Some(wait) = tries.and_then(sign_in_delay) {
        diesel::update(staff::table.find(id))
            .set(staff::locked_until.eq(now + wait))
            .execute(conn)?;
    }
    Ok(tries)
}

/// Gives back a try that turned out right (the password, before its second
/// factor): it no longer counts, and the wait it may have set off is lifted.
/// The account was not waiting when the try was reserved, so a wait now is
/// this try's own, or one set by tries sent beside it.
pub fn give_back_sign_in_try(conn: &mut DbConnection, id: StaffId) -> Result<(), DbError> {
    diesel::update(staff::table.find(id).filter(staff::failed_logins.gt(0)))
        .set(staff::failed_logins.eq(staff::failed_logins - 1))
        .execute(conn)?;
    diesel::update(staff::table.find(id))
        .set(staff::locked_until.eq(None::<NaiveDateTime>))
        .execute(conn)?;
    Ok(())
}

pub fn clear_failed_sign_ins(conn: &mut DbConnection, id: StaffId) -> Result<(), DbError> {
    diesel::update(staff::table.find(id))
        .set((
            staff::failed_logins.eq(0),
            staff::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Forgets the second factor and its recovery codes: the account enrols
/// again at its next sign-in.
pub fn reset_second_factor(conn: &mut DbConnection, id: StaffId) -> Result<(), DbError> {
    diesel::update(staff::table.find(id))
        .set((
            staff::totp_seed.eq(None::<Vec<u8>>),
            staff::totp_confirmed.eq(false),
            staff::totp_last_step.eq(None::<i64>),
        ))
        .execute(conn)?;
    diesel::delete(staff_recovery_codes::table.filter(staff_recovery_codes::staff_id.eq(id)))
        .execute(conn)?;
    Ok(())
}

/// Keeps the seed an enrolment shows until it is confirmed.
pub fn set_pending_seed(
    conn: &mut DbConnection,
    id: StaffId,
    sealed: &[u8],
) -> Result<(), DbError> {
    diesel::update(
        staff::table
            .find(id)
            .filter(staff::totp_confirmed.eq(false)),
    )
    .set(staff::totp_seed.eq(sealed))
    .execute(conn)?;
    Ok(())
}

/// Accepts a code's time step for an enrolled account if it is later than
/// any accepted before, so a code works once.
pub fn accept_totp_step(conn: &mut DbConnection, id: StaffId, step: i64) -> Result<bool, DbError> {
    let updated = diesel::update(
        staff::table
            .find(id)
            .filter(staff::totp_confirmed.eq(true))
            .filter(
                staff::totp_last_step
                    .is_null()
                    .or(staff::totp_last_step.lt(step)),
            ),
    )
    .set(staff::totp_last_step.eq(step))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Confirms a pending second factor with its first code; false if the
/// account is enrolled already (a second enrolment must not replace it).
pub fn confirm_second_factor(
    conn: &mut DbConnection,
    id: StaffId,
    step: i64,
) -> Result<bool, DbError> {
    let updated = diesel::update(
        staff::table
            .find(id)
            .filter(staff::totp_confirmed.eq(false))
            .filter(staff::totp_seed.is_not_null()),
    )
    .set((
        staff::totp_last_step.eq(step),
        staff::totp_confirmed.eq(true),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Replaces the account's recovery codes with these keyed hashes.
pub fn replace_recovery_codes(
    conn: &mut DbConnection,
    id: StaffId,
    hashes: &[String],
) -> Result<(), DbError> {
    diesel::delete(staff_recovery_codes::table.filter(staff_recovery_codes::staff_id.eq(id)))
        .execute(conn)?;
    for hash in hashes {
        diesel::insert_into(staff_recovery_codes::table)
            .values((
                staff_recovery_codes::staff_id.eq(id),
                staff_recovery_codes::code_hash.eq(hash),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Uses up a recovery code; false if it is not this account's or was used.
pub fn use_recovery_code(
    conn: &mut DbConnection,
    id: StaffId,
    hash: &str,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let updated = diesel::update(
        staff_recovery_codes::table
            .filter(staff_recovery_codes::staff_id.eq(id))
            .filter(staff_recovery_codes::code_hash.eq(hash))
            .filter(staff_recovery_codes::used_at.is_null()),
    )
    .set(staff_recovery_codes::used_at.eq(now))
    .execute(conn)?;
    Ok(updated == 1)
}

pub fn unused_recovery_codes(conn: &mut DbConnection, id: StaffId) -> Result<i64, DbError> {
    Ok(staff_recovery_codes::table
        .filter(staff_recovery_codes::staff_id.eq(id))
        .filter(staff_recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)?)
}

/// What a reviewer wants mailed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = staff)]
pub struct Alerts {
    /// A mail for each new held tip, at once.
    #[diesel(column_name = urgent_alerts)]
    pub urgent: bool,
    /// One mail a day with counts.
    #[diesel(column_name = daily_digest)]
    pub digest: bool,
}

pub fn alerts(conn: &mut DbConnection, id: StaffId) -> Result<Alerts, DbError> {
    Ok(staff::table
        .find(id)
        .select(Alerts::as_select())
        .first(conn)?)
}

pub fn set_alerts(conn: &mut DbConnection, id: StaffId, alerts: Alerts) -> Result<(), DbError> {
    diesel::update(staff::table.find(id))
        .set((
            staff::urgent_alerts.eq(alerts.urgent),
            staff::daily_digest.eq(alerts.digest),
        ))
        .execute(conn)?;
    Ok(())
}

/// Which mail a recipient list is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertKind {
    Urgent,
    Digest,
}

/// Active reviewers and admins who asked for this kind of mail.
pub fn alert_recipients(conn: &mut DbConnection, kind: AlertKind) -> Result<Vec<Staff>, DbError> {
    let query = staff::table
        .filter(staff::disabled.eq(false))
        .filter(staff::role.eq_any([Role::Reviewer, Role::Admin]))
        .order(staff::id.asc())
        .select(StaffRow::as_select())
        .into_boxed();
    let query = match kind {
        AlertKind::Urgent => query.filter(staff::urgent_alerts.eq(true)),
        AlertKind::Digest => query.filter(staff::daily_digest.eq(true)),
    };
    let rows: Vec<StaffRow> = query.load(conn)?;
    Ok(rows.into_iter().map(StaffRow::parse).collect())
}

/// The active administrators, who approve rewards.
pub fn active_admins(conn: &mut DbConnection) -> Result<Vec<Staff>, DbError> {
    let rows: Vec<StaffRow> = staff::table
        .filter(staff::disabled.eq(false))
        .filter(staff::role.eq(Role::Admin))
        .order(staff::id.asc())
        .select(StaffRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(StaffRow::parse).collect())
}

/// Whether `id` is an active reviewer or administrator: who may be handed work.
pub fn is_active_reviewer(conn: &mut DbConnection, id: StaffId) -> Result<bool, DbError> {
    let found: i64 = staff::table
        .filter(staff::id.eq(id))
        .filter(staff::disabled.eq(false))
        .filter(staff::role.eq_any([Role::Reviewer, Role::Admin]))
        .count()
        .get_result(conn)?;
    Ok(found == 1)
}
