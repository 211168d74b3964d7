//! HTTP endpoints of service after the sale.

mod care;
mod complaints;
mod policy;
mod surveys;

pub use care::*;
pub use complaints::*;
pub use policy::*;
pub use surveys::*;

/// Registers the endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(file_complaint)
        .service(find_complaint)
        .service(list_complaints)
        .service(acknowledge_complaint)
        .service(start_complaint)
        .service(resolve_complaint)
        .service(close_complaint)
        .service(reopen_complaint)
        .service(assign_complaint)
        .service(find_complaint_policy)
        .service(set_complaint_policy)
        .service(create_survey_template)
        .service(list_survey_templates)
        .service(invite_to_survey)
        .service(find_public_survey)
        .service(answer_public_survey)
        .service(find_care_rules)
        .service(set_care_rules);
}
