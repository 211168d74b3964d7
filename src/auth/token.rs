//! Access tokens (JWT, HS256 pinned) and refresh tokens (random, stored hashed).

use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Role;
use crate::config::AuthSettings;
use crate::error::ApiError;

/// What an access token says about its holder.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The user's id.
    pub sub: Uuid,
    /// The user's role when the token was issued (re-checked against the database).
    pub role: Role,
    /// The user's token_version when issued: freezing or a password change bumps it.
    pub tv: i32,
    /// The session: the refresh-token family this token was issued with. Signing out, or a
    /// reused refresh token, revokes the family, and with it this token at once.
    pub sid: Uuid,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Expiry, seconds since the epoch.
    pub exp: i64,
    /// Issued at, seconds since the epoch.
    pub iat: i64,
    /// Unique token id.
    pub jti: Uuid,
    /// Not before, seconds since the epoch; we never set it, but a token that carries one
    /// in the future is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    /// An integration client's token: the scopes it was granted, space-separated (RFC 6749).
    /// Absent on a person's token, which no scope narrows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// Clock skew tolerated between replicas, for `exp`, `nbf` and `iat`.
const LEEWAY_SECS: u64 = 30;

/// Signs and checks access tokens; built once from the settings.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
    /// Lifetime of an access token, in seconds.
    pub access_ttl_secs: i64,
    /// Lifetime of a refresh token, in days.
    pub refresh_ttl_days: i64,
}

impl TokenKeys {
    /// Keys and rules from the auth settings.
    pub fn new(settings: &AuthSettings) -> Self {
        let secret = settings.jwt_secret.expose_secret().as_bytes();
        // Pin the algorithm: a token that claims "none" or RS256 is refused outright.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&settings.issuer]);
        validation.set_audience(&[&settings.audience]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECS;
        validation.validate_nbf = true;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            issuer: settings.issuer.clone(),
            audience: settings.audience.clone(),
            access_ttl_secs: settings.access_token_ttl_secs,
            refresh_ttl_days: settings.refresh_token_ttl_days,
        }
    }

    /// A signed access token for this user.
    pub fn issue_access(
        &self,
        user_id: Uuid,
        role: Role,
        token_version: i32,
        session: Uuid,
    ) -> Result<String, ApiError> {
        let now = Utc::now().timestamp();
        let claims = AccessClaims {
            sub: user_id,
            role,
            tv: token_version,
            sid: session,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            exp: now + self.access_ttl_secs,
            iat: now,
            jti: Uuid::now_v7(),
            nbf: None,
            scope: None,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(ApiError::internal)
    }

    /// A signed access token for an integration client, narrowed to `scope` (space-separated).
    pub fn issue_client_access(
        &self,
        client_id: Uuid,
        token_version: i32,
        session: Uuid,
        scope: &str,
    ) -> Result<String, ApiError> {
        let now = Utc::now().timestamp();
        let claims = AccessClaims {
            sub: client_id,
            role: Role::Client,
            tv: token_version,
            sid: session,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            exp: now + self.access_ttl_secs,
            iat: now,
            jti: Uuid::now_v7(),
            nbf: None,
            scope: Some(scope.to_owned()),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(ApiError::internal)
    }

    /// The claims of a valid, unexpired token of ours; 401 otherwise.
    pub fn verify_access(&self, token: &str) -> Result<AccessClaims, ApiError> {
        let invalid = || ApiError::unauthorized("auth.invalid_token", "The access token is not valid.");
        let claims = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
                    ApiError::unauthorized("auth.token_expired", "The access token has expired; refresh it.")
                }
                _ => invalid(),
            })?;
        // A token issued in the future was not issued by this clock (nbf is checked above).
        if claims.iat > Utc::now().timestamp() + LEEWAY_SECS as i64 {
            return Err(invalid());
        }
        Ok(claims)
    }
}

/// A new refresh token: what the client gets, and the hash that is stored.
pub fn new_refresh_token() -> (String, String) {
    crate::crypto::random_token()
}

/// The stored form of a refresh token. A plain SHA-256 is enough: the token is 256 random
/// bits, so there is nothing to brute-force, and lookups must be exact.
pub fn hash_refresh_token(token: &str) -> String {
    crate::crypto::token_hash(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use secrecy::SecretString;

    fn keys(issuer: &str) -> TokenKeys {
        TokenKeys::new(&AuthSettings {
            jwt_secret: SecretString::from("0123456789abcdef0123456789abcdef".to_owned()),
            issuer: issuer.into(),
            audience: "anchang-api".into(),
            access_token_ttl_secs: 900,
            refresh_token_ttl_days: 30,
            login_max_failures: 5,
            login_max_failures_per_address: 20,
            login_window_secs: 900,
        })
    }

    #[test]
    fn a_token_round_trips_its_claims() {
        let keys = keys("anchang");
        let id = Uuid::now_v7();
        let session = Uuid::now_v7();
        let token = keys.issue_access(id, Role::Sales, 3, session).expect("issue");
        let claims = keys.verify_access(&token).expect("valid");
        assert_eq!((claims.sub, claims.role, claims.tv, claims.sid), (id, Role::Sales, 3, session));
        assert_eq!(claims.exp - claims.iat, 900);
    }

    #[test]
    fn tokens_of_another_issuer_or_algorithm_are_refused() {
        let token = keys("someone-else").issue_access(Uuid::now_v7(), Role::Admin, 0, Uuid::now_v7()).expect("issue");
        assert_eq!(keys("anchang").verify_access(&token).expect_err("issuer").code(), "auth.invalid_token");
        // An unsigned token ("alg": "none") with otherwise valid claims.
        let unsigned = format!(
            "{}.{}.",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(
                serde_json::json!({"sub": Uuid::now_v7(), "role": "admin", "tv": 0, "sid": Uuid::now_v7(), "iss": "anchang",
                    "aud": "anchang-api", "exp": Utc::now().timestamp() + 60, "iat": Utc::now().timestamp(),
                    "jti": Uuid::now_v7()})
                .to_string()
            )
        );
        assert!(keys("anchang").verify_access(&unsigned).is_err());
    }

    #[test]
    fn a_token_issued_or_valid_only_in_the_future_is_refused() {
        let keys = keys("anchang");
        let now = Utc::now().timestamp();
        let sign = |iat: i64, nbf: Option<i64>| {
            let claims = AccessClaims {
                sub: Uuid::now_v7(),
                role: Role::Admin,
                tv: 0,
                sid: Uuid::now_v7(),
                iss: "anchang".into(),
                aud: "anchang-api".into(),
                exp: now + 3600,
                iat,
                jti: Uuid::now_v7(),
                nbf,
                scope: None,
            };
            jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &keys.encoding).expect("sign")
        };
        assert!(keys.verify_access(&sign(now, None)).is_ok());
        assert!(keys.verify_access(&sign(now + 10, None)).is_ok(), "within the leeway");
        assert_eq!(keys.verify_access(&sign(now + 600, None)).expect_err("iat").code(), "auth.invalid_token");
        assert!(keys.verify_access(&sign(now, Some(now + 600))).is_err(), "nbf in the future");
    }

    #[test]
    fn refresh_tokens_are_random_and_stored_hashed() {
        let (a, hash_a) = new_refresh_token();
        let (b, _) = new_refresh_token();
        assert_ne!(a, b);
        assert_eq!(hash_refresh_token(&a), hash_a);
        assert_ne!(a, hash_a);
    }
}
