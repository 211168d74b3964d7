//! Units: idempotent import, list, price changes, hold and release.

use reqwest::StatusCode;
use serde_json::json;

use super::sales_table;
use crate::helpers::{items, site};

fn rooms(reply: &crate::helpers::Reply) -> Vec<String> {
    items(reply)
        .iter()
        .map(|u| format!("{}-{}", u["building"].as_str().unwrap_or(""), u["room"].as_str().unwrap_or("")))
        .collect()
}

#[tokio::test]
async fn importing_the_same_table_twice_changes_nothing() {
    let site = site().await;

    let first = site.import_units(&site.manager, "application/json", sales_table().to_string()).await;
    let again = site.import_units(&site.manager, "application/json", sales_table().to_string()).await;
    let mut repriced = sales_table();
    repriced[0]["list_price_fen"] = json!(362_000_000_i64);
    repriced[3]["layout"] = json!("3房1厅");
    let changed = site.import_units(&site.manager, "application/json", repriced.to_string()).await;

    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    assert_eq!((first.body["created"].as_i64(), first.body["unchanged"].as_i64()), (Some(4), Some(0)));
    assert_eq!((again.body["created"].as_i64(), again.body["unchanged"].as_i64()), (Some(0), Some(4)));
    assert_eq!((changed.body["updated"].as_i64(), changed.body["unchanged"].as_i64()), (Some(2), Some(2)));
    let unit = first.body["results"][0]["unit_id"].as_str().unwrap_or_default().to_owned();
    let history = site.app.get(&format!("/units/{unit}/price-history"), &site.wang).await;
    let prices: Vec<i64> =
        history.body.as_array().expect("history").iter().filter_map(|p| p["list_price_fen"].as_i64()).collect();
    assert_eq!(prices, vec![362_000_000, 356_000_000], "newest first");
    let listed = site.app.get(&format!("/projects/{}/units", site.project), &site.wang).await;
    assert_eq!(rooms(&listed), vec!["1栋-301", "1栋-1201", "1栋-1202", "2栋-801"], "building, floor, room");
}

#[tokio::test]
async fn csv_imports_and_bad_rows_are_reported_row_by_row() {
    let site = site().await;
    let csv = "\u{feff}building,unit,floor,room,layout,area_sqm,list_price_fen,price_low_fen,price_high_fen\n\
               1栋,1单元,12,1201,3房2厅,118.5,356000000,345000000,367000000\n\
               1栋,1单元,十二,1202,4房2厅,143,428000000,,\n\
               1栋,1单元,12,1203,4房2厅,143,428000000,430000000,420000000\n\
               1栋,1单元,12,1201,3房2厅,118.5,356000000,,\n";

    let report = site.import_units(&site.manager, "text/csv", csv.to_owned()).await;
    let by_sales = site.import_units(&site.wang, "application/json", sales_table().to_string()).await;

    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    let statuses: Vec<&str> =
        report.body["results"].as_array().expect("results").iter().filter_map(|r| r["status"].as_str()).collect();
    assert_eq!(statuses, vec!["created", "invalid", "invalid", "invalid"]);
    assert_eq!(report.body["results"][1]["errors"][0]["field"], "floor");
    assert_eq!(report.body["results"][2]["errors"][0]["field"], "price_high_fen");
    assert_eq!(report.body["results"][3]["errors"][0]["field"], "room", "twice in one file");
    let created = report.body["results"][0]["unit_id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(
        site.app.get(&format!("/units/{created}"), &site.wang).await.body["unit_no"],
        "1单元",
        "`unit` names the 单元 too"
    );
    assert_eq!(by_sales.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn filters_and_a_managers_price_change_with_its_version() {
    let site = site().await;
    let units = site.units().await;
    let unit = units["1201"];
    let path = format!("/units/{unit}");

    let three_rooms =
        site.app.get(&format!("/projects/{}/units?layout=3房2厅&building=1栋", site.project), &site.wang).await;
    let floor_12 = site.app.get(&format!("/projects/{}/units?floor=12", site.project), &site.wang).await;
    let by_sales = site.app.patch(&path, &site.wang, json!({"version": 1, "list_price_fen": 1})).await;
    let upside_down =
        site.app.patch(&path, &site.manager, json!({"version": 1, "price_low_fen": 9, "price_high_fen": 8})).await;
    let repriced = site.app.patch(&path, &site.manager, json!({"version": 1, "list_price_fen": 360_000_000_i64})).await;
    let stale = site.app.patch(&path, &site.manager, json!({"version": 1, "list_price_fen": 1})).await;

    assert_eq!(rooms(&three_rooms), vec!["1栋-301", "1栋-1201"]);
    assert_eq!(items(&floor_12).len(), 2);
    assert_eq!(by_sales.status, StatusCode::FORBIDDEN);
    assert_eq!(upside_down.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((repriced.status, repriced.body["version"].as_i64()), (StatusCode::OK, Some(2)));
    assert_eq!((stale.status, stale.code()), (StatusCode::PRECONDITION_FAILED, "unit.version_conflict"));
    assert_eq!(
        site.app.get(&format!("/units/{unit}/price-history"), &site.wang).await.body.as_array().map(Vec::len),
        Some(2)
    );
    assert!(site.app.audit_actions().contains(&"unit.update".to_owned()));
}

#[tokio::test]
async fn managers_hold_and_release_units_and_strangers_see_nothing() {
    let site = site().await;
    let unit = site.units().await["1201"];
    let other = site.app.create_project(&site.admin, "西溪花园").await;
    let (_, stranger) = site.app.sign_in_new("chen.m", "manager", &[other]).await;

    let by_sales = site.app.post(&format!("/units/{unit}/hold"), &site.wang, json!({"reason": "留给老业主"})).await;
    let held = site.app.post(&format!("/units/{unit}/hold"), &site.manager, json!({"reason": "留给老业主"})).await;
    let again = site.app.post(&format!("/units/{unit}/hold"), &site.manager, json!({"reason": "留给老业主"})).await;
    let by_stranger = site.app.post(&format!("/units/{unit}/release"), &stranger, json!({})).await;
    let released = site.app.post(&format!("/units/{unit}/release"), &site.manager, json!({})).await;
    let not_held = site.app.post(&format!("/units/{unit}/release"), &site.manager, json!({})).await;
    let read_by_stranger = site.app.get(&format!("/units/{unit}"), &stranger).await;

    assert_eq!(by_sales.status, StatusCode::FORBIDDEN);
    assert_eq!(
        (held.status, held.body["status"].as_str(), held.body["hold_reason"].as_str()),
        (StatusCode::OK, Some("held"), Some("留给老业主"))
    );
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "unit.held"));
    assert_eq!(by_stranger.status, StatusCode::NOT_FOUND);
    assert_eq!(released.body["status"], "available");
    assert_eq!((not_held.status, not_held.code()), (StatusCode::CONFLICT, "unit.not_held"));
    assert_eq!((read_by_stranger.status, read_by_stranger.code()), (StatusCode::NOT_FOUND, "unit.not_found"));
    let actions = site.app.audit_actions();
    assert!(actions.contains(&"unit.hold".to_owned()) && actions.contains(&"unit.release".to_owned()));
}
