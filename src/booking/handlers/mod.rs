//! HTTP endpoints of booking.

mod intents;
mod opening;
mod reservations;
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
        .service(subscriptions::find_subscription)
        .service(subscriptions::refund_subscription)
        .service(intents::set_intents)
        .service(intents::list_intents)
        .service(intents::list_lead_intent_changes)
        .service(intents::list_intent_changes)
        .service(intents::list_unit_intents)
        .service(opening::find_heatmap)
        .service(opening::draw_heatmap)
        .service(opening::rehearse_opening)
        .service(opening::find_opening)
        .service(opening::set_opening)
        .service(reservations::reserve_unit)
        .service(reservations::find_reservation)
        .service(reservations::cancel_reservation)
        .service(opening::find_opening_board);
}
