//! Time-based one-time codes (RFC 6238) for the staff second factor: the
//! seed, the enrolment QR code (inline SVG: a `data:` image would break the
//! CSP) and the check that accepts each code once.

use qrcode::QrCode;
use qrcode::render::svg;
use totp_rs::{Builder, Secret, Totp};

use crate::domain::ids::StaffId;
use crate::secret::{SecretKey, UnsealError};

const SEED_LEN: usize = 20;
const ISSUER: &str = "Tipline";
/// Sealed seeds are bound to their account with this purpose.
const SEAL_PURPOSE: &str = "totp-seed";

/// A TOTP seed: 160 random bits. `Debug` never prints it.
#[derive(Clone)]
pub struct TotpSeed([u8; SEED_LEN]);

impl std::fmt::Debug for TotpSeed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSeed(…)")
    }
}

impl TotpSeed {
    pub fn generate() -> Self {
        let mut seed = [0u8; SEED_LEN];
        rand::fill(&mut seed);
        TotpSeed(seed)
    }

    /// A seed as an authenticator app is given it by hand: base 32.
    pub fn from_base32(text: &str) -> Option<Self> {
        let bytes = Secret::try_from_base32(text.trim()).ok()?;
        <[u8; SEED_LEN]>::try_from(bytes.as_ref())
            .ok()
            .map(TotpSeed)
    }

    /// The seed encrypted with the server key, bound to the staff id.
    pub fn seal(&self, key: &SecretKey, staff_id: StaffId) -> Vec<u8> {
        key.seal(SEAL_PURPOSE, &staff_id.0.to_be_bytes(), &self.0)
    }

    pub fn unseal(key: &SecretKey, staff_id: StaffId, sealed: &[u8]) -> Result<Self, UnsealError> {
        let bytes = key.unseal(SEAL_PURPOSE, &staff_id.0.to_be_bytes(), sealed)?;
        let seed = <[u8; SEED_LEN]>::try_from(bytes.as_slice()).map_err(|_| UnsealError)?;
        Ok(TotpSeed(seed))
    }

    fn totp(&self, account: &str) -> Totp {
        // Six digits, 30 s steps, SHA-1 and one step of clock skew: what
        // every authenticator app understands.
        Builder::new()
            .with_secret(Secret::from(self.0))
            .with_issuer(Some(ISSUER))
            .with_account_name(account.replace(':', " "))
            .build()
            .expect("a 160-bit seed with the default parameters is valid")
    }

    /// The seed as base 32, for typing into an app by hand.
    pub fn base32(&self) -> String {
        Secret::from(self.0).to_base32()
    }

    /// The `otpauth://` address an authenticator app scans.
    pub fn url(&self, account: &str) -> String {
        self.totp(account)
            .to_url()
            .expect("the account name has no colon")
    }

    /// The enrolment QR code as an `<svg>` element to put into the page.
    pub fn qr_svg(&self, account: &str) -> String {
        let code = QrCode::new(self.url(account).as_bytes())
            .expect("an otpauth address fits in a QR code");
        let image = code
            .render::<svg::Color>()
            .min_dimensions(220, 220)
            .quiet_zone(true)
            .build();
        match image.find("<svg") {
            Some(start) => image[start..].to_owned(),
            None => image,
        }
    }

    /// The time step `code` belongs to at `unix_seconds`, if it is right
    /// (one step either side is allowed for clock drift). The caller must
    /// refuse a step at or before the last one accepted.
    pub fn check(&self, code: &str, unix_seconds: u64) -> Option<u64> {
        let digits: String = code
            .chars()
            .filter_map(crate::domain::digits::ascii_digit)
            .collect();
        if digits.len() != 6 || code.chars().any(|c| c.is_alphabetic()) {
            return None;
        }
        self.totp("").check(&digits, unix_seconds)
    }

    /// The code for `unix_seconds`: what an authenticator app would show.
    pub fn code_at(&self, unix_seconds: u64) -> String {
        self.totp("").generate(unix_seconds).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_800_000_000;

    #[test]
    fn the_current_code_and_its_neighbours_are_accepted_with_their_step() {
        let seed = TotpSeed::generate();
        let step = NOW / 30;
        assert_eq!(seed.check(&seed.code_at(NOW), NOW), Some(step));
        assert_eq!(seed.check(&seed.code_at(NOW - 30), NOW), Some(step - 1));
        assert_eq!(seed.check(&seed.code_at(NOW + 30), NOW), Some(step + 1));
        assert_eq!(seed.check(&seed.code_at(NOW - 90), NOW), None);
    }

    #[test]
    fn codes_are_read_with_spaces_and_in_khmer_digits() {
        let seed = TotpSeed::generate();
        let code = seed.code_at(NOW);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(seed.check(&spaced, NOW).is_some());
        let khmer: String = code
            .chars()
            .map(|c| char::from_u32(0x17E0 + c.to_digit(10).unwrap()).unwrap())
            .collect();
        assert!(seed.check(&khmer, NOW).is_some());
        assert_eq!(seed.check("12345", NOW), None);
        assert_eq!(seed.check("12345a6", NOW), None);
    }

    #[test]
    fn a_sealed_seed_opens_only_for_its_own_account() {
        let key = SecretKey::generate();
        let seed = TotpSeed::generate();
        let sealed = seed.seal(&key, StaffId(7));
        let opened = TotpSeed::unseal(&key, StaffId(7), &sealed).unwrap();
        assert_eq!(opened.code_at(NOW), seed.code_at(NOW));
        assert!(TotpSeed::unseal(&key, StaffId(8), &sealed).is_err());
        assert!(TotpSeed::unseal(&SecretKey::generate(), StaffId(7), &sealed).is_err());
    }

    #[test]
    fn the_qr_code_is_an_inline_svg_without_style_attributes() {
        let svg = TotpSeed::generate().qr_svg("dara@police.gov.kh");
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(!svg.contains("style"));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn the_base32_seed_is_what_an_app_would_be_given() {
        let seed = TotpSeed::generate();
        let typed = TotpSeed::from_base32(&seed.base32()).unwrap();
        assert_eq!(typed.code_at(NOW), seed.code_at(NOW));
        assert!(TotpSeed::from_base32("not base32!").is_none());
    }

    #[test]
    fn the_url_names_the_issuer_and_carries_the_base32_seed() {
        let seed = TotpSeed::generate();
        let url = seed.url("dara@police.gov.kh");
        assert!(url.starts_with("otpauth://totp/Tipline:"), "{url}");
        assert!(url.contains(&format!("secret={}", seed.base32())), "{url}");
        assert!(url.contains("issuer=Tipline"), "{url}");
    }
}
