//! Where deals, their mortgages and their commissions may go, as pure tables; the model's
//! writers refuse any other move.
//!
//! Deals: `signed → cancelled`. Mortgages: (none) → `applied` → `approved` → `disbursed`,
//! one stage at a time. Commissions: `accrued → payable → paid`, and any of those →
//! `clawed_back` when the deal is cancelled.

use super::{CommissionStatus, DealStatus, MortgageStage};

/// Whether a deal may move from `from` to `to`.
pub fn deal_may_move(from: DealStatus, to: DealStatus) -> bool {
    matches!((from, to), (DealStatus::Signed, DealStatus::Cancelled))
}

/// The stage a mortgage at `from` moves to next.
pub fn next_stage(from: Option<MortgageStage>) -> Option<MortgageStage> {
    match from {
        None => Some(MortgageStage::Applied),
        Some(MortgageStage::Applied) => Some(MortgageStage::Approved),
        Some(MortgageStage::Approved) => Some(MortgageStage::Disbursed),
        Some(MortgageStage::Disbursed) => None,
    }
}

/// Whether a commission may move from `from` to `to`.
pub fn commission_may_move(from: CommissionStatus, to: CommissionStatus) -> bool {
    use CommissionStatus::*;
    matches!((from, to), (Accrued, Payable) | (Payable, Paid) | (Accrued | Payable | Paid, ClawedBack))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::sql_types::TextWords;

    #[test]
    fn a_deal_is_cancelled_once_and_never_comes_back() {
        assert!(deal_may_move(DealStatus::Signed, DealStatus::Cancelled));
        assert!(!deal_may_move(DealStatus::Cancelled, DealStatus::Signed));
        assert!(!deal_may_move(DealStatus::Cancelled, DealStatus::Cancelled));
    }

    #[test]
    fn a_mortgage_moves_one_stage_at_a_time() {
        assert_eq!(next_stage(None), Some(MortgageStage::Applied));
        assert_eq!(next_stage(Some(MortgageStage::Applied)), Some(MortgageStage::Approved));
        assert_eq!(next_stage(Some(MortgageStage::Approved)), Some(MortgageStage::Disbursed));
        assert_eq!(next_stage(Some(MortgageStage::Disbursed)), None);
    }

    #[test]
    fn commissions_move_exactly_as_the_money_goes() {
        use CommissionStatus::*;
        let all: Vec<CommissionStatus> =
            CommissionStatus::words().into_iter().filter_map(CommissionStatus::parse).collect();
        let allowed =
            [(Accrued, Payable), (Payable, Paid), (Accrued, ClawedBack), (Payable, ClawedBack), (Paid, ClawedBack)];
        for from in &all {
            for to in &all {
                assert_eq!(commission_may_move(*from, *to), allowed.contains(&(*from, *to)), "{from} → {to}");
            }
        }
    }
}
