//! The sales office most tests start from, and readers of list answers. Areas extend
//! `Site` with their own steps (`impl Site` in their `mod.rs`), which stay there.

use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use super::app::{spawn_app_with, Reply, TestApp};
use super::builders::LeadFacts;

/// A sales office: one project with a manager and two salespeople, 王丽 and 李娜.
pub struct Site {
    pub app: TestApp,
    pub admin: String,
    pub project: Uuid,
    pub manager: String,
    pub wang_id: Uuid,
    pub wang: String,
    pub li_id: Uuid,
    pub li: String,
}

/// Builds the sales office on a fresh app.
pub async fn site() -> Site {
    site_with(&[]).await
}

/// Builds the sales office on a fresh app with extra settings.
pub async fn site_with(extra: &[(&str, &str)]) -> Site {
    let app = spawn_app_with(extra).await;
    let admin = app.admin_token().await;
    let project = app.create_project(&admin, "滨江壹号").await;
    let (_, manager) = app.sign_in_new("zhou.jl", "manager", &[project]).await;
    let (wang_id, wang) = app.sign_in_new("wang.li", "sales", &[project]).await;
    let (li_id, li) = app.sign_in_new("li.na", "sales", &[project]).await;
    Site { app, admin, project, manager, wang_id, wang, li_id, li }
}

impl Site {
    /// `POST /leads` with the project filled in and these fields on top of a minimal lead.
    pub async fn register(&self, token: &str, name: &str, phone: &str, extra: Value) -> Reply {
        let mut body = json!({"project_id": self.project, "name": name, "phone": phone, "source_channel": "walk_in"});
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        self.app.post("/leads", token, body).await
    }

    /// Registers a lead that must be created; returns its id.
    pub async fn lead(&self, token: &str, name: &str, phone: &str) -> Uuid {
        let reply = self.register(token, name, phone, json!({})).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        reply.id("id")
    }

    /// Lets a lead's protection lapse, as if nobody had contacted the buyer for weeks.
    pub fn lapse(&self, lead: Uuid) {
        let past = anchang::db::now() - chrono::Duration::days(1);
        self.app.set_lead(lead, LeadFacts { protected_until: Some(past), ..LeadFacts::default() });
    }
}

/// The `items` of a list answer.
pub fn items(reply: &Reply) -> &Vec<Value> {
    reply.body["items"].as_array().unwrap_or_else(|| panic!("a list: {:?}", reply.body))
}

/// The names in a list answer, in order.
pub fn names(reply: &Reply) -> Vec<String> {
    items(reply).iter().filter_map(|l| l["name"].as_str().map(str::to_owned)).collect()
}
