//! HTTP endpoints of deals.

mod commissions;
mod deals;
mod deliveries;
mod money;

/// Registers the deals routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(deals::sign_reservation)
        .service(deals::find_deal)
        .service(deals::list_deals)
        .service(deals::change_deal_unit)
        .service(deals::cancel_deal)
        .service(deals::move_deal_mortgage)
        .service(money::record_payment)
        .service(money::find_receivables)
        .service(money::list_overdue_payments)
        .service(commissions::list_commissions)
        .service(commissions::find_commission)
        .service(commissions::pay_commission)
        .service(deliveries::list_building_deliveries)
        .service(deliveries::set_building_delivery);
}
