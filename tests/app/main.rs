//! The one integration-test binary: each module is a journey or a promise,
//! driven over HTTP against the real application.

mod helpers;

mod browser;
mod catalog;
mod database;
mod headers;
mod health;
mod pages;
mod photos;
mod process;
mod report;
mod status;
