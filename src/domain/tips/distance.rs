use crate::domain::coordinates::Coordinates;

/// Grid cells are 0.01° on each side: about 1.1 km north to south, a little
/// less east to west in Cambodia. A point's cell is stored beside it, so
/// "near this tip" reads a few cells through an index on either backend,
/// then measures exactly.
const CELL_DEGREES: f64 = 0.01;
const EARTH_RADIUS_M: f64 = 6_371_000.0;

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

    /// The cells that can hold a point within `radius_m` of `point`.
    pub fn around(point: &Coordinates, radius_m: f64) -> Vec<GridCell> {
        let centre = GridCell::of(point);
        // A degree of latitude is 111 km; of longitude, 111 km × cos(latitude).
        let rows = (radius_m / 111_000.0 / CELL_DEGREES).ceil() as i32;
        let columns = (radius_m / (111_000.0 * point.latitude().to_radians().cos()) / CELL_DEGREES)
            .ceil() as i32;
        let mut cells = Vec::new();
        for row in centre.row - rows..=centre.row + rows {
            for column in centre.column - columns..=centre.column + columns {
                cells.push(GridCell { row, column });
            }
        }
        cells
    }

    /// The cell and its eight neighbours: one place, as bursts count it.
    pub fn place(point: &Coordinates) -> Vec<GridCell> {
        let centre = GridCell::of(point);
        let mut cells = Vec::with_capacity(9);
        for row in centre.row - 1..=centre.row + 1 {
            for column in centre.column - 1..=centre.column + 1 {
                cells.push(GridCell { row, column });
            }
        }
        cells
    }

    /// The centre of the cell: a point shown coarsely, about 1 km.
    pub fn centre(&self) -> (f64, f64) {
        (
            (f64::from(self.row) + 0.5) * CELL_DEGREES,
            (f64::from(self.column) + 0.5) * CELL_DEGREES,
        )
    }
}

/// The great-circle distance in metres (haversine).
pub fn distance_m(a: &Coordinates, b: &Coordinates) -> f64 {
    let (lat_a, lat_b) = (a.latitude().to_radians(), b.latitude().to_radians());
    let d_lat = lat_b - lat_a;
    let d_lon = (b.longitude() - a.longitude()).to_radians();
    let h = (d_lat / 2.0).sin().powi(2) + lat_a.cos() * lat_b.cos() * (d_lon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().asin()
}

/// A distance as staff see it: to the nearest 100 m.
pub fn rounded_to_100_m(metres: f64) -> u32 {
    ((metres / 100.0).round() * 100.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(latitude: f64, longitude: f64) -> Coordinates {
        Coordinates::new(latitude, longitude).unwrap()
    }

    #[test]
    fn distances_are_measured_on_the_globe() {
        // Phnom Penh's Independence Monument to Wat Phnom: about 2.3 km.
        let monument = at(11.5564, 104.9282);
        let wat_phnom = at(11.5763, 104.9231);
        let metres = distance_m(&monument, &wat_phnom);
        assert!((2_200.0..2_400.0).contains(&metres), "{metres}");
        assert_eq!(distance_m(&monument, &monument), 0.0);
        assert_eq!(rounded_to_100_m(2_249.0), 2_200);
        assert_eq!(rounded_to_100_m(2_250.0), 2_300);
    }

    #[test]
    fn the_cells_around_a_point_hold_every_point_within_the_radius() {
        let centre = at(10.6279, 103.5220);
        let cells = GridCell::around(&centre, 500.0);
        for step in 0..36 {
            let angle = f64::from(step) * 10_f64.to_radians();
            // Points 490 m away in every direction.
            let d_lat = 490.0 / 111_000.0 * angle.cos();
            let d_lon = 490.0 / (111_000.0 * centre.latitude().to_radians().cos()) * angle.sin();
            let point = at(centre.latitude() + d_lat, centre.longitude() + d_lon);
            assert!(distance_m(&centre, &point) < 500.0);
            assert!(cells.contains(&GridCell::of(&point)), "{point:?}");
        }
    }

    #[test]
    fn a_place_is_a_cell_and_its_eight_neighbours() {
        let point = at(11.5564, 104.9282);
        let place = GridCell::place(&point);
        assert_eq!(place.len(), 9);
        assert!(place.contains(&GridCell::of(&point)));
        assert!(place.contains(&GridCell::of(&at(11.5664, 104.9382))));
        assert!(!place.contains(&GridCell::of(&at(11.5764, 104.9282))));
    }

    #[test]
    fn a_cell_is_about_a_kilometre_and_its_centre_is_inside_it() {
        let point = at(11.5564, 104.9282);
        let cell = GridCell::of(&point);
        assert_eq!(cell.key(), "1155:10492");
        let (lat, lon) = cell.centre();
        assert_eq!(GridCell::of(&at(lat, lon)), cell);
        assert!(distance_m(&point, &at(lat, lon)) < 800.0);
    }
}
