//! Subscriptions (认筹): a paid deposit gives the lead the project's next queue number —
//! 1, 2, 3… with no gaps and no repeats, however many are paid at once — and makes the
//! lead `subscribed`. A refund keeps the number used.

use chrono::Duration;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use std::collections::HashMap;
use uuid::Uuid;

use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::booking::dto::{RefundRequest, SubscribeRequest, SubscriptionView};
use crate::booking::model::{next_number, Subscription};
use crate::booking::SubscriptionStatus;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::grading::{self, GradeCause};
use crate::http::{Page, PageQuery};
use crate::leads::lifecycle::StatusCause;
use crate::leads::model::{self as lead_model, Lead};
use crate::leads::phone;
use crate::leads::service::visible_lead;
use crate::schema::{leads, subscriptions};
use crate::scope::LeadRights;
use crate::scope::{self, LeadScope};
use crate::words::LeadStatus;

const QUEUE: &str = "subscription_queue";

fn already_active() -> ApiError {
    ApiError::conflict("subscription.already_active", "The lead already holds an active subscription.")
}

fn views(conn: &mut Conn, actor: &Actor, rows: Vec<Subscription>) -> ApiResult<Vec<SubscriptionView>> {
    let ids: Vec<Id> = rows.iter().map(|s| s.lead_id).collect();
    let people: HashMap<Id, (String, String, Id)> = leads::table
        .filter(leads::id.eq_any(ids))
        .select((leads::id, leads::name, leads::phone, leads::owner_id))
        .load::<(Id, String, String, Id)>(conn)?
        .into_iter()
        .map(|(id, name, phone, owner)| (id, (name, phone, owner)))
        .collect();
    Ok(rows
        .into_iter()
        .map(|s| {
            let (name, phone, owner) = people.get(&s.lead_id).cloned().unwrap_or_default();
            let clear = LeadRights::within_scope(actor, owner.0).sees_contact();
            SubscriptionView {
                id: s.id.0,
                project_id: s.project_id.0,
                lead_id: s.lead_id.0,
                lead_name: name,
                lead_phone: if clear { phone } else { phone::mask(&phone) },
                queue_no: s.queue_no,
                deposit_fen: s.deposit_fen,
                paid_at: s.paid_at.and_utc(),
                receipt_no: s.receipt_no,
                status: s.status,
                created_at: s.created_at.and_utc(),
                refunded_at: s.refunded_at.map(|t| t.and_utc()),
                refund_reason: s.refund_reason,
            }
        })
        .collect())
}

/// `POST /leads/{id}/subscriptions`: the owner or a manager records a paid deposit.
pub fn subscribe(
    conn: &mut Conn,
    actor: &Actor,
    lead_id: Uuid,
    input: SubscribeRequest,
) -> ApiResult<SubscriptionView> {
    let lead = visible_lead(conn, actor, lead_id)?;
    let now = db::now();
    let paid_at = db::stored(input.paid_at);
    if paid_at > now + Duration::minutes(5) {
        return Err(ApiError::validation(vec![FieldError::new("paid_at", "must not be in the future")]));
    }
    let receipt = input.receipt_no.trim().to_owned();
    db::transaction(conn, |conn| {
        let active = subscriptions::table
            .filter(subscriptions::lead_id.eq(lead.id))
            .filter(subscriptions::status.eq(SubscriptionStatus::Active));
        if diesel::select(diesel::dsl::exists(active)).get_result::<bool>(conn)? {
            return Err(already_active());
        }
        let same_receipt = subscriptions::table
            .filter(subscriptions::project_id.eq(lead.project_id))
            .filter(subscriptions::receipt_no.eq(&receipt));
        if diesel::select(diesel::dsl::exists(same_receipt)).get_result::<bool>(conn)? {
            return Err(ApiError::conflict(
                "subscription.duplicate_receipt",
                "This receipt number is already recorded.",
            ));
        }
        let subscription = Subscription {
            id: Id::new(),
            project_id: lead.project_id,
            lead_id: lead.id,
            queue_no: next_number(conn, lead.project_id, QUEUE)?,
            deposit_fen: input.deposit_fen,
            paid_at,
            receipt_no: receipt.clone(),
            status: SubscriptionStatus::Active,
            created_by: Id(actor.id),
            created_at: now,
            refunded_at: None,
            refunded_by: None,
            refund_reason: None,
            owner_id: lead.owner_id,
            source_channel: lead.source_channel,
            channel_id: lead.channel_id,
        };
        // Two deposits for one lead at the same instant: the unique index decides.
        match diesel::insert_into(subscriptions::table).values(&subscription).execute(conn) {
            Ok(_) => {}
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => return Err(already_active()),
            Err(other) => return Err(other.into()),
        }
        let status = lead_model::move_status(conn, lead.id, StatusCause::Subscription)?.unwrap_or(lead.status);
        grading::service::regrade(conn, lead.id, GradeCause::Subscription, &actor.into())?;
        let entry = Entry::new(AuditAction::SubscriptionCreate, subscription.id.0)
            .project(lead.project_id.0)
            .set("lead_id", lead.id.0)
            .set("queue_no", subscription.queue_no)
            .set("deposit_fen", subscription.deposit_fen)
            .set("receipt_no", &receipt)
            .change("lead.status", lead.status, status);
        audit::record(conn, actor.into(), entry)?;
        views(conn, actor, vec![subscription])?.pop().ok_or_else(|| ApiError::internal(anyhow::anyhow!("no view")))
    })
}

/// `GET /projects/{id}/subscriptions`: in queue order. Managers see all; salespeople
/// their own leads'.
pub fn list_subscriptions(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    page: PageQuery,
) -> ApiResult<Page<SubscriptionView>> {
    crate::scope::require_lead_worker(actor)?;
    scope::require_project(conn, actor, project_id)?;
    let mut query = subscriptions::table
        .filter(subscriptions::project_id.eq(Id(project_id)))
        .order(subscriptions::queue_no.asc())
        .select(Subscription::as_select())
        .into_boxed();
    if let LeadScope::Owned { owner_id, .. } = scope::leads(conn, actor)? {
        let own = leads::table.filter(leads::owner_id.eq(Id(owner_id))).select(leads::id);
        query = query.filter(subscriptions::lead_id.eq_any(own));
    }
    if let Some(after) = page.decode::<i64>()? {
        query = query.filter(subscriptions::queue_no.gt(after));
    }
    let limit = page.limit();
    let rows: Vec<Subscription> = query.limit(limit + 1).load(conn)?;
    let page = Page::from_rows(rows, limit, |s| s.queue_no, |s| s);
    Ok(Page { items: views(conn, actor, page.items)?, next_cursor: page.next_cursor })
}

/// The lead's live (unrefunded) subscription, if any, for whoever may see the lead.
pub fn live_subscription(conn: &mut Conn, actor: &Actor, lead_id: Uuid) -> ApiResult<Option<SubscriptionView>> {
    let lead = visible_lead(conn, actor, lead_id)?;
    let live: Option<Subscription> = subscriptions::table
        .filter(subscriptions::lead_id.eq(lead.id))
        .filter(subscriptions::status.eq(SubscriptionStatus::Active))
        .select(Subscription::as_select())
        .first(conn)
        .optional()?;
    Ok(views(conn, actor, live.into_iter().collect())?.pop())
}

fn subscription_not_found() -> ApiError {
    ApiError::not_found("subscription.not_found", "No such subscription.")
}

/// The subscription with this id, or 404.
fn subscription_by_id(conn: &mut Conn, id: Uuid) -> ApiResult<Subscription> {
    subscriptions::table
        .find(Id(id))
        .select(Subscription::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(subscription_not_found)
}

/// `GET /subscriptions/{id}`: the lead's owner and the project's managers, as the list.
pub fn find_subscription(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<SubscriptionView> {
    crate::scope::require_lead_worker(actor)?;
    let subscription = subscription_by_id(conn, id)?;
    visible_lead(conn, actor, subscription.lead_id.0).map_err(|_| subscription_not_found())?;
    views(conn, actor, vec![subscription])?.pop().ok_or_else(subscription_not_found)
}

/// `POST /subscriptions/{id}/refund` (managers): the deposit goes back, the lead returns
/// to where it stood before (visited if it ever came, else contacted).
pub fn refund(conn: &mut Conn, actor: &Actor, id: Uuid, input: RefundRequest) -> ApiResult<SubscriptionView> {
    crate::scope::require_lead_worker(actor)?;
    let subscription = subscription_by_id(conn, id)?;
    // Who may not see the subscription (another salesperson's buyer) learns nothing: 404.
    // Who may see it but not refund it (the lead's own salesperson) is told why: 403.
    visible_lead(conn, actor, subscription.lead_id.0).map_err(|_| subscription_not_found())?;
    scope::require_project_manager(conn, actor, subscription.project_id.0)?;
    let reason = input.reason.trim().to_owned();
    db::transaction(conn, |conn| {
        let now = db::now();
        let refunded = diesel::update(
            subscriptions::table
                .filter(subscriptions::id.eq(subscription.id))
                .filter(subscriptions::status.eq(SubscriptionStatus::Active)),
        )
        .set((
            subscriptions::status.eq(SubscriptionStatus::Refunded),
            subscriptions::refunded_at.eq(now),
            subscriptions::refunded_by.eq(Id(actor.id)),
            subscriptions::refund_reason.eq(&reason),
        ))
        .execute(conn)?;
        if refunded == 0 {
            return Err(ApiError::conflict("subscription.not_active", "The subscription was already refunded."));
        }
        let lead = Lead::lock_live(conn, subscription.lead_id)?;
        if let Some(lead) = lead.filter(|l| l.status == LeadStatus::Subscribed) {
            let visited = lead.visit_count > 0 || lead.show_flat_visits > 0;
            lead_model::move_status(conn, lead.id, StatusCause::SubscriptionRefunded { visited })?;
            grading::service::regrade(conn, lead.id, GradeCause::Subscription, &actor.into())?;
        }
        let entry = Entry::new(AuditAction::SubscriptionRefund, id)
            .project(subscription.project_id.0)
            .change("status", SubscriptionStatus::Active, SubscriptionStatus::Refunded)
            .note("reason", &reason);
        audit::record(conn, actor.into(), entry)?;
        let updated: Subscription =
            subscriptions::table.find(subscription.id).select(Subscription::as_select()).first(conn)?;
        views(conn, actor, vec![updated])?.pop().ok_or_else(subscription_not_found)
    })
}
