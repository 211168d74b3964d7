//! The rules of the change feed and webhooks.

pub mod deliveries;
pub mod dispatch;
pub mod endpoints;
pub mod feed;
