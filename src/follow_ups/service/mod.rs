//! Follow-up rules, split by action. Shared here: finding a follow-up the actor may see
//! and building views with author names from one query.

mod agenda;
mod alerts;
mod cadence;
mod edit;
mod list;
mod record;
pub mod reminders;

pub use agenda::agenda;
pub use alerts::overdue;
pub use cadence::{find_cadence, set_cadence};
pub use edit::update;
pub use list::{list_for_lead, list_for_team};
pub use record::{record, record_visit, DeskVisit};

use chrono::Duration;
use uuid::Uuid;

use super::dto::{AgendaItem, FollowUpView};
use super::model::FollowUp;
use crate::auth::model::display_names;
use crate::auth::Actor;
use crate::db::{Conn, Id};
use crate::error::{ApiError, ApiResult};
use crate::leads::model::Lead;
use crate::leads::phone;
use crate::leads::service::visible_lead;

/// How long the author may correct a follow-up; after that it is evidence.
pub const EDIT_WINDOW: Duration = Duration::hours(24);

/// What follow-up rules need from the settings.
#[derive(Debug, Clone, Copy)]
pub struct FollowUpRules {
    /// How long a contact keeps the lead with its owner.
    pub protection: Duration,
    /// Days without a contact after which the overdue alert names a lead.
    pub overdue_days: i64,
}

pub(crate) fn follow_up_not_found() -> ApiError {
    ApiError::not_found("follow_up.not_found", "No such follow-up.")
}

/// The follow-up and its lead, if the actor may see the lead; 404 otherwise.
pub(crate) fn visible_follow_up(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<(FollowUp, Lead)> {
    let follow_up = FollowUp::find(conn, Id(id))?.ok_or_else(follow_up_not_found)?;
    let lead = visible_lead(conn, actor, follow_up.lead_id.0).map_err(|_| follow_up_not_found())?;
    Ok((follow_up, lead))
}

/// `GET /follow-ups/{id}`: whoever may see its lead.
pub fn find(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<FollowUpView> {
    let (follow_up, _) = visible_follow_up(conn, actor, id)?;
    views(conn, vec![follow_up])?.pop().ok_or_else(follow_up_not_found)
}

/// Views of follow-ups, with author names from one query.
pub(crate) fn views(conn: &mut Conn, follow_ups: Vec<FollowUp>) -> ApiResult<Vec<FollowUpView>> {
    let names = display_names(conn, follow_ups.iter().map(|f| f.author_id))?;
    Ok(follow_ups
        .into_iter()
        .map(|f| {
            let author = names.get(&f.author_id).cloned().unwrap_or_default();
            view(f, author)
        })
        .collect())
}

/// The view of one follow-up whose author's name is known.
pub(crate) fn view(f: FollowUp, author_display_name: String) -> FollowUpView {
    FollowUpView {
        id: f.id.0,
        lead_id: f.lead_id.0,
        project_id: f.project_id.0,
        author_id: f.author_id.0,
        author_display_name,
        channel: f.channel,
        purpose: f.purpose,
        content: f.content,
        customer_feedback: f.customer_feedback,
        happened_at: f.happened_at.and_utc(),
        duration_seconds: f.duration_seconds,
        initiated_by: f.initiated_by,
        next_follow_up_at: f.next_follow_up_at.map(|t| t.and_utc()),
        next_purpose: f.next_purpose,
        decision_maker_present: f.decision_maker_present,
        editable_until: (f.created_at + EDIT_WINDOW).and_utc(),
        version: f.version,
        created_at: f.created_at.and_utc(),
        updated_at: f.updated_at.and_utc(),
        lead: None,
    }
}

/// A lead as the agenda and the overdue alert list it: enough to call. The phone is clear
/// for the lead's owner (the screen's call button) and masked for everyone else.
pub(crate) fn agenda_item(lead: &Lead, viewer: Uuid) -> AgendaItem {
    AgendaItem {
        lead_id: lead.id.0,
        project_id: lead.project_id.0,
        name: lead.name.clone(),
        phone: if lead.owner_id.0 == viewer { lead.phone.clone() } else { phone::mask(&lead.phone) },
        grade: lead.grade,
        status: lead.status,
        next_follow_up_at: lead.next_follow_up_at.map(|t| t.and_utc()),
        next_purpose: lead.next_purpose,
        last_interaction_at: lead.last_interaction_at.and_utc(),
        last_contact_channel: lead.last_contact_channel,
        birthday_on: None,
        care_kind: None,
        care_on: None,
        occasion: None,
        consent_channel: None,
    }
}
