//! Channels (渠道) and the front-of-house roles: the registry of channels, their agents'
//! accounts, and what a receptionist and a channel agent can and cannot reach.

mod appeals;
mod front_roles;
mod registry;
mod reports;

use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{Site, PASSWORD};

impl Site {
    /// Registers a channel for these projects as `token`; returns its id.
    pub async fn channel(&self, token: &str, name: &str, projects: &[Uuid]) -> Uuid {
        let reply =
            self.app.post("/channels", token, json!({"name": name, "kind": "agency", "project_ids": projects})).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        reply.id("id")
    }

    /// Files a report as an agent for the site's project.
    pub async fn report(&self, agent: &str, name: &str, phone: &str) -> crate::helpers::Reply {
        self.app
            .post("/channel-reports", agent, json!({"project_id": self.project, "customer_name": name, "phone": phone}))
            .await
    }

    /// Creates a channel agent of `channel` as `creator` and signs them in: (id, token).
    pub async fn agent(&self, creator: &str, username: &str, channel: Uuid) -> (Uuid, String) {
        let reply = self
            .app
            .post(
                "/users",
                creator,
                json!({"username": username, "display_name": username, "role": "channel_agent",
                       "password": PASSWORD, "channel_id": channel}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        (reply.id("id"), self.app.token(username, PASSWORD).await)
    }
}
