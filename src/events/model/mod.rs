//! What the change feed and webhooks read and write: `webhook_endpoints`,
//! `webhook_deliveries`, `webhook_attempts` and `webhook_dispatch` are this module's; the
//! feed's events are the audit trail's, only read here.

pub mod deliveries;
pub mod endpoints;
pub mod feed;
