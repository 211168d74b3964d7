//! The daily report (案场日报) against a worked example: a small project whose 25 November
//! 2026 is known by hand, days cut at midnight in Shanghai (16:00 UTC the day before).

use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

mod attribution;
mod pictures;
mod segments;

use crate::follow_ups::contact;
use crate::helpers::{site, Site};

pub(crate) async fn report(site: &Site, token: &str, query: &str) -> Value {
    let reply = site.app.get(&format!("/projects/{}/reports/daily?{query}", site.project), token).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

pub(crate) async fn visit(site: &Site, token: &str, lead: Uuid, channel: &str, initiated_by: &str, at: &str) {
    let body = contact(channel, initiated_by, json!({"happened_at": at}));
    let made = site.follow_up(token, lead, body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
}

fn figures(pairs: &[(&str, i64)]) -> Value {
    let mut all = json!({"calls_in": 0, "first_visits": 0, "return_visits": 0, "new_leads": 0, "subscriptions": 0,
        "subscription_refunds": 0, "reservations": 0, "reservation_cancellations": 0, "signings": 0,
        "cancellations": 0, "net_signings": 0, "signed_fen": 0, "cancelled_fen": 0, "collected_fen": 0});
    for (name, value) in pairs {
        all[*name] = json!(value);
    }
    all
}

/// The worked example; answers (王丽's deal that stands, the one cancelled today).
pub(crate) async fn worked_example(site: &Site) -> (Uuid, Uuid) {
    let units = site.units().await;
    site.open_sales().await;
    let (_, finance) = site.finance().await;
    let a = site.lead(&site.wang, "甲", "13800005001").await;
    let b = site.lead(&site.wang, "乙", "13800005002").await;
    let c = site.lead(&site.li, "丙", "13800005003").await;
    let e = site.lead(&site.wang, "戊", "13800005005").await;
    // 甲: first visit at midnight in Shanghai on the 25th, again that morning.
    visit(site, &site.wang, a, "visit", "customer", "2026-11-24T16:00:00Z").await;
    visit(site, &site.wang, a, "visit", "salesperson", "2026-11-25T03:00:00Z").await;
    // 丙: first visit a second before midnight (the 24th), again on the 25th.
    visit(site, &site.li, c, "visit", "customer", "2026-11-24T15:59:59Z").await;
    visit(site, &site.li, c, "visit", "customer", "2026-11-25T06:00:00Z").await;
    // 乙 calls in (来电); 王丽 calls back (not a call in).
    visit(site, &site.wang, b, "phone", "customer", "2026-11-25T05:00:00Z").await;
    visit(site, &site.wang, b, "phone", "salesperson", "2026-11-25T05:30:00Z").await;
    let deposit = json!({"deposit_fen": 5_000_000, "paid_at": "2026-11-25T01:00:00Z", "receipt_no": "RC-A"});
    let subscribed = site.app.post(&format!("/leads/{a}/subscriptions"), &site.wang, deposit).await;
    assert_eq!(subscribed.status, StatusCode::CREATED, "{:?}", subscribed.body);
    // Both sign on the 25th at 10:00 in Shanghai (reserved on the 20th).
    let kept = site.sign(site.reserve(units["1201"], a).await, 356_000_000, None).await.id("deal_id");
    let undone = site.sign(site.reserve(units["801"], e).await, 340_000_000, None).await.id("deal_id");
    for (amount, at, receipt) in
        [(100_000_000, "2026-11-25T15:59:59Z", "SK-1"), (50_000_000, "2026-11-25T16:00:00Z", "SK-2")]
    {
        let paid = site.pay(&finance, kept, amount, "bank_transfer", at, receipt).await;
        assert_eq!(paid.status, StatusCode::CREATED, "{:?}", paid.body);
    }
    // Today: 甲 moves to a dearer unit, 戊 cancels.
    let change = json!({"to_unit_id": units["1202"], "price_fen": 428_000_000_i64, "reason": "改选高楼层"});
    assert_eq!(
        site.app.post(&format!("/deals/{kept}/change-unit"), &site.manager, change).await.status,
        StatusCode::OK
    );
    let cancel = json!({"reason": "贷款未获批", "refund_fen": 0});
    assert_eq!(site.app.post(&format!("/deals/{undone}/cancel"), &site.manager, cancel).await.status, StatusCode::OK);
    (kept, undone)
}

#[tokio::test]
async fn a_day_counts_what_happened_on_it_in_the_projects_zone() {
    let site = site().await;
    worked_example(&site).await;

    let day = report(&site, &site.manager, "date=2026-11-25").await;
    let before = report(&site, &site.manager, "date=2026-11-24").await;
    let days = report(&site, &site.manager, "from=2026-11-24&to=2026-11-26").await;
    let week = report(&site, &site.manager, "from=2026-11-24&to=2026-11-26&group_by=week").await;

    assert_eq!(
        day["totals"],
        figures(&[
            ("calls_in", 1),
            ("first_visits", 1),
            ("return_visits", 2),
            ("subscriptions", 1),
            ("signings", 2),
            ("net_signings", 2),
            ("signed_fen", 696_000_000),
            ("collected_fen", 100_000_000),
        ]),
        "signed at the price of the day, cancelled or changed later: {day:#}"
    );
    assert_eq!((day["time_zone"].as_str(), day["own_only"].as_bool()), (Some("Asia/Shanghai"), Some(false)));
    assert_eq!(before["totals"], figures(&[("first_visits", 1)]), "23:59:59 in Shanghai is the 24th");
    let labels: Vec<&str> =
        days["periods"].as_array().into_iter().flatten().filter_map(|p| p["label"].as_str()).collect();
    assert_eq!(labels, ["2026-11-24", "2026-11-25", "2026-11-26"]);
    assert_eq!(
        days["periods"][2]["figures"],
        figures(&[("collected_fen", 50_000_000)]),
        "00:00 in Shanghai is the 26th"
    );
    assert_eq!(days["periods"][1]["figures"], day["totals"]);
    assert_eq!(week["periods"].as_array().map(Vec::len), Some(1));
    assert_eq!(week["periods"][0]["label"], "2026-W48");
    assert_eq!(week["totals"], days["totals"]);

    let wang = day["by_salesperson"].as_array().and_then(|p| p.iter().find(|p| p["user_id"] == json!(site.wang_id)));
    let wang = wang.expect("王丽's row");
    assert_eq!((wang["display_name"].as_str(), wang["figures"]["signings"].as_i64()), (Some("wang.li"), Some(2)));
    assert_eq!(wang["figures"]["calls_in"], 1);
    let walk_in = day["by_channel"].as_array().and_then(|c| c.iter().find(|c| c["source_channel"] == "walk_in"));
    assert_eq!(walk_in.map(|c| c["figures"]["signings"].clone()), Some(json!(2)));
}

#[tokio::test]
async fn a_cancellation_counts_on_its_own_day_and_a_salesperson_sees_their_own_numbers() {
    let site = site().await;
    worked_example(&site).await;

    let today = report(&site, &site.manager, "").await;
    let li = report(&site, &site.li, "date=2026-11-25").await;
    let li_today = report(&site, &site.li, "").await;

    let totals = &today["totals"];
    assert_eq!(
        (totals["cancellations"].as_i64(), totals["cancelled_fen"].as_i64(), totals["net_signings"].as_i64()),
        (Some(1), Some(340_000_000), Some(-1)),
        "{today:#}"
    );
    assert_eq!(totals["new_leads"], 4, "registered today");
    assert_eq!(li["own_only"], true);
    assert_eq!(li["totals"], figures(&[("return_visits", 1)]), "李娜's own: 丙's return visit");
    assert_eq!(li["by_salesperson"].as_array().map(Vec::len), Some(1));
    assert_eq!(li_today["totals"]["new_leads"], 1);
}

#[tokio::test]
async fn the_report_comes_as_csv_and_refuses_what_it_cannot_answer() {
    let site = site().await;
    worked_example(&site).await;
    let path = format!("/projects/{}/reports/daily", site.project);

    let by_format = site.app.get(&format!("{path}?date=2026-11-25&format=csv"), &site.manager).await;
    let by_accept = crate::helpers::client()
        .get(site.app.api(&format!("{path}?date=2026-11-25")))
        .bearer_auth(&site.manager)
        .header("accept", "text/csv")
        .send()
        .await
        .expect("an answer");
    let (_, desk) = site.desk().await;
    let by_desk = site.app.get(&path, &desk).await;
    let other = site.app.get(&format!("/projects/{}/reports/daily", Uuid::now_v7()), &site.manager).await;
    let both = site.app.get(&format!("{path}?date=2026-11-25&from=2026-11-24"), &site.manager).await;
    let backwards = site.app.get(&format!("{path}?from=2026-11-25&to=2026-11-24"), &site.manager).await;
    let too_long = site.app.get(&format!("{path}?from=2025-01-01&to=2026-11-24"), &site.manager).await;
    let half = site.app.get(&format!("{path}?from=2026-11-25"), &site.manager).await;

    assert_eq!(by_format.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(by_accept.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("text/csv; charset=utf-8"));
    let text = by_accept.text().await.expect("a body");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("section,key,name,calls_in,first_visits,return_visits,new_leads"), "{text}");
    assert!(
        lines.contains(&"period,2026-11-25,2026-11-25..2026-11-25,1,1,2,0,1,0,0,0,2,0,2,696000000,0,100000000"),
        "{text}"
    );
    assert_eq!(lines.last().map(|l| l.starts_with("total,2026-11-25..2026-11-25,,1,1,2")), Some(true), "{text}");
    assert_eq!((by_desk.status, by_desk.code()), (StatusCode::FORBIDDEN, "analytics.forbidden"));
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    for refused in [both, backwards, too_long, half] {
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", refused.body);
    }
}

pub(crate) fn at(text: &str) -> chrono::NaiveDateTime {
    chrono::DateTime::parse_from_rfc3339(text).expect("a moment").naive_utc()
}

pub(crate) fn row<'a>(funnel: &'a Value, key: &str) -> &'a Value {
    funnel["rows"].as_array().and_then(|rows| rows.iter().find(|r| r["key"] == key)).unwrap_or(&Value::Null)
}

/// The worked example with 甲 registered on the 20th (10:00 in Shanghai) and 丙 on the 22nd
/// (23:59:59), the others today.
pub(crate) async fn cohort_example(site: &Site) {
    worked_example(site).await;
    let leads = site.app.get("/leads?limit=50", &site.manager).await;
    let id_of = |name: &str| {
        leads.body["items"]
            .as_array()
            .and_then(|items| items.iter().find(|l| l["name"] == name))
            .map(|l| l["id"].clone())
    };
    for (name, registered) in [("甲", "2026-11-20T02:00:00Z"), ("丙", "2026-11-22T15:59:59Z")] {
        let id: Uuid = serde_json::from_value(id_of(name).expect("the lead")).expect("an id");
        site.app.set_lead(id, crate::helpers::LeadFacts { created_at: Some(at(registered)), ..Default::default() });
    }
}

async fn funnel(site: &Site, token: &str, query: &str) -> Value {
    let reply = site.app.get(&format!("/projects/{}/analytics/funnel?{query}", site.project), token).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

#[tokio::test]
async fn the_funnel_follows_a_cohort_and_prices_its_channels() {
    let site = site().await;
    cohort_example(&site).await;
    let cost = |body: Value| {
        let site = &site;
        async move {
            site.app
                .call(
                    reqwest::Method::PUT,
                    &format!("/projects/{}/channel-costs", site.project),
                    Some(&site.manager),
                    Some(body),
                )
                .await
        }
    };
    let recorded = cost(json!({"month": "2026-11", "source_channel": "walk_in", "amount_fen": 10_000_000})).await;
    let replaced = cost(json!({"month": "2026-11", "source_channel": "walk_in", "amount_fen": 20_000_000})).await;
    let stranger = cost(json!({"month": "2026-11", "channel_id": Uuid::now_v7(), "amount_fen": 1})).await;
    let both =
        cost(json!({"month": "2026-11", "source_channel": "walk_in", "channel_id": Uuid::now_v7(), "amount_fen": 1}))
            .await;
    let bad_month = cost(json!({"month": "2026-13", "source_channel": "walk_in", "amount_fen": 1})).await;
    let by_sales = site
        .app
        .call(
            reqwest::Method::PUT,
            &format!("/projects/{}/channel-costs", site.project),
            Some(&site.wang),
            Some(json!({"month": "2026-11", "source_channel": "walk_in", "amount_fen": 1})),
        )
        .await;

    let cohort = funnel(&site, &site.manager, "from=2026-11-20&to=2026-11-25").await;
    let by_owner = funnel(&site, &site.manager, "from=2026-11-20&to=2026-11-25&group_by=owner").await;
    let by_partner = funnel(&site, &site.manager, "from=2026-11-20&to=2026-11-25&group_by=channel_partner").await;
    let events = funnel(&site, &site.manager, "from=2026-11-25&to=2026-11-25&basis=event").await;
    let li = funnel(&site, &site.li, "from=2026-11-20&to=2026-11-25").await;
    let costs =
        site.app.get(&format!("/projects/{}/channel-costs?from=2026-11&to=2026-11", site.project), &site.manager).await;

    assert_eq!((recorded.status, recorded.body["version"].as_i64()), (StatusCode::OK, Some(1)), "{:?}", recorded.body);
    assert_eq!((replaced.body["version"].as_i64(), replaced.body["amount_fen"].as_i64()), (Some(2), Some(20_000_000)));
    assert_eq!((stranger.status, stranger.code()), (StatusCode::UNPROCESSABLE_ENTITY, "analytics.unknown_channel"));
    assert_eq!((both.status, bad_month.status), (StatusCode::UNPROCESSABLE_ENTITY, StatusCode::UNPROCESSABLE_ENTITY));
    assert_eq!(by_sales.status, StatusCode::FORBIDDEN);
    assert_eq!(costs.body.as_array().map(Vec::len), Some(1), "{:?}", costs.body);
    assert_eq!(costs.body[0]["month"], "2026-11");
    assert!(site.app.audit_actions().contains(&"project.channel_cost".to_owned()));

    let walk_in = row(&cohort, "walk_in");
    assert_eq!(
        walk_in["stages"],
        json!({"leads": 2, "visited": 2, "subscribed": 1, "reserved": 1, "signed": 1, "cancelled": 0,
               "signed_fen": 428_000_000_i64}),
        "甲 and 丙 (registered in the range), 甲's deal at its price now: {cohort:#}"
    );
    assert_eq!((walk_in["visit_rate"].as_f64(), walk_in["conversion"].as_f64()), (Some(1.0), Some(0.5)));
    assert_eq!(walk_in["average_deal_fen"], 428_000_000_i64);
    assert_eq!(walk_in["days_to_first_visit"], json!({"p50": 2.0, "p75": 4.58}));
    assert_eq!(walk_in["days_to_signing"], json!({"p50": 5.0, "p75": 5.0}));
    assert_eq!(
        (walk_in["cost_fen"].as_i64(), walk_in["cost_per_lead_fen"].as_i64(), walk_in["cost_per_deal_fen"].as_i64()),
        (Some(20_000_000), Some(10_000_000), Some(20_000_000))
    );
    assert_eq!(walk_in["roi"].as_f64(), Some(21.4));
    assert_eq!(cohort["total"]["stages"], walk_in["stages"]);
    assert_eq!(row(&by_owner, &site.wang_id.to_string())["stages"]["signed"], 1);
    assert_eq!(row(&by_owner, &site.li_id.to_string())["stages"]["visited"], 1);
    assert_eq!(row(&by_owner, &site.li_id.to_string())["name"], "li.na");
    assert_eq!(
        (row(&by_partner, "none")["name"].as_str(), row(&by_partner, "none")["stages"]["leads"].as_i64()),
        (Some("无渠道"), Some(2))
    );
    let moves = &events["total"]["stages"];
    assert_eq!(
        (moves["visited"].as_i64(), moves["signed"].as_i64(), moves["signed_fen"].as_i64(), moves["leads"].as_i64()),
        (Some(1), Some(2), Some(696_000_000), Some(0)),
        "the moves of the 25th, whatever became of them: {events:#}"
    );
    assert_eq!((li["own_only"].as_bool(), li["total"]["stages"]["leads"].as_i64()), (Some(true), Some(1)));
    assert!(li["total"]["cost_fen"].is_null(), "spend is the managers' to see");

    let csv = site
        .app
        .get(
            &format!("/projects/{}/analytics/funnel?from=2026-11-20&to=2026-11-25&format=csv", site.project),
            &site.manager,
        )
        .await;
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
}

async fn lose(site: &Site, token: &str, lead: Uuid, reason: &str) {
    let version = site.app.get(&format!("/leads/{lead}"), token).await.body["version"].clone();
    let lost = json!({"version": version, "status": "lost", "lost_reason": reason});
    let reply = site.app.patch(&format!("/leads/{lead}"), token, lost).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
}

#[tokio::test]
async fn lost_buyers_are_counted_by_reason_with_who_held_them_then() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    let x = site.lead(&site.wang, "甲", "13800006001").await;
    let y = site.lead(&site.wang, "乙", "13800006002").await;
    let z = site.lead(&site.li, "丙", "13800006003").await;
    lose(&site, &site.wang, x, "competitor").await;
    lose(&site, &site.wang, y, "competitor").await;
    lose(&site, &site.li, z, "budget").await;
    // 乙 comes back (lost → contacted), then 甲 is handed to 李娜: the loss stays 王丽's.
    let version = site.app.get(&format!("/leads/{y}"), &site.wang).await.body["version"].clone();
    let back =
        site.app.patch(&format!("/leads/{y}"), &site.wang, json!({"version": version, "status": "contacted"})).await;
    assert_eq!(back.status, StatusCode::OK, "{:?}", back.body);
    let transfer = json!({"to_user_id": site.li_id, "reason": "离职交接"});
    assert_eq!(site.app.post(&format!("/leads/{x}/transfer"), &site.manager, transfer).await.status, StatusCode::OK);
    // A deal cancelled without keeping the buyer loses them for the reason given.
    let deal = site.deal(units["1201"], 9, 356_000_000, None).await;
    let cancel = json!({"reason": "贷款未获批", "refund_fen": 0, "lost_reason": "financing"});
    assert_eq!(site.app.post(&format!("/deals/{deal}/cancel"), &site.manager, cancel).await.status, StatusCode::OK);
    let path = format!("/projects/{}/analytics/lost-reasons", site.project);

    let all = site.app.get(&path, &site.manager).await;
    let by_owner = site.app.get(&format!("{path}?group_by=owner"), &site.manager).await;
    let by_li = site.app.get(&path, &site.li).await;
    let csv = site.app.get(&format!("{path}?format=csv"), &site.manager).await;
    let by_desk = site.app.get(&path, &site.desk().await.1).await;

    assert_eq!(all.status, StatusCode::OK, "{:?}", all.body);
    assert_eq!((all.body["lost"].as_i64(), all.body["recovered"].as_i64()), (Some(4), Some(1)), "{:#}", all.body);
    assert_eq!(
        all.body["reasons"],
        json!([{"reason": "competitor", "count": 2, "share": 0.5}, {"reason": "budget", "count": 1, "share": 0.25},
               {"reason": "financing", "count": 1, "share": 0.25}])
    );
    let wang =
        by_owner.body["groups"].as_array().and_then(|g| g.iter().find(|g| g["key"] == json!(site.wang_id.to_string())));
    let wang = wang.expect("王丽's losses");
    assert_eq!((wang["lost"].as_i64(), wang["name"].as_str()), (Some(3), Some("wang.li")), "甲 was 王丽's when lost");
    assert_eq!((by_li.body["own_only"].as_bool(), by_li.body["lost"].as_i64()), (Some(true), Some(1)));
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(by_desk.code(), "analytics.forbidden");
}

#[tokio::test]
async fn quality_shows_complete_files_timely_follow_ups_and_first_contacts() {
    let site = site().await;
    // 王丽: a fuller file contacted at once; 李娜: a bare file, contacted late.
    let full = site
        .register(&site.wang, "甲", "13800007701", json!({"gender": "female", "age_band": "25_34", "purpose": "upgrade",
                                                          "budget_max_fen": 500_000_000_i64, "intended_layouts": ["3房"]}))
        .await;
    assert_eq!(full.status, StatusCode::CREATED, "{:?}", full.body);
    let bare = site.lead(&site.li, "乙", "13800007702").await;
    let now = anchang::db::now();
    let call = |hours_ago: i64| {
        crate::follow_ups::contact(
            "phone",
            "salesperson",
            json!({"happened_at": (chrono::Utc::now() - chrono::Duration::hours(hours_ago)).to_rfc3339()}),
        )
    };
    // 乙 was registered 40 days ago (ungraded: a C, 14 days allowed) and first called today.
    site.app.set_lead(
        bare,
        crate::helpers::LeadFacts { created_at: Some(now - chrono::Duration::days(40)), ..Default::default() },
    );
    assert_eq!(site.follow_up(&site.li, bare, call(0)).await.status, StatusCode::CREATED);
    assert_eq!(site.follow_up(&site.wang, full.id("id"), call(0)).await.status, StatusCode::CREATED);
    let path = format!("/projects/{}/analytics/quality", site.project);
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let range = format!("from={}&to={today}", today - chrono::Duration::days(45));

    let report = site.app.get(&format!("{path}?{range}"), &site.manager).await;
    let li_view = site.app.get(&format!("{path}?{range}"), &site.li).await;
    let csv = site.app.get(&format!("{path}?{range}&format=csv"), &site.manager).await;

    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    let person = |id: Uuid| {
        report.body["by_salesperson"].as_array().and_then(|p| p.iter().find(|p| p["user_id"] == json!(id))).cloned()
    };
    let (wang, li) = (person(site.wang_id).expect("王丽"), person(site.li_id).expect("李娜"));
    assert_eq!((wang["figures"]["on_time"].as_i64(), wang["figures"]["compliance"].as_f64()), (Some(1), Some(1.0)));
    assert_eq!(
        (li["figures"]["on_time"].as_i64(), li["figures"]["compliance"].as_f64()),
        (Some(0), Some(0.0)),
        "40 days after registration"
    );
    assert_eq!(report.body["by_salesperson"][0]["user_id"], json!(site.li_id), "lowest compliance first");
    assert!(wang["figures"]["completeness"].as_f64() > li["figures"]["completeness"].as_f64(), "{wang} {li}");
    assert_eq!(li["figures"]["first_contact_hours"]["p50"].as_f64(), Some(960.0), "40 days");
    assert_eq!(
        (li["figures"]["registered"].as_i64(), li["figures"]["contacted_within_24h"].as_f64()),
        (Some(1), Some(0.0))
    );
    assert_eq!(report.body["totals"]["leads"], 2);
    let gender = report.body["fields"].as_array().and_then(|f| f.iter().find(|f| f["field"] == "gender")).cloned();
    assert_eq!(gender.map(|g| (g["filled"].clone(), g["share"].clone())), Some((json!(1), json!(0.5))));
    assert_eq!((li_view.body["own_only"].as_bool(), li_view.body["totals"]["leads"].as_i64()), (Some(true), Some(1)));
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
}
