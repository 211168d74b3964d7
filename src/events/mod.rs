//! Telling other software what changed: the change feed (`GET /events`) and webhooks.
//!
//! The feed is the audit trail's telling part. Every change records its audit event in its
//! own transaction, and an event worth telling carries its type (`audit::EventType`), so
//! the outbox costs a change nothing more and an event exists exactly when its change
//! committed. Positions are the trail's, given by the sealer after commit in commit order,
//! so a reader who continues after the last event it saw never misses one that committed
//! late. Events are kept as long as the trail (`ANCHANG_AUDIT_RETENTION_DAYS`, at least 30).
//!
//! Who reads it: admins everything; managers and integration accounts their projects'
//! events; nobody else (403 `event.forbidden`).

pub mod dto;
pub mod handlers;
mod model;
pub mod service;

pub use handlers::configure;
