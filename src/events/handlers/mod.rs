//! HTTP endpoints of the change feed and webhooks.

mod deliveries;
mod endpoints;
mod feed;

pub use deliveries::*;
pub use endpoints::*;
pub use feed::*;

/// Registers the change feed and webhook routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_events)
        .service(redeliver_event)
        .service(create_webhook_endpoint)
        .service(list_webhook_endpoints)
        .service(find_webhook_endpoint)
        .service(update_webhook_endpoint)
        .service(delete_webhook_endpoint)
        .service(rotate_webhook_secret)
        .service(list_webhook_deliveries);
}
