//! Languages and the translation catalog (Fluent files under `locales/`,
//! embedded at compile time). The language is always carried in the URL
//! (`/km/…`, `/en/…`), never in a cookie. Beside Khmer and English, the
//! public pages speak the languages of the people held in the compounds.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, StaticLoader, langid};

fluent_templates::static_loader! {
    static CATALOG = {
        locales: "./locales",
        fallback_language: "km",
        // Isolation marks around placeables would end up inside tip codes
        // that people copy by hand.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language tipline speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Km,
    En,
    /// Simplified Chinese.
    Zh,
    Vi,
    Th,
    Id,
    /// Burmese.
    My,
    Ko,
}

impl Lang {
    /// Every language, in the order the language switch lists them.
    pub const ALL: [Lang; 8] = [
        Lang::Km,
        Lang::En,
        Lang::Zh,
        Lang::Vi,
        Lang::Th,
        Lang::Id,
        Lang::My,
        Lang::Ko,
    ];
    /// Khmer: most residents read it first.
    pub const DEFAULT: Lang = Lang::Km;

    /// The code used in URLs and in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Km => "km",
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::Vi => "vi",
            Lang::Th => "th",
            Lang::Id => "id",
            Lang::My => "my",
            Lang::Ko => "ko",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    /// The best language for an `Accept-Language` header: the supported
    /// one the browser ranks highest (`zh-CN` is Chinese, `in` is the old
    /// code for Indonesian), or Khmer when none is.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut ranked: Vec<(u16, usize, Lang)> = header
            .split(',')
            .enumerate()
            .filter_map(|(position, item)| {
                let mut parts = item.split(';');
                let tag = parts.next()?.trim().to_ascii_lowercase();
                let primary = tag.split(['-', '_']).next()?;
                let primary = if primary == "in" { "id" } else { primary };
                let lang = Lang::from_code(primary)?;
                let quality = parts
                    .find_map(|param| param.trim().strip_prefix("q="))
                    .map_or(Some(1000), |q| {
                        q.trim()
                            .parse::<f32>()
                            .ok()
                            .map(|q| (q.clamp(0.0, 1.0) * 1000.0) as u16)
                    })?;
                (quality > 0).then_some((quality, position, lang))
            })
            .collect();
        // Highest quality first; among equals, the browser's own order.
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.first().map_or(Lang::DEFAULT, |(_, _, lang)| *lang)
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::Km => langid!("km"),
            Lang::En => langid!("en"),
            Lang::Zh => langid!("zh"),
            Lang::Vi => langid!("vi"),
            Lang::Th => langid!("th"),
            Lang::Id => langid!("id"),
            Lang::My => langid!("my"),
            Lang::Ko => langid!("ko"),
        }
    }

    /// A translator into this language.
    pub fn tr(self) -> Tr {
        Tr {
            lang: self,
            id: self.id(),
        }
    }
}

/// Looks up catalog entries in one language, with no silent fallback to
/// another: a missing entry shows its key, is logged, and fails the tests.
#[derive(Clone, Debug)]
pub struct Tr {
    lang: Lang,
    id: LanguageIdentifier,
}

/// Messages without arguments never change while the server runs, and a
/// page asks for dozens: each is formatted once and kept. Bounded by the
/// number of languages times the number of messages.
static FORMATTED: LazyLock<RwLock<HashMap<(Lang, &'static str), &'static str>>> =
    LazyLock::new(RwLock::default);

impl Tr {
    /// The message `key`.
    pub fn t(&self, key: &'static str) -> &'static str {
        let known = FORMATTED
            .read()
            .ok()
            .and_then(|formatted| formatted.get(&(self.lang, key)).copied());
        if let Some(text) = known {
            return text;
        }
        let text: &'static str = Box::leak(self.lookup(key, None).into_boxed_str());
        if let Ok(mut formatted) = FORMATTED.write() {
            // Another thread may have been first: keep its copy.
            return formatted.entry((self.lang, key)).or_insert(text);
        }
        text
    }

    /// The message `key` with named arguments.
    pub fn t_with(&self, key: &str, args: &[(&'static str, &str)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.to_string())))
            .collect();
        self.lookup(key, Some(&args))
    }

    /// The message `key` with named counts, passed as numbers so that the
    /// catalog can choose its plural forms (a text argument never matches
    /// `[one]`).
    pub fn t_counts(&self, key: &str, counts: &[(&'static str, u64)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = counts
            .iter()
            .map(|(name, count)| (Cow::Borrowed(*name), FluentValue::from(*count)))
            .collect();
        self.lookup(key, Some(&args))
    }

    fn lookup(&self, key: &str, args: Option<&HashMap<Cow<'static, str>, FluentValue>>) -> String {
        let catalog: &StaticLoader = &CATALOG;
        catalog
            .lookup_single_language(&self.id, key, args)
            .unwrap_or_else(|error| {
                tracing::warn!(lang = self.lang.code(), key, %error, "missing translation");
                key.to_owned()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_refused() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_code("KM"), None);
    }

    #[test]
    fn each_language_names_itself_in_its_own_script() {
        let names: Vec<&str> = Lang::ALL
            .iter()
            .map(|lang| lang.tr().t("language-name"))
            .collect();
        assert_eq!(
            names,
            [
                "ខ្មែរ",
                "English",
                "简体中文",
                "Tiếng Việt",
                "ไทย",
                "Bahasa Indonesia",
                "မြန်မာ",
                "한국어"
            ]
        );
    }

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        assert_eq!(
            Lang::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"),
            Lang::Zh
        );
        assert_eq!(
            Lang::from_accept_language("fr-FR, vi;q=0.5, en;q=0.4"),
            Lang::Vi
        );
        assert_eq!(Lang::from_accept_language("en;q=0.3, th;q=0.9"), Lang::Th);
        assert_eq!(Lang::from_accept_language("in-ID"), Lang::Id);
        assert_eq!(Lang::from_accept_language("my-MM,my"), Lang::My);
        assert_eq!(
            Lang::from_accept_language("ko-KR;q=1.0, km;q=1.0"),
            Lang::Ko
        );
        assert_eq!(Lang::from_accept_language("en;q=0, ko;q=0.1"), Lang::Ko);
    }

    #[test]
    fn without_a_supported_language_khmer_is_chosen() {
        for header in [
            "",
            "fr-FR,de;q=0.8",
            "*",
            "en;q=0",
            "garbage;;q=x",
            "en;q=abc",
        ] {
            assert_eq!(Lang::from_accept_language(header), Lang::Km, "{header:?}");
        }
    }

    #[test]
    fn arguments_are_filled_in_without_isolation_marks() {
        let text = Lang::En
            .tr()
            .t_with("error-reference", &[("reference", "AB12CD34")]);
        assert!(text.contains("AB12CD34"), "{text}");
        assert!(!text.contains('\u{2068}'), "{text:?}");
    }

    #[test]
    fn counts_choose_their_plural_form() {
        let more = |count| {
            Lang::En
                .tr()
                .t_counts("staff-mail-urgent-more-body", &[("count", count)])
        };
        assert!(
            more(1).starts_with("1 more urgent tip arrived"),
            "{}",
            more(1)
        );
        assert!(
            more(4).starts_with("4 more urgent tips arrived"),
            "{}",
            more(4)
        );
    }

    #[test]
    fn a_missing_key_shows_itself_instead_of_another_language() {
        let key = "no-such-key";
        assert_eq!(Lang::Km.tr().t(key), key);
    }
}
