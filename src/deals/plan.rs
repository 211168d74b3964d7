//! Payment plans as schedules: what a plan makes due and when, checked against the price,
//! and how a change of price reshapes the schedule. Pure, tested here.

use chrono::NaiveDate;

use super::dto::PaymentPlanRequest;
use super::{DueKind, PlanKind};
use crate::error::FieldError;

/// The most instalments a plan may have.
pub const MAX_INSTALLMENTS: usize = 60;

/// One item of a deal's schedule, in order. A loan has no date until it is disbursed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub kind: DueKind,
    pub due_on: Option<NaiveDate>,
    pub amount_fen: i64,
}

fn field(name: &str, message: impl Into<String>) -> Vec<FieldError> {
    vec![FieldError::new(name, message)]
}

/// The schedule a plan makes for a deal of `price_fen` signed on `signed_on` (the project's
/// date), or the field errors that say why the plan does not fit the price.
pub fn schedule(plan: &PaymentPlanRequest, price_fen: i64, signed_on: NaiveDate) -> Result<Vec<Due>, Vec<FieldError>> {
    let stray = |name: &str, present: bool| -> Result<(), Vec<FieldError>> {
        if present {
            Err(field(&format!("payment_plan.{name}"), format!("is not part of a {} plan", plan.kind)))
        } else {
            Ok(())
        }
    };
    match plan.kind {
        PlanKind::Full => {
            stray("installments", plan.installments.is_some())?;
            stray("down_payment_fen", plan.down_payment_fen.is_some())?;
            stray("down_payment_due_at", plan.down_payment_due_at.is_some())?;
            stray("loan_fen", plan.loan_fen.is_some())?;
            Ok(vec![Due { kind: DueKind::Full, due_on: Some(signed_on), amount_fen: price_fen }])
        }
        PlanKind::Installments => {
            stray("down_payment_fen", plan.down_payment_fen.is_some())?;
            stray("down_payment_due_at", plan.down_payment_due_at.is_some())?;
            stray("loan_fen", plan.loan_fen.is_some())?;
            let items = plan.installments.as_deref().unwrap_or_default();
            if items.is_empty() || items.len() > MAX_INSTALLMENTS {
                return Err(field(
                    "payment_plan.installments",
                    format!("must list 1 to {MAX_INSTALLMENTS} instalments"),
                ));
            }
            if items.windows(2).any(|pair| pair[1].due_at < pair[0].due_at) {
                return Err(field("payment_plan.installments", "must be in the order they fall due"));
            }
            let total: i128 = items.iter().map(|i| i128::from(i.amount_fen)).sum();
            if total != i128::from(price_fen) {
                return Err(field(
                    "payment_plan.installments",
                    format!("add up to {total} fen, not the price of {price_fen} fen"),
                ));
            }
            Ok(items
                .iter()
                .map(|i| Due { kind: DueKind::Installment, due_on: Some(i.due_at), amount_fen: i.amount_fen })
                .collect())
        }
        PlanKind::Mortgage => {
            stray("installments", plan.installments.is_some())?;
            let (Some(down), Some(due_at), Some(loan)) =
                (plan.down_payment_fen, plan.down_payment_due_at, plan.loan_fen)
            else {
                return Err(field(
                    "payment_plan",
                    "a mortgage plan needs down_payment_fen, down_payment_due_at and loan_fen",
                ));
            };
            if i128::from(down) + i128::from(loan) != i128::from(price_fen) {
                return Err(field(
                    "payment_plan.loan_fen",
                    format!("the down payment and the loan must add up to the price of {price_fen} fen"),
                ));
            }
            Ok(vec![
                Due { kind: DueKind::DownPayment, due_on: Some(due_at), amount_fen: down },
                Due { kind: DueKind::Loan, due_on: None, amount_fen: loan },
            ])
        }
    }
}

/// The schedule after the price moves from its total to `new_price_fen` on `changed_on`: a
/// dearer deal owes the difference at once (an `adjustment` due that day); a cheaper one owes
/// less, taken off the last items first (the loan before the down payment).
pub fn reprice(dues: &[Due], new_price_fen: i64, changed_on: NaiveDate) -> Vec<Due> {
    let total: i64 = dues.iter().map(|d| d.amount_fen).sum();
    let mut repriced = dues.to_vec();
    if new_price_fen > total {
        repriced.push(Due { kind: DueKind::Adjustment, due_on: Some(changed_on), amount_fen: new_price_fen - total });
    } else {
        let mut less = total - new_price_fen;
        for due in repriced.iter_mut().rev() {
            let cut = less.min(due.amount_fen);
            due.amount_fen -= cut;
            less -= cut;
        }
    }
    repriced
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deals::dto::InstallmentRequest;

    fn date(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, d).expect("a date")
    }

    fn plan(kind: PlanKind) -> PaymentPlanRequest {
        PaymentPlanRequest {
            kind,
            installments: None,
            down_payment_fen: None,
            down_payment_due_at: None,
            loan_fen: None,
        }
    }

    fn fields(result: Result<Vec<Due>, Vec<FieldError>>) -> Vec<String> {
        result.err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_full_plan_owes_the_price_on_the_day_of_signing() {
        let dues = schedule(&plan(PlanKind::Full), 1_000, date(1, 5)).expect("a schedule");
        assert_eq!(dues, vec![Due { kind: DueKind::Full, due_on: Some(date(1, 5)), amount_fen: 1_000 }]);
        let with_loan = PaymentPlanRequest { loan_fen: Some(5), ..plan(PlanKind::Full) };
        assert_eq!(fields(schedule(&with_loan, 1_000, date(1, 5))), vec!["payment_plan.loan_fen"]);
    }

    #[test]
    fn instalments_must_add_up_to_the_price_and_fall_due_in_order() {
        let items = |amounts: &[(u32, i64)]| PaymentPlanRequest {
            installments: Some(
                amounts.iter().map(|(m, a)| InstallmentRequest { due_at: date(*m, 1), amount_fen: *a }).collect(),
            ),
            ..plan(PlanKind::Installments)
        };
        let dues = schedule(&items(&[(1, 300), (3, 700)]), 1_000, date(1, 1)).expect("a schedule");
        assert_eq!(dues.iter().map(|d| d.amount_fen).collect::<Vec<_>>(), vec![300, 700]);
        assert_eq!(
            fields(schedule(&items(&[(1, 300), (3, 600)]), 1_000, date(1, 1))),
            vec!["payment_plan.installments"]
        );
        assert_eq!(
            fields(schedule(&items(&[(3, 300), (1, 700)]), 1_000, date(1, 1))),
            vec!["payment_plan.installments"]
        );
        assert_eq!(fields(schedule(&items(&[]), 1_000, date(1, 1))), vec!["payment_plan.installments"]);
    }

    #[test]
    fn a_mortgage_owes_its_down_payment_on_a_date_and_its_loan_when_disbursed() {
        let mortgage = PaymentPlanRequest {
            down_payment_fen: Some(300),
            down_payment_due_at: Some(date(2, 1)),
            loan_fen: Some(700),
            ..plan(PlanKind::Mortgage)
        };
        let dues = schedule(&mortgage, 1_000, date(1, 1)).expect("a schedule");
        assert_eq!(dues[1], Due { kind: DueKind::Loan, due_on: None, amount_fen: 700 });
        assert_eq!(fields(schedule(&mortgage, 1_001, date(1, 1))), vec!["payment_plan.loan_fen"]);
        let no_loan = PaymentPlanRequest { loan_fen: None, ..mortgage };
        assert_eq!(fields(schedule(&no_loan, 1_000, date(1, 1))), vec!["payment_plan"]);
    }

    #[test]
    fn a_dearer_unit_owes_the_difference_at_once_and_a_cheaper_one_takes_it_off_the_end() {
        let dues = vec![
            Due { kind: DueKind::DownPayment, due_on: Some(date(2, 1)), amount_fen: 300 },
            Due { kind: DueKind::Loan, due_on: None, amount_fen: 700 },
        ];
        let dearer = reprice(&dues, 1_200, date(3, 1));
        assert_eq!(dearer[2], Due { kind: DueKind::Adjustment, due_on: Some(date(3, 1)), amount_fen: 200 });
        let cheaper = reprice(&dues, 200, date(3, 1));
        assert_eq!(cheaper.iter().map(|d| d.amount_fen).collect::<Vec<_>>(), vec![200, 0]);
        assert_eq!(reprice(&dues, 1_000, date(3, 1)), dues, "the same price changes nothing");
    }
}
