//! `GET /leads/{id}/history`: everything that happened to a lead — its own events and
//! those of its follow-ups, deposits, reservations and complaints — newest first, each in
//! words.

use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

use super::visible_lead;
use crate::audit::{AuditEvent, EntityType};
use crate::auth::model::display_names;
use crate::auth::Actor;
use crate::db::{Conn, Id};
use crate::error::ApiResult;
use crate::http::{Page, PageQuery};
use crate::leads::dto::LeadHistoryEntry;
use crate::leads::history_words as words;
use crate::schema::{audit_events, complaints, follow_ups, reservations, subscriptions};

/// The lead's history, for its owner and managers (anyone else: 404).
pub fn history(conn: &mut Conn, actor: &Actor, lead_id: Uuid, page: PageQuery) -> ApiResult<Page<LeadHistoryEntry>> {
    let lead = visible_lead(conn, actor, lead_id)?;
    crate::audit::seal::seal_waiting(conn)?;
    let contacts = follow_ups::table.filter(follow_ups::lead_id.eq(lead.id)).select(follow_ups::id.nullable());
    let deposits = subscriptions::table.filter(subscriptions::lead_id.eq(lead.id)).select(subscriptions::id.nullable());
    let reserved = reservations::table.filter(reservations::lead_id.eq(lead.id)).select(reservations::id.nullable());
    let complained = complaints::table.filter(complaints::lead_id.eq(lead.id)).select(complaints::id.nullable());
    let mut query = audit_events::table
        .filter(
            audit_events::entity_type
                .eq(EntityType::Lead.as_str())
                .and(audit_events::entity_id.eq(lead.id))
                .or(audit_events::entity_type
                    .eq(EntityType::FollowUp.as_str())
                    .and(audit_events::entity_id.eq_any(contacts)))
                .or(audit_events::entity_type
                    .eq(EntityType::Subscription.as_str())
                    .and(audit_events::entity_id.eq_any(deposits)))
                .or(audit_events::entity_type
                    .eq(EntityType::Reservation.as_str())
                    .and(audit_events::entity_id.eq_any(reserved)))
                .or(audit_events::entity_type
                    .eq(EntityType::Complaint.as_str())
                    .and(audit_events::entity_id.eq_any(complained))),
        )
        .order(audit_events::seq.desc())
        .select(AuditEvent::as_select())
        .into_boxed();
    if let Some(before) = page.decode::<i64>()? {
        query = query.filter(audit_events::seq.lt(before));
    }
    let limit = page.limit();
    let rows: Vec<AuditEvent> = query.limit(limit + 1).load(conn)?;
    let page = Page::from_rows(rows, limit, |e| e.seq, |e| e);
    let parsed: Vec<(AuditEvent, serde_json::Value)> = page
        .items
        .into_iter()
        .map(|e| {
            let changes = serde_json::from_str(&e.changes).unwrap_or_default();
            (e, changes)
        })
        .collect();
    let people = parsed
        .iter()
        .flat_map(|(e, changes)| e.actor_id.into_iter().chain(words::mentioned_users(changes).into_iter().map(Id)))
        .collect::<Vec<_>>();
    let names: HashMap<Uuid, String> =
        display_names(conn, people)?.into_iter().map(|(id, name)| (id.0, name)).collect();
    let items = parsed
        .into_iter()
        .map(|(e, changes)| {
            let actor_name = e.actor_id.and_then(|a| names.get(&a.0).cloned());
            let who = actor_name.clone().unwrap_or_else(|| "系统".to_owned());
            LeadHistoryEntry {
                seq: e.seq,
                at: e.occurred_at.and_utc(),
                actor_id: e.actor_id.map(|a| a.0),
                actor_display_name: actor_name,
                summary: words::describe(&e.action, &changes, &who, &names),
                action: e.action,
                changes,
            }
        })
        .collect();
    Ok(Page { items, next_cursor: page.next_cursor })
}
