//! Who the caller is: passwords, tokens, roles, issuing a session, the `Session` extractor
//! every protected handler takes, and who the caller is for the rate limit (`caller`).
//! Signing in, refreshing and signing out are `sign_in`'s; this module sits below every
//! domain module and knows no other.

pub mod caller;
pub mod dto;
pub mod issue;
pub mod model;
pub mod password;
mod role;
pub mod scopes;
mod session;
pub mod token;

pub use role::{Role, UserStatus};
pub use session::{all_of, bearer_token, session_holds, Actor, Condition, Session, SessionCheck};
