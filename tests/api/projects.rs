//! Projects and their members.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{reply, spawn_app};

#[tokio::test]
async fn only_admins_create_projects() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let project = app.create_project(&admin, "滨江壹号").await;
    let (_, manager) = app.sign_in_new("zhou.jl", "manager", &[project]).await;

    let refused = app.post("/projects", &manager, json!({"name": "西溪花园", "city": "杭州"})).await;

    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.code(), "project.admin_only");
    let found = app.get(&format!("/projects/{project}"), &admin).await;
    assert_eq!(found.body["timezone"], "Asia/Shanghai");
}

#[tokio::test]
async fn members_see_their_projects_and_others_get_404() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mine = app.create_project(&admin, "滨江壹号").await;
    let other = app.create_project(&admin, "西溪花园").await;
    let (_, sales) = app.sign_in_new("wang.li", "sales", &[mine]).await;

    let list = app.get("/projects", &sales).await;
    let own = app.get(&format!("/projects/{mine}"), &sales).await;
    let foreign = app.get(&format!("/projects/{other}"), &sales).await;

    let names: Vec<&str> =
        list.body["items"].as_array().expect("items").iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(names, vec!["滨江壹号"]);
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert_eq!(foreign.code(), "project.not_found");
}

#[tokio::test]
async fn managers_run_the_membership_of_their_projects() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mine = app.create_project(&admin, "滨江壹号").await;
    let second = app.create_project(&admin, "滨江贰号").await;
    let (_, manager) = app.sign_in_new("zhou.jl", "manager", &[mine, second]).await;
    let newcomer = app.create_user(&admin, "wang.li", "sales", &[second]).await;
    let machine = app.create_user(&admin, "erp", "integration", &[second]).await;
    let me = app.get("/me", &admin).await.id("id");

    let added = app.put(&format!("/projects/{mine}/members/{newcomer}"), &manager).await;
    let again = app.put(&format!("/projects/{mine}/members/{newcomer}"), &manager).await;
    let machine_added = app.put(&format!("/projects/{mine}/members/{machine}"), &manager).await;
    let admin_added = app.put(&format!("/projects/{mine}/members/{me}"), &manager).await;
    let members = app.get(&format!("/projects/{mine}/members"), &manager).await;
    let removed = app.delete(&format!("/projects/{mine}/members/{newcomer}"), &manager).await;
    let removed_again = app.delete(&format!("/projects/{mine}/members/{newcomer}"), &manager).await;

    assert_eq!(added.status, StatusCode::CREATED);
    assert_eq!(added.body["username"], "wang.li");
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(machine_added.status, StatusCode::FORBIDDEN);
    assert_eq!(machine_added.code(), "project.member_role_not_grantable");
    assert_eq!(admin_added.status, StatusCode::NOT_FOUND, "an account in no project is the admins' alone");
    assert_eq!(members.body.as_array().expect("members").len(), 2);
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(removed_again.status, StatusCode::NOT_FOUND);
    let actions = app.audit_actions();
    assert_eq!(actions.iter().filter(|a| *a == "project.member_add").count(), 1);
    assert_eq!(actions.iter().filter(|a| *a == "project.member_remove").count(), 1);
}

#[tokio::test]
async fn salespeople_cannot_change_membership_and_strangers_get_404() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mine = app.create_project(&admin, "滨江壹号").await;
    let other = app.create_project(&admin, "西溪花园").await;
    let (_, sales) = app.sign_in_new("wang.li", "sales", &[mine]).await;
    let (_, outsider_manager) = app.sign_in_new("chen.m", "manager", &[other]).await;
    let target = app.create_user(&admin, "li.na", "sales", &[]).await;

    let by_sales = app.put(&format!("/projects/{mine}/members/{target}"), &sales).await;
    let by_outsider = app.put(&format!("/projects/{mine}/members/{target}"), &outsider_manager).await;

    assert_eq!(by_sales.status, StatusCode::FORBIDDEN);
    assert_eq!(by_sales.code(), "project.manager_only");
    assert_eq!(by_outsider.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_mini_program_patches_with_post_and_the_override_header() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let project = app.create_project(&admin, "滨江壹号").await;

    let response = app
        .client
        .post(app.api(&format!("/projects/{project}")))
        .bearer_auth(&admin)
        .header("X-HTTP-Method-Override", "PATCH")
        .json(&json!({"version": 1, "address": "滨江区江南大道 88 号"}))
        .send()
        .await
        .expect("sent");
    let patched = reply(response).await;
    let stale = app.patch(&format!("/projects/{project}"), &admin, json!({"version": 1, "name": "旧名"})).await;

    assert_eq!(patched.status, StatusCode::OK, "{:?}", patched.body);
    assert_eq!(patched.body["address"], "滨江区江南大道 88 号");
    assert_eq!(patched.body["version"], 2);
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.code(), "project.version_conflict");
}

#[tokio::test]
async fn an_override_cannot_turn_a_read_into_a_write() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let project = app.create_project(&admin, "滨江壹号").await;

    let response = app
        .client
        .request(Method::GET, app.api(&format!("/projects/{project}")))
        .bearer_auth(&admin)
        .header("X-HTTP-Method-Override", "DELETE")
        .send()
        .await
        .expect("sent");

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(app.get(&format!("/projects/{project}"), &admin).await.status, StatusCode::OK);
}

#[tokio::test]
async fn project_input_is_validated_field_by_field() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;

    let bad = app.post("/projects", &admin, json!({"name": "", "city": "杭州", "timezone": "Mars/Olympus"})).await;
    let unknown_field = app.post("/projects", &admin, json!({"name": "x", "city": "y", "owner": "me"})).await;

    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        bad.body["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, vec!["name", "timezone"]);
    assert_eq!(unknown_field.status, StatusCode::UNPROCESSABLE_ENTITY);
}
