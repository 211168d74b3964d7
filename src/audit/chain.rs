//! The hash chain that makes the trail tamper-evident: each event's hash covers its whole
//! content and the previous event's hash, so changing, removing or inserting an event
//! anywhere breaks every hash after it.
//!
//! The hash is keyed (HMAC-SHA256 under a key derived from `ANCHANG_DATA_KEY`): someone
//! with write access to the database but not the application's key cannot rewrite an
//! event and recompute the chain behind it. The key is installed once per process at
//! start-up ([`install_key`]), with a second key derived beside it that signs checkpoints
//! ([`sign_checkpoint`]) and a third that signs events waiting to be sealed
//! ([`sign_pending`]).

use chrono::NaiveDateTime;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::OnceLock;
use uuid::Uuid;

/// The chain's key, the checkpoints' key and the waiting events' key, each derived from
/// the data key under its own label so that no signature can pass for another.
struct Keys {
    chain: [u8; 32],
    checkpoint: [u8; 32],
    pending: [u8; 32],
}

static KEYS: OnceLock<Keys> = OnceLock::new();

fn derive(data_key: &[u8; 32], label: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(data_key).expect("HMAC takes any key length");
    mac.update(label);
    mac.finalize().into_bytes().into()
}

/// Installs the chain's keys, derived from the data key; later calls keep the first keys
/// (one deployment, one key — tests start many apps with the same one).
pub fn install_key(data_key: &[u8; 32]) {
    let _ = KEYS.set(Keys {
        chain: derive(data_key, b"anchang/audit-chain/v1"),
        checkpoint: derive(data_key, b"anchang/audit-checkpoint/v1"),
        pending: derive(data_key, b"anchang/audit-pending/v1"),
    });
}

fn keys() -> diesel::QueryResult<&'static Keys> {
    KEYS.get().ok_or_else(|| {
        diesel::result::Error::QueryBuilderError(
            "the audit chain key is not installed (audit::chain::install_key)".into(),
        )
    })
}

fn checkpoint_mac(key: &[u8; 32], seq: i64, hash: &str) -> Hmac<Sha256> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(format!("{seq}:{hash}").as_bytes());
    mac
}

/// `hex(hmac(checkpoint key, "seq:hash"))`: what vouches that this deployment saw the chain
/// reach `seq` with `hash`.
pub fn sign_checkpoint(seq: i64, hash: &str) -> diesel::QueryResult<String> {
    Ok(hex::encode(checkpoint_mac(&keys()?.checkpoint, seq, hash).finalize().into_bytes()))
}

/// Whether `signature` (hex) is this deployment's signature of `seq:hash`, compared in
/// constant time.
pub fn checkpoint_signed(seq: i64, hash: &str, signature: &str) -> diesel::QueryResult<bool> {
    let Ok(bytes) = hex::decode(signature) else { return Ok(false) };
    Ok(checkpoint_mac(&keys()?.checkpoint, seq, hash).verify_slice(&bytes).is_ok())
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
    Ok(keyed(&keys()?.chain, prev_hash, content))
}

/// `hex(hmac(pending key, canonical JSON of the content))`, the position left out (a
/// waiting event has none yet): what the sealer checks before it chains a waiting event,
/// so that a row slipped into `audit_pending` by someone without the key is never sealed.
pub fn sign_pending(content: &Content<'_>) -> diesel::QueryResult<String> {
    Ok(hex::encode(keyed_mac(&keys()?.pending, PENDING, &unplaced(content)).finalize().into_bytes()))
}

/// Whether `signature` (hex) is this deployment's signature of a waiting event's content,
/// compared in constant time.
pub fn pending_signed(content: &Content<'_>, signature: &str) -> diesel::QueryResult<bool> {
    let Ok(bytes) = hex::decode(signature) else { return Ok(false) };
    Ok(keyed_mac(&keys()?.pending, PENDING, &unplaced(content)).verify_slice(&bytes).is_ok())
}

/// What a waiting event's signature is chained to, instead of a predecessor.
const PENDING: &str = "pending";

fn unplaced<'a>(content: &Content<'a>) -> Content<'a> {
    Content { seq: 0, ..*content }
}

fn keyed(key: &[u8; 32], prev_hash: &str, content: &Content<'_>) -> String {
    hex::encode(keyed_mac(key, prev_hash, content).finalize().into_bytes())
}

fn keyed_mac(key: &[u8; 32], prev_hash: &str, content: &Content<'_>) -> Hmac<Sha256> {
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
    mac
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

    #[test]
    fn a_checkpoint_signature_covers_its_position_and_hash() {
        let key = [7; 32];
        let sign = |seq, hash| hex::encode(checkpoint_mac(&key, seq, hash).finalize().into_bytes());
        let signed = sign(41, "ab");
        assert_eq!(signed, sign(41, "ab"));
        assert_ne!(signed, sign(42, "ab"));
        assert_ne!(signed, sign(41, "ac"));
        assert_ne!(derive(&key, b"anchang/audit-chain/v1"), derive(&key, b"anchang/audit-checkpoint/v1"));
    }
}
