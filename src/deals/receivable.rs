//! What a deal owes as of a day (回款): the items due by then, what was collected by the end
//! of it, and what is overdue — a day past its due date and not covered. Collections pay the
//! earliest items first. Pure, tested here; the day is the project's.

use chrono::NaiveDate;

use super::plan::Due;

/// One deal's standing on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    /// Due on or before the day.
    pub due_fen: i64,
    /// Collected by the end of the day, net of refunds.
    pub collected_fen: i64,
    /// Price not yet collected, whether due or not.
    pub outstanding_fen: i64,
    /// Due before the day and not covered by what was collected.
    pub overdue_fen: i64,
    /// Days since the oldest uncovered item fell due (0 when nothing is overdue).
    pub days_overdue: i64,
    /// The due date of that item.
    pub oldest_overdue_on: Option<NaiveDate>,
}

/// The standing on `as_of` of a schedule (in order) with `collected_fen` received by then.
pub fn standing(dues: &[Due], collected_fen: i64, as_of: NaiveDate) -> Standing {
    let total: i64 = dues.iter().map(|d| d.amount_fen).sum();
    let mut ordered: Vec<&Due> = dues.iter().collect();
    // Dated items by date (a loan dated by its disbursement among them), undated last;
    // the sort is stable, so the schedule's order breaks ties.
    ordered.sort_by_key(|d| (d.due_on.is_none(), d.due_on));
    let mut left = collected_fen.max(0);
    let mut standing =
        Standing { collected_fen, outstanding_fen: (total - collected_fen).max(0), ..Standing::default() };
    for due in ordered {
        let covered = left.min(due.amount_fen);
        left -= covered;
        let Some(due_on) = due.due_on else { continue };
        if due_on <= as_of {
            standing.due_fen += due.amount_fen;
        }
        if due_on < as_of && covered < due.amount_fen {
            standing.overdue_fen += due.amount_fen - covered;
            standing.oldest_overdue_on.get_or_insert(due_on);
        }
    }
    standing.days_overdue = standing.oldest_overdue_on.map_or(0, |on| (as_of - on).num_days());
    standing
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deals::DueKind;

    fn date(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, d).expect("a date")
    }

    fn due(kind: DueKind, on: Option<NaiveDate>, amount_fen: i64) -> Due {
        Due { kind, due_on: on, amount_fen }
    }

    #[test]
    fn an_item_is_due_on_its_day_and_overdue_the_day_after() {
        let dues = [due(DueKind::Full, Some(date(1, 5)), 1_000)];
        let on_the_day = standing(&dues, 0, date(1, 5));
        assert_eq!((on_the_day.due_fen, on_the_day.overdue_fen), (1_000, 0));
        let next_day = standing(&dues, 0, date(1, 6));
        assert_eq!(
            (next_day.overdue_fen, next_day.days_overdue, next_day.oldest_overdue_on),
            (1_000, 1, Some(date(1, 5)))
        );
        assert_eq!(standing(&dues, 0, date(1, 4)).due_fen, 0, "not yet due");
        assert_eq!(
            standing(&dues, 1_000, date(2, 1)),
            Standing { due_fen: 1_000, collected_fen: 1_000, ..Standing::default() }
        );
    }

    #[test]
    fn collections_pay_the_earliest_items_first() {
        let dues = [
            due(DueKind::Installment, Some(date(1, 1)), 300),
            due(DueKind::Installment, Some(date(2, 1)), 300),
            due(DueKind::Installment, Some(date(3, 1)), 400),
        ];
        let part_paid = standing(&dues, 400, date(3, 10));
        assert_eq!(part_paid.due_fen, 1_000);
        assert_eq!(part_paid.overdue_fen, 600, "200 of February's and all of March's");
        assert_eq!((part_paid.oldest_overdue_on, part_paid.days_overdue), (Some(date(2, 1)), 37));
        assert_eq!(part_paid.outstanding_fen, 600);
    }

    #[test]
    fn an_undisbursed_loan_is_outstanding_but_never_overdue() {
        let dues = [due(DueKind::DownPayment, Some(date(1, 1)), 300), due(DueKind::Loan, None, 700)];
        let paid_down = standing(&dues, 300, date(6, 1));
        assert_eq!((paid_down.due_fen, paid_down.overdue_fen, paid_down.outstanding_fen), (300, 0, 700));
        let disbursed = [due(DueKind::DownPayment, Some(date(1, 1)), 300), due(DueKind::Loan, Some(date(5, 1)), 700)];
        assert_eq!(standing(&disbursed, 300, date(5, 3)).overdue_fen, 700);
    }
}
