//! The keys of the vault as stored: the organisation's public key and its
//! wraps, each staff member's wrapped key pair, and the grants of the
//! organisation key. Nothing here is ever stored unwrapped.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{key_grants, org_key, staff_keys, staff_sessions};
use super::{DbConnection, DbError, corrupt};
use crate::domain::ids::StaffId;
use crate::secret::SecretKey;
use crate::vault::{OpeningKey, SealingKey, WrappedKey};

const ORG_ROW: i32 = 1;
/// The purpose and context the pending wrap is sealed under.
const PENDING_PURPOSE: &str = "org-key-pending";
const ORG_CONTEXT: &[u8] = b"org_key";

/// The organisation's public key, made at the first start. Until an
/// administrator takes the private key, it waits under the server key.
/// Runs at start, in the transaction of `Db::write_blocking`.
pub fn ensure_org_key(conn: &mut DbConnection, server: &SecretKey) -> Result<SealingKey, DbError> {
    // Instances starting together on PostgreSQL make one key, not two.
    if let DbConnection::Postgres(pg) = &mut *conn {
        diesel::sql_query("LOCK TABLE org_key IN EXCLUSIVE MODE").execute(pg)?;
    }
    if let Some(public) = org_public(conn)? {
        return Ok(public);
    }
    let org = OpeningKey::generate();
    let pending = org.wrap(&server.derive(PENDING_PURPOSE), ORG_CONTEXT);
    diesel::insert_into(org_key::table)
        .values((
            org_key::id.eq(ORG_ROW),
            org_key::public_key.eq(org.sealing_key().to_bytes().to_vec()),
            org_key::pending_wrap.eq(Some(pending.0)),
        ))
        .execute(conn)?;
    Ok(org.sealing_key())
}

/// The organisation's public key, once made.
pub fn org_public(conn: &mut DbConnection) -> Result<Option<SealingKey>, DbError> {
    let stored: Option<Vec<u8>> = org_key::table
        .find(ORG_ROW)
        .select(org_key::public_key)
        .first(conn)
        .optional()?;
    stored
        .map(|bytes| {
            SealingKey::from_bytes(&bytes).map_err(|_| corrupt("the organisation key".into()))
        })
        .transpose()
}

/// The organisation key while no administrator has taken it: opened with
/// the server key. `None` once taken.
pub fn pending_org_key(
    conn: &mut DbConnection,
    server: &SecretKey,
) -> Result<Option<OpeningKey>, DbError> {
    let pending: Option<Vec<u8>> = org_key::table
        .find(ORG_ROW)
        .select(org_key::pending_wrap)
        .first::<Option<Vec<u8>>>(conn)
        .optional()?
        .flatten();
    pending
        .map(|wrap| {
            OpeningKey::unwrap(
                &WrappedKey(wrap),
                &server.derive(PENDING_PURPOSE),
                ORG_CONTEXT,
            )
            .map_err(|_| corrupt("the pending organisation key".into()))
        })
        .transpose()
}

/// The first administrator takes the organisation key: the server key's
/// wrap goes and the recovery key's comes.
pub fn take_org_key(conn: &mut DbConnection, recovery_wrap: &WrappedKey) -> Result<(), DbError> {
    diesel::update(org_key::table.find(ORG_ROW))
        .set((
            org_key::pending_wrap.eq(None::<Vec<u8>>),
            org_key::recovery_wrap.eq(Some(&recovery_wrap.0)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The organisation key under the recovery key, once an administrator took it.
pub fn recovery_wrap(conn: &mut DbConnection) -> Result<Option<WrappedKey>, DbError> {
    Ok(org_key::table
        .find(ORG_ROW)
        .select(org_key::recovery_wrap)
        .first::<Option<Vec<u8>>>(conn)
        .optional()?
        .flatten()
        .map(WrappedKey))
}

/// A staff member's key pair as stored.
#[derive(Debug, Clone)]
pub struct StaffKey {
    pub public: SealingKey,
    pub wrapped: WrappedKey,
    pub salt: [u8; 16],
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = staff_keys)]
struct StaffKeyRow {
    public_key: Vec<u8>,
    wrapped_secret: Vec<u8>,
    salt: Vec<u8>,
}

/// Stores (or replaces) staff member `id`'s key pair.
pub fn store_staff_key(
    conn: &mut DbConnection,
    id: StaffId,
    key: &StaffKey,
) -> Result<(), DbError> {
    forget_staff_key(conn, id)?;
    diesel::insert_into(staff_keys::table)
        .values((
            staff_keys::staff_id.eq(id),
            staff_keys::public_key.eq(key.public.to_bytes().to_vec()),
            staff_keys::wrapped_secret.eq(&key.wrapped.0),
            staff_keys::salt.eq(key.salt.to_vec()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn staff_key(conn: &mut DbConnection, id: StaffId) -> Result<Option<StaffKey>, DbError> {
    let row: Option<StaffKeyRow> = staff_keys::table
        .find(id)
        .select(StaffKeyRow::as_select())
        .first(conn)
        .optional()?;
    row.map(|row| {
        let broken = || corrupt(format!("the key pair of staff {id}"));
        Ok(StaffKey {
            public: SealingKey::from_bytes(&row.public_key).map_err(|_| broken())?,
            wrapped: WrappedKey(row.wrapped_secret),
            salt: row.salt.try_into().map_err(|_| broken())?,
        })
    })
    .transpose()
}

/// Removes staff member `id`'s key pair and grant: nothing of theirs opens
/// the organisation key any more.
pub fn forget_staff_key(conn: &mut DbConnection, id: StaffId) -> Result<(), DbError> {
    revoke_grant(conn, id)?;
    diesel::delete(staff_keys::table.find(id)).execute(conn)?;
    Ok(())
}

/// A grant of the organisation key to one member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub staff_id: StaffId,
    pub sealed: Vec<u8>,
    /// Who granted it; `None` for the command line before any administrator.
    pub granted_by: Option<StaffId>,
    /// A grant opens nothing until confirmed.
    pub confirmed: bool,
    /// The second administrator who confirmed it, when one had to.
    pub confirmed_by: Option<StaffId>,
    pub granted_at: NaiveDateTime,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = key_grants)]
struct GrantRow {
    staff_id: StaffId,
    sealed_key: Vec<u8>,
    granted_by: Option<StaffId>,
    confirmed: bool,
    confirmed_by: Option<StaffId>,
    granted_at: NaiveDateTime,
}

impl From<GrantRow> for Grant {
    fn from(row: GrantRow) -> Self {
        Grant {
            staff_id: row.staff_id,
            sealed: row.sealed_key,
            granted_by: row.granted_by,
            confirmed: row.confirmed,
            confirmed_by: row.confirmed_by,
            granted_at: row.granted_at,
        }
    }
}

/// Stores (or replaces) a grant; the member's live sessions keep what
/// they hold.
pub fn put_grant(conn: &mut DbConnection, grant: &Grant) -> Result<(), DbError> {
    diesel::delete(key_grants::table.find(grant.staff_id)).execute(conn)?;
    diesel::insert_into(key_grants::table)
        .values((
            key_grants::staff_id.eq(grant.staff_id),
            key_grants::sealed_key.eq(&grant.sealed),
            key_grants::granted_by.eq(grant.granted_by),
            key_grants::confirmed.eq(grant.confirmed),
            key_grants::confirmed_by.eq(grant.confirmed_by),
            key_grants::granted_at.eq(grant.granted_at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn grant(conn: &mut DbConnection, id: StaffId) -> Result<Option<Grant>, DbError> {
    let row: Option<GrantRow> = key_grants::table
        .find(id)
        .select(GrantRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(Grant::from))
}

/// Every grant, for the administrators' page.
pub fn grants(conn: &mut DbConnection) -> Result<Vec<Grant>, DbError> {
    let rows: Vec<GrantRow> = key_grants::table
        .order(key_grants::staff_id.asc())
        .select(GrantRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(Grant::from).collect())
}

/// Confirms staff member `id`'s unconfirmed grant; whether there was one.
pub fn confirm_grant(conn: &mut DbConnection, id: StaffId, by: StaffId) -> Result<bool, DbError> {
    Ok(diesel::update(
        key_grants::table
            .find(id)
            .filter(key_grants::confirmed.eq(false)),
    )
    .set((
        key_grants::confirmed.eq(true),
        key_grants::confirmed_by.eq(Some(by)),
    ))
    .execute(conn)?
        == 1)
}

/// Removes staff member `id`'s grant and the key their live sessions hold;
/// whether there was a grant.
pub fn revoke_grant(conn: &mut DbConnection, id: StaffId) -> Result<bool, DbError> {
    diesel::update(staff_sessions::table.filter(staff_sessions::staff_id.eq(id)))
        .set(staff_sessions::sealed_key.eq(None::<Vec<u8>>))
        .execute(conn)?;
    Ok(diesel::delete(key_grants::table.find(id)).execute(conn)? == 1)
}
