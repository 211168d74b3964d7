//! Satisfaction surveys, pure: a template's questions and what makes them well formed, a
//! buyer's answers checked against them, and the NPS arithmetic.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::QuestionKind;
use crate::error::FieldError;

/// Most questions a template asks.
pub const MAX_QUESTIONS: usize = 20;
/// Longest free-text answer kept.
pub const MAX_TEXT_ANSWER: usize = 1000;

/// One question of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// How the answer is named (`[a-z0-9_]`, 1–32 characters, unique in the template).
    #[schema(pattern = "^[a-z0-9_]{1,32}$")]
    pub key: String,
    pub kind: QuestionKind,
    /// What the buyer reads.
    #[schema(min_length = 1, max_length = 200)]
    pub text: String,
    /// Whether an answer is needed; default: yes for `nps` and `rating`, no for `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
}

impl Question {
    /// Whether the buyer must answer it.
    pub fn is_required(&self) -> bool {
        self.required.unwrap_or(self.kind != QuestionKind::Text)
    }
}

/// What is wrong with a template's questions (field paths as `questions[i].key`).
pub fn question_problems(questions: &[Question]) -> Vec<FieldError> {
    let mut problems = Vec::new();
    if questions.is_empty() || questions.len() > MAX_QUESTIONS {
        problems.push(FieldError::new("questions", format!("must ask 1 to {MAX_QUESTIONS} questions")));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, q) in questions.iter().enumerate() {
        let well_named = (1..=32).contains(&q.key.len())
            && q.key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !well_named {
            problems.push(FieldError::new(format!("questions[{i}].key"), "must be 1–32 of a-z, 0-9 and _"));
        } else if !seen.insert(q.key.as_str()) {
            problems.push(FieldError::new(format!("questions[{i}].key"), "is used by another question"));
        }
        if q.text.trim().is_empty() || q.text.chars().count() > 200 {
            problems.push(FieldError::new(format!("questions[{i}].text"), "must be 1 to 200 characters"));
        }
    }
    if questions.iter().filter(|q| q.kind == QuestionKind::Nps).count() > 1 {
        problems.push(FieldError::new("questions", "may ask one NPS question at most"));
    }
    problems
}

/// A buyer's answers, checked: what is kept, and the NPS score when the template asks one.
#[derive(Debug, Clone, PartialEq)]
pub struct Answered {
    pub answers: BTreeMap<String, Value>,
    pub nps: Option<i32>,
}

/// Checks the answers against the questions: an `nps` answer is a whole number 0–10, a
/// `rating` 1–5, a `text` a string (trimmed, at most 1,000 characters); every required
/// question answered; nothing the template does not ask.
pub fn check_answers(
    questions: &[Question],
    given: &serde_json::Map<String, Value>,
) -> Result<Answered, Vec<FieldError>> {
    let mut problems = Vec::new();
    let mut answers = BTreeMap::new();
    let mut nps = None;
    for key in given.keys() {
        if !questions.iter().any(|q| &q.key == key) {
            problems.push(FieldError::new(format!("answers.{key}"), "is not a question of this survey"));
        }
    }
    for q in questions {
        let field = format!("answers.{}", q.key);
        let Some(value) = given.get(&q.key).filter(|v| !v.is_null()) else {
            if q.is_required() {
                problems.push(FieldError::new(field, "is required"));
            }
            continue;
        };
        match q.kind {
            QuestionKind::Nps | QuestionKind::Rating => {
                let range = if q.kind == QuestionKind::Nps { 0..=10 } else { 1..=5 };
                match value.as_i64().filter(|n| range.contains(n)) {
                    Some(n) => {
                        if q.kind == QuestionKind::Nps {
                            nps = i32::try_from(n).ok();
                        }
                        answers.insert(q.key.clone(), Value::from(n));
                    }
                    None => problems.push(FieldError::new(
                        field,
                        format!("must be a whole number from {} to {}", range.start(), range.end()),
                    )),
                }
            }
            QuestionKind::Text => match value.as_str().map(str::trim) {
                Some(text) if text.chars().count() <= MAX_TEXT_ANSWER => {
                    if !text.is_empty() {
                        answers.insert(q.key.clone(), Value::from(text));
                    } else if q.is_required() {
                        problems.push(FieldError::new(field, "is required"));
                    }
                }
                _ => problems
                    .push(FieldError::new(field, format!("must be text of at most {MAX_TEXT_ANSWER} characters"))),
            },
        }
    }
    if problems.is_empty() {
        Ok(Answered { answers, nps })
    } else {
        Err(problems)
    }
}

/// Net Promoter Score of a set of 0–10 answers: promoters (9–10) less detractors (0–6), as
/// percentages of all who answered, so −100 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Nps {
    pub promoters: i64,
    pub passives: i64,
    pub detractors: i64,
}

impl Nps {
    pub fn of(scores: impl IntoIterator<Item = i32>) -> Nps {
        let mut nps = Nps::default();
        for score in scores {
            match score {
                9..=10 => nps.promoters += 1,
                7..=8 => nps.passives += 1,
                _ => nps.detractors += 1,
            }
        }
        nps
    }

    /// How many answered.
    pub fn answered(&self) -> i64 {
        self.promoters + self.passives + self.detractors
    }

    /// The score, to one decimal; `None` when nobody answered.
    pub fn score(&self) -> Option<f64> {
        let all = self.answered();
        (all > 0).then(|| ((self.promoters - self.detractors) as f64 * 1000.0 / all as f64).round() / 10.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn question(key: &str, kind: QuestionKind) -> Question {
        Question { key: key.to_owned(), kind, text: "您的评价".to_owned(), required: None }
    }

    #[test]
    fn nps_is_promoters_less_detractors_over_everyone_who_answered() {
        // Five promoters (10, 10, 9, 9, 10), two passives (8, 7), three detractors (6, 3, 0).
        let nps = Nps::of([10, 10, 9, 9, 8, 7, 6, 3, 0, 10]);
        assert_eq!((nps.promoters, nps.passives, nps.detractors), (5, 2, 3));
        assert_eq!(nps.score(), Some(20.0), "50 % − 30 %");
        assert_eq!(Nps::of([7, 8]).score(), Some(0.0), "passives count in the whole, not the score");
        assert_eq!(Nps::of([0, 9, 9]).score(), Some(33.3));
        assert_eq!(Nps::of([]).score(), None);
    }

    #[test]
    fn answers_are_checked_against_the_questions() {
        let questions = [
            question("nps", QuestionKind::Nps),
            question("service", QuestionKind::Rating),
            question("comment", QuestionKind::Text),
        ];
        let ok = json!({"nps": 9, "service": 5, "comment": "  很好  "});
        let answered = check_answers(&questions, ok.as_object().expect("an object")).expect("well answered");
        assert_eq!((answered.nps, answered.answers["comment"].clone()), (Some(9), json!("很好")));

        let bad = json!({"nps": 11, "comment": 3, "extra": 1});
        let problems = check_answers(&questions, bad.as_object().expect("an object")).expect_err("refused");
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["answers.extra", "answers.nps", "answers.service", "answers.comment"]);
    }

    #[test]
    fn a_template_asks_well_named_questions_and_one_nps_at_most() {
        let twice =
            [question("a", QuestionKind::Nps), question("a", QuestionKind::Nps), question("B", QuestionKind::Text)];
        let fields: Vec<String> = question_problems(&twice).into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["questions[1].key", "questions[2].key", "questions"]);
        assert!(question_problems(&[]).iter().any(|p| p.field == "questions"));
    }
}
