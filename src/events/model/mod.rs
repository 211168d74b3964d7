//! What the change feed and webhooks read and write.

pub mod feed;
