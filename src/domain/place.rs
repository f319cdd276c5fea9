//! Places of Cambodia's gazetteer: provinces, districts, communes, villages.

use std::fmt;

/// The level of an administrative unit, told by the length of its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceLevel {
    Province,
    District,
    Commune,
    Village,
}

impl PlaceLevel {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceLevel::Province => "province",
            PlaceLevel::District => "district",
            PlaceLevel::Commune => "commune",
            PlaceLevel::Village => "village",
        }
    }

    /// Reads a stored level name.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Province, Self::District, Self::Commune, Self::Village]
            .into_iter()
            .find(|level| level.as_str() == name)
    }

    fn code_len(self) -> usize {
        match self {
            PlaceLevel::Province => 2,
            PlaceLevel::District => 4,
            PlaceLevel::Commune => 6,
            PlaceLevel::Village => 8,
        }
    }
}

/// An official gazetteer code: 2 digits for a province, 4 for a district,
/// 6 for a commune, 8 for a village. Leading zeros matter, so it is text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlaceCode(String);

/// Why a string is not a place code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a gazetteer code (2, 4, 6 or 8 digits)")]
pub struct PlaceCodeError(pub String);

impl PlaceCode {
    pub fn parse(code: &str) -> Result<Self, PlaceCodeError> {
        let code = code.trim();
        let well_formed =
            code.bytes().all(|b| b.is_ascii_digit()) && [2, 4, 6, 8].contains(&code.len());
        if well_formed {
            Ok(PlaceCode(code.to_owned()))
        } else {
            Err(PlaceCodeError(code.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> PlaceLevel {
        [
            PlaceLevel::Province,
            PlaceLevel::District,
            PlaceLevel::Commune,
            PlaceLevel::Village,
        ]
        .into_iter()
        .find(|level| level.code_len() == self.0.len())
        .expect("a parsed code has a level's length")
    }
}

impl fmt::Display for PlaceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One unit of the gazetteer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub code: PlaceCode,
    /// The unit one level up; `None` for a province. The source's parent is
    /// trusted over the code's prefix, which is wrong for a few villages.
    pub parent: Option<PlaceCode>,
    pub name_km: String,
    pub name_en: String,
}

impl Place {
    /// The name for a reader of `lang`: Khmer for Khmer readers, the
    /// official romanisation for everyone else.
    pub fn name_in(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Km => &self.name_km,
            _ => &self.name_en,
        }
    }

    pub fn level(&self) -> PlaceLevel {
        self.code.level()
    }
}

/// How many units of each level the gazetteer holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlaceCounts {
    pub provinces: i64,
    pub districts: i64,
    pub communes: i64,
    pub villages: i64,
}

/// What is wrong with a gazetteer file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GazetteerError {
    #[error("{file} line {line}: {problem}")]
    Row {
        file: &'static str,
        line: usize,
        problem: String,
    },
}

/// The CSV files copied from the shared gazetteer (see
/// `gazetteer/cambodia/README.md` for source and licence), in parent-first
/// order so each row's parent is loaded before it.
const BUNDLED: [(&str, &str, PlaceLevel); 4] = [
    (
        "provinces.csv",
        include_str!("../../gazetteer/cambodia/provinces.csv"),
        PlaceLevel::Province,
    ),
    (
        "districts.csv",
        include_str!("../../gazetteer/cambodia/districts.csv"),
        PlaceLevel::District,
    ),
    (
        "communes.csv",
        include_str!("../../gazetteer/cambodia/communes.csv"),
        PlaceLevel::Commune,
    ),
    (
        "villages.csv",
        include_str!("../../gazetteer/cambodia/villages.csv"),
        PlaceLevel::Village,
    ),
];

/// Every place of the bundled gazetteer, parents before children.
pub fn bundled_gazetteer() -> Result<Vec<Place>, GazetteerError> {
    let mut places = Vec::with_capacity(16_500);
    for (file, text, level) in BUNDLED {
        for (index, line) in text.lines().enumerate().skip(1) {
            let row_error = |problem: String| GazetteerError::Row {
                file,
                line: index + 1,
                problem,
            };
            let place = parse_row(line, level).map_err(row_error)?;
            places.push(place);
        }
    }
    Ok(places)
}

/// `code,parent_code,name_en,name_km,type`
fn parse_row(line: &str, level: PlaceLevel) -> Result<Place, String> {
    let fields = split_csv_line(line)?;
    let [code, parent, name_en, name_km, kind] = <[String; 5]>::try_from(fields)
        .map_err(|fields| format!("{} fields, expected 5", fields.len()))?;
    let code = PlaceCode::parse(&code).map_err(|e| e.to_string())?;
    if code.level() != level || kind != level.as_str() {
        return Err(format!(
            "`{code}` ({kind}) does not belong in the {} list",
            level.as_str()
        ));
    }
    let parent = match parent.as_str() {
        "" if level == PlaceLevel::Province => None,
        "" => return Err(format!("`{code}` has no parent")),
        parent => Some(PlaceCode::parse(parent).map_err(|e| e.to_string())?),
    };
    Ok(Place {
        code,
        parent,
        name_km,
        name_en,
    })
}

/// Splits one CSV line (RFC 4180 quoting, no line breaks inside fields).
fn split_csv_line(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', false) if field.is_empty() => quoted = true,
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => {
                quoted = false;
                if !matches!(chars.peek(), None | Some(',')) {
                    return Err("text after a closing quote".to_owned());
                }
            }
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    if quoted {
        return Err("unclosed quote".to_owned());
    }
    fields.push(field);
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_knows_its_level_by_its_length() {
        assert_eq!(
            PlaceCode::parse("12").unwrap().level(),
            PlaceLevel::Province
        );
        assert_eq!(
            PlaceCode::parse("1201").unwrap().level(),
            PlaceLevel::District
        );
        assert_eq!(
            PlaceCode::parse("170201").unwrap().level(),
            PlaceLevel::Commune
        );
        assert_eq!(
            PlaceCode::parse(" 01020101 ").unwrap().level(),
            PlaceLevel::Village
        );
    }

    #[test]
    fn malformed_codes_are_refused() {
        for bad in ["", "1", "123", "0506140-", "12a4", "123456789", "１２"] {
            assert!(PlaceCode::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn level_names_round_trip() {
        for level in [
            PlaceLevel::Province,
            PlaceLevel::District,
            PlaceLevel::Commune,
            PlaceLevel::Village,
        ] {
            assert_eq!(PlaceLevel::parse(level.as_str()), Some(level));
        }
        assert_eq!(PlaceLevel::parse("country"), None);
    }

    #[test]
    fn csv_quotes_and_doubled_quotes_are_read() {
        assert_eq!(
            split_csv_line(r#"03010403,030104,"Prasout ""Ka""","ប្រសូត្រ ""ក""",village"#).unwrap(),
            [
                "03010403",
                "030104",
                r#"Prasout "Ka""#,
                r#"ប្រសូត្រ "ក""#,
                "village"
            ]
        );
        assert_eq!(
            split_csv_line("01,,A,ក,province").unwrap(),
            ["01", "", "A", "ក", "province"]
        );
        assert!(split_csv_line(r#"01,"open,x"#).is_err());
        assert!(split_csv_line(r#"01,"a"b,x"#).is_err());
    }

    #[test]
    fn a_row_in_the_wrong_file_is_refused() {
        assert!(parse_row("1201,12,Chamkar Mon,ចំការមន,district", PlaceLevel::Commune).is_err());
        assert!(parse_row("1201,,Chamkar Mon,ចំការមន,district", PlaceLevel::District).is_err());
        assert!(parse_row("1201,12,Chamkar Mon,district", PlaceLevel::District).is_err());
    }

    #[test]
    fn the_bundled_gazetteer_is_complete_and_parents_come_first() {
        let places = bundled_gazetteer().unwrap();
        let count = |level| places.iter().filter(|p| p.level() == level).count();
        assert_eq!(count(PlaceLevel::Province), 25);
        assert_eq!(count(PlaceLevel::District), 210);
        assert_eq!(count(PlaceLevel::Commune), 1_661);
        assert_eq!(count(PlaceLevel::Village), 14_488);

        let mut seen = std::collections::HashSet::new();
        for place in &places {
            if let Some(parent) = &place.parent {
                assert!(
                    seen.contains(parent),
                    "{} comes before its parent {parent}",
                    place.code
                );
            }
            assert!(
                seen.insert(place.code.clone()),
                "{} appears twice",
                place.code
            );
        }
        let siem_reap = places.iter().find(|p| p.code.as_str() == "17").unwrap();
        assert_eq!(siem_reap.name_en, "Siemreap");
        assert_eq!(siem_reap.name_km, "សៀមរាប");
    }
}
