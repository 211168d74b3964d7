//! Reading a personal-data field in clear, with a stated purpose that is audited.

use uuid::Uuid;

use super::{visible_lead, LeadRules};
use crate::audit::{self, AuditAction, Entry};
use crate::auth::Actor;
use crate::db::{self, Conn};
use crate::error::{ApiError, ApiResult};
use crate::leads::dto::{RevealRequest, RevealedValue};
use crate::scope::LeadRights;
use crate::words::RevealField;

/// `POST /leads/{id}/reveal`: the owner and managers; every reveal is audited with its purpose.
pub fn reveal(
    conn: &mut Conn,
    actor: &Actor,
    rules: &LeadRules<'_>,
    id: Uuid,
    input: RevealRequest,
) -> ApiResult<RevealedValue> {
    let lead = visible_lead(conn, actor, id)?;
    let allowed = LeadRights::within_scope(actor, lead.owner_id.0) >= LeadRights::Owner;
    if !allowed {
        return Err(ApiError::forbidden(
            "lead.reveal_forbidden",
            "Only the owner and managers may reveal personal data.",
        ));
    }
    let value = match input.field {
        RevealField::Phone => lead.phone.clone(),
        RevealField::IdNumber => {
            let sealed = lead
                .id_number_cipher
                .as_deref()
                .ok_or_else(|| ApiError::not_found("lead.no_id_number", "No ID number is recorded for this lead."))?;
            rules.cipher.decrypt(sealed).ok_or_else(|| {
                ApiError::internal(anyhow::anyhow!("an ID number does not decrypt with the configured data key"))
            })?
        }
    };
    db::transaction(conn, |conn| {
        audit::record(
            conn,
            actor.into(),
            Entry::new(AuditAction::LeadReveal, id)
                .project(lead.project_id.0)
                .note("field", input.field)
                .note("purpose", input.purpose.trim()),
        )
    })?;
    Ok(RevealedValue { field: input.field, value })
}
