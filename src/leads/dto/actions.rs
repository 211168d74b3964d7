//! Bodies of the actions on a lead: the duplicate check, transfer, handover, reveal.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::http::schema_types::MobilePhone;
use crate::words::RevealField;

/// Is this phone already held in the project?
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckDuplicateRequest {
    /// The project.
    pub project_id: Uuid,
    /// The phone, as typed.
    #[schema(value_type = MobilePhone)]
    pub phone: String,
}

/// The answer of a duplicate check: whose it is and until when, nothing more.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DuplicateCheck {
    /// Whether a live lead holds this phone in the project.
    pub exists: bool,
    /// Display name of the salesperson holding it.
    pub owner_display_name: Option<String>,
    /// Until when they hold it (after that it can be claimed from the pool).
    pub protected_until: Option<DateTime<Utc>>,
}

/// Hand a lead to another salesperson.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferRequest {
    /// The new owner, a member of the lead's project.
    pub to_user_id: Uuid,
    /// Why, for the audit trail.
    #[schema(min_length = 2, max_length = 200)]
    pub reason: String,
}

/// Move every lead of a user to another.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoverRequest {
    /// The user who takes the leads over.
    pub to_user_id: Uuid,
}

/// What a handover moved.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct HandoverResult {
    /// How many leads changed owner (0 when run again).
    pub moved: usize,
}

/// Read a personal-data field in clear.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevealRequest {
    /// Which field.
    pub field: RevealField,
    /// Why you need it (recorded in the audit trail), e.g. 签约核验身份.
    #[schema(min_length = 2, max_length = 200)]
    pub purpose: String,
}

/// A revealed value.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RevealedValue {
    /// Which field.
    pub field: RevealField,
    /// The clear value.
    pub value: String,
}
