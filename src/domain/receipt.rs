//! What a tipster takes home: a tip code to name the tip and a passphrase to
//! prove it is theirs. Both are read forgivingly, because they are copied by
//! hand from paper, in any script's digits.

use std::fmt;

use super::digits::ascii_digit;
use crate::secret::SecretKey;

/// Crockford's base 32: no I, L, O or U, so nothing reads as something else.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LEN: usize = 8;
const PASSPHRASE_DIGITS: usize = 16;

/// `len` random Crockford characters.
pub(in crate::domain) fn random_crockford(len: usize) -> String {
    (0..len)
        .map(|_| char::from(CROCKFORD[rand::random_range(0..CROCKFORD.len())]))
        .collect()
}

/// Reads `len` Crockford characters as typed: any case, spaces and dashes
/// anywhere, O for 0, I or L for 1, and digits of any supported script.
pub(in crate::domain) fn read_crockford(typed: &str, len: usize) -> Option<String> {
    let mut code = String::with_capacity(len);
    for c in typed.chars() {
        if c.is_whitespace() || matches!(c, '-' | '‐' | '–' | '—' | '_' | '.') {
            continue;
        }
        let c = match ascii_digit(c) {
            Some(digit) => digit,
            None => match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c if c.is_ascii() && CROCKFORD.contains(&(c as u8)) => c,
                _ => return None,
            },
        };
        code.push(c);
    }
    (code.len() == len).then_some(code)
}

/// A tip code: 8 random Crockford characters (40 bits), shown as `K7QM-4XRT`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TipCode(String);

/// Why typed text is not a tip code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a tip code")]
pub struct NotATipCode;

impl TipCode {
    /// A fresh random code.
    pub fn generate() -> Self {
        TipCode(random_crockford(CODE_LEN))
    }

    /// Reads a code as typed: any case, spaces and dashes anywhere, O for 0,
    /// I or L for 1, and digits of any supported script.
    pub fn parse(typed: &str) -> Result<Self, NotATipCode> {
        read_crockford(typed, CODE_LEN)
            .map(TipCode)
            .ok_or(NotATipCode)
    }

    /// The stored form: 8 characters, no dash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A tip code as the database knows it: a keyed hash of the code (HMAC-SHA-256
/// under the server key), so a code found on paper leads to no report
/// through a copy of the database. 48 bits in 8 URL-safe base 64
/// characters, the width the column has always had: a new code whose hash
/// is taken is drawn again, as a clashing code always was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredCode(String);

const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

impl TipCode {
    /// The keyed hash the database stores for this code.
    pub fn stored(&self, secret: &SecretKey) -> StoredCode {
        let tag = secret.sign("tip-code", self.0.as_bytes());
        let bits = tag[..6]
            .iter()
            .fold(0u64, |bits, byte| (bits << 8) | u64::from(*byte));
        StoredCode(
            (0..CODE_LEN)
                .rev()
                .map(|group| char::from(BASE64URL[((bits >> (group * 6)) & 63) as usize]))
                .collect(),
        )
    }
}

impl StoredCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Shown as two groups of four, `K7QM-4XRT`.
impl fmt::Display for TipCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.0[..4], &self.0[4..])
    }
}

impl fmt::Debug for TipCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TipCode({self})")
    }
}

/// A passphrase: 16 random digits (about 53 bits), shown as four groups.
/// It is shown once and stored only as a hash, so `Debug` never prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(String);

/// Why typed text is not a passphrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a passphrase")]
pub struct NotAPassphrase;

impl Passphrase {
    /// A fresh random passphrase.
    pub fn generate() -> Self {
        Passphrase(
            (0..PASSPHRASE_DIGITS)
                .map(|_| char::from(b'0' + rand::random_range(0..10u8)))
                .collect(),
        )
    }

    /// Reads 16 digits of any supported script, with spaces, dashes or dots
    /// anywhere between them.
    pub fn parse(typed: &str) -> Result<Self, NotAPassphrase> {
        let mut digits = String::with_capacity(PASSPHRASE_DIGITS);
        for c in typed.chars() {
            match ascii_digit(c) {
                Some(digit) => digits.push(digit),
                None if c.is_whitespace() || matches!(c, '-' | '‐' | '–' | '—' | '.' | '_') =>
                    {}
                None => return Err(NotAPassphrase),
            }
        }
        if digits.len() == PASSPHRASE_DIGITS {
            Ok(Passphrase(digits))
        } else {
            Err(NotAPassphrase)
        }
    }

    /// The 16 digits, for hashing.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// `1234 5678 9012 3456`, for the receipt page only.
    pub fn grouped(&self) -> String {
        self.0
            .as_bytes()
            .chunks(4)
            .map(|group| std::str::from_utf8(group).expect("ASCII digits"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_code_is_a_keyed_hash_of_the_width_of_a_code() {
        let (key, other_key) = (SecretKey::generate(), SecretKey::generate());
        let code = TipCode::parse("K7QM-4XRT").unwrap();
        let stored = code.stored(&key);
        assert_eq!(stored.as_str().len(), 8);
        assert_eq!(stored, TipCode::parse("k7qm 4xrt").unwrap().stored(&key));
        assert_ne!(stored.as_str(), code.as_str());
        assert_ne!(stored, code.stored(&other_key), "the hash needs the key");
        assert_ne!(stored, TipCode::parse("K7QM-4XRV").unwrap().stored(&key));
        assert!(
            stored
                .as_str()
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }

    #[test]
    fn a_new_code_is_eight_crockford_characters_shown_in_two_groups() {
        let code = TipCode::generate();
        assert_eq!(code.as_str().len(), 8);
        assert!(code.as_str().bytes().all(|b| CROCKFORD.contains(&b)));
        let shown = code.to_string();
        assert_eq!(shown.len(), 9);
        assert_eq!(&shown[4..5], "-");
        assert_eq!(TipCode::parse(&shown), Ok(code));
    }

    #[test]
    fn codes_are_read_forgivingly() {
        let expected = TipCode::parse("K7QM4XRT").unwrap();
        for typed in [
            "k7qm-4xrt",
            " K7QM 4XRT ",
            "K7QM–4XRT",
            "k7qm_4xrt",
            "K7QM-៤XRT",
            "K7QM-๔XRT",
        ] {
            assert_eq!(TipCode::parse(typed), Ok(expected.clone()), "{typed:?}");
        }
        assert_eq!(TipCode::parse("OILo-1111").unwrap().as_str(), "01101111");
    }

    #[test]
    fn codes_of_the_wrong_length_or_alphabet_are_refused() {
        for typed in [
            "",
            "K7QM-4XR",
            "K7QM-4XRTT",
            "K7QM-4XRU",
            "K7QM/4XRT",
            "ក7QM-4XRT",
        ] {
            assert_eq!(TipCode::parse(typed), Err(NotATipCode), "{typed:?}");
        }
    }

    #[test]
    fn codes_differ_from_one_another() {
        let codes: std::collections::HashSet<_> = (0..1_000).map(|_| TipCode::generate()).collect();
        assert_eq!(codes.len(), 1_000);
    }

    #[test]
    fn a_new_passphrase_is_sixteen_digits_in_four_groups() {
        let passphrase = Passphrase::generate();
        assert_eq!(passphrase.digits().len(), 16);
        assert!(passphrase.digits().bytes().all(|b| b.is_ascii_digit()));
        let grouped = passphrase.grouped();
        assert_eq!(
            grouped.split(' ').map(str::len).collect::<Vec<_>>(),
            [4, 4, 4, 4]
        );
        assert_eq!(Passphrase::parse(&grouped), Ok(passphrase));
    }

    #[test]
    fn passphrases_are_read_in_any_script_and_never_printed() {
        let expected = Passphrase::parse("1234567890123456").unwrap();
        for typed in [
            "1234 5678 9012 3456",
            "1234-5678-9012-3456",
            "១២៣៤ ៥៦៧៨ ៩០១២ ៣៤៥៦",
            "၁၂၃၄၅၆၇၈၉၀၁၂၃၄၅၆",
            "๑๒๓๔ ๕๖๗๘ ๙๐๑๒ ๓๔๕๖",
        ] {
            assert_eq!(Passphrase::parse(typed), Ok(expected.clone()), "{typed:?}");
        }
        assert_eq!(format!("{expected:?}"), "Passphrase(<redacted>)");
        for typed in [
            "123456789012345",
            "12345678901234567",
            "1234 5678 9012 345a",
            "",
        ] {
            assert_eq!(Passphrase::parse(typed), Err(NotAPassphrase), "{typed:?}");
        }
    }
}
