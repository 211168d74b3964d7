//! The rotation: check-in order, check-out, a manager's skip, who may do what, one place
//! per person however many check in at once, and a new queue each day.

use diesel::prelude::*;
use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{site, Site};

impl Site {
    fn rotation_path(&self, action: &str) -> String {
        format!("/projects/{}/rotation{action}", self.project)
    }
}

/// (user id, state, position) of each person in a rotation answer, in order.
fn queue(reply: &Value) -> Vec<(Uuid, String, Value)> {
    reply["queue"]
        .as_array()
        .unwrap_or_else(|| panic!("a rotation: {reply:?}"))
        .iter()
        .map(|e| {
            let id = e["user_id"].as_str().and_then(|s| s.parse().ok()).expect("a user id");
            (id, e["state"].as_str().unwrap_or_default().to_owned(), e["position"].clone())
        })
        .collect()
}

#[tokio::test]
async fn the_queue_is_the_check_in_order_and_a_skip_or_a_return_goes_to_the_end() {
    let site = site().await;
    let manager_id = site.app.get("/me", &site.manager).await.id("id");
    let (wang, li) = (site.wang_id, site.li_id);

    let empty = site.app.get(&site.rotation_path(""), &site.wang).await;
    for token in [&site.wang, &site.li, &site.manager] {
        assert_eq!(site.app.post(&site.rotation_path("/check-in"), token, json!({})).await.status, StatusCode::OK);
    }
    let again = site.app.post(&site.rotation_path("/check-in"), &site.wang, json!({})).await;
    let li_out = site.app.post(&site.rotation_path("/check-out"), &site.li, json!({})).await;
    let skipped = site
        .app
        .post(&site.rotation_path("/skip"), &site.manager, json!({"user_id": wang, "reason": "接待老客户中"}))
        .await;
    let li_back = site.app.post(&site.rotation_path("/check-in"), &site.li, json!({})).await;

    assert_eq!(empty.status, StatusCode::OK, "{:?}", empty.body);
    assert_eq!((empty.body["queue"].clone(), empty.body["next_user_id"].clone()), (json!([]), json!(null)));
    assert_eq!(empty.body["rotation_enabled"], true);
    assert_eq!(
        queue(&again.body),
        vec![
            (wang, "on_duty".into(), json!(1)),
            (li, "on_duty".into(), json!(2)),
            (manager_id, "on_duty".into(), json!(3))
        ],
        "a second check-in changes nothing"
    );
    assert_eq!(again.body["next_user_id"], json!(wang));
    assert_eq!(
        queue(&li_out.body),
        vec![
            (wang, "on_duty".into(), json!(1)),
            (manager_id, "on_duty".into(), json!(2)),
            (li, "away".into(), json!(null))
        ]
    );
    assert_eq!(skipped.body["next_user_id"], json!(manager_id), "{:?}", skipped.body);
    assert_eq!(
        queue(&li_back.body),
        vec![
            (manager_id, "on_duty".into(), json!(1)),
            (wang, "on_duty".into(), json!(2)),
            (li, "on_duty".into(), json!(3))
        ]
    );
    let actions = site.app.audit_actions();
    assert_eq!(actions.iter().filter(|a| *a == "rotation.check_in").count(), 4);
    assert_eq!(actions.iter().filter(|a| *a == "rotation.skip").count(), 1);
}

#[tokio::test]
async fn the_desk_sees_the_queue_only_managers_skip_and_outsiders_see_nothing() {
    let site = site().await;
    let (_, desk) = site.app.sign_in_new("qian.t", "receptionist", &[site.project]).await;
    let other = site.app.create_project(&site.admin, "西溪花园").await;
    let (_, outsider) = site.app.sign_in_new("chen.x", "sales", &[other]).await;
    site.app.post(&site.rotation_path("/check-in"), &site.wang, json!({})).await;

    let desk_sees = site.app.get(&site.rotation_path(""), &desk).await;
    let desk_checks_in = site.app.post(&site.rotation_path("/check-in"), &desk, json!({})).await;
    let outsider_sees = site.app.get(&site.rotation_path(""), &outsider).await;
    let sales_skips = site
        .app
        .post(&site.rotation_path("/skip"), &site.li, json!({"user_id": site.wang_id, "reason": "看不惯"}))
        .await;
    let skip_absent = site
        .app
        .post(&site.rotation_path("/skip"), &site.manager, json!({"user_id": site.li_id, "reason": "外出"}))
        .await;
    let no_reason = site.app.post(&site.rotation_path("/skip"), &site.manager, json!({"user_id": site.wang_id})).await;
    let out_unchecked = site.app.post(&site.rotation_path("/check-out"), &site.li, json!({})).await;

    assert_eq!(desk_sees.status, StatusCode::OK);
    assert_eq!(desk_sees.body["next_user_id"], json!(site.wang_id));
    assert_eq!((desk_checks_in.status, desk_checks_in.code()), (StatusCode::FORBIDDEN, "rotation.not_on_the_floor"));
    assert_eq!(outsider_sees.status, StatusCode::NOT_FOUND);
    assert_eq!((sales_skips.status, sales_skips.code()), (StatusCode::FORBIDDEN, "project.manager_only"));
    assert_eq!((skip_absent.status, skip_absent.code()), (StatusCode::CONFLICT, "rotation.not_on_duty"));
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((out_unchecked.status, out_unchecked.code()), (StatusCode::CONFLICT, "rotation.not_checked_in"));
}

#[tokio::test]
async fn everyone_checking_in_at_once_gets_a_place_of_their_own() {
    let site = site().await;
    let mut tokens = vec![site.wang.clone(), site.li.clone()];
    for n in 0..6 {
        tokens.push(site.app.sign_in_new(&format!("sales.{n}"), "sales", &[site.project]).await.1);
    }
    let path = site.rotation_path("/check-in");
    let replies = join_all(tokens.iter().map(|t| site.app.post(&path, t, json!({})))).await;
    assert!(
        replies.iter().all(|r| r.status == StatusCode::OK),
        "{:?}",
        replies.iter().map(|r| &r.body).collect::<Vec<_>>()
    );

    let seen = site.app.get(&site.rotation_path(""), &site.manager).await;
    let positions: Vec<Value> = queue(&seen.body).into_iter().map(|(_, _, p)| p).collect();
    assert_eq!(positions, (1..=8).map(|p| json!(p)).collect::<Vec<_>>());
}

#[tokio::test]
async fn the_queue_starts_afresh_each_day_in_the_projects_zone() {
    use anchang::db::Id;
    use anchang::schema::rotation_entries;
    let site = site().await;
    site.app.post(&site.rotation_path("/check-in"), &site.wang, json!({})).await;
    // Move today's entry to a day gone by (two UTC days back: before today in any zone).
    let earlier = chrono::Utc::now().date_naive() - chrono::Duration::days(2);
    diesel::update(rotation_entries::table.filter(rotation_entries::project_id.eq(Id(site.project))))
        .set(rotation_entries::day.eq(earlier))
        .execute(&mut site.app.db().conn)
        .expect("entry moved");
    let today = site.app.get(&site.rotation_path(""), &site.li).await;
    let back = site.app.post(&site.rotation_path("/check-in"), &site.wang, json!({})).await;

    assert_eq!(today.body["queue"], json!([]), "yesterday's queue is gone: {:?}", today.body);
    assert_eq!(queue(&back.body).len(), 1);
}
