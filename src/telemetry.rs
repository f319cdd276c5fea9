//! Structured logs on standard error. What is logged is chosen in
//! `web::request_log`: never a client address, user agent, referrer or query.

use std::io::IsTerminal;

use tracing_subscriber::filter::Targets;
use tracing_subscriber::prelude::*;

use crate::config::{Config, LogFormat};

/// Installs the global subscriber. Fails on a filter it cannot read.
pub fn init(config: &Config) -> Result<(), String> {
    let filter: Targets = config.log_filter.parse().map_err(|e| {
        format!(
            "TIPLINE_LOG `{}` is not a log filter: {e}",
            config.log_filter
        )
    })?;
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false);
    let registry = tracing_subscriber::registry().with(filter);
    let installed = match config.log_format {
        LogFormat::Text => registry.with(layer).try_init(),
        LogFormat::Json => registry.with(layer.json().flatten_event(true)).try_init(),
    };
    installed.map_err(|e| e.to_string())
}
