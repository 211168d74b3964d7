//! Integration clients: other software (an ERP, a call centre, a marketing platform)
//! signing in with OAuth 2.0 client credentials instead of a person's password.
//!
//! Admins make a client with its projects and scopes; its secret is shown once and stored
//! hashed. `POST /oauth/token` (RFC 6749 §4.4) exchanges the client's id and secret for a
//! short-lived access token carrying the scopes asked for (all the client holds, by
//! default). Each client is backed by an account of role `client` with the same id, so its
//! projects are memberships and its tokens are checked like any session: revoking freezes
//! that account and revokes its session, and every token it holds stops at once. What a
//! token may call is `auth::scopes`' table, checked when the session is read.
//!
//! Above `users` (it makes the backing account) and `projects` (its memberships).

pub mod dto;
pub mod handlers;
mod model;
pub mod service;
pub mod token;

pub use handlers::configure;
