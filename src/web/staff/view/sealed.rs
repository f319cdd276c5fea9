//! Sealed staff text as a page shows it: the text, nothing, or a
//! placeholder for a member whose session holds no organisation key.

use crate::db::sealed_text::Opened;
use crate::web::staff::frame::StaffChrome;

/// The text to show for `opened`.
pub fn shown_text(c: &StaffChrome, opened: Opened) -> String {
    match opened {
        Opened::Text(text) => text,
        Opened::Nothing => String::new(),
        Opened::Sealed => c.t("staff-sealed-text").to_owned(),
    }
}
