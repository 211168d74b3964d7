//! Reception: the walk-in rotation (轮排) and the visit register (来访登记) with its verdicts.

mod rotation;
mod visit_assignment;
mod visits;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{Reply, Site};

impl Site {
    /// `POST /projects/{project}/visits`.
    pub async fn visit(&self, token: &str, body: Value) -> Reply {
        self.app.post(&format!("/projects/{}/visits", self.project), token, body).await
    }

    /// A receptionist of the site's project: (id, token).
    pub async fn desk(&self) -> (Uuid, String) {
        self.app.sign_in_new("qian.t", "receptionist", &[self.project]).await
    }

    /// Checks these salespeople in to today's rotation, in this order.
    pub async fn on_duty(&self, tokens: &[&str]) {
        for token in tokens {
            let reply = self.app.post(&format!("/projects/{}/rotation/check-in", self.project), token, json!({})).await;
            assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        }
    }

    /// Changes the project's protection rules as its manager.
    pub async fn set_rules(&self, rules: Value) {
        let path = format!("/projects/{}/protection-rules", self.project);
        let reply = self.app.call(Method::PUT, &path, Some(&self.manager), Some(rules)).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    }

    /// Whom the rotation gives the next walk-in to.
    pub async fn next_in_rotation(&self) -> Value {
        self.app.get(&format!("/projects/{}/rotation", self.project), &self.manager).await.body["next_user_id"].clone()
    }
}

/// The id of the salesperson a visit went to, or null.
pub fn receiver(reply: &Reply) -> Value {
    reply.body["assigned_to"]["id"].clone()
}
