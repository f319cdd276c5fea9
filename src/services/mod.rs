//! The services: each kind of work the handlers, the jobs and the command
//! line ask for, with what it needs. Every change to the data runs in one
//! transaction with its audit row; `notify` builds and sends every mail,
//! and `common` holds what they all share.

pub mod cases;
pub mod common;
pub mod notify;
pub mod rewards;
pub mod staff;
pub mod tips;
