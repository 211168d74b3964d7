//! Registering, editing and deleting leads; de-duplication (撞单).

use anchang::db::Id;
use anchang::schema::lead_consents;
use diesel::prelude::*;
use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::site;

#[tokio::test]
async fn registering_a_lead_normalises_the_phone_and_answers_201() {
    let site = site().await;

    let created = site
        .register(
            &site.wang,
            "王女士",
            "+86 138-0013-8000",
            json!({"budget_max_fen": 500_000_000, "intended_layouts": ["3房", "3房", "4房"], "tags": ["多孩家庭"],
                   "id_number": "11010519491231002x", "marketing_consent": {"granted": true, "channel": "wechat"}}),
        )
        .await;

    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let id = created.id("id");
    assert_eq!(created.header("location"), Some(format!("/api/v1/leads/{id}").as_str()));
    assert_eq!(created.body["phone"], "13800138000");
    assert_eq!(created.body["phone_masked"], false);
    assert_eq!(created.body["id_number"], "110105********002X");
    assert_eq!(created.body["intended_layouts"], json!(["3房", "4房"]));
    assert_eq!(created.body["status"], "new");
    assert_eq!(created.body["owner_id"], json!(site.wang_id));
    assert_eq!(created.body["owner_display_name"], "wang.li");
    assert_eq!(created.body["version"], 1);
    assert_eq!(created.body["marketing_consent"]["granted"], true);
    assert!(created.body["completeness"].as_i64().is_some_and(|c| c > 0 && c < 100));
    assert_eq!(created.header("cache-control"), Some("no-store"));
    assert!(site.app.audit_actions().contains(&"lead.create".to_owned()));
}

#[tokio::test]
async fn each_invalid_field_is_a_422_naming_it() {
    let site = site().await;

    let bad_phone = site.register(&site.wang, "王女士", "010-12345678", json!({})).await;
    let bad_id = site.register(&site.wang, "王女士", "13800138000", json!({"id_number": "110105194912310021"})).await;
    let bad_channel = site.register(&site.wang, "王女士", "13800138000", json!({"source_channel": "tv"})).await;
    let reversed =
        site.register(&site.wang, "王女士", "13800138000", json!({"budget_min_fen": 900, "budget_max_fen": 100})).await;
    let blank_name = site.register(&site.wang, "  ", "13800138000", json!({})).await;
    let unknown_field = site.register(&site.wang, "王女士", "13800138000", json!({"grade": "A"})).await;

    assert_eq!((bad_phone.status, bad_phone.code()), (StatusCode::UNPROCESSABLE_ENTITY, "lead.invalid_phone"));
    assert_eq!(bad_phone.body["errors"][0]["field"], "phone");
    assert_eq!((bad_id.status, bad_id.code()), (StatusCode::UNPROCESSABLE_ENTITY, "lead.invalid_id_number"));
    assert!(!bad_id.body.to_string().contains("110105194912310021"), "the ID number is not echoed");
    assert_eq!(bad_channel.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_channel.body["errors"][0]["field"], "source_channel");
    assert_eq!(reversed.body["errors"][0]["field"], "budget_max_fen");
    assert_eq!(blank_name.body["errors"][0]["field"], "name");
    assert_eq!(unknown_field.status, StatusCode::UNPROCESSABLE_ENTITY);
    let listed = site.app.get("/leads", &site.wang).await;
    assert_eq!(crate::helpers::items(&listed).len(), 0, "nothing was created");
}

#[tokio::test]
async fn a_phone_held_by_a_colleague_is_409_naming_only_the_holder() {
    let site = site().await;
    site.lead(&site.wang, "王女士", "13800138000").await;

    let clash = site.register(&site.li, "王太太", "138 0013 8000", json!({})).await;
    let check = site
        .app
        .post("/leads/check-duplicate", &site.li, json!({"project_id": site.project, "phone": "+8613800138000"}))
        .await;
    let free = site
        .app
        .post("/leads/check-duplicate", &site.li, json!({"project_id": site.project, "phone": "13900139000"}))
        .await;

    assert_eq!(clash.status, StatusCode::CONFLICT);
    assert_eq!(clash.code(), "lead.duplicate_phone");
    assert_eq!(clash.body["owner_display_name"], "wang.li");
    assert!(clash.body["protected_until"].is_string());
    assert!(!clash.body.to_string().contains("王女士"), "nothing else about the lead");
    assert_eq!(check.status, StatusCode::OK);
    let keys: Vec<&String> = check.body.as_object().expect("object").keys().collect();
    assert_eq!(keys.len(), 3, "exists, owner_display_name, protected_until only: {keys:?}");
    assert_eq!(check.body["exists"], true);
    assert_eq!(check.body["owner_display_name"], "wang.li");
    assert_eq!(free.body["exists"], false);

    let other_project = site.app.create_project(&site.admin, "西溪花园").await;
    let elsewhere = site
        .app
        .post(
            "/leads",
            &site.admin,
            json!({"project_id": other_project, "name": "王女士", "phone": "13800138000", "source_channel": "walk_in"}),
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::CREATED, "one phone may be a lead in each project");
}

#[tokio::test]
async fn racing_registrations_of_one_phone_have_exactly_one_winner() {
    let site = site().await;

    let attempts = (0..6).map(|i| {
        let token = if i % 2 == 0 { &site.wang } else { &site.li };
        site.register(token, "王女士", "13800138000", json!({}))
    });
    let replies = join_all(attempts).await;

    let created = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
    let refused = replies.iter().filter(|r| r.code() == "lead.duplicate_phone").count();
    assert_eq!((created, refused), (1, 5), "{:?}", replies.iter().map(|r| r.status).collect::<Vec<_>>());
}

#[tokio::test]
async fn an_update_needs_the_current_version() {
    let site = site().await;
    let id = site.lead(&site.wang, "王女士", "13800138000").await;
    let path = format!("/leads/{id}");

    let first =
        site.app.patch(&path, &site.wang, json!({"version": 1, "occupation": "教师", "status": "contacted"})).await;
    let stale = site.app.patch(&path, &site.wang, json!({"version": 1, "occupation": "医生"})).await;
    let cleared = site.app.patch(&path, &site.wang, json!({"version": 2, "occupation": null})).await;

    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    assert_eq!((first.body["version"].as_i64(), first.body["status"].as_str()), (Some(2), Some("contacted")));
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.code(), "lead.version_conflict");
    assert_eq!(cleared.body["occupation"], serde_json::Value::Null);
    assert!(site.app.audit_actions().iter().filter(|a| *a == "lead.update").count() == 2);
}

#[tokio::test]
async fn owner_grade_counters_and_flow_statuses_are_not_edits() {
    let site = site().await;
    let id = site.lead(&site.wang, "王女士", "13800138000").await;
    let path = format!("/leads/{id}");

    for body in [
        json!({"version": 1, "owner_id": site.li_id}),
        json!({"version": 1, "grade": "A"}),
        json!({"version": 1, "visit_count": 9}),
        json!({"version": 1, "status": "signed"}),
        json!({"version": 1, "status": "reserved"}),
        json!({"version": 1, "status": "lost"}),
    ] {
        let refused = site.app.patch(&path, &site.wang, body.clone()).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {:?}", refused.body);
    }
    let lost =
        site.app.patch(&path, &site.wang, json!({"version": 1, "status": "lost", "lost_reason": "competitor"})).await;
    assert_eq!(lost.status, StatusCode::OK, "{:?}", lost.body);
    assert_eq!(lost.body["lost_reason"], "competitor");
}

#[tokio::test]
async fn a_new_phone_held_by_another_lead_is_refused_on_update() {
    let site = site().await;
    site.lead(&site.li, "李先生", "13900139000").await;
    let id = site.lead(&site.wang, "王女士", "13800138000").await;

    let clash =
        site.app.patch(&format!("/leads/{id}"), &site.wang, json!({"version": 1, "phone": "139 0013 9000"})).await;

    assert_eq!(clash.status, StatusCode::CONFLICT);
    assert_eq!(clash.code(), "lead.duplicate_phone");
    assert_eq!(clash.body["owner_display_name"], "li.na");
}

#[tokio::test]
async fn mini_programs_edit_through_post_with_the_method_override() {
    let site = site().await;
    let id = site.lead(&site.wang, "王女士", "13800138000").await;

    let response = site
        .app
        .client
        .post(site.app.api(&format!("/leads/{id}")))
        .bearer_auth(&site.wang)
        .header("X-HTTP-Method-Override", "PATCH")
        .json(&json!({"version": 1, "wechat_id": "wx_wang"}))
        .send()
        .await
        .expect("sent");
    let edited = crate::helpers::reply(response).await;

    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    assert_eq!(edited.body["wechat_id"], "wx_wang");
}

#[tokio::test]
async fn withdrawing_consent_takes_effect_at_once_and_stays_in_history() {
    let site = site().await;
    let created = site
        .register(
            &site.wang,
            "王女士",
            "13800138000",
            json!({"marketing_consent": {"granted": true, "channel": "wechat"}}),
        )
        .await;
    let id = created.id("id");

    let withdrawn = site
        .app
        .patch(
            &format!("/leads/{id}"),
            &site.wang,
            json!({"version": 1, "marketing_consent": {"granted": false, "channel": "phone"}}),
        )
        .await;

    assert_eq!(withdrawn.body["marketing_consent"]["granted"], false);
    assert_eq!(withdrawn.body["marketing_consent"]["channel"], "phone");
    let mut pooled = site.app.db();
    let history: Vec<bool> = lead_consents::table
        .filter(lead_consents::lead_id.eq(Id(id)))
        .order(lead_consents::recorded_at.asc())
        .select(lead_consents::granted)
        .load(&mut pooled.conn)
        .expect("history");
    assert_eq!(history, vec![true, false]);
}

#[tokio::test]
async fn only_managers_delete_and_a_deleted_lead_frees_its_phone() {
    let site = site().await;
    let id = site.lead(&site.wang, "王女士", "13800138000").await;
    let path = format!("/leads/{id}");

    let by_owner = site.app.delete(&path, &site.wang).await;
    let by_manager = site.app.delete(&path, &site.manager).await;
    let again = site.app.delete(&path, &site.manager).await;
    let read = site.app.get(&path, &site.manager).await;
    let re_registered = site.register(&site.li, "王女士", "13800138000", json!({})).await;

    assert_eq!((by_owner.status, by_owner.code()), (StatusCode::FORBIDDEN, "lead.manager_only"));
    assert_eq!(by_manager.status, StatusCode::NO_CONTENT);
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_eq!(read.status, StatusCode::NOT_FOUND);
    assert_eq!(re_registered.status, StatusCode::CREATED);
    assert!(site.app.audit_actions().contains(&"lead.delete".to_owned()));
}
