//! Request and response bodies of the change feed and webhooks.

mod deliveries;
mod endpoints;
mod feed;

pub use deliveries::*;
pub use endpoints::*;
pub use feed::*;
