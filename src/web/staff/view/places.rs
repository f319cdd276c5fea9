//! Provinces by name, from the ones kept in memory.

use crate::i18n::Lang;
use crate::state::AppState;

/// A province's name in `lang`.
pub fn province_name(state: &AppState, lang: Lang, code: &Option<String>) -> String {
    code.as_ref()
        .and_then(|code| {
            state
                .provinces
                .iter()
                .find(|place| place.code.as_str() == code)
        })
        .map(|place| place.name_in(lang).to_owned())
        .unwrap_or_default()
}

/// Every province as a filter's choice: code and name in `lang`.
pub fn province_choices(state: &AppState, lang: Lang) -> Vec<(String, String)> {
    state
        .provinces
        .iter()
        .map(|place| {
            (
                place.code.as_str().to_owned(),
                place.name_in(lang).to_owned(),
            )
        })
        .collect()
}
