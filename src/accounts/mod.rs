//! Staff accounts as a service: creating them, one-time links, signing in
//! with a password and a second factor, and the administrators' changes.
//! Each change runs in one transaction with its audit row. Shared by the
//! web pages and the command line.

mod admin;
mod links;
mod sign_in;
mod token;

use chrono::NaiveDateTime;

use crate::db::staff::{self, EmailTaken, NewStaff};
use crate::db::{Db, DbError, audit};
use crate::domain::audit::{AuditAction, AuditEvent};
use crate::domain::ids::StaffId;
use crate::domain::staff::{NewPassword, Role, StaffEmail, StaffName};
use crate::hashing::{HashError, Hasher};
use crate::i18n::Lang;
use crate::secret::SecretKey;

pub use admin::AdminRefusal;
pub use links::LinkOutcome;
pub use sign_in::{EnrolStep, Enrolment, PasswordStep, SecondFactorStep};
pub use token::SessionToken;

/// What went wrong underneath an account operation.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error(transparent)]
    Hashing(#[from] HashError),
}

/// Who did something, as the audit log names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Staff(StaffId),
    /// Whoever opened the one-time set-up link.
    SetupLink,
    CommandLine,
    /// The server itself (scheduled jobs).
    System,
    /// A sign-in attempt for no known account.
    Unknown,
}

impl Actor {
    pub fn name(self) -> String {
        match self {
            Actor::Staff(id) => subject(id),
            Actor::SetupLink => "setup-link".into(),
            Actor::CommandLine => "command-line".into(),
            Actor::System => "system".into(),
            Actor::Unknown => "unknown".into(),
        }
    }
}

/// How a staff account is named as an audit subject.
pub fn subject(staff_id: StaffId) -> String {
    format!("staff:{staff_id}")
}

pub(crate) fn event(
    actor: Actor,
    action: AuditAction,
    subject: String,
    detail: impl Into<String>,
) -> AuditEvent {
    AuditEvent {
        actor: actor.name(),
        action,
        subject,
        detail: detail.into(),
    }
}

pub(crate) fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// The account operations, with what they need.
#[derive(Clone, Debug)]
pub struct Accounts {
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

impl Accounts {
    pub fn new(db: Db, key: SecretKey, hasher: Hasher) -> Self {
        Accounts { db, key, hasher }
    }

    /// Creates an account, with its password when one is given (the first
    /// administrator) or without (an invitation sets it later).
    pub async fn create(
        &self,
        actor: Actor,
        account: NewAccount,
        password: Option<NewPassword>,
    ) -> Result<Result<StaffId, EmailTaken>, AccountError> {
        let password_hash = match password {
            Some(password) => Some(self.hasher.hash(password.expose().to_owned()).await?),
            None => None,
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

    /// Whether any staff account exists yet.
    pub async fn any_staff(&self) -> Result<bool, AccountError> {
        Ok(self.db.read(staff::count).await? > 0)
    }
}
