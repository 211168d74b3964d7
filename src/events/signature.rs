//! Standard Webhooks signatures: a delivery is signed with HMAC-SHA256 over
//! `{webhook-id}.{webhook-timestamp}.{body}` under the endpoint's secret, sent as
//! `webhook-signature: v1,<base64>` — several, space-separated, while an old secret still
//! signs after a rotation. Secrets are `whsec_` followed by base64 of 32 random bytes.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// The prefix of every signing secret.
const PREFIX: &str = "whsec_";

/// A new random signing secret.
pub fn new_secret() -> String {
    let mut key = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut key);
    format!("{PREFIX}{}", STANDARD.encode(key))
}

/// The key bytes of a secret: what follows `whsec_`, base64-decoded.
fn key_of(secret: &str) -> Option<Vec<u8>> {
    STANDARD.decode(secret.strip_prefix(PREFIX).unwrap_or(secret)).ok()
}

/// `v1,<base64 signature>` of one delivery under one secret; `None` for a secret that is
/// not base64 (never one of ours).
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Option<String> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key_of(secret)?).ok()?;
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body.as_bytes());
    Some(format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes())))
}

/// The `webhook-signature` header: one signature per secret still signing.
pub fn header(secrets: &[String], id: &str, timestamp: i64, body: &str) -> String {
    secrets.iter().filter_map(|secret| sign(secret, id, timestamp, body)).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification and its reference libraries.
    #[test]
    fn signs_the_specifications_example_as_the_reference_libraries_do() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let signed = sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, r#"{"test": 2432232314}"#);
        assert_eq!(signed.as_deref(), Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }

    #[test]
    fn a_rotated_endpoint_is_signed_by_both_secrets() {
        let (old, new) = (new_secret(), new_secret());
        let both = header(&[new.clone(), old.clone()], "id", 1, "{}");
        let parts: Vec<&str> = both.split(' ').collect();
        assert_eq!(
            parts,
            [sign(&new, "id", 1, "{}").unwrap_or_default(), sign(&old, "id", 1, "{}").unwrap_or_default()]
        );
        assert!(new.starts_with(PREFIX) && key_of(&new).is_some_and(|k| k.len() == 32));
    }

    #[test]
    fn any_change_to_id_time_or_body_changes_the_signature() {
        let secret = new_secret();
        let base = sign(&secret, "id", 1, "{}");
        assert_ne!(base, sign(&secret, "id2", 1, "{}"));
        assert_ne!(base, sign(&secret, "id", 2, "{}"));
        assert_ne!(base, sign(&secret, "id", 1, "{ }"));
        assert_eq!(sign("whsec_not base64!", "id", 1, "{}"), None);
    }
}
