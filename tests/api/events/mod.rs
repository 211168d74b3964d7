//! Telling other software what changed: the change feed, and webhooks.

pub mod feed;
mod webhooks;
