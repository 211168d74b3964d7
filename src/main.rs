//! The `anchang` command: serve the API (default), migrate, print the spec, manage users,
//! check health.

use clap::{Parser, Subcommand};
use std::io::{Read, Write};
use std::process::ExitCode;

use anchang::audit::service::Checkpoint;
use anchang::auth::Role;
use anchang::config::{LogSettings, Settings};
use anchang::users::service::{insert_account, NewAccount};
use anchang::users::Username;
use anchang::{audit, db, openapi, telemetry, Application};

/// The API behind a new-home sales office. Configuration comes from environment
/// variables (ANCHANG_*, DATABASE_URL); see the README.
#[derive(Debug, Parser)]
#[command(name = "anchang", version, about)]
struct Cli {
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
        /// admin, manager, sales or integration.
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
    Role::parse(text).ok_or_else(|| format!("{text:?} is not one of admin, manager, sales, integration"))
}

#[actix_web::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
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
    anchang::audit::chain::install_key(secrecy::ExposeSecret::expose_secret(&settings.data_key));
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::Migrate => migrate(&settings),
        Command::Openapi => Ok(()),
        Command::User { action: UserCommand::Create { username, role, display_name, .. } } => {
            create_user(&settings, &username, role, display_name)
        }
        Command::Healthcheck => healthcheck(&settings),
        Command::Regrade { project } => regrade(&settings, project),
        Command::Audit { action: AuditCommand::Verify { checkpoint } } => verify_audit(&settings, checkpoint),
        Command::Audit { action: AuditCommand::Checkpoint } => print_checkpoint(&settings),
        Command::Audit { action: AuditCommand::Purge } => purge_audit(&settings),
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

async fn serve(settings: Settings) -> anyhow::Result<()> {
    Application::build(settings)?.run_until_stopped().await?;
    tracing::info!("stopped");
    Ok(())
}

fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let pool = db::connect_for_command(&settings.database.url, &settings.database.pool_options())?;
    let applied = db::migrate(&pool)?;
    println!("applied {applied} migration(s)");
    Ok(())
}

fn create_user(settings: &Settings, username: &str, role: Role, display_name: Option<String>) -> anyhow::Result<()> {
    let username = Username::parse(username).map_err(|m| anyhow::anyhow!("username {m}"))?;
    let mut password = String::new();
    std::io::stdin().read_to_string(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']).to_owned();
    if !(8..=128).contains(&password.chars().count()) {
        anyhow::bail!("the password must be 8 to 128 characters");
    }
    let pool = db::connect_for_command(&settings.database.url, &settings.database.pool_options())?;
    db::migrate(&pool)?;
    let mut pooled = pool.get()?;
    let account = NewAccount {
        display_name: display_name.unwrap_or_else(|| username.as_str().to_owned()),
        username,
        phone: None,
        role,
        password,
        project_ids: Vec::new(),
    };
    let user = insert_account(&mut pooled.conn, audit::Who::system(), account).map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("created {} ({}) with id {}", user.username, user.role, user.id);
    Ok(())
}

/// Prints the verification as JSON; fails (exit 1) when the chain is broken or no longer
/// reaches the checkpoint.
fn verify_audit(settings: &Settings, checkpoint: Option<String>) -> anyhow::Result<()> {
    let pool = db::connect_for_command(&settings.database.url, &settings.database.pool_options())?;
    let mut pooled = pool.get()?;
    let checkpoint = match checkpoint {
        None => None,
        Some(text) => Some(
            Checkpoint::parse(&text)?
                .ok_or_else(|| anyhow::anyhow!("the checkpoint is malformed or was not signed by this deployment"))?,
        ),
    };
    let result = anchang::audit::service::verify(&mut pooled.conn, checkpoint.as_ref())?;
    println!("{}", serde_json::to_string(&result)?);
    if !result.ok {
        anyhow::bail!("the audit trail is broken at seq {:?}: {:?}", result.first_bad_seq, result.problem);
    }
    Ok(())
}

/// Prints the chain's head, signed, and logs it as the server does daily.
fn print_checkpoint(settings: &Settings) -> anyhow::Result<()> {
    let pool = db::connect_for_command(&settings.database.url, &settings.database.pool_options())?;
    let mut pooled = pool.get()?;
    let checkpoint = Checkpoint::current(&mut pooled.conn)?;
    tracing::info!(checkpoint = %checkpoint, "audit checkpoint");
    println!("{checkpoint}");
    Ok(())
}

/// Purges events past retention; prints what was removed as JSON.
fn purge_audit(settings: &Settings) -> anyhow::Result<()> {
    let pool = db::connect_for_command(&settings.database.url, &settings.database.pool_options())?;
    db::migrate(&pool)?;
    let mut pooled = pool.get()?;
    let cutoff = db::now() - chrono::Duration::days(settings.audit.retention_days);
    let result = anchang::audit::service::purge_before(&mut pooled.conn, cutoff)?;
    println!("{}", serde_json::to_string(&result)?);
    Ok(())
}

/// Prints one JSON line per project: leads checked, moved, and the moves per grade pair.
fn regrade(settings: &Settings, project: Option<uuid::Uuid>) -> anyhow::Result<()> {
    let pool = db::connect_for_command(&settings.database.url, &settings.database.pool_options())?;
    db::migrate(&pool)?;
    let mut pooled = pool.get()?;
    let results =
        anchang::grading::service::recompute_all(&mut pooled.conn, project).map_err(|e| anyhow::anyhow!("{e}"))?;
    for (project_id, result) in results {
        println!(
            "{}",
            serde_json::json!({"project_id": project_id, "checked": result.checked, "moved": result.moved, "moves": result.moves})
        );
    }
    Ok(())
}

/// A plain HTTP/1.1 GET of /healthz on the configured port: the container image has no curl.
fn healthcheck(settings: &Settings) -> anyhow::Result<()> {
    let host = if settings.server.host.is_unspecified() {
        std::net::IpAddr::from([127, 0, 0, 1])
    } else {
        settings.server.host
    };
    let address = std::net::SocketAddr::new(host, settings.server.port);
    let timeout = std::time::Duration::from_secs(3);
    let mut stream = std::net::TcpStream::connect_timeout(&address, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head)?;
    if head.starts_with(b"HTTP/1.1 200") {
        Ok(())
    } else {
        anyhow::bail!("/healthz answered {}", String::from_utf8_lossy(&head))
    }
}
