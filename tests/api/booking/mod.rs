//! Booking: the inventory, pre-sale control and subscriptions.

mod opening;
mod plan;
mod subscriptions;
mod units;

use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::Site;
use crate::helpers::{reply, Reply};

/// Three units of building 1 and one of building 2.
pub fn sales_table() -> Value {
    json!([
        {"building": "1栋", "unit_no": "1单元", "floor": 12, "room": "1201", "layout": "3房2厅", "area_sqm": 118.5, "list_price_fen": 356_000_000_i64},
        {"building": "1栋", "unit_no": "1单元", "floor": 12, "room": "1202", "layout": "4房2厅", "area_sqm": 143.0, "list_price_fen": 428_000_000_i64},
        {"building": "1栋", "unit_no": "1单元", "floor": 3, "room": "301", "layout": "3房2厅", "area_sqm": 118.5, "list_price_fen": 331_000_000_i64},
        {"building": "2栋", "floor": 8, "room": "801", "layout": "3房2厅", "area_sqm": 120.0, "list_price_fen": 340_000_000_i64, "orientation": "南北"}
    ])
}

impl Site {
    /// Imports units as `token` with the given content type.
    pub async fn import_units(&self, token: &str, content_type: &str, body: String) -> Reply {
        let response = self
            .app
            .client
            .post(self.app.api(&format!("/projects/{}/units/import", self.project)))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("sent");
        reply(response).await
    }

    /// Imports the standard sales table; returns the unit ids by room.
    pub async fn units(&self) -> std::collections::HashMap<String, Uuid> {
        let report = self.import_units(&self.manager, "application/json", sales_table().to_string()).await;
        assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
        let listed = self.app.get(&format!("/projects/{}/units?limit=100", self.project), &self.manager).await;
        crate::helpers::items(&listed)
            .iter()
            .map(|u| {
                (
                    u["room"].as_str().unwrap_or("").to_owned(),
                    u["id"].as_str().and_then(|i| i.parse().ok()).unwrap_or_default(),
                )
            })
            .collect()
    }
}
