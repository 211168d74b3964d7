//! Deliveries (admins): an endpoint's deliveries with their attempts, and sending an event
//! again.

use std::collections::HashMap;

use uuid::Uuid;

use crate::audit::{self, AuditAction, Entry, EventType};
use crate::auth::{Actor, Role};
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult};
use crate::events::dto::{AttemptView, DeliveryView, RedeliverRequest, Redelivery};
use crate::events::model::deliveries::{Attempt, Delivery};
use crate::events::model::endpoints::Endpoint;
use crate::events::model::feed::FeedEvent;
use crate::events::service::dispatch::Interest;
use crate::events::service::endpoints::{require_admin, visible};
use crate::events::{DeliveryOrigin, DeliveryStatus};
use crate::http::{Page, PageQuery};
use crate::scope;

/// Views of deliveries, with their attempts and event types read in one statement each.
fn views(conn: &mut Conn, deliveries: Vec<Delivery>) -> ApiResult<Vec<DeliveryView>> {
    let ids: Vec<Id> = deliveries.iter().map(|d| d.id).collect();
    let events: Vec<Id> = deliveries.iter().map(|d| d.event_id).collect();
    let mut attempts: HashMap<Id, Vec<Attempt>> = HashMap::new();
    for attempt in Delivery::attempts_of(conn, &ids)? {
        attempts.entry(attempt.delivery_id).or_default().push(attempt);
    }
    let types: HashMap<Id, Option<EventType>> = FeedEvent::types_of(conn, &events)?
        .into_iter()
        .map(|(id, kind)| (id, kind.as_deref().and_then(EventType::parse)))
        .collect();
    Ok(deliveries
        .into_iter()
        .map(|d| DeliveryView {
            id: d.id.0,
            endpoint_id: d.endpoint_id.0,
            event_id: d.event_id.0,
            event_type: types.get(&d.event_id).copied().flatten(),
            origin: d.origin,
            status: d.status,
            next_attempt_at: (d.status == DeliveryStatus::Pending).then(|| d.next_attempt_at.and_utc()),
            created_at: d.created_at.and_utc(),
            finished_at: d.finished_at.map(|t| t.and_utc()),
            attempts: attempts
                .remove(&d.id)
                .unwrap_or_default()
                .into_iter()
                .map(|a| AttemptView {
                    attempted_at: a.attempted_at.and_utc(),
                    status_code: a.status_code,
                    error: a.error,
                    latency_ms: a.latency_ms,
                    succeeded: a.succeeded,
                })
                .collect(),
        })
        .collect())
}

/// `GET /webhook-endpoints/{id}/deliveries` (admins): newest first, each with its attempts.
pub fn list(conn: &mut Conn, actor: &Actor, endpoint_id: Uuid, page: PageQuery) -> ApiResult<Page<DeliveryView>> {
    let endpoint = visible(conn, actor, endpoint_id)?;
    let limit = page.limit();
    let rows = Delivery::page_of(conn, endpoint.id, page.decode::<Uuid>()?.map(Id), limit + 1)?;
    let page = Page::from_rows(rows, limit, |d| d.id.0, |d| d);
    Ok(Page { items: views(conn, page.items)?, next_cursor: page.next_cursor })
}

/// `POST /events/{id}/redeliver` (admins): the event queued again for one endpoint, or for
/// every enabled endpoint it is for; each receives it with the same `webhook-id`.
pub fn redeliver(conn: &mut Conn, actor: &Actor, event_id: Uuid, input: RedeliverRequest) -> ApiResult<Redelivery> {
    require_admin(actor)?;
    let not_found = || ApiError::not_found("event.not_found", "No such event (or no longer kept).");
    let event = FeedEvent::find(conn, Id(event_id))?.ok_or_else(not_found)?;
    // A client redelivers its own projects' events, to its own endpoints.
    let client = actor.role == Role::Client;
    if client {
        let own = scope::member_projects(conn, actor.id)?;
        if !event.project_id.is_some_and(|p| own.contains(&p.0)) {
            return Err(not_found());
        }
    }
    let endpoints: Vec<Endpoint> = match input.endpoint_id {
        Some(id) => vec![visible(conn, actor, id)?],
        None => Endpoint::enabled(conn)?
            .into_iter()
            .filter(|e| Interest::of(e).wants(&event) && (!client || e.created_by.0 == actor.id))
            .collect(),
    };
    let now = db::now();
    let queued: Vec<Delivery> =
        endpoints.iter().map(|e| Delivery::new(e.id, event.id, event.seq, DeliveryOrigin::Redelivery, now)).collect();
    db::transaction(conn, |conn| {
        Delivery::insert_all(conn, &queued)?;
        let targets: Vec<Uuid> = endpoints.iter().map(|e| e.id.0).collect();
        let entry = Entry::new(AuditAction::EventRedeliver, event_id).set("endpoint_ids", targets);
        audit::record(conn, actor.into(), entry)?;
        Ok(Redelivery { deliveries: views(conn, queued)? })
    })
}
