//! The `anchang` command line: serve the API (the default), migrate, print the spec, manage
//! users, check health, keep the audit trail, regrade. `main.rs` only parses and calls
//! [`run`]; each command is a function in `commands.rs` over one way of opening the
//! database (`commands::open_database`).

mod commands;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

use crate::auth::Role;
use crate::config::{LogSettings, Settings};
use crate::{openapi, telemetry};

/// The API behind a new-home sales office. Configuration comes from environment
/// variables (ANCHANG_*, DATABASE_URL); see the README.
#[derive(Debug, Parser)]
#[command(name = "anchang", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Migrate the database and serve the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI document (JSON) to stdout.
    Openapi,
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
    /// Exit 0 when the local server answers /healthz (for container health checks).
    Healthcheck,
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        action: AuditCommand,
    },
    /// Grade every lead again (recency decays by the day: run it nightly from cron).
    Regrade {
        /// Only this project (its id); default: every project.
        #[arg(long)]
        project: Option<uuid::Uuid>,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain; exit 1 and name the first bad position if it is broken.
    Verify {
        /// Also fail unless the chain still reaches this checkpoint (`seq:hash:signature`,
        /// printed by `audit checkpoint` or the server's daily log line).
        #[arg(long)]
        checkpoint: Option<String>,
    },
    /// Print a signed checkpoint of the chain's head (`seq:hash:signature`) to keep
    /// outside the database.
    Checkpoint,
    /// Remove events older than ANCHANG_AUDIT_RETENTION_DAYS (oldest first; the purge is recorded).
    Purge,
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create an account; the password is read from standard input.
    Create {
        /// Login name: 3–64 of a–z, 0–9, '.', '_', '-'.
        #[arg(long)]
        username: String,
        /// admin, manager, sales, receptionist or integration (channel agents need their
        /// channel: create them with POST /api/v1/users).
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Name shown to colleagues (default: the username).
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from standard input (required: passwords never go on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    match Role::parse(text) {
        Some(Role::ChannelAgent) => {
            Err("a channel agent needs their channel: create one with POST /api/v1/users".into())
        }
        Some(role) => Ok(role),
        None => Err(format!("{text:?} is not one of admin, manager, sales, receptionist, integration")),
    }
}

/// Runs the parsed command: exit 0 on success, 1 with the cause chain on stderr otherwise.
pub async fn run(cli: Cli) -> ExitCode {
    if matches!(cli.command, Some(Command::Openapi)) {
        print!("{}", openapi::to_pretty_json(&openapi::document()));
        return ExitCode::SUCCESS;
    }
    match LogSettings::from_env() {
        Ok(log) => telemetry::init(&log),
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::FAILURE;
        }
    }
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::FAILURE;
        }
    };
    crate::audit::chain::install_key(secrecy::ExposeSecret::expose_secret(&settings.data_key));
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => commands::serve(settings).await,
        Command::Migrate => commands::migrate(&settings),
        Command::Openapi => Ok(()),
        Command::User { action: UserCommand::Create { username, role, display_name, .. } } => {
            commands::create_user(&settings, &username, role, display_name)
        }
        Command::Healthcheck => commands::healthcheck(&settings),
        Command::Regrade { project } => commands::regrade(&settings, project),
        Command::Audit { action: AuditCommand::Verify { checkpoint } } => commands::verify_audit(&settings, checkpoint),
        Command::Audit { action: AuditCommand::Checkpoint } => commands::print_checkpoint(&settings),
        Command::Audit { action: AuditCommand::Purge } => commands::purge_audit(&settings),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "anchang failed");
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
