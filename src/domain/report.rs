//! A report as typed into the form, and the checked report it becomes.
//! The raw text is kept so a form with problems comes back exactly as typed.

use chrono::{Datelike, NaiveDate};

use super::category::Category;
use super::coordinates::{Coordinates, CoordinatesError};
use super::digits::to_ascii_digits;
use super::place::{Place, PlaceCode, PlaceLevel};
use super::zawgyi::to_unicode_if_zawgyi;

/// Longest description, in characters.
pub const DESCRIPTION_MAX: usize = 5_000;
/// Longest landmark or address, in characters.
pub const LANDMARK_MAX: usize = 300;

/// The form's fields as typed. Field names are a stable interface.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportForm {
    pub category: String,
    pub description: String,
    pub observed_on: String,
    pub lat: String,
    pub lon: String,
    pub province: String,
    pub district: String,
    pub commune: String,
    pub village: String,
    pub landmark: String,
}

/// The form's fields, for pointing at one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Category,
    Description,
    ObservedOn,
    Point,
    Place,
    Landmark,
    Photos,
}

/// What is wrong with a field; each has its own translated message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    CategoryMissing,
    DescriptionMissing,
    DescriptionTooLong,
    DateInvalid,
    DateInFuture,
    PointInvalid,
    PointOutOfArea,
    PlaceInvalid,
    LocationMissing,
    LandmarkTooLong,
    PhotosTooMany,
    PhotoTooLarge,
    PhotoTooManyPixels,
    PhotoNotAnImage,
    /// A reply with neither text nor photos.
    ReplyEmpty,
    /// A reply to a tip that takes no more replies.
    TipRepliesFull,
    /// Photos sent to a tip that takes no more photos.
    TipPhotosFull,
}

impl Problem {
    /// The catalog message for this problem.
    pub fn message_key(self) -> &'static str {
        match self {
            Problem::CategoryMissing => "report-error-category",
            Problem::DescriptionMissing => "report-error-description-missing",
            Problem::DescriptionTooLong => "report-error-description-long",
            Problem::DateInvalid => "report-error-date",
            Problem::DateInFuture => "report-error-date-future",
            Problem::PointInvalid => "report-error-point",
            Problem::PointOutOfArea => "report-error-point-area",
            Problem::PlaceInvalid => "report-error-place",
            Problem::LocationMissing => "report-error-location",
            Problem::LandmarkTooLong => "report-error-landmark-long",
            Problem::PhotosTooMany => "report-error-photos-many",
            Problem::PhotoTooLarge => "report-error-photo-large",
            Problem::PhotoTooManyPixels => "report-error-photo-pixels",
            Problem::PhotoNotAnImage => "report-error-photo-type",
            Problem::ReplyEmpty => "status-reply-empty",
            Problem::TipRepliesFull => "status-reply-full",
            Problem::TipPhotosFull => "status-reply-photos-full",
        }
    }
}

/// One problem with one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

/// The gazetteer units chosen, from the province down; each lies in the
/// one above it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlaceChoice {
    pub province: Option<PlaceCode>,
    pub district: Option<PlaceCode>,
    pub commune: Option<PlaceCode>,
    pub village: Option<PlaceCode>,
}

impl PlaceChoice {
    /// The chosen codes from the top down, stopping at the first blank.
    pub fn chain(&self) -> impl Iterator<Item = &PlaceCode> {
        [&self.province, &self.district, &self.commune, &self.village]
            .into_iter()
            .map_while(Option::as_ref)
    }

    /// The most precise unit chosen.
    pub fn finest(&self) -> Option<&PlaceCode> {
        self.chain().last()
    }
}

/// A checked report, ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub category: Category,
    pub description: String,
    pub observed_on: Option<NaiveDate>,
    pub point: Option<Coordinates>,
    pub places: PlaceChoice,
    pub landmark: String,
}

impl ReportForm {
    /// The codes typed into the place lists, each kept only if it is a code
    /// of its level and the levels above it were chosen too; a blank list
    /// ends the chain.
    pub fn place_choice(&self) -> Result<PlaceChoice, Problem> {
        let mut choice = PlaceChoice::default();
        let levels = [
            (&self.province, PlaceLevel::Province),
            (&self.district, PlaceLevel::District),
            (&self.commune, PlaceLevel::Commune),
            (&self.village, PlaceLevel::Village),
        ];
        for (typed, level) in levels {
            let typed = typed.trim();
            if typed.is_empty() {
                break;
            }
            let code = PlaceCode::parse(typed).map_err(|_| Problem::PlaceInvalid)?;
            if code.level() != level {
                return Err(Problem::PlaceInvalid);
            }
            let slot = match level {
                PlaceLevel::Province => &mut choice.province,
                PlaceLevel::District => &mut choice.district,
                PlaceLevel::Commune => &mut choice.commune,
                PlaceLevel::Village => &mut choice.village,
            };
            *slot = Some(code);
        }
        Ok(choice)
    }

    /// Checks every field. `chosen` are the gazetteer rows of the chosen
    /// codes (looked up by the caller), to prove each lies in the one above.
    pub fn check(&self, today: NaiveDate, chosen: &[Place]) -> Result<Report, Vec<FieldError>> {
        let mut errors = Vec::new();

        let category = Category::parse(&self.category)
            .map_err(|_| {
                errors.push(FieldError {
                    field: Field::Category,
                    problem: Problem::CategoryMissing,
                })
            })
            .ok();

        // Burmese typed in Zawgyi is stored as Unicode, so staff can read it.
        let description = to_unicode_if_zawgyi(self.description.trim()).into_owned();
        if description.chars().count() > DESCRIPTION_MAX {
            errors.push(FieldError {
                field: Field::Description,
                problem: Problem::DescriptionTooLong,
            });
        } else if description.is_empty() && category == Some(Category::Held) {
            errors.push(FieldError {
                field: Field::Description,
                problem: Problem::DescriptionMissing,
            });
        }

        let observed_on = match self.observed_on.trim() {
            "" => None,
            typed => match NaiveDate::parse_from_str(&to_ascii_digits(typed), "%Y-%m-%d") {
                // The tipster's "today" may be a day ahead of the server's.
                Ok(date) if date > today.succ_opt().unwrap_or(today) => {
                    errors.push(FieldError {
                        field: Field::ObservedOn,
                        problem: Problem::DateInFuture,
                    });
                    None
                }
                Ok(date) if date.year_ce().1 >= 2000 => Some(date),
                _ => {
                    errors.push(FieldError {
                        field: Field::ObservedOn,
                        problem: Problem::DateInvalid,
                    });
                    None
                }
            },
        };

        let landmark = to_unicode_if_zawgyi(self.landmark.trim()).into_owned();
        if landmark.chars().count() > LANDMARK_MAX {
            errors.push(FieldError {
                field: Field::Landmark,
                problem: Problem::LandmarkTooLong,
            });
        }

        let point = match (self.lat.trim(), self.lon.trim()) {
            ("", "") => Coordinates::from_map_link(&landmark),
            (lat, lon) => match Coordinates::parse(lat, lon) {
                Ok(point) => Some(point),
                Err(CoordinatesError::OutOfArea) => {
                    errors.push(FieldError {
                        field: Field::Point,
                        problem: Problem::PointOutOfArea,
                    });
                    None
                }
                Err(CoordinatesError::NotANumber) => {
                    errors.push(FieldError {
                        field: Field::Point,
                        problem: Problem::PointInvalid,
                    });
                    None
                }
            },
        };

        let places = match self.place_choice() {
            Ok(choice) if chain_is_consistent(&choice, chosen) => choice,
            _ => {
                errors.push(FieldError {
                    field: Field::Place,
                    problem: Problem::PlaceInvalid,
                });
                PlaceChoice::default()
            }
        };

        let located = point.is_some() || places.province.is_some();
        let place_failed = errors
            .iter()
            .any(|e| matches!(e.field, Field::Point | Field::Place));
        if !located && !place_failed && category.is_some_and(Category::requires_location) {
            errors.push(FieldError {
                field: Field::Place,
                problem: Problem::LocationMissing,
            });
        }

        match category {
            Some(category) if errors.is_empty() => Ok(Report {
                category,
                description,
                observed_on,
                point,
                places,
                landmark,
            }),
            _ => Err(errors),
        }
    }
}

/// Each chosen code exists and its parent is the code chosen above it.
fn chain_is_consistent(choice: &PlaceChoice, chosen: &[Place]) -> bool {
    let mut parent: Option<&PlaceCode> = None;
    for code in choice.chain() {
        let Some(place) = chosen.iter().find(|place| &place.code == code) else {
            return false;
        };
        if place.parent.as_ref() != parent {
            return false;
        }
        parent = Some(code);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn place(code: &str, parent: Option<&str>) -> Place {
        Place {
            code: PlaceCode::parse(code).unwrap(),
            parent: parent.map(|p| PlaceCode::parse(p).unwrap()),
            name_km: String::new(),
            name_en: String::new(),
        }
    }

    fn gazetteer() -> Vec<Place> {
        vec![
            place("17", None),
            place("1702", Some("17")),
            place("170201", Some("1702")),
            place("18", None),
        ]
    }

    fn form(category: &str) -> ReportForm {
        ReportForm {
            category: category.into(),
            description: "Guards at the gate".into(),
            ..Default::default()
        }
    }

    fn problems(form: &ReportForm) -> Vec<(Field, Problem)> {
        form.check(today(), &gazetteer())
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_compound_with_a_province_is_a_report() {
        let report = ReportForm {
            province: "17".into(),
            district: "1702".into(),
            ..form("compound")
        }
        .check(today(), &gazetteer())
        .unwrap();
        assert_eq!(report.category, Category::Compound);
        assert_eq!(report.places.finest().map(PlaceCode::as_str), Some("1702"));
        assert_eq!(report.point, None);
    }

    #[test]
    fn a_point_alone_is_enough_and_a_map_link_in_the_landmark_gives_one() {
        let report = ReportForm {
            lat: "13.36".into(),
            lon: "103.86".into(),
            ..form("recruiter")
        }
        .check(today(), &gazetteer())
        .unwrap();
        assert!(report.point.is_some());
        let landmark = "https://www.google.com/maps/@10.6279,103.5220,17z";
        let report = ReportForm {
            landmark: landmark.into(),
            ..form("compound")
        }
        .check(today(), &gazetteer())
        .unwrap();
        assert_eq!(
            report.point,
            Some(Coordinates::new(10.6279, 103.522).unwrap())
        );
        assert_eq!(report.landmark, landmark);
    }

    #[test]
    fn only_someone_held_may_come_without_a_place_but_needs_a_description() {
        assert_eq!(
            problems(&form("compound")),
            [(Field::Place, Problem::LocationMissing)]
        );
        assert!(form("held").check(today(), &gazetteer()).is_ok());
        let bare = ReportForm {
            description: "  ".into(),
            ..form("held")
        };
        assert_eq!(
            problems(&bare),
            [(Field::Description, Problem::DescriptionMissing)]
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let bad = ReportForm {
            category: "spam".into(),
            description: "x".repeat(DESCRIPTION_MAX + 1),
            observed_on: "yesterday".into(),
            lat: "48.8".into(),
            lon: "2.3".into(),
            landmark: "y".repeat(LANDMARK_MAX + 1),
            ..Default::default()
        };
        assert_eq!(
            problems(&bad),
            [
                (Field::Category, Problem::CategoryMissing),
                (Field::Description, Problem::DescriptionTooLong),
                (Field::ObservedOn, Problem::DateInvalid),
                (Field::Landmark, Problem::LandmarkTooLong),
                (Field::Point, Problem::PointOutOfArea),
            ]
        );
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let khmer = ReportForm {
            description: "ក".repeat(DESCRIPTION_MAX),
            ..form("held")
        };
        assert!(khmer.check(today(), &gazetteer()).is_ok());
    }

    #[test]
    fn dates_are_read_in_any_digits_and_may_not_lie_ahead() {
        let date = |typed: &str| {
            ReportForm {
                observed_on: typed.into(),
                ..form("held")
            }
            .check(today(), &gazetteer())
        };
        assert_eq!(
            date("២០២៦-១១-២០").unwrap().observed_on,
            NaiveDate::from_ymd_opt(2026, 11, 20)
        );
        assert!(
            date("2026-11-24").is_ok(),
            "the tipster's today may be tomorrow here"
        );
        assert_eq!(
            date("2026-12-25").unwrap_err()[0].problem,
            Problem::DateInFuture
        );
        assert_eq!(
            date("1999-01-01").unwrap_err()[0].problem,
            Problem::DateInvalid
        );
        assert_eq!(date("").unwrap().observed_on, None);
    }

    #[test]
    fn places_must_exist_and_nest() {
        let wrong_parent = ReportForm {
            province: "18".into(),
            district: "1702".into(),
            ..form("compound")
        };
        assert_eq!(
            problems(&wrong_parent),
            [(Field::Place, Problem::PlaceInvalid)]
        );
        let unknown = ReportForm {
            province: "99".into(),
            ..form("compound")
        };
        assert_eq!(problems(&unknown), [(Field::Place, Problem::PlaceInvalid)]);
        let wrong_level = ReportForm {
            province: "1702".into(),
            ..form("compound")
        };
        assert_eq!(
            problems(&wrong_level),
            [(Field::Place, Problem::PlaceInvalid)]
        );
        let gap = ReportForm {
            province: "17".into(),
            commune: "170201".into(),
            ..form("compound")
        };
        let report = gap.check(today(), &gazetteer()).unwrap();
        assert_eq!(
            report.places.finest().map(PlaceCode::as_str),
            Some("17"),
            "a blank list ends the chain"
        );
    }

    #[test]
    fn text_is_kept_as_given_apart_from_surrounding_space() {
        let hostile = "<script>alert(1)</script> ' OR 1=1 --";
        let report = ReportForm {
            description: format!("  {hostile}\n"),
            ..form("held")
        }
        .check(today(), &gazetteer())
        .unwrap();
        assert_eq!(report.description, hostile);
    }
}
