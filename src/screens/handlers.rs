//! HTTP endpoints of the phone screens.

use actix_web::{get, web};
use uuid::Uuid;

use super::dto::{LeadScreen, LeadScreenQuery, Parts};
use super::service;
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::ValidQuery;

/// Registers the screens; after the leads module, so `/leads/pool` is not read as an id.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(find_lead);
}

/// Get a lead
///
/// The lead screen in one request: the lead, and with `include=follow_ups,grade,intents,
/// subscription` its latest 5 follow-ups, its grade with the reasons, its ranked intents
/// and its live subscription with the queue number. Each part follows the rules of its own
/// endpoint; another salesperson's lead is 404.
#[utoipa::path(
    tag = "leads",
    operation_id = "find_lead",
    params(("id" = Uuid, Path, description = "Lead id"), LeadScreenQuery),
    responses(
        (status = 200, description = "The lead, with the parts asked for", body = LeadScreen),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/leads/{id}")]
pub async fn find_lead(
    session: Session,
    id: web::Path<Uuid>,
    query: ValidQuery<LeadScreenQuery>,
) -> ApiResult<web::Json<LeadScreen>> {
    let id = id.into_inner();
    let parts = Parts::parse(query.into_inner().include.as_deref()).ok_or_else(service::unknown_part)?;
    session.run(move |conn, actor| service::lead_screen(conn, actor, id, parts)).await.map(web::Json)
}
