//! A report form posted more than once: a double tap, a lost answer, or
//! whoever holds the phone later pressing Back and "resend". Within
//! [`RECEIPT_KEPT`] of the first post the same form gets the same receipt,
//! so a tipster whose answer was lost is not left without one; after that
//! the form gets what an expired form gets, so a phone's history hands out
//! no working credentials. A form sent again with other content is shown
//! back to be sent as a new report, never silently dropped.
//!
//! The database knows a form only by a keyed hash of its nonce, and keeps
//! its receipt sealed under a key derived from the server key and the nonce
//! together: a copy of the database, even with the server key, opens no
//! receipt without the form the tipster's phone holds.

use chrono::{NaiveDateTime, TimeDelta};

use super::receipt::{Passphrase, TipCode};
use super::report::Report;
use crate::secret::{SecretKey, seal_with, to_hex, unseal_with};

/// How long the receipt of a posted form can be shown again.
pub const RECEIPT_KEPT: TimeDelta = TimeDelta::seconds(120);

/// What the database may hold to know a form again, and the key that
/// seals its receipt (which it must never hold).
pub struct FormKeys {
    /// A keyed hash of the nonce, as hex: the form's name in the database.
    pub nonce_hash: String,
    seal_key: [u8; 32],
}

impl FormKeys {
    pub fn of(secret: &SecretKey, nonce: &str) -> Self {
        FormKeys {
            nonce_hash: to_hex(&secret.sign("form-nonce", nonce.as_bytes())),
            seal_key: secret.sign("form-receipt-seal", nonce.as_bytes()),
        }
    }

    /// The receipt, sealed for the seconds it may be shown again.
    pub fn seal(&self, code: &TipCode, passphrase: &Passphrase) -> Vec<u8> {
        let plain = format!("{} {}", code.as_str(), passphrase.digits());
        seal_with(&self.seal_key, self.nonce_hash.as_bytes(), plain.as_bytes())
    }

    /// The receipt sealed by [`FormKeys::seal`] for this form, if it opens.
    pub fn open(&self, sealed: &[u8]) -> Option<(TipCode, Passphrase)> {
        let plain = unseal_with(&self.seal_key, self.nonce_hash.as_bytes(), sealed).ok()?;
        let plain = String::from_utf8(plain).ok()?;
        let (code, passphrase) = plain.split_once(' ')?;
        Some((
            TipCode::parse(code).ok()?,
            Passphrase::parse(passphrase).ok()?,
        ))
    }
}

/// A keyed hash of what a report says and shows, to tell a repeat of the
/// same report from other content sent with the same form. Each field is
/// length-prefixed, so no two reports run together into one text.
pub fn content_hash(secret: &SecretKey, report: &Report, photo_hashes: &[&str]) -> String {
    let places = &report.places;
    let point = report
        .point
        .map(|p| format!("{} {}", p.latitude(), p.longitude()));
    let observed = report.observed_on.map(|day| day.to_string());
    let codes = [
        &places.province,
        &places.district,
        &places.commune,
        &places.village,
    ]
    .map(|code| code.as_ref().map(|code| code.as_str().to_owned()));
    let mut fields: Vec<&str> = vec![
        report.category.as_str(),
        &report.description,
        observed.as_deref().unwrap_or(""),
        point.as_deref().unwrap_or(""),
        &report.landmark,
    ];
    fields.extend(codes.iter().map(|code| code.as_deref().unwrap_or("")));
    fields.extend(photo_hashes);
    let mut message = Vec::new();
    for field in fields {
        message.extend_from_slice(&(field.len() as u64).to_be_bytes());
        message.extend_from_slice(field.as_bytes());
    }
    to_hex(&secret.sign("form-content", &message))
}

/// A form posted before, as the database remembers it.
pub struct EarlierPost {
    pub content_hash: String,
    /// The sealed receipt, while it is kept.
    pub sealed_receipt: Option<Vec<u8>>,
    pub sealed_until: NaiveDateTime,
}

/// What a form posted again gets.
#[derive(Debug, PartialEq, Eq)]
pub enum Resend {
    /// The receipt of the first post, shown again.
    SameReceipt(TipCode, Passphrase),
    /// The answer an expired form gets, naming no report.
    Expired,
    /// Other content: shown back, to be sent as a new report.
    OtherContent,
}

impl EarlierPost {
    pub fn answer(&self, keys: &FormKeys, content_hash: &str, now: NaiveDateTime) -> Resend {
        if self.content_hash != content_hash {
            return Resend::OtherContent;
        }
        let kept = self
            .sealed_receipt
            .as_deref()
            .filter(|_| now < self.sealed_until);
        match kept.and_then(|sealed| keys.open(sealed)) {
            Some((code, passphrase)) => Resend::SameReceipt(code, passphrase),
            None => Resend::Expired,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::category::Category;
    use crate::domain::report::PlaceChoice;

    fn report(description: &str) -> Report {
        Report {
            category: Category::Held,
            description: description.to_owned(),
            observed_on: None,
            point: None,
            places: PlaceChoice::default(),
            landmark: "by the river".to_owned(),
        }
    }

    fn at(seconds: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_780_000_000 + seconds, 0)
            .unwrap()
            .naive_utc()
    }

    #[test]
    fn a_sealed_receipt_opens_only_with_its_own_form() {
        let secret = SecretKey::generate();
        let keys = FormKeys::of(&secret, "aa11");
        let code = TipCode::generate();
        let passphrase = Passphrase::generate();
        let sealed = keys.seal(&code, &passphrase);
        assert_eq!(keys.open(&sealed), Some((code.clone(), passphrase.clone())));
        assert_eq!(FormKeys::of(&secret, "aa12").open(&sealed), None);
        assert_eq!(
            FormKeys::of(&SecretKey::generate(), "aa11").open(&sealed),
            None
        );
        let text = String::from_utf8_lossy(&sealed);
        assert!(!text.contains(code.as_str()) && !text.contains(passphrase.digits()));
        assert!(!keys.nonce_hash.contains("aa11"));
    }

    #[test]
    fn a_repeat_gets_the_receipt_only_while_it_is_kept() {
        let secret = SecretKey::generate();
        let keys = FormKeys::of(&secret, "bb22");
        let content = content_hash(&secret, &report("Two women locked in"), &[]);
        let (code, passphrase) = (TipCode::generate(), Passphrase::generate());
        let earlier = EarlierPost {
            content_hash: content.clone(),
            sealed_receipt: Some(keys.seal(&code, &passphrase)),
            sealed_until: at(0) + RECEIPT_KEPT,
        };
        assert_eq!(
            earlier.answer(&keys, &content, at(119)),
            Resend::SameReceipt(code, passphrase)
        );
        assert_eq!(earlier.answer(&keys, &content, at(120)), Resend::Expired);
        let forgotten = EarlierPost {
            sealed_receipt: None,
            ..earlier
        };
        assert_eq!(forgotten.answer(&keys, &content, at(1)), Resend::Expired);
    }

    #[test]
    fn other_content_on_the_same_form_is_never_taken_for_a_repeat() {
        let secret = SecretKey::generate();
        let keys = FormKeys::of(&secret, "cc33");
        let first = content_hash(&secret, &report("Two women locked in"), &[]);
        let earlier = EarlierPost {
            content_hash: first.clone(),
            sealed_receipt: None,
            sealed_until: at(0),
        };
        let edited = content_hash(&secret, &report("Three women locked in"), &[]);
        let with_photo = content_hash(&secret, &report("Two women locked in"), &["ab"]);
        assert_ne!(first, edited);
        assert_ne!(first, with_photo);
        assert_eq!(earlier.answer(&keys, &edited, at(1)), Resend::OtherContent);
        // Fields do not run together: "ab" + "c" differs from "a" + "bc".
        let mut split_a = report("ab");
        split_a.landmark = "c".to_owned();
        let mut split_b = report("a");
        split_b.landmark = "bc".to_owned();
        assert_ne!(
            content_hash(&secret, &split_a, &[]),
            content_hash(&secret, &split_b, &[])
        );
    }
}
