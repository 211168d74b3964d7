//! Care (关怀): a project's care rules, the handover date per building copied to its deals,
//! and the care tasks the `care_reminders` job plans a week ahead on the salespeople's
//! agendas — festivals, purchase anniversaries, the countdown to the handover — for buyers
//! whose marketing consent is granted, each naming the channel that consent came through.

use chrono::{Datelike, Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{site, site_with, Site};
use crate::jobs::run_job;

/// Today in Shanghai.
fn today() -> chrono::NaiveDate {
    (Utc::now() + Duration::hours(8)).date_naive()
}

async fn put(site: &Site, token: &str, path: &str, body: Value) -> crate::helpers::Reply {
    site.app.call(Method::PUT, &format!("/projects/{}/{path}", site.project), Some(token), Some(body)).await
}

/// A buyer of 王丽's who signs `room`; with marketing consent through WeChat when `consents`.
async fn signed_buyer(
    site: &Site,
    units: &std::collections::HashMap<String, Uuid>,
    room: &str,
    n: u32,
    consents: bool,
) -> (Uuid, Uuid) {
    let mut extra = json!({});
    if consents {
        extra = json!({"marketing_consent": {"granted": true, "channel": "wechat"}});
    }
    let lead = site.register(&site.wang, &format!("业主{n}"), &format!("1370000{n:04}"), extra).await.id("id");
    let signed = site.sign(site.reserve(units[room], lead).await, 356_000_000, None).await;
    assert_eq!(signed.status, StatusCode::OK, "{:?}", signed.body);
    (lead, signed.id("deal_id"))
}

#[tokio::test]
async fn care_rules_are_the_managers_and_well_formed() {
    let site = site().await;
    let default = site.app.get(&format!("/projects/{}/care-rules", site.project), &site.wang).await;
    let rules = json!({"birthdays": true, "purchase_anniversaries": false, "delivery_countdown_days": 60,
                       "festivals": [{"name": "春节", "dates": ["2027-02-06"]}]});
    let by_sales = put(&site, &site.wang, "care-rules", rules.clone()).await;
    let zero = put(
        &site,
        &site.manager,
        "care-rules",
        json!({"birthdays": true, "purchase_anniversaries": true,
        "delivery_countdown_days": 0, "festivals": []}),
    )
    .await;
    let twice = put(&site, &site.manager, "care-rules", json!({"birthdays": true, "purchase_anniversaries": true,
        "delivery_countdown_days": null, "festivals": [{"name": "中秋", "dates": ["2027-09-15"]}, {"name": "中秋", "dates": ["2028-10-03"]}]})).await;
    let set = put(&site, &site.manager, "care-rules", rules).await;

    assert_eq!(
        (default.body["delivery_countdown_days"].as_i64(), default.body["customised"].as_bool()),
        (Some(90), Some(false)),
        "交房前3个月 by default: {:?}",
        default.body
    );
    assert_eq!(by_sales.status, StatusCode::FORBIDDEN);
    assert_eq!(
        (zero.status, zero.body["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("delivery_countdown_days"))
    );
    assert_eq!(
        (twice.status, twice.body["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("festivals[1].name"))
    );
    assert_eq!(
        (set.status, set.body["version"].as_i64(), set.body["purchase_anniversaries"].as_bool()),
        (StatusCode::OK, Some(1), Some(false))
    );
    assert!(site.app.audit_actions().contains(&"project.care_rules".to_owned()));
}

#[tokio::test]
async fn the_week_ahead_brings_care_tasks_for_consenting_buyers_once() {
    let site = site_with(&[("ANCHANG_JOBS_POLL_MS", "50"), ("ANCHANG_REMINDER_HOUR", "0")]).await;
    let units = site.units().await;
    site.open_sales().await;
    let (consenting, deal) = signed_buyer(&site, &units, "1201", 1, true).await;
    let (silent, _) = signed_buyer(&site, &units, "1202", 2, false).await;
    let (anniversary, old_deal) = signed_buyer(&site, &units, "801", 3, true).await;
    // 业主3 signed a year ago tomorrow.
    {
        use anchang::schema::deals;
        use diesel::prelude::*;
        let a_year_ago = (today() + Duration::days(1)).with_year(today().year() - 1).expect("a day");
        let at = a_year_ago.and_hms_opt(2, 0, 0).expect("a moment");
        diesel::update(deals::table.filter(deals::id.eq(anchang::db::Id(old_deal))))
            .set(deals::signed_at.eq(at))
            .execute(&mut site.app.db().conn)
            .expect("signed a year ago");
    }
    // Building 1栋 is handed over in 92 days: the 90-day countdown falls the day after tomorrow.
    let handover = today() + Duration::days(92);
    let unknown =
        put(&site, &site.manager, "building-deliveries", json!({"building": "9栋", "expected_at": handover})).await;
    let delivery =
        put(&site, &site.manager, "building-deliveries", json!({"building": "1栋", "expected_at": handover})).await;
    let festival = today() + Duration::days(3);
    let rules = json!({"birthdays": true, "purchase_anniversaries": true, "delivery_countdown_days": 90,
                       "festivals": [{"name": "中秋", "dates": [festival]}]});
    assert_eq!(put(&site, &site.manager, "care-rules", rules).await.status, StatusCode::OK);

    let first = run_job(&site, "care_reminders").await;
    let again = run_job(&site, "care_reminders").await;
    let agenda = site.app.get("/me/agenda", &site.wang).await;
    let the_deal = site.app.get(&format!("/deals/{deal}"), &site.manager).await;

    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(delivery.status, StatusCode::OK, "{:?}", delivery.body);
    assert_eq!(the_deal.body["delivery_expected_at"], json!(handover), "copied to the building's deals");
    assert_eq!(first["last_summary"]["care_tasks"], 4, "{first:?}");
    assert_eq!(again["last_summary"]["care_tasks"], 0, "planned once");
    let planned = site.app.audit_actions().iter().filter(|a| *a == "lead.care_plan").count();
    assert_eq!(planned, 4, "each new task in the trail, once");
    let care: Vec<&Value> = agenda.body["care"].as_array().map(|c| c.iter().collect()).unwrap_or_default();
    let of = |lead: Uuid| -> Vec<(String, String)> {
        care.iter()
            .filter(|c| c["lead_id"] == json!(lead))
            .map(|c| (c["care_kind"].as_str().unwrap_or("").to_owned(), c["care_on"].as_str().unwrap_or("").to_owned()))
            .collect()
    };
    assert_eq!(
        of(consenting),
        vec![
            ("delivery_countdown".to_owned(), (today() + Duration::days(2)).to_string()),
            ("festival".to_owned(), festival.to_string())
        ],
        "{care:?}"
    );
    assert_eq!(
        of(anniversary),
        vec![
            ("purchase_anniversary".to_owned(), (today() + Duration::days(1)).to_string()),
            ("festival".to_owned(), festival.to_string())
        ]
    );
    assert!(of(silent).is_empty(), "no consent, no care");
    let countdown = care.iter().find(|c| c["care_kind"] == "delivery_countdown").expect("the countdown");
    assert_eq!(countdown["occasion"], format!("交房前90天（{handover}交房）"));
    assert_eq!(countdown["consent_channel"], "wechat");
    let anniversary_item = care.iter().find(|c| c["care_kind"] == "purchase_anniversary").expect("the anniversary");
    assert_eq!(anniversary_item["occasion"], "购房1周年");

    // The handover moves three days later: the old countdown goes at once, the next planning
    // counts from the new date.
    let ancient =
        put(&site, &site.manager, "building-deliveries", json!({"building": "1栋", "expected_at": "1800-01-01"})).await;
    assert_eq!(ancient.status, StatusCode::UNPROCESSABLE_ENTITY);
    let later = handover + Duration::days(3);
    assert_eq!(
        put(&site, &site.manager, "building-deliveries", json!({"building": "1栋", "expected_at": later})).await.status,
        StatusCode::OK
    );
    let moved = site.app.get("/me/agenda", &site.wang).await;
    let countdowns = |agenda: &Value| -> Vec<String> {
        agenda["care"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c["care_kind"] == "delivery_countdown")
            .filter_map(|c| c["care_on"].as_str().map(str::to_owned))
            .collect()
    };
    assert!(countdowns(&moved.body).is_empty(), "{:?}", moved.body["care"]);
    let moves: Vec<String> = {
        use anchang::schema::audit_events;
        use diesel::prelude::*;
        audit_events::table
            .filter(audit_events::action.eq("project.building_delivery"))
            .order(audit_events::seq.asc())
            .select(audit_events::changes)
            .load(&mut site.app.sealed_db().conn)
            .expect("the trail")
    };
    let unplanned = |changes: &str| serde_json::from_str::<Value>(changes).map(|c| c["care_tasks_unplanned"].clone());
    assert_eq!(moves.last().map(|c| unplanned(c).ok()), Some(Some(json!(1))), "the countdown that went: {moves:?}");
    run_job(&site, "care_reminders").await;
    let replanned = site.app.get("/me/agenda", &site.wang).await;
    assert_eq!(countdowns(&replanned.body), vec![(today() + Duration::days(5)).to_string()]);
}
