//! HTTP endpoints of a lead's story: its history in words, and whom the buyer brought.

use actix_web::{get, web};
use uuid::Uuid;

use crate::auth::Session;
use crate::error::responses::*;
use crate::error::ApiResult;
use crate::http::{Page, PageQuery, ValidQuery};
use crate::leads::dto::*;
use crate::leads::service;

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

/// Whom a buyer brought (老带新)
///
/// The leads registered with this lead as their referrer (a visit with `came_with: referral`,
/// or a lead created with `referrer_lead_id`), newest first in keyset pages, with how far each got and
/// whose they are; a referred buyer's phone is masked unless you may see that lead's
/// contact. The referrer's owner and managers; 404 for anyone else.
#[utoipa::path(
    tag = "leads",
    operation_id = "list_lead_referrals",
    params(("id" = Uuid, Path, description = "Lead id of the referrer"), PageQuery),
    responses(
        (status = 200, body = Page<ReferralView>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ),
    security(("bearer" = []))
)]
#[get("/leads/{id}/referrals")]
pub async fn list_lead_referrals(
    session: Session,
    id: web::Path<Uuid>,
    page: ValidQuery<PageQuery>,
) -> ApiResult<web::Json<Page<ReferralView>>> {
    let (id, page) = (id.into_inner(), page.into_inner());
    session.run(move |conn, actor| service::referrals(conn, actor, id, page)).await.map(web::Json)
}
