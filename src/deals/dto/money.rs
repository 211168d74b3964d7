//! Bodies of payments (回款) and receivables.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::deals::{MortgageStage, PaymentKind, PaymentMethod, PlanKind};

/// Money received for a deal.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount_fen": 105600000, "method": "bank_transfer", "paid_at": "2026-12-01T02:00:00Z", "receipt_no": "SK-2026-0042"}))]
pub struct PaymentRequest {
    #[schema(minimum = 1, maximum = 1e12)]
    pub amount_fen: i64,
    pub method: PaymentMethod,
    pub paid_at: DateTime<Utc>,
    /// The receipt's number, unique in the project: a repeat is the same payment.
    #[schema(min_length = 1, max_length = 64)]
    pub receipt_no: String,
}

/// A payment or refund as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PaymentView {
    pub id: Uuid,
    pub deal_id: Uuid,
    pub kind: PaymentKind,
    pub amount_fen: i64,
    pub method: PaymentMethod,
    pub paid_at: DateTime<Utc>,
    /// Null for a refund.
    pub receipt_no: Option<String>,
    pub recorded_by: Uuid,
    pub created_at: DateTime<Utc>,
}

/// As of which day.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReceivablesQuery {
    /// The project's date (default today): items due by its end, collections made by then.
    pub as_of: Option<NaiveDate>,
}

/// Overdue payments of the caller's projects.
#[derive(Debug, Default, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PaymentsOverdueQuery {
    /// Only this project.
    pub project_id: Option<Uuid>,
}

/// One deal's receivable.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReceivableView {
    pub deal_id: Uuid,
    pub project_id: Uuid,
    pub contract_no: String,
    pub unit_id: Uuid,
    pub building: String,
    pub room: String,
    pub lead_id: Uuid,
    /// The buyer's name (no contact details).
    pub lead_name: String,
    pub owner_id: Uuid,
    pub plan_kind: PlanKind,
    pub price_fen: i64,
    /// Due on or before the day.
    pub due_fen: i64,
    /// Collected by the end of the day, net of refunds.
    pub collected_fen: i64,
    /// The price not yet collected.
    pub outstanding_fen: i64,
    /// Due before the day and not collected.
    pub overdue_fen: i64,
    /// Days since the oldest uncollected item fell due.
    pub days_overdue: i64,
    pub oldest_overdue_on: Option<NaiveDate>,
    pub mortgage_stage: Option<MortgageStage>,
}

/// Sums over a project's signed deals.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct ReceivableTotals {
    pub deals: i64,
    pub price_fen: i64,
    pub due_fen: i64,
    pub collected_fen: i64,
    pub outstanding_fen: i64,
    pub overdue_fen: i64,
    /// Deals with something overdue.
    pub overdue_deals: i64,
}

/// A project's receivables (回款) on a day: every signed deal, worst first (longest overdue,
/// then most overdue, then most outstanding).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReceivablesView {
    pub project_id: Uuid,
    pub as_of: NaiveDate,
    pub totals: ReceivableTotals,
    pub items: Vec<ReceivableView>,
}

/// The overdue payments of the caller's projects today, worst first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PaymentsOverdueView {
    pub items: Vec<ReceivableView>,
}
