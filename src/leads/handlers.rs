//! HTTP endpoints of the leads API.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use uuid::Uuid;

use super::dto::*;
use super::service::{self, LeadRules};
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::bulk::read_rows;
use crate::http::{created, Page, PageQuery, ValidJson, ValidQuery};
use crate::state::AppState;

/// Registers the leads routes; fixed paths before `/leads/{id}` so they are not read as ids.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(create_lead)
        .service(list_leads)
        .service(list_pool_leads)
        .service(check_duplicate_lead)
        .service(import_leads)
        .service(update_lead)
        .service(delete_lead)
        .service(claim_lead)
        .service(transfer_lead)
        .service(reveal_lead)
        .service(hand_over_leads)
        .service(list_lead_history);
}

fn rules(state: &AppState) -> LeadRules<'_> {
    LeadRules { protection: state.protection, cipher: &state.cipher }
}

/// Register a lead
///
/// Salespeople register buyers for themselves; managers, admins and integrations may name
/// the owner. A phone already held in the project answers 409 `lead.duplicate_phone` with
/// only the holder's display name and `protected_until`.
#[utoipa::path(
    tag = "leads",
    operation_id = "create_lead",
    request_body = CreateLeadRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response")),
    responses(
        (status = 201, body = LeadView, headers(("Location" = String, description = "URL of the new lead"))),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/leads")]
pub async fn create_lead(
    session: Session,
    state: web::Data<AppState>,
    body: ValidJson<CreateLeadRequest>,
) -> ApiResult<HttpResponse> {
    let input = body.into_inner();
    let lead = session.run(move |conn, actor| service::create(conn, actor, &rules(&state), input)).await?;
    Ok(created(format!("/api/v1/leads/{}", lead.id), &lead))
}

/// List leads
///
/// Salespeople see their own leads, managers their projects'. `q` matches a name, a whole
/// phone number or the phone's last 4 digits.
#[utoipa::path(
    tag = "leads",
    operation_id = "list_leads",
    params(ListLeadsQuery, PageQuery),
    responses(
        (status = 200, body = Page<LeadView>),
        (status = 401, response = Unauthorized),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/leads")]
pub async fn list_leads(
    session: Session,
    filter: ValidQuery<ListLeadsQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<LeadView>>> {
    let (filter, page) = (filter.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list(conn, actor, filter, page)).await.map(web::Json)
}

/// Query of the pool.
#[derive(Debug, serde::Deserialize, validator::Validate, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PoolQuery {
    /// The project whose pool to list.
    pub project_id: Uuid,
}

/// List the public pool (公海)
///
/// Leads whose protection lapsed (no contact for the protection period), longest-lapsed
/// first. Phones are masked for salespeople; claim one with `POST /leads/{id}/claim`.
#[utoipa::path(
    tag = "leads",
    operation_id = "list_pool_leads",
    params(PoolQuery, PageQuery),
    responses(
        (status = 200, body = Page<LeadView>),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/leads/pool")]
pub async fn list_pool_leads(
    session: Session,
    query: ValidQuery<PoolQuery>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<LeadView>>> {
    let (project_id, page) = (query.into_inner().project_id, page.into_inner());
    session.run(move |conn, actor| service::pool(conn, actor, project_id, page)).await.map(web::Json)
}

/// Check whether a phone is already registered
///
/// Answers only whether the phone is held in the project, by whom (display name) and until
/// when: nothing else about the lead.
#[utoipa::path(
    tag = "leads",
    operation_id = "check_duplicate_lead",
    request_body = CheckDuplicateRequest,
    responses(
        (status = 200, body = DuplicateCheck),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/leads/check-duplicate")]
pub async fn check_duplicate_lead(
    session: Session,
    body: ValidJson<CheckDuplicateRequest>,
) -> ApiResult<web::Json<DuplicateCheck>> {
    let input = body.into_inner();
    session.run(move |conn, actor| service::check_duplicate(conn, actor, input)).await.map(web::Json)
}

/// Import leads
///
/// Up to 5,000 rows for one project, as a JSON array of lead objects (without
/// `project_id`) or as `text/csv` with a header row of the same field names (lists
/// separated by `|`). Every valid row is created; every row is reported.
#[utoipa::path(
    tag = "leads",
    operation_id = "import_leads",
    params(ImportQuery),
    request_body(content(
        (LeadRows = "application/json"),
        (String = "text/csv", example = "name,phone,source_channel,tags\n王女士,13800138000,walk_in,多孩家庭|改善")
    )),
    responses(
        (status = 200, body = ImportReport),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/leads/import")]
pub async fn import_leads(
    session: Session,
    state: web::Data<AppState>,
    query: ValidQuery<ImportQuery>,
    req: HttpRequest,
    payload: web::Payload,
) -> ApiResult<web::Json<ImportReport>> {
    let rows = read_rows(&req, payload, service::csv_row).await?;
    let project_id = query.into_inner().project_id;
    session.run(move |conn, actor| service::import(conn, actor, &rules(&state), project_id, rows)).await.map(web::Json)
}

/// Change a lead
///
/// Absent fields stay, `null` clears. Owner, grade, counters and the statuses subscribed,
/// reserved and signed change only through their own flows (422 here). Mini-programs:
/// `POST` with `X-HTTP-Method-Override: PATCH`.
#[utoipa::path(
    tag = "leads",
    operation_id = "update_lead",
    params(("id" = Uuid, Path, description = "Lead id")),
    request_body = UpdateLeadRequest,
    responses(
        (status = 200, body = LeadView),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 412, response = PreconditionFailed),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[patch("/leads/{id}")]
pub async fn update_lead(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: ValidJson<UpdateLeadRequest>,
) -> ApiResult<web::Json<LeadView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::update(conn, actor, &rules(&state), id, input)).await.map(web::Json)
}

/// Delete a lead
///
/// Managers only. A soft delete: the lead leaves every list and its phone may be
/// registered again; its history stays.
#[utoipa::path(
    tag = "leads",
    operation_id = "delete_lead",
    params(("id" = Uuid, Path, description = "Lead id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
    security(("bearer" = []))
)]
#[delete("/leads/{id}")]
pub async fn delete_lead(session: Session, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::delete(conn, actor, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Claim a lead from the pool
///
/// Two salespeople racing for the same lead: one gets 200, the other 409
/// `lead.already_claimed`.
#[utoipa::path(
    tag = "leads",
    operation_id = "claim_lead",
    params(("id" = Uuid, Path, description = "Lead id")),
    responses(
        (status = 200, body = LeadView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
    ),
    security(("bearer" = []))
)]
#[post("/leads/{id}/claim")]
pub async fn claim_lead(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<LeadView>> {
    let id = id.into_inner();
    session.run(move |conn, actor| service::claim(conn, actor, &rules(&state), id)).await.map(web::Json)
}

/// Transfer a lead to another salesperson
///
/// Managers only; the new owner must be an active member of the lead's project.
#[utoipa::path(
    tag = "leads",
    operation_id = "transfer_lead",
    params(("id" = Uuid, Path, description = "Lead id")),
    request_body = TransferRequest,
    responses(
        (status = 200, body = LeadView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/leads/{id}/transfer")]
pub async fn transfer_lead(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: ValidJson<TransferRequest>,
) -> ApiResult<web::Json<LeadView>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::transfer(conn, actor, &rules(&state), id, input)).await.map(web::Json)
}

/// Reveal a personal-data field
///
/// The owner and managers read the phone or ID number in clear, stating why; every
/// reveal is recorded in the audit trail with its purpose.
#[utoipa::path(
    tag = "leads",
    operation_id = "reveal_lead",
    params(("id" = Uuid, Path, description = "Lead id")),
    request_body = RevealRequest,
    responses(
        (status = 200, body = RevealedValue),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/leads/{id}/reveal")]
pub async fn reveal_lead(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: ValidJson<RevealRequest>,
) -> ApiResult<web::Json<RevealedValue>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    session.run(move |conn, actor| service::reveal(conn, actor, &rules(&state), id, input)).await.map(web::Json)
}

/// Hand over a user's leads
///
/// Moves every live lead the user holds (in the projects you manage) to another active
/// member, in one transaction with one audit event per lead — typically after freezing
/// someone who left. Running it again moves nothing.
#[utoipa::path(
    tag = "leads",
    operation_id = "hand_over_leads",
    params(("id" = Uuid, Path, description = "The user whose leads move")),
    request_body = HandoverRequest,
    responses(
        (status = 200, body = HandoverResult),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/users/{id}/handover")]
pub async fn hand_over_leads(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: ValidJson<HandoverRequest>,
) -> ApiResult<web::Json<HandoverResult>> {
    let (from, to) = (id.into_inner(), body.into_inner().to_user_id);
    session.run(move |conn, actor| service::handover(conn, actor, &rules(&state), from, to)).await.map(web::Json)
}

/// A lead's history, in words
///
/// Everything that happened to the lead and its follow-ups, newest first, each as a
/// sentence (e.g. 周经理 将客户从 王丽 转给 李娜（原因：休假）). The owner and managers.
#[utoipa::path(
    tag = "audit",
    operation_id = "list_lead_history",
    params(("id" = Uuid, Path, description = "Lead id"), PageQuery),
    responses(
        (status = 200, body = Page<LeadHistoryEntry>),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/leads/{id}/history")]
pub async fn list_lead_history(
    session: Session,
    id: web::Path<Uuid>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<LeadHistoryEntry>>> {
    let (id, page) = (id.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::history(conn, actor, id, page)).await.map(web::Json)
}
