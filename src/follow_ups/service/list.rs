//! A lead's timeline, and a manager's review of the team's contacts; both newest first,
//! in keyset pages over `(happened_at, id)`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::views;
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::ApiResult;
use crate::follow_ups::dto::{FollowUpView, ListFollowUpsQuery};
use crate::follow_ups::model::FollowUp;
use crate::http::{Page, PageQuery};
use crate::leads::service::visible_lead;
use crate::schema::follow_ups;
use crate::scope::{self, LeadScope};

/// Where the previous page stopped.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    at: NaiveDateTime,
    id: Uuid,
}

type Boxed<'a> = follow_ups::BoxedQuery<
    'a,
    db::MultiBackend,
    diesel::dsl::SqlTypeOf<diesel::dsl::AsSelect<FollowUp, db::MultiBackend>>,
>;

fn page_of(conn: &mut Conn, query: Boxed<'_>, page: &PageQuery) -> ApiResult<Page<FollowUpView>> {
    let mut query = query.order((follow_ups::happened_at.desc(), follow_ups::id.desc()));
    if let Some(Cursor { at, id }) = page.decode()? {
        query = query.filter(db::keyset!(< (follow_ups::happened_at, at), (follow_ups::id, Id(id))));
    }
    let limit = page.limit();
    let rows: Vec<FollowUp> = query.limit(limit + 1).load(conn)?;
    let page = Page::from_rows(rows, limit, |f| Cursor { at: f.happened_at, id: f.id.0 }, |f| f);
    Ok(Page { items: views(conn, page.items)?, next_cursor: page.next_cursor })
}

/// `GET /leads/{id}/follow-ups`: the lead's timeline, for whoever may see the lead.
pub fn list_for_lead(conn: &mut Conn, actor: &Actor, lead_id: Uuid, page: PageQuery) -> ApiResult<Page<FollowUpView>> {
    let lead = visible_lead(conn, actor, lead_id)?;
    let query = follow_ups::table.filter(follow_ups::lead_id.eq(lead.id)).select(FollowUp::as_select()).into_boxed();
    page_of(conn, query, &page)
}

/// `GET /follow-ups`: managers see their projects' contacts; salespeople their own.
pub fn list_for_team(
    conn: &mut Conn,
    actor: &Actor,
    filter: ListFollowUpsQuery,
    page: PageQuery,
) -> ApiResult<Page<FollowUpView>> {
    crate::scope::require_lead_worker(actor)?;
    let mut query = follow_ups::table.select(FollowUp::as_select()).into_boxed();
    query = match scope::leads(conn, actor)? {
        LeadScope::All => query,
        LeadScope::Projects(projects) => {
            query.filter(follow_ups::project_id.eq_any(projects.into_iter().map(Id).collect::<Vec<_>>()))
        }
        LeadScope::Owned { owner_id, projects } => query
            .filter(follow_ups::author_id.eq(Id(owner_id)))
            .filter(follow_ups::project_id.eq_any(projects.into_iter().map(Id).collect::<Vec<_>>())),
    };
    if let Some(project_id) = filter.project_id {
        query = query.filter(follow_ups::project_id.eq(Id(project_id)));
    }
    if let Some(owner_id) = filter.owner_id {
        query = query.filter(follow_ups::author_id.eq(Id(owner_id)));
    }
    if let Some(from) = filter.from {
        query = query.filter(follow_ups::happened_at.ge(from.naive_utc()));
    }
    if let Some(to) = filter.to {
        query = query.filter(follow_ups::happened_at.lt(to.naive_utc()));
    }
    page_of(conn, query, &page)
}
