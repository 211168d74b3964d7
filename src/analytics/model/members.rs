//! A segment's buyers as the summary counts them, and who holds a signed deal.

use std::collections::HashSet;

use diesel::prelude::*;

use crate::db::{Conn, Id};
use crate::deals::DealStatus;
use crate::leads::criteria::{self, LeadCriteria};
use crate::schema::{deals, leads};
use crate::words::Grade;

/// What the summary reads of each buyer.
#[derive(Debug, Clone, Queryable)]
pub struct Member {
    pub id: Id,
    pub grade: Option<Grade>,
    pub visit_count: i32,
    pub budget_min_fen: Option<i64>,
    pub budget_max_fen: Option<i64>,
}

/// The project's live leads meeting `criteria` (and owned by `owner`, when given).
pub fn of_criteria(conn: &mut Conn, project: Id, owner: Option<Id>, found: &LeadCriteria) -> QueryResult<Vec<Member>> {
    let mut query = leads::table
        .filter(leads::project_id.eq(project))
        .select((leads::id, leads::grade, leads::visit_count, leads::budget_min_fen, leads::budget_max_fen))
        .into_boxed();
    if let Some(owner) = owner {
        query = query.filter(leads::owner_id.eq(owner));
    }
    criteria::narrow(query, found).load(conn)
}

/// The project's leads holding a signed deal that stands.
pub fn holding_signed_deals(conn: &mut Conn, project: Id) -> QueryResult<HashSet<Id>> {
    let ids: Vec<Id> = deals::table
        .filter(deals::project_id.eq(project))
        .filter(deals::status.eq(DealStatus::Signed))
        .select(deals::lead_id)
        .distinct()
        .load(conn)?;
    Ok(ids.into_iter().collect())
}
