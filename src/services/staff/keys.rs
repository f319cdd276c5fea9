//! Who can open sealed content: each member's key pair (wrapped under
//! their password), the grants of the organisation key, the first
//! administrator's taking of it with the recovery key, and the copy a
//! session holds under its cookie's token.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{Actor, SessionToken, StaffError, StaffService, event, now, subject};
use crate::db::staff;
use crate::db::vault::{self, Grant, StaffKey};
use crate::db::{DbConnection, DbError, audit};
use crate::domain::audit::AuditAction;
use crate::domain::ids::StaffId;
use crate::domain::staff::Role;
use crate::secret::SecretKey;
use crate::vault::{OpeningKey, RecoveryKey, WrappedKey, session_key};

const SESSION_CONTEXT: &[u8] = b"session:org_key";
const RECOVERY_CONTEXT: &[u8] = b"recovery:org_key";

fn staff_key_context(id: StaffId) -> Vec<u8> {
    format!("staff_key:{id}").into_bytes()
}

fn grant_context(id: StaffId) -> Vec<u8> {
    format!("grant:{id}").into_bytes()
}

/// What a password stands for besides its hash: the key that wraps its
/// owner's key pair, and the salt it was derived with.
pub(super) struct PasswordKey {
    pub key: zeroize::Zeroizing<[u8; 32]>,
    pub salt: [u8; 16],
}

/// Gives account `id` a fresh key pair under `password`. Any grant it had
/// goes: a new pair needs a new grant.
pub(super) fn new_key_pair(
    conn: &mut DbConnection,
    id: StaffId,
    password: &PasswordKey,
) -> Result<(), DbError> {
    let pair = OpeningKey::generate();
    let stored = StaffKey {
        public: pair.sealing_key(),
        wrapped: pair.wrap(&password.key, &staff_key_context(id)),
        salt: password.salt,
    };
    vault::store_staff_key(conn, id, &stored)
}

/// Wraps account `id`'s key pair again, from the key of its old password
/// to that of its new one: a password change keeps the pair, so the grant
/// still opens. `false` when the old key does not open it.
pub(super) fn rewrap(
    conn: &mut DbConnection,
    id: StaffId,
    old: &[u8; 32],
    new: &PasswordKey,
) -> Result<bool, DbError> {
    let Some(stored) = vault::staff_key(conn, id)? else {
        return Ok(false);
    };
    let Ok(pair) = OpeningKey::unwrap(&stored.wrapped, old, &staff_key_context(id)) else {
        return Ok(false);
    };
    let rewrapped = StaffKey {
        public: stored.public,
        wrapped: pair.wrap(&new.key, &staff_key_context(id)),
        salt: new.salt,
    };
    // The grant stays: only the wrap of the private half changes.
    diesel::update(crate::db::schema::staff_keys::table.find(id))
        .set((
            crate::db::schema::staff_keys::wrapped_secret.eq(&rewrapped.wrapped.0),
            crate::db::schema::staff_keys::salt.eq(rewrapped.salt.to_vec()),
        ))
        .execute(conn)?;
    Ok(true)
}

/// The organisation key account `id` opens with `password`: its key pair,
/// then its confirmed grant. `None` without either.
pub(super) fn unlock(
    conn: &mut DbConnection,
    id: StaffId,
    password: &[u8; 32],
) -> Result<Option<OpeningKey>, DbError> {
    let Some(stored) = vault::staff_key(conn, id)? else {
        return Ok(None);
    };
    let Ok(pair) = OpeningKey::unwrap(&stored.wrapped, password, &staff_key_context(id)) else {
        return Ok(None);
    };
    Ok(vault::grant(conn, id)?
        .filter(|grant| grant.confirmed)
        .and_then(|grant| OpeningKey::open_grant(&grant.sealed, &pair, &grant_context(id)).ok()))
}

/// Seals `org` to account `member`'s key pair. `false` when it has none
/// (it has never set a password).
pub(super) fn seal_grant(
    conn: &mut DbConnection,
    org: &OpeningKey,
    member: StaffId,
    granted_by: Option<StaffId>,
    confirmed: bool,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let Some(stored) = vault::staff_key(conn, member)? else {
        return Ok(false);
    };
    let grant = Grant {
        staff_id: member,
        sealed: org.grant_to(&stored.public, &grant_context(member)),
        granted_by,
        confirmed,
        confirmed_by: None,
        granted_at: now,
    };
    vault::put_grant(conn, &grant)?;
    Ok(true)
}

/// While no administrator has taken the organisation key, the command
/// line grants it to the accounts it creates (but never to a payout
/// officer).
pub(super) fn grant_from_pending(
    conn: &mut DbConnection,
    server: &SecretKey,
    account: StaffId,
    role: Role,
) -> Result<(), DbError> {
    if role == Role::Payout {
        return Ok(());
    }
    if let Some(org) = vault::pending_org_key(conn, server)? {
        seal_grant(conn, &org, account, None, true, now())?;
    }
    Ok(())
}

/// The first administrator takes the organisation key: it is granted to
/// them, wrapped under a new recovery key, and the server key's wrap goes.
/// `None` when it was taken before.
pub(super) fn take_org_key(
    conn: &mut DbConnection,
    server: &SecretKey,
    admin: StaffId,
) -> Result<Option<RecoveryKey>, DbError> {
    let Some(org) = vault::pending_org_key(conn, server)? else {
        return Ok(None);
    };
    seal_grant(conn, &org, admin, Some(admin), true, now())?;
    let recovery = RecoveryKey::generate();
    vault::take_org_key(conn, &org.wrap(recovery.as_key(), RECOVERY_CONTEXT))?;
    let event = event(
        Actor::Staff(admin),
        AuditAction::OrgKeyTaken,
        subject(admin),
        "",
    );
    audit::append(conn, server, &event, now())?;
    Ok(Some(recovery))
}

/// The organisation key, opened with the recovery key `typed`.
pub fn open_with_recovery(
    conn: &mut DbConnection,
    typed: &RecoveryKey,
) -> Result<Option<OpeningKey>, DbError> {
    let (Some(wrap), Some(public)) = (vault::recovery_wrap(conn)?, vault::org_public(conn)?) else {
        return Ok(None);
    };
    Ok(OpeningKey::unwrap(&wrap, typed.as_key(), RECOVERY_CONTEXT)
        .ok()
        .filter(|org| org.sealing_key() == public))
}

/// Whether `typed` opens the organisation key stored under the recovery key.
pub fn recovery_opens(conn: &mut DbConnection, typed: &RecoveryKey) -> Result<bool, DbError> {
    Ok(open_with_recovery(conn, typed)?.is_some())
}

/// The organisation key as a session under `token` keeps it.
pub fn for_session(org: &OpeningKey, token: &SessionToken) -> WrappedKey {
    org.wrap(&session_key(token.as_str()), SESSION_CONTEXT)
}

/// Opens what [`for_session`] made, with the cookie's token.
pub fn open_session(sealed: &WrappedKey, token: &SessionToken) -> Option<OpeningKey> {
    OpeningKey::unwrap(sealed, &session_key(token.as_str()), SESSION_CONTEXT).ok()
}

/// One account's access to content, for the administrators' page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No key pair yet: the account has not set a password.
    NoKey,
    None,
    /// Granted by `by`, waiting for a second administrator.
    Pending {
        by: Option<StaffId>,
    },
    Granted,
}

/// Why a grant, confirmation or revocation was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessRefusal {
    NotAnAdmin,
    NoSuchAccount,
    /// The acting administrator's session holds no organisation key.
    NoKeyInSession,
    /// Payout officers never read content; disabled accounts get nothing.
    NotEligible,
    /// The account has no key pair yet (it has not set a password).
    NoKeyPair,
    /// A confirmation needs an administrator other than the granter and
    /// the account itself.
    SecondAdminNeeded,
    NothingToConfirm,
    NoGrant,
}

impl super::admin::AdminGate for AccessRefusal {
    const NOT_AN_ADMIN: Self = AccessRefusal::NotAnAdmin;
    const NO_SUCH_ACCOUNT: Self = AccessRefusal::NoSuchAccount;
}

impl AccessRefusal {
    pub fn message_key(self) -> &'static str {
        match self {
            AccessRefusal::NotAnAdmin => "staff-error-forbidden-body",
            AccessRefusal::NoSuchAccount => "staff-admin-no-such-account",
            AccessRefusal::NoKeyInSession => "staff-access-no-key-in-session",
            AccessRefusal::NotEligible => "staff-access-not-eligible",
            AccessRefusal::NoKeyPair => "staff-access-no-key-pair",
            AccessRefusal::SecondAdminNeeded => "staff-admin-second-admin-needed",
            AccessRefusal::NothingToConfirm => "staff-access-nothing-to-confirm",
            AccessRefusal::NoGrant => "staff-access-no-grant",
        }
    }
}

/// What a grant did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantOutcome {
    Granted,
    /// Two administrators are active: a second one confirms it.
    AwaitingConfirmation,
}

impl StaffService {
    /// A fresh salt and the key `password` derives with it.
    pub(super) async fn new_password_key(&self, password: &str) -> Result<PasswordKey, StaffError> {
        let mut salt = [0u8; 16];
        rand::fill(&mut salt);
        self.password_key(password, salt).await
    }

    pub(super) async fn password_key(
        &self,
        password: &str,
        salt: [u8; 16],
    ) -> Result<PasswordKey, StaffError> {
        let key = self.hasher.derive_key(password.to_owned(), salt).await?;
        Ok(PasswordKey {
            key: zeroize::Zeroizing::new(key),
            salt,
        })
    }

    /// Each account's access, for the administrators' page.
    pub async fn access(&self) -> Result<Vec<(StaffId, Access)>, StaffError> {
        Ok(self
            .db
            .read(|conn| {
                let grants = vault::grants(conn)?;
                let mut all = Vec::new();
                for account in staff::list(conn)? {
                    let grant = grants.iter().find(|grant| grant.staff_id == account.id);
                    let access = match grant {
                        Some(grant) if grant.confirmed => Access::Granted,
                        Some(grant) => Access::Pending {
                            by: grant.granted_by,
                        },
                        None if vault::staff_key(conn, account.id)?.is_some() => Access::None,
                        None => Access::NoKey,
                    };
                    all.push((account.id, access));
                }
                Ok(all)
            })
            .await?)
    }

    /// Grants the organisation key, which administrator `admin`'s session
    /// holds as `org`, to account `member`. Once two administrators are
    /// active it waits for a second one's confirmation.
    pub async fn grant_access(
        &self,
        admin: StaffId,
        org: Option<OpeningKey>,
        member: StaffId,
    ) -> Result<Result<GrantOutcome, AccessRefusal>, StaffError> {
        self.admin_change(admin, member, move |conn, account| {
            let Some(org) = org else {
                return Ok(Err(AccessRefusal::NoKeyInSession));
            };
            if account.role == Role::Payout || account.disabled {
                return Ok(Err(AccessRefusal::NotEligible));
            }
            // Nobody grants themselves: an administrator without access
            // asks another.
            if member == admin {
                return Ok(Err(AccessRefusal::SecondAdminNeeded));
            }
            // Once two administrators besides the member are active, a
            // second one confirms: no administrator alone opens the tips
            // to someone new.
            let others = staff::count_active_admins(conn)?
                - i64::from(account.role == Role::Admin && !account.disabled);
            let confirmed = others < 2;
            if !seal_grant(conn, &org, member, Some(admin), confirmed, now())? {
                return Ok(Err(AccessRefusal::NoKeyPair));
            }
            let outcome = if confirmed {
                GrantOutcome::Granted
            } else {
                GrantOutcome::AwaitingConfirmation
            };
            Ok(Ok((AuditAction::AccessGranted, String::new(), outcome)))
        })
        .await
    }

    /// Confirms a grant waiting for a second administrator: `admin` must be
    /// neither its granter nor the account itself.
    pub async fn confirm_access(
        &self,
        admin: StaffId,
        member: StaffId,
    ) -> Result<Result<(), AccessRefusal>, StaffError> {
        self.admin_change(admin, member, move |conn, account| {
            let Some(grant) = vault::grant(conn, account.id)?.filter(|grant| !grant.confirmed)
            else {
                return Ok(Err(AccessRefusal::NothingToConfirm));
            };
            if grant.granted_by == Some(admin) || account.id == admin {
                return Ok(Err(AccessRefusal::SecondAdminNeeded));
            }
            vault::confirm_grant(conn, account.id, admin)?;
            Ok(Ok((AuditAction::AccessConfirmed, String::new(), ())))
        })
        .await
    }

    /// Takes account `member`'s access away, from its live sessions too.
    pub async fn revoke_access(
        &self,
        admin: StaffId,
        member: StaffId,
    ) -> Result<Result<(), AccessRefusal>, StaffError> {
        self.admin_change(admin, member, move |conn, account| {
            if !vault::revoke_grant(conn, account.id)? {
                return Ok(Err(AccessRefusal::NoGrant));
            }
            Ok(Ok((AuditAction::AccessRevoked, String::new(), ())))
        })
        .await
    }
}
