//! Signing in (`POST /auth/login`, throttled per account and per address; `POST
//! /auth/wechat` from a WeChat mini-program), exchanging a refresh token and signing out.
//! Above `users` (it reads the account) and `audit` (every attempt is recorded); the session
//! itself is issued by `auth::issue`.

pub mod dto;
pub mod handlers;
mod model;
pub mod service;
pub mod throttle;
pub mod wechat;

pub use handlers::configure;
