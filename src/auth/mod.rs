//! Authentication and authorization: passwords, tokens, roles, sign-in endpoints with their
//! throttling (`throttle`), the `Session` extractor every protected handler takes, and who
//! the caller is for the rate limit (`caller`).

pub mod caller;
pub mod dto;
pub mod handlers;
pub mod model;
pub mod password;
mod role;
pub mod service;
mod session;
pub mod throttle;
pub mod token;

pub use handlers::configure;
pub use role::{Role, UserStatus};
pub use session::{bearer_token, Actor, Session};
