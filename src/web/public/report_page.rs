//! The report form as a page: shown empty, shown again with the next place
//! list (the no-JavaScript way to pick a district, commune and village), or
//! shown again with problems, always with everything typed still in place.

use askama::Template;

use crate::domain::category::Category;
use crate::domain::place::Place;
use crate::domain::report::{Field, FieldError, ReportForm};
use crate::i18n::Lang;
use crate::puzzles::Offer;
use crate::web::page::Chrome;

/// What the report form's buttons ask for: spelled here once, for the
/// template that writes them and the handler that reads them back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportAction {
    /// Show the form again with the next, smaller place list (the
    /// no-JavaScript way through the picker).
    Refine,
    Send,
}

impl ReportAction {
    pub const ALL: [ReportAction; 2] = [ReportAction::Refine, ReportAction::Send];

    /// The button's value, as the form sends it.
    pub fn value(self) -> &'static str {
        match self {
            ReportAction::Refine => "refine",
            ReportAction::Send => "send",
        }
    }

    pub fn of(sent: &str) -> Option<ReportAction> {
        ReportAction::ALL
            .into_iter()
            .find(|action| action.value() == sent)
    }
}

/// One option of a list or a group of radio buttons.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One place list of the picker, shown only when it has units.
pub struct PlaceList {
    pub field: &'static str,
    pub label: &'static str,
    pub options: Vec<Choice>,
}

/// The translated problem next to each field, if any.
#[derive(Default)]
pub struct FieldMessages {
    pub category: Option<&'static str>,
    pub description: Option<&'static str>,
    pub observed_on: Option<&'static str>,
    pub point: Option<&'static str>,
    pub place: Option<&'static str>,
    pub landmark: Option<&'static str>,
    pub photos: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "public/report.html")]
pub struct ReportPage {
    pub c: Chrome,
    /// The short form for someone held against their will.
    pub held_lane: bool,
    pub form: ReportForm,
    pub token: String,
    pub categories: Vec<Choice>,
    pub place_lists: Vec<PlaceList>,
    /// Whether a smaller area's list may follow (not yet at the villages).
    pub can_refine: bool,
    pub messages: FieldMessages,
    /// A problem with the form as a whole (e.g. it is too old).
    pub notice: Option<&'static str>,
    /// Proof of work for the page's script to do, under pressure.
    pub puzzle: Option<Offer>,
}

impl ReportPage {
    pub fn new(
        c: Chrome,
        held_lane: bool,
        form: ReportForm,
        token: String,
        lists: [Vec<Place>; 4],
        errors: &[FieldError],
        puzzle: Option<Offer>,
    ) -> Self {
        let lang = c.lang;
        let categories = Category::ALL
            .into_iter()
            .map(|category| Choice {
                value: category.as_str().to_owned(),
                label: c.t(category.label_key()).to_owned(),
                selected: form.category.trim() == category.as_str(),
            })
            .collect();
        let chosen = [&form.province, &form.district, &form.commune, &form.village];
        let fields = [
            ("province", "report-province"),
            ("district", "report-district"),
            ("commune", "report-commune"),
            ("village", "report-village"),
        ];
        let place_lists: Vec<PlaceList> = lists
            .into_iter()
            .zip(fields)
            .zip(chosen)
            .filter(|((places, _), _)| !places.is_empty())
            .map(|((places, (field, label)), chosen)| PlaceList {
                field,
                label: c.t(label),
                options: place_choices(places, lang, chosen),
            })
            .collect();
        let can_refine = place_lists.len() < 4;
        let message = |field: Field| {
            errors
                .iter()
                .find(|error| error.field == field)
                .map(|error| c.t(error.problem.message_key()))
        };
        let messages = FieldMessages {
            category: message(Field::Category),
            description: message(Field::Description),
            observed_on: message(Field::ObservedOn),
            point: message(Field::Point),
            place: message(Field::Place),
            landmark: message(Field::Landmark),
            photos: message(Field::Photos),
        };
        ReportPage {
            c,
            held_lane,
            form,
            token,
            categories,
            place_lists,
            can_refine,
            messages,
            notice: None,
            puzzle,
        }
    }

    /// Says beside the photos field that the photos sent must be chosen
    /// again: a browser cannot fill in a file field.
    pub fn ask_for_photos_again(&mut self) {
        if self.messages.photos.is_none() {
            self.messages.photos = Some(self.c.t("report-photos-again"));
        }
    }

    /// The path the form posts to.
    pub fn action(&self) -> String {
        self.c.href("report")
    }

    pub fn has_errors(&self) -> bool {
        let m = &self.messages;
        self.notice.is_some()
            || [
                &m.category,
                &m.description,
                &m.observed_on,
                &m.point,
                &m.place,
                &m.landmark,
            ]
            .iter()
            .any(|message| message.is_some())
    }
}

/// The options of one place list, `chosen` selected.
pub fn place_choices(places: Vec<Place>, lang: Lang, chosen: &str) -> Vec<Choice> {
    places
        .into_iter()
        .map(|place| Choice {
            selected: place.code.as_str() == chosen.trim(),
            label: place.name_in(lang).to_owned(),
            value: place.code.as_str().to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_button_value_reads_back_as_its_action() {
        for action in ReportAction::ALL {
            assert_eq!(ReportAction::of(action.value()), Some(action));
        }
        assert_eq!(ReportAction::of("launch"), None);
    }
}
