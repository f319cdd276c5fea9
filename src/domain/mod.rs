//! Plain-Rust domain logic: no actix, no diesel. Each concept parses its
//! raw input once, at the edge, into a type the rest of the code trusts.

pub mod alert_window;
pub mod audit;
pub mod cambodia;
pub mod cases;
pub mod category;
pub mod coordinates;
pub mod digits;
pub mod guessing;
pub mod ids;
pub mod message;
pub mod note;
pub mod place;
pub mod puzzle;
pub mod receipt;
pub mod report;
pub mod resend;
pub mod retention;
pub mod rewards;
pub mod search;
pub mod search_blocks;
pub mod staff;
pub mod text;
pub mod tip_bounds;
pub mod tip_status;
pub mod tips;
pub mod zawgyi;
