//! The one definition of "the same place" that every rule and page uses: a
//! 0.01° grid cell and its eight neighbours. Corroboration, bursts and the
//! "near" lists all read it, so what counts as near never differs between
//! them, and no page needs a distance finer than a cell.

use crate::domain::coordinates::Coordinates;

/// Grid cells are 0.01° on each side: about 1.1 km north to south, a little
/// less east to west in Cambodia. A point's cell is stored beside it, so a
/// place is read as nine cells through an index on either backend.
const CELL_DEGREES: f64 = 0.01;

/// A place reaches this many cells from its centre: the eight neighbours.
const PLACE_REACH: u32 = 1;

/// One grid cell, stored as text (`row:column`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GridCell {
    row: i32,
    column: i32,
}

impl GridCell {
    pub fn of(point: &Coordinates) -> Self {
        GridCell {
            row: (point.latitude() / CELL_DEGREES).floor() as i32,
            column: (point.longitude() / CELL_DEGREES).floor() as i32,
        }
    }

    pub fn key(&self) -> String {
        format!("{}:{}", self.row, self.column)
    }

    /// Reads a key made by [`GridCell::key`].
    pub fn parse(key: &str) -> Option<Self> {
        let (row, column) = key.split_once(':')?;
        Some(GridCell {
            row: row.parse().ok()?,
            column: column.parse().ok()?,
        })
    }

    /// The centre of the cell: a point shown coarsely, about 1 km.
    pub fn centre(&self) -> (f64, f64) {
        (
            (f64::from(self.row) + 0.5) * CELL_DEGREES,
            (f64::from(self.column) + 0.5) * CELL_DEGREES,
        )
    }
}

/// How many cells apart two cells are, counting a corner as one step as a
/// side is (Chebyshev distance): 0 the same cell, 1 a neighbour.
pub fn cell_distance(a: GridCell, b: GridCell) -> u32 {
    a.row.abs_diff(b.row).max(a.column.abs_diff(b.column))
}

/// A place: the cell of a point and the eight cells around it. A point near
/// a cell's edge has its neighbours across that edge in its place, which a
/// single cell would miss; two points share a place only when their cells
/// touch, so "the same place" means within about 1 to 3 km, never farther.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    centre: GridCell,
}

impl Place {
    pub fn of(point: &Coordinates) -> Self {
        Place::around(GridCell::of(point))
    }

    /// The place centred on `cell`: what a stored tip's plain cell gives
    /// without its sealed point.
    pub fn around(cell: GridCell) -> Self {
        Place { centre: cell }
    }

    /// Whether `cell` is one of the place's nine cells.
    pub fn contains(&self, cell: GridCell) -> bool {
        cell_distance(self.centre, cell) <= PLACE_REACH
    }

    /// The place's cells `distance` cells from its centre: the centre alone
    /// at 0, its eight neighbours at 1, none beyond.
    pub fn ring(&self, distance: u32) -> Vec<GridCell> {
        let reach = i32::try_from(distance.min(PLACE_REACH)).unwrap_or(0);
        let mut cells = Vec::new();
        for row in self.centre.row - reach..=self.centre.row + reach {
            for column in self.centre.column - reach..=self.centre.column + reach {
                let cell = GridCell { row, column };
                if self.contains(cell) && cell_distance(self.centre, cell) == distance {
                    cells.push(cell);
                }
            }
        }
        cells
    }

    /// The keys of all nine cells, as stored, the centre first.
    pub fn keys(&self) -> Vec<String> {
        (0..=PLACE_REACH)
            .flat_map(|distance| self.ring(distance))
            .map(|cell| cell.key())
            .collect()
    }
}

/// How near another tip or case is, as the "near" lists show and order
/// them: its cell's distance from this one's, or only its commune when it
/// is outside the place or either has no point. Never metres: a distance
/// finer than a cell would narrow down a point that pages show only to the
/// cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Nearness {
    SameCell,
    NextCell,
    SameCommune,
}

impl Nearness {
    /// Nearest first.
    pub const ALL: [Nearness; 3] = [
        Nearness::SameCell,
        Nearness::NextCell,
        Nearness::SameCommune,
    ];

    /// How many cells away those found by their cell are; `None` for those
    /// found by their commune.
    pub fn cells_away(self) -> Option<u32> {
        match self {
            Nearness::SameCell => Some(0),
            Nearness::NextCell => Some(1),
            Nearness::SameCommune => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(latitude: f64, longitude: f64) -> Coordinates {
        Coordinates::new(latitude, longitude).unwrap()
    }

    fn cell(latitude: f64, longitude: f64) -> GridCell {
        GridCell::of(&at(latitude, longitude))
    }

    #[test]
    fn a_cell_is_a_hundredth_of_a_degree_and_its_centre_is_inside_it() {
        let point = at(11.5564, 104.9282);
        let cell = GridCell::of(&point);
        assert_eq!(cell.key(), "1155:10492");
        let (lat, lon) = cell.centre();
        assert_eq!(GridCell::of(&at(lat, lon)), cell);
        assert!((lat - 11.555).abs() < 1e-9 && (lon - 104.925).abs() < 1e-9);
    }

    #[test]
    fn cells_are_as_far_apart_as_their_farther_axis() {
        let here = cell(11.5564, 104.9282);
        assert_eq!(cell_distance(here, here), 0);
        assert_eq!(cell_distance(here, cell(11.5599, 104.9201)), 0);
        assert_eq!(cell_distance(here, cell(11.5664, 104.9282)), 1, "north");
        assert_eq!(cell_distance(here, cell(11.5464, 104.9382)), 1, "corner");
        assert_eq!(cell_distance(here, cell(11.5764, 104.9382)), 2);
        assert_eq!(cell_distance(here, cell(11.5464, 104.8982)), 3, "west");
        assert_eq!(
            cell_distance(cell(11.5764, 104.9382), here),
            2,
            "either way round"
        );
    }

    #[test]
    fn a_place_is_a_cell_and_its_eight_neighbours() {
        let place = Place::of(&at(11.5564, 104.9282));
        assert!(place.contains(cell(11.5564, 104.9282)));
        assert!(place.contains(cell(11.5664, 104.9382)), "a corner");
        assert!(place.contains(cell(11.5464, 104.9182)), "the other corner");
        assert!(!place.contains(cell(11.5764, 104.9282)), "two cells north");
        assert!(!place.contains(cell(11.5564, 104.9482)), "two cells east");
        let keys = place.keys();
        assert_eq!(keys.len(), 9);
        assert_eq!(keys[0], "1155:10492", "the centre first");
        assert_eq!(place.ring(0), vec![cell(11.5564, 104.9282)]);
        assert_eq!(place.ring(1).len(), 8);
        assert!(place.ring(1).iter().all(|c| place.contains(*c)));
        assert!(place.ring(2).is_empty(), "a place ends at its neighbours");
    }

    #[test]
    fn points_a_few_metres_apart_across_a_cell_edge_share_a_place() {
        // 11 m apart, in two cells: a single cell would part them.
        let south = at(11.5599, 104.9282);
        let north = at(11.5600 + 0.0000001, 104.9282);
        assert_ne!(GridCell::of(&south), GridCell::of(&north));
        assert!(Place::of(&south).contains(GridCell::of(&north)));
        assert!(Place::of(&north).contains(GridCell::of(&south)));
    }

    #[test]
    fn the_same_cell_is_nearer_than_the_next_which_is_nearer_than_the_commune() {
        assert!(Nearness::SameCell < Nearness::NextCell);
        assert!(Nearness::NextCell < Nearness::SameCommune);
        let mut sorted = Nearness::ALL;
        sorted.sort();
        assert_eq!(sorted, Nearness::ALL);
        assert_eq!(Nearness::SameCell.cells_away(), Some(0));
        assert_eq!(Nearness::NextCell.cells_away(), Some(1));
        assert_eq!(Nearness::SameCommune.cells_away(), None);
    }
}
