//! What an integration client's token may do. A client (`Role::Client`) reaches its
//! projects like a manager, but each operation needs a scope, and a token carries only the
//! scopes its client holds and asked for: `leads:read` opens the lead reads, and so on.
//! The table below is the one place that says which operation needs which scope: the
//! session extractor enforces it (403 `auth.insufficient_scope`) and the spec publishes it
//! (an `oauth2` requirement on every operation a client may call). An operation not in the
//! table is closed to clients: accounts, projects' settings, the audit trail, grading rules.

use std::collections::HashMap;

use crate::error::ApiError;

crate::text_enum! {
    /// A permission an integration client may hold (OAuth 2.0 scope).
    pub enum Scope {
        /// Read leads, their grades, intents, referrals and history; read projects.
        LeadsRead = "leads:read",
        /// Register, import, edit and transfer leads.
        LeadsWrite = "leads:write",
        /// Read follow-ups.
        FollowUpsRead = "follow_ups:read",
        /// Record and correct follow-ups.
        FollowUpsWrite = "follow_ups:write",
        /// Register visits at the desk (and read them).
        VisitsWrite = "visits:write",
        /// Read channels, their reports and appeals.
        ReportsRead = "reports:read",
        /// File reports and appeals.
        ReportsWrite = "reports:write",
        /// Read units, subscriptions, reservations, deals, receivables and commissions.
        DealsRead = "deals:read",
        /// Sign reservations, record payments and mortgage stages.
        DealsWrite = "deals:write",
        /// Read the heat map and, as they come, the director's numbers.
        AnalyticsRead = "analytics:read",
        /// Read complaints, the projects' complaint deadlines and survey templates.
        AftersalesRead = "aftersales:read",
        /// File and move complaints, invite buyers to surveys (a call centre).
        AftersalesWrite = "aftersales:write",
        /// Read the change feed.
        EventsRead = "events:read",
        /// Manage the webhook endpoints of the change feed.
        WebhooksManage = "webhooks:manage",
    }
}

/// The scope each operation of the API needs, by method and path template, read from the
/// OpenAPI document once at start-up (the router knows a request's template, the table its
/// operation).
#[derive(Debug, Default)]
pub struct ScopeTable(HashMap<(String, String), Option<Scope>>);

impl ScopeTable {
    /// Reads the operations of an OpenAPI document.
    pub fn from_openapi(doc: &serde_json::Value) -> Self {
        let mut table = HashMap::new();
        for (template, item) in doc["paths"].as_object().into_iter().flatten() {
            for (method, operation) in item.as_object().into_iter().flatten() {
                if let Some(id) = operation["operationId"].as_str() {
                    table.insert((method.to_ascii_uppercase(), template.clone()), required(id));
                }
            }
        }
        Self(table)
    }

    /// Whether a client's token with `granted` scopes may call `method` on `template`: the
    /// refusal (403 `auth.insufficient_scope`) otherwise.
    pub fn check(&self, method: &str, template: Option<&str>, granted: &str) -> Result<(), ApiError> {
        let needed = template.and_then(|t| self.0.get(&(method.to_owned(), t.to_owned()))).copied().flatten();
        match needed {
            Some(scope) if granted.split_whitespace().any(|g| g == scope.as_str()) => Ok(()),
            Some(scope) => Err(ApiError::forbidden(
                "auth.insufficient_scope",
                format!("This operation needs the scope {scope}, which the token was not granted."),
            )),
            None => {
                Err(ApiError::forbidden("auth.insufficient_scope", "Integration clients may not call this operation."))
            }
        }
    }
}

/// The scope an operation needs from an integration client's token; `None`: clients may
/// not call it.
pub fn required(operation_id: &str) -> Option<Scope> {
    let id = operation_id.strip_suffix("_via_post").unwrap_or(operation_id);
    Some(match id {
        "list_leads"
        | "find_lead"
        | "check_duplicate_lead"
        | "list_pool_leads"
        | "list_lead_referrals"
        | "find_lead_grade"
        | "list_lead_grade_history"
        | "list_intents"
        | "list_lead_intent_changes"
        | "list_lead_history"
        | "list_projects"
        | "find_project"
        | "list_segment_leads" => Scope::LeadsRead,
        "create_lead" | "update_lead" | "import_leads" | "transfer_lead" | "set_intents" => Scope::LeadsWrite,
        "list_follow_ups" | "find_follow_up" | "list_lead_follow_ups" => Scope::FollowUpsRead,
        "record_follow_up" | "update_follow_up" => Scope::FollowUpsWrite,
        "register_visit" | "list_visits" | "find_visit" => Scope::VisitsWrite,
        "list_channels" | "find_channel" | "list_reports" | "find_report" | "list_appeals" | "find_appeal" => {
            Scope::ReportsRead
        }
        "file_report" | "file_appeal" => Scope::ReportsWrite,
        "list_units"
        | "find_unit"
        | "list_subscriptions"
        | "find_subscription"
        | "find_reservation"
        | "find_deal"
        | "list_deals"
        | "find_receivables"
        | "list_overdue_payments"
        | "list_commissions"
        | "find_commission" => Scope::DealsRead,
        "sign_reservation" | "record_payment" | "move_deal_mortgage" => Scope::DealsWrite,
        "find_heatmap"
        | "draw_heatmap"
        | "find_daily_report"
        | "find_funnel"
        | "find_lost_reasons"
        | "find_quality"
        | "list_channel_costs"
        | "find_pyramid"
        | "find_channel_bars"
        | "draw_channel_bars"
        | "draw_funnel"
        | "draw_daily_report"
        | "list_segments"
        | "find_segment"
        | "find_segment_summary"
        | "find_satisfaction" => Scope::AnalyticsRead,
        "find_complaint" | "list_complaints" | "find_complaint_policy" | "list_survey_templates" => {
            Scope::AftersalesRead
        }
        "file_complaint"
        | "acknowledge_complaint"
        | "start_complaint"
        | "resolve_complaint"
        | "close_complaint"
        | "reopen_complaint"
        | "assign_complaint"
        | "invite_to_survey" => Scope::AftersalesWrite,
        "list_events" => Scope::EventsRead,
        "create_webhook_endpoint"
        | "list_webhook_endpoints"
        | "find_webhook_endpoint"
        | "update_webhook_endpoint"
        | "delete_webhook_endpoint"
        | "rotate_webhook_secret"
        | "list_webhook_deliveries"
        | "redeliver_event" => Scope::WebhooksManage,
        _ => return None,
    })
}

/// Scopes as a token carries them: space-separated (RFC 6749 §3.3).
pub fn to_text(scopes: &[Scope]) -> String {
    scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")
}

/// Scopes from their text; `None` when any word is not a scope.
pub fn parse_list(text: &str) -> Option<Vec<Scope>> {
    let mut scopes: Vec<Scope> = text.split_whitespace().map(Scope::parse).collect::<Option<_>>()?;
    scopes.sort();
    scopes.dedup();
    Some(scopes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scope_opens_some_operation_and_the_override_twin_needs_the_same() {
        assert_eq!(required("update_lead_via_post"), Some(Scope::LeadsWrite));
        assert_eq!(required("create_user"), None, "accounts stay with people");
        assert_eq!(required("list_audit_events"), None);
        let opened = [
            "list_leads",
            "create_lead",
            "list_follow_ups",
            "record_follow_up",
            "register_visit",
            "list_reports",
            "file_report",
            "find_deal",
            "record_payment",
            "find_heatmap",
            "list_events",
            "create_webhook_endpoint",
            "find_complaint",
            "file_complaint",
        ];
        let mut scopes: Vec<Scope> = opened.iter().filter_map(|op| required(op)).collect();
        scopes.sort();
        scopes.dedup();
        assert_eq!(scopes, Scope::ALL.to_vec());
    }

    #[test]
    fn scope_lists_read_as_rfc_6749_writes_them() {
        assert_eq!(parse_list("leads:read  events:read leads:read"), Some(vec![Scope::LeadsRead, Scope::EventsRead]));
        assert_eq!(parse_list("leads:read root"), None);
        assert_eq!(to_text(&[Scope::LeadsRead, Scope::EventsRead]), "leads:read events:read");
        assert_eq!(parse_list(""), Some(vec![]));
    }
}
