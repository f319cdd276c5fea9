//! The services: each kind of work the handlers, the jobs and the command
//! line ask for, with what it needs. Every change to the data runs in one
//! transaction: a staff member's with its audit row, a tipster's with none
//! (nothing may tell when a tipster came back: the daily release audits a
//! day's reports and replies in one row without times); `notify` builds and sends
//! every mail, `urgent_alerts` batches the urgent ones, `anchoring` records the audit
//! chain's head, and `common` holds what the services share.

pub mod anchoring;
pub mod cases;
pub mod claims;
pub mod common;
pub mod notify;
pub mod reports;
pub mod rewards;
mod scoring;
pub mod staff;
pub mod tips;
pub mod urgent_alerts;
