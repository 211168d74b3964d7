//! `GET /events`: the change feed, oldest first, keyset-paged by position.

use uuid::Uuid;

use crate::audit::{EntityType, EventType};
use crate::auth::{Actor, Role};
use crate::db::{Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::events::dto::{EventActor, EventQuery, EventResource, EventView};
use crate::events::model::feed::{FeedEvent, FeedFilter};
use crate::http::{Page, PageQuery};
use crate::scope::{self, ProjectScope};

fn forbidden() -> ApiError {
    ApiError::forbidden("event.forbidden", "Only admins, managers and integrations read the change feed.")
}

/// The projects whose events the actor reads (`None`: all); 403 for roles that read none.
pub(crate) fn readable_projects(conn: &mut Conn, actor: &Actor) -> ApiResult<Option<Vec<Id>>> {
    match actor.role {
        Role::Admin | Role::Manager | Role::Integration | Role::Client => {}
        Role::Sales | Role::Receptionist | Role::ChannelAgent | Role::Finance => return Err(forbidden()),
    }
    Ok(match scope::projects(conn, actor)? {
        ProjectScope::All => None,
        ProjectScope::Only(ids) => Some(ids.into_iter().map(Id).collect()),
    })
}

/// The event as the feed and webhooks show it.
pub(crate) fn view(event: FeedEvent) -> Option<EventView> {
    Some(EventView {
        id: event.id.0,
        event_type: EventType::parse(event.event_type.as_deref()?)?,
        occurred_at: event.occurred_at.and_utc(),
        project_id: event.project_id.map(Uuid::from),
        resource: EventResource {
            resource_type: EntityType::parse(&event.entity_type)?,
            id: event.entity_id.map(Uuid::from),
        },
        actor: EventActor {
            id: event.actor_id.map(Uuid::from),
            role: event.actor_role.as_deref().and_then(Role::parse),
        },
        changes: serde_json::from_str(&event.changes).unwrap_or_default(),
    })
}

/// `GET /events`: what the actor's projects told, after `cursor` or the event `after`.
pub fn list(conn: &mut Conn, actor: &Actor, query: EventQuery, page: PageQuery) -> ApiResult<Page<EventView>> {
    let readable = readable_projects(conn, actor)?;
    // A reader sees every event whose change committed, in the order the trail gives.
    crate::audit::seal::seal_waiting(conn)?;
    let projects = match query.project_id {
        Some(project) => {
            scope::require_project(conn, actor, project)?;
            Some(vec![Id(project)])
        }
        None => readable,
    };
    let after_seq = match (page.decode::<i64>()?, query.after) {
        (Some(seq), _) => seq,
        (None, Some(after)) => start_after(conn, &projects, after)?,
        (None, None) => 0,
    };
    let filter = FeedFilter { after_seq, event_type: query.event_type.map(EventType::as_str), projects };
    let limit = page.limit();
    let rows = FeedEvent::after(conn, &filter, limit + 1)?;
    let page = Page::from_rows(rows, limit, |e| e.seq, |e| e);
    Ok(Page { items: page.items.into_iter().filter_map(view).collect(), next_cursor: page.next_cursor })
}

/// The position of the event `after`; 422 naming `after` when it is not one the caller
/// could have read (unknown, purged, or of another project).
fn start_after(conn: &mut Conn, projects: &Option<Vec<Id>>, after: Uuid) -> ApiResult<i64> {
    let unknown = || ApiError::validation(vec![FieldError::new("after", "is not an event of your change feed")]);
    let (seq, project) = FeedEvent::position_of(conn, Id(after))?.ok_or_else(unknown)?;
    match (projects, project) {
        (None, _) => Ok(seq),
        (Some(readable), Some(project)) if readable.contains(&project) => Ok(seq),
        _ => Err(unknown()),
    }
}

/// The telling events after position `after_seq`, oldest first, at most `limit`, each with
/// its position: what another consumer of the feed (notifications) reads.
pub fn after(conn: &mut Conn, after_seq: i64, limit: i64) -> diesel::QueryResult<Vec<(i64, EventView)>> {
    let filter = FeedFilter { after_seq, ..FeedFilter::default() };
    Ok(FeedEvent::after(conn, &filter, limit)?.into_iter().filter_map(|e| Some((e.seq, view(e)?))).collect())
}
