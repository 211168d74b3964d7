//! Grading rules: how many points each fact is worth and where the grades begin. One
//! set per project, versioned (each save is a new version); the defaults below are tuned
//! on the realistic cases in `score.rs`'s tests.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::FieldError;

/// Points each factor can earn at most; they add up to 100.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    /// Visits to the sales office (到访).
    #[schema(minimum = 0, maximum = 100)]
    pub visits: f64,
    /// Show-flat or finished-unit viewings.
    #[schema(minimum = 0, maximum = 100)]
    pub show_flat: f64,
    /// Calls the buyer made.
    #[schema(minimum = 0, maximum = 100)]
    pub customer_calls: f64,
    /// A paid subscription deposit (认筹).
    #[schema(minimum = 0, maximum = 100)]
    pub subscription: f64,
    /// Registered unit intents.
    #[schema(minimum = 0, maximum = 100)]
    pub intents: f64,
    /// Recency: how lately the buyer was in contact.
    #[schema(minimum = 0, maximum = 100)]
    pub recency: f64,
    /// Frequency: contacts within the window.
    #[schema(minimum = 0, maximum = 100)]
    pub frequency: f64,
    /// Budget against the typical unit price.
    #[schema(minimum = 0, maximum = 100)]
    pub budget: f64,
    /// Down payment against what the typical unit needs.
    #[schema(minimum = 0, maximum = 100)]
    pub down_payment: f64,
    /// A short decision cycle.
    #[schema(minimum = 0, maximum = 100)]
    pub decision_cycle: f64,
    /// The decision maker came on a visit.
    #[schema(minimum = 0, maximum = 100)]
    pub decision_maker: f64,
}

/// Where each grade begins (score ≥ threshold).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Score for A (at most 100).
    #[schema(exclusive_minimum = 0, maximum = 100)]
    pub a: f64,
    /// Score for B.
    #[schema(exclusive_minimum = 0, maximum = 100)]
    pub b: f64,
    /// Score for C (more than 0).
    #[schema(exclusive_minimum = 0, maximum = 100)]
    pub c: f64,
}

/// A project's grading rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!(GradingRules::default()))]
pub struct GradingRules {
    pub weights: Weights,
    pub thresholds: Thresholds,
    /// Visits that earn the full visit points.
    #[schema(minimum = 1, maximum = 3650)]
    pub visits_for_full: i32,
    /// Viewings that earn the full viewing points.
    #[schema(minimum = 1, maximum = 3650)]
    pub show_flat_for_full: i32,
    /// Buyer calls that earn the full call points.
    #[schema(minimum = 1, maximum = 3650)]
    pub customer_calls_for_full: i32,
    /// Unit intents that earn the full intent points.
    #[schema(minimum = 1, maximum = 3650)]
    pub intents_for_full: i32,
    /// Contact within this many days earns full recency points…
    #[schema(minimum = 0, maximum = 3650)]
    pub recency_full_days: i32,
    /// …decaying to none at this many days.
    #[schema(minimum = 1, maximum = 3650)]
    pub recency_zero_days: i32,
    /// The window frequency counts contacts in, in days.
    #[schema(minimum = 1, maximum = 3650)]
    pub frequency_window_days: i32,
    /// Contacts within the window that earn the full frequency points.
    #[schema(minimum = 1, maximum = 3650)]
    pub frequency_for_full: i32,
    /// The project's typical unit price in fen; budget points need it.
    #[schema(minimum = 1, maximum = 1e12)]
    pub typical_unit_price_fen: Option<i64>,
    /// The down payment a typical unit needs, in percent of its price.
    #[schema(minimum = 1, maximum = 100)]
    pub down_payment_percent: i32,
    /// A decision within this many days earns the full decision-cycle points…
    #[schema(minimum = 1, maximum = 3650)]
    pub decision_cycle_full_days: i32,
    /// …one within this many days earns `decision_cycle_partial_percent` of them.
    #[schema(minimum = 1, maximum = 3650)]
    pub decision_cycle_partial_days: i32,
    /// See `decision_cycle_partial_days`.
    #[schema(minimum = 0, maximum = 100)]
    pub decision_cycle_partial_percent: i32,
}

impl Default for GradingRules {
    fn default() -> Self {
        Self {
            weights: Weights {
                visits: 15.0,
                show_flat: 10.0,
                customer_calls: 5.0,
                subscription: 15.0,
                intents: 5.0,
                recency: 20.0,
                frequency: 10.0,
                budget: 7.0,
                down_payment: 3.0,
                decision_cycle: 5.0,
                decision_maker: 5.0,
            },
            thresholds: Thresholds { a: 70.0, b: 50.0, c: 25.0 },
            visits_for_full: 2,
            show_flat_for_full: 1,
            customer_calls_for_full: 2,
            intents_for_full: 1,
            recency_full_days: 3,
            recency_zero_days: 45,
            frequency_window_days: 30,
            frequency_for_full: 5,
            typical_unit_price_fen: None,
            down_payment_percent: 30,
            decision_cycle_full_days: 30,
            decision_cycle_partial_days: 90,
            decision_cycle_partial_percent: 40,
        }
    }
}

impl Weights {
    fn all(&self) -> [(&'static str, f64); 11] {
        [
            ("visits", self.visits),
            ("show_flat", self.show_flat),
            ("customer_calls", self.customer_calls),
            ("subscription", self.subscription),
            ("intents", self.intents),
            ("recency", self.recency),
            ("frequency", self.frequency),
            ("budget", self.budget),
            ("down_payment", self.down_payment),
            ("decision_cycle", self.decision_cycle),
            ("decision_maker", self.decision_maker),
        ]
    }
}

impl GradingRules {
    /// Field errors of rules a manager proposes; empty when they can be saved.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let weights = self.weights.all();
        for (name, weight) in weights {
            if !(0.0..=100.0).contains(&weight) {
                errors.push(FieldError::new(format!("weights.{name}"), "must be between 0 and 100"));
            }
        }
        let total: f64 = weights.iter().map(|(_, w)| w).sum();
        if (total - 100.0).abs() > 1e-6 {
            errors.push(FieldError::new("weights", format!("must add up to 100 (they add up to {total})")));
        }
        let t = self.thresholds;
        if !(0.0 < t.c && t.c < t.b && t.b < t.a && t.a <= 100.0) {
            errors.push(FieldError::new("thresholds", "must rise from c to b to a, within 0 to 100"));
        }
        for (name, value) in [
            ("visits_for_full", self.visits_for_full),
            ("show_flat_for_full", self.show_flat_for_full),
            ("customer_calls_for_full", self.customer_calls_for_full),
            ("intents_for_full", self.intents_for_full),
            ("frequency_window_days", self.frequency_window_days),
            ("frequency_for_full", self.frequency_for_full),
            ("decision_cycle_full_days", self.decision_cycle_full_days),
        ] {
            if !(1..=3650).contains(&value) {
                errors.push(FieldError::new(name, "must be between 1 and 3650"));
            }
        }
        if !(0 <= self.recency_full_days
            && self.recency_full_days < self.recency_zero_days
            && self.recency_zero_days <= 3650)
        {
            errors.push(FieldError::new("recency_zero_days", "must be after recency_full_days, within 3650"));
        }
        if self.decision_cycle_partial_days < self.decision_cycle_full_days {
            errors.push(FieldError::new("decision_cycle_partial_days", "must not be before decision_cycle_full_days"));
        }
        if !(0..=100).contains(&self.decision_cycle_partial_percent) {
            errors.push(FieldError::new("decision_cycle_partial_percent", "must be between 0 and 100"));
        }
        if !(1..=100).contains(&self.down_payment_percent) {
            errors.push(FieldError::new("down_payment_percent", "must be between 1 and 100"));
        }
        if self.typical_unit_price_fen.is_some_and(|p| p <= 0) {
            errors.push(FieldError::new("typical_unit_price_fen", "must be positive"));
        }
        errors
    }
}

/// Rules are checked as a whole by [`GradingRules::problems`] in the service (weights must
/// add up, thresholds must rise), which field-level derive rules cannot express.
impl validator::Validate for GradingRules {
    fn validate(&self) -> Result<(), validator::ValidationErrors> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid_and_bad_rules_name_their_fields() {
        assert!(GradingRules::default().problems().is_empty());
        let mut rules = GradingRules::default();
        rules.weights.visits = 30.0;
        rules.thresholds.b = 80.0;
        rules.recency_zero_days = 1;
        let fields: Vec<String> = rules.problems().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["weights", "thresholds", "recency_zero_days"]);
    }
}
