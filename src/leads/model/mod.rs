//! Diesel structs of leads and consent history.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::lifecycle::{self, StatusCause};

mod lookups;
mod status_moves;
use crate::db::{Conn, Id};
use crate::schema::{lead_consents, leads};
use crate::words::{AgeBand, Gender, Grade, LeadStatus, LostReason, Purpose, SourceChannel};
use crate::words::{Channel, ContactPurpose};
pub use status_moves::{HeldBy, StatusMove};

/// A stored lead. Lists are JSON text (`intended_layouts`, `concerns`, `tags`).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = leads)]
pub struct Lead {
    pub id: Id,
    pub project_id: Id,
    pub owner_id: Id,
    pub created_by: Id,
    pub name: String,
    pub phone: String,
    pub phone_tail: String,
    pub wechat_id: Option<String>,
    pub gender: Option<Gender>,
    pub age_band: Option<AgeBand>,
    pub birthday: Option<NaiveDate>,
    pub occupation: Option<String>,
    pub family_structure: Option<String>,
    pub residence_district: Option<String>,
    pub work_district: Option<String>,
    pub source_channel: SourceChannel,
    pub channel_detail: Option<String>,
    pub referrer_lead_id: Option<Id>,
    pub budget_min_fen: Option<i64>,
    pub budget_max_fen: Option<i64>,
    pub down_payment_fen: Option<i64>,
    pub intended_layouts: String,
    pub area_min_sqm: Option<f64>,
    pub area_max_sqm: Option<f64>,
    pub purpose: Option<Purpose>,
    pub expected_move_in: Option<NaiveDate>,
    pub decision_maker: Option<String>,
    pub decision_cycle_days: Option<i32>,
    pub concerns: String,
    pub doubts: Option<String>,
    pub tags: String,
    pub id_number_cipher: Option<Vec<u8>>,
    pub id_number_hash: Option<String>,
    pub id_number_masked: Option<String>,
    pub marketing_consent: bool,
    pub consent_channel: Option<String>,
    pub consent_at: Option<NaiveDateTime>,
    pub status: LeadStatus,
    pub lost_reason: Option<LostReason>,
    pub grade: Option<Grade>,
    pub visit_count: i32,
    pub call_count: i32,
    pub show_flat_visits: i32,
    pub last_interaction_at: NaiveDateTime,
    pub protected_until: NaiveDateTime,
    pub next_follow_up_at: Option<NaiveDateTime>,
    pub completeness: i32,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub next_purpose: Option<ContactPurpose>,
    pub last_contact_channel: Option<Channel>,
    pub decision_maker_visited: bool,
    pub channel_id: Option<Id>,
    pub report_id: Option<Id>,
    pub channel_protected_until: Option<NaiveDateTime>,
    /// Its first visit ever (kept by the follow-up that made it; the reports read it).
    pub first_visit_at: Option<NaiveDateTime>,
}

/// The columns of a lead that a list shows (the summary of `GET /leads`): a page
/// decodes and sends these, not the whole profile.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = leads)]
pub struct LeadListing {
    pub id: Id,
    pub project_id: Id,
    pub owner_id: Id,
    pub name: String,
    pub phone: String,
    pub gender: Option<Gender>,
    pub source_channel: SourceChannel,
    pub budget_min_fen: Option<i64>,
    pub budget_max_fen: Option<i64>,
    pub intended_layouts: String,
    pub tags: String,
    pub status: LeadStatus,
    pub grade: Option<Grade>,
    pub visit_count: i32,
    pub call_count: i32,
    pub last_interaction_at: NaiveDateTime,
    pub last_contact_channel: Option<Channel>,
    pub protected_until: NaiveDateTime,
    pub next_follow_up_at: Option<NaiveDateTime>,
    pub next_purpose: Option<ContactPurpose>,
    pub completeness: i32,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Where a lead stands with its buyer: what contacts (follow-ups) and later flows
/// change, never a salesperson's edit.
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = leads, treat_none_as_null = true)]
pub struct LeadActivity {
    pub status: LeadStatus,
    pub visit_count: i32,
    pub call_count: i32,
    pub show_flat_visits: i32,
    pub last_interaction_at: NaiveDateTime,
    pub last_contact_channel: Option<Channel>,
    pub next_follow_up_at: Option<NaiveDateTime>,
    pub next_purpose: Option<ContactPurpose>,
    pub protected_until: NaiveDateTime,
    /// The decision maker came on a visit (a grading factor).
    pub decision_maker_visited: bool,
    /// The first visit ever: 新访 for the daily report, "visited" for the funnel.
    pub first_visit_at: Option<NaiveDateTime>,
}

/// The profile fields a salesperson edits; shared by inserts and updates so the two can
/// never disagree about what a lead is made of.
#[derive(Debug, Clone, Insertable, AsChangeset, serde::Serialize)]
#[diesel(table_name = leads, treat_none_as_null = true)]
pub struct LeadProfile {
    pub name: String,
    pub phone: String,
    pub phone_tail: String,
    pub wechat_id: Option<String>,
    pub gender: Option<Gender>,
    pub age_band: Option<AgeBand>,
    pub birthday: Option<NaiveDate>,
    pub occupation: Option<String>,
    pub family_structure: Option<String>,
    pub residence_district: Option<String>,
    pub work_district: Option<String>,
    pub source_channel: SourceChannel,
    pub channel_detail: Option<String>,
    pub budget_min_fen: Option<i64>,
    pub budget_max_fen: Option<i64>,
    pub down_payment_fen: Option<i64>,
    pub intended_layouts: String,
    pub area_min_sqm: Option<f64>,
    pub area_max_sqm: Option<f64>,
    pub purpose: Option<Purpose>,
    pub expected_move_in: Option<NaiveDate>,
    pub decision_maker: Option<String>,
    pub decision_cycle_days: Option<i32>,
    pub concerns: String,
    pub doubts: Option<String>,
    pub tags: String,
    /// Never serialized: the audit diff sees only the masked form.
    #[serde(skip)]
    pub id_number_cipher: Option<Vec<u8>>,
    #[serde(skip)]
    pub id_number_hash: Option<String>,
    pub id_number_masked: Option<String>,
    pub marketing_consent: bool,
    pub consent_channel: Option<String>,
    pub consent_at: Option<NaiveDateTime>,
    pub status: LeadStatus,
    pub lost_reason: Option<LostReason>,
    pub completeness: i32,
}

/// The fields only the system sets when a lead is created.
#[derive(Debug, Insertable)]
#[diesel(table_name = leads)]
pub struct NewLeadKeys {
    pub id: Id,
    pub project_id: Id,
    pub owner_id: Id,
    pub created_by: Id,
    pub referrer_lead_id: Option<Id>,
    pub last_interaction_at: NaiveDateTime,
    pub protected_until: NaiveDateTime,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Lead {
    /// Its activity, to be changed and written back with [`write_activity`].
    pub fn activity(&self) -> LeadActivity {
        LeadActivity {
            status: self.status,
            visit_count: self.visit_count,
            call_count: self.call_count,
            show_flat_visits: self.show_flat_visits,
            last_interaction_at: self.last_interaction_at,
            last_contact_channel: self.last_contact_channel,
            next_follow_up_at: self.next_follow_up_at,
            next_purpose: self.next_purpose,
            protected_until: self.protected_until,
            decision_maker_visited: self.decision_maker_visited,
            first_visit_at: self.first_visit_at,
        }
    }

    /// The profile part of this lead, to be changed and written back.
    pub fn profile(&self) -> LeadProfile {
        LeadProfile {
            name: self.name.clone(),
            phone: self.phone.clone(),
            phone_tail: self.phone_tail.clone(),
            wechat_id: self.wechat_id.clone(),
            gender: self.gender,
            age_band: self.age_band,
            birthday: self.birthday,
            occupation: self.occupation.clone(),
            family_structure: self.family_structure.clone(),
            residence_district: self.residence_district.clone(),
            work_district: self.work_district.clone(),
            source_channel: self.source_channel,
            channel_detail: self.channel_detail.clone(),
            budget_min_fen: self.budget_min_fen,
            budget_max_fen: self.budget_max_fen,
            down_payment_fen: self.down_payment_fen,
            intended_layouts: self.intended_layouts.clone(),
            area_min_sqm: self.area_min_sqm,
            area_max_sqm: self.area_max_sqm,
            purpose: self.purpose,
            expected_move_in: self.expected_move_in,
            decision_maker: self.decision_maker.clone(),
            decision_cycle_days: self.decision_cycle_days,
            concerns: self.concerns.clone(),
            doubts: self.doubts.clone(),
            tags: self.tags.clone(),
            id_number_cipher: self.id_number_cipher.clone(),
            id_number_hash: self.id_number_hash.clone(),
            id_number_masked: self.id_number_masked.clone(),
            marketing_consent: self.marketing_consent,
            consent_channel: self.consent_channel.clone(),
            consent_at: self.consent_at,
            status: self.status,
            lost_reason: self.lost_reason,
            completeness: self.completeness,
        }
    }
}

/// Inserts a lead from its system keys and profile, and its registration: the lead's first
/// status move, kept with who registered it through which channel (what reports count a new
/// lead by, whoever holds it later).
pub fn insert(conn: &mut Conn, keys: &NewLeadKeys, profile: &LeadProfile) -> QueryResult<()> {
    diesel::insert_into(leads::table).values((keys, profile)).execute(conn)?;
    StatusMove {
        lead_id: keys.id,
        moved_at: keys.created_at,
        to_status: profile.status,
        project_id: keys.project_id,
        from_status: None,
        lost_reason: profile.lost_reason,
        owner_id: keys.owner_id,
        source_channel: profile.source_channel,
        channel_id: None,
        grade: None,
    }
    .record(conn)
}

/// Writes a new profile when the stored version is still `expected_version`.
pub fn update_profile(conn: &mut Conn, id: Id, expected_version: i32, profile: &LeadProfile) -> QueryResult<bool> {
    let updated = diesel::update(
        leads::table
            .filter(leads::id.eq(id))
            .filter(leads::version.eq(expected_version))
            .filter(leads::deleted_at.is_null()),
    )
    .set((profile, leads::version.eq(leads::version + 1), leads::updated_at.eq(crate::db::now())))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Moves the lead's status as `cause` dictates ([`lifecycle::after`]): the one writer of
/// the status for the sale's flows. Locks the lead, so racing flows move it one after the
/// other; answers the status it now has. Leaving `lost` clears the lost reason.
pub fn move_status(conn: &mut Conn, id: Id, cause: StatusCause) -> QueryResult<Option<LeadStatus>> {
    crate::db::lock_rows!(conn, leads::table.filter(leads::id.eq(id)).select(leads::id))?;
    let Some(held) = leads::table.find(id).select(HeldBy::as_select()).first::<HeldBy>(conn).optional()? else {
        return Ok(None);
    };
    let from = held.status;
    let Some(to) = lifecycle::after(from, cause) else { return Ok(Some(from)) };
    let now = crate::db::now();
    let lost_reason = if to == LeadStatus::Lost { cause.lost_reason() } else { None };
    diesel::update(leads::table.filter(leads::id.eq(id)))
        .set((
            leads::status.eq(to),
            leads::lost_reason.eq(lost_reason),
            leads::version.eq(leads::version + 1),
            leads::updated_at.eq(now),
        ))
        .execute(conn)?;
    StatusMove { to_status: to, lost_reason, moved_at: now, ..StatusMove::of(&held) }.record(conn)?;
    Ok(Some(to))
}

/// Writes a lead's new activity (the row is locked by [`Lead::lock_live`]), bumping its version.
pub fn write_activity(conn: &mut Conn, id: Id, activity: &LeadActivity) -> QueryResult<i32> {
    diesel::update(leads::table.filter(leads::id.eq(id)))
        .set((activity, leads::version.eq(leads::version + 1), leads::updated_at.eq(crate::db::now())))
        .returning(leads::version)
        .get_result(conn)
}

/// Records a consent given or withdrawn.
pub fn record_consent(
    conn: &mut Conn,
    lead_id: Id,
    granted: bool,
    channel: Option<&str>,
    by: Option<Id>,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(lead_consents::table)
        .values((
            lead_consents::id.eq(Id::new()),
            lead_consents::lead_id.eq(lead_id),
            lead_consents::granted.eq(granted),
            lead_consents::channel.eq(channel),
            lead_consents::recorded_at.eq(at),
            lead_consents::recorded_by.eq(by),
        ))
        .execute(conn)
        .map(|_| ())
}
