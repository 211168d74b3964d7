//! The lead screen's query and answer.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::booking::dto::{IntentView, SubscriptionView};
use crate::deals::dto::DealView;
use crate::follow_ups::dto::FollowUpView;
use crate::grading::dto::GradeView;
use crate::leads::dto::LeadView;

/// The parts `include` may name.
pub const PARTS: [&str; 5] = ["deals", "follow_ups", "grade", "intents", "subscription"];

/// How many follow-ups the screen shows, newest first.
pub const LATEST_FOLLOW_UPS: i64 = 5;

/// What to read with the lead.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LeadScreenQuery {
    /// Comma-separated parts to add: `deals` (signed and cancelled, newest first),
    /// `follow_ups` (the latest 5), `grade` (with its reasons),
    /// `intents` (ranked), `subscription` (the live deposit and its queue number).
    #[param(
        pattern = r"^((deals|follow_ups|grade|intents|subscription)(,(deals|follow_ups|grade|intents|subscription))*)?$"
    )]
    pub include: Option<String>,
}

/// The parts a request asked for.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    /// The lead's deals.
    pub deals: bool,
    /// The latest follow-ups.
    pub follow_ups: bool,
    /// The current grade.
    pub grade: bool,
    /// The ranked intents.
    pub intents: bool,
    /// The live subscription.
    pub subscription: bool,
}

impl Parts {
    /// Reads `include`; `None` names an unknown part (the schema's pattern refuses it first).
    pub fn parse(include: Option<&str>) -> Option<Self> {
        let mut parts = Parts::default();
        for part in include.unwrap_or_default().split(',').filter(|p| !p.is_empty()) {
            match part {
                "deals" => parts.deals = true,
                "follow_ups" => parts.follow_ups = true,
                "grade" => parts.grade = true,
                "intents" => parts.intents = true,
                "subscription" => parts.subscription = true,
                _ => return None,
            }
        }
        Some(parts)
    }
}

/// A lead, with the parts `include` asked for. A part not asked for is absent; a part
/// asked for but empty is `null` (no grade yet, no live subscription) or `[]`.
#[derive(Debug, Serialize, ToSchema)]
pub struct LeadScreen {
    /// The lead, exactly as `GET /leads/{id}` without `include` answers it.
    #[serde(flatten)]
    pub lead: LeadView,
    /// `include=follow_ups`: the latest 5, newest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_ups: Option<Vec<FollowUpView>>,
    /// `include=grade`: the current grade with its score, components and override (the
    /// lead's own `grade` stays the letter).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade_detail: Option<GradeView>,
    /// `include=intents`: the ranked unit wishes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intents: Option<Vec<IntentView>>,
    /// `include=subscription`: the live deposit with its queue number; `null` when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<SubscriptionView>)]
    pub subscription: Option<Option<SubscriptionView>>,
    /// `include=deals`: the lead's deals with their plans, newest first (`[]` when none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deals: Option<Vec<DealView>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn include_names_known_parts_only() {
        assert_eq!(Parts::parse(None), Some(Parts::default()));
        assert_eq!(Parts::parse(Some("")), Some(Parts::default()));
        let all = Parts::parse(Some("deals,follow_ups,grade,intents,subscription")).expect("known");
        assert!(all.deals && all.follow_ups && all.grade && all.intents && all.subscription);
        assert_eq!(Parts::parse(Some("grade,payments")), None);
        assert_eq!(PARTS.len(), 5);
    }
}
