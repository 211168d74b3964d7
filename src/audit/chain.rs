//! The hash chain that makes the trail tamper-evident: each event's hash covers its whole
//! content and the previous event's hash, so changing, removing or inserting an event
//! anywhere breaks every hash after it.
//!
//! The hash is keyed (HMAC-SHA256 under a key derived from `ANCHANG_DATA_KEY`): someone
//! with write access to the database but not the application's key cannot rewrite an
//! event and recompute the chain behind it. The key is installed once per process at
//! start-up ([`install_key`]).

use chrono::NaiveDateTime;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::OnceLock;
use uuid::Uuid;

static KEY: OnceLock<[u8; 32]> = OnceLock::new();

/// Installs the chain's key, derived from the data key; later calls keep the first key
/// (one deployment, one key — tests start many apps with the same one).
pub fn install_key(data_key: &[u8; 32]) {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(data_key).expect("HMAC takes any key length");
    mac.update(b"anchang/audit-chain/v1");
    let _ = KEY.set(mac.finalize().into_bytes().into());
}

/// What an event's hash covers: every stored field but the hashes themselves.
#[derive(Debug, Clone, Copy)]
pub struct Content<'a> {
    pub seq: i64,
    pub id: Uuid,
    pub occurred_at: NaiveDateTime,
    pub actor_id: Option<Uuid>,
    pub actor_role: Option<&'a str>,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: Option<Uuid>,
    pub project_id: Option<Uuid>,
    pub request_id: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub changes: &'a str,
}

/// The hash of the first event's predecessor.
pub const GENESIS: &str = "";

/// `hex(hmac(prev_hash "\n" canonical JSON of the content))`. The canonical form is a
/// JSON array in a fixed field order, timestamps to the microsecond, so the same event
/// read back from either backend hashes the same. Fails if no key was installed.
pub fn hash(prev_hash: &str, content: &Content<'_>) -> diesel::QueryResult<String> {
    let key = KEY.get().ok_or_else(|| {
        diesel::result::Error::QueryBuilderError(
            "the audit chain key is not installed (audit::chain::install_key)".into(),
        )
    })?;
    Ok(keyed(key, prev_hash, content))
}

fn keyed(key: &[u8; 32], prev_hash: &str, content: &Content<'_>) -> String {
    let canonical = serde_json::json!([
        content.seq,
        content.id,
        content.occurred_at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
        content.actor_id,
        content.actor_role,
        content.action,
        content.entity_type,
        content.entity_id,
        content.project_id,
        content.request_id,
        content.ip,
        content.user_agent,
        content.changes,
    ]);
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(prev_hash.as_bytes());
    mac.update(b"\n");
    mac.update(canonical.to_string().as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(seq: i64, changes: &str) -> Content<'_> {
        Content {
            seq,
            id: Uuid::nil(),
            occurred_at: chrono::DateTime::from_timestamp(1_790_000_000, 123_456_000)
                .map(|t| t.naive_utc())
                .unwrap_or_default(),
            actor_id: None,
            actor_role: Some("sales"),
            action: "lead.update",
            entity_type: "lead",
            entity_id: None,
            project_id: None,
            request_id: None,
            ip: Some("127.0.0.1"),
            user_agent: None,
            changes,
        }
    }

    #[test]
    fn a_hash_covers_the_content_the_previous_hash_and_the_key() {
        let key = [7; 32];
        let first = keyed(&key, GENESIS, &content(1, "{}"));
        assert_eq!(first.len(), 64);
        assert_eq!(first, keyed(&key, GENESIS, &content(1, "{}")), "deterministic");
        assert_ne!(first, keyed(&key, GENESIS, &content(1, r#"{"name":1}"#)), "content");
        assert_ne!(first, keyed(&key, GENESIS, &content(2, "{}")), "position");
        assert_ne!(keyed(&key, &first, &content(2, "{}")), keyed(&key, "0", &content(2, "{}")), "predecessor");
        assert_ne!(first, keyed(&[8; 32], GENESIS, &content(1, "{}")), "without the key it cannot be recomputed");
    }
}
