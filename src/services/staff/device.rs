//! The device cookie (OWASP's "device cookies"): given to a browser once
//! its account has signed in fully, it names the account and a random
//! nonce, signed with the server key. A try sent with a valid one counts
//! against that browser's own budget, so a stranger who only knows the
//! address cannot lock its owner out.

use chrono::{DateTime, Utc};

use crate::domain::ids::StaffId;
use crate::domain::staff::DEVICE_LIFETIME;
use crate::secret::{SecretKey, to_hex};
use crate::tokens;

const PURPOSE: &str = "staff-device";

/// The cookie's value, as given to the browser.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceToken(String);

impl std::fmt::Debug for DeviceToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceToken(…)")
    }
}

impl DeviceToken {
    /// The value as the browser sent it; checked when it is recognised.
    pub fn sent(text: &str) -> Self {
        DeviceToken(text.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A device as the database knows it: only a keyed hash of the nonce, so a
/// copy of the database gives no budget to anyone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct KnownDevice {
    pub nonce_hash: String,
}

fn nonce_hash(key: &SecretKey, nonce: &str) -> String {
    to_hex(&key.sign(PURPOSE, nonce.as_bytes()))
}

/// A new cookie for `staff_id`, and what the database keeps of it.
pub(super) fn issue(
    key: &SecretKey,
    staff_id: StaffId,
    now: DateTime<Utc>,
) -> (DeviceToken, KnownDevice) {
    let nonce = tokens::nonce();
    let token = tokens::issue(key, PURPOSE, &format!("{staff_id}-{nonce}"), now);
    let device = KnownDevice {
        nonce_hash: nonce_hash(key, &nonce),
    };
    (DeviceToken(token), device)
}

/// The device a cookie stands for, if it is genuine, not expired and names
/// `staff_id`; any other cookie counts as an unknown device.
pub(super) fn recognise(
    key: &SecretKey,
    token: &DeviceToken,
    staff_id: StaffId,
    now: DateTime<Utc>,
) -> Option<KnownDevice> {
    let payload = tokens::verify(key, PURPOSE, &token.0, now, DEVICE_LIFETIME).ok()?;
    let (named, nonce) = payload.split_once('-')?;
    (named.parse::<StaffId>().ok()? == staff_id).then(|| KnownDevice {
        nonce_hash: nonce_hash(key, nonce),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn a_cookie_is_recognised_for_its_own_account_within_its_lifetime() {
        let key = SecretKey::generate();
        let now = Utc::now();
        let (token, device) = issue(&key, StaffId(7), now);
        let later = now + DEVICE_LIFETIME - TimeDelta::minutes(1);
        assert_eq!(recognise(&key, &token, StaffId(7), later), Some(device));
        let expired = now + DEVICE_LIFETIME + TimeDelta::minutes(1);
        assert_eq!(recognise(&key, &token, StaffId(7), expired), None);
        assert_eq!(recognise(&key, &token, StaffId(8), now), None);
    }

    #[test]
    fn a_forged_or_altered_cookie_is_an_unknown_device() {
        let key = SecretKey::generate();
        let now = Utc::now();
        let (token, _) = issue(&key, StaffId(7), now);
        let other_key = SecretKey::generate();
        assert_eq!(recognise(&other_key, &token, StaffId(7), now), None);
        let altered = DeviceToken::sent(&token.as_str().replacen("7-", "8-", 1));
        assert_eq!(recognise(&key, &altered, StaffId(8), now), None);
        let made_up = tokens::issue(&key, "report", "7-00", now);
        assert_eq!(
            recognise(&key, &DeviceToken::sent(&made_up), StaffId(7), now),
            None
        );
    }

    #[test]
    fn two_cookies_of_one_account_are_two_devices() {
        let key = SecretKey::generate();
        let now = Utc::now();
        let (_, first) = issue(&key, StaffId(7), now);
        let (_, second) = issue(&key, StaffId(7), now);
        assert_ne!(first, second);
    }
}
