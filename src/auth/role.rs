//! Roles and account states, stored as text and parsed once at the edge.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a user may do. Managers (案场经理 / 销售总监) run projects; salespeople (置业顾问)
/// work their own leads; integration accounts are third-party systems.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, diesel::AsExpression, diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, in every project.
    Admin,
    /// Everything inside the projects they are a member of.
    Manager,
    /// Their own leads in the projects they are a member of.
    Sales,
    /// A machine account of a third-party system.
    Integration,
}

impl Role {
    /// The stored and serialized name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Sales => "sales",
            Role::Integration => "integration",
        }
    }

    /// Parses a stored role.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "admin" => Some(Role::Admin),
            "manager" => Some(Role::Manager),
            "sales" => Some(Role::Sales),
            "integration" => Some(Role::Integration),
            _ => None,
        }
    }

    /// Whether a holder of `self` may hand `granted` to someone. Nobody grants more than
    /// they hold: managers may make managers and salespeople; only admins make admins and
    /// integration accounts (those reach data across projects).
    pub fn may_grant(self, granted: Role) -> bool {
        match self {
            Role::Admin => true,
            Role::Manager => matches!(granted, Role::Manager | Role::Sales),
            Role::Sales | Role::Integration => false,
        }
    }

    /// Whether a holder of `self` may freeze or edit an account with role `other`
    /// (in a shared project, for managers).
    pub fn outranks(self, other: Role) -> bool {
        match self {
            Role::Admin => true,
            Role::Manager => matches!(other, Role::Sales),
            Role::Sales | Role::Integration => false,
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether an account may sign in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, diesel::AsExpression, diesel::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    /// May sign in and use the API.
    Active,
    /// Locked out at once: existing tokens stop working.
    Frozen,
}

impl UserStatus {
    /// The stored and serialized name.
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::Frozen => "frozen",
        }
    }

    /// Parses a stored status.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "active" => Some(UserStatus::Active),
            "frozen" => Some(UserStatus::Frozen),
            _ => None,
        }
    }
}

crate::text_enum_sql!(Role);
crate::text_enum_sql!(UserStatus);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nobody_grants_more_than_they_hold() {
        use Role::*;
        let table = [
            (Admin, Admin, true),
            (Admin, Integration, true),
            (Manager, Admin, false),
            (Manager, Integration, false),
            (Manager, Manager, true),
            (Manager, Sales, true),
            (Sales, Sales, false),
            (Integration, Sales, false),
        ];
        for (holder, granted, expected) in table {
            assert_eq!(holder.may_grant(granted), expected, "{holder} granting {granted}");
        }
    }

    #[test]
    fn roles_round_trip_through_text() {
        for role in [Role::Admin, Role::Manager, Role::Sales, Role::Integration] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
