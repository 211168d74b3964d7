//! HTTP endpoints of satisfaction surveys: templates, invitations, and the buyer's link.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use uuid::Uuid;

use crate::aftersales::dto::{
    AnswerSurveyRequest, CreateSurveyTemplateRequest, InviteToSurveyRequest, PublicSurveyView, SurveyAnswered,
    SurveyInvitationView, SurveyTemplateView,
};
use crate::aftersales::service;
use crate::auth::Session;
use crate::error::responses::*;
use crate::error::{ApiError, ApiResult};
use crate::http::{Page, PageQuery, RequestContext, ValidJson, ValidQuery};
use crate::state::AppState;

/// Make a survey template
///
/// Managers: questions (one `nps` 0–10 at most, `rating`s 1–5, free `text`) and the
/// touchpoints it is sent at (`visit`, `signing`, `delivery`, `complaint_closed`). 409
/// `survey.template_name_taken` for a name the project already uses.
#[utoipa::path(
    tag = "aftersales",
    operation_id = "create_survey_template",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body = CreateSurveyTemplateRequest,
    responses(
        (status = 201, body = SurveyTemplateView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/projects/{id}/survey-templates")]
pub async fn create_survey_template(
    session: Session,
    id: web::Path<Uuid>,
    body: ValidJson<CreateSurveyTemplateRequest>,
) -> ApiResult<HttpResponse> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let template = session.run(move |conn, actor| service::create_template(conn, actor, id, input)).await?;
    Ok(HttpResponse::Created().json(template))
}

/// List a project's survey templates
///
/// Oldest first, in keyset pages; anyone who works the project's buyers.
#[utoipa::path(
    tag = "aftersales",
    operation_id = "list_survey_templates",
    params(("id" = Uuid, Path, description = "Project id"), PageQuery),
    responses(
        (status = 200, body = Page<SurveyTemplateView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/projects/{id}/survey-templates")]
pub async fn list_survey_templates(
    session: Session,
    id: web::Path<Uuid>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<SurveyTemplateView>>> {
    let (id, page) = (id.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::list_templates(conn, actor, id, page)).await.map(web::Json)
}

/// Invite a buyer to a survey
///
/// The buyer's salesperson or a manager: a single-use link (a 256-bit token, shown this once;
/// only its hash is kept) to a template of the lead's project attached to `touchpoint`,
/// valid `ANCHANG_SURVEY_LINK_DAYS` (14). Send the `link` by SMS or WeChat.
#[utoipa::path(
    tag = "aftersales",
    operation_id = "invite_to_survey",
    params(
        ("id" = Uuid, Path, description = "Lead id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key; a repeat returns the first response"),
    ),
    request_body = InviteToSurveyRequest,
    responses(
        (status = 201, body = SurveyInvitationView),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[post("/leads/{id}/survey-invitations")]
pub async fn invite_to_survey(
    session: Session,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: ValidJson<InviteToSurveyRequest>,
) -> ApiResult<HttpResponse> {
    let (id, input, links) = (id.into_inner(), body.into_inner(), state.survey_links.clone());
    let invitation = session.run(move |conn, actor| service::invite(conn, actor, &links, id, input)).await?;
    // No Location: the link carries the secret token, which proxies and logs would keep.
    Ok(HttpResponse::Created().json(invitation))
}

/// Charges the caller's address on the public endpoints' own, stricter limit.
fn charge_public(state: &AppState, request: &HttpRequest) -> ApiResult<()> {
    let Some(limiter) = &state.public_rate_limit else { return Ok(()) };
    let address = RequestContext::client_ip(request).unwrap_or_default();
    limiter.charge(&address).map(|_| ()).map_err(|wait| {
        ApiError::too_many_requests(
            "rate_limit.exceeded",
            "Too many requests; wait as Retry-After says, then go on.",
            wait.as_secs().max(1),
        )
    })
}

/// Open a survey (the buyer, no account)
///
/// What the link shows: the project's name and the questions, nothing about the buyer. 404
/// `survey.not_found` for a token never given, 410 `survey.expired`, 409
/// `survey.already_answered`. Limited per address (`ANCHANG_PUBLIC_RATE_LIMIT_PER_SEC`).
#[utoipa::path(
    tag = "aftersales",
    operation_id = "find_public_survey",
    params(("token" = String, Path, description = "The link's token")),
    responses(
        (status = 200, body = PublicSurveyView),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 410, response = Gone),
        (status = 429, response = TooManyRequests),
    ),
)]
#[get("/public/surveys/{token}")]
pub async fn find_public_survey(
    state: web::Data<AppState>,
    request: HttpRequest,
    token: web::Path<String>,
) -> ApiResult<web::Json<PublicSurveyView>> {
    charge_public(&state, &request)?;
    let token = token.into_inner();
    state.db.run(move |conn| service::find_public(conn, &token)).await.map(web::Json)
}

/// Answer a survey (the buyer, no account)
///
/// Once per link: a second answer, even sent at the same moment, is 409
/// `survey.already_answered`. `nps` answers are whole numbers 0–10, `rating`s 1–5, `text` at
/// most 1,000 characters; a required question unanswered is 422 on `answers.<key>`.
#[utoipa::path(
    tag = "aftersales",
    operation_id = "answer_public_survey",
    params(("token" = String, Path, description = "The link's token")),
    request_body = AnswerSurveyRequest,
    responses(
        (status = 200, body = SurveyAnswered),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 410, response = Gone),
        (status = 422, response = Unprocessable),
        (status = 429, response = TooManyRequests),
    ),
)]
#[post("/public/surveys/{token}")]
pub async fn answer_public_survey(
    state: web::Data<AppState>,
    request: HttpRequest,
    token: web::Path<String>,
    body: ValidJson<AnswerSurveyRequest>,
) -> ApiResult<web::Json<SurveyAnswered>> {
    charge_public(&state, &request)?;
    let (token, input) = (token.into_inner(), body.into_inner());
    state.db.run(move |conn| service::answer_public(conn, &token, input)).await.map(web::Json)
}
