//! The services: each kind of work the handlers, the jobs and the command
//! line ask for, with what it needs. Every change runs in one transaction,
//! a staff change with its audit row; a tipster's leave none.

pub mod cases;
pub mod common;
pub mod notify;
pub mod reports;
pub mod rewards;
mod scoring;
pub mod staff;
pub mod tips;
