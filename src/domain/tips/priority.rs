use crate::domain::category::Category;

/// What a tip's priority is computed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PriorityInputs {
    pub category: Category,
    /// Other tips at the same place (a grid cell and its eight neighbours)
    /// or in the same commune, within 90 days.
    pub corroborating: u32,
    pub has_point: bool,
    /// The place is known below the province (a district, commune or village).
    pub has_precise_place: bool,
    pub photos: u32,
    pub description_chars: usize,
}

/// One reason a tip ranks where it does, shown beside it in the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PriorityReason {
    Category(Category),
    Corroborated(u32),
    ExactPoint,
    PrecisePlace,
    Photos(u32),
    DetailedDescription,
}

/// A score (higher first) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Priority {
    pub score: i32,
    pub reasons: Vec<PriorityReason>,
}

/// Corroboration counts most, but only up to a point: ten tips from one
/// rumour should not bury a well-described new site.
const CORROBORATION_POINTS: i32 = 15;
const CORROBORATION_CAP: u32 = 4;

impl PriorityReason {
    /// Points this reason adds.
    pub fn points(self) -> i32 {
        match self {
            PriorityReason::Category(Category::Held) => 100,
            PriorityReason::Category(Category::Compound) => 30,
            PriorityReason::Category(Category::Recruiter) => 15,
            PriorityReason::Category(Category::Other) => 5,
            PriorityReason::Corroborated(count) => {
                CORROBORATION_POINTS * count.min(CORROBORATION_CAP) as i32
            }
            PriorityReason::ExactPoint => 15,
            PriorityReason::PrecisePlace => 10,
            PriorityReason::Photos(count) => 10 + 5 * (count.min(3) as i32 - 1),
            PriorityReason::DetailedDescription => 10,
        }
    }

    /// How the reason is stored (and later shown, translated).
    pub fn code(self) -> String {
        match self {
            PriorityReason::Category(category) => format!("category:{}", category.as_str()),
            PriorityReason::Corroborated(count) => format!("corroborated:{count}"),
            PriorityReason::ExactPoint => "point".to_owned(),
            PriorityReason::PrecisePlace => "place".to_owned(),
            PriorityReason::Photos(count) => format!("photos:{count}"),
            PriorityReason::DetailedDescription => "detailed".to_owned(),
        }
    }
}

/// A description this long usually says who, what and where.
const DETAILED_CHARS: usize = 200;

impl Priority {
    pub fn of(inputs: &PriorityInputs) -> Priority {
        let mut reasons = vec![PriorityReason::Category(inputs.category)];
        if inputs.corroborating > 0 {
            reasons.push(PriorityReason::Corroborated(inputs.corroborating));
        }
        if inputs.has_point {
            reasons.push(PriorityReason::ExactPoint);
        } else if inputs.has_precise_place {
            reasons.push(PriorityReason::PrecisePlace);
        }
        if inputs.photos > 0 {
            reasons.push(PriorityReason::Photos(inputs.photos));
        }
        if inputs.description_chars >= DETAILED_CHARS {
            reasons.push(PriorityReason::DetailedDescription);
        }
        Priority {
            score: reasons.iter().map(|reason| reason.points()).sum(),
            reasons,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(category: Category) -> PriorityInputs {
        PriorityInputs {
            category,
            corroborating: 0,
            has_point: false,
            has_precise_place: false,
            photos: 0,
            description_chars: 20,
        }
    }

    #[test]
    fn a_bare_report_scores_its_category_alone() {
        let priority = Priority::of(&inputs(Category::Compound));
        assert_eq!(priority.score, 30);
        assert_eq!(
            priority.reasons,
            [PriorityReason::Category(Category::Compound)]
        );
    }

    #[test]
    fn detail_and_corroboration_raise_the_score_with_their_reasons() {
        let rich = Priority::of(&PriorityInputs {
            corroborating: 2,
            has_point: true,
            has_precise_place: true,
            photos: 2,
            description_chars: 400,
            ..inputs(Category::Compound)
        });
        assert_eq!(rich.score, 30 + 30 + 15 + 15 + 10);
        assert_eq!(
            rich.reasons.iter().map(|r| r.code()).collect::<Vec<_>>(),
            [
                "category:compound",
                "corroborated:2",
                "point",
                "photos:2",
                "detailed"
            ]
        );
    }

    #[test]
    fn corroboration_counts_up_to_four_tips() {
        let four = Priority::of(&PriorityInputs {
            corroborating: 4,
            ..inputs(Category::Other)
        });
        let forty = Priority::of(&PriorityInputs {
            corroborating: 40,
            ..inputs(Category::Other)
        });
        assert_eq!(four.score, forty.score);
    }

    #[test]
    fn a_well_described_site_outranks_a_bare_one_and_held_outranks_all() {
        let bare = Priority::of(&inputs(Category::Compound)).score;
        let described = Priority::of(&PriorityInputs {
            has_precise_place: true,
            description_chars: 250,
            ..inputs(Category::Compound)
        })
        .score;
        let held = Priority::of(&inputs(Category::Held)).score;
        assert!(described > bare);
        assert!(held > described);
    }
}
