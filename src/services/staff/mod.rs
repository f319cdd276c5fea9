//! Staff accounts as a service: creating them, one-time links, signing in
//! with a password and a second factor, and the administrators' changes.
//! Each change runs in one transaction with its audit row. Shared by the
//! web pages and the command line.

mod admin;
mod device;
mod keys;
mod links;
mod sign_in;
mod token;

use crate::db::staff::{self, EmailTaken, NewStaff};
use crate::db::{Db, DbError, audit, sessions};
use crate::domain::audit::AuditAction;
use crate::domain::ids::StaffId;
use crate::domain::staff::{NewPassword, Role, StaffEmail, StaffName};
use crate::hashing::{HashError, Hasher};
use crate::i18n::Lang;
use crate::secret::SecretKey;

pub use admin::{AdminRefusal, RoleChange};
pub use device::DeviceToken;
pub use keys::{
    Access, AccessRefusal, GrantOutcome, open_session, open_with_recovery, recovery_opens,
};
pub use links::LinkOutcome;
pub(crate) use sign_in::summarise_unknown_address_failures;
pub use sign_in::{EnrolStep, Enrolment, PasswordStep, SecondFactorStep};
pub use token::SessionToken;

use super::common::{Actor, event, now, staff_subject as subject};

/// What went wrong underneath an account operation.
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error(transparent)]
    Hashing(#[from] HashError),
}

/// The account operations, with what they need.
#[derive(Clone, Debug)]
pub struct StaffService {
    db: Db,
    key: SecretKey,
    hasher: Hasher,
}

/// A new account's details.
#[derive(Clone, Debug)]
pub struct NewAccount {
    pub email: StaffEmail,
    pub name: StaffName,
    pub role: Role,
    pub language: Lang,
}

impl StaffService {
    pub fn new(db: Db, key: SecretKey, hasher: Hasher) -> Self {
        StaffService { db, key, hasher }
    }

    /// Creates an account, with its password when one is given (the first
    /// administrator) or without (an invitation sets it later).
    pub async fn create(
        &self,
        actor: Actor,
        account: NewAccount,
        password: Option<NewPassword>,
    ) -> Result<Result<StaffId, EmailTaken>, StaffError> {
        let (password_hash, password_key) = match password {
            Some(password) => (
                Some(self.hasher.hash(password.expose().to_owned()).await?),
                Some(self.new_password_key(password.expose()).await?),
            ),
            None => (None, None),
        };
        let key = self.key.clone();
        let created = self
            .db
            .write(move |conn| {
                let new = NewStaff {
                    email: &account.email,
                    name: account.name.as_str(),
                    role: account.role,
                    language: account.language,
                    password_hash: password_hash.as_deref(),
                };
                let now = now();
                let id = match staff::create(conn, &new, now)? {
                    Ok(id) => id,
                    Err(taken) => return Ok(Err(taken)),
                };
                if let Some(password_key) = &password_key {
                    keys::new_key_pair(conn, id, password_key)?;
                    keys::grant_from_pending(conn, &key, id, account.role)?;
                }
                let detail = format!("role {}", account.role.as_str());
                audit::append(
                    conn,
                    &key,
                    &event(actor, AuditAction::StaffCreated, subject(id), detail),
                    now,
                )?;
                Ok(Ok(id))
            })
            .await?;
        Ok(created)
    }

    /// The first administrator takes the organisation key (see
    /// [`keys::take_org_key`]); the recovery key is shown once. `None` when
    /// an administrator took it before.
    pub async fn take_org_key(
        &self,
        admin: StaffId,
    ) -> Result<Option<crate::vault::RecoveryKey>, StaffError> {
        let key = self.key.clone();
        Ok(self
            .db
            .write(move |conn| keys::take_org_key(conn, &key, admin))
            .await?)
    }

    /// Changes signed-in account `id`'s password, given its current one.
    /// Its key pair is wrapped again under the new password, so its access
    /// to content stays. Its other sessions end, the one of `token` stays:
    /// a password is changed when someone else may know it. `false` (and
    /// an audit row) when the current password is wrong.
    pub async fn change_password(
        &self,
        id: StaffId,
        token: &SessionToken,
        current: String,
        new: NewPassword,
    ) -> Result<bool, StaffError> {
        let this_session = token.hash(&self.key);
        let found = self
            .db
            .read(move |conn| {
                let salt = crate::db::vault::staff_key(conn, id)?.map(|stored| stored.salt);
                Ok(staff::find(conn, id)?.map(|account| (account, salt)))
            })
            .await?;
        let Some((account, salt)) = found else {
            return Ok(false);
        };
        let right = self
            .hasher
            .verify(current.clone(), account.password_hash.clone())
            .await?;
        let key = self.key.clone();
        if !right {
            self.db
                .write(move |conn| {
                    let refused = event(
                        Actor::Staff(id),
                        AuditAction::SignInFailed,
                        subject(id),
                        "wrong current password at a change",
                    );
                    audit::append(conn, &key, &refused, now())
                })
                .await?;
            return Ok(false);
        }
        let old = match salt {
            Some(salt) => Some(self.password_key(&current, salt).await?),
            None => None,
        };
        let hash = self.hasher.hash(new.expose().to_owned()).await?;
        let fresh = self.new_password_key(new.expose()).await?;
        self.db
            .write(move |conn| {
                let kept = match &old {
                    Some(old) => keys::rewrap(conn, id, &old.key, &fresh)?,
                    None => false,
                };
                if !kept {
                    keys::new_key_pair(conn, id, &fresh)?;
                }
                staff::set_password(conn, id, &hash)?;
                let ended = sessions::end_others_for(conn, id, &this_session)?;
                let changed = event(
                    Actor::Staff(id),
                    AuditAction::PasswordSet,
                    subject(id),
                    format!("changed; other sessions ended: {ended}"),
                );
                audit::append(conn, &key, &changed, now())?;
                Ok(())
            })
            .await?;
        Ok(true)
    }

    /// Whether any staff account exists yet.
    pub async fn any_staff(&self) -> Result<bool, StaffError> {
        Ok(self.db.read(staff::count).await? > 0)
    }
}
