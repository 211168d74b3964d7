//! Segments (客群): saved criteria over the buyers, and what a segment holds.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::leads::criteria::LeadCriteria;
use crate::words::Grade;

/// A new segment.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "浦东改善客", "description": "改善型、预算三百万以上",
    "criteria": {"purpose": "upgrade", "residence_district": "浦东新区", "budget_min_fen": 300000000}}))]
pub struct CreateSegmentRequest {
    /// Unique among the project's segments.
    #[schema(min_length = 1, max_length = 64)]
    pub name: String,
    #[schema(max_length = 500)]
    pub description: Option<String>,
    /// Which buyers (default: every buyer).
    #[serde(default)]
    #[validate(nested)]
    pub criteria: LeadCriteria,
}

/// A segment replaced as a whole (`PUT`): what is left out is cleared.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplaceSegmentRequest {
    #[schema(min_length = 1, max_length = 64)]
    pub name: String,
    #[schema(max_length = 500)]
    pub description: Option<String>,
    #[serde(default)]
    #[validate(nested)]
    pub criteria: LeadCriteria,
    /// The `version` last read; a stale one answers 412.
    pub version: i32,
}

/// A saved segment.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SegmentView {
    pub id: Uuid,
    pub project_id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub criteria: LeadCriteria,
    pub created_by: Uuid,
    /// Send back with a replacement.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// How many of a segment's buyers have a grade (`null`: not graded yet).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct GradeShare {
    pub grade: Option<Grade>,
    pub leads: i64,
    /// Of the segment's buyers.
    pub share: f64,
}

/// What a segment holds now.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SegmentSummary {
    pub segment_id: Uuid,
    pub name: String,
    /// `true` for a salesperson, who counts their own buyers only.
    pub own_only: bool,
    /// Buyers meeting the criteria (size).
    pub leads: i64,
    /// By grade, A first, ungraded last.
    pub grades: Vec<GradeShare>,
    /// Buyers who ever visited, and their share (到访率).
    pub visited: i64,
    pub visit_rate: Option<f64>,
    /// Buyers holding a signed deal, and their share (转化率).
    pub signed: i64,
    pub conversion: Option<f64>,
    /// The average budget of the buyers who gave one (the middle of their range), fen.
    pub average_budget_fen: Option<i64>,
    /// How many gave a budget.
    pub with_budget: i64,
}
