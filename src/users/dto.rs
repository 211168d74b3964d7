//! Request and response bodies of the users API.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::model::User;
use crate::auth::{Role, UserStatus};
use crate::projects::dto::ProjectSummary;

/// Staff phone numbers: digits with an optional leading `+`, 5–20 characters.
fn validate_staff_phone(phone: &str) -> Result<(), validator::ValidationError> {
    let digits = phone.strip_prefix('+').unwrap_or(phone);
    if phone.is_empty() || ((5..=20).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())) {
        Ok(())
    } else {
        let mut error = validator::ValidationError::new("phone");
        error.message = Some("must be 5 to 20 digits, optionally after '+'".into());
        Err(error)
    }
}

/// A new account.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"username": "wang.li", "display_name": "王丽", "role": "sales",
    "password": "s3cret-passw0rd", "phone": "13800138000", "project_ids": ["0192f0c1-5b7e-7c3a-9d1e-3a4b5c6d7e8f"]}))]
pub struct CreateUserRequest {
    /// Login name: 3–64 of a–z, 0–9, `.`, `_`, `-`; stored lower-case.
    #[validate(custom(function = "super::username::validate"))]
    pub username: String,
    /// Name shown to colleagues, e.g. 王丽.
    #[schema(min_length = 1, max_length = 64)]
    pub display_name: String,
    /// Work phone.
    #[validate(custom(function = "validate_staff_phone"))]
    #[schema(value_type = Option<crate::http::schema_types::StaffPhone>)]
    pub phone: Option<String>,
    /// Role: a manager may create managers, salespeople, receptionists and channel agents;
    /// only admins create admins and integration accounts.
    pub role: Role,
    /// Initial password, 8–128 characters.
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
    /// Projects to join. Managers must name at least one of their own projects. Empty for
    /// a channel agent, who works in their channel's projects.
    #[serde(default)]
    #[schema(max_items = 50)]
    pub project_ids: Vec<Uuid>,
    /// The channel a `channel_agent` works for (required for them, refused for any other
    /// role). A manager names a channel they manage.
    pub channel_id: Option<Uuid>,
}

/// Changes to an account (admins; a user may change their own name and phone).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 1, "display_name": "王丽 (组长)"}))]
pub struct UpdateUserRequest {
    /// The `version` last read; a stale one answers 412.
    pub version: i32,
    /// New display name.
    #[schema(min_length = 1, max_length = 64)]
    pub display_name: Option<String>,
    /// New work phone; an empty string clears it.
    #[validate(custom(function = "validate_staff_phone"))]
    #[schema(value_type = Option<crate::http::schema_types::StaffPhone>)]
    pub phone: Option<String>,
    /// New role (admins only; never one's own). Existing sessions of the user end.
    pub role: Option<Role>,
    /// New password, 8–128 characters (admins only, or the user themself). Every session of
    /// the user ends; when it is one's own, the answer carries a fresh session.
    #[schema(min_length = 8, max_length = 128)]
    pub password: Option<String>,
    /// The current password: required to change one's own password.
    #[schema(min_length = 1, max_length = 128)]
    pub current_password: Option<String>,
}

/// An account after a change. Changing one's own password ends every session of the
/// account, this one included, and `session` is the caller's new token pair.
#[derive(Debug, Serialize, ToSchema)]
pub struct UpdatedUser {
    /// The account as it is now.
    #[serde(flatten)]
    pub user: UserView,
    /// After one's own password change: the new tokens to continue with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<crate::auth::dto::TokenResponse>,
}

/// An account as the API shows it. Password hashes never leave the server.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UserView {
    /// Account id.
    pub id: Uuid,
    /// Login name.
    pub username: String,
    /// Name shown to colleagues.
    pub display_name: String,
    /// Work phone.
    pub phone: Option<String>,
    /// Role.
    pub role: Role,
    /// Whether the account may sign in.
    pub status: UserStatus,
    /// Projects the user works in: their memberships; for a channel agent, the projects of
    /// their channel.
    pub project_ids: Vec<Uuid>,
    /// The channel a channel agent works for; null for everyone else.
    pub channel_id: Option<Uuid>,
    /// Send back with updates.
    pub version: i32,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl UserView {
    /// The view of an account and its projects.
    pub fn new(user: User, project_ids: Vec<Uuid>) -> Self {
        Self {
            id: user.id.into(),
            username: user.username,
            display_name: user.display_name,
            phone: user.phone,
            role: user.role,
            status: user.status,
            project_ids,
            channel_id: user.channel_id.map(Uuid::from),
            version: user.version,
            created_at: user.created_at.and_utc(),
            updated_at: user.updated_at.and_utc(),
        }
    }
}

/// The signed-in user with their projects: what the app loads on start.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MeView {
    /// The account.
    #[serde(flatten)]
    pub user: UserView,
    /// The projects the user works in.
    pub projects: Vec<ProjectSummary>,
}

/// Filters of the user list.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListUsersQuery {
    /// Part of the username or display name.
    #[param(min_length = 1, max_length = 64)]
    pub q: Option<String>,
    /// Only this role.
    pub role: Option<Role>,
    /// Only this status.
    pub status: Option<UserStatus>,
    /// Only members of this project.
    pub project_id: Option<Uuid>,
}
