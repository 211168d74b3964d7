//! Deals (签约 onwards): payment plans and collections (回款), receivables, changes of unit
//! (换房), cancellations (退房) and channel commissions (结佣).

mod changes;
mod commissions;
mod dates;
mod migration;
mod plans;
mod receivables;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{Reply, Site};

/// When the deal tests' reservations were made: 2026-11-20 10:00 in Shanghai.
pub const RESERVED_AT: &str = "2026-11-20T02:00:00Z";

fn reserved_at() -> chrono::NaiveDateTime {
    chrono::DateTime::parse_from_rfc3339(RESERVED_AT).expect("a moment").naive_utc()
}

impl Site {
    /// Opens sales freely: no deposit needed, up to five units per buyer.
    pub async fn open_sales(&self) {
        let body = json!({"state": "open", "mode": "free", "max_units_per_lead": 5, "requires_subscription": false, "called_up_to": 0});
        let path = format!("/projects/{}/opening", self.project);
        let reply = self.app.call(Method::PUT, &path, Some(&self.manager), Some(body)).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    }

    /// `lead` reserves `unit` (as 王丽, the owner); the reservation's id. It is dated
    /// [`RESERVED_AT`], before the fixed calendar (late November 2026) the deal tests sign,
    /// pay and fall due on.
    pub async fn reserve(&self, unit: Uuid, lead: Uuid) -> Uuid {
        let reply = self.app.post(&format!("/units/{unit}/reservations"), &self.wang, json!({"lead_id": lead})).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        let reservation = reply.id("id");
        self.app.backdate_reservation(reservation, reserved_at());
        reservation
    }

    /// Signs a reservation as 王丽 at `price_fen` under `plan` (None: the default, full).
    pub async fn sign(&self, reservation: Uuid, price_fen: i64, plan: Option<Value>) -> Reply {
        let mut body = json!({"contract_no": format!("HT-{}", &reservation.to_string()[..8]), "price_fen": price_fen,
                              "signed_at": "2026-11-25T02:00:00Z"});
        if let Some(plan) = plan {
            body["payment_plan"] = plan;
        }
        self.app.post(&format!("/reservations/{reservation}/sign"), &self.wang, body).await
    }

    /// A new buyer of 王丽's signs `unit`: the deal's id.
    pub async fn deal(&self, unit: Uuid, n: usize, price_fen: i64, plan: Option<Value>) -> Uuid {
        let lead = self.lead(&self.wang, &format!("买家{n}"), &format!("1360000{n:04}")).await;
        let signed = self.sign(self.reserve(unit, lead).await, price_fen, plan).await;
        assert_eq!(signed.status, StatusCode::OK, "{:?}", signed.body);
        signed.id("deal_id")
    }

    /// Records a payment of the deal as `token`.
    pub async fn pay(
        &self,
        token: &str,
        deal: Uuid,
        amount_fen: i64,
        method: &str,
        paid_at: &str,
        receipt: &str,
    ) -> Reply {
        let body = json!({"amount_fen": amount_fen, "method": method, "paid_at": paid_at, "receipt_no": receipt});
        self.app.post(&format!("/deals/{deal}/payments"), token, body).await
    }

    /// The project's finance clerk: (id, token).
    pub async fn finance(&self) -> (Uuid, String) {
        self.app.sign_in_new("sun.finance", "finance", &[self.project]).await
    }

    /// The deal as its manager reads it.
    pub async fn deal_view(&self, deal: Uuid) -> Value {
        let reply = self.app.get(&format!("/deals/{deal}"), &self.manager).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        reply.body
    }

    /// The status of a unit.
    pub async fn unit_status(&self, unit: Uuid) -> Value {
        self.app.get(&format!("/units/{unit}"), &self.manager).await.body["status"].clone()
    }
}
