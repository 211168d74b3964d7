//! Registering a lead, and asking whether a phone is already held (撞单).

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use std::collections::HashMap;
use uuid::Uuid;

use super::{display_names, view_one, LeadRules};
use crate::audit::{self, AuditAction, Entry, Who};
use crate::auth::{Actor, Role};
use crate::db::{self, Conn, Id};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::grading::{self, GradeCause};
use crate::leads::dto::{CheckDuplicateRequest, CreateLeadRequest, DuplicateCheck, LeadView};
use crate::leads::model::{self, Lead, LeadProfile, NewLeadKeys};
use crate::leads::{phone, profile};
use crate::schema::{project_members, users};
use crate::scope;

/// 409 `lead.duplicate_phone`, naming only who holds the phone and until when.
pub(crate) fn duplicate(conn: &mut Conn, project_id: Id, phone: &str) -> ApiResult<ApiError> {
    let holder = Lead::find_by_phone(conn, project_id, phone)?;
    let (owner, until) = match holder {
        Some(lead) => (display_names(conn, [lead.owner_id])?.remove(&lead.owner_id), Some(lead.protected_until)),
        None => (None, None),
    };
    Ok(ApiError::conflict("lead.duplicate_phone", "A lead with this phone is already registered in the project.")
        .with_extension("owner_display_name", owner)
        .with_extension("protected_until", until.map(|t| t.and_utc())))
}

const NOT_AN_OWNER: &str = "must be an active salesperson or manager of the project";

/// Whether `owner` may be given leads in the project: an active member whose role takes
/// leads (`Role::may_be_given_leads`).
fn may_own(conn: &mut Conn, project_id: Uuid, owner: Uuid) -> ApiResult<bool> {
    let found: Option<(Role, crate::auth::UserStatus)> = users::table
        .inner_join(project_members::table)
        .filter(users::id.eq(Id(owner)))
        .filter(project_members::project_id.eq(Id(project_id)))
        .select((users::role, users::status))
        .first(conn)
        .optional()?;
    Ok(matches!(found, Some((role, crate::auth::UserStatus::Active)) if role.may_be_given_leads()))
}

/// 422 on `field` unless `owner` may own leads in the project.
pub(crate) fn check_owner(conn: &mut Conn, project_id: Uuid, owner: Uuid, field: &str) -> ApiResult<()> {
    if may_own(conn, project_id, owner)? {
        Ok(())
    } else {
        Err(ApiError::validation(vec![FieldError::new(field, NOT_AN_OWNER)]))
    }
}

/// Inserts a lead inside a savepoint, so that a duplicate phone is answered without
/// spoiling the caller's transaction. `Ok(None)` means the phone is already held.
pub(crate) fn insert_or_duplicate(conn: &mut Conn, keys: &NewLeadKeys, profile: &LeadProfile) -> ApiResult<Option<()>> {
    let inserted = db::transaction(conn, |conn| model::insert(conn, keys, profile));
    match inserted {
        Ok(()) => Ok(Some(())),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(None),
        Err(other) => Err(other.into()),
    }
}

/// What creating one lead needs beyond its profile.
pub(crate) struct Placement {
    pub project_id: Uuid,
    pub owner_id: Uuid,
    pub referrer: Option<Uuid>,
}

/// Decides the owner and checks the referrer of a lead in a project the actor reaches.
/// Shared with the import, which keeps `checked_owners` across its rows so each named
/// owner is looked up once.
pub(crate) fn place(
    conn: &mut Conn,
    actor: &Actor,
    project_id: Uuid,
    owner: Option<Uuid>,
    referrer: Option<Uuid>,
    checked_owners: &mut HashMap<Uuid, bool>,
) -> ApiResult<Placement> {
    let refuse = |field: &str, message: &str| Err(ApiError::validation(vec![FieldError::new(field, message)]));
    let owner_id = match owner.filter(|o| *o != actor.id) {
        None if matches!(actor.role, Role::Integration | Role::Client) => {
            return refuse("owner_id", "integrations must name the owner (a salesperson of the project)")
        }
        None => actor.id,
        Some(_) if actor.role == Role::Sales => return refuse("owner_id", "salespeople register leads for themselves"),
        Some(other) => {
            let eligible = match checked_owners.get(&other) {
                Some(known) => *known,
                None => {
                    let eligible = may_own(conn, project_id, other)?;
                    checked_owners.insert(other, eligible);
                    eligible
                }
            };
            if !eligible {
                return refuse("owner_id", NOT_AN_OWNER);
            }
            other
        }
    };
    if let Some(referrer) = referrer {
        if Lead::find_live(conn, Id(referrer))?.is_none_or(|l| l.project_id.0 != project_id) {
            return refuse("referrer_lead_id", "must be a lead of the same project");
        }
    }
    Ok(Placement { project_id, owner_id, referrer })
}

/// Inserts a placed, valid lead with its consent history and audit event.
/// `Ok(None)`: the phone is already held in the project.
pub(crate) fn insert_lead(
    conn: &mut Conn,
    actor: &Actor,
    rules: &LeadRules<'_>,
    placement: &Placement,
    profile: &LeadProfile,
) -> ApiResult<Option<Id>> {
    let now = db::now();
    let id = Id::new();
    let keys = NewLeadKeys {
        id,
        project_id: Id(placement.project_id),
        owner_id: Id(placement.owner_id),
        created_by: Id(actor.id),
        referrer_lead_id: placement.referrer.map(Id),
        last_interaction_at: now,
        protected_until: now + rules.protection,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    if insert_or_duplicate(conn, &keys, profile)?.is_none() {
        return Ok(None);
    }
    if profile.consent_at.is_some() {
        model::record_consent(
            conn,
            id,
            profile.marketing_consent,
            profile.consent_channel.as_deref(),
            Some(Id(actor.id)),
            now,
        )?;
    }
    let mut entry = Entry::new(AuditAction::LeadCreate, id.0)
        .project(placement.project_id)
        .set("name", &profile.name)
        .set("phone", phone::mask(&profile.phone))
        .set("source_channel", profile.source_channel)
        .set("owner_id", placement.owner_id);
    if profile.id_number_hash.is_some() {
        entry = entry.redacted("id_number");
    }
    audit::record(conn, Who::from(actor), entry)?;
    Ok(Some(id))
}

/// `POST /leads`.
pub fn create(conn: &mut Conn, actor: &Actor, rules: &LeadRules<'_>, input: CreateLeadRequest) -> ApiResult<LeadView> {
    crate::scope::require_lead_worker(actor)?;
    scope::require_project(conn, actor, input.project_id)?;
    let placement = place(conn, actor, input.project_id, input.owner_id, input.referrer_lead_id, &mut HashMap::new())?;
    let profile = profile::from_create(&input, rules.cipher, db::now())?;
    let rules = &rules.in_project(conn, Id(input.project_id))?;
    db::transaction(conn, |conn| match insert_lead(conn, actor, rules, &placement, &profile)? {
        Some(id) => {
            grading::service::regrade(conn, id, GradeCause::Created, &Who::from(actor))?;
            let lead = Lead::find_live(conn, id)?.ok_or_else(super::lead_not_found)?;
            view_one(conn, actor, lead)
        }
        None => Err(duplicate(conn, Id(placement.project_id), &profile.phone)?),
    })
}

/// `POST /leads/check-duplicate`: whether the phone is held, by whom and until when.
pub fn check_duplicate(conn: &mut Conn, actor: &Actor, input: CheckDuplicateRequest) -> ApiResult<DuplicateCheck> {
    crate::scope::require_lead_worker(actor)?;
    scope::require_project(conn, actor, input.project_id)?;
    let phone = phone::Phone::parse(&input.phone)
        .map_err(|message| ApiError::invalid_field("lead.invalid_phone", "phone", message))?;
    let Some(lead) = Lead::find_by_phone(conn, Id(input.project_id), phone.as_str())? else {
        return Ok(DuplicateCheck { exists: false, owner_display_name: None, protected_until: None });
    };
    let owner = display_names(conn, [lead.owner_id])?.remove(&lead.owner_id);
    Ok(DuplicateCheck {
        exists: true,
        owner_display_name: owner,
        protected_until: Some(lead.protected_until.and_utc()),
    })
}
