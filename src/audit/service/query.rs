//! Searching and exporting events. Admins see everything; managers the events of their
//! projects; nobody else reads the trail (403).

use diesel::prelude::*;
use std::collections::HashMap;

use crate::audit::dto::{AuditEventView, AuditQuery};
use crate::audit::{self, AuditAction, AuditEvent, Entry};
use crate::auth::model::display_names;
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult};
use crate::http::{Page, PageQuery};
use crate::schema::audit_events;
use crate::scope::{self, ProjectScope};

/// Most events one export carries; narrow the filters for more.
pub const EXPORT_LIMIT: i64 = 100_000;

type Boxed<'a> = audit_events::BoxedQuery<
    'a,
    db::MultiBackend,
    diesel::dsl::SqlTypeOf<diesel::dsl::AsSelect<AuditEvent, db::MultiBackend>>,
>;

/// The events the actor may read, filtered; newest first.
fn filtered(conn: &mut Conn, actor: &Actor, filter: &AuditQuery) -> ApiResult<Boxed<'static>> {
    if !actor.role.manages() {
        return Err(ApiError::forbidden("audit.forbidden", "Only managers and admins read the audit trail."));
    }
    crate::audit::seal::seal_waiting(conn)?;
    let mut query = audit_events::table.select(AuditEvent::as_select()).order(audit_events::seq.desc()).into_boxed();
    if let Some(project) = filter.project_id {
        scope::require_project(conn, actor, project)?;
        query = query.filter(audit_events::project_id.eq(Id(project)));
    }
    if let ProjectScope::Only(projects) = scope::projects(conn, actor)? {
        query = query.filter(audit_events::project_id.eq_any(projects.into_iter().map(Id).collect::<Vec<_>>()));
    }
    if let Some(kind) = &filter.entity_type {
        query = query.filter(audit_events::entity_type.eq(kind.clone()));
    }
    if let Some(entity) = filter.entity_id {
        query = query.filter(audit_events::entity_id.eq(Id(entity)));
    }
    if let Some(who) = filter.actor_id {
        query = query.filter(audit_events::actor_id.eq(Id(who)));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_events::action.eq(action.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_events::occurred_at.ge(from.naive_utc()));
    }
    if let Some(to) = filter.to {
        query = query.filter(audit_events::occurred_at.lt(to.naive_utc()));
    }
    Ok(query)
}

/// Views with actor names from one query.
pub(crate) fn views(conn: &mut Conn, events: Vec<AuditEvent>) -> ApiResult<Vec<AuditEventView>> {
    let names: HashMap<Id, String> = display_names(conn, events.iter().filter_map(|e| e.actor_id))?;
    Ok(events
        .into_iter()
        .map(|e| AuditEventView {
            seq: e.seq,
            id: e.id.0,
            occurred_at: e.occurred_at.and_utc(),
            actor_display_name: e.actor_id.and_then(|a| names.get(&a).cloned()),
            actor_id: e.actor_id.map(|a| a.0),
            actor_role: e.actor_role,
            action: e.action,
            entity_type: e.entity_type,
            entity_id: e.entity_id.map(|i| i.0),
            project_id: e.project_id.map(|i| i.0),
            request_id: e.request_id,
            ip: e.ip,
            user_agent: e.user_agent,
            changes: serde_json::from_str(&e.changes).unwrap_or_default(),
        })
        .collect())
}

/// `GET /audit-events`: keyset pages by position, newest first.
pub fn list(conn: &mut Conn, actor: &Actor, filter: AuditQuery, page: PageQuery) -> ApiResult<Page<AuditEventView>> {
    let mut query = filtered(conn, actor, &filter)?;
    if let Some(before) = page.decode::<i64>()? {
        query = query.filter(audit_events::seq.lt(before));
    }
    let limit = page.limit();
    let rows: Vec<AuditEvent> = query.limit(limit + 1).load(conn)?;
    let page = Page::from_rows(rows, limit, |e| e.seq, |e| e);
    Ok(Page { items: views(conn, page.items)?, next_cursor: page.next_cursor })
}

/// `GET /audit-events/export`: the matching events as CSV (newest first, at most
/// [`EXPORT_LIMIT`]); the export itself is recorded with its filters and size. Returns
/// the CSV and whether it was cut at the limit.
pub fn export(conn: &mut Conn, actor: &Actor, filter: AuditQuery) -> ApiResult<(Vec<u8>, bool)> {
    let rows: Vec<AuditEvent> = filtered(conn, actor, &filter)?.limit(EXPORT_LIMIT + 1).load(conn)?;
    let truncated = rows.len() as i64 > EXPORT_LIMIT;
    let rows: Vec<AuditEvent> = rows.into_iter().take(EXPORT_LIMIT as usize).collect();
    let count = rows.len();
    let views = views(conn, rows)?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "seq",
        "occurred_at",
        "actor_id",
        "actor_display_name",
        "actor_role",
        "action",
        "entity_type",
        "entity_id",
        "project_id",
        "request_id",
        "ip",
        "user_agent",
        "changes",
    ];
    // Text cells only: ids, sequence numbers and times cannot start a formula.
    let text = |v: Option<String>| crate::http::csv_out::text_cell(&v.unwrap_or_default()).into_owned();
    let word = |v: String| crate::http::csv_out::text_cell(&v).into_owned();
    let failed = |e: csv::Error| ApiError::internal(anyhow::anyhow!("writing the export failed: {e}"));
    writer.write_record(header).map_err(failed)?;
    for e in views {
        writer
            .write_record([
                e.seq.to_string(),
                e.occurred_at.to_rfc3339(),
                text(e.actor_id.map(|i| i.to_string())),
                text(e.actor_display_name),
                text(e.actor_role),
                word(e.action),
                word(e.entity_type),
                text(e.entity_id.map(|i| i.to_string())),
                text(e.project_id.map(|i| i.to_string())),
                text(e.request_id),
                text(e.ip),
                text(e.user_agent),
                word(e.changes.to_string()),
            ])
            .map_err(failed)?;
    }
    let bytes =
        writer.into_inner().map_err(|e| ApiError::internal(anyhow::anyhow!("writing the export failed: {e}")))?;
    db::transaction(conn, |conn| {
        let entry = Entry::new(AuditAction::AuditExport, None)
            .project(filter.project_id)
            .note("rows", count)
            .note("truncated", truncated)
            .note("filter", describe(&filter));
        audit::record(conn, actor.into(), entry)
    })?;
    Ok((bytes, truncated))
}

fn describe(filter: &AuditQuery) -> serde_json::Value {
    serde_json::json!({
        "project_id": filter.project_id, "entity_type": filter.entity_type, "entity_id": filter.entity_id,
        "actor_id": filter.actor_id, "action": filter.action, "from": filter.from, "to": filter.to,
    })
}
