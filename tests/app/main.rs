//! The one integration-test binary: each module is a journey or a promise,
//! driven over HTTP against the real application.

mod binary;
mod browser_helpers;
mod helpers;
mod smtp;
mod staff_helpers;
mod templates;

mod alerts;
mod anonymity;
mod audit;
mod browser;
mod browser_bfcache;
mod browser_journey;
mod browser_puzzle;
mod bursts;
mod busy;
mod cases;
mod catalog;
mod codes;
mod database;
mod durability;
mod four_eyes;
mod headers;
mod health;
mod history;
mod languages;
mod languages_browser;
mod pages;
mod photos;
mod process;
mod puzzle;
mod report;
mod resend;
mod rewards;
mod shares;
mod staff;
mod staff_browser;
mod staff_cli;
mod staff_devices;
mod staff_routes;
mod status;
mod tip_bounds;
mod triage;
mod uploads;
