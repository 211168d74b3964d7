//! The lists of deals: a project's (keyset-paged, filtered) and a lead's.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{deal_view, reads_projects, require_deal_reader, zone_of};
use crate::auth::Actor;
use crate::db::{Conn, Id};
use crate::deals::dto::{DealView, ListDealsQuery};
use crate::deals::model::Deal;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::follow_ups::calendar;
use crate::http::{Page, PageQuery};
use crate::schema::{deals, leads};
use crate::scope::{self, LeadRights};

/// Where the previous page stopped: latest signing first.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    at: NaiveDateTime,
    id: Uuid,
}

/// `GET /projects/{id}/deals`: managers and finance see the project's deals, a salesperson
/// those of the leads they own.
pub fn list_deals(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    filter: ListDealsQuery,
    page: PageQuery,
) -> ApiResult<Page<DealView>> {
    require_deal_reader(actor)?;
    scope::require_project(conn, actor, project_id)?;
    if let (Some(from), Some(to)) = (filter.signed_from, filter.signed_to) {
        if to < from {
            return Err(ApiError::validation(vec![FieldError::new("signed_to", "must not be before signed_from")]));
        }
    }
    let project = Id(project_id);
    let zone = zone_of(conn, project)?;
    let mut query = deals::table
        .filter(deals::project_id.eq(project))
        .select(Deal::as_select())
        .order((deals::signed_at.desc(), deals::id.desc()))
        .into_boxed();
    if !reads_projects(actor) {
        // A deleted lead's deals stay with the project's books, not on its former owner's list.
        let own =
            leads::table.filter(leads::owner_id.eq(Id(actor.id))).filter(leads::deleted_at.is_null()).select(leads::id);
        query = query.filter(deals::lead_id.eq_any(own));
    }
    if let Some(status) = filter.status {
        query = query.filter(deals::status.eq(status));
    }
    if let Some(owner) = filter.owner_id {
        query = query.filter(deals::owner_id.eq(Id(owner)));
    }
    if let Some(channel) = filter.channel_id {
        query = query.filter(deals::channel_id.eq(Id(channel)));
    }
    if let Some(from) = filter.signed_from {
        query = query.filter(deals::signed_at.ge(calendar::start_of(from, zone)));
    }
    if let Some(to) = filter.signed_to {
        let next = to
            .succ_opt()
            .ok_or_else(|| ApiError::validation(vec![FieldError::new("signed_to", "is beyond the calendar")]))?;
        query = query.filter(deals::signed_at.lt(calendar::start_of(next, zone)));
    }
    if let Some(Cursor { at, id }) = page.decode()? {
        query = query.filter(deals::signed_at.lt(at).or(deals::signed_at.eq(at).and(deals::id.lt(Id(id)))));
    }
    let limit = page.limit();
    let rows: Vec<Deal> = query.limit(limit + 1).load(conn)?;
    let page = Page::from_rows(rows, limit, |d| Cursor { at: d.signed_at, id: d.id.0 }, |d| d);
    let items = page.items.into_iter().map(|d| deal_view(conn, actor, d)).collect::<ApiResult<Vec<_>>>()?;
    Ok(Page { items, next_cursor: page.next_cursor })
}

/// The deals of a lead the actor may work (the lead screen's `deals` part), newest first.
pub fn deals_of_lead(conn: &mut Conn, actor: &Actor, lead_id: Uuid) -> ApiResult<Vec<DealView>> {
    scope::require_lead(conn, actor, lead_id, LeadRights::Owner)?;
    Deal::of_lead(conn, Id(lead_id))?.into_iter().map(|d| deal_view(conn, actor, d)).collect()
}
