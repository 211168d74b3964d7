//! Criteria over a project's buyers (a segment's filter): the names of the lead list's
//! filters plus the buyer's profile and behaviour. Taken as they come in a request, kept
//! cleaned, and turned into conditions on a statement over `leads` — one definition for a
//! segment's page of leads and for the reports that count a segment.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use diesel::prelude::*;
use diesel::sql_types::Bool;

use crate::db::{self, Id, MultiBackend};
use crate::error::FieldError;
use crate::http::schema_types::Label;
use crate::schema::leads;
use crate::words::{AgeBand, Grade, LeadStatus, Purpose, SourceChannel};

/// Which leads: every field given must hold (an empty object is every lead in scope).
/// Texts match exactly (trimmed); `tag` and `intended_layouts` as in the lead list;
/// the budget bounds keep buyers whose budget range reaches into them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"grade": "A", "purpose": "upgrade", "residence_district": "浦东新区",
    "budget_min_fen": 300000000, "intended_layouts": ["3房", "4房"], "min_visits": 2}))]
pub struct LeadCriteria {
    /// This grade.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<Grade>,
    /// This status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<LeadStatus>,
    /// This source channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_channel: Option<SourceChannel>,
    /// Leads with this tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub tag: Option<String>,
    /// This owner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<Uuid>,
    /// Registered at or after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_from: Option<DateTime<Utc>>,
    /// Registered before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_to: Option<DateTime<Utc>>,
    /// This age band.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_band: Option<AgeBand>,
    /// This family structure, e.g. 三口之家.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(min_length = 1, max_length = 64)]
    pub family_structure: Option<String>,
    /// Buying for this purpose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<Purpose>,
    /// Living in this district.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(min_length = 1, max_length = 64)]
    pub residence_district: Option<String>,
    /// Working in this district.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(min_length = 1, max_length = 64)]
    pub work_district: Option<String>,
    /// Buyers who can spend at least this (their highest budget, or their lowest when no
    /// highest is recorded, reaches it), in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0, maximum = 1e12)]
    pub budget_min_fen: Option<i64>,
    /// Buyers whose budget starts at most at this (their lowest budget, or their highest
    /// when no lowest is recorded), in fen.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0, maximum = 1e12)]
    pub budget_max_fen: Option<i64>,
    /// Buyers who want any of these layouts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Label>, max_items = 10)]
    pub intended_layouts: Vec<String>,
    /// Buyers who visited at least this many times.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0, maximum = 1000)]
    pub min_visits: Option<i32>,
}

/// The longest text a criterion compares.
const MAX_TEXT_CHARS: usize = 64;

impl LeadCriteria {
    /// The criteria as they are kept: texts trimmed, labels cleaned. Adds an error naming
    /// `{prefix}.{field}` for each criterion out of its bounds, and for bounds that
    /// contradict each other.
    pub fn clean(mut self, prefix: &str, errors: &mut Vec<FieldError>) -> LeadCriteria {
        let mut found = Vec::new();
        let mut text = |field: &str, value: Option<String>, max: usize| {
            let value = value.map(|v| v.trim().to_owned());
            if value.as_ref().is_some_and(|v| v.is_empty() || v.chars().count() > max) {
                found.push(FieldError::new(field, format!("must be 1 to {max} characters")));
            }
            value
        };
        self.tag = text("tag", self.tag, crate::labels::MAX_LABEL_CHARS);
        self.family_structure = text("family_structure", self.family_structure, MAX_TEXT_CHARS);
        self.residence_district = text("residence_district", self.residence_district, MAX_TEXT_CHARS);
        self.work_district = text("work_district", self.work_district, MAX_TEXT_CHARS);
        if self.intended_layouts.len() > 10 {
            found.push(FieldError::new("intended_layouts", "at most 10 layouts"));
        }
        let layouts = crate::labels::clean("intended_layouts", &self.intended_layouts, &mut found);
        self.intended_layouts = crate::labels::read(&layouts);
        for (field, value) in [("budget_min_fen", self.budget_min_fen), ("budget_max_fen", self.budget_max_fen)] {
            if value.is_some_and(|fen| !(0..=1_000_000_000_000).contains(&fen)) {
                found.push(FieldError::new(field, "must be 0 to 1e12 fen"));
            }
        }
        if let (Some(min), Some(max)) = (self.budget_min_fen, self.budget_max_fen) {
            if min > max {
                found.push(FieldError::new("budget_max_fen", "must not be below budget_min_fen"));
            }
        }
        if self.min_visits.is_some_and(|n| !(0..=1000).contains(&n)) {
            found.push(FieldError::new("min_visits", "must be 0 to 1000"));
        }
        if let (Some(from), Some(to)) = (self.created_from, self.created_to) {
            if to <= from {
                found.push(FieldError::new("created_to", "must be after created_from"));
            }
        }
        errors.extend(found.into_iter().map(|e| FieldError::new(format!("{prefix}.{}", e.field), e.message)));
        self
    }
}

type AnyOf = Box<dyn BoxableExpression<leads::table, MultiBackend, SqlType = diesel::sql_types::Nullable<Bool>>>;

/// `query` narrowed to the leads meeting every criterion given (live leads only).
pub fn narrow<'a, ST: 'a>(
    mut query: leads::BoxedQuery<'a, MultiBackend, ST>,
    criteria: &LeadCriteria,
) -> leads::BoxedQuery<'a, MultiBackend, ST> {
    query = query.filter(leads::deleted_at.is_null());
    if let Some(grade) = criteria.grade {
        query = query.filter(leads::grade.eq(grade));
    }
    if let Some(status) = criteria.status {
        query = query.filter(leads::status.eq(status));
    }
    if let Some(channel) = criteria.source_channel {
        query = query.filter(leads::source_channel.eq(channel));
    }
    if let Some(tag) = criteria.tag.as_deref() {
        query = query.filter(db::lower(leads::tags).like(crate::labels::contains_pattern(tag)).escape('\\'));
    }
    if let Some(owner) = criteria.owner_id {
        query = query.filter(leads::owner_id.eq(Id(owner)));
    }
    if let Some(from) = criteria.created_from {
        query = query.filter(leads::created_at.ge(from.naive_utc()));
    }
    if let Some(to) = criteria.created_to {
        query = query.filter(leads::created_at.lt(to.naive_utc()));
    }
    if let Some(band) = criteria.age_band {
        query = query.filter(leads::age_band.eq(band));
    }
    if let Some(family) = criteria.family_structure.clone() {
        query = query.filter(leads::family_structure.eq(family));
    }
    if let Some(purpose) = criteria.purpose {
        query = query.filter(leads::purpose.eq(purpose));
    }
    if let Some(district) = criteria.residence_district.clone() {
        query = query.filter(leads::residence_district.eq(district));
    }
    if let Some(district) = criteria.work_district.clone() {
        query = query.filter(leads::work_district.eq(district));
    }
    // A budget range is given by either end or both; a missing end stands in for the other.
    if let Some(least) = criteria.budget_min_fen {
        query = query.filter(
            leads::budget_max_fen
                .ge(least)
                .or(leads::budget_max_fen.is_null().and(leads::budget_min_fen.ge(least)).nullable()),
        );
    }
    if let Some(most) = criteria.budget_max_fen {
        query = query.filter(
            leads::budget_min_fen
                .le(most)
                .or(leads::budget_min_fen.is_null().and(leads::budget_max_fen.le(most)).nullable()),
        );
    }
    let mut any_layout: Option<AnyOf> = None;
    for layout in &criteria.intended_layouts {
        let wants =
            db::lower(leads::intended_layouts).like(crate::labels::contains_pattern(layout)).escape('\\').nullable();
        any_layout = Some(match any_layout {
            None => Box::new(wants),
            Some(earlier) => Box::new(earlier.or(wants)),
        });
    }
    if let Some(any_layout) = any_layout {
        query = query.filter(any_layout);
    }
    if let Some(visits) = criteria.min_visits {
        query = query.filter(leads::visit_count.ge(visits));
    }
    query
}
