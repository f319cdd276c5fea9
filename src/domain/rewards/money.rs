//! Money as the rewards policy counts it: whole units of one configured
//! currency, never fractions, never floating point.

use std::fmt;

use crate::domain::digits::ascii_digit;

/// The largest amount anyone may type: far above any real reward, far
/// below where sums of many could overflow.
const AMOUNT_MAX: i64 = 1_000_000_000_000;

/// A positive whole number of currency units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount(i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("an amount is a whole number of units")]
    NotWhole,
    #[error("an amount is more than zero")]
    NotPositive,
    #[error("an amount is too large")]
    TooLarge,
}

impl Amount {
    /// An amount from a stored or configured number.
    pub fn new(units: i64) -> Result<Amount, AmountError> {
        if units <= 0 {
            Err(AmountError::NotPositive)
        } else if units > AMOUNT_MAX {
            Err(AmountError::TooLarge)
        } else {
            Ok(Amount(units))
        }
    }

    /// Reads an amount as typed: digits of any script, grouped by spaces,
    /// commas or apostrophes. A decimal point is refused rather than
    /// guessed at, since `1.000` means a thousand in some places and one in
    /// others.
    pub fn parse(typed: &str) -> Result<Amount, AmountError> {
        let mut digits = String::new();
        for c in typed.trim().chars() {
            match ascii_digit(c) {
                Some(digit) => digits.push(digit),
                None if c.is_whitespace() || matches!(c, ',' | '\'' | '_' | '\u{202F}') => {}
                None => return Err(AmountError::NotWhole),
            }
        }
        if digits.is_empty() {
            return Err(AmountError::NotWhole);
        }
        if digits.len() > 13 {
            return Err(AmountError::TooLarge);
        }
        Amount::new(digits.parse().map_err(|_| AmountError::TooLarge)?)
    }

    pub fn units(self) -> i64 {
        self.0
    }
}

/// Digits grouped by thousands with commas: `1,200,000`.
pub fn grouped(units: i64) -> String {
    let digits = units.unsigned_abs().to_string();
    let mut shown = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            shown.push(',');
        }
        shown.push(digit);
    }
    if units < 0 {
        format!("-{shown}")
    } else {
        shown
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&grouped(self.0))
    }
}

/// An ISO 4217 currency code such as `KHR`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Currency(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a currency is three capital letters, such as KHR")]
pub struct NotACurrency;

impl Currency {
    pub fn parse(text: &str) -> Result<Currency, NotACurrency> {
        let code = text.trim();
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Currency(code.to_owned()))
        } else {
            Err(NotACurrency)
        }
    }

    pub fn riel() -> Currency {
        Currency("KHR".to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_as_whole_units_in_any_digits() {
        assert_eq!(Amount::parse("1000000").unwrap().units(), 1_000_000);
        assert_eq!(Amount::parse(" 1,000,000 ").unwrap().units(), 1_000_000);
        assert_eq!(Amount::parse("1 000 000").unwrap().units(), 1_000_000);
        assert_eq!(Amount::parse("១០០០០").unwrap().units(), 10_000);
        assert_eq!(Amount::parse("1.5"), Err(AmountError::NotWhole));
        assert_eq!(Amount::parse("1.000"), Err(AmountError::NotWhole));
        assert_eq!(Amount::parse("-5"), Err(AmountError::NotWhole));
        assert_eq!(Amount::parse("abc"), Err(AmountError::NotWhole));
        assert_eq!(Amount::parse(""), Err(AmountError::NotWhole));
        assert_eq!(Amount::parse("0"), Err(AmountError::NotPositive));
        assert_eq!(
            Amount::parse("99999999999999999999"),
            Err(AmountError::TooLarge)
        );
        assert_eq!(Amount::parse("1000000000001"), Err(AmountError::TooLarge));
    }

    #[test]
    fn amounts_are_shown_grouped_by_thousands() {
        assert_eq!(Amount::new(1_200_000).unwrap().to_string(), "1,200,000");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(-25_000), "-25,000");
    }

    #[test]
    fn a_currency_is_three_capitals() {
        assert_eq!(Currency::parse("USD").unwrap().as_str(), "USD");
        assert_eq!(Currency::riel().as_str(), "KHR");
        for wrong in ["usd", "US", "USDT", "U$D", ""] {
            assert_eq!(Currency::parse(wrong), Err(NotACurrency), "{wrong}");
        }
    }
}
