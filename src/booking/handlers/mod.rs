//! HTTP endpoints of booking.

mod subscriptions;
mod units;

/// Registers the booking routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(units::import_units)
        .service(units::list_units)
        .service(units::find_unit)
        .service(units::update_unit)
        .service(units::list_unit_prices)
        .service(units::hold_unit)
        .service(units::release_unit)
        .service(subscriptions::create_subscription)
        .service(subscriptions::list_subscriptions)
        .service(subscriptions::refund_subscription);
}
