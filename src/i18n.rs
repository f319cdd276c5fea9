//! Languages and the translation catalog (Fluent files under `locales/`,
//! embedded at compile time). The language is always carried in the URL
//! (`/km/…`, `/en/…`), never in a cookie.

use std::borrow::Cow;
use std::collections::HashMap;

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
}

impl Lang {
    /// Every language, in the order the language switch lists them.
    pub const ALL: [Lang; 2] = [Lang::Km, Lang::En];
    /// Khmer: most residents read it first.
    pub const DEFAULT: Lang = Lang::Km;

    /// The code used in URLs and in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Km => "km",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::Km => langid!("km"),
            Lang::En => langid!("en"),
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

impl Tr {
    /// The message `key`.
    pub fn t(&self, key: &str) -> String {
        self.lookup(key, None)
    }

    /// The message `key` with named arguments.
    pub fn t_with(&self, key: &str, args: &[(&'static str, &str)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.to_string())))
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
        assert_eq!(Lang::Km.tr().t("language-name"), "ខ្មែរ");
        assert_eq!(Lang::En.tr().t("language-name"), "English");
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
    fn a_missing_key_shows_itself_instead_of_another_language() {
        let key = "no-such-key";
        assert_eq!(Lang::Km.tr().t(key), key);
    }
}
