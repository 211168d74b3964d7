//! The lead screen: each part through its own module's rules, in one blocking call.

use uuid::Uuid;

use super::dto::{LeadScreen, Parts, LATEST_FOLLOW_UPS};
use crate::auth::Actor;
use crate::db::Conn;
use crate::error::{ApiError, ApiResult};
use crate::http::PageQuery;

/// `GET /leads/{id}?include=…`: the lead, then each asked-for part under its own scope rules.
pub fn lead_screen(conn: &mut Conn, actor: &Actor, id: Uuid, parts: Parts) -> ApiResult<LeadScreen> {
    let lead = crate::leads::service::find(conn, actor, id)?;
    let follow_ups = if parts.follow_ups {
        let page = PageQuery { limit: Some(LATEST_FOLLOW_UPS), cursor: None };
        Some(crate::follow_ups::service::list_for_lead(conn, actor, id, page)?.items)
    } else {
        None
    };
    let grade_detail = if parts.grade { Some(crate::grading::service::find_grade(conn, actor, id)?) } else { None };
    let intents = if parts.intents { Some(crate::booking::service::find_intents(conn, actor, id)?) } else { None };
    let subscription =
        if parts.subscription { Some(crate::booking::service::live_subscription(conn, actor, id)?) } else { None };
    let deals = if parts.deals { Some(crate::deals::service::deals_of_lead(conn, actor, id)?) } else { None };
    Ok(LeadScreen { lead, follow_ups, grade_detail, intents, subscription, deals })
}

/// 422 naming `include` when it names a part the screen does not have.
pub fn unknown_part() -> ApiError {
    ApiError::validation(vec![crate::error::FieldError::new(
        "include",
        format!("names a part other than {}", super::dto::PARTS.join(", ")),
    )])
}
