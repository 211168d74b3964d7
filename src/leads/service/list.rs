//! The lead list (filters, four orders, keyset pages) and the public pool (公海).
//!
//! Every order ends with the id as tie-breaker, so the cursor `(sort value, id)` names
//! one exact place and pages never repeat or skip a lead while others are added.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::summary;
use crate::auth::{session_holds, Actor, Role, SessionCheck};
use crate::db::{self, Conn, Id};
use crate::error::ApiResult;
use crate::http::{Page, PageQuery};
use crate::leads::dto::{LeadSort, LeadSummary, ListLeadsQuery};
use crate::leads::model::LeadListing;
use crate::leads::phone::Phone;
use crate::schema::{leads, users};
use crate::scope;

/// Where the previous page stopped.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    /// The sort value of the last lead sent (null for leads without a next follow-up).
    at: Option<NaiveDateTime>,
    /// Its id.
    id: Uuid,
}

/// A page's row type: each lead with its owner's display name, from the page's own
/// statement, as `DB` reads it.
type PageRow<DB> = (diesel::dsl::SqlTypeOf<diesel::dsl::AsSelect<LeadListing, DB>>, Nullable<Text>);

/// Newest-first keyset over a non-null timestamp column.
macro_rules! newest_first {
    ($query:expr, $column:expr, $cursor:expr) => {{
        let mut query = $query.order(($column.desc(), leads::id.desc()));
        if let Some(Cursor { at: Some(at), id }) = $cursor {
            query = query.filter(db::keyset!(< ($column, at), (leads::id, Id(id))));
        }
        query
    }};
}

/// The page's one statement, built for one backend's own connection (`$backend`): the
/// lead page is the request phones send most, and a statement built for the multi-backend
/// connection is rendered to SQL anew on every pass diesel makes over it. A macro, not a
/// function generic over the backend, because every filter would need its own bound.
/// `$name_index`: whether PostgreSQL's name index may narrow a name search.
macro_rules! page_statement {
    ($backend:ty, $name_index:expr, $actor:expr, $check:expr, $filter:expr, $sort:expr, $cursor:expr, $limit:expr) => {{
        let (filter, cursor): (&ListLeadsQuery, Option<Cursor>) = ($filter, $cursor);
        let owners: Box<dyn BoxableExpression<leads::table, $backend, SqlType = Nullable<Text>>> =
            if scope::sees_own_leads_only($actor) { Box::new(own_name($actor.id)) } else { Box::new(owner_name()) };
        let mut query: leads::BoxedQuery<'_, $backend, PageRow<$backend>> =
            leads::table.filter(leads::deleted_at.is_null()).select((LeadListing::as_select(), owners)).into_boxed();
        if let Some(session_holds) = $check.holds() {
            query = query.filter(session_holds);
        }
        if let Some(in_scope) = scope::leads_condition($actor)? {
            query = query.filter(in_scope);
        }
        if let Some(project_id) = filter.project_id {
            query = query.filter(leads::project_id.eq(Id(project_id)));
        }
        if let Some(owner_id) = filter.owner_id {
            query = query.filter(leads::owner_id.eq(Id(owner_id)));
        }
        if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            query = if let Ok(phone) = Phone::parse(q) {
                query.filter(leads::phone.eq(phone.as_str().to_owned()))
            } else if q.len() == 4 && q.bytes().all(|b| b.is_ascii_digit()) {
                query.filter(leads::phone_tail.eq(q.to_owned()))
            } else {
                let contains = query.filter(db::lower(leads::name).like(db::like_pattern(q)).escape('\\'));
                if $name_index {
                    contains.filter(name_may_contain(q))
                } else {
                    contains
                }
            };
        }
        if let Some(grade) = filter.grade {
            query = query.filter(leads::grade.eq(grade));
        }
        if let Some(status) = filter.status {
            query = query.filter(leads::status.eq(status));
        }
        if let Some(channel) = filter.source_channel {
            query = query.filter(leads::source_channel.eq(channel));
        }
        if let Some(tag) = filter.tag.as_deref() {
            query = query.filter(db::lower(leads::tags).like(crate::labels::contains_pattern(tag)).escape('\\'));
        }
        if let Some(before) = filter.next_follow_up_before {
            query = query.filter(leads::next_follow_up_at.lt(before.naive_utc()));
        }
        if let Some(from) = filter.created_from {
            query = query.filter(leads::created_at.ge(from.naive_utc()));
        }
        if let Some(to) = filter.created_to {
            query = query.filter(leads::created_at.lt(to.naive_utc()));
        }
        let query = match $sort {
            LeadSort::CreatedAt => newest_first!(query, leads::created_at, cursor),
            LeadSort::UpdatedAt => newest_first!(query, leads::updated_at, cursor),
            LeadSort::LastInteractionAt => newest_first!(query, leads::last_interaction_at, cursor),
            LeadSort::NextFollowUpAt => {
                // Soonest first, leads without a date last (explicitly: SQLite sorts NULL first).
                let column = leads::next_follow_up_at;
                let query = query.order((column.is_null().asc(), column.asc(), leads::id.asc()));
                match cursor {
                    None => query,
                    Some(Cursor { at: Some(at), id }) => {
                        query.filter(column.is_null().or(column.gt(at)).or(column.eq(at).and(leads::id.gt(Id(id)))))
                    }
                    Some(Cursor { at: None, id }) => query.filter(column.is_null().and(leads::id.gt(Id(id)))),
                }
            }
        };
        query.limit($limit + 1)
    }};
}

/// Whether this is the page phones ask for most: a salesperson's own leads, newest first,
/// unfiltered, the first page. (Destructured in full, so a new filter cannot be missed.)
fn is_own_first_page(actor: &Actor, filter: &ListLeadsQuery, cursor: Option<&Cursor>) -> bool {
    let ListLeadsQuery {
        project_id: None,
        q: None,
        grade: None,
        status: None,
        source_channel: None,
        tag: None,
        owner_id: None,
        next_follow_up_before: None,
        created_from: None,
        created_to: None,
        sort: None | Some(LeadSort::CreatedAt),
    } = filter
    else {
        return false;
    };
    actor.role == Role::Sales && cursor.is_none()
}

/// [`page_statement!`] of the most asked-for page ([`is_own_first_page`]) on PostgreSQL,
/// with the session check folded in, written with static types: diesel finds its prepared
/// statement by type and renders no SQL, where the boxed statement is rendered on every
/// request to find its own. The same SQL as the boxed one builds for that page.
#[diesel::dsl::auto_type]
fn own_first_page(session_holds: diesel::dsl::exists<session_holds>, user: Uuid, rows: i64) -> _ {
    let listing: diesel::dsl::AsSelect<LeadListing, diesel::pg::Pg> = LeadListing::as_select();
    let owner: own_name = own_name(user);
    let mine: scope::owned_in_member_projects = scope::owned_in_member_projects(user);
    leads::table
        .filter(leads::deleted_at.is_null())
        .filter(session_holds)
        .filter(mine)
        .select((listing, owner))
        .order((leads::created_at.desc(), leads::id.desc()))
        .limit(rows)
}

// Checked when compiling: with a static query id diesel finds the page's prepared statement
// by type; without one (a change that boxes a part of it) it would render it again.
const _: () = assert!(<own_first_page as diesel::query_builder::QueryId>::HAS_STATIC_QUERY_ID);

fn sort_value(lead: &LeadListing, sort: LeadSort) -> Option<NaiveDateTime> {
    match sort {
        LeadSort::CreatedAt => Some(lead.created_at),
        LeadSort::UpdatedAt => Some(lead.updated_at),
        LeadSort::LastInteractionAt => Some(lead.last_interaction_at),
        LeadSort::NextFollowUpAt => lead.next_follow_up_at,
    }
}

/// `GET /leads`: the actor's leads (own for salespeople, their projects' for managers).
///
/// One statement: the data scope (memberships by subquery), the owners' names (a
/// subquery on the primary key: per row for a manager's page, once for a page of the
/// caller's own leads) and, when `check` is folded, the session check
/// all ride in the page's own query. `None` when a folded statement found no lead (see
/// `Session::run_folded`).
pub fn list(
    conn: &mut Conn,
    actor: &Actor,
    check: SessionCheck<'_>,
    filter: &ListLeadsQuery,
    page: &PageQuery,
) -> ApiResult<Option<Page<LeadSummary>>> {
    let cursor: Option<Cursor> = page.decode()?;
    let sort = filter.sort.unwrap_or_default();
    let limit = page.limit();
    let rows: Vec<(LeadListing, Option<String>)> = match conn {
        db::AnyConnection::Pg(pg) => match check.folded().filter(|_| is_own_first_page(actor, filter, cursor.as_ref()))
        {
            Some(session_holds) => own_first_page(session_holds, actor.id, limit + 1).load(pg)?,
            None => page_statement!(diesel::pg::Pg, true, actor, check, filter, sort, cursor, limit).load(pg)?,
        },
        db::AnyConnection::Sqlite(lite) => {
            page_statement!(diesel::sqlite::Sqlite, false, actor, check, filter, sort, cursor, limit).load(lite)?
        }
    };
    if rows.is_empty() && matches!(check, SessionCheck::Folded(_)) {
        return Ok(None);
    }
    Ok(Some(Page::from_rows(
        rows,
        limit,
        |(lead, _)| Cursor { at: sort_value(lead, sort), id: lead.id.0 },
        |(lead, owner)| summary(actor, lead, owner.unwrap_or_default()),
    )))
}

/// PostgreSQL's name index (migration `lead_name_search`): the name has every character
/// pair of `q` (or `q` itself when it is one or two characters). Sent as a constant, not
/// a parameter, on purpose: a surname such as 王 is in one lead of fourteen and is best
/// found walking the page's order, a rare character through the index, and only a plan
/// made for the value itself can tell the two apart. The `LIKE` beside it stays the
/// exact test.
fn name_may_contain(q: &str) -> diesel::expression::SqlLiteral<diesel::sql_types::Bool> {
    diesel::dsl::sql(&format!("anchang_name_may_contain(\"leads\".\"name\", {})", db::pg_text_constant(q)))
}

/// Each lead's owner's display name, as a subquery on the users primary key.
#[diesel::dsl::auto_type]
pub(super) fn owner_name() -> _ {
    users::table.filter(users::id.eq(leads::owner_id)).select(users::display_name).single_value()
}

/// The caller's display name, for a page of their own leads ([`scope::sees_own_leads_only`]):
/// a subquery that does not depend on the row, so PostgreSQL runs it once per statement (an
/// InitPlan) where [`owner_name`] runs once per row — 21 primary-key probes a page, about
/// an eighth of the page's database time (README, Benchmarks).
#[diesel::dsl::auto_type]
fn own_name(user: Uuid) -> _ {
    let me: Id = Id(user);
    users::table.filter(users::id.eq(me)).select(users::display_name).single_value()
}

/// `GET /leads/pool?project_id=`: leads whose protection has lapsed, longest-lapsed first.
/// Everyone in the project sees them (phones masked for salespeople) and may claim one.
pub fn pool(conn: &mut Conn, actor: &Actor, project_id: Uuid, page: PageQuery) -> ApiResult<Page<LeadSummary>> {
    crate::scope::require_lead_worker(actor)?;
    scope::require_project(conn, actor, project_id)?;
    let cursor: Option<Cursor> = page.decode()?;
    let mut query = leads::table
        .filter(leads::deleted_at.is_null())
        .filter(leads::project_id.eq(Id(project_id)))
        .filter(leads::protected_until.lt(db::now()))
        .select((LeadListing::as_select(), owner_name()))
        .order((leads::protected_until.asc(), leads::id.asc()))
        .into_boxed();
    if let Some(Cursor { at: Some(at), id }) = cursor {
        query = query.filter(db::keyset!(> (leads::protected_until, at), (leads::id, Id(id))));
    }
    let limit = page.limit();
    let rows: Vec<(LeadListing, Option<String>)> = query.limit(limit + 1).load(conn)?;
    Ok(Page::from_rows(
        rows,
        limit,
        |(lead, _)| Cursor { at: Some(lead.protected_until), id: lead.id.0 },
        |(lead, owner)| summary(actor, lead, owner.unwrap_or_default()),
    ))
}
