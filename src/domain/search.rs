//! What a blind search index stores of a text, and what a query needs of
//! it: n-grams of the normalised text. The database keeps only keyed
//! hashes of these grams (`db::search_index`), so finding a word or part
//! of a word means finding the tips that hold every gram of the query,
//! then checking each candidate exactly with [`matches`] once it is
//! decrypted.
//!
//! Normalising lowercases (Unicode case rules), drops the invisible
//! characters that keyboards and copied text slip in (soft hyphen, zero
//! width space and joiners, word joiner, byte order mark) and cuts the
//! text into grapheme clusters; a cluster with a letter or digit in it is
//! part of a word, any other (spaces, punctuation, symbols, emoji)
//! separates words. A combining mark never stands alone: it belongs to
//! the cluster of the letter before it.
//!
//! Words then give their grams by script:
//! - Spaced scripts (Latin, Vietnamese, Cyrillic, Indonesian…): character
//!   3-grams of each word, so any part of a word of 3 code points or more
//!   is found; a shorter word is one gram of its own.
//! - Khmer, Thai, Lao and Burmese write a whole phrase without spaces,
//!   so a "word" is a run of many words, and Chinese has no spaces at
//!   all: these give 2-grams of grapheme clusters across the run. A
//!   cluster (a consonant with its subscripts and vowel signs: "ភ្នំ" is
//!   one) is what a reader sees as one letter, so two of them are already
//!   a syllable or two, selective enough; code-point 3-grams would cut a
//!   cluster in half and miss short words such as "ពេញ". Most Chinese words are
//!   two characters (each one cluster), so 2-grams find them. Korean
//!   hangul syllables are blocks of a whole syllable each and Korean words
//!   are often two of them (여권, passport), so they are treated alike; so
//!   are Japanese kana.
//!
//! A script change inside a run (Latin letters written against Khmer)
//! separates as a space would.

use std::collections::BTreeSet;
use std::fmt;

use unicode_segmentation::UnicodeSegmentation;

/// Code points in a gram of a spaced script's word.
const SPACED_GRAM: usize = 3;
/// Grapheme clusters in a gram of a script written without spaces.
const UNSPACED_GRAM: usize = 2;

/// The grams a text is indexed under: those of its description and
/// landmark, given together.
pub fn text_grams(text: &str) -> BTreeSet<String> {
    let normal = normalise(text);
    let mut grams = BTreeSet::new();
    for segment in segments(&normal) {
        segment.grams(true, &mut grams);
    }
    grams
}

/// A search as the index can answer it: the grams every matching text
/// has, and the normalised query for the exact check. Only
/// [`query_grams`] makes one, so it always has at least one gram.
#[derive(Clone, PartialEq, Eq)]
pub struct QueryGrams {
    grams: BTreeSet<String>,
    clusters: Vec<String>,
}

impl QueryGrams {
    /// The grams a matching text must all have; never empty.
    pub fn grams(&self) -> &BTreeSet<String> {
        &self.grams
    }
}

// A query echoes tip words: it stays out of logs.
impl fmt::Debug for QueryGrams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "QueryGrams({} grams)", self.grams.len())
    }
}

/// A query with no gram to look up: fewer than 3 code points in every
/// word of a spaced script, and fewer than 2 grapheme clusters in every
/// run of Khmer, Thai, Lao, Burmese, Chinese or Korean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "a search needs at least 3 letters of a word (2 in Khmer, Thai, Lao, Burmese, Chinese or Korean)"
)]
pub struct QueryTooShort;

/// The grams a text must have to contain `query`. A query may begin or
/// end in the middle of a word, so its first and last words give only
/// their whole n-grams; a short word between two others is a whole word
/// of the text, and is a gram of its own as it is in the text.
pub fn query_grams(query: &str) -> Result<QueryGrams, QueryTooShort> {
    // A query cut from the middle of a cluster starts with the marks of a
    // letter it left out; they would make a cluster no text has.
    let normal = normalise(query);
    let normal = normal.trim_start_matches(extends_a_cluster);
    let segments = segments(normal);
    let last = segments.len().saturating_sub(1);
    let mut grams = BTreeSet::new();
    for (i, segment) in segments.iter().enumerate() {
        segment.grams(i != 0 && i != last, &mut grams);
    }
    if grams.is_empty() {
        return Err(QueryTooShort);
    }
    Ok(QueryGrams {
        grams,
        clusters: canonical_clusters(normal),
    })
}

/// Whether `text` contains the query: its normalised clusters appear in
/// the text's, in order and together, any run of separators counting as
/// one space. Whole clusters only, as the index matches them: "ភ្នំព" does
/// not find "ភ្នំពេញ", whose second letter carries a vowel sign.
pub fn matches(text: &str, query: &QueryGrams) -> bool {
    let text = canonical_clusters(&normalise(text));
    let needle = query.clusters.as_slice();
    !needle.is_empty() && text.windows(needle.len()).any(|window| window == needle)
}

/// Lowercased, without the invisible characters.
fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'
            )
        })
        .collect::<String>()
        .to_lowercase()
}

/// Whether `c` joins the cluster of the letter before it (a combining
/// mark, a vowel sign, a joiner): the segmentation rules, asked directly.
fn extends_a_cluster(c: char) -> bool {
    let mut pair = String::from("a");
    pair.push(c);
    pair.graphemes(true).count() == 1
}

/// The clusters of a normalised text, separators collapsed to one space
/// and none at either end.
fn canonical_clusters(normal: &str) -> Vec<String> {
    let mut clusters: Vec<String> = Vec::new();
    for cluster in normal.graphemes(true) {
        if is_word(cluster) {
            clusters.push(cluster.to_owned());
        } else if clusters.last().is_some_and(|last| last != " ") {
            clusters.push(" ".to_owned());
        }
    }
    if clusters.last().is_some_and(|last| last == " ") {
        clusters.pop();
    }
    clusters
}

fn is_word(cluster: &str) -> bool {
    cluster.chars().any(char::is_alphanumeric)
}

/// How a script's words give their grams.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Writing {
    Spaced,
    Unspaced,
}

impl Writing {
    fn of(cluster: &str) -> Writing {
        let unspaced = cluster.chars().next().is_some_and(|c| {
            matches!(c,
                '\u{1780}'..='\u{17ff}' | '\u{19e0}'..='\u{19ff}' // Khmer, Khmer symbols
                | '\u{0e00}'..='\u{0e7f}' // Thai
                | '\u{0e80}'..='\u{0eff}' // Lao
                | '\u{1000}'..='\u{109f}' | '\u{aa60}'..='\u{aa7f}' | '\u{a9e0}'..='\u{a9ff}' // Myanmar and its extensions
                | '\u{3040}'..='\u{30ff}' // Hiragana, Katakana
                | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
                | '\u{20000}'..='\u{3134f}' // CJK ideographs
                | '\u{ac00}'..='\u{d7af}' // Hangul syllables
            )
        });
        if unspaced {
            Writing::Unspaced
        } else {
            Writing::Spaced
        }
    }
}

/// A run of word clusters of one writing.
struct Segment<'a> {
    writing: Writing,
    clusters: Vec<&'a str>,
}

impl Segment<'_> {
    /// Adds this segment's grams to `grams`; `whole` says that it is known
    /// to be a whole word (or run), so that one too short for an n-gram is
    /// a gram of its own.
    fn grams(&self, whole: bool, grams: &mut BTreeSet<String>) {
        match self.writing {
            Writing::Spaced => {
                let chars: Vec<char> = self.clusters.iter().flat_map(|c| c.chars()).collect();
                if chars.len() >= SPACED_GRAM {
                    for window in chars.windows(SPACED_GRAM) {
                        grams.insert(window.iter().collect());
                    }
                } else if whole {
                    grams.insert(chars.iter().collect());
                }
            }
            Writing::Unspaced => {
                if self.clusters.len() >= UNSPACED_GRAM {
                    for window in self.clusters.windows(UNSPACED_GRAM) {
                        grams.insert(window.concat());
                    }
                } else if whole {
                    grams.insert(self.clusters.concat());
                }
            }
        }
    }
}

/// The word runs of a normalised text, cut at separators and at a change
/// of writing.
fn segments(normal: &str) -> Vec<Segment<'_>> {
    let mut segments: Vec<Segment<'_>> = Vec::new();
    let mut open = false;
    for cluster in normal.graphemes(true) {
        if !is_word(cluster) {
            open = false;
            continue;
        }
        let writing = Writing::of(cluster);
        match segments.last_mut() {
            Some(segment) if open && segment.writing == writing => segment.clusters.push(cluster),
            _ => segments.push(Segment {
                writing,
                clusters: vec![cluster],
            }),
        }
        open = true;
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grams(words: &[&str]) -> BTreeSet<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    fn finds(text: &str, query: &str) -> bool {
        let query = query_grams(query).expect("a long enough query");
        let indexed = query.grams().is_subset(&text_grams(text));
        let exact = matches(text, &query);
        // The index may propose more than the exact check keeps, never less.
        assert!(indexed || !exact, "{query:?} matches {text:?} unindexed");
        exact
    }

    #[test]
    fn latin_words_give_their_three_grams_and_short_words_themselves() {
        assert_eq!(
            text_grams("Blue gate, 3rd floor of A7"),
            grams(&[
                "blu", "lue", "gat", "ate", "3rd", "flo", "loo", "oor", "of", "a7"
            ])
        );
    }

    #[test]
    fn case_does_not_matter() {
        assert!(finds("Golden FORTUNE Casino", "fortune casino"));
        assert!(finds("golden fortune", "GOLDEN"));
        assert!(finds("ĐƯỜNG SỐ 5", "đường"));
    }

    #[test]
    fn a_query_finds_part_of_a_word() {
        assert!(finds("They took my passport at the gate", "sspor"));
        assert!(finds("They took my passport at the gate", "port at th"));
        assert!(!finds("They took my passport at the gate", "passports"));
        assert!(!finds("They took my passport at the gate", "gate passport"));
    }

    #[test]
    fn separators_count_as_one_space() {
        assert!(finds("Phnom-Penh, near the  river", "phnom penh"));
        assert!(finds("near the river.", "the river"));
    }

    #[test]
    fn khmer_gives_two_grams_of_clusters_across_the_run() {
        // ភ្នំពេញ: ភ្នំ ពេ ញ
        assert_eq!(text_grams("ភ្នំពេញ"), grams(&["ភ្នំពេ", "ពេញ"]));
        let text = "មានកាស៊ីណូធំមួយនៅភ្នំពេញ";
        assert!(finds(text, "ភ្នំពេញ"));
        assert!(finds(text, "កាស៊ីណូ"));
        assert!(finds(text, "ពេញ"));
        assert!(!finds(text, "កាស៊ីណូតូច"));
    }

    #[test]
    fn khmer_is_found_through_zero_width_spaces() {
        assert!(finds("ភ្នំ\u{200b}ពេញ", "ភ្នំពេញ"));
    }

    #[test]
    fn khmer_matches_whole_clusters_only() {
        // ព (the consonant without its vowel sign) is not what ពេ says.
        assert!(!finds("ភ្នំពេញ", "ភ្នំព"));
    }

    #[test]
    fn chinese_gives_two_grams_of_characters() {
        assert_eq!(text_grams("护照被扣"), grams(&["护照", "照被", "被扣"]));
        assert!(finds("他们扣了我的护照，在金边", "护照"));
        assert!(finds("他们扣了我的护照，在金边", "金边"));
        assert!(!finds("他们扣了我的护照，在金边", "护士"));
    }

    #[test]
    fn burmese_and_thai_give_two_grams_of_clusters() {
        let burmese = "ကျွန်တော့်ပတ်စ်ပို့ကိုသိမ်းထားတယ်";
        assert!(finds(burmese, "ပတ်စ်ပို့"));
        assert!(!finds(burmese, "ပတ်စ်ကို"));
        let thai = "พวกเขายึดหนังสือเดินทางของฉัน";
        assert!(finds(thai, "หนังสือเดินทาง"));
        assert!(finds(thai, "ยึด"));
    }

    #[test]
    fn korean_syllables_give_two_grams() {
        assert!(finds("여권을 빼앗겼어요", "여권"));
    }

    #[test]
    fn mixed_scripts_are_cut_where_the_script_changes() {
        let text = "Golden Fortuneកាស៊ីណូ 金边 casino";
        assert!(text_grams(text).contains("une"));
        assert!(text_grams(text).contains("កាស៊ី"));
        assert!(finds(text, "fortuneកាស៊ី"));
        assert!(finds(text, "ណូ 金边 cas"));
    }

    #[test]
    fn a_short_word_inside_a_query_is_a_gram_of_its_own() {
        let query = query_grams("room 5 on the left").expect("long enough");
        assert!(query.grams().contains("5"));
        assert!(query.grams().contains("on"));
        assert!(query.grams().contains("lef"));
        assert!(finds("the room 5 on the left", "room 5 on the left"));
        assert!(!finds("the room 6 on the left", "room 5 on the left"));
    }

    #[test]
    fn too_short_queries_are_refused() {
        for query in ["", "  ", "ab", "ab cd", "!!!", "ក", "ភ្នំ", "护", "\u{301}ab"] {
            assert_eq!(query_grams(query), Err(QueryTooShort), "{query:?}");
        }
        for query in ["abc", "ភ្នំពេ", "护照", "ab cd ef", "a 护 b"] {
            assert!(query_grams(query).is_ok(), "{query:?}");
        }
    }

    #[test]
    fn the_grams_of_a_query_do_not_show_in_its_debug_output() {
        let query = query_grams("passport").expect("long enough");
        assert!(!format!("{query:?}").contains("pass"));
    }

    /// Substrings of `text` cut at cluster boundaries (as a reviewer types
    /// them), up to `longest` clusters.
    fn cluster_substrings(text: &str, longest: usize) -> Vec<String> {
        let clusters: Vec<&str> = text.graphemes(true).collect();
        let mut out = Vec::new();
        for start in 0..clusters.len() {
            for end in start + 1..=clusters.len().min(start + longest) {
                out.push(clusters[start..end].concat());
            }
        }
        out
    }

    const TEXTS: [&str; 6] = [
        "they took our passports at the blue gate, building 7b near o'smach",
        "ខ្ញុំត្រូវបានគេយកលិខិតឆ្លងដែននៅកាស៊ីណូ ភ្នំពេញ ផ្លូវលេខ ៥",
        "他们在金边的赌场扣了我们的护照，三楼",
        "ကျွန်တော့်ပတ်စ်ပို့ကို ကာစီနိုမှာ သိမ်းထားတယ်",
        "golden fortuneកាស៊ីណូ 金边 casino; พวกเขายึดหนังสือ 여권을 đường số 5",
        "ca\u{301}fe\u{301} na\u{303}o, đi qua cổng",
    ];

    #[test]
    fn every_cluster_substring_of_a_text_has_its_grams_in_the_index() {
        for text in TEXTS {
            let indexed = text_grams(text);
            for query in cluster_substrings(text, 14) {
                let Ok(grams) = query_grams(&query) else {
                    continue;
                };
                assert!(
                    grams.grams().is_subset(&indexed),
                    "{query:?} of {text:?}: {:?} not in the index",
                    grams.grams().difference(&indexed).collect::<Vec<_>>()
                );
                assert!(matches(text, &grams), "{query:?} of {text:?} not matched");
            }
        }
    }

    #[test]
    fn spaced_text_cut_anywhere_still_has_its_grams_in_the_index() {
        let text = TEXTS[0];
        let indexed = text_grams(text);
        let chars: Vec<char> = text.chars().collect();
        for start in 0..chars.len() {
            for end in start + SPACED_GRAM..=chars.len().min(start + 20) {
                let query: String = chars[start..end].iter().collect();
                if let Ok(grams) = query_grams(&query) {
                    assert!(grams.grams().is_subset(&indexed), "{query:?}");
                }
            }
        }
    }

    #[test]
    fn a_query_cut_inside_a_cluster_drops_the_stray_marks() {
        // "ំពេញ" begins with the vowel sign of ន, cut off from it.
        let query = query_grams("ំពេញ").expect("ពេញ is long enough");
        assert!(query.grams().is_subset(&text_grams("ភ្នំពេញ")));
    }
}
