//! The sincerity score: rules + facts → score, grade and the points of each factor, so a
//! salesperson can see why a buyer is a B and what would make them an A. Pure: no
//! database, no clock (the caller measures days).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rules::GradingRules;
use crate::words::Grade;

/// What is known about a buyer, as the score reads it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Facts {
    pub visits: i32,
    pub show_flat_visits: i32,
    pub customer_calls: i32,
    pub subscribed: bool,
    pub intents: i32,
    /// Days since the last contact; `None` before the first one (registering is no contact).
    pub days_since_contact: Option<i64>,
    /// Contacts within the rules' frequency window.
    pub contacts_in_window: i32,
    pub budget_max_fen: Option<i64>,
    pub down_payment_fen: Option<i64>,
    pub decision_cycle_days: Option<i32>,
    pub decision_maker_visited: bool,
}

crate::text_enum! {
    /// One factor of the score.
    pub enum Factor {
        /// Visits to the sales office.
        Visits = "visits",
        /// Visits to the show flat (样板间).
        ShowFlat = "show_flat",
        /// Calls and messages the buyer started.
        CustomerCalls = "customer_calls",
        /// A paid subscription deposit (认筹).
        Subscription = "subscription",
        /// Units the buyer ranked as wishes.
        Intents = "intents",
        /// Days since the last contact.
        Recency = "recency",
        /// Contacts within the rules' frequency window.
        Frequency = "frequency",
        /// The budget the buyer stated.
        Budget = "budget",
        /// The down payment the buyer has ready.
        DownPayment = "down_payment",
        /// How many days the buyer expects to take to decide.
        DecisionCycle = "decision_cycle",
        /// Whether the decision maker has visited.
        DecisionMaker = "decision_maker",
    }
}

/// What one factor contributed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Component {
    pub factor: Factor,
    /// The fact itself (a count, days, a ratio, 1/0); null when unknown.
    pub value: Option<f64>,
    /// Points earned, out of the factor's weight.
    pub points: f64,
}

/// The outcome of scoring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scored {
    /// 0–100, one decimal.
    pub score: f64,
    pub grade: Grade,
    pub components: Vec<Component>,
}

fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `weight` × the share of `count` in `full`, capped at the whole weight.
fn saturating(weight: f64, count: i32, full: i32) -> f64 {
    weight * (f64::from(count.max(0)) / f64::from(full.max(1))).min(1.0)
}

/// The grade a score earns under the thresholds.
pub fn grade_for(score: f64, rules: &GradingRules) -> Grade {
    let t = rules.thresholds;
    if score >= t.a {
        Grade::A
    } else if score >= t.b {
        Grade::B
    } else if score >= t.c {
        Grade::C
    } else {
        Grade::D
    }
}

/// Scores a buyer.
pub fn score(rules: &GradingRules, facts: &Facts) -> Scored {
    let w = rules.weights;
    let mut components = Vec::with_capacity(11);
    let mut add =
        |factor, value: Option<f64>, points: f64| components.push(Component { factor, value, points: tenth(points) });

    add(Factor::Visits, Some(f64::from(facts.visits)), saturating(w.visits, facts.visits, rules.visits_for_full));
    add(
        Factor::ShowFlat,
        Some(f64::from(facts.show_flat_visits)),
        saturating(w.show_flat, facts.show_flat_visits, rules.show_flat_for_full),
    );
    add(
        Factor::CustomerCalls,
        Some(f64::from(facts.customer_calls)),
        saturating(w.customer_calls, facts.customer_calls, rules.customer_calls_for_full),
    );
    add(
        Factor::Subscription,
        Some(f64::from(u8::from(facts.subscribed))),
        if facts.subscribed { w.subscription } else { 0.0 },
    );
    add(Factor::Intents, Some(f64::from(facts.intents)), saturating(w.intents, facts.intents, rules.intents_for_full));

    let recency = facts.days_since_contact.map_or(0.0, |days| {
        let (full, zero) = (i64::from(rules.recency_full_days), i64::from(rules.recency_zero_days));
        if days <= full {
            w.recency
        } else if days >= zero {
            0.0
        } else {
            w.recency * (zero - days) as f64 / (zero - full) as f64
        }
    });
    add(Factor::Recency, facts.days_since_contact.map(|d| d as f64), recency);
    add(
        Factor::Frequency,
        Some(f64::from(facts.contacts_in_window)),
        saturating(w.frequency, facts.contacts_in_window, rules.frequency_for_full),
    );

    let price = rules.typical_unit_price_fen.filter(|p| *p > 0).map(|p| p as f64);
    let budget_ratio = price.zip(facts.budget_max_fen).map(|(price, budget)| budget.max(0) as f64 / price);
    add(Factor::Budget, budget_ratio.map(tenth_ratio), budget_ratio.map_or(0.0, |r| w.budget * r.min(1.0)));
    let needed = price.map(|p| p * f64::from(rules.down_payment_percent) / 100.0);
    let down_ratio = needed.zip(facts.down_payment_fen).map(|(needed, down)| down.max(0) as f64 / needed);
    add(Factor::DownPayment, down_ratio.map(tenth_ratio), down_ratio.map_or(0.0, |r| w.down_payment * r.min(1.0)));

    let cycle = facts.decision_cycle_days.map_or(0.0, |days| {
        if days <= rules.decision_cycle_full_days {
            w.decision_cycle
        } else if days <= rules.decision_cycle_partial_days {
            w.decision_cycle * f64::from(rules.decision_cycle_partial_percent) / 100.0
        } else {
            0.0
        }
    });
    add(Factor::DecisionCycle, facts.decision_cycle_days.map(f64::from), cycle);
    add(
        Factor::DecisionMaker,
        Some(f64::from(u8::from(facts.decision_maker_visited))),
        if facts.decision_maker_visited { w.decision_maker } else { 0.0 },
    );

    let score = tenth(components.iter().map(|c| c.points).sum::<f64>().clamp(0.0, 100.0));
    Scored { score, grade: grade_for(score, rules), components }
}

/// Ratios are shown to two decimals.
fn tenth_ratio(r: f64) -> f64 {
    (r * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRICE: i64 = 300_000_000; // a typical unit: 3,000,000 yuan, in fen

    fn rules() -> GradingRules {
        GradingRules { typical_unit_price_fen: Some(PRICE), ..GradingRules::default() }
    }

    /// Realistic buyers, and the grade a sales director would give each.
    #[test]
    fn realistic_buyers_get_the_grade_a_director_would_give() {
        let cases: [(&str, Facts, Grade); 7] = [
            (
                "an online inquiry, one call out, nothing known",
                Facts { days_since_contact: Some(0), contacts_in_window: 1, ..Facts::default() },
                Grade::D,
            ),
            ("registered, never reached", Facts::default(), Grade::D),
            (
                "walked in once today, budget unknown",
                Facts { visits: 1, days_since_contact: Some(0), contacts_in_window: 1, ..Facts::default() },
                Grade::C,
            ),
            (
                "two visits and a viewing, budget fits, deciding in two months",
                Facts {
                    visits: 2,
                    show_flat_visits: 1,
                    days_since_contact: Some(2),
                    contacts_in_window: 3,
                    budget_max_fen: Some(PRICE),
                    decision_cycle_days: Some(60),
                    ..Facts::default()
                },
                Grade::B,
            ),
            (
                "hot: visits, viewing, calls back, money ready, decides within a month with the spouse",
                Facts {
                    visits: 2,
                    show_flat_visits: 1,
                    customer_calls: 1,
                    days_since_contact: Some(1),
                    contacts_in_window: 4,
                    budget_max_fen: Some(PRICE),
                    down_payment_fen: Some(PRICE / 3),
                    decision_cycle_days: Some(20),
                    decision_maker_visited: true,
                    ..Facts::default()
                },
                Grade::A,
            ),
            (
                "was hot, silent for two months",
                Facts {
                    visits: 2,
                    show_flat_visits: 1,
                    customer_calls: 1,
                    days_since_contact: Some(60),
                    budget_max_fen: Some(PRICE),
                    down_payment_fen: Some(PRICE / 3),
                    decision_cycle_days: Some(20),
                    decision_maker_visited: true,
                    ..Facts::default()
                },
                Grade::C,
            ),
            (
                "paid the deposit and chose units",
                Facts {
                    visits: 2,
                    show_flat_visits: 1,
                    subscribed: true,
                    intents: 2,
                    days_since_contact: Some(3),
                    contacts_in_window: 3,
                    budget_max_fen: Some(PRICE),
                    ..Facts::default()
                },
                Grade::A,
            ),
        ];
        for (buyer, facts, grade) in cases {
            let scored = score(&rules(), &facts);
            assert_eq!(scored.grade, grade, "{buyer}: score {}", scored.score);
        }
    }

    #[test]
    fn components_explain_the_score_and_add_up() {
        let facts = Facts {
            visits: 1,
            days_since_contact: Some(24),
            contacts_in_window: 2,
            budget_max_fen: Some(PRICE / 2),
            decision_cycle_days: Some(60),
            ..Facts::default()
        };
        let scored = score(&rules(), &facts);
        let points = |factor| scored.components.iter().find(|c| c.factor == factor).map(|c| (c.value, c.points));
        assert_eq!(points(Factor::Visits), Some((Some(1.0), 7.5)));
        assert_eq!(points(Factor::Recency), Some((Some(24.0), 10.0)), "halfway from 3 to 45 days");
        assert_eq!(points(Factor::Frequency), Some((Some(2.0), 4.0)));
        assert_eq!(points(Factor::Budget), Some((Some(0.5), 3.5)));
        assert_eq!(points(Factor::DownPayment), Some((None, 0.0)), "unknown down payment");
        assert_eq!(points(Factor::DecisionCycle), Some((Some(60.0), 2.0)));
        assert_eq!(scored.components.len(), 11);
        assert_eq!(scored.score, 27.0);
        assert_eq!(scored.grade, Grade::C);
    }

    #[test]
    fn without_a_typical_price_budget_earns_nothing_and_caps_hold() {
        let rich = Facts { visits: 9, budget_max_fen: Some(PRICE * 10), ..Facts::default() };
        let unpriced = score(&GradingRules::default(), &rich);
        assert_eq!(unpriced.components.iter().find(|c| c.factor == Factor::Budget).map(|c| c.points), Some(0.0));
        let priced = score(&rules(), &rich);
        assert_eq!(priced.score, 15.0 + 7.0, "visits and budget capped at their weights");
    }

    #[test]
    fn thresholds_cut_grades_at_their_values() {
        let rules = rules();
        for (score, grade) in
            [(70.0, Grade::A), (69.9, Grade::B), (50.0, Grade::B), (25.0, Grade::C), (24.9, Grade::D), (0.0, Grade::D)]
        {
            assert_eq!(grade_for(score, &rules), grade, "{score}");
        }
    }
}
