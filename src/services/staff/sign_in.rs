//! Signing in: the password, then the second factor (or enrolling one),
//! each step throttled per account and written to the audit log.

use super::{Actor, SessionToken, StaffError, StaffService, event, now, subject};
use crate::db::staff::{self, Staff};
use crate::db::{DbConnection, DbError, audit, sessions};
use crate::domain::audit::AuditAction;
use crate::domain::ids::StaffId;
use crate::domain::staff::{RecoveryCode, SessionStage, StaffEmail};
use crate::secret::{SecretKey, to_hex};
use crate::totp::TotpSeed;

/// The outcome of the password step.
#[derive(Debug)]
pub enum PasswordStep {
    /// Right password: a half-finished session that needs the second
    /// factor, or an enrolment when the account has none yet.
    Continue {
        token: SessionToken,
        stage: SessionStage,
    },
    /// Wrong address or password, a disabled account, or one that must wait.
    /// One answer for all, so nobody learns which addresses exist.
    Refused,
}

/// The outcome of the second-factor step.
#[derive(Debug)]
pub enum SecondFactorStep {
    /// Fully signed in under a fresh token.
    SignedIn(SessionToken),
    Refused,
}

/// What enrolment shows: the QR code and the seed as text.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub qr_svg: String,
    pub secret: String,
}

/// The outcome of confirming an enrolment.
#[derive(Debug)]
pub enum EnrolStep {
    /// Enrolled and signed in; the recovery codes are shown once.
    Enrolled {
        token: SessionToken,
        recovery_codes: Vec<RecoveryCode>,
    },
    WrongCode,
}

/// Keyed with the server key and bound to the account, so a code's row
/// moved to another account does not open it.
fn recovery_code_hash(key: &SecretKey, staff_id: StaffId, code: &RecoveryCode) -> String {
    let bound = format!("{staff_id}:{}", code.as_str());
    to_hex(&key.sign("recovery-code", bound.as_bytes()))
}

fn unix_now() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp()).unwrap_or_default()
}

/// Logs a refused sign-in try. Whoever tried is not known to be the account
/// holder, so the actor is unknown and the account is the subject.
fn log_refusal(
    conn: &mut DbConnection,
    key: &SecretKey,
    staff_id: Option<StaffId>,
    why: &str,
) -> Result<(), DbError> {
    let subject = staff_id.map_or_else(|| "unknown account".to_owned(), subject);
    let event = event(Actor::Unknown, AuditAction::SignInFailed, subject, why);
    audit::append(conn, key, &event, now())?;
    Ok(())
}

/// Counts a try against the account before it is checked (see
/// [`staff::reserve_sign_in_try`]), so a burst cannot pass a wait; a right
/// password gives its try back. `false` when it may not try now.
fn reserve_try(conn: &mut DbConnection, key: &SecretKey, id: StaffId) -> Result<bool, DbError> {
    audit::hold_chain(conn)?;
    let reserved = staff::reserve_sign_in_try(conn, id, now())?.is_some();
    if !reserved {
        log_refusal(conn, key, Some(id), "account disabled or waiting")?;
    }
    Ok(reserved)
}

impl StaffService {
    /// Checks email and password. `previous` is the session the browser
    /// already had, which ends here (the token changes at every step).
    pub async fn sign_in_password(
        &self,
        email: Option<StaffEmail>,
        password: String,
        previous: Option<SessionToken>,
    ) -> Result<PasswordStep, StaffError> {
        let account = match email {
            Some(email) => {
                self.db
                    .read(move |conn| staff::find_by_email(conn, &email))
                    .await?
            }
            None => None,
        };
        let key = self.key.clone();
        let reserved = match &account {
            Some(account) => {
                let id = account.id;
                self.db
                    .write(move |conn| reserve_try(conn, &key, id))
                    .await?
            }
            None => false,
        };
        let usable = account
            .as_ref()
            .filter(|_| reserved)
            .and_then(|account| account.password_hash.clone());
        // An unknown, disabled or waiting account checks a decoy hash, so
        // every refusal takes as long as a wrong password.
        let right = self.hasher.verify(password, usable).await?;
        let key = self.key.clone();
        let staff_id = account.as_ref().map(|account| account.id);
        if !right {
            // A refusal before the check was logged when it was made.
            if reserved || account.is_none() {
                let why = if account.is_none() {
                    "wrong address"
                } else {
                    "wrong password"
                };
                self.db
                    .write(move |conn| log_refusal(conn, &key, staff_id, why))
                    .await?;
            }
            return Ok(PasswordStep::Refused);
        }
        let account = account.expect("a right password belongs to an account");
        let stage = if account.totp_confirmed {
            SessionStage::SecondFactor
        } else {
            SessionStage::Enrol
        };
        let token = SessionToken::generate();
        let hash = token.hash(&self.key);
        let previous = previous.map(|previous| previous.hash(&self.key));
        self.db
            .write(move |conn| {
                // Only a step that fails counts: a right password must not
                // bring its owner nearer a wait before the code is typed.
                staff::give_back_sign_in_try(conn, account.id)?;
                if let Some(previous) = previous {
                    sessions::end(conn, &previous)?;
                }
                sessions::create(conn, &hash, account.id, stage, now())
            })
            .await?;
        Ok(PasswordStep::Continue { token, stage })
    }

    /// Checks a TOTP code or a recovery code for a half-finished session.
    pub async fn second_factor(
        &self,
        partial: &SessionToken,
        account: &Staff,
        typed: &str,
    ) -> Result<SecondFactorStep, StaffError> {
        let key = self.key.clone();
        let id = account.id;
        let seed = account
            .totp_seed
            .as_deref()
            .and_then(|sealed| TotpSeed::unseal(&key, id, sealed).ok());
        let step = seed
            .as_ref()
            .and_then(|seed| seed.check(typed, unix_now()))
            .and_then(|step| i64::try_from(step).ok());
        let recovery = RecoveryCode::parse(typed)
            .ok()
            .map(|code| recovery_code_hash(&key, id, &code));
        let token = SessionToken::generate();
        let (old, new) = (partial.hash(&self.key), token.hash(&self.key));
        let signed_in = self
            .db
            .write(move |conn| {
                if !reserve_try(conn, &key, id)? {
                    return Ok(false);
                }
                let accepted = match (step, &recovery) {
                    (Some(step), _) => staff::accept_totp_step(conn, id, step)?,
                    (None, Some(hash)) => staff::use_recovery_code(conn, id, hash, now())?,
                    (None, None) => false,
                };
                if !accepted {
                    log_refusal(conn, &key, Some(id), "wrong second factor")?;
                    return Ok(false);
                }
                let now = now();
                if step.is_none() {
                    let left = staff::unused_recovery_codes(conn, id)?;
                    let event = event(
                        Actor::Staff(id),
                        AuditAction::RecoveryCodeUsed,
                        subject(id),
                        format!("{left} left"),
                    );
                    audit::append(conn, &key, &event, now)?;
                }
                staff::clear_failed_sign_ins(conn, id)?;
                sessions::end(conn, &old)?;
                sessions::create(conn, &new, id, SessionStage::Full, now)?;
                let event = event(Actor::Staff(id), AuditAction::SignIn, subject(id), "");
                audit::append(conn, &key, &event, now)?;
                Ok(true)
            })
            .await?;
        Ok(if signed_in {
            SecondFactorStep::SignedIn(token)
        } else {
            SecondFactorStep::Refused
        })
    }

    /// The seed an enrolling account is shown: the pending one, or a new one.
    pub async fn enrolment(&self, account: &Staff) -> Result<Option<Enrolment>, StaffError> {
        // An enrolled account's seed is never shown again, even to a
        // half-finished enrolment session left over from before.
        if account.totp_confirmed {
            return Ok(None);
        }
        let key = self.key.clone();
        let pending = account
            .totp_seed
            .as_deref()
            .and_then(|sealed| TotpSeed::unseal(&key, account.id, sealed).ok());
        let seed = match pending {
            Some(seed) => seed,
            None => {
                let seed = TotpSeed::generate();
                let sealed = seed.seal(&key, account.id);
                let id = account.id;
                self.db
                    .write(move |conn| staff::set_pending_seed(conn, id, &sealed))
                    .await?;
                seed
            }
        };
        Ok(Some(Enrolment {
            qr_svg: seed.qr_svg(&account.email),
            secret: seed.base32(),
        }))
    }

    /// Confirms an enrolment with a code from the new seed; on success the
    /// account has ten fresh recovery codes and a full session.
    pub async fn confirm_enrolment(
        &self,
        account: &Staff,
        typed: &str,
    ) -> Result<EnrolStep, StaffError> {
        let key = self.key.clone();
        let id = account.id;
        let step = account
            .totp_seed
            .as_deref()
            .and_then(|sealed| TotpSeed::unseal(&key, id, sealed).ok())
            .and_then(|seed| seed.check(typed, unix_now()))
            .and_then(|step| i64::try_from(step).ok());
        let recovery_codes: Vec<RecoveryCode> = (0..RecoveryCode::SET_SIZE)
            .map(|_| RecoveryCode::generate())
            .collect();
        let hashes: Vec<String> = recovery_codes
            .iter()
            .map(|code| recovery_code_hash(&key, id, code))
            .collect();
        let token = SessionToken::generate();
        let new = token.hash(&self.key);
        let enrolled = self
            .db
            .write(move |conn| {
                if !reserve_try(conn, &key, id)? {
                    return Ok(false);
                }
                let accepted = match step {
                    Some(step) => staff::confirm_second_factor(conn, id, step)?,
                    None => false,
                };
                if !accepted {
                    log_refusal(conn, &key, Some(id), "wrong code at enrolment")?;
                    return Ok(false);
                }
                let now = now();
                staff::replace_recovery_codes(conn, id, &hashes)?;
                staff::clear_failed_sign_ins(conn, id)?;
                // Any other half-finished session of the account ends here.
                sessions::end_all_for(conn, id)?;
                sessions::create(conn, &new, id, SessionStage::Full, now)?;
                for action in [AuditAction::SecondFactorEnrolled, AuditAction::SignIn] {
                    audit::append(
                        conn,
                        &key,
                        &event(Actor::Staff(id), action, subject(id), ""),
                        now,
                    )?;
                }
                Ok(true)
            })
            .await?;
        Ok(if enrolled {
            EnrolStep::Enrolled {
                token,
                recovery_codes,
            }
        } else {
            EnrolStep::WrongCode
        })
    }

    /// Ends the session and logs the sign-out.
    pub async fn sign_out(
        &self,
        token: &SessionToken,
        staff_id: StaffId,
    ) -> Result<(), StaffError> {
        let key = self.key.clone();
        let hash = token.hash(&self.key);
        self.db
            .write(move |conn| {
                sessions::end(conn, &hash)?;
                let event = event(
                    Actor::Staff(staff_id),
                    AuditAction::SignOut,
                    subject(staff_id),
                    "",
                );
                audit::append(conn, &key, &event, now())
            })
            .await?;
        Ok(())
    }
}
