//! The tamper-evident audit log. Every row carries a keyed hash (HMAC-SHA-256
//! with the server key, which is not in the database) over the previous
//! row's hash and its own canonical bytes, so editing, deleting or inserting
//! a row breaks the chain from there on, and cutting off the tail is caught
//! against a head recorded elsewhere (the daily anchor).

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};

use crate::secret::{SecretKey, to_hex};

const PURPOSE: &str = "audit-chain";
const VERSION: &[u8] = b"tipline-audit-v1";

/// The hash before the first row.
pub fn genesis_hash() -> String {
    "0".repeat(64)
}

/// Something that happened, by whom, to what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEvent {
    pub actor: String,
    pub action: AuditAction,
    pub subject: String,
    pub detail: String,
}

/// Every kind of event the log records. The stored names never change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuditAction {
    SignIn,
    SignInFailed,
    SignOut,
    RecoveryCodeUsed,
    SecondFactorEnrolled,
    SecondFactorReset,
    StaffCreated,
    StaffInvited,
    StaffRoleChanged,
    StaffDisabled,
    StaffEnabled,
    SessionsEnded,
    PasswordResetSent,
    PasswordSet,
    LanguageChanged,
    TipOpened,
    TipChanged,
    MessageSent,
    NoteAdded,
    ExactLocationShown,
    CaseOpened,
    CaseChanged,
    StatusesReleased,
    AlertPreferencesChanged,
    PhotoViewed,
    CaseViewed,
    RewardChanged,
    ClaimCodeChecked,
    /// A payout against a claim, written by the daily job.
    ClaimPaid,
    /// Claims past their last day, unpaid.
    ClaimExpired,
    /// A claim's counter was raised: the row holds only a keyed tag.
    ClaimCounter,
    /// An administrator held a case's content beyond retention, or let it go.
    RetentionHold,
    /// The retention job deleted closed work's content.
    ContentDeleted,
    LedgerExported,
    BurstClosedAsSpam,
    QueueRead,
    Anchored,
    TipsterActions,
    /// The organisation key was sealed to a member (granted), pending a
    /// second administrator's confirmation once two exist.
    AccessGranted,
    AccessConfirmed,
    AccessRevoked,
    /// The first administrator took the organisation key; the recovery key
    /// was shown.
    OrgKeyTaken,
}

impl AuditAction {
    pub const ALL: [AuditAction; 42] = [
        AuditAction::SignIn,
        AuditAction::SignInFailed,
        AuditAction::SignOut,
        AuditAction::RecoveryCodeUsed,
        AuditAction::SecondFactorEnrolled,
        AuditAction::SecondFactorReset,
        AuditAction::StaffCreated,
        AuditAction::StaffInvited,
        AuditAction::StaffRoleChanged,
        AuditAction::StaffDisabled,
        AuditAction::StaffEnabled,
        AuditAction::SessionsEnded,
        AuditAction::PasswordResetSent,
        AuditAction::PasswordSet,
        AuditAction::LanguageChanged,
        AuditAction::TipOpened,
        AuditAction::TipChanged,
        AuditAction::MessageSent,
        AuditAction::NoteAdded,
        AuditAction::ExactLocationShown,
        AuditAction::CaseOpened,
        AuditAction::CaseChanged,
        AuditAction::StatusesReleased,
        AuditAction::AlertPreferencesChanged,
        AuditAction::PhotoViewed,
        AuditAction::CaseViewed,
        AuditAction::RewardChanged,
        AuditAction::ClaimCodeChecked,
        AuditAction::ClaimPaid,
        AuditAction::ClaimExpired,
        AuditAction::ClaimCounter,
        AuditAction::RetentionHold,
        AuditAction::ContentDeleted,
        AuditAction::LedgerExported,
        AuditAction::BurstClosedAsSpam,
        AuditAction::QueueRead,
        AuditAction::Anchored,
        AuditAction::TipsterActions,
        AuditAction::AccessGranted,
        AuditAction::AccessConfirmed,
        AuditAction::AccessRevoked,
        AuditAction::OrgKeyTaken,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::SignIn => "sign_in",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::SignOut => "sign_out",
            AuditAction::RecoveryCodeUsed => "recovery_code_used",
            AuditAction::SecondFactorEnrolled => "second_factor_enrolled",
            AuditAction::SecondFactorReset => "second_factor_reset",
            AuditAction::StaffCreated => "staff_created",
            AuditAction::StaffInvited => "staff_invited",
            AuditAction::StaffRoleChanged => "staff_role_changed",
            AuditAction::StaffDisabled => "staff_disabled",
            AuditAction::StaffEnabled => "staff_enabled",
            AuditAction::SessionsEnded => "sessions_ended",
            AuditAction::PasswordResetSent => "password_reset_sent",
            AuditAction::PasswordSet => "password_set",
            AuditAction::LanguageChanged => "language_changed",
            AuditAction::TipOpened => "tip_opened",
            AuditAction::TipChanged => "tip_changed",
            AuditAction::MessageSent => "message_sent",
            AuditAction::NoteAdded => "note_added",
            AuditAction::ExactLocationShown => "exact_location_shown",
            AuditAction::CaseOpened => "case_opened",
            AuditAction::CaseChanged => "case_changed",
            AuditAction::StatusesReleased => "statuses_released",
            AuditAction::AlertPreferencesChanged => "alert_preferences_changed",
            AuditAction::PhotoViewed => "photo_viewed",
            AuditAction::CaseViewed => "case_viewed",
            AuditAction::RewardChanged => "reward_changed",
            AuditAction::ClaimCodeChecked => "claim_code_checked",
            AuditAction::ClaimPaid => "claim_paid",
            AuditAction::ClaimExpired => "claim_expired",
            AuditAction::ClaimCounter => "claim_counter",
            AuditAction::RetentionHold => "retention_hold",
            AuditAction::ContentDeleted => "content_deleted",
            AuditAction::LedgerExported => "ledger_exported",
            AuditAction::BurstClosedAsSpam => "burst_closed_as_spam",
            AuditAction::QueueRead => "queue_read",
            AuditAction::Anchored => "anchored",
            AuditAction::TipsterActions => "tipster_actions",
            AuditAction::AccessGranted => "access_granted",
            AuditAction::AccessConfirmed => "access_confirmed",
            AuditAction::AccessRevoked => "access_revoked",
            AuditAction::OrgKeyTaken => "org_key_taken",
        }
    }

    /// The catalog message naming the action for staff.
    pub fn label_key(self) -> &'static str {
        match self {
            AuditAction::SignIn => "staff-audit-action-sign-in",
            AuditAction::SignInFailed => "staff-audit-action-sign-in-failed",
            AuditAction::SignOut => "staff-audit-action-sign-out",
            AuditAction::RecoveryCodeUsed => "staff-audit-action-recovery-code-used",
            AuditAction::SecondFactorEnrolled => "staff-audit-action-second-factor-enrolled",
            AuditAction::SecondFactorReset => "staff-audit-action-second-factor-reset",
            AuditAction::StaffCreated => "staff-audit-action-staff-created",
            AuditAction::StaffInvited => "staff-audit-action-staff-invited",
            AuditAction::StaffRoleChanged => "staff-audit-action-staff-role-changed",
            AuditAction::StaffDisabled => "staff-audit-action-staff-disabled",
            AuditAction::StaffEnabled => "staff-audit-action-staff-enabled",
            AuditAction::SessionsEnded => "staff-audit-action-sessions-ended",
            AuditAction::PasswordResetSent => "staff-audit-action-password-reset-sent",
            AuditAction::PasswordSet => "staff-audit-action-password-set",
            AuditAction::LanguageChanged => "staff-audit-action-language-changed",
            AuditAction::TipOpened => "staff-audit-action-tip-opened",
            AuditAction::TipChanged => "staff-audit-action-tip-changed",
            AuditAction::MessageSent => "staff-audit-action-message-sent",
            AuditAction::NoteAdded => "staff-audit-action-note-added",
            AuditAction::ExactLocationShown => "staff-audit-action-exact-location-shown",
            AuditAction::CaseOpened => "staff-audit-action-case-opened",
            AuditAction::CaseChanged => "staff-audit-action-case-changed",
            AuditAction::StatusesReleased => "staff-audit-action-statuses-released",
            AuditAction::AlertPreferencesChanged => "staff-audit-action-alert-preferences-changed",
            AuditAction::PhotoViewed => "staff-audit-action-photo-viewed",
            AuditAction::CaseViewed => "staff-audit-action-case-viewed",
            AuditAction::RewardChanged => "staff-audit-action-reward-changed",
            AuditAction::ClaimCodeChecked => "staff-audit-action-claim-code-checked",
            AuditAction::ClaimPaid => "staff-audit-action-claim-paid",
            AuditAction::ClaimExpired => "staff-audit-action-claim-expired",
            AuditAction::ClaimCounter => "staff-audit-action-claim-counter",
            AuditAction::RetentionHold => "staff-audit-action-retention-hold",
            AuditAction::ContentDeleted => "staff-audit-action-content-deleted",
            AuditAction::LedgerExported => "staff-audit-action-ledger-exported",
            AuditAction::BurstClosedAsSpam => "staff-audit-action-burst-closed-as-spam",
            AuditAction::QueueRead => "staff-audit-action-queue-read",
            AuditAction::Anchored => "staff-audit-action-anchored",
            AuditAction::TipsterActions => "staff-audit-action-tipster-actions",
            AuditAction::AccessGranted => "staff-audit-action-access-granted",
            AuditAction::AccessConfirmed => "staff-audit-action-access-confirmed",
            AuditAction::AccessRevoked => "staff-audit-action-access-revoked",
            AuditAction::OrgKeyTaken => "staff-audit-action-org-key-taken",
        }
    }

    /// Whether the event uses an administrator's power over accounts:
    /// while one administrator alone holds it, oversight hears of each.
    pub fn is_staff_power(self) -> bool {
        matches!(
            self,
            AuditAction::StaffCreated
                | AuditAction::StaffInvited
                | AuditAction::StaffRoleChanged
                | AuditAction::StaffDisabled
                | AuditAction::StaffEnabled
                | AuditAction::SecondFactorReset
                | AuditAction::SessionsEnded
                | AuditAction::PasswordResetSent
                | AuditAction::AccessGranted
                | AuditAction::AccessRevoked
        )
    }

    /// Whether the event's detail is stored plain: only those a job reads
    /// without a session and that hold no content. The anchor's detail is
    /// the head before it (a count and a hash); a claim counter's is a keyed
    /// tag; a use of staff power names roles and staff ids, and the daily
    /// anchor mail lists it. Every other detail is sealed.
    pub fn detail_stays_plain(self) -> bool {
        matches!(self, AuditAction::Anchored | AuditAction::ClaimCounter) || self.is_staff_power()
    }

    pub fn parse(text: &str) -> Option<AuditAction> {
        AuditAction::ALL
            .into_iter()
            .find(|action| action.as_str() == text)
    }
}

/// A stored row: the event, where it sits in the chain and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRow {
    pub seq: i64,
    pub at: NaiveDateTime,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// Both backends must hash the same bytes: PostgreSQL keeps microseconds.
pub fn truncate_to_micros(at: NaiveDateTime) -> NaiveDateTime {
    use chrono::Timelike;
    let micros = at.nanosecond() / 1_000 * 1_000;
    at.with_nanosecond(micros).unwrap_or(at)
}

/// The hash of the row `seq` with these fields, chained to `prev_hash`.
#[allow(clippy::too_many_arguments)]
pub fn row_hash(
    key: &SecretKey,
    prev_hash: &str,
    seq: i64,
    at: NaiveDateTime,
    actor: &str,
    action: &str,
    subject: &str,
    detail: &str,
) -> String {
    let at = at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string();
    let seq = seq.to_string();
    let mut bytes = Vec::with_capacity(256);
    for field in [
        VERSION,
        prev_hash.as_bytes(),
        seq.as_bytes(),
        at.as_bytes(),
        actor.as_bytes(),
        action.as_bytes(),
        subject.as_bytes(),
        detail.as_bytes(),
    ] {
        // Length prefixes: no two different rows share their bytes.
        bytes.extend_from_slice(&(field.len() as u64).to_be_bytes());
        bytes.extend_from_slice(field);
    }
    to_hex(&key.sign(PURPOSE, &bytes))
}

impl AuditRow {
    /// The row that follows `prev` (or starts the chain) for `event`.
    pub fn next(
        key: &SecretKey,
        prev: Option<(i64, &str)>,
        at: NaiveDateTime,
        event: &AuditEvent,
    ) -> AuditRow {
        let genesis = genesis_hash();
        let (prev_seq, prev_hash) = prev.unwrap_or((0, genesis.as_str()));
        let seq = prev_seq + 1;
        let at = truncate_to_micros(at);
        let action = event.action.as_str();
        let hash = row_hash(
            key,
            prev_hash,
            seq,
            at,
            &event.actor,
            action,
            &event.subject,
            &event.detail,
        );
        AuditRow {
            seq,
            at,
            actor: event.actor.clone(),
            action: action.to_owned(),
            subject: event.subject.clone(),
            detail: event.detail.clone(),
            prev_hash: prev_hash.to_owned(),
            hash,
        }
    }

    fn expected_hash(&self, key: &SecretKey) -> String {
        row_hash(
            key,
            &self.prev_hash,
            self.seq,
            self.at,
            &self.actor,
            &self.action,
            &self.subject,
            &self.detail,
        )
    }
}

/// The chain's head: how many rows and the last hash, written `COUNT:HASH`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditHead {
    pub count: i64,
    pub hash: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a head is written COUNT:HASH, e.g. 42:9f86d08…")]
pub struct NotAHead;

impl AuditHead {
    pub fn parse(text: &str) -> Result<AuditHead, NotAHead> {
        let (count, hash) = text.trim().split_once(':').ok_or(NotAHead)?;
        let count = count.parse::<i64>().map_err(|_| NotAHead)?;
        let hash = hash.to_ascii_lowercase();
        let is_hash = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
        if count < 0 || !is_hash {
            return Err(NotAHead);
        }
        Ok(AuditHead { count, hash })
    }
}

impl fmt::Display for AuditHead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.count, self.hash)
    }
}

/// Where and how the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("row {found} comes where row {expected} should: rows are missing or out of order")]
    Gap { expected: i64, found: i64 },
    #[error("row {seq} does not follow the row before it (its previous hash differs)")]
    Unlinked { seq: i64 },
    #[error("row {seq} was altered (its hash does not match its contents)")]
    Altered { seq: i64 },
    #[error(
        "the chain has {count} rows, fewer than the {expected} of the recorded head: rows were cut off"
    )]
    Truncated { count: i64, expected: i64 },
    #[error("row {seq} is not the recorded head (its hash differs)")]
    HeadMismatch { seq: i64 },
}

impl ChainBreak {
    /// The row where the chain breaks (for a truncation, the last one left).
    pub fn seq(&self) -> i64 {
        match *self {
            ChainBreak::Gap { found, .. } => found,
            ChainBreak::Unlinked { seq }
            | ChainBreak::Altered { seq }
            | ChainBreak::HeadMismatch { seq } => seq,
            ChainBreak::Truncated { count, .. } => count,
        }
    }
}

/// Checks rows one at a time, in order, so a long log can be read in pages.
#[derive(Debug)]
pub struct ChainChecker<'k> {
    key: &'k SecretKey,
    count: i64,
    last_hash: String,
    head: Option<AuditHead>,
    head_seen: bool,
}

impl<'k> ChainChecker<'k> {
    /// `head`, if given, must still be in the chain.
    pub fn new(key: &'k SecretKey, head: Option<AuditHead>) -> Self {
        ChainChecker {
            key,
            count: 0,
            last_hash: genesis_hash(),
            head_seen: head.as_ref().is_none_or(|head| head.count == 0),
            head,
        }
    }

    pub fn check(&mut self, row: &AuditRow) -> Result<(), ChainBreak> {
        let expected = self.count + 1;
        if row.seq != expected {
            return Err(ChainBreak::Gap {
                expected,
                found: row.seq,
            });
        }
        if row.prev_hash != self.last_hash {
            return Err(ChainBreak::Unlinked { seq: row.seq });
        }
        if row.expected_hash(self.key) != row.hash {
            return Err(ChainBreak::Altered { seq: row.seq });
        }
        if let Some(head) = &self.head
            && head.count == row.seq
        {
            if head.hash != row.hash {
                return Err(ChainBreak::HeadMismatch { seq: row.seq });
            }
            self.head_seen = true;
        }
        self.count = row.seq;
        self.last_hash.clone_from(&row.hash);
        Ok(())
    }

    /// The verified head, once every row has been checked.
    pub fn finish(self) -> Result<AuditHead, ChainBreak> {
        if !self.head_seen {
            let expected = self.head.map_or(0, |head| head.count);
            return Err(ChainBreak::Truncated {
                count: self.count,
                expected,
            });
        }
        Ok(AuditHead {
            count: self.count,
            hash: self.last_hash,
        })
    }
}

/// How an anchor row names its day.
pub fn anchor_subject(day: NaiveDate) -> String {
    format!("anchor:{day}")
}

/// The day an anchor row's subject names.
pub fn anchor_day(subject: &str) -> Option<NaiveDate> {
    let day = subject.strip_prefix("anchor:")?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// The days from the first anchor up to (not including) `today` that have
/// no anchor of their own: days when the head was not recorded anywhere,
/// whose rows could since have been rewritten unseen.
pub fn days_without_anchor(anchored: &[NaiveDate], today: NaiveDate) -> Vec<NaiveDate> {
    let Some(first) = anchored.iter().min().copied() else {
        return Vec::new();
    };
    first
        .iter_days()
        .take_while(|day| *day < today)
        .filter(|day| !anchored.contains(day))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_days_without_an_anchor_are_counted_from_the_first() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert!(days_without_anchor(&[], day(9)).is_empty());
        assert_eq!(
            days_without_anchor(&[day(2), day(3), day(5)], day(7)),
            [day(4), day(6)]
        );
        assert!(days_without_anchor(&[day(6)], day(7)).is_empty());
        assert_eq!(anchor_day(&anchor_subject(day(4))), Some(day(4)));
        assert_eq!(anchor_day("tip:T-00001"), None);
    }

    #[test]
    fn what_reviewers_do_is_sealed_and_only_machine_read_details_stay_plain() {
        for sealed in [
            AuditAction::QueueRead,
            AuditAction::TipChanged,
            AuditAction::CaseChanged,
            AuditAction::RewardChanged,
            AuditAction::SignInFailed,
            AuditAction::TipsterActions,
            AuditAction::BurstClosedAsSpam,
        ] {
            assert!(!sealed.detail_stays_plain(), "{sealed:?}");
        }
        for plain in [
            AuditAction::Anchored,
            AuditAction::ClaimCounter,
            AuditAction::StaffRoleChanged,
        ] {
            assert!(plain.detail_stays_plain(), "{plain:?}");
        }
    }

    #[test]
    fn the_powers_over_accounts_are_the_changes_to_them_not_their_use() {
        let powers: Vec<_> = AuditAction::ALL
            .into_iter()
            .filter(|action| action.is_staff_power())
            .collect();
        assert_eq!(powers.len(), 10);
        assert!(powers.contains(&AuditAction::StaffRoleChanged));
        assert!(powers.contains(&AuditAction::SecondFactorReset));
        assert!(!powers.contains(&AuditAction::SignIn));
        assert!(!powers.contains(&AuditAction::TipOpened));
    }

    fn event(n: usize) -> AuditEvent {
        AuditEvent {
            actor: format!("staff:{n}"),
            action: AuditAction::SignIn,
            subject: format!("staff:{n}"),
            detail: String::new(),
        }
    }

    fn chain(key: &SecretKey, length: usize) -> Vec<AuditRow> {
        let at = chrono::DateTime::from_timestamp(1_800_000_000, 123_456_789)
            .unwrap()
            .naive_utc();
        let mut rows: Vec<AuditRow> = Vec::new();
        for n in 0..length {
            let prev = rows.last().map(|row| (row.seq, row.hash.as_str()));
            let row = AuditRow::next(key, prev, at, &event(n));
            rows.push(row);
        }
        rows
    }

    fn verify(
        key: &SecretKey,
        rows: &[AuditRow],
        head: Option<AuditHead>,
    ) -> Result<AuditHead, ChainBreak> {
        let mut checker = ChainChecker::new(key, head);
        for row in rows {
            checker.check(row)?;
        }
        checker.finish()
    }

    #[test]
    fn an_untouched_chain_verifies_and_names_its_head() {
        let key = SecretKey::generate();
        let rows = chain(&key, 5);
        let head = verify(&key, &rows, None).unwrap();
        assert_eq!(head.count, 5);
        assert_eq!(head.hash, rows[4].hash);
        assert_eq!(verify(&key, &rows, Some(head.clone())), Ok(head));
        assert_eq!(verify(&key, &[], None).unwrap().hash, genesis_hash());
    }

    #[test]
    fn times_are_hashed_to_the_microsecond() {
        let key = SecretKey::generate();
        let rows = chain(&key, 1);
        assert_eq!(rows[0].at.and_utc().timestamp_subsec_nanos(), 123_456_000);
    }

    #[test]
    fn an_edited_field_is_caught_at_its_row() {
        let key = SecretKey::generate();
        let mut rows = chain(&key, 4);
        rows[2].detail = "nothing happened".into();
        assert_eq!(
            verify(&key, &rows, None),
            Err(ChainBreak::Altered { seq: 3 })
        );
    }

    #[test]
    fn an_edit_with_a_recomputed_hash_needs_the_key() {
        let key = SecretKey::generate();
        let forger = SecretKey::generate();
        let mut rows = chain(&key, 3);
        let row = &mut rows[1];
        row.actor = "staff:99".into();
        row.hash = row.expected_hash(&forger);
        assert_eq!(
            verify(&key, &rows, None),
            Err(ChainBreak::Altered { seq: 2 })
        );
    }

    #[test]
    fn a_deleted_row_is_caught() {
        let key = SecretKey::generate();
        let mut rows = chain(&key, 4);
        rows.remove(1);
        assert_eq!(
            verify(&key, &rows, None),
            Err(ChainBreak::Gap {
                expected: 2,
                found: 3
            })
        );
    }

    #[test]
    fn a_renumbered_deletion_is_caught_by_the_link() {
        let key = SecretKey::generate();
        let mut rows = chain(&key, 4);
        rows.remove(1);
        for row in &mut rows[1..] {
            row.seq -= 1;
        }
        assert_eq!(
            verify(&key, &rows, None),
            Err(ChainBreak::Unlinked { seq: 2 })
        );
    }

    #[test]
    fn a_cut_off_tail_is_caught_against_the_recorded_head() {
        let key = SecretKey::generate();
        let rows = chain(&key, 5);
        let head = verify(&key, &rows, None).unwrap();
        let cut = &rows[..3];
        assert!(
            verify(&key, cut, None).is_ok(),
            "without a head it cannot be seen"
        );
        assert_eq!(
            verify(&key, cut, Some(head)),
            Err(ChainBreak::Truncated {
                count: 3,
                expected: 5
            })
        );
    }

    #[test]
    fn a_head_from_another_chain_does_not_match() {
        let key = SecretKey::generate();
        let rows = chain(&key, 3);
        let other = AuditHead {
            count: 2,
            hash: "ab".repeat(32),
        };
        assert_eq!(
            verify(&key, &rows, Some(other)),
            Err(ChainBreak::HeadMismatch { seq: 2 })
        );
    }

    #[test]
    fn heads_read_and_print_as_count_colon_hash() {
        let text = format!("42:{}", "AB".repeat(32));
        let head = AuditHead::parse(&text).unwrap();
        assert_eq!(head.count, 42);
        assert_eq!(head.to_string(), format!("42:{}", "ab".repeat(32)));
        for bad in ["", "42", "x:ab", "-1:00", &format!("3:{}", "a".repeat(63))] {
            assert_eq!(AuditHead::parse(bad), Err(NotAHead), "{bad}");
        }
    }

    #[test]
    fn action_names_round_trip() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
        }
    }
}
