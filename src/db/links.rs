//! One-time links: the first set-up, invitations and password resets. Only
//! a SHA-256 of the link's token is stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::staff_links;
use super::{DbConnection, DbError};
use crate::domain::ids::StaffId;

/// What a one-time link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Creates the first administrator.
    Setup,
    /// Lets an invited account set its password.
    Invite,
    /// Lets an account set a new password.
    Reset,
}

impl LinkPurpose {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::Setup => "setup",
            LinkPurpose::Invite => "invite",
            LinkPurpose::Reset => "reset",
        }
    }

    pub(super) fn parse(text: &str) -> Option<Self> {
        [LinkPurpose::Setup, LinkPurpose::Invite, LinkPurpose::Reset]
            .into_iter()
            .find(|purpose| purpose.as_str() == text)
    }
}

/// A link that can still be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = staff_links)]
pub struct Link {
    pub purpose: LinkPurpose,
    pub staff_id: Option<StaffId>,
}

pub fn create(
    conn: &mut DbConnection,
    token_hash: &str,
    purpose: LinkPurpose,
    staff_id: Option<StaffId>,
    expires_at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(staff_links::table)
        .values((
            staff_links::token_hash.eq(token_hash),
            staff_links::purpose.eq(purpose),
            staff_links::staff_id.eq(staff_id),
            staff_links::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The link, if it exists, is unused and has not expired.
pub fn find_live(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<Option<Link>, DbError> {
    Ok(staff_links::table
        .find(token_hash)
        .filter(staff_links::used_at.is_null())
        .filter(staff_links::expires_at.gt(now))
        .select(Link::as_select())
        .first(conn)
        .optional()?)
}

/// Uses the link up; false if another request used it first.
pub fn use_up(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let updated = diesel::update(
        staff_links::table
            .find(token_hash)
            .filter(staff_links::used_at.is_null())
            .filter(staff_links::expires_at.gt(now)),
    )
    .set(staff_links::used_at.eq(now))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Whether the account has an unused link for `purpose` expiring after
/// `expiring_after` (links live a fixed time, so: issued recently).
pub fn issued_since(
    conn: &mut DbConnection,
    staff_id: StaffId,
    purpose: LinkPurpose,
    expiring_after: NaiveDateTime,
) -> Result<bool, DbError> {
    let count: i64 = staff_links::table
        .filter(staff_links::staff_id.eq(staff_id))
        .filter(staff_links::purpose.eq(purpose))
        .filter(staff_links::used_at.is_null())
        .filter(staff_links::expires_at.gt(expiring_after))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// Kills every unused link of an account (e.g. when it is disabled).
pub fn revoke_for(
    conn: &mut DbConnection,
    staff_id: StaffId,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(
        staff_links::table
            .filter(staff_links::staff_id.eq(staff_id))
            .filter(staff_links::used_at.is_null()),
    )
    .set(staff_links::used_at.eq(now))
    .execute(conn)?;
    Ok(())
}
