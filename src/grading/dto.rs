//! Request and response bodies of grading.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::rules::GradingRules;
use super::score::Component;
use super::{GradeCause, GradeSource};
use crate::words::Grade;

/// A person's grade override in force.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OverrideView {
    pub grade: Grade,
    pub reason: String,
    /// Who set it.
    pub by: Option<Uuid>,
    pub at: Option<DateTime<Utc>>,
    /// It lapses then; null: until cleared.
    pub until: Option<DateTime<Utc>>,
}

/// A lead's grade, and why.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct GradeView {
    /// The grade in force.
    pub grade: Grade,
    /// The automatic grade, computed beside any override.
    pub auto_grade: Grade,
    /// 0–100.
    pub score: f64,
    /// What each factor contributed.
    pub components: Vec<Component>,
    /// The project's rules version it was computed under (0: the defaults).
    pub rules_version: i32,
    /// `manual` while an override holds.
    pub source: GradeSource,
    #[serde(rename = "override")]
    pub override_: Option<OverrideView>,
    pub computed_at: DateTime<Utc>,
}

/// A person's grade for a lead, with their reason.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"grade": "A", "reason": "已备齐首付，下周带父母复看", "until": "2026-12-31T16:00:00Z"}))]
pub struct OverrideRequest {
    pub grade: Grade,
    /// Why the score is wrong about this buyer.
    #[schema(min_length = 2, max_length = 200)]
    pub reason: String,
    /// When the override lapses (in the future); omitted: until cleared.
    pub until: Option<DateTime<Utc>>,
}

/// One change of a lead's grade.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct GradeChangeView {
    pub id: Uuid,
    pub grade_before: Option<Grade>,
    pub grade_after: Grade,
    pub score_before: Option<f64>,
    pub score_after: f64,
    pub source: GradeSource,
    pub cause: GradeCause,
    /// Who caused it; null for the system (a scheduled recomputation).
    pub actor_id: Option<Uuid>,
    pub rules_version: i32,
    pub at: DateTime<Utc>,
    /// A manual grade: the reason given for it.
    pub override_reason: Option<String>,
    /// A manual grade: when it was set to lapse; null: until cleared.
    pub override_until: Option<DateTime<Utc>>,
}

/// A project's rules as they stand.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RulesView {
    /// 0: the defaults; every save makes a new version.
    pub version: i32,
    pub rules: GradingRules,
    pub created_at: Option<DateTime<Utc>>,
    pub created_by: Option<Uuid>,
}

/// Saved rules and what regrading the project under them did.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SavedRules {
    #[serde(flatten)]
    pub rules: RulesView,
    pub recompute: RecomputeResult,
}

/// Rules to try without saving.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    pub rules: GradingRules,
}

/// How many leads went from one grade to another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct GradeMove {
    /// Null: the lead had no grade yet.
    pub from: Option<Grade>,
    pub to: Grade,
    pub count: usize,
}

/// Leads per grade.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Distribution {
    #[serde(rename = "A")]
    pub a: usize,
    #[serde(rename = "B")]
    pub b: usize,
    #[serde(rename = "C")]
    pub c: usize,
    #[serde(rename = "D")]
    pub d: usize,
}

impl Distribution {
    /// Counts one lead of `grade`.
    pub fn add(&mut self, grade: Grade) {
        match grade {
            Grade::A => self.a += 1,
            Grade::B => self.b += 1,
            Grade::C => self.c += 1,
            Grade::D => self.d += 1,
        }
    }
}

/// What rules under trial would do; nothing is saved.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PreviewResult {
    /// Live leads of the project.
    pub total: usize,
    /// Grades as they are now.
    pub current: Distribution,
    /// Grades under the rules tried (overrides still hold).
    pub proposed: Distribution,
    /// Leads whose grade would change.
    pub would_move: usize,
    pub moves: Vec<GradeMove>,
}

/// What a recomputation did.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct RecomputeResult {
    /// Leads graded.
    pub checked: usize,
    /// Leads whose grade changed.
    pub moved: usize,
    pub moves: Vec<GradeMove>,
}
