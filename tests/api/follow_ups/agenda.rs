//! The agenda around midnight in the project's time zone, and the managers' overdue alert.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::json;

use super::utc;
use crate::helpers::site;

fn names(bucket: &serde_json::Value) -> Vec<String> {
    bucket
        .as_array()
        .unwrap_or_else(|| panic!("a bucket: {bucket:?}"))
        .iter()
        .map(|i| i["name"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn the_agenda_cuts_days_at_midnight_in_shanghai() {
    let site = site().await;
    // 2026-11-23 in Shanghai runs from 2026-11-22T16:00Z to 2026-11-23T16:00Z.
    let plan = [
        ("昨晚", "2026-11-22T15:59:00Z"),
        ("零点", "2026-11-22T16:00:00Z"),
        ("深夜", "2026-11-23T15:59:00Z"),
        ("明天", "2026-11-23T16:00:00Z"),
        ("下周", "2026-11-30T16:00:00Z"),
    ];
    for (i, (name, next)) in plan.iter().enumerate() {
        let lead = site.lead(&site.wang, name, &format!("1380000000{i}")).await;
        site.set_lead(lead, None, Some(utc(next)), None);
    }
    let consent = json!({"granted": true, "channel": "wechat"});
    let birthday = site
        .register(&site.wang, "寿星", "13900000001", json!({"birthday": "1990-11-25", "marketing_consent": consent}))
        .await
        .id("id");
    site.set_lead(birthday, None, None, None);
    let silent = site.register(&site.wang, "没同意", "13900000004", json!({"birthday": "1990-11-24"})).await.id("id");
    site.set_lead(silent, None, None, None);
    let lost = site.lead(&site.wang, "放弃", "13900000002").await;
    site.app
        .patch(&format!("/leads/{lost}"), &site.wang, json!({"version": 1, "status": "lost", "lost_reason": "budget"}))
        .await;
    site.set_lead(lost, None, Some(utc("2026-11-23T02:00:00Z")), None);
    let colleagues = site.lead(&site.li, "同事的", "13900000003").await;
    site.set_lead(colleagues, None, Some(utc("2026-11-23T02:00:00Z")), None);

    let agenda = site.app.get("/me/agenda?date=2026-11-23", &site.wang).await;

    assert_eq!(agenda.status, StatusCode::OK, "{:?}", agenda.body);
    assert_eq!(names(&agenda.body["overdue"]), vec!["昨晚"]);
    assert_eq!(names(&agenda.body["today"]), vec!["零点", "深夜"]);
    assert_eq!(names(&agenda.body["upcoming"]), vec!["明天"]);
    assert_eq!(names(&agenda.body["care"]), vec!["寿星"]);
    assert_eq!(agenda.body["care"][0]["birthday_on"], "2026-11-25");
    assert_eq!(
        (agenda.body["care"][0]["care_kind"].as_str(), agenda.body["care"][0]["consent_channel"].as_str()),
        (Some("birthday"), Some("wechat")),
        "care only with consent, through its channel"
    );
    assert_eq!(agenda.body["today"][0]["phone"], "13800000001", "the owner's call button needs the number");
    assert_eq!(agenda.body["counts"], json!({"overdue": 1, "today": 2, "upcoming": 1, "care": 1}));
}

#[tokio::test]
async fn without_a_date_the_agenda_is_for_today_in_the_projects_zone() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    site.set_lead(lead, None, Some(anchang::db::now() - Duration::days(3)), None);

    let agenda = site.app.get("/me/agenda", &site.wang).await;
    let bad_date = site.app.get("/me/agenda?date=2026-13-01", &site.wang).await;

    assert_eq!(names(&agenda.body["overdue"]), vec!["王女士"]);
    assert_eq!(bad_date.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_overdue_alert_groups_neglected_leads_by_owner() {
    let site = site().await;
    let now = anchang::db::now();
    let silent = site.lead(&site.wang, "沉默", "13800000001").await;
    site.set_lead(silent, Some("C"), Some(now + Duration::days(1)), Some(now - Duration::days(40)));
    let late_a = site.lead(&site.wang, "A级逾期", "13800000002").await;
    site.set_lead(late_a, Some("A"), Some(now - Duration::days(5)), Some(now - Duration::days(8)));
    let late_c = site.lead(&site.wang, "C级未逾期", "13800000003").await;
    site.set_lead(late_c, Some("C"), Some(now - Duration::days(5)), Some(now - Duration::days(8)));
    let fresh = site.lead(&site.wang, "新客户", "13800000004").await;
    site.set_lead(fresh, None, Some(now + Duration::days(3)), None);
    let li_silent = site.lead(&site.li, "李的沉默", "13800000005").await;
    site.set_lead(li_silent, None, None, Some(now - Duration::days(45)));
    let other = site.app.create_project(&site.admin, "西溪花园").await;
    let (_, stranger) = site.app.sign_in_new("chen.m", "manager", &[other]).await;
    let path = format!("/alerts/overdue?project_id={}", site.project);

    let alert = site.app.get(&path, &site.manager).await;
    let longer = site.app.get(&format!("{path}&days=50"), &site.manager).await;
    let by_sales = site.app.get(&path, &site.wang).await;
    let by_stranger = site.app.get(&path, &stranger).await;

    assert_eq!(alert.status, StatusCode::OK, "{:?}", alert.body);
    assert_eq!((alert.body["days"].as_i64(), alert.body["total"].as_i64()), (Some(30), Some(3)));
    let wang = &alert.body["owners"][0];
    assert_eq!((wang["owner_display_name"].as_str(), wang["count"].as_i64()), (Some("wang.li"), Some(2)));
    assert_eq!((wang["not_contacted"].as_i64(), wang["late_follow_up"].as_i64()), (Some(1), Some(1)));
    assert_eq!(names(&wang["leads"]), vec!["沉默", "A级逾期"], "least recently contacted first");
    let phone = wang["leads"][0]["phone"].as_str().unwrap_or_default();
    assert!(phone.contains("****"), "a manager's alert shows masked phones: {phone}");
    assert_eq!(alert.body["owners"][1]["owner_display_name"], "li.na");
    assert_eq!(longer.body["total"], 1, "only the A lead late by its cadence");
    assert_eq!(by_sales.status, StatusCode::FORBIDDEN);
    assert_eq!(by_stranger.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_project_in_another_zone_gets_its_own_midnight() {
    let site = site().await;
    let tokyo = site
        .app
        .patch(&format!("/projects/{}", site.project), &site.admin, json!({"version": 1, "timezone": "Asia/Tokyo"}))
        .await;
    assert_eq!(tokyo.status, StatusCode::OK, "{:?}", tokyo.body);
    // 15:30Z on the 22nd is 00:30 on the 23rd in Tokyo, but still the 22nd in Shanghai.
    let lead = site.lead(&site.wang, "东京", "13800138000").await;
    site.set_lead(lead, None, Some(utc("2026-11-22T15:30:00Z")), None);

    let agenda = site.app.get("/me/agenda?date=2026-11-23", &site.wang).await;

    assert_eq!(names(&agenda.body["today"]), vec!["东京"]);
}
