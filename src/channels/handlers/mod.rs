//! HTTP endpoints of channels.

mod registry;
mod reports;

/// Registers the channels routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(registry::create_channel)
        .service(registry::list_channels)
        .service(registry::find_channel)
        .service(registry::update_channel)
        .service(reports::file_report)
        .service(reports::list_reports)
        .service(reports::find_report);
}
