//! Digits as people type them. Phones in the region type the digits of
//! their own script; receipts are always shown in ASCII digits, but input in
//! Khmer, Thai, Lao, Burmese or full-width digits is read as well.

/// The first code point of each script's 0–9 run.
const ZEROS: [char; 5] = [
    '\u{17E0}', // Khmer ០
    '\u{0E50}', // Thai ๐
    '\u{0ED0}', // Lao ໐
    '\u{1040}', // Myanmar ၀
    '\u{FF10}', // full-width ０ (Chinese, Korean and Japanese input methods)
];

/// The ASCII digit `c` stands for, if it is a digit of a known script.
pub fn ascii_digit(c: char) -> Option<char> {
    if c.is_ascii_digit() {
        return Some(c);
    }
    ZEROS.iter().find_map(|&zero| {
        let offset = u32::from(c).checked_sub(u32::from(zero))?;
        (offset < 10).then(|| char::from_digit(offset, 10).expect("offset is below 10"))
    })
}

/// `text` with every known digit turned into ASCII, other characters kept.
pub fn to_ascii_digits(text: &str) -> String {
    text.chars().map(|c| ascii_digit(c).unwrap_or(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_of_every_supported_script_read_as_ascii() {
        assert_eq!(to_ascii_digits("០១២៣៤៥៦៧៨៩"), "0123456789");
        assert_eq!(to_ascii_digits("๐๑๒๓๔๕๖๗๘๙"), "0123456789");
        assert_eq!(to_ascii_digits("໐໑໒໓໔໕໖໗໘໙"), "0123456789");
        assert_eq!(to_ascii_digits("၀၁၂၃၄၅၆၇၈၉"), "0123456789");
        assert_eq!(to_ascii_digits("０１２３４５６７８９"), "0123456789");
    }

    #[test]
    fn other_characters_are_kept() {
        assert_eq!(to_ascii_digits("K7QM-៤XRT"), "K7QM-4XRT");
        assert_eq!(ascii_digit('ក'), None);
        assert_eq!(ascii_digit('\u{17EA}'), None, "past Khmer nine");
        assert_eq!(ascii_digit('A'), None);
    }
}
