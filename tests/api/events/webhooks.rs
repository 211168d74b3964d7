//! Webhooks: signed as Standard Webhooks say, retried until the receiver recovers,
//! disabled after a 410 or days of failure, rotated secrets, redelivery, refused internal
//! destinations, admins only, and no double delivery with several workers at once.

use std::collections::HashMap;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::Sha256;

use crate::events::feed::all_events;
use crate::helpers::receiver::{Received, Receiver};
use crate::helpers::{items, site_with, Site, DATA_KEY};

/// A site whose webhooks may reach loopback, polled every 50 ms, retried twice at once.
async fn webhook_site() -> Site {
    site_with(&[
        ("ANCHANG_WEBHOOKS_DELIVER", "true"),
        ("ANCHANG_WEBHOOKS_ALLOW_PRIVATE", "true"),
        ("ANCHANG_WEBHOOK_POLL_MS", "50"),
        ("ANCHANG_WEBHOOK_RETRY_SECS", "0,0"),
    ])
    .await
}

/// Registers an endpoint for `types`; answers its id and secret.
async fn endpoint(site: &Site, url: &str, types: &[&str]) -> (String, String) {
    let made = site.app.post("/webhook-endpoints", &site.admin, json!({"url": url, "event_types": types})).await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    let id = made.body["id"].as_str().expect("an id").to_owned();
    (id, made.body["secret"].as_str().expect("a secret, once").to_owned())
}

/// The Standard Webhooks verification, written from the specification: base64 HMAC-SHA256
/// of `id.timestamp.body` under the secret's bytes, one of the space-separated `v1,…`.
fn verifies(secret: &str, delivery: &Received) -> bool {
    let key = STANDARD.decode(secret.trim_start_matches("whsec_")).expect("base64 secret");
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("any key");
    let (id, timestamp) = (delivery.header("webhook-id"), delivery.header("webhook-timestamp"));
    mac.update(format!("{id}.{timestamp}.{}", delivery.body).as_bytes());
    let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
    delivery.header("webhook-signature").split(' ').any(|signature| signature == expected)
}

async fn deliveries(site: &Site, endpoint: &str) -> Vec<Value> {
    let page = site.app.get(&format!("/webhook-endpoints/{endpoint}/deliveries"), &site.admin).await;
    assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
    items(&page).to_vec()
}

/// Waits until the endpoint's deliveries satisfy `done`.
async fn deliveries_until(site: &Site, endpoint: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    for _ in 0..400 {
        let found = deliveries(site, endpoint).await;
        if done(&found) {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("deliveries never settled: {:#?}", deliveries(site, endpoint).await);
}

#[tokio::test]
async fn an_endpoint_receives_the_events_it_asked_for_signed_as_standard_webhooks_say() {
    let site = webhook_site().await;
    let receiver = Receiver::start(&[]).await;
    let (endpoint_id, secret) = endpoint(&site, &receiver.url, &["lead.created"]).await;
    let lead = site.lead(&site.wang, "赵先生", "13800005551").await;
    let transfer = json!({"to_user_id": site.li_id, "reason": "休假"});
    assert_eq!(site.app.post(&format!("/leads/{lead}/transfer"), &site.manager, transfer).await.status, StatusCode::OK);

    let received = receiver.wait_for(1).await;

    let event = &all_events(&site, &site.admin, "&type=lead.created").await[0];
    let delivery = &received[0];
    assert!(verifies(&secret, delivery), "{delivery:?}");
    assert_eq!(delivery.header("webhook-id"), event["id"].as_str().unwrap_or_default());
    let sent_at: i64 = delivery.header("webhook-timestamp").parse().expect("unix seconds");
    assert!((chrono::Utc::now().timestamp() - sent_at).abs() < 60);
    assert_eq!(delivery.header("content-type"), "application/json");
    assert_eq!(delivery.json(), *event, "the body is the event as the feed shows it");
    assert_eq!(delivery.json()["changes"]["phone"]["new"], "138****5551");
    let settled = deliveries_until(&site, &endpoint_id, |d| d.len() == 1 && d[0]["status"] == "succeeded").await;
    assert_eq!(settled[0]["attempts"].as_array().map(Vec::len), Some(1));
    assert_eq!(settled[0]["attempts"][0]["status_code"], 200);
    assert_eq!(settled[0]["event_type"], "lead.created");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(receiver.received().len(), 1, "lead.owner_changed was not asked for");
}

#[tokio::test]
async fn failures_are_retried_until_the_receiver_recovers() {
    let site = webhook_site().await;
    let receiver = Receiver::start(&[500, 503]).await;
    let (endpoint_id, _) = endpoint(&site, &receiver.url, &["lead.created"]).await;
    site.lead(&site.wang, "赵先生", "13800005552").await;

    let received = receiver.wait_for(3).await;

    let ids: Vec<&str> = received.iter().map(|r| r.header("webhook-id")).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "every attempt carries the event's id: {ids:?}");
    let settled =
        deliveries_until(&site, &endpoint_id, |d| d.first().is_some_and(|d| d["status"] == "succeeded")).await;
    let codes: Vec<i64> =
        settled[0]["attempts"].as_array().into_iter().flatten().filter_map(|a| a["status_code"].as_i64()).collect();
    assert_eq!(codes, [500, 503, 200]);
    let endpoint = site.app.get(&format!("/webhook-endpoints/{endpoint_id}"), &site.admin).await;
    assert_eq!((endpoint.body["status"].as_str(), endpoint.body["failing_since"].as_str()), (Some("enabled"), None));
}

#[tokio::test]
async fn a_410_or_running_out_of_retries_disables_the_endpoint_until_an_admin_enables_it() {
    let site = webhook_site().await;
    let gone = Receiver::start(&[410]).await;
    let failing = Receiver::start(&[500, 500, 500]).await;
    let (gone_id, _) = endpoint(&site, &gone.url, &["lead.created"]).await;
    let (failing_id, _) = endpoint(&site, &failing.url, &["lead.created"]).await;
    site.lead(&site.wang, "赵先生", "13800005553").await;

    gone.wait_for(1).await;
    failing.wait_for(3).await;
    deliveries_until(&site, &failing_id, |d| d.first().is_some_and(|d| d["status"] == "failed")).await;

    let read = |id: String| {
        let site = &site;
        async move { site.app.get(&format!("/webhook-endpoints/{id}"), &site.admin).await.body }
    };
    let (gone_now, failing_now) = (read(gone_id.clone()).await, read(failing_id.clone()).await);
    assert_eq!((gone_now["status"].as_str(), gone_now["disabled_reason"].as_str()), (Some("disabled"), Some("gone")));
    assert_eq!(
        (failing_now["status"].as_str(), failing_now["disabled_reason"].as_str()),
        (Some("disabled"), Some("failing"))
    );
    assert!(failing_now["failing_since"].is_string());
    let disabled = site.app.get("/audit-events?action=webhook_endpoint.disable", &site.admin).await;
    assert_eq!(items(&disabled).len(), 2, "the admins can see why");
    let told = crate::notifications::inbox(&site, &site.admin, 2).await;
    assert!(told.iter().all(|n| n["kind"] == "webhook_endpoint_disabled" && n["resource_type"] == "webhook_endpoint"));
    let mut reasons: Vec<&str> = told.iter().filter_map(|n| n["title"].as_str()).collect();
    reasons.sort_unstable();
    assert_eq!(reasons, ["一个 Webhook 端点已停用：failing", "一个 Webhook 端点已停用：gone"]);
    assert!(items(&site.app.get("/me/notifications", &site.manager).await).is_empty(), "admins only");
    let told_feed = all_events(&site, &site.admin, "&type=webhook_endpoint.disabled").await;
    assert_eq!(told_feed.len(), 2, "integrations hear of it too");

    site.lead(&site.wang, "钱女士", "13800005554").await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(gone.received().len(), 1, "nothing is sent to a disabled endpoint");
    let enable = json!({"version": gone_now["version"], "status": "enabled"});
    let enabled = site.app.patch(&format!("/webhook-endpoints/{gone_id}"), &site.admin, enable).await;
    assert_eq!((enabled.status, enabled.body["disabled_reason"].clone()), (StatusCode::OK, Value::Null));
    let stale = site.app.patch(&format!("/webhook-endpoints/{gone_id}"), &site.admin, json!({"version": 1})).await;
    assert_eq!(stale.code(), "webhook.version_conflict");
}

#[tokio::test]
async fn a_rotated_secret_signs_beside_the_old_one_and_redelivery_sends_the_same_event_again() {
    let site = webhook_site().await;
    let receiver = Receiver::start(&[]).await;
    let (endpoint_id, old) = endpoint(&site, &receiver.url, &[]).await;
    let rotated =
        site.app.post(&format!("/webhook-endpoints/{endpoint_id}/rotate-secret"), &site.admin, json!({})).await;
    assert_eq!(rotated.status, StatusCode::OK, "{:?}", rotated.body);
    let new = rotated.body["secret"].as_str().expect("the new secret").to_owned();
    assert_ne!(new, old);
    site.lead(&site.wang, "赵先生", "13800005555").await;

    let first = receiver.wait_for(1).await;
    let created = first.iter().find(|r| r.json()["type"] == "lead.created").expect("lead.created was sent");
    assert_eq!(created.header("webhook-signature").split(' ').count(), 2, "both secrets sign for a day");
    assert!(verifies(&new, created) && verifies(&old, created));
    let event_id = created.header("webhook-id").to_owned();
    let sent_before = receiver.received().len();

    let again =
        site.app.post(&format!("/events/{event_id}/redeliver"), &site.admin, json!({"endpoint_id": endpoint_id})).await;
    assert_eq!(again.status, StatusCode::ACCEPTED, "{:?}", again.body);
    assert_eq!(again.body["deliveries"][0]["origin"], "redelivery");
    let all = receiver.wait_for(sent_before + 1).await;
    assert_eq!(all.iter().filter(|r| r.header("webhook-id") == event_id).count(), 2);
    let unknown = site.app.post(&format!("/events/{}/redeliver", uuid::Uuid::now_v7()), &site.admin, json!({})).await;
    assert_eq!((unknown.status, unknown.code()), (StatusCode::NOT_FOUND, "event.not_found"));
}

#[tokio::test]
async fn internal_destinations_are_refused_unless_the_server_allows_them() {
    let site = crate::helpers::site().await;
    for url in ["http://127.0.0.1:9/hook", "http://169.254.169.254/latest", "http://localhost/x", "ftp://example.com/"]
    {
        let refused = site.app.post("/webhook-endpoints", &site.admin, json!({"url": url})).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        assert_eq!(refused.body["errors"][0]["field"], "url");
    }
    let public = site.app.post("/webhook-endpoints", &site.admin, json!({"url": "https://erp.example.com/hook"})).await;
    assert_eq!(public.status, StatusCode::CREATED, "{:?}", public.body);
    let unknown_project = json!({"url": "https://erp.example.com/hook", "project_ids": [uuid::Uuid::now_v7()]});
    let refused = site.app.post("/webhook-endpoints", &site.admin, unknown_project).await;
    assert_eq!(refused.body["errors"][0]["field"], "project_ids");
}

#[tokio::test]
async fn only_admins_manage_webhooks_and_secrets_are_shown_once() {
    let site = crate::helpers::site().await;
    let made = site.app.post("/webhook-endpoints", &site.admin, json!({"url": "https://erp.example.com/hook"})).await;
    let id = made.body["id"].as_str().unwrap_or_default().to_owned();
    let by_manager = site.app.post("/webhook-endpoints", &site.manager, json!({"url": "https://x.example.com/"})).await;
    let list_by_sales = site.app.get("/webhook-endpoints", &site.wang).await;
    let read = site.app.get(&format!("/webhook-endpoints/{id}"), &site.admin).await;
    let listed = site.app.get("/webhook-endpoints", &site.admin).await;
    let missing = site.app.get(&format!("/webhook-endpoints/{}", uuid::Uuid::now_v7()), &site.admin).await;

    assert_eq!((by_manager.status, by_manager.code()), (StatusCode::FORBIDDEN, "webhook.admin_only"));
    assert_eq!(list_by_sales.code(), "webhook.admin_only");
    assert!(read.body.get("secret").is_none() && items(&listed)[0].get("secret").is_none());
    assert_eq!(missing.code(), "webhook.not_found");
    assert_eq!(site.app.delete(&format!("/webhook-endpoints/{id}"), &site.admin).await.status, StatusCode::NO_CONTENT);
    assert_eq!(site.app.get(&format!("/webhook-endpoints/{id}"), &site.admin).await.status, StatusCode::NOT_FOUND);
    let trail = site.app.audit_actions();
    assert!(
        trail.contains(&"webhook_endpoint.create".to_owned()) && trail.contains(&"webhook_endpoint.delete".to_owned())
    );
}

#[tokio::test]
async fn several_workers_at_once_send_each_delivery_once() {
    let site = webhook_site().await;
    let receiver = Receiver::start(&[]).await;
    endpoint(&site, &receiver.url, &["lead.created"]).await;
    for n in 0..12 {
        site.lead(&site.wang, &format!("客户{n}"), &format!("1380000{:04}", 6000 + n)).await;
    }
    let settings = anchang::config::WebhookSettings::from_lookup(&|name| match name {
        "ANCHANG_WEBHOOKS_ALLOW_PRIVATE" => Some("true".into()),
        _ => None,
    })
    .expect("settings");
    let key: [u8; 32] = hex::decode(DATA_KEY).expect("hex").try_into().expect("32 bytes");
    let worker = |_: usize| {
        anchang::events::worker::Worker::new(
            site.app.pool.clone(),
            anchang::crypto::DataCipher::new(&key),
            settings.clone(),
        )
        .expect("worker")
    };
    let (a, b) = (worker(0), worker(1));

    // Two more workers race the server's own for the same deliveries.
    for _ in 0..10 {
        let (x, y) = futures_util::future::join(a.poll(), b.poll()).await;
        x.expect("poll");
        y.expect("poll");
    }
    let received = receiver.wait_for(12).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let mut per_event: HashMap<String, usize> = HashMap::new();
    for delivery in receiver.received() {
        *per_event.entry(delivery.header("webhook-id").to_owned()).or_default() += 1;
    }
    assert_eq!(per_event.len(), 12, "{received:?}");
    assert!(per_event.values().all(|n| *n == 1), "{per_event:?}");
}
