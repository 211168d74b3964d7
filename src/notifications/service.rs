//! Producing notifications from the change feed, and a person's inbox.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::dto::{MarkReadRequest, MarkedRead, NotificationQuery, NotificationView};
use super::model::{self, Notification};
use super::NotificationKind;
use crate::audit::{self, AuditAction, EntityType, Entry, EventType};
use crate::auth::{Actor, Role, UserStatus};
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::events::dto::EventView;
use crate::http::{Page, PageQuery};

/// Events read per pass.
const BATCH: i64 = 500;

/// The project's active members of these roles.
fn project_staff(conn: &mut Conn, project: Id, roles: &[Role]) -> diesel::QueryResult<Vec<Id>> {
    Ok(crate::projects::model::members_of(conn, project, None)?
        .into_iter()
        .filter(|m| roles.contains(&m.role) && m.status == UserStatus::Active)
        .map(|m| m.user_id)
        .collect())
}

/// Who hears of a complaint filed: the project's managers when it is high or critical (the
/// one that reaches social media is the one answered late), the buyer's salesperson when
/// someone else took it down, and whoever it was assigned to.
fn complaint_filed(
    conn: &mut Conn,
    project: Id,
    event: &EventView,
) -> diesel::QueryResult<Vec<(Id, NotificationKind, String)>> {
    let actor = event.actor.id.map(Id);
    let mut told = Vec::new();
    if matches!(event.changes["severity"]["new"].as_str(), Some("high" | "critical")) {
        for manager in project_staff(conn, project, &[Role::Manager])? {
            told.push((manager, NotificationKind::ComplaintFiled, "收到一件紧急客诉，请尽快响应".to_owned()));
        }
    }
    let lead = event.changes["lead_id"]["new"].as_str().and_then(|id| Uuid::parse_str(id).ok()).map(Id);
    if let Some(owner) = lead.map(|lead| model::lead_owner(conn, lead)).transpose()?.flatten() {
        if Some(owner) != actor && !told.iter().any(|(user, _, _)| *user == owner) {
            told.push((owner, NotificationKind::ComplaintFiled, "您的一位客户提交了客诉".to_owned()));
        }
    }
    let assignee = event.changes["assignee_id"]["new"].as_str().and_then(|id| Uuid::parse_str(id).ok()).map(Id);
    if let Some(assignee) = assignee.filter(|a| Some(*a) != actor && !told.iter().any(|(user, _, _)| user == a)) {
        told.push((assignee, NotificationKind::ComplaintAssigned, "您被指派处理一件客诉".to_owned()));
    }
    Ok(told)
}

/// Who is told of an event, why, and in which words; nobody for most events.
fn recipients(conn: &mut Conn, event: &EventView) -> diesel::QueryResult<Vec<(Id, NotificationKind, String)>> {
    let user_in = |field: &Value| field.as_str().and_then(|id| Uuid::parse_str(id).ok()).map(Id);
    let new_owner = || user_in(&event.changes["owner_id"]["new"]);
    let owner = || user_in(&event.changes["owner_id"]);
    let not_the_actor = |user: Id| (Some(user.0) != event.actor.id).then_some(user);
    let project = event.project_id.map(Id);
    let one = |user: Option<Id>, kind: NotificationKind, title: &str| {
        user.into_iter().map(|user| (user, kind, title.to_owned())).collect::<Vec<_>>()
    };
    let many = |users: Vec<Id>, kind: NotificationKind, title: String| {
        users.into_iter().map(|user| (user, kind, title.clone())).collect::<Vec<_>>()
    };
    Ok(match event.event_type {
        EventType::LeadCreated => {
            one(new_owner().and_then(not_the_actor), NotificationKind::LeadAssigned, "您有一位新客户")
        }
        EventType::LeadOwnerChanged => {
            one(new_owner().and_then(not_the_actor), NotificationKind::LeadAssigned, "一位客户已转给您")
        }
        EventType::ReportArrived | EventType::ReportExpired => {
            let agent = match event.resource.id {
                Some(report) => model::report_agent(conn, Id(report))?,
                None => None,
            };
            match event.event_type {
                EventType::ReportArrived => one(agent, NotificationKind::ReportArrived, "您报备的客户已到访"),
                _ => one(agent, NotificationKind::ReportExpired, "您报备的客户未在保护期内到访，报备已失效"),
            }
        }
        EventType::AppealDecided => {
            let agent = match event.resource.id {
                Some(appeal) => model::appeal_agent(conn, Id(appeal))?,
                None => None,
            };
            let outcome = match event.changes["status"]["new"].as_str() {
                Some("upheld") => "成立",
                _ => "未成立",
            };
            one(agent, NotificationKind::AppealDecided, &format!("您的申诉已处理：{outcome}"))
        }
        EventType::FollowUpOverdue => one(owner(), NotificationKind::FollowUpOverdue, "一位客户的计划跟进已逾期"),
        EventType::CareReminder => one(owner(), NotificationKind::CareReminder, "今天是您一位客户的生日"),
        EventType::LeadNeglected => match project {
            Some(project) => {
                let days = event.changes["days"].as_i64().unwrap_or(30);
                let managers = project_staff(conn, project, &[Role::Manager])?;
                many(managers, NotificationKind::LeadNeglected, format!("一位客户已{days}天无人跟进"))
            }
            None => Vec::new(),
        },
        EventType::PaymentOverdue => match project {
            Some(project) => {
                let contract = event.changes["contract_no"].as_str().unwrap_or_default();
                let staff = project_staff(conn, project, &[Role::Manager, Role::Finance])?;
                many(staff, NotificationKind::PaymentOverdue, format!("合同 {contract} 有一笔回款已逾期"))
            }
            None => Vec::new(),
        },
        EventType::ComplaintFiled => match project {
            Some(project) => complaint_filed(conn, project, event)?,
            None => Vec::new(),
        },
        EventType::ComplaintAssigned => {
            let assignee = user_in(&event.changes["assignee_id"]["new"]).and_then(not_the_actor);
            one(assignee, NotificationKind::ComplaintAssigned, "您被指派处理一件客诉")
        }
        EventType::ComplaintBreached => match project {
            Some(project) => {
                let what = match event.changes["deadline"]["new"].as_str() {
                    Some("acknowledge") => "响应",
                    _ => "解决",
                };
                let mut told = project_staff(conn, project, &[Role::Manager])?;
                told.extend(user_in(&event.changes["assignee_id"]["new"]).filter(|a| !told.contains(a)));
                many(told, NotificationKind::ComplaintBreached, format!("一件客诉已超过{what}时限"))
            }
            None => Vec::new(),
        },
        EventType::WebhookEndpointDisabled => {
            let reason = event.changes["reason"].as_str().unwrap_or_default();
            many(
                crate::users::model::active_with_role(conn, Role::Admin)?,
                NotificationKind::WebhookEndpointDisabled,
                format!("一个 Webhook 端点已停用：{reason}"),
            )
        }
        _ => Vec::new(),
    })
}

/// Reads the feed past the notifier's position and tells whom each event concerns, moving
/// the position in the same transaction. A replica finding another reading skips its turn.
/// Answers how many notifications were added.
pub fn notify_from_feed(conn: &mut Conn) -> diesel::QueryResult<usize> {
    audit::seal::seal_waiting(conn)?;
    let position = model::position(conn)?;
    if crate::events::service::feed::after(conn, position, 1)?.is_empty() {
        return Ok(0);
    }
    db::transaction(conn, |conn| {
        let Some(position) = model::lock_position(conn)? else { return Ok(0) };
        let events = crate::events::service::feed::after(conn, position, BATCH)?;
        let Some(last) = events.last().map(|(seq, _)| *seq) else { return Ok(0) };
        let now = db::now();
        let mut added = 0;
        for (_, event) in &events {
            for (user, kind, title) in recipients(conn, event)? {
                let notification = Notification {
                    id: Id::new(),
                    user_id: user,
                    kind,
                    title,
                    resource_type: event.resource.resource_type.as_str().to_owned(),
                    resource_id: event.resource.id.map(Id),
                    project_id: event.project_id.map(Id),
                    event_id: Id(event.id),
                    created_at: now,
                    read_at: None,
                };
                added += notification.insert_once(conn)?;
            }
        }
        model::set_position(conn, last)?;
        Ok(added)
    })
}

/// Reads the feed every `interval` until `stop` changes.
pub async fn keep_notifying(
    pool: db::Pool,
    interval: std::time::Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            _ = stop.changed() => return,
            _ = tokio::time::sleep(interval) => {}
        }
        let pool = pool.clone();
        let notified = tokio::task::spawn_blocking(move || -> anyhow::Result<usize> {
            Ok(notify_from_feed(&mut crate::db::checkout(&pool)?.conn)?)
        })
        .await;
        match notified {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = %format!("{e:#}"), "notifier: a pass failed; retrying"),
            Err(e) => tracing::warn!(error = %e, "notifier: a pass panicked"),
        }
    }
}

/// Where the previous page stopped.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    unread: bool,
    id: Uuid,
}

fn view(n: Notification) -> NotificationView {
    NotificationView {
        id: n.id.0,
        kind: n.kind,
        title: n.title,
        resource_type: EntityType::parse(&n.resource_type).unwrap_or(EntityType::Lead),
        resource_id: n.resource_id.map(Uuid::from),
        project_id: n.project_id.map(Uuid::from),
        event_id: n.event_id.0,
        created_at: n.created_at.and_utc(),
        read_at: n.read_at.map(|t| t.and_utc()),
    }
}

/// `GET /me/notifications`: the caller's, unread first, newest first.
pub fn list(
    conn: &mut Conn,
    actor: &Actor,
    query: NotificationQuery,
    page: PageQuery,
) -> ApiResult<Page<NotificationView>> {
    let after = page.decode::<Cursor>()?.map(|c| (c.unread, Id(c.id)));
    let limit = page.limit();
    let rows = Notification::page_of(conn, Id(actor.id), after, query.unread_only, limit + 1)?;
    Ok(Page::from_rows(rows, limit, |n| Cursor { unread: n.read_at.is_none(), id: n.id.0 }, view))
}

/// `POST /me/notifications/read`: `ids` (the caller's) or `all` read; answers how many
/// changed. Marking twice is harmless.
pub fn mark_read(conn: &mut Conn, actor: &Actor, input: MarkReadRequest) -> ApiResult<MarkedRead> {
    let ids: Option<Vec<Id>> = match (input.ids, input.all) {
        (Some(ids), None | Some(false)) => Some(ids.into_iter().map(Id).collect()),
        (None, Some(true)) => None,
        _ => {
            return Err(ApiError::validation(vec![FieldError::new(
                "ids",
                "send the ids to mark, or all: true (not both)",
            )]))
        }
    };
    db::transaction(conn, |conn| {
        let marked = Notification::mark_read(conn, Id(actor.id), ids.as_deref(), db::now())?;
        if marked > 0 {
            audit::record(conn, actor.into(), Entry::new(AuditAction::NotificationRead, None).note("marked", marked))?;
        }
        Ok(MarkedRead { marked })
    })
}
