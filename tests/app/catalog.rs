//! The translation catalogs: every language has every message, every message
//! is used, and every message the code asks for exists.

use std::collections::BTreeMap;
use std::path::Path;

use fluent_syntax::ast::{Entry, Pattern, PatternElement};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The public pages' catalog, which every language has.
const PUBLIC: &str = "main.ftl";
/// The staff pages' catalog, in the staff languages only.
const STAFF: &str = "staff.ftl";
const STAFF_LANGUAGES: [&str; 2] = ["km", "en"];

/// Every message of `lang`, public and (for a staff language) staff.
fn catalog(lang: &str) -> BTreeMap<String, bool> {
    let mut messages = catalog_file(lang, PUBLIC);
    if STAFF_LANGUAGES.contains(&lang) {
        messages.extend(catalog_file(lang, STAFF));
    }
    messages
}

/// Message id (with `.attribute` entries) → whether it has text.
fn catalog_file(lang: &str, file: &str) -> BTreeMap<String, bool> {
    let path = format!("{ROOT}/locales/{lang}/{file}");
    let source = std::fs::read_to_string(&path).unwrap();
    let resource = fluent_syntax::parser::parse(source)
        .unwrap_or_else(|(_, errors)| panic!("{path}: {errors:?}"));
    let has_text = |pattern: &Pattern<String>| {
        pattern.elements.iter().any(|element| match element {
            PatternElement::TextElement { value } => !value.trim().is_empty(),
            PatternElement::Placeable { .. } => true,
        })
    };
    let mut messages = BTreeMap::new();
    for entry in resource.body {
        if let Entry::Message(message) = entry {
            let id = message.id.name;
            messages.insert(id.clone(), message.value.as_ref().is_some_and(has_text));
            for attribute in message.attributes {
                messages.insert(
                    format!("{id}.{}", attribute.id.name),
                    has_text(&attribute.value),
                );
            }
        }
    }
    messages
}

fn languages() -> Vec<String> {
    let mut languages: Vec<String> = std::fs::read_dir(format!("{ROOT}/locales"))
        .unwrap()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    languages.sort();
    languages
}

#[test]
fn every_language_has_every_message_with_text() {
    let languages = languages();
    assert!(languages.contains(&"km".to_owned()) && languages.contains(&"en".to_owned()));
    for lang in &languages {
        let reference = if STAFF_LANGUAGES.contains(&lang.as_str()) {
            catalog("en")
        } else {
            catalog_file("en", PUBLIC)
        };
        let messages = catalog(lang);
        let missing: Vec<_> = reference
            .keys()
            .filter(|id| !messages.contains_key(*id))
            .collect();
        let extra: Vec<_> = messages
            .keys()
            .filter(|id| !reference.contains_key(*id))
            .collect();
        let empty: Vec<_> = messages
            .iter()
            .filter(|(_, text)| !**text)
            .map(|(id, _)| id)
            .collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "{lang} has {extra:?}, which English lacks"
        );
        assert!(empty.is_empty(), "{lang} has empty {empty:?}");
    }
}

fn source_files(dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, found);
        } else if path
            .extension()
            .is_some_and(|ext| ext == "rs" || ext == "html")
        {
            found.push(std::fs::read_to_string(path).unwrap());
        }
    }
}

fn sources() -> String {
    let mut found = Vec::new();
    source_files(&Path::new(ROOT).join("src"), &mut found);
    source_files(&Path::new(ROOT).join("templates"), &mut found);
    found.join("\n")
}

#[test]
fn every_message_is_used_somewhere() {
    let sources = sources();
    let unused: Vec<_> = catalog("en")
        .into_keys()
        .filter(|id| !sources.contains(&format!("\"{id}\"")))
        .collect();
    assert!(unused.is_empty(), "messages no code uses: {unused:?}");
}

#[test]
fn every_message_the_code_asks_for_exists() {
    let sources = sources();
    let messages = catalog("en");
    let mut asked = 0;
    for call in [".t(\"", ".t_with(\"", ".t_counts(\""] {
        for rest in sources.split(call).skip(1) {
            let id = rest.split('"').next().unwrap();
            asked += 1;
            assert!(
                messages.contains_key(id),
                "the code asks for `{id}`, which the catalog lacks"
            );
        }
    }
    assert!(
        asked > 20,
        "only {asked} look-ups found: the scan is broken"
    );
}
