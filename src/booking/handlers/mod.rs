//! HTTP endpoints of booking.

mod opening;
mod plan;
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
        .service(plan::set_intents)
        .service(plan::list_intents)
        .service(plan::list_lead_intent_changes)
        .service(plan::list_intent_changes)
        .service(plan::list_unit_intents)
        .service(plan::find_heatmap)
        .service(plan::draw_heatmap)
        .service(plan::rehearse_opening)
        .service(opening::find_opening)
        .service(opening::set_opening)
        .service(opening::reserve_unit)
        .service(opening::find_reservation)
        .service(opening::cancel_reservation)
        .service(opening::sign_reservation)
        .service(opening::find_opening_board);
}
