//! The rules of the change feed and webhooks.

pub mod feed;
