//! Roles and account states, stored as text and parsed once at the edge.

crate::text_enum! {
    /// What a user may do. Managers (案场经理 / 销售总监) run projects; salespeople (置业顾问)
    /// work their own leads; receptionists (前台) register visits; channel agents (经纪人)
    /// report customers for their channel; finance (财务) records collections and pays
    /// commissions; integration accounts are third-party systems.
    pub enum Role {
        /// Everything, in every project.
        Admin = "admin",
        /// Everything inside the projects they are a member of.
        Manager = "manager",
        /// Their own leads in the projects they are a member of.
        Sales = "sales",
        /// The front desk of the projects they are a member of: registers visits and sees
        /// the rotation; no lead profiles, phones masked.
        Receptionist = "receptionist",
        /// A broker's or agency's person: files reports for their channel's projects and
        /// sees only their own reports, never a lead.
        ChannelAgent = "channel_agent",
        /// Finance (财务) of the projects they are a member of: records payments, pays
        /// commissions, reads deals, receivables and commissions; buyers' names, never their
        /// contact details, and no lead profiles.
        Finance = "finance",
        /// A machine account of a third-party system, signing in with a password. Deprecated
        /// in favour of integration clients (`client`).
        Integration = "integration",
        /// An integration client (OAuth 2.0 client credentials, `POST /oauth/token`): reaches
        /// its projects like a manager, but only through the operations its token's scopes
        /// open. Made by `POST /integration-clients`, never by `POST /users`.
        Client = "client",
    }
}

impl Role {
    /// Whether the role manages the projects it belongs to (managers) or all of them
    /// (admins): the role-level half of every "managers only" rule. What a user may do with
    /// one lead or account is `scope`'s (`LeadRights`, `AccountRights`).
    pub fn manages(self) -> bool {
        matches!(self, Role::Admin | Role::Manager | Role::Client)
    }

    /// Whether the role works leads at all. Receptionists and channel agents never see a
    /// lead's profile: every lead route answers them 403 (`lead.role_forbidden`).
    pub fn works_leads(self) -> bool {
        matches!(self, Role::Admin | Role::Manager | Role::Sales | Role::Integration | Role::Client)
    }

    /// Whether the role may own leads: salespeople, managers and admins. Integrations own
    /// what they register themselves but are never handed a lead; the front-of-house
    /// roles own none.
    pub fn may_be_given_leads(self) -> bool {
        matches!(self, Role::Admin | Role::Manager | Role::Sales)
    }

    /// Whether a holder of `self` may hand `granted` to someone. Nobody grants more than
    /// they hold: managers may make managers, salespeople, receptionists and channel agents;
    /// only admins make admins, finance (money across a project's deals) and integration
    /// accounts (those reach data across projects); nobody makes a client's account here.
    pub fn may_grant(self, granted: Role) -> bool {
        match self {
            // A client's account comes with its credentials (`POST /integration-clients`).
            Role::Admin => granted != Role::Client,
            Role::Manager => matches!(granted, Role::Manager | Role::Sales | Role::Receptionist | Role::ChannelAgent),
            Role::Sales
            | Role::Receptionist
            | Role::ChannelAgent
            | Role::Finance
            | Role::Integration
            | Role::Client => false,
        }
    }

    /// Whether a holder of `self` may freeze or edit an account with role `other`
    /// (in a shared project, for managers).
    pub fn outranks(self, other: Role) -> bool {
        match self {
            Role::Admin => true,
            Role::Manager => matches!(other, Role::Sales | Role::Receptionist | Role::ChannelAgent),
            Role::Sales
            | Role::Receptionist
            | Role::ChannelAgent
            | Role::Finance
            | Role::Integration
            | Role::Client => false,
        }
    }
}

crate::text_enum! {
    /// Whether an account may sign in.
    pub enum UserStatus {
        /// May sign in and use the API.
        Active = "active",
        /// Locked out at once: existing tokens stop working.
        Frozen = "frozen",
    }
}

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
            (Manager, Finance, false),
            (Admin, Finance, true),
            (Manager, Manager, true),
            (Manager, Sales, true),
            (Manager, Receptionist, true),
            (Manager, ChannelAgent, true),
            (Sales, Sales, false),
            (Receptionist, Sales, false),
            (ChannelAgent, ChannelAgent, false),
            (Integration, Sales, false),
            (Admin, Client, false),
            (Manager, Client, false),
            (Client, Sales, false),
        ];
        for (holder, granted, expected) in table {
            assert_eq!(holder.may_grant(granted), expected, "{holder} granting {granted}");
        }
    }

    #[test]
    fn roles_round_trip_through_text() {
        for role in [
            Role::Admin,
            Role::Manager,
            Role::Sales,
            Role::Receptionist,
            Role::ChannelAgent,
            Role::Finance,
            Role::Integration,
            Role::Client,
        ] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
