//! Who holds a lead: the public pool (公海) and claims, transfers, handovers.

use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::PASSWORD;
use crate::helpers::{names, site};

#[tokio::test]
async fn leads_whose_protection_lapsed_are_in_the_pool() {
    let site = site().await;
    let lapsed = site.lead(&site.wang, "王女士", "13800138000").await;
    site.lead(&site.wang, "李先生", "13900139000").await;
    site.lapse(lapsed);
    let other = site.app.create_project(&site.admin, "西溪花园").await;

    let for_colleague = site.app.get(&format!("/leads/pool?project_id={}", site.project), &site.li).await;
    let for_manager = site.app.get(&format!("/leads/pool?project_id={}", site.project), &site.manager).await;
    let elsewhere = site.app.get(&format!("/leads/pool?project_id={other}"), &site.li).await;

    assert_eq!(names(&for_colleague), vec!["王女士"]);
    assert_eq!(names(&for_manager), vec!["王女士"]);
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn racing_claims_for_a_pool_lead_have_exactly_one_winner() {
    let site = site().await;
    let id = site.lead(&site.wang, "王女士", "13800138000").await;
    site.lapse(id);
    let mut claimants = vec![site.li.clone()];
    for name in ["zhao.q", "sun.y", "qian.f", "zhou.w"] {
        claimants.push(site.app.sign_in_new(name, "sales", &[site.project]).await.1);
    }

    let path = format!("/leads/{id}/claim");
    let replies = join_all(claimants.iter().map(|token| site.app.post(&path, token, json!({})))).await;

    let winners: Vec<_> = replies.iter().filter(|r| r.status == StatusCode::OK).collect();
    let losers =
        replies.iter().filter(|r| r.status == StatusCode::CONFLICT && r.code() == "lead.already_claimed").count();
    assert_eq!(
        (winners.len(), losers),
        (1, 4),
        "{:?}",
        replies.iter().map(|r| (r.status, r.code())).collect::<Vec<_>>()
    );
    let winner = winners[0];
    let protected_until =
        winner.body["protected_until"].as_str().and_then(|t| t.parse::<chrono::DateTime<chrono::Utc>>().ok());
    assert!(protected_until > Some(chrono::Utc::now() + chrono::Duration::days(29)), "protection renewed");
    assert_eq!(winner.body["phone_masked"], false, "the new owner sees the phone");
    let pool = site.app.get(&format!("/leads/pool?project_id={}", site.project), &site.li).await;
    assert!(names(&pool).is_empty());
    assert_eq!(site.app.get(&format!("/leads/{id}"), &site.wang).await.status, StatusCode::NOT_FOUND);
    assert_eq!(site.app.audit_actions().iter().filter(|a| *a == "lead.claim").count(), 1);
}

#[tokio::test]
async fn a_protected_lead_cannot_be_claimed_even_by_its_owner() {
    let site = site().await;
    let id = site.lead(&site.wang, "王女士", "13800138000").await;

    let by_owner = site.app.post(&format!("/leads/{id}/claim"), &site.wang, json!({})).await;

    assert_eq!((by_owner.status, by_owner.code()), (StatusCode::CONFLICT, "lead.already_claimed"));
}

#[tokio::test]
async fn managers_transfer_a_lead_with_a_reason() {
    let site = site().await;
    let id = site.lead(&site.wang, "王女士", "13800138000").await;
    let outsider = site.app.create_user(&site.admin, "chen.m", "sales", &[]).await;
    let path = format!("/leads/{id}/transfer");

    let by_owner = site.app.post(&path, &site.wang, json!({"to_user_id": site.li_id, "reason": "休假"})).await;
    let to_outsider = site.app.post(&path, &site.manager, json!({"to_user_id": outsider, "reason": "休假"})).await;
    let no_reason = site.app.post(&path, &site.manager, json!({"to_user_id": site.li_id})).await;
    let moved = site.app.post(&path, &site.manager, json!({"to_user_id": site.li_id, "reason": "王丽休假"})).await;

    assert_eq!((by_owner.status, by_owner.code()), (StatusCode::FORBIDDEN, "lead.manager_only"));
    assert_eq!(to_outsider.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(to_outsider.body["errors"][0]["field"], "to_user_id");
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.body);
    assert_eq!(moved.body["owner_id"], json!(site.li_id));
    assert_eq!(site.app.get(&format!("/leads/{id}"), &site.wang).await.status, StatusCode::NOT_FOUND);
    assert_eq!(site.app.get(&format!("/leads/{id}"), &site.li).await.status, StatusCode::OK);
    assert!(site.app.audit_actions().contains(&"lead.transfer".to_owned()));
}

#[tokio::test]
async fn a_frozen_salespersons_leads_are_handed_over_once() {
    let site = site().await;
    for (name, phone) in [("王女士", "13800138000"), ("李先生", "13900139000"), ("赵女士", "13700137000")] {
        site.lead(&site.wang, name, phone).await;
    }
    let frozen = site.app.post(&format!("/users/{}/freeze", site.wang_id), &site.manager, json!({})).await;
    assert_eq!(frozen.status, StatusCode::OK, "{:?}", frozen.body);
    let path = format!("/users/{}/handover", site.wang_id);

    let by_sales = site.app.post(&path, &site.li, json!({"to_user_id": site.li_id})).await;
    let first = site.app.post(&path, &site.manager, json!({"to_user_id": site.li_id})).await;
    let again = site.app.post(&path, &site.manager, json!({"to_user_id": site.li_id})).await;

    assert_eq!(site.app.get("/leads", &site.wang).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(site.app.login("wang.li", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(by_sales.status, StatusCode::FORBIDDEN);
    assert_eq!((first.status, first.body["moved"].as_i64()), (StatusCode::OK, Some(3)));
    assert_eq!(again.body["moved"], 0, "running it twice is harmless");
    assert_eq!(names(&site.app.get("/leads", &site.li).await).len(), 3);
    assert_eq!(site.app.audit_actions().iter().filter(|a| *a == "lead.handover").count(), 3);
}

#[tokio::test]
async fn a_handover_needs_a_target_in_every_project_of_the_leads() {
    let site = site().await;
    site.lead(&site.wang, "王女士", "13800138000").await;
    let newcomer = site.app.create_user(&site.admin, "chen.m", "sales", &[]).await;

    let refused = site
        .app
        .post(&format!("/users/{}/handover", site.wang_id), &site.manager, json!({"to_user_id": newcomer}))
        .await;

    assert_eq!((refused.status, refused.code()), (StatusCode::UNPROCESSABLE_ENTITY, "lead.handover_target_not_member"));
    assert_eq!(refused.body["project_ids"], json!([site.project]));
    assert_eq!(names(&site.app.get("/leads", &site.wang).await), vec!["王女士"], "nothing moved");
}
