//! Bodies of signing, deals, changes of unit and cancellations.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::{CommissionView, PaymentView};
use crate::deals::{DealStatus, DueKind, MortgageStage, PlanKind};
use crate::words::LostReason;

/// One instalment of a plan.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstallmentRequest {
    /// The project's date it falls due; overdue from the day after.
    pub due_at: NaiveDate,
    #[schema(minimum = 1, maximum = 1e12)]
    pub amount_fen: i64,
}

/// How the deal is paid. `full`: the whole price due on the day of signing;
/// `installments`: the listed instalments, adding up to the price; `mortgage`: a down
/// payment due on a date, and the loan (due when disbursed), adding up to the price.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "mortgage", "down_payment_fen": 105600000, "down_payment_due_at": "2026-12-20", "loan_fen": 246400000}))]
pub struct PaymentPlanRequest {
    pub kind: PlanKind,
    /// For `installments`: 1 to 60, in the order they fall due.
    #[schema(max_items = 60)]
    pub installments: Option<Vec<InstallmentRequest>>,
    /// For `mortgage`: the down payment (首付).
    #[schema(minimum = 1, maximum = 1e12)]
    pub down_payment_fen: Option<i64>,
    /// For `mortgage`: the project's date the down payment falls due.
    pub down_payment_due_at: Option<NaiveDate>,
    /// For `mortgage`: the loan.
    #[schema(minimum = 1, maximum = 1e12)]
    pub loan_fen: Option<i64>,
}

/// The contract of a reservation (认购 → 签约).
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"contract_no": "HT-2026-0001", "price_fen": 352000000, "signed_at": "2026-11-23T08:00:00Z",
    "payment_plan": {"kind": "installments", "installments": [
        {"due_at": "2026-11-30", "amount_fen": 152000000}, {"due_at": "2027-02-28", "amount_fen": 200000000}]}}))]
pub struct SignRequest {
    #[schema(min_length = 1, max_length = 64)]
    pub contract_no: String,
    /// The contract price, in fen.
    #[schema(minimum = 1, maximum = 1e12)]
    pub price_fen: i64,
    pub signed_at: DateTime<Utc>,
    /// Default `{"kind": "full"}`.
    pub payment_plan: Option<PaymentPlanRequest>,
}

/// One item of a deal's schedule.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DueView {
    pub kind: DueKind,
    /// The project's date it falls due; null for a loan not yet disbursed.
    pub due_on: Option<NaiveDate>,
    pub amount_fen: i64,
}

/// A change of unit (换房) as registered.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DealChangeView {
    pub from_unit_id: Uuid,
    pub to_unit_id: Uuid,
    pub from_price_fen: i64,
    pub to_price_fen: i64,
    pub reason: String,
    pub changed_by: Uuid,
    pub changed_at: DateTime<Utc>,
}

/// A deal with its plan, its money and its history. Carries the buyer's name, never their
/// contact details.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DealView {
    pub id: Uuid,
    pub project_id: Uuid,
    pub reservation_id: Uuid,
    pub lead_id: Uuid,
    pub lead_name: String,
    pub unit_id: Uuid,
    pub building: String,
    pub room: String,
    /// The salesperson who held the lead at signing.
    pub owner_id: Uuid,
    /// The channel the buyer came through, if any.
    pub channel_id: Option<Uuid>,
    pub contract_no: String,
    pub price_fen: i64,
    pub status: DealStatus,
    pub plan_kind: PlanKind,
    /// What the plan makes due, in order; adds up to the price.
    pub dues: Vec<DueView>,
    pub mortgage_stage: Option<MortgageStage>,
    pub mortgage_applied_at: Option<DateTime<Utc>>,
    pub mortgage_approved_at: Option<DateTime<Utc>>,
    pub mortgage_disbursed_at: Option<DateTime<Utc>>,
    /// Received, net of refunds.
    pub collected_fen: i64,
    pub refunded_fen: i64,
    /// Price not yet collected (zero once cancelled).
    pub outstanding_fen: i64,
    /// Payments and refunds, in the order they were paid.
    pub payments: Vec<PaymentView>,
    /// Changes of unit, oldest first.
    pub changes: Vec<DealChangeView>,
    /// What the deal earned channels; for managers and finance (empty for others).
    pub commissions: Vec<CommissionView>,
    pub signed_at: DateTime<Utc>,
    pub signed_by: Uuid,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    /// The expected handover (交房), from its building's (`PUT /projects/{id}/building-deliveries`).
    pub delivery_expected_at: Option<chrono::NaiveDate>,
    pub version: i32,
}

/// Filters of a project's deals.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListDealsQuery {
    pub status: Option<DealStatus>,
    /// The salesperson who held the lead at signing.
    pub owner_id: Option<Uuid>,
    pub channel_id: Option<Uuid>,
    /// Signed on or after this day (the project's date).
    pub signed_from: Option<NaiveDate>,
    /// Signed on or before this day (the project's date).
    pub signed_to: Option<NaiveDate>,
}

/// A change of unit (换房).
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"to_unit_id": "0193a7c0-0000-7000-8000-000000000009", "price_fen": 361000000, "reason": "客户改选高楼层"}))]
pub struct ChangeUnitRequest {
    /// An available unit of the deal's project.
    pub to_unit_id: Uuid,
    /// The new contract price.
    #[schema(minimum = 1, maximum = 1e12)]
    pub price_fen: i64,
    #[schema(min_length = 2, max_length = 500)]
    pub reason: String,
}

/// A cancellation (退房).
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "客户贷款未获批", "refund_fen": 105600000, "lost_reason": "financing"}))]
pub struct CancelDealRequest {
    #[schema(min_length = 2, max_length = 500)]
    pub reason: String,
    /// Paid back to the buyer now: at most what was collected (0 for none).
    #[schema(minimum = 0, maximum = 1e12)]
    pub refund_fen: i64,
    /// How the refund is paid; default `bank_transfer`.
    pub refund_method: Option<crate::deals::PaymentMethod>,
    /// Why the buyer is lost (default `other`).
    pub lost_reason: Option<LostReason>,
    /// `true`: the buyer stays a prospect (`visited`) instead of `lost`.
    #[serde(default)]
    pub keep_prospect: bool,
}

/// A mortgage's next stage.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"stage": "approved", "at": "2026-12-10T03:00:00Z"}))]
pub struct MortgageRequest {
    /// The next stage: `applied`, then `approved`, then `disbursed`.
    pub stage: MortgageStage,
    pub at: DateTime<Utc>,
}
