//! The commands themselves. Each opens the database through [`open_database`]: a pool that
//! never replenishes behind the command's back, migrated (and the audit chain sealed) when
//! the command writes.

use std::io::{Read, Write};

use crate::audit::service::Checkpoint;
use crate::auth::Role;
use crate::config::Settings;
use crate::users::service::{insert_account, NewAccount};
use crate::users::Username;
use crate::{audit, db, Application};

/// Whether a command brings the schema up to date before it works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// Migrate first, and seal any events recorded before the audit chain existed.
    Migrate,
    /// Read the database as it is.
    AsIs,
}

/// The one way a command opens the database.
pub fn open_database(settings: &Settings, schema: Schema) -> anyhow::Result<db::Pool> {
    let pool = db::connect_for_command(&settings.database.url, &settings.database.pool_options())?;
    if schema == Schema::Migrate {
        crate::prepare_database(&pool)?;
    }
    Ok(pool)
}

pub async fn serve(settings: Settings) -> anyhow::Result<()> {
    Application::build(settings)?.run_until_stopped().await?;
    tracing::info!("stopped");
    Ok(())
}

pub fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let pool = open_database(settings, Schema::AsIs)?;
    let applied = crate::prepare_database(&pool)?;
    println!("applied {applied} migration(s)");
    Ok(())
}

pub fn create_user(
    settings: &Settings,
    username: &str,
    role: Role,
    display_name: Option<String>,
) -> anyhow::Result<()> {
    let username = Username::parse(username).map_err(|m| anyhow::anyhow!("username {m}"))?;
    let mut password = String::new();
    std::io::stdin().read_to_string(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']).to_owned();
    if !(8..=128).contains(&password.chars().count()) {
        anyhow::bail!("the password must be 8 to 128 characters");
    }
    let pool = open_database(settings, Schema::Migrate)?;
    let mut pooled = pool.get()?;
    let account = NewAccount {
        display_name: display_name.unwrap_or_else(|| username.as_str().to_owned()),
        username,
        phone: None,
        role,
        password,
        project_ids: Vec::new(),
        channel_id: None,
    };
    let user = insert_account(&mut pooled.conn, audit::Who::system(), account)?;
    audit::seal::seal_waiting(&mut pooled.conn)?;
    println!("created {} ({}) with id {}", user.username, user.role, user.id);
    Ok(())
}

/// Prints the verification as JSON; fails (exit 1) when the chain is broken or no longer
/// reaches the checkpoint.
pub fn verify_audit(settings: &Settings, checkpoint: Option<String>) -> anyhow::Result<()> {
    let pool = open_database(settings, Schema::AsIs)?;
    let mut pooled = pool.get()?;
    let checkpoint = match checkpoint {
        None => None,
        Some(text) => Some(
            Checkpoint::parse(&text)?
                .ok_or_else(|| anyhow::anyhow!("the checkpoint is malformed or was not signed by this deployment"))?,
        ),
    };
    let result = crate::audit::service::verify(&mut pooled.conn, checkpoint.as_ref())?;
    println!("{}", serde_json::to_string(&result)?);
    if !result.ok {
        anyhow::bail!("the audit trail is broken at seq {:?}: {:?}", result.first_bad_seq, result.problem);
    }
    Ok(())
}

/// Prints the chain's head, signed, and logs it as the server does daily.
pub fn print_checkpoint(settings: &Settings) -> anyhow::Result<()> {
    let pool = open_database(settings, Schema::AsIs)?;
    let mut pooled = pool.get()?;
    let checkpoint = Checkpoint::current(&mut pooled.conn)?;
    tracing::info!(checkpoint = %checkpoint, "audit checkpoint");
    println!("{checkpoint}");
    Ok(())
}

/// Purges events past retention; prints what was removed as JSON.
pub fn purge_audit(settings: &Settings) -> anyhow::Result<()> {
    let pool = open_database(settings, Schema::Migrate)?;
    let mut pooled = pool.get()?;
    let cutoff = db::now() - chrono::Duration::days(settings.audit.retention_days);
    let result = crate::audit::service::purge_before(&mut pooled.conn, cutoff)?;
    println!("{}", serde_json::to_string(&result)?);
    Ok(())
}

/// Prints one JSON line per project: leads checked, moved, and the moves per grade pair.
pub fn regrade(settings: &Settings, project: Option<uuid::Uuid>) -> anyhow::Result<()> {
    let pool = open_database(settings, Schema::Migrate)?;
    let mut pooled = pool.get()?;
    let results = crate::grading::service::recompute_all(&mut pooled.conn, project)?;
    audit::seal::seal_waiting(&mut pooled.conn)?;
    for (project_id, result) in results {
        println!(
            "{}",
            serde_json::json!({"project_id": project_id, "checked": result.checked, "moved": result.moved, "moves": result.moves})
        );
    }
    Ok(())
}

/// A plain HTTP/1.1 GET of /healthz on the configured port: the container image has no curl.
pub fn healthcheck(settings: &Settings) -> anyhow::Result<()> {
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
