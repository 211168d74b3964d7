//! Deals (签约) and the money that follows them: the payment plan a deal is signed with
//! (一次性, 分期, 按揭), the payments received and what is still due (回款), a change of unit
//! (换房), a cancellation (退房), and the commissions (结佣) a channel's buyer earns it.
//!
//! A deal is made when a reservation is signed (`POST /reservations/{id}/sign`, served
//! here, since signing is where a deal begins); booking keeps units and reservations and
//! knows nothing of deals. Commission rules are the channels'; what a deal accrues under
//! them is kept here, with a copy of the rule.

pub mod dto;
pub mod handlers;
pub mod lifecycle;
pub mod model;
pub mod plan;
pub mod receivable;
pub mod service;

pub use handlers::configure;

crate::text_enum! {
    /// Where a deal stands. A change of unit keeps it `signed`.
    pub enum DealStatus {
        /// The contract stands.
        Signed = "signed",
        /// Cancelled (退房): the unit is back on sale.
        Cancelled = "cancelled",
    }
}

crate::text_enum! {
    /// How a deal is paid.
    pub enum PlanKind {
        /// 一次性: the whole price is due at signing.
        Full = "full",
        /// 分期: instalments with their due dates.
        Installments = "installments",
        /// 按揭: a down payment, then a bank loan through `applied` → `approved` → `disbursed`.
        Mortgage = "mortgage",
    }
}

crate::text_enum! {
    /// What one item of a deal's schedule is.
    pub enum DueKind {
        /// The whole price, due at signing.
        Full = "full",
        /// One instalment.
        Installment = "installment",
        /// A mortgage's down payment.
        DownPayment = "down_payment",
        /// A mortgage's loan: due when disbursed.
        Loan = "loan",
        /// The extra due after a change to a dearer unit.
        Adjustment = "adjustment",
    }
}

crate::text_enum! {
    /// How far a deal's mortgage has come.
    pub enum MortgageStage {
        /// Applied for at the bank.
        Applied = "applied",
        /// Approved by the bank.
        Approved = "approved",
        /// The loan is paid out: it is due from then.
        Disbursed = "disbursed",
    }
}

crate::text_enum! {
    /// How money was paid.
    pub enum PaymentMethod {
        /// A bank transfer.
        BankTransfer = "bank_transfer",
        /// A card at the office's POS terminal.
        Pos = "pos",
        /// Cash.
        Cash = "cash",
        /// A commercial mortgage loan (mortgage plans only).
        MortgageLoan = "mortgage_loan",
        /// A housing provident fund loan (公积金贷款; mortgage plans only).
        ProvidentFundLoan = "provident_fund_loan",
    }
}

impl PaymentMethod {
    /// Whether the money is a loan paid out by a bank or the fund.
    pub fn is_loan(self) -> bool {
        matches!(self, PaymentMethod::MortgageLoan | PaymentMethod::ProvidentFundLoan)
    }
}

crate::text_enum! {
    /// Which way money moved.
    pub enum PaymentKind {
        /// Received from the buyer (回款).
        Payment = "payment",
        /// Paid back to the buyer on a cancellation.
        Refund = "refund",
    }
}

crate::text_enum! {
    /// Where a commission stands.
    pub enum CommissionStatus {
        /// Earned at signing, its milestone not yet reached.
        Accrued = "accrued",
        /// The milestone is reached: finance may pay it.
        Payable = "payable",
        /// Paid (with a reference).
        Paid = "paid",
        /// The deal was cancelled: taken back, before or after payment.
        ClawedBack = "clawed_back",
    }
}
