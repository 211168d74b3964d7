//! A project's protection rules (保护期): who may read and set them, and that every
//! renewal of a lead's protection (registration, contact, claim, transfer) uses them.

use chrono::{DateTime, Utc};
use futures_util::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{site, Site};

impl Site {
    fn protection_path(&self) -> String {
        format!("/projects/{}/protection-rules", self.project)
    }

    async fn set_protection(&self, token: &str, body: Value) -> crate::helpers::Reply {
        self.app.call(Method::PUT, &self.protection_path(), Some(token), Some(body)).await
    }
}

/// How many whole days from now a timestamp in an answer lies (rounded).
fn days_from_now(at: &Value) -> i64 {
    let at = at.as_str().and_then(|t| t.parse::<DateTime<Utc>>().ok()).unwrap_or_else(|| panic!("a time: {at:?}"));
    ((at - Utc::now()).num_minutes() as f64 / (24.0 * 60.0)).round() as i64
}

#[tokio::test]
async fn members_read_the_rules_and_only_managers_set_them() {
    let site = site().await;
    let other = site.app.create_project(&site.admin, "西溪花园").await;

    let default = site.app.get(&site.protection_path(), &site.wang).await;
    let by_sales = site.set_protection(&site.wang, json!({"lead_protection_days": 15})).await;
    let elsewhere = site.app.get(&format!("/projects/{other}/protection-rules"), &site.wang).await;
    let set_elsewhere = site
        .app
        .call(
            Method::PUT,
            &format!("/projects/{other}/protection-rules"),
            Some(&site.manager),
            Some(json!({"lead_protection_days": 15})),
        )
        .await;
    let first = site.set_protection(&site.manager, json!({"lead_protection_days": 15})).await;
    let second = site.set_protection(&site.manager, json!({"lead_protection_days": 20})).await;
    let seen = site.app.get(&site.protection_path(), &site.li).await;

    assert_eq!(default.status, StatusCode::OK, "{:?}", default.body);
    assert_eq!(
        default.body,
        json!({"lead_protection_days": 30, "report_valid_days": 7, "arrival_protection_days": 90,
               "report_phone_mode": "full", "rotation_enabled": true, "customised": false, "version": 0})
    );
    assert_eq!((by_sales.status, by_sales.code()), (StatusCode::FORBIDDEN, "project.manager_only"));
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    assert_eq!(set_elsewhere.status, StatusCode::NOT_FOUND, "a manager of another project");
    assert_eq!(
        first.body,
        json!({"lead_protection_days": 15, "report_valid_days": 7, "arrival_protection_days": 90,
               "report_phone_mode": "full", "rotation_enabled": true, "customised": true, "version": 1})
    );
    assert_eq!(second.body["version"], 2);
    assert_eq!(seen.body, second.body);
    let changes = site.app.audit_actions().iter().filter(|a| *a == "project.protection_update").count();
    assert_eq!(changes, 2);
}

#[tokio::test]
async fn the_rules_are_checked_field_by_field() {
    let site = site().await;
    for (body, field) in [
        (json!({"lead_protection_days": 0}), "lead_protection_days"),
        (json!({"lead_protection_days": 366}), "lead_protection_days"),
        (json!({"lead_protection_days": "15"}), "lead_protection_days"),
        (json!({"report_valid_days": 91}), "report_valid_days"),
        (json!({"arrival_protection_days": 0}), "arrival_protection_days"),
        (json!({"report_phone_mode": "partial"}), "report_phone_mode"),
        (json!({"rotation_enabled": "yes"}), "rotation_enabled"),
        (json!({"lead_protection_days": 15, "pool": true}), "pool"),
    ] {
        let refused = site.set_protection(&site.manager, body.clone()).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {:?}", refused.body);
        let fields: Vec<&str> =
            refused.body["errors"].as_array().into_iter().flatten().filter_map(|e| e["field"].as_str()).collect();
        assert!(fields.iter().any(|f| f.contains(field)), "{body}: {fields:?}");
    }
    assert_eq!(site.app.get(&site.protection_path(), &site.manager).await.body["customised"], false);
    let nothing = site.set_protection(&site.manager, json!({"rotation_enabled": null})).await;
    assert_eq!(
        (nothing.status, nothing.body["version"].clone()),
        (StatusCode::OK, json!(0)),
        "naming no rule changes nothing"
    );
}

#[tokio::test]
async fn two_first_saves_at_once_both_land_one_after_the_other() {
    let site = site().await;
    let saves =
        join_all([10, 12].map(|days| site.set_protection(&site.manager, json!({"lead_protection_days": days})))).await;
    assert!(
        saves.iter().all(|s| s.status == StatusCode::OK),
        "{:?}",
        saves.iter().map(|s| &s.body).collect::<Vec<_>>()
    );
    let mut versions: Vec<i64> = saves.iter().filter_map(|s| s.body["version"].as_i64()).collect();
    versions.sort();
    assert_eq!(versions, vec![1, 2]);
}

#[tokio::test]
async fn registration_contact_claim_and_transfer_protect_for_the_projects_period() {
    let site = site().await;
    assert_eq!(site.set_protection(&site.manager, json!({"lead_protection_days": 10})).await.status, StatusCode::OK);

    let registered = site.register(&site.wang, "王女士", "13800138000", json!({})).await;
    let lead = registered.id("id");
    let contacted = site
        .app
        .post(
            &format!("/leads/{lead}/follow-ups"),
            &site.wang,
            json!({"channel": "phone", "purpose": "push_progress", "content": "约周六看房", "happened_at": Utc::now(), "initiated_by": "customer"}),
        )
        .await;
    let transferred = site
        .app
        .post(
            &format!("/leads/{lead}/transfer"),
            &site.manager,
            json!({"to_user_id": site.li_id, "reason": "王丽休假，交给李娜跟进"}),
        )
        .await;
    site.lapse(lead);
    let claimed = site.app.post(&format!("/leads/{lead}/claim"), &site.wang, json!({})).await;

    assert_eq!(days_from_now(&registered.body["protected_until"]), 10, "{:?}", registered.body);
    assert_eq!(contacted.status, StatusCode::CREATED, "{:?}", contacted.body);
    assert_eq!(days_from_now(&contacted.body["lead"]["protected_until"]), 10);
    assert_eq!(transferred.status, StatusCode::OK, "{:?}", transferred.body);
    assert_eq!(days_from_now(&transferred.body["protected_until"]), 10);
    assert_eq!(claimed.status, StatusCode::OK, "{:?}", claimed.body);
    assert_eq!(days_from_now(&claimed.body["protected_until"]), 10);

    // Another project keeps the server's default.
    let other = site.app.create_project(&site.admin, "西溪花园").await;
    let joined = site.app.put(&format!("/projects/{other}/members/{}", site.wang_id), &site.admin).await;
    assert_eq!(joined.status, StatusCode::CREATED, "{:?}", joined.body);
    let elsewhere = site
        .app
        .post(
            "/leads",
            &site.wang,
            json!({"project_id": other, "name": "李先生", "phone": "13900139000", "source_channel": "walk_in"}),
        )
        .await;
    assert_eq!(days_from_now(&elsewhere.body["protected_until"]), 30, "{:?}", elsewhere.body);
}

#[tokio::test]
async fn an_import_and_a_handover_across_projects_protect_each_lead_for_its_own_projects_period() {
    let site = site().await;
    assert_eq!(site.set_protection(&site.manager, json!({"lead_protection_days": 10})).await.status, StatusCode::OK);
    let other = site.app.create_project(&site.admin, "西溪花园").await;
    for user in [site.wang_id, site.li_id] {
        let joined = site.app.put(&format!("/projects/{other}/members/{user}"), &site.admin).await;
        assert_eq!(joined.status, StatusCode::CREATED, "{:?}", joined.body);
    }
    let imported = site
        .app
        .post(
            &format!("/leads/import?project_id={}", site.project),
            &site.wang,
            json!([{"name": "王女士", "phone": "13800138000", "source_channel": "walk_in"}]),
        )
        .await;
    assert_eq!(imported.body["created"], 1, "{:?}", imported.body);
    let here = imported.body["results"][0]["lead_id"].as_str().unwrap_or_default().to_owned();
    let there = site
        .app
        .post(
            "/leads",
            &site.wang,
            json!({"project_id": other, "name": "李先生", "phone": "13900139000", "source_channel": "walk_in"}),
        )
        .await
        .id("id");
    assert_eq!(days_from_now(&site.app.get(&format!("/leads/{here}"), &site.wang).await.body["protected_until"]), 10);

    let frozen = site.app.post(&format!("/users/{}/freeze", site.wang_id), &site.admin, json!({})).await;
    assert_eq!(frozen.status, StatusCode::OK, "{:?}", frozen.body);
    let handed = site
        .app
        .post(&format!("/users/{}/handover", site.wang_id), &site.admin, json!({"to_user_id": site.li_id}))
        .await;

    assert_eq!(handed.body["moved"], 2, "{:?}", handed.body);
    assert_eq!(days_from_now(&site.app.get(&format!("/leads/{here}"), &site.li).await.body["protected_until"]), 10);
    assert_eq!(days_from_now(&site.app.get(&format!("/leads/{there}"), &site.li).await.body["protected_until"]), 30);
}

#[tokio::test]
async fn the_front_of_house_rules_are_set_with_them_and_a_field_left_out_keeps_its_value() {
    let site = site().await;
    let reception = site
        .set_protection(
            &site.manager,
            json!({"report_valid_days": 3, "arrival_protection_days": 60, "report_phone_mode": "masked", "rotation_enabled": false}),
        )
        .await;
    let lead_days = site.set_protection(&site.manager, json!({"lead_protection_days": 15})).await;
    let seen = site.app.get(&site.protection_path(), &site.wang).await;

    assert_eq!(reception.status, StatusCode::OK, "{:?}", reception.body);
    assert_eq!(reception.body["lead_protection_days"], 30, "left out: the default stays");
    assert_eq!(
        seen.body,
        json!({"lead_protection_days": 15, "report_valid_days": 3, "arrival_protection_days": 60,
               "report_phone_mode": "masked", "rotation_enabled": false, "customised": true, "version": 2})
    );
    assert_eq!(seen.body, lead_days.body);
}
