//! HTTP endpoints of the change feed and webhooks.

mod feed;

pub use feed::*;

/// Registers the change feed and webhook routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_events);
}
