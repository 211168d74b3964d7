//! Notifications: told within seconds of the change that concerns you, unread first, marked
//! read one by one or all at once, never someone else's.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{items, site_with, Site};

async fn notified_site() -> Site {
    site_with(&[("ANCHANG_NOTIFY_POLL_MS", "50")]).await
}

/// Waits (at most 20 s) until `token`'s inbox holds `count` notifications.
pub async fn inbox(site: &Site, token: &str, count: usize) -> Vec<Value> {
    for _ in 0..400 {
        let page = site.app.get("/me/notifications", token).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        if items(&page).len() >= count {
            return items(&page).to_vec();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("expected {count} notifications: {:?}", site.app.get("/me/notifications", token).await.body);
}

#[tokio::test]
async fn a_lead_given_to_you_is_in_your_inbox_until_you_read_it() {
    let site = notified_site().await;
    let registered = site.register(&site.manager, "赵先生", "13800009991", json!({"owner_id": site.wang_id})).await;
    let lead = registered.id("id");
    let own = site.lead(&site.wang, "钱女士", "13800009992").await;
    let transfer = json!({"to_user_id": site.li_id, "reason": "休假"});
    assert_eq!(site.app.post(&format!("/leads/{own}/transfer"), &site.manager, transfer).await.status, StatusCode::OK);

    let wang = inbox(&site, &site.wang, 1).await;
    let li = inbox(&site, &site.li, 1).await;

    assert_eq!((wang[0]["kind"].as_str(), wang[0]["title"].as_str()), (Some("lead_assigned"), Some("您有一位新客户")));
    assert_eq!((wang[0]["resource_type"].as_str(), wang[0]["resource_id"].clone()), (Some("lead"), json!(lead)));
    assert!(wang[0]["read_at"].is_null());
    assert_eq!(li[0]["title"], "一位客户已转给您");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(inbox(&site, &site.wang, 1).await.len(), 1, "registering one's own lead tells nobody");
    assert!(items(&site.app.get("/me/notifications", &site.manager).await).is_empty());

    let someone_elses = site.app.post("/me/notifications/read", &site.li, json!({"ids": [wang[0]["id"]]})).await;
    let read = site.app.post("/me/notifications/read", &site.wang, json!({"ids": [wang[0]["id"]]})).await;
    let again = site.app.post("/me/notifications/read", &site.wang, json!({"all": true})).await;
    let neither = site.app.post("/me/notifications/read", &site.wang, json!({})).await;
    let unread = site.app.get("/me/notifications?unread_only=true", &site.wang).await;
    let all = site.app.get("/me/notifications", &site.wang).await;

    assert_eq!(someone_elses.body["marked"], 0, "another's notification is not yours to mark");
    assert_eq!(read.body["marked"], 1);
    assert_eq!(again.body["marked"], 0);
    assert_eq!(neither.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(items(&unread).is_empty());
    assert!(items(&all)[0]["read_at"].is_string());
}

#[tokio::test]
async fn unread_notifications_come_first_and_pages_follow_the_cursor() {
    let site = notified_site().await;
    for n in 0..3 {
        let body = json!({"owner_id": site.wang_id});
        let made = site.register(&site.manager, &format!("客户{n}"), &format!("1380000999{n}"), body).await;
        assert_eq!(made.status, StatusCode::CREATED);
    }
    let three = inbox(&site, &site.wang, 3).await;
    let oldest = three[2]["id"].clone();
    assert_eq!(
        site.app.post("/me/notifications/read", &site.wang, json!({"ids": [three[0]["id"]]})).await.body["marked"],
        1
    );

    let first = site.app.get("/me/notifications?limit=2", &site.wang).await;
    let next = first.body["next_cursor"].as_str().expect("a second page");
    let second = site.app.get(&format!("/me/notifications?limit=2&cursor={next}"), &site.wang).await;

    let order: Vec<Value> = items(&first).iter().chain(items(&second)).map(|n| n["id"].clone()).collect();
    assert_eq!(order, vec![three[1]["id"].clone(), oldest, three[0]["id"].clone()], "unread (newest first), then read");
}

#[tokio::test]
async fn an_agent_hears_of_the_appeal_decided() {
    let site = notified_site().await;
    let channel = site.channel(&site.manager, "链家滨江店", &[site.project]).await;
    let (_, zhang) = site.agent(&site.manager, "zhang.agent", channel).await;
    site.lead(&site.wang, "赵先生", "13912346001").await;
    let refused = site.report(&zhang, "赵先生", "13912346001").await;
    let appeal = site
        .app
        .post(&format!("/channel-reports/{}/appeals", refused.id("report_id")), &zhang, json!({"reason": "我先带看"}))
        .await;
    let decision = json!({"decision": "rejected", "note": "置业顾问先登记"});
    let decided = site.app.post(&format!("/appeals/{}/decision", appeal.id("id")), &site.manager, decision).await;
    assert_eq!(decided.status, StatusCode::OK, "{:?}", decided.body);

    let told = inbox(&site, &zhang, 1).await;

    assert_eq!(
        (told[0]["kind"].as_str(), told[0]["title"].as_str()),
        (Some("appeal_decided"), Some("您的申诉已处理：未成立"))
    );
    assert_eq!(told[0]["resource_type"], "appeal");
    let events = crate::events::feed::all_events(&site, &site.manager, "&type=appeal.decided").await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["changes"]["status"], json!({"old": "open", "new": "rejected"}));
    assert_eq!(events[0]["id"], told[0]["event_id"], "the notification names the event it came from");
}
