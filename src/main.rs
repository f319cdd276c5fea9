//! The `tipline` command: serves the application, or runs one of the
//! administrative commands. Configuration comes from environment variables
//! only (`tipline --help` lists them).

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tipline::commands;
use tipline::config::{Config, variables_help};
use tipline::startup::Application;

/// Anonymous tip-offs about suspected online-scam compounds.
#[derive(Parser)]
#[command(name = "tipline", version, after_help = variables_help())]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the application (what `tipline` does with no command).
    Serve,
    /// Staff accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// The tamper-evident audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// The keys that open sealed content.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Write a consistent copy of the SQLite database, while it runs, to a
    /// new file (PostgreSQL: use pg_dump).
    Backup {
        /// Where the copy goes; the file must not exist yet.
        path: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an administrator; the password is read twice from standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Language of the staff pages: `km` or `en`.
        #[arg(long, default_value = "km")]
        language: String,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Check that a recovery key, read from standard input, opens the
    /// organisation key (it changes nothing).
    CheckRecovery,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the whole chain; with --head, also that an earlier head is still in it.
    Verify {
        /// A head recorded earlier, as COUNT:HASH (from `tipline audit head` or the daily anchor mail).
        #[arg(long)]
        head: Option<String>,
    },
    /// Print the chain's head as COUNT:HASH.
    Head,
    /// Anchor the chain now, as the daily job does: a row naming the head,
    /// then the head to TIPLINE_AUDIT_ANCHOR_FILE and TIPLINE_AUDIT_ANCHOR_EMAIL.
    Anchor,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => return fail(&error.to_string()),
    };
    if let Err(error) = tipline::telemetry::init(&config) {
        return fail(&error);
    }
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => return serve(config),
        Command::Admin {
            command:
                AdminCommand::Create {
                    email,
                    name,
                    language,
                },
        } => commands::admin_create(&config, &email, &name, &language),
        Command::Audit {
            command: AuditCommand::Verify { head },
        } => commands::audit_verify(&config, head.as_deref()),
        Command::Audit {
            command: AuditCommand::Head,
        } => commands::audit_head(&config),
        Command::Audit {
            command: AuditCommand::Anchor,
        } => commands::audit_anchor(&config),
        Command::Keys {
            command: KeysCommand::CheckRecovery,
        } => commands::keys_check_recovery(&config),
        Command::Backup { path } => commands::backup(&config, &path),
    };
    match outcome {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => fail(&message),
    }
}

fn serve(config: Config) -> ExitCode {
    tipline::hardening::forbid_core_dumps();
    tipline::heap::give_large_blocks_back();
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
