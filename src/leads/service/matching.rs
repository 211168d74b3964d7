//! The leads meeting saved criteria (a segment's members), newest first in keyset pages,
//! within the caller's scope: a salesperson sees their own, a manager the project's.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::list::owner_name;
use super::summary;
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::ApiResult;
use crate::http::{Page, PageQuery};
use crate::leads::criteria::{self, LeadCriteria};
use crate::leads::dto::LeadSummary;
use crate::leads::model::LeadListing;
use crate::schema::leads;
use crate::scope;

/// Where the previous page stopped.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    at: NaiveDateTime,
    id: Uuid,
}

/// A page of the project's leads meeting `criteria` that the actor may see, as the lead
/// list shows them (phones masked as there).
pub fn matching(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    criteria: &LeadCriteria,
    page: &PageQuery,
) -> ApiResult<Page<LeadSummary>> {
    let cursor: Option<Cursor> = page.decode()?;
    let mut query = leads::table
        .filter(leads::project_id.eq(Id(project_id)))
        .select((LeadListing::as_select(), owner_name()))
        .order((leads::created_at.desc(), leads::id.desc()))
        .into_boxed();
    if let Some(in_scope) = scope::leads_condition(actor)? {
        query = query.filter(in_scope);
    }
    query = criteria::narrow(query, criteria);
    if let Some(Cursor { at, id }) = cursor {
        query = query.filter(db::keyset!(< (leads::created_at, at), (leads::id, Id(id))));
    }
    let limit = page.limit();
    let rows: Vec<(LeadListing, Option<String>)> = query.limit(limit + 1).load(conn)?;
    Ok(Page::from_rows(
        rows,
        limit,
        |(lead, _)| Cursor { at: lead.created_at, id: lead.id.0 },
        |(lead, owner)| summary(actor, lead, owner.unwrap_or_default()),
    ))
}
