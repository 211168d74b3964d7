//! HTTP endpoints of reception.

mod rotation;
mod visits;

/// Registers the reception routes.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(rotation::find_rotation)
        .service(rotation::check_in)
        .service(rotation::check_out)
        .service(rotation::skip_in_rotation)
        .service(visits::register_visit)
        .service(visits::list_visits)
        .service(visits::find_visit)
        .service(visits::update_visit)
        .service(visits::assign_visit);
}
