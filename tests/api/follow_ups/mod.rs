//! Follow-ups and their effects on leads, the agenda, the overdue alert, cadence and the
//! objection library.

mod agenda;
mod objections;
mod record;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{LeadFacts, Reply, Site};

/// A UTC instant written as in the API.
pub fn utc(text: &str) -> NaiveDateTime {
    text.parse::<DateTime<Utc>>().unwrap_or_else(|e| panic!("{text}: {e}")).naive_utc()
}

/// Parses a timestamp of a reply.
pub fn time_of(value: &Value) -> NaiveDateTime {
    utc(value.as_str().unwrap_or_else(|| panic!("a timestamp: {value:?}")))
}

/// A contact an hour ago, on top of which `extra` fields are set.
pub fn contact(channel: &str, initiated_by: &str, extra: Value) -> Value {
    let mut body = json!({"channel": channel, "purpose": "discover_needs", "content": "介绍项目配套",
        "happened_at": (Utc::now() - chrono::Duration::hours(1)).to_rfc3339(), "initiated_by": initiated_by});
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    body
}

impl Site {
    /// `POST /leads/{id}/follow-ups`.
    pub async fn follow_up(&self, token: &str, lead: Uuid, body: Value) -> Reply {
        self.app.post(&format!("/leads/{lead}/follow-ups"), token, body).await
    }

    /// Sets columns other flows own (grade, plan, last contact, birthday, status) directly.
    pub fn set_lead(
        &self,
        lead: Uuid,
        grade: Option<&str>,
        next: Option<NaiveDateTime>,
        last_contact: Option<NaiveDateTime>,
    ) {
        let facts = LeadFacts {
            grade: Some(grade),
            next_follow_up_at: Some(next),
            last_interaction_at: last_contact,
            ..LeadFacts::default()
        };
        self.app.set_lead(lead, facts);
    }
}
