//! Personal data at rest (PIPL): AES-256-GCM encryption and a keyed hash for exact-match
//! lookup, both from the one data key in the settings.
//!
//! Two sub-keys are derived from the data key (HMAC-SHA256 over a fixed label), so the
//! lookup hash reveals nothing about the encryption key and each can be rotated with a
//! new label. Ciphertexts are `version (1 byte) || nonce (12) || ciphertext+tag`; the
//! version byte leaves room for key rotation.

use aes_gcm::aead::{Aead, KeyInit, OsRng};
use aes_gcm::{AeadCore, Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

const VERSION: u8 = 1;
const NONCE_LEN: usize = 12;

/// Encrypts, decrypts and hashes personal data with keys derived from the data key.
pub struct DataCipher {
    cipher: Aes256Gcm,
    lookup_key: [u8; 32],
}

fn derive(key: &[u8; 32], label: &str) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(label.as_bytes());
    mac.finalize().into_bytes().into()
}

impl DataCipher {
    /// A cipher over the configured 32-byte data key.
    pub fn new(data_key: &[u8; 32]) -> Self {
        let encryption_key = derive(data_key, "anchang/personal-data/encryption/v1");
        Self {
            cipher: Aes256Gcm::new(&encryption_key.into()),
            lookup_key: derive(data_key, "anchang/personal-data/lookup/v1"),
        }
    }

    /// Encrypts a value with a fresh random nonce.
    pub fn encrypt(&self, plaintext: &str) -> Vec<u8> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        // Encryption with a valid key and nonce cannot fail for inputs under 64 GiB.
        let sealed = self.cipher.encrypt(&nonce, plaintext.as_bytes()).unwrap_or_default();
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// Decrypts a value; `None` if it was tampered with or sealed under another key.
    pub fn decrypt(&self, sealed: &[u8]) -> Option<String> {
        let (&version, rest) = sealed.split_first()?;
        if version != VERSION || rest.len() < NONCE_LEN {
            return None;
        }
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().ok()?;
        let plain = self.cipher.decrypt(&Nonce::from(nonce), ciphertext).ok()?;
        String::from_utf8(plain).ok()
    }

    /// A keyed hash for exact-match lookup: equal inputs, equal hashes; useless without the key.
    pub fn lookup_hash(&self, value: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.lookup_key).expect("HMAC takes any key length");
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

/// A new single-use link token (256 random bits, URL-safe) and the hash that is stored in
/// its place.
pub fn random_token() -> (String, String) {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

/// The stored form of a link token: SHA-256 is enough for 256 random bits, and a lookup
/// must be exact.
pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_never_repeat_a_ciphertext() {
        let cipher = DataCipher::new(&[7; 32]);
        let a = cipher.encrypt("11010519491231002X");
        let b = cipher.encrypt("11010519491231002X");
        assert_ne!(a, b, "fresh nonce each time");
        assert_eq!(cipher.decrypt(&a).as_deref(), Some("11010519491231002X"));
        assert!(!a.windows(6).any(|w| w == b"110105"), "no plaintext in the ciphertext");
    }

    #[test]
    fn tampering_or_another_key_fails_to_decrypt() {
        let cipher = DataCipher::new(&[7; 32]);
        let mut sealed = cipher.encrypt("secret");
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert_eq!(cipher.decrypt(&sealed), None);
        assert_eq!(DataCipher::new(&[8; 32]).decrypt(&cipher.encrypt("secret")), None);
    }

    #[test]
    fn lookup_hashes_are_stable_and_keyed() {
        let a = DataCipher::new(&[7; 32]);
        assert_eq!(a.lookup_hash("x"), a.lookup_hash("x"));
        assert_ne!(a.lookup_hash("x"), DataCipher::new(&[8; 32]).lookup_hash("x"));
    }
}
