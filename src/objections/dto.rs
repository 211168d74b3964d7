//! Request and response bodies of the objection library.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::ObjectionCategory;

/// A new entry.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"category": "price", "objection": "价格太高",
    "answer": "理解您的顾虑（共情）。同地段竞品均价高出 8%（数据），上月张先生也是这样考虑，开盘后涨了 5%（案例）。",
    "tags": ["首付", "对比竞品"]}))]
pub struct CreateObjectionRequest {
    /// What the objection is about.
    pub category: ObjectionCategory,
    /// The objection as buyers say it, e.g. 价格太高.
    #[schema(min_length = 1, max_length = 200)]
    pub objection: String,
    /// The answer: empathy, then data, then a case.
    #[schema(min_length = 1, max_length = 4000)]
    pub answer: String,
    /// Labels to find it by.
    #[serde(default)]
    #[schema(value_type = Vec<crate::http::schema_types::Label>, max_items = 20)]
    pub tags: Vec<String>,
}

/// Changes to an entry; absent fields stay.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 2, "answer": "理解您的顾虑……"}))]
pub struct UpdateObjectionRequest {
    /// The `version` last read; a stale one answers 412.
    pub version: i32,
    /// What the objection is about.
    pub category: Option<ObjectionCategory>,
    /// The objection.
    #[schema(min_length = 1, max_length = 200)]
    pub objection: Option<String>,
    /// The answer.
    #[schema(min_length = 1, max_length = 4000)]
    pub answer: Option<String>,
    /// Labels.
    #[schema(value_type = Option<Vec<crate::http::schema_types::Label>>, max_items = 20)]
    pub tags: Option<Vec<String>>,
}

/// An entry of the library.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ObjectionView {
    pub id: Uuid,
    pub project_id: Uuid,
    pub category: ObjectionCategory,
    pub objection: String,
    pub answer: String,
    pub tags: Vec<String>,
    /// How often salespeople used it; the list shows the most used first.
    pub usage_count: i32,
    pub created_by: Uuid,
    /// Send back with changes.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Search of the library.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListObjectionsQuery {
    /// Words found in the objection, the answer or a tag.
    #[param(min_length = 1, max_length = 64)]
    pub q: Option<String>,
    /// Only this category.
    pub category: Option<ObjectionCategory>,
}
