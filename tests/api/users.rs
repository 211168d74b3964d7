//! Accounts: creation rights, visibility, updates, freezing, races.

use futures_util::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app, PASSWORD};

#[tokio::test]
async fn an_admin_creates_an_account_with_location_and_an_audit_event() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let project = app.create_project(&admin, "滨江壹号").await;

    let created = app
        .post(
            "/users",
            &admin,
            json!({"username": "Wang.Li", "display_name": "王丽", "role": "sales", "password": PASSWORD,
                   "phone": "13800138000", "project_ids": [project]}),
        )
        .await;

    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(created.body["username"], "wang.li");
    assert_eq!(created.body["project_ids"][0], project.to_string());
    assert_eq!(created.header("location"), Some(format!("/api/v1/users/{}", created.id("id")).as_str()));
    assert!(app.audit_actions().contains(&"user.create".to_owned()));
}

#[tokio::test]
async fn a_taken_username_is_409_whatever_its_case_and_leaves_no_event() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.create_user(&admin, "wang.li", "sales", &[]).await;
    let events_before = app.audit_actions().len();

    let again = app
        .post(
            "/users",
            &admin,
            json!({"username": "WANG.LI", "display_name": "x", "role": "sales", "password": PASSWORD}),
        )
        .await;

    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.code(), "user.username_taken");
    assert_eq!(app.audit_actions().len(), events_before, "a refused change writes no event");
}

#[tokio::test]
async fn two_racing_creations_of_one_username_get_one_winner() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let body = json!({"username": "li.na", "display_name": "李娜", "role": "sales", "password": PASSWORD});

    let replies = join_all((0..4).map(|_| app.post("/users", &admin, body.clone()))).await;

    let created = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
    let refused = replies.iter().filter(|r| r.status == StatusCode::CONFLICT).count();
    assert_eq!((created, refused), (1, 3), "{:?}", replies.iter().map(|r| r.status).collect::<Vec<_>>());
}

#[tokio::test]
async fn a_manager_may_not_create_an_admin_nor_outside_their_projects() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mine = app.create_project(&admin, "滨江壹号").await;
    let other = app.create_project(&admin, "西溪花园").await;
    let (_, manager) = app.sign_in_new("zhou.jl", "manager", &[mine]).await;

    let admin_attempt = app
        .post("/users", &manager, json!({"username": "boss", "display_name": "x", "role": "admin", "password": PASSWORD, "project_ids": [mine]}))
        .await;
    let outside = app
        .post("/users", &manager, json!({"username": "sales.one", "display_name": "x", "role": "sales", "password": PASSWORD, "project_ids": [other]}))
        .await;
    let nowhere = app
        .post(
            "/users",
            &manager,
            json!({"username": "sales.two", "display_name": "x", "role": "sales", "password": PASSWORD}),
        )
        .await;
    let allowed = app
        .post("/users", &manager, json!({"username": "sales.three", "display_name": "x", "role": "sales", "password": PASSWORD, "project_ids": [mine]}))
        .await;

    assert_eq!(admin_attempt.status, StatusCode::FORBIDDEN);
    assert_eq!(admin_attempt.code(), "user.role_not_grantable");
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(outside.body["errors"][0]["field"], "project_ids[0]");
    assert_eq!(nowhere.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(allowed.status, StatusCode::CREATED);
}

#[tokio::test]
async fn salespeople_cannot_create_or_list_accounts() {
    let app = spawn_app().await;
    let (_, sales) = app.sign_in_new("wang.li", "sales", &[]).await;

    let create = app
        .post("/users", &sales, json!({"username": "x1y", "display_name": "x", "role": "sales", "password": PASSWORD}))
        .await;
    let list = app.get("/users", &sales).await;

    assert_eq!(create.status, StatusCode::FORBIDDEN);
    assert_eq!(list.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_manager_sees_only_the_people_of_their_projects() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mine = app.create_project(&admin, "滨江壹号").await;
    let other = app.create_project(&admin, "西溪花园").await;
    let (_, manager) = app.sign_in_new("zhou.jl", "manager", &[mine]).await;
    let colleague = app.create_user(&admin, "wang.li", "sales", &[mine]).await;
    let stranger = app.create_user(&admin, "chen.yu", "sales", &[other]).await;

    let list = app.get("/users", &manager).await;
    let seen = app.get(&format!("/users/{colleague}"), &manager).await;
    let unseen = app.get(&format!("/users/{stranger}"), &manager).await;

    let names: Vec<&str> =
        list.body["items"].as_array().expect("items").iter().filter_map(|u| u["username"].as_str()).collect();
    assert_eq!(names, vec!["zhou.jl", "wang.li"]);
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(unseen.status, StatusCode::NOT_FOUND, "no enumeration: 404, not 403");
}

#[tokio::test]
async fn the_user_list_pages_by_cursor_and_filters() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for name in ["user.a", "user.b", "user.c"] {
        app.create_user(&admin, name, "sales", &[]).await;
    }

    let first = app.get("/users?limit=2", &admin).await;
    let cursor = first.body["next_cursor"].as_str().expect("more pages").to_owned();
    let second = app.get(&format!("/users?limit=2&cursor={cursor}"), &admin).await;
    let filtered = app.get("/users?role=sales&q=USER.B", &admin).await;
    let bad_limit = app.get("/users?limit=500", &admin).await;
    let bad_cursor = app.get("/users?cursor=garbage!", &admin).await;

    assert_eq!(first.body["items"].as_array().expect("items").len(), 2);
    let rest: Vec<&str> =
        second.body["items"].as_array().expect("items").iter().filter_map(|u| u["username"].as_str()).collect();
    assert_eq!(rest, vec!["user.b", "user.c"]);
    assert!(second.body["next_cursor"].is_null());
    assert_eq!(filtered.body["items"].as_array().expect("items").len(), 1);
    assert_eq!(bad_limit.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_cursor.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn nobody_changes_their_own_role_and_stale_versions_are_412() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let me = app.get("/me", &admin).await;
    let admin_id = me.id("id");
    let (sales_id, sales) = app.sign_in_new("wang.li", "sales", &[]).await;

    let own_role = app.patch(&format!("/users/{admin_id}"), &admin, json!({"version": 1, "role": "manager"})).await;
    let sales_own_role = app.patch(&format!("/users/{sales_id}"), &sales, json!({"version": 1, "role": "admin"})).await;
    let renamed = app.patch(&format!("/users/{sales_id}"), &sales, json!({"version": 1, "display_name": "王丽"})).await;
    let stale = app.patch(&format!("/users/{sales_id}"), &admin, json!({"version": 1, "display_name": "旧"})).await;

    assert_eq!(own_role.status, StatusCode::FORBIDDEN);
    assert_eq!(own_role.code(), "user.own_role");
    assert_eq!(sales_own_role.code(), "user.own_role");
    assert_eq!(renamed.status, StatusCode::OK);
    assert_eq!(renamed.body["version"], 2);
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.code(), "user.version_conflict");
}

#[tokio::test]
async fn a_new_role_or_password_ends_the_users_sessions() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (id, token) = app.sign_in_new("wang.li", "sales", &[]).await;

    let promoted = app.patch(&format!("/users/{id}"), &admin, json!({"version": 1, "role": "manager"})).await;

    assert_eq!(promoted.status, StatusCode::OK);
    assert_eq!(app.get("/me", &token).await.status, StatusCode::UNAUTHORIZED);
    let fresh = app.token("wang.li", PASSWORD).await;
    assert_eq!(app.get("/me", &fresh).await.body["role"], "manager");
}

#[tokio::test]
async fn managers_freeze_their_salespeople_but_not_managers_nor_themselves() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mine = app.create_project(&admin, "滨江壹号").await;
    let other = app.create_project(&admin, "西溪花园").await;
    let (manager_id, manager) = app.sign_in_new("zhou.jl", "manager", &[mine]).await;
    let sales = app.create_user(&admin, "wang.li", "sales", &[mine]).await;
    let peer = app.create_user(&admin, "sun.m", "manager", &[mine]).await;
    let stranger = app.create_user(&admin, "chen.yu", "sales", &[other]).await;

    let frozen = app.post(&format!("/users/{sales}/freeze"), &manager, json!({})).await;
    let twice = app.post(&format!("/users/{sales}/freeze"), &manager, json!({})).await;
    let peer_attempt = app.post(&format!("/users/{peer}/freeze"), &manager, json!({})).await;
    let self_attempt = app.post(&format!("/users/{manager_id}/freeze"), &manager, json!({})).await;
    let stranger_attempt = app.post(&format!("/users/{stranger}/freeze"), &manager, json!({})).await;

    assert_eq!(frozen.status, StatusCode::OK);
    assert_eq!(twice.status, StatusCode::OK);
    assert_eq!(twice.body["version"], frozen.body["version"], "freezing twice changes nothing");
    assert_eq!(peer_attempt.status, StatusCode::FORBIDDEN);
    assert_eq!(self_attempt.code(), "user.cannot_freeze_self");
    assert_eq!(stranger_attempt.status, StatusCode::NOT_FOUND);
    let freezes = app.audit_actions().iter().filter(|a| *a == "user.freeze").count();
    assert_eq!(freezes, 1);
}

/// The attack the black-box test found: a manager of P1 reached a salesperson of P2 by id,
/// added them to P1, unfroze them and removed them again. The salesperson, frozen by P2's
/// manager when they left, then signed in and revealed a P2 buyer's phone.
#[tokio::test]
async fn a_manager_cannot_reach_an_account_of_a_project_they_do_not_manage() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let (p1, p2) = (app.create_project(&admin, "一期").await, app.create_project(&admin, "二期").await);
    let (_, manager_1) = app.sign_in_new("manager.one", "manager", &[p1]).await;
    let (_, manager_2) = app.sign_in_new("manager.two", "manager", &[p2]).await;
    let (departed, _) = app.sign_in_new("departed", "sales", &[p2]).await;
    let (shared, _) = app.sign_in_new("shared", "sales", &[p1, p2]).await;
    let freeze = |token: String, user: uuid::Uuid| {
        let app = &app;
        async move { app.call(Method::POST, &format!("/users/{user}/freeze"), Some(&token), None).await }
    };
    assert_eq!(freeze(manager_2.clone(), departed).await.status, StatusCode::OK, "P2's manager freezes the departed");

    let add = app.put(&format!("/projects/{p1}/members/{departed}"), &manager_1).await;
    let unfreeze = app.call(Method::POST, &format!("/users/{departed}/unfreeze"), Some(&manager_1), None).await;
    let remove = app.delete(&format!("/projects/{p1}/members/{departed}"), &manager_1).await;
    let hand_over = app.post(&format!("/users/{departed}/handover"), &manager_1, json!({"to_user_id": shared})).await;
    let relogin = app.login("departed", PASSWORD).await;

    assert_eq!((add.status, add.code()), (StatusCode::NOT_FOUND, "user.not_found"));
    assert!(!add.body.to_string().contains("departed"), "nothing about the account shows: {:?}", add.body);
    assert_eq!(unfreeze.status, StatusCode::NOT_FOUND);
    assert_eq!(remove.status, StatusCode::NOT_FOUND);
    assert_eq!(hand_over.status, StatusCode::NOT_FOUND);
    assert_ne!(relogin.status, StatusCode::OK, "still frozen");

    // An account shared with a project the manager does not run is visible, not theirs.
    let freeze_shared = freeze(manager_1.clone(), shared).await;
    let remove_shared = app.delete(&format!("/projects/{p1}/members/{shared}"), &manager_1).await;
    assert_eq!((freeze_shared.status, freeze_shared.code()), (StatusCode::FORBIDDEN, "user.not_yours"));
    assert_eq!((remove_shared.status, remove_shared.code()), (StatusCode::FORBIDDEN, "user.not_yours"));
    // Adding an account that already works in one of the manager's projects is allowed.
    let (_, manager_both) = app.sign_in_new("manager.both", "manager", &[p1, p2]).await;
    let p3 = app.create_project(&admin, "三期").await;
    assert!(app.put(&format!("/projects/{p3}/members/{shared}"), &admin).await.status.is_success());
    assert_eq!(freeze(manager_both.clone(), shared).await.status, StatusCode::FORBIDDEN, "P3 is not theirs");
    // Admins keep every right.
    assert_eq!(freeze(admin.clone(), shared).await.status, StatusCode::OK);
    assert_eq!(
        app.call(Method::POST, &format!("/users/{departed}/unfreeze"), Some(&admin), None).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn changing_ones_own_password_needs_the_current_one_and_ends_every_other_session() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let project = app.create_project(&admin, "滨江壹号").await;
    let (id, phone) = app.sign_in_new("wang.li", "sales", &[project]).await;
    let laptop = app.login("wang.li", PASSWORD).await;
    let path = format!("/users/{id}");

    let without = app.patch(&path, &phone, json!({"version": 1, "password": "new-passw0rd-2026"})).await;
    let wrong = app
        .patch(&path, &phone, json!({"version": 1, "password": "new-passw0rd-2026", "current_password": "guess"}))
        .await;
    let changed = app
        .patch(&path, &phone, json!({"version": 1, "password": "new-passw0rd-2026", "current_password": PASSWORD}))
        .await;

    assert_eq!((without.status, without.code()), (StatusCode::UNPROCESSABLE_ENTITY, "user.current_password_required"));
    assert_eq!(without.body["errors"][0]["field"], "current_password");
    assert_eq!((wrong.status, wrong.code()), (StatusCode::FORBIDDEN, "user.current_password_wrong"));
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(changed.body["username"], "wang.li");
    let fresh = changed.body["session"]["access_token"].as_str().expect("a new session").to_owned();
    assert_eq!(app.get("/me", &fresh).await.status, StatusCode::OK, "the caller goes on");
    assert_eq!(app.get("/me", &phone).await.status, StatusCode::UNAUTHORIZED, "the old token ended");
    let laptop_access = laptop.body["access_token"].as_str().expect("access");
    assert_eq!(app.get("/me", laptop_access).await.status, StatusCode::UNAUTHORIZED, "every other session ended");
    let laptop_refresh = json!({"refresh_token": laptop.body["refresh_token"]});
    assert_eq!(
        app.call(reqwest::Method::POST, "/auth/refresh", None, Some(laptop_refresh)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.login("wang.li", "new-passw0rd-2026").await.status, StatusCode::OK);

    // An admin resets someone else's password without knowing it; no session is handed out.
    let reset = app.patch(&path, &admin, json!({"version": 2, "password": "reset-by-admin-1"})).await;
    assert_eq!(reset.status, StatusCode::OK, "{:?}", reset.body);
    assert!(reset.body.get("session").is_none());
}
