//! Follow-up cadence: how many days may pass between contacts, per grade. An A buyer
//! (likely to buy within a month) is called every few days; a D buyer monthly.

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::words::Grade;

/// Days between contacts for each grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Cadence {
    /// Grade A.
    pub a_days: i32,
    /// Grade B.
    pub b_days: i32,
    /// Grade C, and leads not graded yet.
    pub c_days: i32,
    /// Grade D.
    pub d_days: i32,
}

impl Default for Cadence {
    fn default() -> Self {
        Self { a_days: 3, b_days: 7, c_days: 14, d_days: 30 }
    }
}

impl Cadence {
    /// The days allowed between contacts for a grade; an ungraded lead counts as C.
    pub fn days_for(&self, grade: Option<Grade>) -> i32 {
        match grade {
            Some(Grade::A) => self.a_days,
            Some(Grade::B) => self.b_days,
            Some(Grade::C) | None => self.c_days,
            Some(Grade::D) => self.d_days,
        }
    }

    /// When the next contact is due after one at `at`.
    pub fn next_after(&self, grade: Option<Grade>, at: NaiveDateTime) -> NaiveDateTime {
        at + Duration::days(i64::from(self.days_for(grade)))
    }

    /// Field errors of a cadence a manager proposes: 1–365 days each, and a better grade
    /// never waits longer than a worse one.
    pub fn problems(&self) -> Vec<crate::error::FieldError> {
        let days = [("a_days", self.a_days), ("b_days", self.b_days), ("c_days", self.c_days), ("d_days", self.d_days)];
        let mut errors: Vec<_> = days
            .iter()
            .filter(|(_, d)| !(1..=365).contains(d))
            .map(|(field, _)| crate::error::FieldError::new(*field, "must be between 1 and 365"))
            .collect();
        if errors.is_empty() {
            errors.extend(days.windows(2).filter(|pair| pair[0].1 > pair[1].1).map(|pair| {
                crate::error::FieldError::new(pair[1].0, format!("must not be shorter than {}", pair[0].0))
            }));
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_grade_has_its_days_and_ungraded_leads_count_as_c() {
        let cadence = Cadence::default();
        let table = [(Some(Grade::A), 3), (Some(Grade::B), 7), (Some(Grade::C), 14), (Some(Grade::D), 30), (None, 14)];
        for (grade, days) in table {
            assert_eq!(cadence.days_for(grade), days, "{grade:?}");
        }
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).and_then(|d| d.and_hms_opt(10, 0, 0)).expect("a time");
        assert_eq!(cadence.next_after(Some(Grade::A), at), at + Duration::days(3));
    }

    #[test]
    fn a_proposed_cadence_must_be_in_range_and_ordered() {
        assert!(Cadence::default().problems().is_empty());
        let out_of_range = Cadence { a_days: 0, b_days: 7, c_days: 14, d_days: 400 };
        let fields: Vec<String> = out_of_range.problems().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["a_days", "d_days"]);
        let unordered = Cadence { a_days: 10, b_days: 7, c_days: 14, d_days: 30 };
        assert_eq!(unordered.problems()[0].field, "b_days");
    }
}
