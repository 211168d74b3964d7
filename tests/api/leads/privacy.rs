//! The data scope (another salesperson's lead is 404 on every verb), masking per role,
//! and audited reveals of personal data.

use anchang::schema::audit_events;
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{names, site};

const ID_NUMBER: &str = "11010519491231002X";

#[tokio::test]
async fn another_salespersons_lead_is_404_on_every_verb() {
    let site = site().await;
    let id = site.lead(&site.wang, "王女士", "13800138000").await;
    let other = site.app.create_project(&site.admin, "西溪花园").await;
    let (_, stranger_manager) = site.app.sign_in_new("chen.m", "manager", &[other]).await;
    let path = format!("/leads/{id}");

    for token in [&site.li, &stranger_manager] {
        let attempts = [
            site.app.get(&path, token).await,
            site.app.patch(&path, token, json!({"version": 1, "name": "改名"})).await,
            site.app.delete(&path, token).await,
            site.app
                .post(&format!("{path}/transfer"), token, json!({"to_user_id": site.li_id, "reason": "接手"}))
                .await,
            site.app.post(&format!("{path}/reveal"), token, json!({"field": "phone", "purpose": "回访"})).await,
        ];
        for (verb, attempt) in attempts.iter().enumerate() {
            assert_eq!(attempt.status, StatusCode::NOT_FOUND, "verb #{verb}: {:?}", attempt.body);
            assert_eq!(attempt.code(), "lead.not_found");
        }
        assert!(names(&site.app.get("/leads", token).await).is_empty());
    }
    // Claiming works on the project's pool: a colleague learns only that it is not claimable.
    let colleague_claims = site.app.post(&format!("{path}/claim"), &site.li, json!({})).await;
    let stranger_claims = site.app.post(&format!("{path}/claim"), &stranger_manager, json!({})).await;
    assert_eq!((colleague_claims.status, colleague_claims.code()), (StatusCode::CONFLICT, "lead.already_claimed"));
    assert_eq!(colleague_claims.body.as_object().map(|o| o.contains_key("owner_display_name")), Some(false));
    assert_eq!((stranger_claims.status, stranger_claims.code()), (StatusCode::NOT_FOUND, "lead.not_found"));
    let untouched = site.app.get(&path, &site.wang).await;
    assert_eq!((untouched.body["name"].as_str(), untouched.body["version"].as_i64()), (Some("王女士"), Some(1)));
}

#[tokio::test]
async fn managers_see_their_projects_leads_and_salespeople_only_their_own() {
    let site = site().await;
    site.lead(&site.wang, "王女士", "13800138000").await;
    site.lead(&site.li, "李先生", "13900139000").await;

    let wang_sees = names(&site.app.get("/leads", &site.wang).await);
    let manager_sees = names(&site.app.get("/leads", &site.manager).await);
    let by_owner = names(&site.app.get(&format!("/leads?owner_id={}", site.li_id), &site.manager).await);
    let sneaking = names(&site.app.get(&format!("/leads?owner_id={}", site.li_id), &site.wang).await);

    assert_eq!(wang_sees, vec!["王女士"]);
    assert_eq!(manager_sees, vec!["李先生", "王女士"]);
    assert_eq!(by_owner, vec!["李先生"]);
    assert!(sneaking.is_empty(), "owner_id does not widen a salesperson's scope");
}

#[tokio::test]
async fn phones_are_clear_for_owner_and_managers_and_id_numbers_masked_for_all() {
    let site = site().await;
    let created = site.register(&site.wang, "王女士", "13800138000", json!({"id_number": ID_NUMBER})).await;
    let id = created.id("id");
    site.lapse(id);

    let owner = site.app.get(&format!("/leads/{id}"), &site.wang).await;
    let manager = site.app.get(&format!("/leads/{id}"), &site.manager).await;
    let admin = site.app.get(&format!("/leads/{id}"), &site.admin).await;
    let pool = site.app.get(&format!("/leads/pool?project_id={}", site.project), &site.li).await;

    for (who, reply) in [("owner", &owner), ("manager", &manager), ("admin", &admin)] {
        assert_eq!(reply.body["phone"], "13800138000", "{who}");
        assert_eq!(reply.body["id_number"], "110105********002X", "{who}");
    }
    let seen_in_pool = &crate::helpers::items(&pool)[0];
    assert_eq!(seen_in_pool["phone"], "138****8000");
    assert_eq!(seen_in_pool["phone_masked"], true);
    assert!(seen_in_pool.get("id_number").is_none(), "a list carries no ID number at all");
}

#[tokio::test]
async fn a_reveal_answers_the_clear_value_and_is_audited_with_its_purpose() {
    let site = site().await;
    let id = site.register(&site.wang, "王女士", "13800138000", json!({"id_number": ID_NUMBER})).await.id("id");
    let bare = site.lead(&site.wang, "李先生", "13900139000").await;

    let by_owner = site
        .app
        .post(&format!("/leads/{id}/reveal"), &site.wang, json!({"field": "id_number", "purpose": "签约核验身份"}))
        .await;
    let by_manager = site
        .app
        .post(&format!("/leads/{id}/reveal"), &site.manager, json!({"field": "phone", "purpose": "回访核实"}))
        .await;
    let no_purpose = site.app.post(&format!("/leads/{id}/reveal"), &site.wang, json!({"field": "id_number"})).await;
    let nothing_recorded = site
        .app
        .post(&format!("/leads/{bare}/reveal"), &site.wang, json!({"field": "id_number", "purpose": "签约核验身份"}))
        .await;

    assert_eq!(by_owner.status, StatusCode::OK, "{:?}", by_owner.body);
    assert_eq!(by_owner.body["value"], ID_NUMBER);
    assert_eq!(by_manager.body["value"], "13800138000");
    assert_eq!(no_purpose.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((nothing_recorded.status, nothing_recorded.code()), (StatusCode::NOT_FOUND, "lead.no_id_number"));
    let mut pooled = site.app.sealed_db();
    let events: Vec<(String, String)> = audit_events::table
        .order(audit_events::seq.asc())
        .select((audit_events::action, audit_events::changes))
        .load(&mut pooled.conn)
        .expect("events");
    let reveals: Vec<&String> = events.iter().filter(|(a, _)| a == "lead.reveal").map(|(_, c)| c).collect();
    assert_eq!(reveals.len(), 2);
    assert!(reveals[0].contains("签约核验身份") && reveals[0].contains("id_number"));
    assert!(events.iter().all(|(_, changes)| !changes.contains(ID_NUMBER)), "never in the trail in clear");
    assert!(events.iter().all(|(_, changes)| !changes.contains("13800138000")), "phones are masked in the trail");
}
