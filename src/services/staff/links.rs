//! One-time links: the first set-up, invitations and password resets.

use chrono::TimeDelta;

use super::admin::needs_second_admin;
use super::{Actor, NewAccount, SessionToken, StaffError, StaffService, event, keys, now, subject};
use crate::db::links::{self, Link, LinkPurpose};
use crate::db::staff::{self, EmailTaken, NewStaff, Staff};
use crate::db::{admin_proposals, audit, sessions};
use crate::domain::audit::AuditAction;
use crate::domain::ids::StaffId;
use crate::domain::staff::{NewPassword, Role, StaffEmail};
use crate::vault::RecoveryKey;

/// How long each kind of link lives.
const SETUP_LINK_LIFE: TimeDelta = TimeDelta::hours(1);
const INVITE_LINK_LIFE: TimeDelta = TimeDelta::hours(48);
const RESET_LINK_LIFE: TimeDelta = TimeDelta::hours(2);
/// "Forgot password" sends at most one link per account in this time.
const RESET_REQUEST_GAP: TimeDelta = TimeDelta::minutes(15);

/// What using a link did.
#[derive(Debug)]
pub enum LinkOutcome {
    /// The password is set: the account may sign in.
    PasswordSet,
    /// The first administrator exists and holds the organisation key; the
    /// recovery key is shown this once.
    AdministratorCreated(RecoveryKey),
    /// The set-up link would create an account under an address in use.
    EmailTaken,
    /// The link is unknown, used, expired, or (set-up) staff exist already.
    Dead,
}

impl StaffService {
    async fn new_link(
        &self,
        purpose: LinkPurpose,
        staff_id: Option<StaffId>,
        life: TimeDelta,
    ) -> Result<SessionToken, StaffError> {
        let token = SessionToken::generate();
        let hash = token.hash(&self.key);
        self.db
            .write(move |conn| links::create(conn, &hash, purpose, staff_id, now() + life))
            .await?;
        Ok(token)
    }

    /// A link that lets the first person create the administrator account,
    /// valid for an hour, once.
    pub async fn issue_setup_link(&self) -> Result<SessionToken, StaffError> {
        self.new_link(LinkPurpose::Setup, None, SETUP_LINK_LIFE)
            .await
    }

    /// Creates an account without a password and a 48-hour link to set one.
    pub async fn invite(
        &self,
        admin: StaffId,
        account: NewAccount,
    ) -> Result<Result<(StaffId, SessionToken), EmailTaken>, StaffError> {
        let token = SessionToken::generate();
        let hash = token.hash(&self.key);
        let key = self.key.clone();
        let invited = self
            .db
            .write(move |conn| {
                let now = now();
                // Invited as an administrator while two are active: invited
                // as a reviewer, and proposed for a second to confirm.
                let proposed = account.role == Role::Admin && needs_second_admin(conn)?;
                let role = if proposed {
                    Role::Reviewer
                } else {
                    account.role
                };
                let new = NewStaff {
                    email: &account.email,
                    name: account.name.as_str(),
                    role,
                    language: account.language,
                    password_hash: None,
                };
                let id = match staff::create(conn, &new, now)? {
                    Ok(id) => id,
                    Err(taken) => return Ok(Err(taken)),
                };
                links::create(
                    conn,
                    &hash,
                    LinkPurpose::Invite,
                    Some(id),
                    now + INVITE_LINK_LIFE,
                )?;
                if proposed {
                    admin_proposals::propose(conn, id, admin, now)?;
                }
                let detail = if proposed {
                    "role reviewer, admin proposed".to_owned()
                } else {
                    format!("role {}", role.as_str())
                };
                audit::append(
                    conn,
                    &key,
                    &event(
                        Actor::Staff(admin),
                        AuditAction::StaffInvited,
                        subject(id),
                        detail,
                    ),
                    now,
                )?;
                Ok(Ok(id))
            })
            .await?;
        Ok(invited.map(|id| (id, token)))
    }

    /// A two-hour link to set a new password, for an active account.
    pub async fn issue_reset(
        &self,
        actor: Actor,
        staff_id: StaffId,
    ) -> Result<SessionToken, StaffError> {
        let token = SessionToken::generate();
        let hash = token.hash(&self.key);
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                let now = now();
                links::create(
                    conn,
                    &hash,
                    LinkPurpose::Reset,
                    Some(staff_id),
                    now + RESET_LINK_LIFE,
                )?;
                audit::append(
                    conn,
                    &key,
                    &event(actor, AuditAction::PasswordResetSent, subject(staff_id), ""),
                    now,
                )
            })
            .await?;
        Ok(token)
    }

    /// "Forgot password": the account and a reset link, if the address
    /// belongs to an active account; `None` otherwise, and the caller must
    /// answer the same either way.
    pub async fn request_reset(
        &self,
        email: &StaffEmail,
    ) -> Result<Option<(Staff, SessionToken)>, StaffError> {
        let email = email.clone();
        let found = self
            .db
            .read(move |conn| staff::find_by_email(conn, &email))
            .await?;
        let Some(account) = found.filter(|account| !account.disabled) else {
            return Ok(None);
        };
        // One link per quarter hour is enough, however often someone asks;
        // and whoever asked is not known to be the account holder.
        let id = account.id;
        let issued_after = now() - RESET_REQUEST_GAP + RESET_LINK_LIFE;
        let recent = self
            .db
            .read(move |conn| links::issued_since(conn, id, LinkPurpose::Reset, issued_after))
            .await?;
        if recent {
            return Ok(None);
        }
        let token = self.issue_reset(Actor::Unknown, account.id).await?;
        Ok(Some((account, token)))
    }

    /// The live link behind `token`, and its account if it has one.
    pub async fn open_link(
        &self,
        token: &SessionToken,
    ) -> Result<Option<(Link, Option<Staff>)>, StaffError> {
        let hash = token.hash(&self.key);
        Ok(self
            .db
            .read(move |conn| {
                let now = now();
                let Some(link) = links::find_live(conn, &hash, now)? else {
                    return Ok(None);
                };
                if link.purpose == LinkPurpose::Setup && staff::count(conn)? > 0 {
                    return Ok(None);
                }
                let account = match link.staff_id {
                    Some(id) => staff::find(conn, id)?.filter(|account| !account.disabled),
                    None => None,
                };
                if link.staff_id.is_some() && account.is_none() {
                    return Ok(None);
                }
                Ok(Some((link, account)))
            })
            .await?)
    }

    /// Uses a set-up link: creates the first administrator.
    pub async fn complete_setup(
        &self,
        token: &SessionToken,
        account: NewAccount,
        password: NewPassword,
    ) -> Result<LinkOutcome, StaffError> {
        let hash = self.hasher.hash(password.expose().to_owned()).await?;
        let password_key = self.new_password_key(password.expose()).await?;
        let link_hash = token.hash(&self.key);
        let key = self.key.clone();
        Ok(self
            .db
            .write(move |conn| {
                let now = now();
                let live = links::find_live(conn, &link_hash, now)?;
                if live.map(|link| link.purpose) != Some(LinkPurpose::Setup)
                    || staff::count(conn)? > 0
                    || !links::use_up(conn, &link_hash, now)?
                {
                    return Ok(LinkOutcome::Dead);
                }
                let new = NewStaff {
                    email: &account.email,
                    name: account.name.as_str(),
                    role: Role::Admin,
                    language: account.language,
                    password_hash: Some(&hash),
                };
                let Ok(id) = staff::create(conn, &new, now)? else {
                    return Ok(LinkOutcome::EmailTaken);
                };
                audit::append(
                    conn,
                    &key,
                    &event(
                        Actor::SetupLink,
                        AuditAction::StaffCreated,
                        subject(id),
                        "role admin",
                    ),
                    now,
                )?;
                keys::new_key_pair(conn, id, &password_key)?;
                Ok(match keys::take_org_key(conn, &key, id)? {
                    Some(recovery) => LinkOutcome::AdministratorCreated(recovery),
                    None => LinkOutcome::PasswordSet,
                })
            })
            .await?)
    }

    /// Uses an invitation or reset link: sets the password and ends the
    /// account's sessions.
    pub async fn set_password_by_link(
        &self,
        token: &SessionToken,
        password: NewPassword,
    ) -> Result<LinkOutcome, StaffError> {
        let hash = self.hasher.hash(password.expose().to_owned()).await?;
        let password_key = self.new_password_key(password.expose()).await?;
        let link_hash = token.hash(&self.key);
        let key = self.key.clone();
        Ok(self
            .db
            .write(move |conn| {
                let now = now();
                let Some(Link {
                    purpose: LinkPurpose::Invite | LinkPurpose::Reset,
                    staff_id: Some(id),
                }) = links::find_live(conn, &link_hash, now)?
                else {
                    return Ok(LinkOutcome::Dead);
                };
                let active = staff::find(conn, id)?.is_some_and(|account| !account.disabled);
                if !active || !links::use_up(conn, &link_hash, now)? {
                    return Ok(LinkOutcome::Dead);
                }
                staff::set_password(conn, id, &hash)?;
                // A reset makes a new key pair, which an administrator
                // grants access again.
                keys::new_key_pair(conn, id, &password_key)?;
                // Every other link of the account dies with this one.
                links::revoke_for(conn, id, now)?;
                sessions::end_all_for(conn, id)?;
                audit::append(
                    conn,
                    &key,
                    &event(Actor::Staff(id), AuditAction::PasswordSet, subject(id), ""),
                    now,
                )?;
                Ok(LinkOutcome::PasswordSet)
            })
            .await?)
    }
}
