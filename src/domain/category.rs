//! What a tip is about. The field values are a stable interface: other
//! channels post them.

/// The kind of thing reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// A suspected scam compound.
    Compound,
    /// Someone held against their will: the urgent lane.
    Held,
    /// A recruiter or broker.
    Recruiter,
    /// Other suspicious activity.
    Other,
}

/// Why a value is not a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a category")]
pub struct NotACategory;

impl Category {
    /// Every category, in the order the form offers them.
    pub const ALL: [Category; 4] = [
        Category::Compound,
        Category::Held,
        Category::Recruiter,
        Category::Other,
    ];

    /// The form value and the stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Compound => "compound",
            Category::Held => "held",
            Category::Recruiter => "recruiter",
            Category::Other => "other",
        }
    }

    /// The catalog message naming this category on the form.
    pub fn label_key(self) -> &'static str {
        match self {
            Category::Compound => "report-category-compound",
            Category::Held => "report-category-held",
            Category::Recruiter => "report-category-recruiter",
            Category::Other => "report-category-other",
        }
    }

    pub fn parse(value: &str) -> Result<Self, NotACategory> {
        Category::ALL
            .into_iter()
            .find(|category| category.as_str() == value.trim())
            .ok_or(NotACategory)
    }

    /// Urgent tips go first in every queue and their receipt shows the hotline.
    pub fn is_urgent(self) -> bool {
        self == Category::Held
    }

    /// A person held inside may not know where they are; every other report
    /// needs a place.
    pub fn requires_location(self) -> bool {
        self != Category::Held
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_round_trip_through_their_form_values() {
        for category in Category::ALL {
            assert_eq!(Category::parse(category.as_str()), Ok(category));
        }
        assert_eq!(Category::parse(" held "), Ok(Category::Held));
        assert_eq!(Category::parse("Held"), Err(NotACategory));
        assert_eq!(Category::parse(""), Err(NotACategory));
    }

    #[test]
    fn only_someone_held_is_urgent_and_may_come_without_a_place() {
        for category in Category::ALL {
            assert_eq!(category.is_urgent(), category == Category::Held);
            assert_eq!(category.requires_location(), category != Category::Held);
        }
    }
}
