//! "Near this tip / case": neighbours as shown, shared by the tip and case
//! pages.

use super::labels::{case_state_key, tip_status_key};
use crate::db::near::{Distance, NearCase, NearTip};
use crate::domain::coordinates::Coordinates;
use crate::domain::tips::{CaseRef, GridCell, InternalRef};
use crate::web::staff::frame::StaffChrome;

/// The radius reviewers start from, and the ones they may choose. A menu,
/// not a number: with any radius allowed, asking again and again would
/// measure a neighbour to the metre, past the 100 m rounding.
pub const NEAR_DEFAULT_M: u32 = 500;
pub const NEAR_RADII_M: [u32; 5] = [300, 500, 1000, 2000, 5000];

/// The radius asked for, if it is on the menu.
pub fn near_radius(asked: Option<u32>) -> u32 {
    asked
        .filter(|metres| NEAR_RADII_M.contains(metres))
        .unwrap_or(NEAR_DEFAULT_M)
}

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
    pub distance: String,
}

/// Tips and cases near one place, nearest first.
pub struct Nearby {
    pub radius_m: u32,
    pub radii: [u32; 5],
    pub tips: Vec<ShownNeighbour>,
    pub cases: Vec<ShownNeighbour>,
}

fn distance_text(c: &StaffChrome, distance: Distance) -> String {
    match distance {
        Distance::Metres(metres) => format!("{metres} m"),
        Distance::SameCommune => c.t("staff-near-same-commune").to_owned(),
    }
}

impl Nearby {
    pub fn shown(c: &StaffChrome, tips: Vec<NearTip>, cases: Vec<NearCase>, radius_m: u32) -> Self {
        Nearby {
            radius_m,
            radii: NEAR_RADII_M,
            tips: tips
                .into_iter()
                .map(|tip| {
                    let reference = InternalRef::of(tip.id).to_string();
                    ShownNeighbour {
                        href: format!("/staff/tips/{reference}"),
                        reference,
                        label: c.t(tip.category.label_key()).to_owned(),
                        state: c.t(tip_status_key(tip.status)),
                        distance: distance_text(c, tip.distance),
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
                        label: case.title,
                        state: c.t(case_state_key(case.state)),
                        distance: distance_text(c, case.distance),
                    }
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_radii_on_the_menu_are_taken() {
        assert_eq!(near_radius(None), 500);
        assert_eq!(near_radius(Some(2000)), 2000);
        for off_menu in [0, 437, 438, 1_000_000] {
            assert_eq!(near_radius(Some(off_menu)), NEAR_DEFAULT_M);
        }
    }
}
