//! HTTP endpoints of the leads API, one file per resource as in `service/`.

mod create;
mod edit;
mod history;
mod import;
mod list;
mod ownership;
mod reveal;

use super::service::LeadRules;
use crate::state::AppState;

/// Registers the leads routes; fixed paths before `/leads/{id}` so they are not read as ids.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create::create_lead)
        .service(list::list_leads)
        .service(list::list_pool_leads)
        .service(create::check_duplicate_lead)
        .service(import::import_leads)
        .service(edit::update_lead)
        .service(edit::delete_lead)
        .service(ownership::claim_lead)
        .service(ownership::transfer_lead)
        .service(reveal::reveal_lead)
        .service(ownership::hand_over_leads)
        .service(history::list_lead_history)
        .service(history::list_lead_referrals);
}

pub(super) fn rules(state: &AppState) -> LeadRules<'_> {
    LeadRules { protection: state.protection, cipher: &state.cipher }
}
