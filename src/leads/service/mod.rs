//! Lead rules, split by action. Shared here: finding a lead the actor may see, the
//! masking rule, and building views without N+1 queries.

mod create;
pub mod desk;
mod edit;
mod history;
mod import;
mod list;
mod matching;
mod ownership;
mod referrals;
mod reveal;

pub use create::{check_duplicate, create};
pub use edit::{delete, find, update};
pub use history::history;
pub use import::{csv_row, import};
pub use list::{list, pool};
pub use matching::matching;
pub use ownership::{claim, handover, transfer};
pub use referrals::referrals;
pub use reveal::reveal;

use chrono::Duration;
use uuid::Uuid;

use super::dto::{ConsentView, LeadSummary, LeadView};
use super::model::{Lead, LeadListing};
use super::phone;
use crate::auth::model::display_names;
use crate::auth::Actor;
use crate::crypto::DataCipher;
use crate::db::{Conn, Id};
use crate::error::ApiResult;
use crate::labels;
use crate::scope::{self, LeadRights};

/// What lead rules need from the settings.
pub struct LeadRules<'a> {
    /// How long a lead stays with its owner without a contact before it is in the pool:
    /// the server's default until [`LeadRules::in_project`] puts the project's in.
    pub protection: Duration,
    /// Encrypts ID numbers.
    pub cipher: &'a DataCipher,
}

impl LeadRules<'_> {
    /// These rules with the project's own protection period (`GET /projects/{id}/protection-rules`)
    /// in place of the server's default.
    pub fn in_project(&self, conn: &mut crate::db::Conn, project_id: Id) -> diesel::QueryResult<LeadRules<'_>> {
        let protection = crate::projects::service::lead_protection(conn, project_id, self.protection)?;
        Ok(LeadRules { protection, cipher: self.cipher })
    }
}

pub(crate) use crate::scope::lead_not_found;

/// The live lead if the actor owns or manages it, the data scope checked in the same
/// statement; 404 otherwise, whoever's it is.
pub(crate) fn visible_lead(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<Lead> {
    Lead::find_visible(conn, Id(id), scope::leads_condition(actor)?)?.ok_or_else(lead_not_found)
}

/// Views of several leads, with owner names from one query.
pub(crate) fn views(conn: &mut Conn, actor: &Actor, leads: Vec<Lead>) -> ApiResult<Vec<LeadView>> {
    let names = display_names(conn, leads.iter().map(|l| l.owner_id))?;
    Ok(leads
        .into_iter()
        .map(|lead| {
            let owner = names.get(&lead.owner_id).cloned().unwrap_or_default();
            view(actor, lead, owner)
        })
        .collect())
}

/// The view of one lead, already loaded.
pub(crate) fn view_one(conn: &mut Conn, actor: &Actor, lead: Lead) -> ApiResult<LeadView> {
    views(conn, actor, vec![lead])?.pop().ok_or_else(lead_not_found)
}

/// A lead's phone as this actor may see it, and whether it is masked: the owner and
/// managers see it clear (`LeadRights::sees_contact`), everyone else `138****8000`.
fn phone_as_seen(actor: &Actor, owner_id: Id, phone: String) -> (String, bool) {
    if LeadRights::within_scope(actor, owner_id.0).sees_contact() {
        (phone, false)
    } else {
        (phone::mask(&phone), true)
    }
}

/// A lead as this actor may see it.
pub(crate) fn view(actor: &Actor, lead: Lead, owner_display_name: String) -> LeadView {
    let (phone, phone_masked) = phone_as_seen(actor, lead.owner_id, lead.phone);
    LeadView {
        id: lead.id.0,
        project_id: lead.project_id.0,
        owner_id: lead.owner_id.0,
        owner_display_name,
        phone,
        phone_masked,
        name: lead.name,
        wechat_id: lead.wechat_id,
        gender: lead.gender,
        age_band: lead.age_band,
        birthday: lead.birthday,
        occupation: lead.occupation,
        family_structure: lead.family_structure,
        residence_district: lead.residence_district,
        work_district: lead.work_district,
        source_channel: lead.source_channel,
        channel_detail: lead.channel_detail,
        referrer_lead_id: lead.referrer_lead_id.map(Uuid::from),
        channel_id: lead.channel_id.map(Uuid::from),
        report_id: lead.report_id.map(Uuid::from),
        channel_protected_until: lead.channel_protected_until.map(|t| t.and_utc()),
        budget_min_fen: lead.budget_min_fen,
        budget_max_fen: lead.budget_max_fen,
        down_payment_fen: lead.down_payment_fen,
        intended_layouts: labels::read(&lead.intended_layouts),
        area_min_sqm: lead.area_min_sqm,
        area_max_sqm: lead.area_max_sqm,
        purpose: lead.purpose,
        expected_move_in: lead.expected_move_in,
        decision_maker: lead.decision_maker,
        decision_cycle_days: lead.decision_cycle_days,
        concerns: labels::read(&lead.concerns),
        doubts: lead.doubts,
        tags: labels::read(&lead.tags),
        id_number: lead.id_number_masked,
        marketing_consent: ConsentView {
            granted: lead.marketing_consent,
            channel: lead.consent_channel,
            at: lead.consent_at.map(|t| t.and_utc()),
        },
        status: lead.status,
        lost_reason: lead.lost_reason,
        grade: lead.grade,
        visit_count: lead.visit_count,
        call_count: lead.call_count,
        show_flat_visits: lead.show_flat_visits,
        last_interaction_at: lead.last_interaction_at.and_utc(),
        protected_until: lead.protected_until.and_utc(),
        next_follow_up_at: lead.next_follow_up_at.map(|t| t.and_utc()),
        next_purpose: lead.next_purpose,
        last_contact_channel: lead.last_contact_channel,
        completeness: lead.completeness,
        version: lead.version,
        created_at: lead.created_at.and_utc(),
        updated_at: lead.updated_at.and_utc(),
    }
}

/// A listed lead as this actor may see it: the same masking rule as [`view`].
pub(crate) fn summary(actor: &Actor, lead: LeadListing, owner_display_name: String) -> LeadSummary {
    let (phone, phone_masked) = phone_as_seen(actor, lead.owner_id, lead.phone);
    LeadSummary {
        id: lead.id.0,
        project_id: lead.project_id.0,
        owner_id: lead.owner_id.0,
        owner_display_name,
        phone,
        phone_masked,
        name: lead.name,
        gender: lead.gender,
        source_channel: lead.source_channel,
        budget_min_fen: lead.budget_min_fen,
        budget_max_fen: lead.budget_max_fen,
        intended_layouts: labels::read(&lead.intended_layouts),
        tags: labels::read(&lead.tags),
        status: lead.status,
        grade: lead.grade,
        visit_count: lead.visit_count,
        call_count: lead.call_count,
        last_interaction_at: lead.last_interaction_at.and_utc(),
        last_contact_channel: lead.last_contact_channel,
        protected_until: lead.protected_until.and_utc(),
        next_follow_up_at: lead.next_follow_up_at.map(|t| t.and_utc()),
        next_purpose: lead.next_purpose,
        completeness: lead.completeness,
        version: lead.version,
        created_at: lead.created_at.and_utc(),
        updated_at: lead.updated_at.and_utc(),
    }
}

/// Field-by-field changes between two profiles for the audit trail; the phone is masked
/// and the ID number appears only as "changed".
pub(crate) fn profile_changes(
    before: &super::model::LeadProfile,
    after: &super::model::LeadProfile,
    mut entry: crate::audit::Entry,
) -> crate::audit::Entry {
    let (Ok(serde_json::Value::Object(old)), Ok(serde_json::Value::Object(new))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return entry;
    };
    for (field, new_value) in &new {
        let old_value = old.get(field).cloned().unwrap_or_default();
        if &old_value == new_value || field == "phone_tail" || field == "completeness" {
            continue;
        }
        entry = match field.as_str() {
            "phone" => entry.change("phone", phone::mask(&before.phone), phone::mask(&after.phone)),
            "id_number_masked" => entry.redacted("id_number"),
            _ => entry.change(field, old_value, new_value.clone()),
        };
    }
    entry
}
