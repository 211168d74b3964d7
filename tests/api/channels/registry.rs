//! The channel registry: who registers, sees and changes channels, and agents' accounts.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{items, reply, site, PASSWORD};

#[tokio::test]
async fn managers_register_channels_for_their_projects_and_see_only_theirs() {
    let site = site().await;
    let other = site.app.create_project(&site.admin, "西溪花园").await;
    let (_, other_manager) = site.app.sign_in_new("chen.m", "manager", &[other]).await;

    let created = site
        .app
        .post(
            "/channels",
            &site.manager,
            json!({"name": "链家 (滨江店)", "kind": "agency", "contact": " 店长 张伟 ", "project_ids": [site.project, site.project]}),
        )
        .await;
    let id = created.id("id");
    let same_name = site
        .app
        .post(
            "/channels",
            &other_manager,
            json!({"name": "链家 (滨江店)".to_uppercase(), "kind": "agent", "project_ids": [other]}),
        )
        .await;
    let not_mine = site
        .app
        .post("/channels", &site.manager, json!({"name": "我爱我家", "kind": "agency", "project_ids": [other]}))
        .await;
    let blank = site
        .app
        .post("/channels", &site.manager, json!({"name": "  ", "kind": "agency", "project_ids": [site.project]}))
        .await;
    let no_projects =
        site.app.post("/channels", &site.manager, json!({"name": "x", "kind": "agency", "project_ids": []})).await;
    let by_sales = site
        .app
        .post("/channels", &site.wang, json!({"name": "y", "kind": "agency", "project_ids": [site.project]}))
        .await;
    let theirs = site.channel(&other_manager, "我爱我家", &[other]).await;

    let mine = site.app.get("/channels", &site.manager).await;
    let everyone = site.app.get("/channels", &site.admin).await;
    let listed_by_sales = site.app.get("/channels", &site.wang).await;
    let foreign = site.app.get(&format!("/channels/{theirs}"), &site.manager).await;
    let found = site.app.get(&format!("/channels/{id}"), &site.manager).await;

    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    assert_eq!(created.header("location"), Some(format!("/api/v1/channels/{id}").as_str()));
    assert_eq!(created.body["contact"], "店长 张伟");
    assert_eq!(created.body["status"], "active");
    assert_eq!(created.body["project_ids"], json!([site.project]), "repeats dropped");
    assert_eq!((same_name.status, same_name.code()), (StatusCode::CONFLICT, "channel.name_taken"));
    assert_eq!(not_mine.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(not_mine.body["errors"][0]["field"], "project_ids[0]");
    assert_eq!(blank.body["errors"][0]["field"], "name");
    assert_eq!(no_projects.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((by_sales.status, by_sales.code()), (StatusCode::FORBIDDEN, "channel.manager_only"));
    assert_eq!((listed_by_sales.status, listed_by_sales.code()), (StatusCode::FORBIDDEN, "channel.manager_only"));
    assert_eq!(items(&mine).iter().map(|c| c["name"].clone()).collect::<Vec<_>>(), vec![json!("链家 (滨江店)")]);
    assert_eq!(items(&everyone).len(), 2);
    assert_eq!(foreign.status, StatusCode::NOT_FOUND, "a channel of another project does not exist for them");
    assert_eq!(found.body, created.body);
    assert_eq!(site.app.audit_actions().iter().filter(|a| *a == "channel.create").count(), 2);
}

#[tokio::test]
async fn a_channel_is_changed_by_those_who_manage_all_its_projects() {
    let site = site().await;
    let other = site.app.create_project(&site.admin, "西溪花园").await;
    let shared = site.channel(&site.admin, "链家", &[site.project, other]).await;
    let own = site.channel(&site.manager, "我爱我家", &[site.project]).await;

    let not_yours = site
        .app
        .patch(&format!("/channels/{shared}"), &site.manager, json!({"version": 1, "status": "suspended"}))
        .await;
    let seen = site.app.get(&format!("/channels/{shared}"), &site.manager).await;
    // A mini-program cannot send PATCH: POST with the override header.
    let response = site
        .app
        .client
        .post(site.app.api(&format!("/channels/{own}")))
        .bearer_auth(&site.manager)
        .header("X-HTTP-Method-Override", "PATCH")
        .json(&json!({"version": 1, "status": "suspended", "contact": ""}))
        .send()
        .await
        .expect("sent");
    let suspended = reply(response).await;
    let stale = site.app.patch(&format!("/channels/{own}"), &site.manager, json!({"version": 1, "name": "x"})).await;
    let widened = site
        .app
        .patch(&format!("/channels/{own}"), &site.manager, json!({"version": 2, "project_ids": [site.project, other]}))
        .await;
    let renamed_to_taken =
        site.app.patch(&format!("/channels/{own}"), &site.manager, json!({"version": 2, "name": "链家"})).await;
    let by_sales = site.app.patch(&format!("/channels/{own}"), &site.wang, json!({"version": 2, "name": "z"})).await;

    assert_eq!((not_yours.status, not_yours.code()), (StatusCode::FORBIDDEN, "channel.not_yours"));
    assert_eq!(seen.status, StatusCode::OK, "visible: it serves one of their projects");
    assert_eq!(suspended.status, StatusCode::OK, "{:?}", suspended.body);
    assert_eq!(
        (suspended.body["status"].clone(), suspended.body["contact"].clone()),
        (json!("suspended"), json!(null))
    );
    assert_eq!(suspended.body["version"], 2);
    assert_eq!((stale.status, stale.code()), (StatusCode::PRECONDITION_FAILED, "channel.version_conflict"));
    assert_eq!(widened.body["errors"][0]["field"], "project_ids[1]", "{:?}", widened.body);
    assert_eq!((renamed_to_taken.status, renamed_to_taken.code()), (StatusCode::CONFLICT, "channel.name_taken"));
    assert_eq!(by_sales.status, StatusCode::NOT_FOUND);
    assert_eq!(site.app.audit_actions().iter().filter(|a| *a == "channel.update").count(), 1);
}

#[tokio::test]
async fn a_channel_agent_is_created_for_a_channel_and_works_in_its_projects() {
    let site = site().await;
    let other = site.app.create_project(&site.admin, "西溪花园").await;
    let channel = site.channel(&site.manager, "链家", &[site.project]).await;
    let shared = site.channel(&site.admin, "我爱我家", &[site.project, other]).await;
    let account = |role: &str, extra: serde_json::Value| {
        let mut body =
            json!({"username": format!("a.{role}"), "display_name": "张经纪", "role": role, "password": PASSWORD});
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        body
    };

    let without_channel = site.app.post("/users", &site.manager, account("channel_agent", json!({}))).await;
    let with_projects = site
        .app
        .post(
            "/users",
            &site.manager,
            account("channel_agent", json!({"channel_id": channel, "project_ids": [site.project]})),
        )
        .await;
    let sales_with_channel = site
        .app
        .post("/users", &site.manager, account("sales", json!({"channel_id": channel, "project_ids": [site.project]})))
        .await;
    let not_managed =
        site.app.post("/users", &site.manager, account("channel_agent", json!({"channel_id": shared}))).await;
    let (agent_id, agent) = site.agent(&site.manager, "zhang.jj", channel).await;

    let me = site.app.get("/me", &agent).await;
    let listed = site.app.get(&format!("/users?project_id={}", site.project), &site.manager).await;
    let own_channel = site.app.get(&format!("/channels/{channel}"), &agent).await;
    let other_channel = site.app.get(&format!("/channels/{shared}"), &agent).await;
    let channels = site.app.get("/channels", &agent).await;
    let to_sales =
        site.app.patch(&format!("/users/{agent_id}"), &site.admin, json!({"version": 1, "role": "sales"})).await;
    let frozen = site.app.post(&format!("/users/{agent_id}/freeze"), &site.manager, json!({})).await;

    for (reply, field) in [
        (&without_channel, "channel_id"),
        (&with_projects, "project_ids"),
        (&sales_with_channel, "channel_id"),
        (&not_managed, "channel_id"),
        (&to_sales, "role"),
    ] {
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", reply.body);
        assert_eq!(reply.body["errors"][0]["field"], field, "{:?}", reply.body);
    }
    assert_eq!(me.body["role"], "channel_agent");
    assert_eq!(me.body["channel_id"], json!(channel));
    assert_eq!(me.body["project_ids"], json!([site.project]), "the channel's projects");
    assert!(items(&listed).iter().any(|u| u["id"] == json!(agent_id)), "a manager finds the agents of their project");
    assert_eq!(own_channel.status, StatusCode::OK);
    assert_eq!(other_channel.status, StatusCode::NOT_FOUND);
    assert_eq!(items(&channels).len(), 1);
    assert_eq!(
        frozen.status,
        StatusCode::OK,
        "a manager of all the channel's projects holds its agents: {:?}",
        frozen.body
    );
}
