//! The webhook worker's database side: fanning new events of the feed out into
//! deliveries, claiming the deliveries that are due, and recording each attempt. Plain
//! functions over a connection; the worker (`events::worker`) sends in between.

use chrono::{Duration, NaiveDateTime};
use uuid::Uuid;

use crate::audit::{self, AuditAction, Entry, EventType, Who};
use crate::crypto::DataCipher;
use crate::db::{self, Conn, Id};
use crate::events::model::deliveries::{self, Attempt, Delivery, Next};
use crate::events::model::endpoints::Endpoint;
use crate::events::model::feed::{FeedEvent, FeedFilter};
use crate::events::service::endpoints::{event_types_of, project_ids_of};
use crate::events::service::feed;
use crate::events::DeliveryOrigin;

/// Events fanned out per dispatching transaction.
const BATCH: i64 = 500;

/// What an endpoint is sent.
pub(crate) struct Interest {
    types: Vec<EventType>,
    projects: Vec<Uuid>,
}

impl Interest {
    /// The endpoint's filters.
    pub(crate) fn of(endpoint: &Endpoint) -> Self {
        Self { types: event_types_of(endpoint), projects: project_ids_of(endpoint) }
    }

    /// Whether an event of this type and project is for the endpoint.
    pub(crate) fn wants(&self, event: &FeedEvent) -> bool {
        let kind = event.event_type.as_deref().and_then(EventType::parse);
        let type_wanted = self.types.is_empty() || kind.is_some_and(|k| self.types.contains(&k));
        let project_wanted = self.projects.is_empty() || event.project_id.is_some_and(|p| self.projects.contains(&p.0));
        type_wanted && project_wanted
    }
}

/// Fans the events after the dispatcher's position out into a delivery per enabled
/// endpoint that wants it (and existed when it happened), and moves the position past
/// them, in one transaction. A replica finding another dispatching skips its turn.
/// Answers how many deliveries were added.
pub fn dispatch(conn: &mut Conn) -> diesel::QueryResult<usize> {
    audit::seal::seal_waiting(conn)?;
    // Most of the time there is nothing new: two reads, no lock.
    let position = deliveries::dispatch_position(conn)?;
    if FeedEvent::after(conn, &FeedFilter { after_seq: position, ..FeedFilter::default() }, 1)?.is_empty() {
        return Ok(0);
    }
    db::transaction(conn, |conn| {
        let Some(last_seq) = deliveries::lock_dispatch(conn)? else { return Ok(0) };
        let events = FeedEvent::after(conn, &FeedFilter { after_seq: last_seq, ..FeedFilter::default() }, BATCH)?;
        let Some(last) = events.last().map(|e| e.seq) else { return Ok(0) };
        let endpoints: Vec<(Endpoint, Interest)> = Endpoint::enabled(conn)?
            .into_iter()
            .map(|e| {
                let interest = Interest::of(&e);
                (e, interest)
            })
            .collect();
        let now = db::now();
        let mut fanned = Vec::new();
        for event in &events {
            for (endpoint, interest) in &endpoints {
                if event.occurred_at >= endpoint.created_at && interest.wants(event) {
                    fanned.push(Delivery::new(endpoint.id, event.id, event.seq, DeliveryOrigin::Feed, now));
                }
            }
        }
        let added = Delivery::insert_all(conn, &fanned)?;
        deliveries::set_dispatch(conn, last)?;
        Ok(added)
    })
}

/// A claimed delivery, ready to send.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// The delivery.
    pub delivery_id: Id,
    /// Its endpoint.
    pub endpoint_id: Id,
    /// Attempts made before this one.
    pub attempts_before: i32,
    /// The lease it was claimed under.
    pub lease_until: NaiveDateTime,
    /// Where to send it.
    pub url: String,
    /// The secrets that sign it: the current one, and the previous one while it overlaps.
    pub secrets: Vec<String>,
    /// `webhook-id`: the event's id.
    pub event_id: String,
    /// The JSON body: the event as the feed shows it.
    pub body: String,
}

/// Claims up to `limit` due deliveries for `lease` and prepares them for sending. A
/// delivery whose event has left the trail's retention fails without an attempt.
pub fn claim(conn: &mut Conn, cipher: &DataCipher, lease: Duration, limit: i64) -> diesel::QueryResult<Vec<Outgoing>> {
    let now = db::now();
    if !deliveries::any_due(conn, now)? {
        return Ok(Vec::new());
    }
    let lease_until = now + lease;
    let claimed = db::transaction(conn, |conn| Delivery::claim_due(conn, now, lease_until, limit))?;
    let mut outgoing = Vec::with_capacity(claimed.len());
    for delivery in claimed {
        let endpoint = Endpoint::find_live(conn, delivery.endpoint_id)?;
        let event = FeedEvent::find(conn, delivery.event_id)?.and_then(feed::view);
        let (Some(endpoint), Some(event)) = (endpoint, event) else {
            let attempt = attempt_of(&delivery.id, now, None, Some("the event is no longer kept".into()), 0);
            Delivery::record(conn, &attempt, lease_until, Next::Failed)?;
            continue;
        };
        let mut secrets: Vec<String> = cipher.decrypt(&endpoint.secret_cipher).into_iter().collect();
        if endpoint.previous_secret_until.is_some_and(|until| until > now) {
            secrets.extend(endpoint.previous_secret_cipher.as_deref().and_then(|c| cipher.decrypt(c)));
        }
        outgoing.push(Outgoing {
            delivery_id: delivery.id,
            endpoint_id: endpoint.id,
            attempts_before: delivery.attempts,
            lease_until,
            url: endpoint.url,
            secrets,
            event_id: event.id.to_string(),
            body: serde_json::to_string(&event).unwrap_or_default(),
        });
    }
    Ok(outgoing)
}

/// What one attempt came to.
#[derive(Debug, Clone)]
pub struct Sent {
    /// The receiver's HTTP status, when one came.
    pub status_code: Option<u16>,
    /// Why none came.
    pub error: Option<String>,
    /// How long it took.
    pub latency_ms: i32,
}

fn attempt_of(
    delivery: &Id,
    at: NaiveDateTime,
    status: Option<u16>,
    error: Option<String>,
    latency_ms: i32,
) -> Attempt {
    Attempt {
        id: Id::new(),
        delivery_id: *delivery,
        attempted_at: at,
        status_code: status.map(i32::from),
        error,
        latency_ms,
        succeeded: status.is_some_and(|s| (200..300).contains(&s)),
    }
}

/// Records an attempt and decides what follows: done on a 2xx; failed on a 410 (and the
/// endpoint disabled as `gone`); otherwise the next retry of `retry_delays`, or failed when
/// they are used up — which disables the endpoint as `failing` when nothing has succeeded
/// there since the failures began.
pub fn record(
    conn: &mut Conn,
    out: &Outgoing,
    sent: Sent,
    retry_delays: &[std::time::Duration],
) -> diesel::QueryResult<()> {
    let now = db::now();
    let attempt = attempt_of(&out.delivery_id, now, sent.status_code, sent.error, sent.latency_ms);
    let gone = sent.status_code == Some(410);
    let made = usize::try_from(out.attempts_before).unwrap_or(0) + 1;
    let next = if attempt.succeeded {
        Next::Succeeded
    } else if gone {
        Next::Failed
    } else {
        match retry_delays.get(made - 1) {
            Some(delay) => {
                let wait = Duration::from_std(*delay).unwrap_or_else(|_| Duration::days(365));
                Next::RetryAt(now.checked_add_signed(wait).unwrap_or(now))
            }
            None => Next::Failed,
        }
    };
    db::transaction(conn, |conn| {
        if !Delivery::record(conn, &attempt, out.lease_until, next)? {
            return Ok(());
        }
        let failing_since = Endpoint::note_outcome(conn, out.endpoint_id, attempt.succeeded, now)?;
        let reason = match next {
            Next::Failed if gone => Some("gone"),
            Next::Failed if failing_since.is_some() => Some("failing"),
            _ => None,
        };
        if let Some(reason) = reason {
            if Endpoint::disable(conn, out.endpoint_id, reason, now)? {
                tracing::warn!(endpoint = %out.endpoint_id.0, reason, "webhook endpoint disabled");
                let entry = Entry::new(AuditAction::WebhookEndpointDisable, out.endpoint_id.0)
                    .change("status", "enabled", "disabled")
                    .note("reason", reason);
                audit::record(conn, Who::system(), entry)?;
            }
        }
        Ok(())
    })
}

/// How long finished deliveries (and their attempts) are kept for `GET …/deliveries`.
pub const DELIVERY_RETENTION_DAYS: i64 = 30;

/// Forgets deliveries finished more than [`DELIVERY_RETENTION_DAYS`] ago; answers how many.
pub fn forget_old_deliveries(conn: &mut Conn) -> diesel::QueryResult<usize> {
    let cutoff = db::now() - Duration::days(DELIVERY_RETENTION_DAYS);
    db::transaction(conn, |conn| deliveries::forget_finished_before(conn, cutoff))
}
