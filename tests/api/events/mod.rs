//! Telling other software what changed: the change feed, and webhooks.

mod feed;
mod webhooks;
