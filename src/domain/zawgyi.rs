//! Burmese typed in Zawgyi, read as Unicode.
//!
//! Many phones in Myanmar still type Burmese with Zawgyi, a font encoding
//! that reuses the code points of the Unicode Myanmar block with other
//! meanings: U+1039 is the visible killer (asat) rather than the invisible
//! stacking sign, U+103A–U+103D are other medials, the vowel sign E and
//! medial RA are stored before their consonant because that is where they
//! are drawn, and U+1060–U+1097, which Unicode gives to Shan, Mon and Karen,
//! hold Zawgyi's glyph variants and stacked consonants.
//!
//! The same bytes therefore read as different text depending on the font.
//! Staff read tips and search them with Unicode fonts and keyboards, so a
//! tip typed in Zawgyi would be garbled and unfindable: tips are stored in
//! Unicode, and text that looks like Zawgyi is converted on the way in.
//!
//! Converting text that is already Unicode would corrupt it, so detection
//! is conservative: only sequences that well-formed Unicode cannot contain
//! count for Zawgyi, and sequences only Unicode uses count against it.

use std::borrow::Cow;

/// `text` in Unicode: converted if it is probably Zawgyi, else untouched.
pub fn to_unicode_if_zawgyi(text: &str) -> Cow<'_, str> {
    if is_probably_zawgyi(text) {
        Cow::Owned(zawgyi_to_unicode(text))
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether `text` is Burmese typed in Zawgyi rather than Unicode.
///
/// Counts the sequences only one of the two encodings produces; Zawgyi has
/// to win outright, so text with no telling sequence stays Unicode.
pub fn is_probably_zawgyi(text: &str) -> bool {
    // Most tips have no Burmese at all: skip the work for them.
    if !text.chars().any(is_myanmar) {
        return false;
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut zawgyi, mut unicode) = (0_usize, 0_usize);
    for (before, rest) in positions(&chars) {
        match evidence(before, rest) {
            Some(Encoding::Zawgyi) => zawgyi += 1,
            Some(Encoding::Unicode) => unicode += 1,
            None => {}
        }
    }
    zawgyi > unicode
}

/// Burmese `text` typed in Zawgyi, spelled in Unicode; other scripts kept.
///
/// Each consonant is read together with the marks Zawgyi stores around it,
/// every mark is mapped to its Unicode meaning, and the marks are then put
/// in the storage order of Unicode Technical Note #11.
pub fn zawgyi_to_unicode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut syllable = Syllable::default();
    let chars = with_digits_read_as_letters(text);
    for (at, &c) in chars.iter().enumerate() {
        let role = role_before(c, chars.get(at + 1).copied());
        if role == Role::Other {
            syllable.write_into(&mut out);
            out.push(c);
            continue;
        }
        // Marks that Zawgyi types before a consonant start a new syllable,
        // just as the consonant does.
        if role != Role::Mark && syllable.has_base {
            syllable.write_into(&mut out);
        }
        syllable.add(c, role == Role::Base);
    }
    syllable.write_into(&mut out);
    out
}

const VIRAMA: char = '\u{1039}';
const ASAT: char = '\u{103A}';

/// Which encoding a sequence gives away.
enum Encoding {
    Zawgyi,
    Unicode,
}

/// The role of `c` when `next` follows it. Zawgyi stores vowel sign E and
/// medial RA before a consonant; one that has no consonant after it was
/// typed after its own, as some keyboards allow, and belongs to it.
fn role_before(c: char, next: Option<char>) -> Role {
    match role(c) {
        Role::Prefix if !next.is_some_and(|n| matches!(role(n), Role::Base | Role::Prefix)) => {
            Role::Mark
        }
        role => role,
    }
}

/// What the sequence starting at `rest[0]`, after `before`, says about the
/// encoding, if anything.
fn evidence(before: Option<char>, rest: &[char]) -> Option<Encoding> {
    match rest {
        [c, after @ ..] if is_zawgyi_only(*c) => {
            zawgyi_only_evidence(before, *c, after.first().copied())
        }
        // Medial HA: Zawgyi spells it U+103D and has no glyph here.
        ['\u{103E}', ..] => Some(Encoding::Unicode),
        // Kinzi, which Zawgyi draws with a single glyph.
        ['\u{1004}', ASAT, VIRAMA, ..] => Some(Encoding::Unicode),
        // Dot below before asat; Zawgyi's U+103A is a medial that comes
        // before the dot.
        ['\u{1037}', ASAT, ..] => Some(Encoding::Unicode),
        // Asat on a nasal final with a tone mark after it. In Zawgyi the
        // same code points would be a medial YA carrying only a tone mark.
        [ASAT, '\u{1037}' | '\u{1038}', ..] if before.is_some_and(is_nasal) => {
            Some(Encoding::Unicode)
        }
        // Vowel sign E with no consonant before it: typed first, as
        // Zawgyi stores it.
        ['\u{1031}', ..] if !before.is_some_and(can_carry_vowel_e) => Some(Encoding::Zawgyi),
        // U+103B is Zawgyi's medial RA, typed before its consonant, or
        // Unicode's medial YA, which follows one and carries the vowels.
        ['\u{103B}', ..] if !before.is_some_and(can_carry_medial) => Some(Encoding::Zawgyi),
        ['\u{103B}', next, ..] if follows_medial_ya(*next) => Some(Encoding::Unicode),
        // U+103A is Zawgyi's medial YA, which vowel signs follow, or
        // Unicode's asat, which ends the syllable.
        [ASAT, next, ..] if is_vowel_sign(*next) => Some(Encoding::Zawgyi),
        [VIRAMA, after @ ..] => virama_evidence(before, after.first().copied()),
        _ => None,
    }
}

/// What a code point that Burmese uses only in Zawgyi says. Unicode gives
/// these code points to Shan, Mon and Karen letters and vowels, which a
/// tip in one of those languages puts where Zawgyi's glyphs cannot stand.
fn zawgyi_only_evidence(before: Option<char>, c: char, after: Option<char>) -> Option<Encoding> {
    // Killed by an asat: a letter or vowel of another language. Zawgyi's
    // U+103A is a medial, which none of its own variants take after them.
    if after == Some(ASAT) {
        return Some(Encoding::Unicode);
    }
    // Zawgyi's medial RA variants always have their consonant next.
    if role(c) == Role::Prefix {
        return Some(if after.is_some_and(|a| role(a) == Role::Base) {
            Encoding::Zawgyi
        } else {
            Encoding::Unicode
        });
    }
    match (stacked_consonant(c), before) {
        (None, _) => Some(Encoding::Zawgyi),
        (Some(lower), Some(upper)) if is_consonant(upper) => {
            Some(if is_plausible_stack(upper, lower) {
                Encoding::Zawgyi
            } else {
                Encoding::Unicode
            })
        }
        // Under a variant consonant, or typed after the vowel of its
        // syllable: Zawgyi allows both, but so might another language.
        (Some(_), Some(other)) if is_vowel_sign(other) || role(other) == Role::Base => None,
        // A Zawgyi subscript must hang under a consonant.
        (Some(_), _) => Some(Encoding::Unicode),
    }
}

/// What a U+1039 between `before` and `after` says. In Unicode it stacks
/// two consonants, in the pairs Pali and Sanskrit loan words use; in
/// Zawgyi it is the visible killer that ends a syllable, so whatever
/// starts the next syllable follows it.
fn virama_evidence(before: Option<char>, after: Option<char>) -> Option<Encoding> {
    match (before, after) {
        // The end of a kinzi, already counted at its start.
        (Some(ASAT), _) => None,
        (Some(upper), Some(lower)) if is_plausible_stack(upper, lower) => None,
        _ => Some(Encoding::Zawgyi),
    }
}

/// Whether Unicode text would stack `lower` under `upper`: consonants of
/// the same articulation row, or a doubled consonant, as Pali spells them,
/// plus the HA over MA of Brahma. Kinzi is spelled with an asat, so a
/// bare NGA never stacks.
fn is_plausible_stack(upper: char, lower: char) -> bool {
    if upper == '\u{1004}' {
        return false;
    }
    let same_row = matches!((row(upper), row(lower)), (Some(a), Some(b)) if a == b);
    same_row
        || (upper == lower && is_consonant(upper))
        || (upper, lower) == ('\u{101F}', '\u{1019}')
}

/// The articulation row (velar, palatal, retroflex, dental, labial) of
/// one of the first 25 consonants.
fn row(c: char) -> Option<u8> {
    match c {
        '\u{1000}'..='\u{1004}' => Some(0),
        '\u{1005}'..='\u{1009}' => Some(1),
        '\u{100B}'..='\u{100F}' => Some(2),
        '\u{1010}'..='\u{1014}' => Some(3),
        '\u{1015}'..='\u{1019}' => Some(4),
        _ => None,
    }
}

/// Code points that only Zawgyi uses in Burmese text.
fn is_zawgyi_only(c: char) -> bool {
    matches!(
        c,
        '\u{1033}' | '\u{1034}' | '\u{105A}' | '\u{1060}'..='\u{1097}'
    )
}

fn is_myanmar(c: char) -> bool {
    ('\u{1000}'..='\u{109F}').contains(&c)
}

fn is_consonant(c: char) -> bool {
    ('\u{1000}'..='\u{1021}').contains(&c)
}

fn is_digit(c: char) -> bool {
    ('\u{1040}'..='\u{1049}').contains(&c)
}

/// Vowel signs and anusvara, Zawgyi's variants included.
fn is_vowel_sign(c: char) -> bool {
    matches!(c, '\u{102B}'..='\u{1030}' | '\u{1032}'..='\u{1034}' | '\u{1036}')
}

/// Consonants and independent vowels, the letters marks are written on.
fn is_letter(c: char) -> bool {
    matches!(c, '\u{1000}'..='\u{102A}' | '\u{103F}' | '\u{104E}')
}

/// NGA, NYA, NNYA, NNA, NA, MA: the nasal finals, which unlike the stop
/// finals take a tone mark.
fn is_nasal(c: char) -> bool {
    matches!(
        c,
        '\u{1004}' | '\u{1009}' | '\u{100A}' | '\u{100F}' | '\u{1014}' | '\u{1019}'
    )
}

/// What may stand before a medial in Unicode. A Myanmar digit is allowed
/// too, because people type ၀ for the look-alike letter ဝ.
fn can_carry_medial(c: char) -> bool {
    is_letter(c) || is_digit(c) || is_extension(c)
}

/// What may stand before vowel sign E in Unicode: a consonant or one of
/// its medials.
fn can_carry_vowel_e(c: char) -> bool {
    can_carry_medial(c) || ('\u{103B}'..='\u{103E}').contains(&c)
}

/// Letters of Shan, Mon and Karen, which may carry marks in Unicode; their
/// Zawgyi meanings are counted on their own.
fn is_extension(c: char) -> bool {
    ('\u{1050}'..='\u{109F}').contains(&c)
}

/// Marks that follow Unicode's medial YA but never Zawgyi's medial RA,
/// which has its consonant still to come.
fn follows_medial_ya(c: char) -> bool {
    matches!(c, '\u{102B}'..='\u{1032}' | '\u{1036}'..='\u{1038}' | ASAT | '\u{103D}' | '\u{103E}')
}

/// How a Zawgyi code point takes part in a syllable.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Stored before the consonant it belongs to.
    Prefix,
    /// A consonant (or letter standing for one) that marks attach to.
    Base,
    /// Stored after its consonant.
    Mark,
    /// Anything else: spaces, punctuation, other scripts.
    Other,
}

/// How `c` takes part in a syllable, read as Zawgyi.
fn role(c: char) -> Role {
    match c {
        '\u{1031}' | '\u{103B}' | '\u{107E}'..='\u{1084}' => Role::Prefix,
        '\u{1000}'..='\u{102A}'
        | '\u{103F}'..='\u{1049}'
        | '\u{104E}'
        | '\u{106A}'
        | '\u{106B}'
        | '\u{106E}'
        | '\u{106F}'
        | '\u{1086}'
        | '\u{108F}'..='\u{1092}'
        | '\u{1097}' => Role::Base,
        '\u{102B}'..='\u{1030}'
        | '\u{1032}'..='\u{103A}'
        | '\u{103C}'..='\u{103E}'
        | '\u{105A}'
        | '\u{1060}'..='\u{1069}'
        | '\u{106C}'
        | '\u{106D}'
        | '\u{1070}'..='\u{107D}'
        | '\u{1085}'
        | '\u{1087}'..='\u{108E}'
        | '\u{1093}'..='\u{1096}' => Role::Mark,
        _ => Role::Other,
    }
}

/// The characters of `text`, with digits that stand for letters replaced.
/// Zawgyi keyboards and fonts make ၀ and ဝ, ၇ and ရ, ၄ and ၎ look alike,
/// and people type whichever comes to hand.
fn with_digits_read_as_letters(text: &str) -> Vec<char> {
    let chars: Vec<char> = text.chars().collect();
    positions(&chars)
        .map(|(before, rest)| letter_for_digit(before, rest).unwrap_or(rest[0]))
        .collect()
}

/// Every position in `chars`: the character before it, if any, and the
/// characters from it on, which are never empty.
fn positions(chars: &[char]) -> impl Iterator<Item = (Option<char>, &[char])> {
    (0..chars.len()).map(|at| (at.checked_sub(1).map(|i| chars[i]), &chars[at..]))
}

/// The letter the digit at `rest[0]`, after `before`, stands for, if it
/// is not a digit at all. A digit next to another digit is part of a
/// number, and a digit that carries a vowel or medial is a letter.
fn letter_for_digit(before: Option<char>, rest: &[char]) -> Option<char> {
    let after = rest.get(1).copied();
    if before.is_some_and(is_digit) || after.is_some_and(is_digit) {
        return None;
    }
    let carries_mark = before.is_some_and(|c| role(c) == Role::Prefix)
        || after.is_some_and(|c| role(c) == Role::Mark);
    let beside_letter = before.is_some_and(is_letter) || after.is_some_and(is_letter);
    match rest {
        ['\u{1040}', ..] if carries_mark || beside_letter => Some('\u{101D}'),
        ['\u{1047}', ..] if carries_mark => Some('\u{101B}'),
        // ၎င်း, "it", the one word that starts with ၎.
        ['\u{1044}', '\u{1004}', VIRAMA, ..] => Some('\u{104E}'),
        _ => None,
    }
}

/// Where a piece goes within a syllable, in the storage order of Unicode
/// Technical Note #11. Pieces are sorted by it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    Kinzi,
    Base,
    AsatOnBase,
    Stacked,
    MedialY,
    MedialR,
    MedialW,
    MedialH,
    VowelE,
    UpperVowel,
    LowerVowel,
    AVowel,
    Anusvara,
    DotBelow,
    Asat,
    Visarga,
}

/// One Unicode code point of a syllable, with its place in the order.
type Piece = (Slot, char);

const KINZI: [Piece; 3] = [
    (Slot::Kinzi, '\u{1004}'),
    (Slot::Kinzi, ASAT),
    (Slot::Kinzi, VIRAMA),
];

/// A consonant and the marks stored around it, being read. A consonant
/// killed by an asat is a syllable of its own here, which is all that
/// putting marks in order needs.
#[derive(Default)]
struct Syllable {
    pieces: Vec<Piece>,
    has_base: bool,
}

impl Syllable {
    fn add(&mut self, zawgyi: char, is_base: bool) {
        self.has_base |= is_base;
        if let Some(lower) = stacked_consonant(zawgyi) {
            self.pieces
                .extend([(Slot::Stacked, VIRAMA), (Slot::Stacked, lower)]);
        } else if let Some(pieces) = respelled(zawgyi) {
            self.pieces.extend_from_slice(pieces);
        } else {
            self.pieces.push((unchanged_slot(zawgyi), zawgyi));
        }
    }

    /// Writes the syllable in Unicode order and starts a new one.
    fn write_into(&mut self, out: &mut String) {
        keep_contracted_asat(&mut self.pieces);
        // A stable sort keeps the code points of kinzi and of a stacked
        // consonant in the order they were added.
        self.pieces.sort_by_key(|&(slot, _)| slot);
        // Zawgyi overprints a mark typed twice, so it looks like one;
        // Unicode renderers would show both.
        self.pieces.dedup();
        spell_independent_u(&mut self.pieces);
        out.extend(self.pieces.drain(..).map(|(_, c)| c));
        self.has_base = false;
    }
}

/// In a contraction such as ကျွန်ုပ် the asat kills the consonant before a
/// vowel sign is written on it; Unicode keeps that asat on the consonant.
fn keep_contracted_asat(pieces: &mut [Piece]) {
    let is_vowel = |slot| matches!(slot, Slot::UpperVowel | Slot::LowerVowel | Slot::AVowel);
    if let Some(at) = pieces
        .windows(2)
        .position(|pair| pair[0] == (Slot::Asat, ASAT) && is_vowel(pair[1].0))
    {
        pieces[at].0 = Slot::AsatOnBase;
    }
}

/// Unicode spells ဥ with an asat as the letter ဉ, and ဥ with vowel sign II
/// as the single letter ဦ.
fn spell_independent_u(pieces: &mut Vec<Piece>) {
    let Some(at) = pieces.iter().position(|&p| p == (Slot::Base, '\u{1025}')) else {
        return;
    };
    if pieces
        .iter()
        .any(|&(slot, _)| matches!(slot, Slot::Asat | Slot::AsatOnBase))
    {
        pieces[at].1 = '\u{1009}';
    } else if let Some(ii) = pieces
        .iter()
        .position(|&p| p == (Slot::UpperVowel, '\u{102E}'))
    {
        pieces[at].1 = '\u{1026}';
        pieces.remove(ii);
    }
}

/// The consonant a Zawgyi subscript glyph stacks under the one before it.
fn stacked_consonant(zawgyi: char) -> Option<char> {
    let lower = match zawgyi {
        '\u{1060}' => '\u{1000}',
        '\u{1061}' => '\u{1001}',
        '\u{1062}' => '\u{1002}',
        '\u{1063}' => '\u{1003}',
        '\u{1065}' => '\u{1005}',
        '\u{1066}' | '\u{1067}' => '\u{1006}',
        '\u{1068}' => '\u{1007}',
        '\u{1069}' => '\u{1008}',
        '\u{106C}' => '\u{100B}',
        '\u{106D}' => '\u{100C}',
        '\u{1070}' => '\u{100F}',
        '\u{1071}' | '\u{1072}' => '\u{1010}',
        '\u{1073}' | '\u{1074}' => '\u{1011}',
        '\u{1075}' => '\u{1012}',
        '\u{1076}' => '\u{1013}',
        '\u{1077}' => '\u{1014}',
        '\u{1078}' => '\u{1015}',
        '\u{1079}' => '\u{1016}',
        '\u{107A}' => '\u{1017}',
        '\u{107B}' | '\u{1093}' => '\u{1018}',
        '\u{107C}' => '\u{1019}',
        '\u{1085}' => '\u{101C}',
        _ => return None,
    };
    Some(lower)
}

/// The Unicode spelling of a Zawgyi code point that means something else
/// in Unicode, or stands for several Unicode code points.
fn respelled(zawgyi: char) -> Option<&'static [Piece]> {
    use Slot::*;
    let pieces: &'static [Piece] = match zawgyi {
        // Medials: Zawgyi numbers them one lower, and has variants.
        '\u{103A}' | '\u{107D}' => &[(MedialY, '\u{103B}')],
        '\u{103B}' | '\u{107E}'..='\u{1084}' => &[(MedialR, '\u{103C}')],
        '\u{103C}' => &[(MedialW, '\u{103D}')],
        '\u{103D}' | '\u{1087}' => &[(MedialH, '\u{103E}')],
        '\u{108A}' => &[(MedialW, '\u{103D}'), (MedialH, '\u{103E}')],
        '\u{1088}' => &[(MedialH, '\u{103E}'), (LowerVowel, '\u{102F}')],
        '\u{1089}' => &[(MedialH, '\u{103E}'), (LowerVowel, '\u{1030}')],
        // Killer and vowel variants.
        VIRAMA => &[(Asat, ASAT)],
        '\u{105A}' => &[(AVowel, '\u{102B}'), (Asat, ASAT)],
        '\u{1033}' => &[(LowerVowel, '\u{102F}')],
        '\u{1034}' => &[(LowerVowel, '\u{1030}')],
        '\u{108E}' => &[(UpperVowel, '\u{102D}'), (Anusvara, '\u{1036}')],
        '\u{1094}' | '\u{1095}' => &[(DotBelow, '\u{1037}')],
        // Kinzi, alone or drawn together with the mark above it.
        '\u{1064}' => &KINZI,
        '\u{108B}' => &[KINZI[0], KINZI[1], KINZI[2], (UpperVowel, '\u{102D}')],
        '\u{108C}' => &[KINZI[0], KINZI[1], KINZI[2], (UpperVowel, '\u{102E}')],
        '\u{108D}' => &[KINZI[0], KINZI[1], KINZI[2], (Anusvara, '\u{1036}')],
        '\u{1096}' => &[
            (Stacked, VIRAMA),
            (Stacked, '\u{1010}'),
            (MedialW, '\u{103D}'),
        ],
        // Consonants drawn shorter or narrower to make room for marks,
        // and Zawgyi's place for great SA.
        '\u{106A}' => &[(Base, '\u{1009}')],
        '\u{106B}' => &[(Base, '\u{100A}')],
        '\u{108F}' => &[(Base, '\u{1014}')],
        '\u{1090}' => &[(Base, '\u{101B}')],
        '\u{1086}' => &[(Base, '\u{103F}')],
        // Pali consonant pairs drawn as one glyph.
        '\u{106E}' => &[(Base, '\u{100D}'), (Stacked, VIRAMA), (Stacked, '\u{100D}')],
        '\u{106F}' => &[(Base, '\u{100D}'), (Stacked, VIRAMA), (Stacked, '\u{100E}')],
        '\u{1091}' => &[(Base, '\u{100F}'), (Stacked, VIRAMA), (Stacked, '\u{100D}')],
        '\u{1092}' => &[(Base, '\u{100B}'), (Stacked, VIRAMA), (Stacked, '\u{100C}')],
        '\u{1097}' => &[(Base, '\u{100B}'), (Stacked, VIRAMA), (Stacked, '\u{100B}')],
        _ => return None,
    };
    Some(pieces)
}

/// The slot of a code point that means the same in both encodings.
fn unchanged_slot(c: char) -> Slot {
    match c {
        '\u{103E}' => Slot::MedialH,
        '\u{1031}' => Slot::VowelE,
        '\u{102D}' | '\u{102E}' | '\u{1032}' => Slot::UpperVowel,
        '\u{102F}' | '\u{1030}' => Slot::LowerVowel,
        '\u{102B}' | '\u{102C}' => Slot::AVowel,
        '\u{1036}' => Slot::Anusvara,
        '\u{1037}' => Slot::DotBelow,
        '\u{1038}' => Slot::Visarga,
        _ => Slot::Base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real words and phrases: meaning, Zawgyi, Unicode. Every Unicode
    /// spelling was checked code point by code point.
    const WORDS: [(&str, &str, &str); 33] = [
        (
            "Myanmar",
            "\u{103B}\u{1019}\u{1014}\u{1039}\u{1019}\u{102C}",
            "\u{1019}\u{103C}\u{1014}\u{103A}\u{1019}\u{102C}",
        ),
        (
            "hello (mingalaba)",
            "\u{1019}\u{1002}\u{1064}\u{101C}\u{102C}\u{1015}\u{102B}",
            "\u{1019}\u{1004}\u{103A}\u{1039}\u{1002}\u{101C}\u{102C}\u{1015}\u{102B}",
        ),
        (
            "school",
            "\u{1031}\u{1000}\u{103A}\u{102C}\u{1004}\u{1039}\u{1038}",
            "\u{1000}\u{103B}\u{1031}\u{102C}\u{1004}\u{103A}\u{1038}",
        ),
        (
            "say",
            "\u{1031}\u{103B}\u{1015}\u{102C}",
            "\u{1015}\u{103C}\u{1031}\u{102C}",
        ),
        (
            "business",
            "\u{101C}\u{102F}\u{1015}\u{1039}\u{1004}\u{1014}\u{1039}\u{1038}",
            "\u{101C}\u{102F}\u{1015}\u{103A}\u{1004}\u{1014}\u{103A}\u{1038}",
        ),
        (
            "his",
            "\u{101E}\u{1030}\u{1094}",
            "\u{101E}\u{1030}\u{1037}",
        ),
        (
            "done",
            "\u{107F}\u{1015}\u{102E}",
            "\u{1015}\u{103C}\u{102E}",
        ),
        (
            "can",
            "\u{108F}\u{102D}\u{102F}\u{1004}\u{1039}",
            "\u{1014}\u{102D}\u{102F}\u{1004}\u{103A}",
        ),
        (
            "meet",
            "\u{1031}\u{1010}\u{103C}\u{1095}",
            "\u{1010}\u{103D}\u{1031}\u{1037}",
        ),
        (
            "I am held here",
            "\u{1000}\u{107D}\u{103C}\u{1014}\u{1039}\u{1031}\u{1010}\u{102C}\u{1037}\u{1039}\
             \u{1000}\u{102D}\u{102F} \u{1012}\u{102E}\u{1019}\u{103D}\u{102C} \
             \u{1001}\u{103A}\u{1033}\u{1015}\u{1039}\u{1011}\u{102C}\u{1038}\u{1010}\u{101A}\u{1039}",
            "\u{1000}\u{103B}\u{103D}\u{1014}\u{103A}\u{1010}\u{1031}\u{102C}\u{1037}\u{103A}\
             \u{1000}\u{102D}\u{102F} \u{1012}\u{102E}\u{1019}\u{103E}\u{102C} \
             \u{1001}\u{103B}\u{102F}\u{1015}\u{103A}\u{1011}\u{102C}\u{1038}\u{1010}\u{101A}\u{103A}",
        ),
        (
            "we",
            "\u{1000}\u{107D}\u{103C}\u{108F}\u{1039}\u{102F}\u{1015}\u{1039}\u{1010}\u{102D}\u{102F}\u{1094}",
            "\u{1000}\u{103B}\u{103D}\u{1014}\u{103A}\u{102F}\u{1015}\u{103A}\u{1010}\u{102D}\u{102F}\u{1037}",
        ),
        (
            "please help",
            "\u{1000}\u{1030}\u{100A}\u{102E}\u{107E}\u{1000}\u{1015}\u{102B}",
            "\u{1000}\u{1030}\u{100A}\u{102E}\u{1000}\u{103C}\u{1015}\u{102B}",
        ),
        (
            "company",
            "\u{1000}\u{102F}\u{1019}\u{1078}\u{100F}\u{102E}",
            "\u{1000}\u{102F}\u{1019}\u{1039}\u{1015}\u{100F}\u{102E}",
        ),
        (
            "building",
            "\u{1021}\u{1031}\u{1006}\u{102C}\u{1000}\u{1039}\u{1021}\u{1021}\u{1036}\u{102F}",
            "\u{1021}\u{1006}\u{1031}\u{102C}\u{1000}\u{103A}\u{1021}\u{1021}\u{102F}\u{1036}",
        ),
        (
            "police station",
            "\u{101B}\u{1032}\u{1005}\u{1001}\u{1014}\u{1039}\u{1038}",
            "\u{101B}\u{1032}\u{1005}\u{1001}\u{1014}\u{103A}\u{1038}",
        ),
        (
            "phone number",
            "\u{1016}\u{102F}\u{1014}\u{1039}\u{1038}\u{1014}\u{1036}\u{1015}\u{102B}\u{1010}\u{1039}",
            "\u{1016}\u{102F}\u{1014}\u{103A}\u{1038}\u{1014}\u{1036}\u{1015}\u{102B}\u{1010}\u{103A}",
        ),
        (
            "fraud",
            "\u{101C}\u{102D}\u{1019}\u{1039}\u{101C}\u{100A}\u{1039}\u{1019}\u{1088}",
            "\u{101C}\u{102D}\u{1019}\u{103A}\u{101C}\u{100A}\u{103A}\u{1019}\u{103E}\u{102F}",
        ),
        (
            "not allowed to leave",
            "\u{1011}\u{103C}\u{1000}\u{1039}\u{1001}\u{103C}\u{1004}\u{1037}\u{1039}\
             \u{1019}\u{1031}\u{1015}\u{1038}\u{1018}\u{1030}\u{1038}",
            "\u{1011}\u{103D}\u{1000}\u{103A}\u{1001}\u{103D}\u{1004}\u{1037}\u{103A}\
             \u{1019}\u{1015}\u{1031}\u{1038}\u{1018}\u{1030}\u{1038}",
        ),
        (
            "they took my passport",
            "\u{1015}\u{1010}\u{1039}\u{1005}\u{1015}\u{102D}\u{102F}\u{1094} \
             \u{101A}\u{1030}\u{1011}\u{102C}\u{1038}\u{1010}\u{101A}\u{1039}",
            "\u{1015}\u{1010}\u{103A}\u{1005}\u{1015}\u{102D}\u{102F}\u{1037} \
             \u{101A}\u{1030}\u{1011}\u{102C}\u{1038}\u{1010}\u{101A}\u{103A}",
        ),
        (
            "Cambodia",
            "\u{1000}\u{1031}\u{1019}\u{107B}\u{102C}\u{1012}\u{102E}\u{1038}\u{101A}\u{102C}\u{1038}",
            "\u{1000}\u{1019}\u{1039}\u{1018}\u{1031}\u{102C}\u{1012}\u{102E}\u{1038}\u{101A}\u{102C}\u{1038}",
        ),
        (
            "Chinese",
            "\u{1010}\u{1090}\u{102F}\u{1010}\u{1039}",
            "\u{1010}\u{101B}\u{102F}\u{1010}\u{103A}",
        ),
        (
            "money",
            "\u{1031}\u{1004}\u{103C}",
            "\u{1004}\u{103D}\u{1031}",
        ),
        (
            "staff, typed with digit zero for WA",
            "\u{1040}\u{1014}\u{1039}\u{1011}\u{1019}\u{1039}\u{1038}",
            "\u{101D}\u{1014}\u{103A}\u{1011}\u{1019}\u{103A}\u{1038}",
        ),
        (
            "please let me go",
            "\u{101C}\u{108A}\u{1010}\u{1039}\u{1031}\u{1015}\u{1038}\u{1015}\u{102B}",
            "\u{101C}\u{103D}\u{103E}\u{1010}\u{103A}\u{1015}\u{1031}\u{1038}\u{1015}\u{102B}",
        ),
        (
            "Thingyan",
            "\u{101E}\u{107E}\u{1000}\u{1064}\u{1014}\u{1039}",
            "\u{101E}\u{1004}\u{103A}\u{1039}\u{1000}\u{103C}\u{1014}\u{103A}",
        ),
        (
            "cemetery",
            "\u{101E}\u{1001}\u{103A}\u{108B}\u{1033}\u{1004}\u{1039}\u{1038}",
            "\u{101E}\u{1004}\u{103A}\u{1039}\u{1001}\u{103B}\u{102D}\u{102F}\u{1004}\u{103A}\u{1038}",
        ),
        (
            "village",
            "\u{1031}\u{1000}\u{103A}\u{1038}\u{101B}\u{103C}\u{102C}",
            "\u{1000}\u{103B}\u{1031}\u{1038}\u{101B}\u{103D}\u{102C}",
        ),
        (
            "it, typed with digit four",
            "\u{1044}\u{1004}\u{1039}\u{1038}",
            "\u{104E}\u{1004}\u{103A}\u{1038}",
        ),
        (
            "chairman",
            "\u{1025}\u{1000}\u{1060}\u{1092}",
            "\u{1025}\u{1000}\u{1039}\u{1000}\u{100B}\u{1039}\u{100C}",
        ),
        (
            "sector",
            "\u{1000}\u{1091}",
            "\u{1000}\u{100F}\u{1039}\u{100D}",
        ),
        (
            "Daw (Mrs)",
            "\u{1031}\u{1012}\u{105A}",
            "\u{1012}\u{1031}\u{102B}\u{103A}",
        ),
        (
            "problem",
            "\u{103B}\u{1015}\u{1086}\u{1014}\u{102C}",
            "\u{1015}\u{103C}\u{103F}\u{1014}\u{102C}",
        ),
        (
            "instruct",
            "\u{106B}\u{108A}\u{1014}\u{1039}\u{107E}\u{1000}\u{102C}\u{1038}",
            "\u{100A}\u{103D}\u{103E}\u{1014}\u{103A}\u{1000}\u{103C}\u{102C}\u{1038}",
        ),
    ];

    #[test]
    fn zawgyi_words_are_detected() {
        for (meaning, zawgyi, _) in WORDS {
            assert!(is_probably_zawgyi(zawgyi), "{meaning}: {zawgyi}");
        }
    }

    #[test]
    fn unicode_words_are_not_detected() {
        for (meaning, _, unicode) in WORDS {
            assert!(!is_probably_zawgyi(unicode), "{meaning}: {unicode}");
        }
    }

    #[test]
    fn zawgyi_words_convert_to_their_unicode_spelling() {
        for (meaning, zawgyi, unicode) in WORDS {
            assert_eq!(zawgyi_to_unicode(zawgyi), unicode, "{meaning}");
            assert_eq!(to_unicode_if_zawgyi(zawgyi), unicode, "{meaning}");
        }
    }

    #[test]
    fn unicode_words_pass_through_borrowed() {
        for (meaning, _, unicode) in WORDS {
            assert!(
                matches!(to_unicode_if_zawgyi(unicode), Cow::Borrowed(text) if text == unicode),
                "{meaning}"
            );
        }
    }

    #[test]
    fn a_whole_zawgyi_message_converts_word_by_word() {
        let zawgyi: Vec<&str> = WORDS.iter().map(|(_, zawgyi, _)| *zawgyi).collect();
        let unicode: Vec<&str> = WORDS.iter().map(|(_, _, unicode)| *unicode).collect();
        let (zawgyi, unicode) = (zawgyi.join(" "), unicode.join(" "));
        assert!(is_probably_zawgyi(&zawgyi));
        assert!(!is_probably_zawgyi(&unicode));
        assert_eq!(to_unicode_if_zawgyi(&zawgyi), unicode);
    }

    #[test]
    fn text_without_burmese_letters_is_never_zawgyi() {
        for text in [
            "",
            "I am held in a building near the casino, please help",
            "ជួយខ្ញុំផង ខ្ញុំត្រូវបានគេឃុំខ្លួន",
            "ช่วยด้วย ฉันถูกขังอยู่ที่นี่",
            "0123456789",
            "\u{1041}\u{1042}\u{1043}\u{1044}\u{1040}",
        ] {
            assert!(!is_probably_zawgyi(text), "{text}");
            assert!(
                matches!(to_unicode_if_zawgyi(text), Cow::Borrowed(_)),
                "{text}"
            );
        }
    }

    #[test]
    fn shan_in_unicode_is_not_mistaken_for_zawgyi() {
        for (meaning, shan) in [
            (
                "hello",
                "\u{1019}\u{1082}\u{103A}\u{1087}\u{101E}\u{102F}\u{1004}\u{103A}",
            ),
            ("work", "\u{1075}\u{1062}\u{107C}\u{103A}"),
        ] {
            assert!(!is_probably_zawgyi(shan), "{meaning}");
        }
    }

    #[test]
    fn every_burmese_catalog_message_stays_as_it_is() {
        let catalog = include_str!("../../locales/my/main.ftl");
        let messages: Vec<&str> = catalog
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split_once(" = ").map(|(_, value)| value))
            .collect();
        assert!(messages.len() > 100, "the catalog was not read");
        for message in messages {
            assert!(!is_probably_zawgyi(message), "{message}");
            assert!(
                matches!(to_unicode_if_zawgyi(message), Cow::Borrowed(_)),
                "{message}"
            );
        }
    }

    #[test]
    fn marks_are_put_in_unicode_storage_order() {
        // Zawgyi: ka, asat, dot below; Unicode: dot below before asat.
        assert_eq!(
            zawgyi_to_unicode("\u{1019}\u{1039}\u{1037}"),
            "\u{1019}\u{1037}\u{103A}"
        );
        // Lower vowel typed before the upper one, anusvara before lower.
        assert_eq!(
            zawgyi_to_unicode("\u{1000}\u{102F}\u{102D}"),
            "\u{1000}\u{102D}\u{102F}"
        );
        assert_eq!(
            zawgyi_to_unicode("\u{1010}\u{1036}\u{102F}"),
            "\u{1010}\u{102F}\u{1036}"
        );
        // Medials typed in any order: Y, R, W, H.
        assert_eq!(
            zawgyi_to_unicode("\u{101C}\u{103D}\u{103A}\u{102C}"),
            "\u{101C}\u{103B}\u{103E}\u{102C}"
        );
        // A mark typed twice is drawn once.
        assert_eq!(
            zawgyi_to_unicode("\u{1000}\u{102D}\u{102D}"),
            "\u{1000}\u{102D}"
        );
    }

    #[test]
    fn vowel_e_typed_after_its_consonant_stays_with_it() {
        assert_eq!(zawgyi_to_unicode("\u{1019}\u{1031}"), "\u{1019}\u{1031}");
        assert_eq!(
            zawgyi_to_unicode("\u{1000}\u{1019}\u{1093}\u{1031}\u{102C}"),
            "\u{1000}\u{1019}\u{1039}\u{1018}\u{1031}\u{102C}"
        );
    }

    #[test]
    fn zawgyi_glyph_variants_map_to_unicode() {
        for (zawgyi, unicode) in [
            ("\u{1000}\u{1097}", "\u{1000}\u{100B}\u{1039}\u{100B}"),
            ("\u{1000}\u{106E}", "\u{1000}\u{100D}\u{1039}\u{100D}"),
            ("\u{1000}\u{106F}", "\u{1000}\u{100D}\u{1039}\u{100E}"),
            ("\u{106A}\u{1039}", "\u{1009}\u{103A}"),
            ("\u{1000}\u{1085}", "\u{1000}\u{1039}\u{101C}"),
            ("\u{1014}\u{1087}\u{102D}", "\u{1014}\u{103E}\u{102D}"),
            ("\u{101B}\u{1089}", "\u{101B}\u{103E}\u{1030}"),
            ("\u{1000}\u{108E}", "\u{1000}\u{102D}\u{1036}"),
            (
                "\u{1021}\u{1000}\u{103A}\u{108C}",
                "\u{1021}\u{1004}\u{103A}\u{1039}\u{1000}\u{103B}\u{102E}",
            ),
            (
                "\u{101E}\u{1000}\u{108D}",
                "\u{101E}\u{1004}\u{103A}\u{1039}\u{1000}\u{1036}",
            ),
            ("\u{1010}\u{1034}", "\u{1010}\u{1030}"),
            ("\u{1019}\u{1096}", "\u{1019}\u{1039}\u{1010}\u{103D}"),
        ] {
            assert_eq!(zawgyi_to_unicode(zawgyi), unicode, "{zawgyi}");
        }
    }

    #[test]
    fn independent_vowel_u_is_spelled_as_unicode_does() {
        assert_eq!(
            zawgyi_to_unicode("\u{1025}\u{102E}\u{1038}"),
            "\u{1026}\u{1038}"
        );
        assert_eq!(
            zawgyi_to_unicode("\u{100A}\u{1025}\u{1037}\u{1039}"),
            "\u{100A}\u{1009}\u{1037}\u{103A}"
        );
    }

    #[test]
    fn digits_stay_digits_in_numbers() {
        let zawgyi = "\u{1016}\u{102F}\u{1014}\u{1039}\u{1038} \u{1040}\u{1049}\u{1047}\u{1044}\u{1040} \
                      \u{1021}\u{1001}\u{1014}\u{1039}\u{1038} \u{1041}\u{1040} \u{1040}";
        let unicode = "\u{1016}\u{102F}\u{1014}\u{103A}\u{1038} \u{1040}\u{1049}\u{1047}\u{1044}\u{1040} \
                       \u{1021}\u{1001}\u{1014}\u{103A}\u{1038} \u{1041}\u{1040} \u{1040}";
        assert_eq!(zawgyi_to_unicode(zawgyi), unicode);
    }

    #[test]
    fn digits_that_carry_marks_are_letters() {
        // ဝေ with ၀, and ရွာ ("village") with ၇.
        assert_eq!(zawgyi_to_unicode("\u{1031}\u{1040}"), "\u{101D}\u{1031}");
        assert_eq!(
            zawgyi_to_unicode("\u{1047}\u{103C}\u{102C}"),
            "\u{101B}\u{103D}\u{102C}"
        );
    }

    #[test]
    fn other_scripts_in_zawgyi_text_are_kept() {
        assert_eq!(
            zawgyi_to_unicode("Building 7, \u{1031}\u{103B}\u{1015}\u{102C}!"),
            "Building 7, \u{1015}\u{103C}\u{1031}\u{102C}!"
        );
    }
}
