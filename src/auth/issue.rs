//! Issuing a session's tokens: a refresh token stored in its family and the access token
//! signed for it. Sign-in, refresh and a password change all end here.

use chrono::Duration;

use super::dto::TokenResponse;
use super::model::NewRefreshToken;
use super::token::{self, TokenKeys};
use super::Role;
use crate::db::{self, Conn, Id};
use crate::error::ApiResult;

/// The account a session is issued to, as its access token names it.
#[derive(Debug, Clone, Copy)]
pub struct Subject {
    /// The user.
    pub id: Id,
    /// Their role now.
    pub role: Role,
    /// Their token version: raising it ends every session issued before.
    pub token_version: i32,
}

/// Stores a new refresh token (in `family`, or a new family for a login) and signs an
/// access token for the subject.
pub fn tokens(conn: &mut Conn, keys: &TokenKeys, subject: Subject, family: Option<Id>) -> ApiResult<TokenResponse> {
    let (refresh_token, hash) = token::new_refresh_token();
    let now = db::now();
    let family_id = family.unwrap_or_default();
    NewRefreshToken {
        id: Id::new(),
        user_id: subject.id,
        family_id,
        token_hash: &hash,
        issued_at: now,
        expires_at: now + Duration::days(keys.refresh_ttl_days),
    }
    .insert(conn)?;
    Ok(TokenResponse {
        access_token: keys.issue_access(subject.id.0, subject.role, subject.token_version, family_id.0)?,
        refresh_token,
        token_type: "Bearer".into(),
        expires_in: keys.access_ttl_secs,
    })
}

/// A new session (refresh-token family): what a password change hands back to the caller
/// after ending every other session.
pub fn start_session(conn: &mut Conn, keys: &TokenKeys, subject: Subject) -> ApiResult<TokenResponse> {
    tokens(conn, keys, subject, None)
}
