//! HTTP endpoints of the handover date per building.

use actix_web::{get, put, web};
use uuid::Uuid;

use crate::auth::Session;
use crate::deals::dto::{BuildingDeliveryRequest, BuildingDeliveryView};
use crate::deals::service;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::ValidJson;

/// List a project's handover dates
///
/// The buildings with an expected handover (交房), by building; any member of the project.
#[utoipa::path(
    tag = "deals",
    operation_id = "list_building_deliveries",
    params(("id" = Uuid, Path, description = "Project id")),
    responses(
        (status = 200, body = Vec<BuildingDeliveryView>),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/building-deliveries")]
pub async fn list_building_deliveries(
    session: Session,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Vec<BuildingDeliveryView>>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::list_deliveries(conn, actor, id)).await.map(web::Json)
}

/// Set a building's handover date
///
/// Managers. The building's signed deals take the date as their `delivery_expected_at` (as
/// do deals signed later, and a deal moved to one of its units): what the care countdown
/// (交房前) counts from. 422 for a building none of the project's units is in.
#[utoipa::path(
    tag = "deals",
    operation_id = "set_building_delivery",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body = BuildingDeliveryRequest,
    responses(
        (status = 200, body = BuildingDeliveryView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[put("/projects/{id}/building-deliveries")]
pub async fn set_building_delivery(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<BuildingDeliveryRequest>,
) -> ApiResult<web::Json<BuildingDeliveryView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::set_delivery(conn, actor, id, input)).await.map(web::Json)
}
