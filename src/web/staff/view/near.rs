//! "Near this tip / case": neighbours as shown, shared by the tip and case
//! pages.

use super::labels::{case_state_key, tip_status_key};
use super::shown_text;
use crate::db::cases::open_title;
use crate::db::near::{NearCase, NearTip};
use crate::domain::coordinates::Coordinates;
use crate::domain::tips::{CaseRef, GridCell, InternalRef, Nearness};
use crate::web::staff::frame::StaffChrome;

/// A point as staff see it: snapped to the 0.01° grid (about a kilometre),
/// and to the metre only when `exact` (after the logged click).
pub fn shown_location(point: Option<Coordinates>, exact: bool) -> (Option<String>, Option<String>) {
    let coarse = point.map(|point| {
        let (lat, lon) = GridCell::of(&point).centre();
        format!("{lat:.3}, {lon:.3}")
    });
    let exact = point
        .filter(|_| exact)
        .map(|point| format!("{:.6}, {:.6}", point.latitude(), point.longitude()));
    (coarse, exact)
}

pub struct ShownNeighbour {
    pub reference: String,
    pub href: String,
    pub label: String,
    pub state: &'static str,
    /// The day the tip came in or the case was opened.
    pub day: String,
    pub nearness: &'static str,
}

/// Tips and cases at one place or in its commune, nearest first, then the
/// oldest first.
pub struct Nearby {
    pub tips: Vec<ShownNeighbour>,
    pub cases: Vec<ShownNeighbour>,
}

fn nearness_key(nearness: Nearness) -> &'static str {
    match nearness {
        Nearness::SameCell => "staff-near-same-cell",
        Nearness::NextCell => "staff-near-next-cell",
        Nearness::SameCommune => "staff-near-same-commune",
    }
}

impl Nearby {
    pub fn shown(c: &StaffChrome, tips: Vec<NearTip>, cases: Vec<NearCase>) -> Self {
        Nearby {
            tips: tips
                .into_iter()
                .map(|tip| {
                    let reference = InternalRef::of(tip.id).to_string();
                    ShownNeighbour {
                        href: format!("/staff/tips/{reference}"),
                        reference,
                        label: c.t(tip.category.label_key()).to_owned(),
                        state: c.t(tip_status_key(tip.status)),
                        day: tip.submitted_at.format("%Y-%m-%d").to_string(),
                        nearness: c.t(nearness_key(tip.nearness)),
                    }
                })
                .collect(),
            cases: cases
                .into_iter()
                .map(|case| {
                    let reference = CaseRef::of(case.id).to_string();
                    ShownNeighbour {
                        href: format!("/staff/cases/{reference}"),
                        reference,
                        label: shown_text(c, open_title(c.org(), case.id, case.title.as_deref())),
                        state: c.t(case_state_key(case.state)),
                        day: case.opened_at.format("%Y-%m-%d").to_string(),
                        nearness: c.t(nearness_key(case.nearness)),
                    }
                })
                .collect(),
        }
    }
}
