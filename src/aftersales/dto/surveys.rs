//! Request and response bodies of satisfaction surveys.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::aftersales::surveys::Question;
use crate::aftersales::Touchpoint;

/// A new survey template.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "签约满意度", "touchpoints": ["signing"], "questions": [
    {"key": "nps", "kind": "nps", "text": "您有多大可能向亲友推荐本项目？"},
    {"key": "service", "kind": "rating", "text": "置业顾问的服务"},
    {"key": "comment", "kind": "text", "text": "还有什么想告诉我们？"}]}))]
pub struct CreateSurveyTemplateRequest {
    /// Unique in the project.
    #[schema(min_length = 1, max_length = 64)]
    pub name: String,
    /// Where in the buyer's path it is sent (at least one).
    #[schema(min_items = 1)]
    pub touchpoints: Vec<Touchpoint>,
    /// 1–20 questions; one `nps` (0–10) at most, `rating`s (1–5), free `text`.
    #[schema(min_items = 1, max_items = 20)]
    pub questions: Vec<Question>,
}

/// A survey template.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SurveyTemplateView {
    pub id: Uuid,
    pub project_id: Uuid,
    pub name: String,
    pub touchpoints: Vec<Touchpoint>,
    pub questions: Vec<Question>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
}

/// Invite the buyer to a survey.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"template_id": "01939b2e-7c1a-7d4e-9a51-4f2a1c3b5d6e", "touchpoint": "signing"}))]
pub struct InviteToSurveyRequest {
    /// A template of the lead's project attached to `touchpoint`.
    pub template_id: Uuid,
    pub touchpoint: Touchpoint,
}

/// An invitation, with its link: shown once (only its hash is kept).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SurveyInvitationView {
    pub id: Uuid,
    pub lead_id: Uuid,
    pub template_id: Uuid,
    pub touchpoint: Touchpoint,
    /// The single-use token (43 characters): send the link, not the token.
    pub token: String,
    /// `ANCHANG_PUBLIC_BASE_URL` + `/api/v1/public/surveys/{token}`.
    pub link: String,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

/// A survey as the buyer sees it: the project's name and the questions, nothing about them.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicSurveyView {
    pub project_name: String,
    pub touchpoint: Touchpoint,
    pub questions: Vec<Question>,
    pub expires_at: DateTime<Utc>,
}

/// The buyer's answers, by question key.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"answers": {"nps": 9, "service": 5, "comment": "顾问很专业"}}))]
pub struct AnswerSurveyRequest {
    /// `nps`: a whole number 0–10; `rating`: 1–5; `text`: at most 1,000 characters.
    #[schema(value_type = Object)]
    pub answers: Map<String, Value>,
}

/// Thanks for answering.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SurveyAnswered {
    pub answered_at: DateTime<Utc>,
}
