//! What administrators change about accounts, each change with its audit
//! row in the same transaction.

use super::{Actor, StaffError, StaffService, event, now, subject};
use crate::db::staff::{self, Alerts, Staff};
use crate::db::{DbConnection, DbError, admin_proposals, audit, links, sessions, vault};
use crate::domain::audit::AuditAction;
use crate::domain::ids::StaffId;
use crate::domain::staff::Role;
use crate::i18n::Lang;

/// Why an administrator's change was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminRefusal {
    NoSuchAccount,
    /// The acting account is no longer an active administrator.
    NotAnAdmin,
    /// It would leave no active administrator.
    LastAdmin,
    /// Confirming a proposal needs an administrator other than the one
    /// who proposed it and the account itself.
    SecondAdminNeeded,
    /// The account is not proposed as an administrator.
    NoProposal,
}

/// What a change of role did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleChange {
    Done,
    /// Making an administrator while two are active waits for a second.
    Proposed,
}

impl AdminRefusal {
    pub fn message_key(self) -> &'static str {
        match self {
            AdminRefusal::NoSuchAccount => "staff-admin-no-such-account",
            AdminRefusal::NotAnAdmin => "staff-error-forbidden-body",
            AdminRefusal::LastAdmin => "staff-admin-last-admin",
            AdminRefusal::SecondAdminNeeded => "staff-admin-second-admin-needed",
            AdminRefusal::NoProposal => "staff-admin-no-proposal",
        }
    }
}

/// The refusals every administrator's change shares: the actor is no longer
/// an active administrator, or the account does not exist.
pub(super) trait AdminGate {
    const NOT_AN_ADMIN: Self;
    const NO_SUCH_ACCOUNT: Self;
}

impl AdminGate for AdminRefusal {
    const NOT_AN_ADMIN: Self = AdminRefusal::NotAnAdmin;
    const NO_SUCH_ACCOUNT: Self = AdminRefusal::NoSuchAccount;
}

/// Whether making an administrator needs a second one's confirmation:
/// once two are active, one alone cannot make more.
pub(super) fn needs_second_admin(conn: &mut DbConnection) -> Result<bool, DbError> {
    Ok(staff::count_active_admins(conn)? >= 2)
}

/// Whether taking `account` out of the active administrators leaves none.
fn is_last_active_admin(conn: &mut DbConnection, account: &Staff) -> Result<bool, DbError> {
    Ok(account.role == Role::Admin && !account.disabled && staff::count_active_admins(conn)? <= 1)
}

impl StaffService {
    /// Runs `change` on the account `id` with its audit row, unless it does
    /// not exist or `refuse` objects.
    pub(super) async fn admin_change<F, T, R>(
        &self,
        admin: StaffId,
        id: StaffId,
        change: F,
    ) -> Result<Result<T, R>, StaffError>
    where
        F: FnOnce(
                &mut DbConnection,
                &Staff,
            ) -> Result<Result<(AuditAction, String, T), R>, DbError>
            + Send
            + 'static,
        T: Send + 'static,
        R: AdminGate + Send + 'static,
    {
        let key = self.key.clone();
        Ok(self
            .db
            .write(move |conn| {
                // One administrator change at a time (two admins demoting
                // each other at once would leave none), and the actor must
                // still be an active administrator now.
                audit::hold_chain(conn)?;
                let acting = staff::find(conn, admin)?;
                if !acting.is_some_and(|acting| acting.role == Role::Admin && !acting.disabled) {
                    return Ok(Err(R::NOT_AN_ADMIN));
                }
                let Some(account) = staff::find(conn, id)? else {
                    return Ok(Err(R::NO_SUCH_ACCOUNT));
                };
                let (action, detail, outcome) = match change(conn, &account)? {
                    Ok(done) => done,
                    Err(refusal) => return Ok(Err(refusal)),
                };
                audit::append(
                    conn,
                    &key,
                    &event(Actor::Staff(admin), action, subject(id), detail),
                    now(),
                )?;
                Ok(Ok(outcome))
            })
            .await?)
    }

    /// Gives account `id` another role. Making an administrator while two
    /// or more are active is only proposed: a second administrator
    /// confirms it ([`StaffService::confirm_admin`]).
    pub async fn change_role(
        &self,
        admin: StaffId,
        id: StaffId,
        role: Role,
    ) -> Result<Result<RoleChange, AdminRefusal>, StaffError> {
        self.admin_change(admin, id, move |conn, account| {
            if role != Role::Admin && is_last_active_admin(conn, account)? {
                return Ok(Err(AdminRefusal::LastAdmin));
            }
            let becomes_admin = role == Role::Admin && account.role != Role::Admin;
            if becomes_admin && needs_second_admin(conn)? {
                admin_proposals::propose(conn, account.id, admin, now())?;
                let detail = format!("{} -> admin proposed", account.role.as_str());
                return Ok(Ok((
                    AuditAction::StaffRoleChanged,
                    detail,
                    RoleChange::Proposed,
                )));
            }
            admin_proposals::withdraw(conn, account.id)?;
            staff::set_role(conn, account.id, role)?;
            // The payout role never holds the organisation key.
            if role == Role::Payout {
                vault::revoke_grant(conn, account.id)?;
            }
            // A new role takes effect at once: the old sessions carried the old one.
            sessions::end_all_for(conn, account.id)?;
            let detail = format!("{} -> {}", account.role.as_str(), role.as_str());
            Ok(Ok((
                AuditAction::StaffRoleChanged,
                detail,
                RoleChange::Done,
            )))
        })
        .await
    }

    /// Confirms the proposal to make `id` an administrator: `admin` must be
    /// neither its proposer nor the account itself.
    pub async fn confirm_admin(
        &self,
        admin: StaffId,
        id: StaffId,
    ) -> Result<Result<(), AdminRefusal>, StaffError> {
        self.admin_change(admin, id, move |conn, account| {
            let Some(proposer) = admin_proposals::proposer_of(conn, account.id)? else {
                return Ok(Err(AdminRefusal::NoProposal));
            };
            if proposer == admin || account.id == admin {
                return Ok(Err(AdminRefusal::SecondAdminNeeded));
            }
            admin_proposals::withdraw(conn, account.id)?;
            staff::set_role(conn, account.id, Role::Admin)?;
            sessions::end_all_for(conn, account.id)?;
            let detail = format!(
                "{} -> admin confirmed, proposed by staff:{}",
                account.role.as_str(),
                proposer.0
            );
            Ok(Ok((AuditAction::StaffRoleChanged, detail, ())))
        })
        .await
    }

    /// Withdraws the proposal to make `id` an administrator; any
    /// administrator may.
    pub async fn withdraw_admin_proposal(
        &self,
        admin: StaffId,
        id: StaffId,
    ) -> Result<Result<(), AdminRefusal>, StaffError> {
        self.admin_change(admin, id, move |conn, account| {
            if !admin_proposals::withdraw(conn, account.id)? {
                return Ok(Err(AdminRefusal::NoProposal));
            }
            let detail = "admin proposal withdrawn".to_owned();
            Ok(Ok((AuditAction::StaffRoleChanged, detail, ())))
        })
        .await
    }

    /// The open proposals: each proposed account and who proposed it.
    pub async fn admin_proposals(&self) -> Result<Vec<(StaffId, StaffId)>, StaffError> {
        Ok(self.db.read(admin_proposals::all).await?)
    }

    /// Disables (its sessions and links end at once) or enables an account.
    pub async fn set_disabled(
        &self,
        admin: StaffId,
        id: StaffId,
        disabled: bool,
    ) -> Result<Result<(), AdminRefusal>, StaffError> {
        self.admin_change(admin, id, move |conn, account| {
            if disabled {
                if is_last_active_admin(conn, account)? {
                    return Ok(Err(AdminRefusal::LastAdmin));
                }
                staff::set_disabled(conn, account.id, true)?;
                // A disabled account keeps no way to the organisation key.
                vault::revoke_grant(conn, account.id)?;
                sessions::end_all_for(conn, account.id)?;
                links::revoke_for(conn, account.id, now())?;
                Ok(Ok((AuditAction::StaffDisabled, String::new(), ())))
            } else {
                staff::set_disabled(conn, account.id, false)?;
                Ok(Ok((AuditAction::StaffEnabled, String::new(), ())))
            }
        })
        .await
    }

    /// Forgets a lost second factor: the account enrols again at its next
    /// sign-in. Its sessions end.
    pub async fn reset_second_factor(
        &self,
        admin: StaffId,
        id: StaffId,
    ) -> Result<Result<(), AdminRefusal>, StaffError> {
        self.admin_change(admin, id, |conn, account| {
            staff::reset_second_factor(conn, account.id)?;
            sessions::end_all_for(conn, account.id)?;
            Ok(Ok((AuditAction::SecondFactorReset, String::new(), ())))
        })
        .await
    }

    pub async fn end_sessions(
        &self,
        admin: StaffId,
        id: StaffId,
    ) -> Result<Result<(), AdminRefusal>, StaffError> {
        self.admin_change(admin, id, |conn, account| {
            let ended = sessions::end_all_for(conn, account.id)?;
            Ok(Ok((
                AuditAction::SessionsEnded,
                format!("{ended} sessions"),
                (),
            )))
        })
        .await
    }

    /// A staff member's own choice of language for staff pages and mails.
    pub async fn set_language(&self, id: StaffId, language: Lang) -> Result<(), StaffError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                staff::set_language(conn, id, language)?;
                let event = event(
                    Actor::Staff(id),
                    AuditAction::LanguageChanged,
                    subject(id),
                    language.code(),
                );
                audit::append(conn, &key, &event, now())
            })
            .await?;
        Ok(())
    }

    /// What the member wants mailed.
    pub async fn alerts(&self, id: StaffId) -> Result<Alerts, StaffError> {
        Ok(self.db.read(move |conn| staff::alerts(conn, id)).await?)
    }

    pub async fn set_alerts(&self, id: StaffId, alerts: Alerts) -> Result<(), StaffError> {
        let key = self.key.clone();
        self.db
            .write(move |conn| {
                staff::set_alerts(conn, id, alerts)?;
                let event = event(
                    Actor::Staff(id),
                    AuditAction::AlertPreferencesChanged,
                    subject(id),
                    format!("urgent={} digest={}", alerts.urgent, alerts.digest),
                );
                audit::append(conn, &key, &event, now())
            })
            .await?;
        Ok(())
    }

    /// Every account, for the administrators' page.
    pub async fn list(&self) -> Result<Vec<Staff>, StaffError> {
        Ok(self.db.read(staff::list).await?)
    }

    pub async fn find(&self, id: StaffId) -> Result<Option<Staff>, StaffError> {
        Ok(self.db.read(move |conn| staff::find(conn, id)).await?)
    }
}
