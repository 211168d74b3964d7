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
//!
//! Webhooks push the same events. Admins register endpoints (URL, event types, projects);
//! the server's worker (`worker`) fans each new event of the feed out into a delivery per
//! matching endpoint (`service::dispatch`, one position row for all replicas), then claims
//! due deliveries with a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so two replicas
//! never send one delivery at once), signs them as Standard Webhooks asks (`signature`),
//! sends them where `destination` allows, and records each attempt. Failures are retried
//! for about three days; a 410, or a delivery that runs out of retries while every attempt
//! since has failed, disables the endpoint (audited as `webhook_endpoint.disable`).

pub mod destination;
pub mod dto;
pub mod handlers;
mod model;
pub mod service;
pub mod signature;
pub mod worker;

pub use handlers::configure;

crate::text_enum! {
    /// Whether an endpoint is sent deliveries.
    pub enum EndpointStatus {
        /// Deliveries are sent.
        Enabled = "enabled",
        /// Nothing is sent: turned off by an admin, or by the server after a 410 or about
        /// three days of failures (`disabled_reason` says which). Enabling it again resumes
        /// the deliveries still pending.
        Disabled = "disabled",
    }
}

crate::text_enum! {
    /// Where a delivery stands.
    pub enum DeliveryStatus {
        /// Waiting for its next attempt.
        Pending = "pending",
        /// The receiver answered 2xx.
        Succeeded = "succeeded",
        /// Every retry failed, or the endpoint answered 410 Gone.
        Failed = "failed",
    }
}

crate::text_enum! {
    /// Why a delivery exists.
    pub enum DeliveryOrigin {
        /// The change feed fanned the event out to the endpoint.
        Feed = "feed",
        /// An admin asked for the event to be sent again (`POST /events/{id}/redeliver`).
        Redelivery = "redelivery",
    }
}
