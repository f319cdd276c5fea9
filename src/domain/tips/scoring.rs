//! What a tip's priority is computed from: its own facts, as submitted or
//! as stored, to which the tips that corroborate it are added.

use chrono::NaiveDateTime;

use super::place::GridCell;
use super::priority::{Priority, PriorityInputs};
use crate::domain::category::Category;
use crate::domain::report::Report;

/// The facts of one tip that its priority and its corroboration depend on.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoringFacts {
    pub category: Category,
    /// The cell of its point, if it has one: the point itself is sealed.
    pub cell: Option<GridCell>,
    pub commune: Option<String>,
    /// The place is known below the province.
    pub precise_place: bool,
    pub photos: u32,
    pub description_chars: usize,
    pub submitted_at: NaiveDateTime,
}

impl ScoringFacts {
    /// The facts of a new tip: `report` with `photos` photos, submitted at
    /// `submitted_at`.
    pub fn of_report(report: &Report, photos: usize, submitted_at: NaiveDateTime) -> Self {
        let places = &report.places;
        ScoringFacts {
            category: report.category,
            cell: report.point.map(|point| GridCell::of(&point)),
            commune: places.commune.as_ref().map(|c| c.as_str().to_owned()),
            // The places are a chain from the province down: a commune or
            // village comes with its district.
            precise_place: places.district.is_some(),
            photos: u32::try_from(photos).unwrap_or(u32::MAX),
            description_chars: report.description.chars().count(),
            submitted_at,
        }
    }

    /// The priority of a tip with these facts that `corroborating` other
    /// tips corroborate.
    pub fn priority(&self, corroborating: usize) -> Priority {
        Priority::of(&PriorityInputs {
            category: self.category,
            corroborating: u32::try_from(corroborating).unwrap_or(u32::MAX),
            has_point: self.cell.is_some(),
            has_precise_place: self.precise_place,
            photos: self.photos,
            description_chars: self.description_chars,
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::place::PlaceCode;
    use crate::domain::report::PlaceChoice;
    use crate::domain::tips::PriorityReason;

    fn report(places: PlaceChoice) -> Report {
        Report {
            category: Category::Compound,
            description: "a guarded compound".to_owned(),
            observed_on: None,
            point: None,
            places,
            landmark: String::new(),
        }
    }

    fn noon() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 1)
            .and_then(|day| day.and_hms_opt(12, 0, 0))
            .expect("a valid time")
    }

    #[test]
    fn a_report_down_to_its_commune_is_precise_and_corroborates_by_commune() {
        let places = PlaceChoice {
            province: PlaceCode::parse("12").ok(),
            district: PlaceCode::parse("1201").ok(),
            commune: PlaceCode::parse("120101").ok(),
            village: None,
        };
        let facts = ScoringFacts::of_report(&report(places), 2, noon());
        assert_eq!(facts.commune.as_deref(), Some("120101"));
        assert!(facts.precise_place);
        assert_eq!(facts.photos, 2);
        assert_eq!(facts.description_chars, 18);
        let priority = facts.priority(1);
        assert_eq!(
            priority,
            Priority::of(&PriorityInputs {
                category: Category::Compound,
                corroborating: 1,
                has_point: false,
                has_precise_place: true,
                photos: 2,
                description_chars: 18,
            })
        );
        assert!(priority.reasons.contains(&PriorityReason::Corroborated(1)));
    }

    #[test]
    fn a_report_with_only_its_province_is_not_precise() {
        let places = PlaceChoice {
            province: PlaceCode::parse("12").ok(),
            ..PlaceChoice::default()
        };
        let facts = ScoringFacts::of_report(&report(places), 0, noon());
        assert!(!facts.precise_place);
        assert_eq!(facts.commune, None);
        assert!(
            !facts
                .priority(0)
                .reasons
                .iter()
                .any(|reason| matches!(reason, PriorityReason::Corroborated(_)))
        );
    }
}
