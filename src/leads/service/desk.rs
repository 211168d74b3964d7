//! What the front desk does to leads. Reception decides (the verdict, the rotation) and
//! calls these, which own the writes: a visitor new to the project becomes a lead of the
//! salesperson chosen for them, a lapsed lead goes to them (a change of owner, audited),
//! and a reported buyer is attributed to the channel that brought them. The desk itself
//! never sees a profile; these answer ids.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

use super::create::{check_owner, duplicate, insert_lead, Placement};
use super::ownership::reassign;
use super::LeadRules;
use crate::audit::{self, AuditAction, Entry, Who};
use crate::auth::Actor;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::grading::{self, GradeCause};
use crate::labels;
use crate::leads::model::LeadProfile;
use crate::leads::model::{Lead, StatusMove};
use crate::leads::phone::Phone;
use crate::leads::profile;
use crate::schema::leads;
use crate::words::{ChannelCredit, LeadStatus, SourceChannel};

/// A buyer the desk registers for the first time.
pub struct Newcomer<'a> {
    pub project_id: Uuid,
    pub owner_id: Uuid,
    pub name: &'a str,
    pub phone: &'a Phone,
    pub source_channel: SourceChannel,
    /// The channel's name for a reported buyer.
    pub channel_detail: Option<&'a str>,
    /// The signed buyer who brought them (老带新).
    pub referrer: Option<Id>,
}

/// Creates the lead of a newcomer, graded and audited as any new lead; 409
/// `lead.duplicate_phone` if the phone was registered meanwhile.
pub fn register_newcomer(
    conn: &mut Conn,
    actor: &Actor,
    rules: &LeadRules<'_>,
    newcomer: &Newcomer<'_>,
) -> ApiResult<Id> {
    let profile = at_the_desk(newcomer.name, newcomer.phone, newcomer.source_channel, newcomer.channel_detail)?;
    let placement = Placement {
        project_id: newcomer.project_id,
        owner_id: newcomer.owner_id,
        referrer: newcomer.referrer.map(|r| r.0),
    };
    let Some(id) = insert_lead(conn, actor, rules, &placement, &profile)? else {
        return Err(duplicate(conn, Id(newcomer.project_id), newcomer.phone.as_str())?);
    };
    grading::service::regrade(conn, id, GradeCause::Created, &Who::from(actor))?;
    Ok(id)
}

/// 422 on `field` unless `user` may receive the project's buyers: an active salesperson
/// or manager of it.
pub fn check_receiver(conn: &mut Conn, project_id: Id, user: Uuid, field: &str) -> ApiResult<()> {
    check_owner(conn, project_id.0, user, field)
}

/// Gives a lapsed lead to the salesperson the desk chose (`lead.assign`, the owner's change
/// in the audit trail); nothing when they hold it already. 409 `lead.owner_changed` when
/// someone took it since it was read.
pub fn give(
    conn: &mut Conn,
    actor: &Actor,
    protection: Duration,
    lead: &Lead,
    to: Id,
    visit_id: Uuid,
) -> ApiResult<()> {
    if lead.owner_id == to {
        return Ok(());
    }
    if !reassign(conn, protection, lead.id, lead.owner_id, to)? {
        return Err(ApiError::conflict(
            "lead.owner_changed",
            "The lead changed hands meanwhile; reload and try again.",
        ));
    }
    audit::record(
        conn,
        actor.into(),
        Entry::new(AuditAction::LeadAssign, lead.id.0)
            .project(lead.project_id.0)
            .change("owner_id", lead.owner_id.0, to.0)
            .set("visit_id", visit_id),
    )?;
    Ok(())
}

/// A channel's claim on a buyer who arrived on its report.
pub struct Attribution<'a> {
    pub channel_id: Id,
    pub report_id: Id,
    pub source_channel: SourceChannel,
    pub channel_name: &'a str,
    pub until: NaiveDateTime,
    /// From when the buyer's recorded facts are the channel's too (`None`: the whole record,
    /// as when an appeal is upheld; the arrival's instant when a broker brings a buyer in).
    pub credit_from: Option<NaiveDateTime>,
}

impl Attribution<'_> {
    /// The channel the lead's facts are credited to.
    pub fn credit(&self) -> ChannelCredit {
        ChannelCredit { source_channel: self.source_channel, channel_id: Some(self.channel_id) }
    }
}

/// Attributes the lead to the channel (`lead.attribute`): source, channel, report, and
/// the channel's protection window; its status moves from `credit_from` on are credited to
/// the channel (the modules that keep the lead's other facts credit theirs beside this).
pub fn attribute(conn: &mut Conn, actor: &Actor, lead: &Lead, attribution: &Attribution<'_>) -> ApiResult<()> {
    let now = db::now();
    diesel::update(leads::table.find(lead.id))
        .set((
            leads::source_channel.eq(attribution.source_channel),
            leads::channel_detail.eq(attribution.channel_name),
            leads::channel_id.eq(attribution.channel_id),
            leads::report_id.eq(attribution.report_id),
            leads::channel_protected_until.eq(attribution.until),
            leads::version.eq(leads::version + 1),
            leads::updated_at.eq(now),
        ))
        .execute(conn)?;
    StatusMove::reattribute(conn, lead.id, attribution.credit_from, attribution.credit())?;
    audit::record(
        conn,
        actor.into(),
        Entry::new(AuditAction::LeadAttribute, lead.id.0)
            .project(lead.project_id.0)
            .change("source_channel", lead.source_channel, attribution.source_channel)
            .change("channel_id", lead.channel_id.map(|c| c.0), Some(attribution.channel_id.0))
            .set("report_id", attribution.report_id.0)
            .set("channel_protected_until", attribution.until.and_utc())
            .set("credited_from", attribution.credit_from.map(|at| at.and_utc())),
    )?;
    Ok(())
}

/// The live lead of the project with this phone, locked for the visit's changes.
pub fn lock_by_phone(conn: &mut Conn, project_id: Id, phone: &Phone) -> ApiResult<Option<Lead>> {
    let Some(found) = Lead::find_by_phone(conn, project_id, phone.as_str())? else {
        return Ok(None);
    };
    Ok(Lead::lock_live(conn, found.id)?)
}

/// The signed buyer of the project with this phone: who may refer (老带新).
pub fn signed_buyer(conn: &mut Conn, project_id: Id, phone: &Phone) -> ApiResult<Option<Id>> {
    Ok(Lead::find_by_phone(conn, project_id, phone.as_str())?.filter(|l| l.status == LeadStatus::Signed).map(|l| l.id))
}

/// The profile of a buyer the desk registers: what the desk knows (a name, the phone, how
/// they came), the rest for their salesperson to fill in.
fn at_the_desk(
    name: &str,
    phone: &Phone,
    source_channel: SourceChannel,
    channel_detail: Option<&str>,
) -> Result<LeadProfile, ApiError> {
    let name = name.trim().to_owned();
    if name.is_empty() {
        return Err(ApiError::validation(vec![FieldError::new("name", "must not be blank")]));
    }
    let profile = LeadProfile {
        name,
        phone_tail: phone.tail().to_owned(),
        phone: phone.as_str().to_owned(),
        wechat_id: None,
        gender: None,
        age_band: None,
        birthday: None,
        occupation: None,
        family_structure: None,
        residence_district: None,
        work_district: None,
        source_channel,
        channel_detail: channel_detail.map(str::to_owned),
        budget_min_fen: None,
        budget_max_fen: None,
        down_payment_fen: None,
        intended_layouts: labels::clean("intended_layouts", &[], &mut Vec::new()),
        area_min_sqm: None,
        area_max_sqm: None,
        purpose: None,
        expected_move_in: None,
        decision_maker: None,
        decision_cycle_days: None,
        concerns: labels::clean("concerns", &[], &mut Vec::new()),
        doubts: None,
        tags: labels::clean("tags", &[], &mut Vec::new()),
        id_number_cipher: None,
        id_number_hash: None,
        id_number_masked: None,
        marketing_consent: false,
        consent_channel: None,
        consent_at: None,
        status: LeadStatus::New,
        lost_reason: None,
        completeness: 0,
    };
    profile::finish(profile, Vec::new())
}
