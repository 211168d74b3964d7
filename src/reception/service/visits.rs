//! Registering a visit (来访登记) and the server's verdict on it (判客), and a manager's
//! assignment of a visit that waited. Every step runs with the project row locked (the
//! rotation's lock), so two visitors registered at the same moment are judged and served
//! one after the other: never the same salesperson from one turn, and one phone registered
//! twice at once makes one lead.
//!
//! A visitor goes to someone only with a lead: the lead is created (new), handed over
//! (pool, reported), or kept (returning), attributed to the reporting channel, and the
//! visit is recorded as its visit follow-up — counted once. A visit nobody receives yet
//! waits with `assigned_to` null, and all of that happens when a manager assigns it.

use chrono::{Duration, NaiveDateTime};
use uuid::Uuid;

use super::require_desk_role;
use super::rotation::{lock_desk, served_out_of_turn, take_turn, today};
use super::verdict::{self, Facts, Receiver};
use super::visit_list::{view, visible_visit, visit_not_found};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::{Actor, Role};
use crate::channels::service::arrivals::{self, Arrival};
use crate::channels::service::credit::credit;
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::follow_ups;
use crate::leads::model::Lead;
use crate::leads::phone::{self, Phone};
use crate::leads::service::desk::{self, Attribution, Newcomer};
use crate::leads::service::LeadRules;
use crate::projects::model::ProtectionRow;
use crate::projects::service as project_rules;
use crate::reception::dto::{AssignVisitRequest, RegisterVisitRequest, VisitView};
use crate::reception::model::{Settled, Visit};
use crate::reception::{CameWith, Verdict};
use crate::scope;
use crate::words::SourceChannel;

/// How far in the future an arrival may be dated (phones' clocks drift), and how late the
/// desk may register one.
const CLOCK_SKEW: Duration = Duration::minutes(5);
const LATEST_REGISTRATION: Duration = Duration::hours(24);

/// What the desk's rules need from the settings.
pub struct DeskRules<'a> {
    /// The server's lead rules (protection default, cipher).
    pub leads: LeadRules<'a>,
    /// The default of every project's `lead_protection_days`.
    pub default_days: i32,
}

/// A registration, checked.
struct Checked {
    phone: Phone,
    name: Option<String>,
    party_size: i32,
    arrived_at: NaiveDateTime,
    referrer: Option<Phone>,
    note: Option<String>,
}

fn check(input: &RegisterVisitRequest, now: NaiveDateTime) -> ApiResult<Checked> {
    let phone = Phone::parse(&input.phone).map_err(|m| ApiError::invalid_field("lead.invalid_phone", "phone", m))?;
    let mut errors = Vec::new();
    let name = input.name.as_deref().map(str::trim).map(str::to_owned);
    if name.as_deref().is_some_and(str::is_empty) {
        errors.push(FieldError::new("name", "must not be blank"));
    }
    let arrived_at = input.arrived_at.map_or(now, |t| t.naive_utc());
    if arrived_at > now + CLOCK_SKEW {
        errors.push(FieldError::new("arrived_at", "must not be in the future"));
    } else if arrived_at < now - LATEST_REGISTRATION {
        errors.push(FieldError::new("arrived_at", "must be within the last 24 hours"));
    }
    let referrer = match (&input.referrer_phone, input.came_with) {
        (Some(raw), CameWith::Referral) => match Phone::parse(raw) {
            Ok(phone) => Some(phone),
            Err(message) => {
                errors.push(FieldError::new("referrer_phone", message));
                None
            }
        },
        (None, CameWith::Referral) => {
            errors.push(FieldError::new("referrer_phone", "is required when came_with is referral"));
            None
        }
        (Some(_), _) => {
            errors.push(FieldError::new("referrer_phone", "is only for came_with referral"));
            None
        }
        (None, _) => None,
    };
    if input.report_id.is_some() && input.came_with != CameWith::ChannelReport {
        errors.push(FieldError::new("report_id", "is only for came_with channel_report"));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let note = input.note.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
    Ok(Checked { phone, name, party_size: input.party_size.unwrap_or(1), arrived_at, referrer, note })
}

/// `POST /projects/{id}/visits`: the desk, a salesperson or a manager of the project.
pub fn register(
    conn: &mut Conn,
    actor: &Actor,
    rules: &DeskRules<'_>,
    project_id: Uuid,
    input: RegisterVisitRequest,
) -> ApiResult<VisitView> {
    require_desk_role(actor)?;
    scope::require_project(conn, actor, project_id)?;
    let project = Id(project_id);
    let checked = check(&input, db::now())?;
    let referrer = match &checked.referrer {
        None => None,
        Some(phone) => Some(desk::signed_buyer(conn, project, phone)?.ok_or_else(|| {
            ApiError::validation(vec![FieldError::new(
                "referrer_phone",
                "must be the phone of a signed buyer of the project",
            )])
        })?),
    };
    let leads_rules = rules.leads.in_project(conn, project)?;
    db::transaction(conn, |conn| {
        lock_desk(conn, project)?;
        let now = db::now();
        let protection = project_rules::rules(conn, project, rules.default_days)?;
        let day = today(conn, project, now)?;
        let lead = desk::lock_by_phone(conn, project, &checked.phone)?;
        let arrival = arrivals::matching_report(conn, project, &checked.phone, input.report_id, now)?;
        let verdict = verdict::judge(Facts {
            lead_protected: lead.as_ref().map(|l| l.protected_until > now),
            valid_report: arrival.is_some(),
        });
        let arrival = arrival.filter(|_| verdict == Verdict::Reported);
        let name = checked.name.clone().or_else(|| arrival.as_ref().map(|a| a.report.customer_name.clone()));
        if lead.is_none() && name.is_none() {
            return Err(ApiError::validation(vec![FieldError::new(
                "name",
                "is required: the visitor is new to the project",
            )]));
        }
        let receiver = match verdict::receiver(verdict, actor.role == Role::Sales, protection.rotation_enabled) {
            Receiver::Owner => lead.as_ref().map(|l| l.owner_id),
            Receiver::Registrant => {
                served_out_of_turn(conn, project, day, Id(actor.id), now)?;
                Some(Id(actor.id))
            }
            Receiver::Rotation => take_turn(conn, project, day, now)?,
            Receiver::Waiting => None,
        };
        let mut visit = Visit {
            id: Id::new(),
            project_id: project,
            phone: checked.phone.as_str().to_owned(),
            phone_mask: phone::mask(checked.phone.as_str()),
            name,
            party_size: checked.party_size,
            came_with: input.came_with,
            verdict,
            lead_id: lead.as_ref().map(|l| l.id),
            assigned_to: None,
            report_id: arrival.as_ref().map(|a| a.report.id),
            referrer_lead_id: referrer,
            follow_up_id: None,
            first_visit: lead.as_ref().is_none_or(|l| l.visit_count == 0),
            arrived_at: checked.arrived_at,
            registered_by: Id(actor.id),
            note: checked.note.clone(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        if let Some(arrival) = &arrival {
            arrivals::mark_arrived(conn, actor, &arrival.report, visit.lead_id, visit.arrived_at, now)?;
        }
        if let Some(receiver) = receiver {
            let settled =
                settle(conn, actor, &leads_rules, &protection, &visit, lead.as_ref(), arrival.as_ref(), receiver)?;
            visit.assigned_to = Some(settled.assigned_to);
            visit.lead_id = Some(settled.lead_id);
            visit.follow_up_id = Some(settled.follow_up_id);
        }
        visit.insert(conn)?;
        let entry = Entry::new(AuditAction::VisitRegister, visit.id.0)
            .project(project_id)
            .set("phone", &visit.phone_mask)
            .set("came_with", visit.came_with)
            .set("verdict", visit.verdict)
            .set("first_visit", visit.first_visit)
            .set("lead_id", visit.lead_id.map(|l| l.0))
            .set("assigned_to", visit.assigned_to.map(|u| u.0))
            .set("report_id", visit.report_id.map(|r| r.0));
        audit::record(conn, actor.into(), entry)?;
        view(conn, visit)
    })
}

/// The source of a lead the desk creates.
fn source_of(visit: &Visit, arrival: Option<&Arrival>) -> SourceChannel {
    match (arrival, visit.came_with) {
        (Some(arrival), _) => arrival.source_channel(),
        (None, CameWith::Referral) => SourceChannel::Referral,
        (None, _) => SourceChannel::WalkIn,
    }
}

/// The follow-up's text: what the desk saw.
fn visit_content(visit: &Visit) -> String {
    let mut content = format!("来访登记：{} 人到访", visit.party_size);
    if let Some(note) = &visit.note {
        content.push('。');
        content.push_str(note);
    }
    content
}

/// The visit's phone, as it was checked when registered.
fn stored_phone(visit: &Visit) -> ApiResult<Phone> {
    Phone::parse(&visit.phone).map_err(|m| ApiError::invalid_field("lead.invalid_phone", "phone", m))
}

/// Gives the visitor to `receiver`: the lead created, handed over or kept, attributed to
/// the reporting channel, and the visit recorded as its follow-up.
#[allow(clippy::too_many_arguments)]
fn settle(
    conn: &mut Conn,
    actor: &Actor,
    leads_rules: &LeadRules<'_>,
    protection: &ProtectionRow,
    visit: &Visit,
    lead: Option<&Lead>,
    arrival: Option<&Arrival>,
    receiver: Id,
) -> ApiResult<Settled> {
    let now = db::now();
    let lead_id = match lead {
        Some(lead) => {
            desk::give(conn, actor, leads_rules.protection, lead, receiver, visit.id.0)?;
            lead.id
        }
        None => {
            let phone = stored_phone(visit)?;
            let newcomer = Newcomer {
                project_id: visit.project_id.0,
                owner_id: receiver.0,
                name: visit.name.as_deref().unwrap_or_default(),
                phone: &phone,
                source_channel: source_of(visit, arrival),
                channel_detail: arrival.map(|a| a.channel.name.as_str()),
                referrer: visit.referrer_lead_id,
            };
            desk::register_newcomer(conn, actor, leads_rules, &newcomer)?
        }
    };
    if let Some(arrival) = arrival {
        let lead = Lead::find_live(conn, lead_id)?.ok_or_else(crate::scope::lead_not_found)?;
        let attribution = Attribution {
            channel_id: arrival.channel.id,
            report_id: arrival.report.id,
            source_channel: arrival.source_channel(),
            channel_name: &arrival.channel.name,
            until: now + Duration::days(i64::from(protection.arrival_protection_days)),
            // The broker's buyer from this arrival on (a newcomer's registration included).
            credit_from: Some(now),
        };
        credit(conn, actor, &lead, &attribution)?;
        arrivals::link_lead(conn, arrival.report.id, lead_id, now)?;
    }
    // The lead as the hand-over and attribution left it, for the follow-up's effects.
    let lead = Lead::find_live(conn, lead_id)?.ok_or_else(crate::scope::lead_not_found)?;
    let contact = follow_ups::service::DeskVisit {
        received_by: receiver,
        happened_at: visit.arrived_at,
        content: visit_content(visit),
    };
    let follow_up_id = follow_ups::service::record_visit(conn, actor, &lead, leads_rules.protection, contact)?;
    Ok(Settled { assigned_to: receiver, lead_id, follow_up_id })
}

/// `POST /visits/{id}/assign` (the project's managers): a waiting visitor goes to the
/// salesperson named, who — on duty — goes to the end of the queue as for any walk-in.
pub fn assign(
    conn: &mut Conn,
    actor: &Actor,
    rules: &DeskRules<'_>,
    visit_id: Uuid,
    input: AssignVisitRequest,
) -> ApiResult<VisitView> {
    let found = visible_visit(conn, actor, visit_id)?;
    scope::require_project_manager(conn, actor, found.project_id.0)?;
    desk::check_receiver(conn, found.project_id, input.user_id, "user_id")?;
    let project = found.project_id;
    let leads_rules = rules.leads.in_project(conn, project)?;
    db::transaction(conn, |conn| {
        lock_desk(conn, project)?;
        let visit = Visit::find(conn, Id(visit_id))?.ok_or_else(visit_not_found)?;
        if visit.assigned_to.is_some() {
            return Err(ApiError::conflict("visit.already_assigned", "This visit already went to a salesperson."));
        }
        let now = db::now();
        let receiver = Id(input.user_id);
        // A new buyer waiting may have been registered since, by the desk or a salesperson:
        // the lead of the phone now, if any, is the one to give.
        let lead = match visit.lead_id {
            Some(id) => Some(Lead::lock_live(conn, id)?.ok_or_else(crate::scope::lead_not_found)?),
            None => desk::lock_by_phone(conn, project, &stored_phone(&visit)?)?,
        };
        if lead.as_ref().is_some_and(|l| l.protected_until > now && l.owner_id != receiver) {
            return Err(ApiError::conflict(
                "visit.lead_protected",
                "The visitor's lead is under its owner's protection again since the visit was registered.",
            ));
        }
        let arrival = match visit.report_id {
            Some(id) => arrivals::report(conn, id)?,
            None => None,
        };
        let protection = project_rules::rules(conn, project, rules.default_days)?;
        let day = today(conn, project, now)?;
        served_out_of_turn(conn, project, day, receiver, now)?;
        let settled =
            settle(conn, actor, &leads_rules, &protection, &visit, lead.as_ref(), arrival.as_ref(), receiver)?;
        if !visit.settle(conn, settled, now)? {
            return Err(ApiError::conflict("visit.already_assigned", "This visit already went to a salesperson."));
        }
        audit::record(
            conn,
            actor.into(),
            Entry::new(AuditAction::VisitAssign, visit_id)
                .project(project.0)
                .set("assigned_to", input.user_id)
                .set("lead_id", settled.lead_id.0),
        )?;
        let visit = Visit::find(conn, Id(visit_id))?.ok_or_else(visit_not_found)?;
        view(conn, visit)
    })
}
