//! A point on the map, and reading one out of a pasted map link.

use std::fmt;

use super::digits::to_ascii_digits;

/// Cambodia's bounding box, widened by one degree for the border areas
/// (many compounds stand on or near the borders).
const LATITUDE: (f64, f64) = (10.4 - 1.0, 14.7 + 1.0);
const LONGITUDE: (f64, f64) = (102.3 - 1.0, 107.7 + 1.0);

/// A point in decimal degrees (WGS 84) inside the area tipline serves.
#[derive(Clone, Copy, PartialEq)]
pub struct Coordinates {
    latitude: f64,
    longitude: f64,
}

/// Why a point was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CoordinatesError {
    #[error("not a number of degrees")]
    NotANumber,
    #[error("outside Cambodia and its border areas")]
    OutOfArea,
}

impl Coordinates {
    pub fn new(latitude: f64, longitude: f64) -> Result<Self, CoordinatesError> {
        if !latitude.is_finite() || !longitude.is_finite() {
            return Err(CoordinatesError::NotANumber);
        }
        let inside = (LATITUDE.0..=LATITUDE.1).contains(&latitude)
            && (LONGITUDE.0..=LONGITUDE.1).contains(&longitude);
        if inside {
            Ok(Coordinates {
                latitude,
                longitude,
            })
        } else {
            Err(CoordinatesError::OutOfArea)
        }
    }

    /// Reads the `lat` and `lon` fields as typed: a decimal point or comma,
    /// digits of any supported script.
    pub fn parse(latitude: &str, longitude: &str) -> Result<Self, CoordinatesError> {
        Self::new(degrees(latitude)?, degrees(longitude)?)
    }

    pub fn latitude(&self) -> f64 {
        self.latitude
    }

    pub fn longitude(&self) -> f64 {
        self.longitude
    }

    /// Finds a point in text holding a map link: Google Maps `@lat,lon` or
    /// `q=lat,lon`, OpenStreetMap `mlat=…&mlon=…` or `#map=zoom/lat/lon`.
    pub fn from_map_link(text: &str) -> Option<Self> {
        let text = text.replace("%2C", ",").replace("%2c", ",");
        let pair = |rest: &str, separator: char| {
            let (latitude, rest) = leading_number(rest)?;
            let (longitude, _) = leading_number(rest.strip_prefix(separator)?)?;
            Coordinates::new(latitude, longitude).ok()
        };
        let first_number =
            |marker| tails(&text, marker).find_map(|rest| leading_number(rest).map(|(n, _)| n));
        tails(&text, "@")
            .chain(tails(&text, "q="))
            .chain(tails(&text, "query="))
            .find_map(|rest| pair(rest, ','))
            .or_else(|| {
                tails(&text, "#map=").find_map(|rest| {
                    let (_zoom, rest) = leading_number(rest)?;
                    pair(rest.strip_prefix('/')?, '/')
                })
            })
            .or_else(|| Coordinates::new(first_number("mlat=")?, first_number("mlon=")?).ok())
    }
}

/// What follows each occurrence of `marker` in `text`.
fn tails<'a>(text: &'a str, marker: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    text.match_indices(marker)
        .map(move |(at, _)| &text[at + marker.len()..])
}

impl fmt::Debug for Coordinates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Coordinates({:.6}, {:.6})",
            self.latitude, self.longitude
        )
    }
}

fn degrees(typed: &str) -> Result<f64, CoordinatesError> {
    let typed = to_ascii_digits(typed.trim()).replace(',', ".");
    typed
        .parse::<f64>()
        .map_err(|_| CoordinatesError::NotANumber)
}

/// A decimal number at the start of `text` (sign, digits, one point), and
/// what follows it.
fn leading_number(text: &str) -> Option<(f64, &str)> {
    let mut end = 0;
    let mut seen_point = false;
    for (at, c) in text.char_indices() {
        let accepted = match c {
            '-' | '+' => at == 0,
            '.' if !seen_point => {
                seen_point = true;
                true
            }
            c => c.is_ascii_digit(),
        };
        if !accepted {
            break;
        }
        end = at + c.len_utf8();
    }
    let number = text[..end].parse().ok()?;
    Some((number, &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(latitude: f64, longitude: f64) -> Coordinates {
        Coordinates::new(latitude, longitude).unwrap()
    }

    #[test]
    fn points_in_cambodia_and_its_border_areas_are_accepted() {
        assert_eq!(
            Coordinates::parse("11.5564", "104.9282"),
            Ok(point(11.5564, 104.9282))
        );
        assert_eq!(Coordinates::parse("10,6", "103,5"), Ok(point(10.6, 103.5)));
        assert_eq!(Coordinates::parse("១១.៥", "១០៤.៩"), Ok(point(11.5, 104.9)));
        // O'Smach, on the Thai border, and a compound just across it.
        assert!(Coordinates::new(14.43, 103.68).is_ok());
        assert!(Coordinates::new(14.9, 102.0).is_ok());
    }

    #[test]
    fn points_far_away_or_not_numbers_are_refused() {
        assert_eq!(
            Coordinates::parse("48.85", "2.35"),
            Err(CoordinatesError::OutOfArea)
        );
        assert_eq!(
            Coordinates::parse("104.9", "11.5"),
            Err(CoordinatesError::OutOfArea),
            "swapped"
        );
        assert_eq!(
            Coordinates::parse("", "104.9"),
            Err(CoordinatesError::NotANumber)
        );
        assert_eq!(
            Coordinates::parse("NaN", "104.9"),
            Err(CoordinatesError::NotANumber)
        );
        assert_eq!(
            Coordinates::parse("inf", "104.9"),
            Err(CoordinatesError::NotANumber)
        );
        assert_eq!(
            Coordinates::parse("11.5 N", "104.9"),
            Err(CoordinatesError::NotANumber)
        );
    }

    #[test]
    fn map_links_with_a_point_are_read() {
        let cases = [
            (
                "https://www.google.com/maps/@11.5564,104.9282,17z",
                point(11.5564, 104.9282),
            ),
            (
                "near the bridge https://maps.google.com/?q=10.6279,103.5220 big gate",
                point(10.6279, 103.522),
            ),
            (
                "https://www.google.com/maps/search/?api=1&query=13.3633%2C103.8564",
                point(13.3633, 103.8564),
            ),
            (
                "https://www.openstreetmap.org/?mlat=10.61&mlon=103.52#map=16/10.61/103.52",
                point(10.61, 103.52),
            ),
            (
                "https://www.openstreetmap.org/#map=17/11.55640/104.92820",
                point(11.5564, 104.9282),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(Coordinates::from_map_link(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn text_without_a_usable_point_yields_none() {
        for text in [
            "the blue building behind the market",
            "https://www.google.com/maps/@48.85,2.35,12z",
            "email me @ home, 5 floors",
            "https://maps.app.goo.gl/AbCdEf123",
        ] {
            assert_eq!(Coordinates::from_map_link(text), None, "{text}");
        }
    }
}
