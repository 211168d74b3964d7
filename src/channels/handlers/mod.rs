//! HTTP endpoints of channels.

mod appeals;
mod commission_rules;
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
        .service(reports::find_report)
        .service(appeals::file_appeal)
        .service(appeals::decide_appeal)
        .service(appeals::list_appeals)
        .service(appeals::find_appeal)
        .service(commission_rules::set_commission_rule)
        .service(commission_rules::list_commission_rules);
}
