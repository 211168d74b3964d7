//! The objection library: managers write, the project reads, uses are counted exactly.

use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{items, site};

#[tokio::test]
async fn managers_write_the_library_and_salespeople_search_it() {
    let site = site().await;
    let path = format!("/projects/{}/objections", site.project);
    let price = json!({"category": "price", "objection": "价格太高", "answer": "理解您（共情）；周边均价高 8%（数据）；张先生开盘后涨了 5%（案例）", "tags": ["首付"]});
    let school =
        json!({"category": "product", "objection": "学区不确定", "answer": "教育局已公示划片", "tags": ["学区"]});

    let by_sales = site.app.post(&path, &site.wang, price.clone()).await;
    let created = site.app.post(&path, &site.manager, price).await;
    site.app.post(&path, &site.manager, school).await;
    let blank =
        site.app.post(&path, &site.manager, json!({"category": "price", "objection": " ", "answer": "x"})).await;
    let by_text = site.app.get(&format!("{path}?q=价格"), &site.wang).await;
    let by_tag = site.app.get(&format!("{path}?q=学区"), &site.li).await;
    let by_category = site.app.get(&format!("{path}?category=product"), &site.wang).await;

    assert_eq!((by_sales.status, by_sales.code()), (StatusCode::FORBIDDEN, "project.manager_only"));
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    assert_eq!(created.body["tags"], json!(["首付"]));
    assert_eq!(blank.body["errors"][0]["field"], "objection");
    assert_eq!(items(&by_text).len(), 1);
    assert_eq!(items(&by_text)[0]["objection"], "价格太高");
    assert_eq!(items(&by_tag)[0]["objection"], "学区不确定");
    assert_eq!(items(&by_category).len(), 1);
    assert!(site.app.audit_actions().contains(&"objection.create".to_owned()));
}

#[tokio::test]
async fn uses_are_counted_exactly_and_the_most_used_come_first() {
    let site = site().await;
    let path = format!("/projects/{}/objections", site.project);
    let first = site
        .app
        .post(&path, &site.manager, json!({"category": "timing", "objection": "再等等", "answer": "开盘优惠仅限首周"}))
        .await
        .id("id");
    let popular = site
        .app
        .post(&path, &site.manager, json!({"category": "price", "objection": "太贵", "answer": "算一笔账"}))
        .await
        .id("id");

    let use_path = format!("/objections/{popular}/used");
    let used = join_all((0..6).map(|i| {
        let token = if i % 2 == 0 { &site.wang } else { &site.li };
        site.app.post(&use_path, token, json!({}))
    }))
    .await;
    site.app.post(&format!("/objections/{first}/used"), &site.wang, json!({})).await;
    let listed = site.app.get(&path, &site.wang).await;

    assert!(used.iter().all(|r| r.status == StatusCode::OK));
    let order: Vec<(String, i64)> = items(&listed)
        .iter()
        .map(|o| (o["objection"].as_str().unwrap_or("").to_owned(), o["usage_count"].as_i64().unwrap_or(-1)))
        .collect();
    assert_eq!(order, vec![("太贵".to_owned(), 6), ("再等等".to_owned(), 1)]);
}

#[tokio::test]
async fn edits_need_the_version_deletes_hide_and_strangers_get_404() {
    let site = site().await;
    let path = format!("/projects/{}/objections", site.project);
    let id = site
        .app
        .post(&path, &site.manager, json!({"category": "location", "objection": "太远", "answer": "地铁 2027 年通车"}))
        .await
        .id("id");
    let other = site.app.create_project(&site.admin, "西溪花园").await;
    let (_, stranger) = site.app.sign_in_new("chen.m", "sales", &[other]).await;
    let entry = format!("/objections/{id}");

    let edited = site
        .app
        .patch(&entry, &site.manager, json!({"version": 1, "answer": "地铁 6 号线 2027 年通车", "tags": ["交通"]}))
        .await;
    let stale = site.app.patch(&entry, &site.manager, json!({"version": 1, "answer": "x"})).await;
    let by_sales = site.app.patch(&entry, &site.wang, json!({"version": 2, "answer": "x"})).await;
    let stranger_use = site.app.post(&format!("{entry}/used"), &stranger, json!({})).await;
    let stranger_list = site.app.get(&path, &stranger).await;
    let deleted = site.app.delete(&entry, &site.manager).await;
    let after = site.app.get(&path, &site.wang).await;
    let use_deleted = site.app.post(&format!("{entry}/used"), &site.wang, json!({})).await;

    assert_eq!((edited.status, edited.body["version"].as_i64()), (StatusCode::OK, Some(2)));
    assert_eq!(edited.body["tags"], json!(["交通"]));
    assert_eq!((stale.status, stale.code()), (StatusCode::PRECONDITION_FAILED, "objection.version_conflict"));
    assert_eq!(by_sales.status, StatusCode::FORBIDDEN);
    assert_eq!((stranger_use.status, stranger_use.code()), (StatusCode::NOT_FOUND, "objection.not_found"));
    assert_eq!(stranger_list.status, StatusCode::NOT_FOUND);
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert!(items(&after).is_empty());
    assert_eq!(use_deleted.status, StatusCode::NOT_FOUND);
    let actions = site.app.audit_actions();
    assert!(actions.contains(&"objection.update".to_owned()) && actions.contains(&"objection.delete".to_owned()));
}
