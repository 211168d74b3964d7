//! Request and response bodies of the change feed and webhooks.

mod feed;

pub use feed::*;
