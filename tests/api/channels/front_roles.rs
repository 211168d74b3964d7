//! What a receptionist and a channel agent can and cannot reach: no lead, ever, whatever
//! the route; the same refusal for every lead, so it tells nothing about one.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::site;

#[tokio::test]
async fn neither_a_receptionist_nor_a_channel_agent_reaches_a_lead() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    let channel = site.channel(&site.manager, "链家", &[site.project]).await;
    let (desk_id, desk) = site.app.sign_in_new("qian.t", "receptionist", &[site.project]).await;
    let (_, agent) = site.agent(&site.manager, "zhang.jj", channel).await;
    let project = site.project;
    let lead_routes = [
        (Method::GET, "/leads".to_owned(), None),
        (Method::GET, format!("/leads?project_id={project}"), None),
        (Method::GET, format!("/leads/pool?project_id={project}"), None),
        (
            Method::POST,
            "/leads".to_owned(),
            Some(json!({"project_id": project, "name": "赵", "phone": "13900139000", "source_channel": "walk_in"})),
        ),
        (
            Method::POST,
            "/leads/check-duplicate".to_owned(),
            Some(json!({"project_id": project, "phone": "13800138000"})),
        ),
        (Method::GET, format!("/leads/{lead}"), None),
        (Method::PATCH, format!("/leads/{lead}"), Some(json!({"version": 1, "name": "x"}))),
        (Method::DELETE, format!("/leads/{lead}"), None),
        (Method::POST, format!("/leads/{lead}/claim"), Some(json!({}))),
        (Method::GET, format!("/leads/{lead}/follow-ups"), None),
        (
            Method::POST,
            format!("/leads/{lead}/follow-ups"),
            Some(json!({"channel": "phone", "purpose": "push_progress", "content": "约周六看房",
            "happened_at": "2026-12-01T08:00:00Z", "initiated_by": "salesperson"})),
        ),
        (Method::GET, format!("/leads/{lead}/grade"), None),
        (Method::GET, format!("/leads/{lead}/grade-history"), None),
        (Method::GET, format!("/leads/{lead}/history"), None),
        (Method::GET, format!("/leads/{lead}/intents"), None),
        (Method::POST, format!("/leads/{lead}/reveal"), Some(json!({"field": "phone", "purpose": "回访核验"}))),
        (Method::POST, format!("/leads/{lead}/transfer"), Some(json!({"to_user_id": site.li_id, "reason": "调岗"}))),
        (Method::GET, "/follow-ups".to_owned(), None),
        (Method::GET, "/me/agenda".to_owned(), None),
        (Method::GET, format!("/alerts/overdue?project_id={project}"), None),
        (Method::GET, format!("/projects/{project}/intents/changes"), None),
        (Method::GET, format!("/projects/{project}/opening/board"), None),
        (Method::GET, format!("/projects/{project}/subscriptions"), None),
    ];
    let mut answers = Vec::new();
    for (who, token) in [("receptionist", &desk), ("channel agent", &agent)] {
        for (method, path, body) in &lead_routes {
            let reply = site.app.call(method.clone(), path, Some(token), body.clone()).await;
            answers.push((who, format!("{method} {path}"), reply.status.as_u16(), reply.code().to_owned()));
        }
    }
    let leaked: Vec<_> = answers
        .iter()
        .filter(|(_, _, status, code)| (*status, code.as_str()) != (403, "lead.role_forbidden"))
        .collect();
    assert!(leaked.is_empty(), "every lead route refuses both roles: {leaked:#?}");

    // What they do reach: the desk its project; the agent their own account.
    let desk_project = site.app.get(&format!("/projects/{project}"), &desk).await;
    let agent_project = site.app.get(&format!("/projects/{project}"), &agent).await;
    let agent_me = site.app.get("/me", &agent).await;
    let agent_users = site.app.get("/users", &agent).await;
    assert_eq!(desk_project.status, StatusCode::OK);
    assert_eq!(agent_project.status, StatusCode::NOT_FOUND, "an agent is no member of the project");
    assert_eq!(agent_me.status, StatusCode::OK);
    assert_eq!((agent_users.status, agent_users.code()), (StatusCode::FORBIDDEN, "user.list_forbidden"));

    // Nor is a lead ever handed to the desk.
    let handed = site
        .app
        .post(&format!("/leads/{lead}/transfer"), &site.manager, json!({"to_user_id": desk_id, "reason": "前台代管"}))
        .await;
    assert_eq!(handed.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", handed.body);
}
