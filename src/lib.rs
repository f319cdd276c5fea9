//! tipline: anonymous tip-offs about suspected online-scam compounds.
//! See README.md for a map of the code.

pub mod bodies;
pub mod commands;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod hardening;
pub mod hashing;
pub mod heap;
pub mod i18n;
pub mod jobs;
pub mod mail;
pub mod photos;
pub mod puzzles;
pub mod secret;
pub mod services;
pub mod shares;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod tokens;
pub mod totp;
pub mod vault;
pub mod web;
