//! Signing in: the password, then the second factor (or enrolling one),
//! each step throttled and written to the audit log. A try counts against
//! the budget of the browser's device cookie when it has a valid one, and
//! against the account's budget for unknown devices otherwise.

use super::device::{self, DeviceToken, KnownDevice};
use super::{Actor, SessionToken, StaffError, StaffService, event, keys, now, subject};
use crate::db::staff::{self, Staff};
use crate::db::{DbConnection, DbError, audit, devices, sessions, vault};
use crate::domain::audit::AuditAction;
use crate::domain::ids::StaffId;
use crate::domain::staff::{
    RecoveryCode, Role, SessionStage, StaffEmail, UNKNOWN_ADDRESS_INTERVAL, interval_start,
};
use crate::secret::{SecretKey, to_hex};
use crate::totp::TotpSeed;
use crate::vault::WrappedKey;

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
    /// Fully signed in under a fresh token; the browser is now a known device.
    SignedIn {
        token: SessionToken,
        device: DeviceToken,
    },
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
        device: DeviceToken,
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

/// Logs a refused sign-in try for an account. Whoever tried is not known
/// to be the account holder, so the actor is unknown and the account is the
/// subject.
fn log_refusal(
    conn: &mut DbConnection,
    key: &SecretKey,
    staff_id: StaffId,
    why: &str,
) -> Result<(), DbError> {
    let event = event(
        Actor::Unknown,
        AuditAction::SignInFailed,
        subject(staff_id),
        why,
    );
    audit::append(conn, key, &event, now())?;
    Ok(())
}

/// The organisation key the half-finished session `old_hash` holds,
/// sealed again for the full session under `new`: the password step opened
/// it, and the token changes at every step.
fn carried_key(
    conn: &mut DbConnection,
    old_hash: &str,
    old: &SessionToken,
    new: &SessionToken,
) -> Result<Option<WrappedKey>, DbError> {
    Ok(sessions::sealed_key(conn, old_hash)?
        .and_then(|sealed| keys::open_session(&sealed, old))
        .map(|org| keys::for_session(&org, new)))
}

/// Whose budget a try was counted against.
enum Budget {
    /// The browser's own, by its device cookie.
    Device(KnownDevice),
    /// The account's budget for unknown devices.
    Unknown,
}

/// Counts a try before it is checked (see [`staff::reserve_sign_in_try`]),
/// so a burst cannot pass a wait: against the device's budget when the
/// browser is a known device that may try, else against the budget for
/// unknown devices. `None` when it may not try now.
fn reserve_try(
    conn: &mut DbConnection,
    key: &SecretKey,
    id: StaffId,
    device: Option<&KnownDevice>,
) -> Result<Option<Budget>, DbError> {
    audit::hold_chain(conn)?;
    let now = now();
    if let Some(device) = device
        && devices::reserve_try(conn, &device.nonce_hash, id, now)?.is_some()
    {
        return Ok(Some(Budget::Device(device.clone())));
    }
    if staff::reserve_sign_in_try(conn, id, now)?.is_some() {
        return Ok(Some(Budget::Unknown));
    }
    log_refusal(conn, key, id, "account disabled or waiting")?;
    Ok(None)
}

/// Only a step that fails counts: a right password gives its try back.
fn give_back_try(conn: &mut DbConnection, id: StaffId, budget: &Budget) -> Result<(), DbError> {
    match budget {
        Budget::Device(device) => devices::give_back_try(conn, &device.nonce_hash),
        Budget::Unknown => staff::give_back_sign_in_try(conn, id),
    }
}

/// After a full sign-in: the budget the tries came from starts again, and
/// the browser becomes a known device under a new cookie (the old one's
/// row goes). A known device's success leaves the budget for unknown
/// devices as it was, so a stranger's wait is not lifted by the owner.
fn trust_device(
    conn: &mut DbConnection,
    id: StaffId,
    budget: &Budget,
    presented: Option<&KnownDevice>,
    new: &KnownDevice,
) -> Result<(), DbError> {
    if let Budget::Unknown = budget {
        staff::clear_failed_sign_ins(conn, id)?;
    }
    if let Some(old) = presented {
        devices::forget(conn, &old.nonce_hash)?;
    }
    devices::remember(conn, &new.nonce_hash, id, now())
}

/// Writes one audit row for each interval of failed sign-ins for addresses
/// with no account that is over as of `now`, with its count. Runs in its
/// own write transaction, before any staff row is touched.
pub(crate) fn summarise_unknown_address_failures(
    conn: &mut DbConnection,
    key: &SecretKey,
    now: chrono::NaiveDateTime,
) -> Result<(), DbError> {
    audit::hold_chain(conn)?;
    let closed = devices::take_closed_unknown_address_counts(conn, interval_start(now))?;
    for (start, failures) in closed {
        let end = start + UNKNOWN_ADDRESS_INTERVAL;
        let detail = format!(
            "{failures} tries from {} to {} UTC",
            start.format("%Y-%m-%d %H:%M"),
            end.format("%H:%M")
        );
        let event = event(
            Actor::Unknown,
            AuditAction::SignInFailed,
            "addresses with no account".to_owned(),
            detail,
        );
        audit::append(conn, key, &event, now)?;
    }
    Ok(())
}

/// Counts a failed sign-in for an address with no account: the address is
/// not kept, and the log gets one row per interval instead of one per try,
/// so a script trying addresses cannot flood it.
fn count_unknown_address(conn: &mut DbConnection, key: &SecretKey) -> Result<(), DbError> {
    let now = now();
    summarise_unknown_address_failures(conn, key, now)?;
    devices::count_unknown_address_failure(conn, interval_start(now))
}

impl StaffService {
    /// Checks email and password. `previous` is the session the browser
    /// already had, which ends here (the token changes at every step).
    pub async fn sign_in_password(
        &self,
        email: Option<StaffEmail>,
        password: String,
        previous: Option<SessionToken>,
        device: Option<DeviceToken>,
    ) -> Result<PasswordStep, StaffError> {
        // The account, and the salt its password's key was derived with.
        let (account, key_salt) = match email {
            Some(email) => {
                self.db
                    .read(move |conn| {
                        let Some(account) = staff::find_by_email(conn, &email)? else {
                            return Ok((None, None));
                        };
                        let salt = vault::staff_key(conn, account.id)?.map(|stored| stored.salt);
                        Ok((Some(account), salt))
                    })
                    .await?
            }
            None => (None, None),
        };
        let key = self.key.clone();
        let budget = match &account {
            Some(account) => {
                let id = account.id;
                let known = self.known_device(device.as_ref(), id);
                self.db
                    .write(move |conn| reserve_try(conn, &key, id, known.as_ref()))
                    .await?
            }
            None => None,
        };
        let usable = account
            .as_ref()
            .filter(|_| budget.is_some())
            .and_then(|account| account.password_hash.clone());
        // An unknown, disabled or waiting account checks a decoy hash, so
        // every refusal takes as long as a wrong password.
        let right = self.hasher.verify(password.clone(), usable).await?;
        let key = self.key.clone();
        if !right {
            match (&account, &budget) {
                (None, _) => {
                    self.db
                        .write(move |conn| count_unknown_address(conn, &key))
                        .await?
                }
                (Some(account), Some(_)) => {
                    let id = account.id;
                    self.db
                        .write(move |conn| log_refusal(conn, &key, id, "wrong password"))
                        .await?
                }
                // A refusal before the check was logged when it was made.
                (Some(_), None) => {}
            }
            return Ok(PasswordStep::Refused);
        }
        let account = account.expect("a right password belongs to an account");
        let budget = budget.expect("a right password was checked with a reserved try");
        let stage = if account.totp_confirmed {
            SessionStage::SecondFactor
        } else {
            SessionStage::Enrol
        };
        // The password also unwraps the account's key pair, and through its
        // grant the organisation key; an account from before keys gets a
        // pair now, which an administrator then grants.
        let (password_key, fresh) = match key_salt {
            Some(salt) => (self.password_key(&password, salt).await?, false),
            None => (self.new_password_key(&password).await?, true),
        };
        let token = SessionToken::generate();
        let hash = token.hash(&self.key);
        let previous = previous.map(|previous| previous.hash(&self.key));
        let session_token = token.clone();
        self.db
            .write(move |conn| {
                // A right password must not bring its owner nearer a wait
                // before the code is typed.
                give_back_try(conn, account.id, &budget)?;
                if let Some(previous) = previous {
                    sessions::end(conn, &previous)?;
                }
                if fresh {
                    keys::new_key_pair(conn, account.id, &password_key)?;
                }
                let org = keys::unlock(conn, account.id, &password_key.key)?
                    .filter(|_| account.role != Role::Payout);
                let sealed = org.map(|org| keys::for_session(&org, &session_token));
                sessions::create(conn, &hash, account.id, stage, sealed.as_ref(), now())
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
        device: Option<DeviceToken>,
    ) -> Result<SecondFactorStep, StaffError> {
        let key = self.key.clone();
        let id = account.id;
        let presented = self.known_device(device.as_ref(), id);
        let (new_device, trusted) = device::issue(&key, id, chrono::Utc::now());
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
        let (partial_token, token_for_key) = (partial.clone(), token.clone());
        let signed_in = self
            .db
            .write(move |conn| {
                let Some(budget) = reserve_try(conn, &key, id, presented.as_ref())? else {
                    return Ok(false);
                };
                let accepted = match (step, &recovery) {
                    (Some(step), _) => staff::accept_totp_step(conn, id, step)?,
                    (None, Some(hash)) => staff::use_recovery_code(conn, id, hash, now())?,
                    (None, None) => false,
                };
                if !accepted {
                    log_refusal(conn, &key, id, "wrong second factor")?;
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
                trust_device(conn, id, &budget, presented.as_ref(), &trusted)?;
                let sealed = carried_key(conn, &old, &partial_token, &token_for_key)?;
                sessions::end(conn, &old)?;
                sessions::create(conn, &new, id, SessionStage::Full, sealed.as_ref(), now)?;
                let event = event(Actor::Staff(id), AuditAction::SignIn, subject(id), "");
                audit::append(conn, &key, &event, now)?;
                Ok(true)
            })
            .await?;
        Ok(if signed_in {
            SecondFactorStep::SignedIn {
                token,
                device: new_device,
            }
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
        partial: &SessionToken,
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
        let (old, new) = (partial.hash(&self.key), token.hash(&self.key));
        let (partial_token, token_for_key) = (partial.clone(), token.clone());
        let (new_device, trusted) = device::issue(&key, id, chrono::Utc::now());
        let enrolled = self
            .db
            .write(move |conn| {
                // No device cookie reaches the enrolment page, and an account
                // that enrols has signed in nowhere yet.
                let Some(budget) = reserve_try(conn, &key, id, None)? else {
                    return Ok(false);
                };
                let accepted = match step {
                    Some(step) => staff::confirm_second_factor(conn, id, step)?,
                    None => false,
                };
                if !accepted {
                    log_refusal(conn, &key, id, "wrong code at enrolment")?;
                    return Ok(false);
                }
                let now = now();
                staff::replace_recovery_codes(conn, id, &hashes)?;
                trust_device(conn, id, &budget, None, &trusted)?;
                let sealed = carried_key(conn, &old, &partial_token, &token_for_key)?;
                // Any other half-finished session of the account ends here.
                sessions::end_all_for(conn, id)?;
                sessions::create(conn, &new, id, SessionStage::Full, sealed.as_ref(), now)?;
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
                device: new_device,
            }
        } else {
            EnrolStep::WrongCode
        })
    }

    /// The known device a browser's cookie stands for, for account `id`.
    fn known_device(&self, token: Option<&DeviceToken>, id: StaffId) -> Option<KnownDevice> {
        token.and_then(|token| device::recognise(&self.key, token, id, chrono::Utc::now()))
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
