//! Intents and their register, who wants a unit, the heat map and the rehearsal, on a
//! worked example.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::HashMap;
use uuid::Uuid;

use crate::helpers::Reply;
use crate::helpers::{items, site, Site};

impl Site {
    async fn set_intents(&self, token: &str, lead: Uuid, intents: Value) -> Reply {
        self.app.call(Method::PUT, &format!("/leads/{lead}/intents"), Some(token), Some(intents)).await
    }
}

/// Four buyers on the standard sales table; A, B, C subscribed in that order, D not.
async fn worked_example(site: &Site) -> (HashMap<String, Uuid>, [Uuid; 4]) {
    let units = site.units().await;
    let mut leads = [Uuid::nil(); 4];
    for (i, name) in ["甲", "乙", "丙", "丁"].iter().enumerate() {
        leads[i] = site.lead(&site.wang, name, &format!("1380000000{i}")).await;
    }
    for (i, lead) in leads.iter().take(3).enumerate() {
        let deposit =
            json!({"deposit_fen": 5_000_000, "paid_at": "2026-11-20T02:00:00Z", "receipt_no": format!("RC-{i}")});
        let paid = site.app.post(&format!("/leads/{lead}/subscriptions"), &site.wang, deposit).await;
        assert_eq!(paid.body["queue_no"], i + 1);
    }
    let wishes = [vec!["1201", "1202"], vec!["1201", "301"], vec!["1201", "1202", "801"], vec!["801"]];
    for (lead, rooms) in leads.iter().zip(wishes) {
        let intents: Vec<Value> =
            rooms.iter().enumerate().map(|(i, r)| json!({"unit_id": units[*r], "rank": i + 1})).collect();
        let set = site.set_intents(&site.wang, *lead, Value::from(intents)).await;
        assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    }
    (units, leads)
}

fn rooms_of(map: &Value) -> HashMap<String, Value> {
    let mut rooms = HashMap::new();
    for building in map["buildings"].as_array().expect("buildings") {
        for floor in building["floors"].as_array().expect("floors") {
            for room in floor["rooms"].as_array().expect("rooms") {
                rooms.insert(room["room"].as_str().unwrap_or("").to_owned(), room.clone());
            }
        }
    }
    rooms
}

#[tokio::test]
async fn the_heat_map_counts_intents_and_colours_waves_by_queue_order() {
    let site = site().await;
    worked_example(&site).await;

    let map = site.app.get(&format!("/projects/{}/heatmap?priority=queue_no", site.project), &site.wang).await;

    assert_eq!(map.status, StatusCode::OK, "{:?}", map.body);
    let rooms = rooms_of(&map.body);
    let cell = |room: &str| {
        let r = &rooms[room];
        (
            r["first_choice_count"].as_i64().unwrap_or(-1),
            r["total_intent_count"].as_i64().unwrap_or(-1),
            r["wave"].as_str().unwrap_or("").to_owned(),
        )
    };
    assert_eq!(cell("1201"), (3, 3, "first".into()));
    assert_eq!(cell("301"), (0, 1, "second".into()));
    assert_eq!(cell("1202"), (0, 2, "second".into()));
    assert_eq!(cell("801"), (1, 2, "first".into()));
    let floors: Vec<i64> = map.body["buildings"][0]["floors"]
        .as_array()
        .expect("floors")
        .iter()
        .filter_map(|f| f["floor"].as_i64())
        .collect();
    assert_eq!(floors, vec![12, 3], "top floor first");

    let svg = site
        .app
        .client
        .get(site.app.api(&format!("/projects/{}/heatmap.svg?priority=queue_no", site.project)))
        .bearer_auth(&site.wang)
        .send()
        .await
        .expect("sent");
    assert!(svg
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("image/svg+xml")));
    let body = svg.text().await.expect("svg");
    assert!(body.contains("#b3261e") && body.contains("#1e6b30") && body.contains(">3/3<"), "first and second wave");
}

#[tokio::test]
async fn the_rehearsal_predicts_buyers_losses_and_overlaps_and_a_hold_changes_it() {
    let site = site().await;
    let (units, leads) = worked_example(&site).await;
    let path = format!("/projects/{}/opening/rehearsal", site.project);

    let by_queue = site.app.post(&path, &site.manager, json!({"priority": "queue_no"})).await;
    site.app.post(&format!("/units/{}/hold", units["1202"]), &site.manager, json!({"reason": "样板间"})).await;
    let after_hold = site.app.post(&path, &site.manager, json!({"priority": "queue_no"})).await;
    let by_sales = site.app.post(&path, &site.wang, json!({})).await;

    assert_eq!(by_queue.status, StatusCode::OK, "{:?}", by_queue.body);
    let got: Vec<(Value, Value)> =
        items_of(&by_queue.body["customers"]).iter().map(|c| (c["unit_id"].clone(), c["choice"].clone())).collect();
    assert_eq!(
        got,
        vec![
            (json!(units["1201"]), json!(1)),
            (json!(units["301"]), json!(2)),
            (json!(units["1202"]), json!(2)),
            (json!(units["801"]), json!(1))
        ]
    );
    assert_eq!(by_queue.body["customers"][1]["lost"], json!([{"unit_id": units["1201"], "taken_by": leads[0]}]));
    assert_eq!((by_queue.body["served"].as_i64(), by_queue.body["sell_through"].as_f64()), (Some(4), Some(1.0)));
    assert_eq!(by_queue.body["overlaps"][0]["room"], "1201");
    assert_eq!(by_queue.body["overlaps"][0]["first_choice_count"], 3);

    let third = &after_hold.body["customers"][2];
    assert_eq!(
        (third["unit_id"].clone(), third["choice"].clone()),
        (json!(units["801"]), json!(3)),
        "the held unit is skipped"
    );
    let fourth = &after_hold.body["customers"][3];
    assert_eq!(fourth["unit_id"], Value::Null);
    assert_eq!(fourth["lost"], json!([{"unit_id": units["801"], "taken_by": leads[2]}]));
    assert_eq!(after_hold.body["sellable_units"], 3);
    assert_eq!(by_sales.status, StatusCode::FORBIDDEN);
}

fn items_of(value: &Value) -> Vec<Value> {
    value.as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn intents_are_checked_registered_and_feed_the_grade() {
    let site = site().await;
    let units = site.units().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    let other = site.app.create_project(&site.admin, "西溪花园").await;
    let foreign = site
        .app
        .post(&format!("/projects/{other}/units/import"), &site.admin, json!([{"building": "9栋", "floor": 1, "room": "101", "layout": "2房", "area_sqm": 80.0, "list_price_fen": 100}]))
        .await;
    let foreign_unit = foreign.body["results"][0]["unit_id"].clone();

    let four = site.set_intents(&site.wang, lead, json!([{"unit_id": units["1201"], "rank": 1}, {"unit_id": units["1202"], "rank": 2}, {"unit_id": units["301"], "rank": 3}, {"unit_id": units["801"], "rank": 3}])).await;
    let same_rank = site
        .set_intents(
            &site.wang,
            lead,
            json!([{"unit_id": units["1201"], "rank": 1}, {"unit_id": units["1202"], "rank": 1}]),
        )
        .await;
    let elsewhere = site.set_intents(&site.wang, lead, json!([{"unit_id": foreign_unit, "rank": 1}])).await;
    let by_colleague = site.set_intents(&site.li, lead, json!([{"unit_id": units["1201"], "rank": 1}])).await;
    let set = site
        .set_intents(
            &site.wang,
            lead,
            json!([{"unit_id": units["1202"], "rank": 2}, {"unit_id": units["1201"], "rank": 1}]),
        )
        .await;
    let unchanged = site
        .set_intents(
            &site.wang,
            lead,
            json!([{"unit_id": units["1201"], "rank": 1}, {"unit_id": units["1202"], "rank": 2}]),
        )
        .await;
    let narrowed = site.set_intents(&site.wang, lead, json!([{"unit_id": units["1201"], "rank": 1}])).await;

    let rank_four = site.set_intents(&site.wang, lead, json!([{"unit_id": units["1201"], "rank": 4}])).await;
    assert_eq!(rank_four.body["errors"][0]["field"], "[0].rank");
    assert_eq!(four.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(same_rank.body["errors"][0]["field"], "[1].rank");
    assert_eq!(elsewhere.body["errors"][0]["field"], "[0].unit_id");
    assert_eq!(by_colleague.status, StatusCode::NOT_FOUND);
    let ranked: Vec<&str> = set.body.as_array().expect("intents").iter().filter_map(|i| i["room"].as_str()).collect();
    assert_eq!(ranked, vec!["1201", "1202"]);
    assert_eq!(unchanged.status, StatusCode::OK);
    assert_eq!(narrowed.body.as_array().map(Vec::len), Some(1));
    let history = site.app.get(&format!("/leads/{lead}/intents/history"), &site.wang).await;
    assert_eq!(history.body.as_array().map(Vec::len), Some(2), "an unchanged set is not a change");
    assert_eq!(history.body[0]["before"].as_array().map(Vec::len), Some(2));
    let register = site
        .app
        .get(&format!("/projects/{}/intents/changes?from=2026-01-01T00:00:00Z", site.project), &site.manager)
        .await;
    assert_eq!(items(&register).len(), 2);
    assert_eq!(
        site.app.get(&format!("/projects/{}/intents/changes", site.project), &site.wang).await.status,
        StatusCode::FORBIDDEN
    );
    let grade = site.app.get(&format!("/leads/{lead}/grade"), &site.wang).await;
    let intents_points = grade.body["components"]
        .as_array()
        .expect("components")
        .iter()
        .find(|c| c["factor"] == "intents")
        .map(|c| c["points"].clone());
    assert_eq!(intents_points, Some(json!(5.0)));
}

#[tokio::test]
async fn who_wants_a_unit_in_priority_order() {
    let site = site().await;
    let (units, leads) = worked_example(&site).await;
    let theirs = site.lead(&site.li, "李的客户", "13900139000").await;
    site.set_intents(&site.li, theirs, json!([{"unit_id": units["801"], "rank": 1}])).await;

    let for_manager = site.app.get(&format!("/units/{}/intents", units["801"]), &site.manager).await;
    let for_wang = site.app.get(&format!("/units/{}/intents", units["801"]), &site.wang).await;

    let order: Vec<Value> = items(&for_manager).iter().map(|s| s["lead_id"].clone()).collect();
    assert_eq!(
        order,
        vec![json!(leads[3]), json!(theirs), json!(leads[2])],
        "first choices (unsubscribed after no one), then third"
    );
    assert_eq!((for_manager.body["total"].as_i64(), for_manager.body["first_choices"].as_i64()), (Some(3), Some(2)));
    assert_eq!(for_wang.body["total"], 3);
    assert_eq!(items(&for_wang).len(), 2, "a salesperson sees their own leads only");
}
