//! Structured logs on standard error. What is logged is chosen in
//! `web::request_log`: never a client address, user agent, referrer or query.
//! Lines are dated to the minute, no finer, as everything a tipster does.

use std::io::IsTerminal;

use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;
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
        .with_timer(ToTheMinute)
        .with_target(false);
    let registry = tracing_subscriber::registry().with(filter);
    let installed = match config.log_format {
        LogFormat::Text => registry.with(layer).try_init(),
        LogFormat::Json => registry.with(layer.json().flatten_event(true)).try_init(),
    };
    installed.map_err(|e| e.to_string())
}

/// A log line's time, to the minute: a request's line must not date a
/// tipster's report or check to the second.
struct ToTheMinute;

impl FormatTime for ToTheMinute {
    fn format_time(&self, w: &mut Writer<'_>) -> std::fmt::Result {
        write!(w, "{}", chrono::Utc::now().format("%Y-%m-%dT%H:%MZ"))
    }
}
