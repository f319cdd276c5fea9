//! The `tipline` command: serves the application. Configuration comes from
//! environment variables only (`tipline --help` lists them).

use std::process::ExitCode;

use clap::Parser;
use tipline::config::{Config, variables_help};
use tipline::startup::Application;

/// Anonymous tip-offs about suspected online-scam compounds.
#[derive(Parser)]
#[command(name = "tipline", version, after_help = variables_help())]
struct Cli {}

fn main() -> ExitCode {
    Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => return fail(&error.to_string()),
    };
    if let Err(error) = tipline::telemetry::init(&config) {
        return fail(&error);
    }
    actix_web::rt::System::new().block_on(async {
        let application = match Application::build(config) {
            Ok(application) => application,
            Err(error) => return fail(&error.to_string()),
        };
        match application.run_until_stopped().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => fail(&error.to_string()),
        }
    })
}

fn fail(message: &str) -> ExitCode {
    eprintln!("tipline: {message}");
    ExitCode::FAILURE
}
