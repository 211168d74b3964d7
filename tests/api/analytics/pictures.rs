//! The charts, the channel bars and the value pyramid: every number a chart shows is read
//! back from its SVG (parsed as XML) and matched to the JSON it was drawn from.

use std::collections::HashMap;

use reqwest::StatusCode;
use serde_json::json;

use super::{cohort_example, row, visit};
use crate::helpers::{site, Site};

/// A chart as the server sent it: its body and ETag, checked to be an SVG.
async fn picture(site: &Site, token: &str, path: &str) -> (String, String) {
    let response =
        site.app.client.get(site.app.api(path)).bearer_auth(token).send().await.expect("the picture is sent");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let kind = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert!(kind.starts_with("image/svg+xml"), "{kind}");
    let etag = response.headers().get("etag").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    (response.text().await.expect("a body"), etag)
}

/// What a chart says: its texts in order, and its numbers by (row, figure).
struct Chart {
    texts: Vec<String>,
    figures: HashMap<(String, String), i64>,
}

fn read(svg: &str) -> Chart {
    let document = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("well-formed SVG: {e}\n{svg}"));
    let mut texts = Vec::new();
    let mut figures = HashMap::new();
    for node in document.descendants().filter(|n| n.has_tag_name("text")) {
        texts.push(node.text().unwrap_or("").to_owned());
        if let (Some(key), Some(measure), Some(value)) =
            (node.attribute("data-key"), node.attribute("data-measure"), node.attribute("data-value"))
        {
            let value: i64 = value.parse().unwrap_or_else(|_| panic!("a number: {value}"));
            figures.insert((key.to_owned(), measure.to_owned()), value);
        }
    }
    Chart { texts, figures }
}

impl Chart {
    fn figure(&self, key: &str, measure: &str) -> Option<i64> {
        self.figures.get(&(key.to_owned(), measure.to_owned())).copied()
    }

    fn says(&self, words: &str) -> bool {
        self.texts.iter().any(|t| t.contains(words))
    }
}

#[tokio::test]
async fn each_chart_shows_the_numbers_of_its_json_with_a_title_and_the_time_of_its_data() {
    let site = site().await;
    cohort_example(&site).await;
    let range = "from=2026-11-20&to=2026-11-25";
    let project = format!("/projects/{}", site.project);
    let funnel = site.app.get(&format!("{project}/analytics/funnel?{range}"), &site.manager).await.body;
    let daily = site.app.get(&format!("{project}/reports/daily?{range}"), &site.manager).await.body;
    let channels = site.app.get(&format!("{project}/analytics/channels?{range}"), &site.manager).await.body;
    let (funnel_svg, funnel_etag) =
        picture(&site, &site.manager, &format!("{project}/analytics/funnel.svg?{range}")).await;
    let (daily_svg, _) = picture(&site, &site.manager, &format!("{project}/reports/daily.svg?{range}")).await;
    let (channels_svg, _) = picture(&site, &site.manager, &format!("{project}/analytics/channels.svg?{range}")).await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (again, again_etag) = picture(&site, &site.manager, &format!("{project}/analytics/funnel.svg?{range}")).await;

    let chart = read(&funnel_svg);
    assert!(chart.says("滨江壹号 客户漏斗 2026-11-20 至 2026-11-25"), "{:?}", chart.texts);
    assert!(chart.says("数据截至 "), "the time of the data: {:?}", chart.texts);
    for (measure, label) in
        [("leads", "线索"), ("visited", "到访"), ("subscribed", "认筹"), ("reserved", "认购"), ("signed", "签约")]
    {
        assert_eq!(chart.figure("total", measure), funnel["total"]["stages"][measure].as_i64(), "{measure}");
        assert!(chart.says(label));
    }
    assert_eq!(chart.figure("total", "leads"), Some(2));
    assert!(chart.says("转化率 50.0%") && chart.says("客单价 ¥4,280,000"), "{:?}", chart.texts);
    assert_eq!((again, again_etag), (funnel_svg, funnel_etag), "unchanged data, the same picture and ETag");

    let chart = read(&daily_svg);
    assert!(chart.says("滨江壹号 案场日报趋势"));
    let periods = daily["periods"].as_array().expect("periods");
    assert_eq!(periods.len(), 6);
    for period in periods {
        let label = period["label"].as_str().expect("a label");
        let f = &period["figures"];
        let visits = f["first_visits"].as_i64().unwrap_or(0) + f["return_visits"].as_i64().unwrap_or(0);
        assert_eq!(chart.figure(label, "visits"), Some(visits), "{label}");
        assert_eq!(chart.figure(label, "subscriptions"), f["subscriptions"].as_i64(), "{label}");
        assert_eq!(chart.figure(label, "signings"), f["signings"].as_i64(), "{label}");
    }
    assert_eq!(chart.figure("2026-11-25", "signings"), Some(2));
    for legend in ["来访", "认筹", "签约"] {
        assert!(chart.says(legend));
    }

    let chart = read(&channels_svg);
    let walk_in = row(&channels, "walk_in");
    assert_eq!((walk_in["leads"].as_i64(), walk_in["deals"].as_i64()), (Some(2), Some(1)), "{channels:#}");
    for bar in channels["rows"].as_array().expect("rows") {
        let key = bar["key"].as_str().expect("a key");
        assert_eq!(chart.figure(key, "leads"), bar["leads"].as_i64());
        assert_eq!(chart.figure(key, "deals"), bar["deals"].as_i64());
        assert_eq!(chart.figure(key, "cost_per_deal_fen"), bar["cost_per_deal_fen"].as_i64());
        assert!(chart.says(bar["name"].as_str().expect("a name")));
    }
    assert!(chart.says("线索") && chart.says("成交") && chart.says("单成交成本"));
}

#[tokio::test]
async fn the_heat_map_tells_sold_from_unwanted_and_counts_each_kind() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    let lead = site.lead(&site.wang, "甲", "13800007001").await;
    site.reserve(units["801"], lead).await;
    let project = format!("/projects/{}", site.project);

    let map = site.app.get(&format!("{project}/heatmap"), &site.wang).await.body;
    let (svg, _) = picture(&site, &site.wang, &format!("{project}/heatmap.svg")).await;

    let totals = &map["totals"];
    assert_eq!((totals["sold"].as_i64(), map["project_name"].as_str()), (Some(1), Some("滨江壹号")), "{map:#}");
    assert!(map["as_of"].is_string(), "the time of the last change");
    let chart = read(&svg);
    assert!(chart.says("滨江壹号 开盘开花图") && chart.says("数据截至 "), "{:?}", chart.texts);
    assert!(chart.says(&format!("共 {} 套", totals["units"])));
    for (measure, label) in [
        ("first_wave", "首批消化"),
        ("second_wave", "第二波消化"),
        ("third_wave", "第三波消化"),
        ("unwanted", "未被意向"),
        ("sold", "已售"),
        ("held", "销控"),
    ] {
        assert_eq!(chart.figure("totals", measure), totals[measure].as_i64(), "{measure}");
        assert!(chart.texts.iter().any(|t| t == label), "the legend names {label}");
    }
    assert!(chart.says("已售 0/0"), "the sold room says so, not grey like an unwanted one");
}

#[tokio::test]
async fn the_value_pyramid_ranks_buyers_by_deals_referrals_and_engagement() {
    let site = site().await;
    let units = site.units().await;
    site.open_sales().await;
    let a = site.lead(&site.wang, "甲", "13800008001").await;
    let referred = site
        .register(&site.wang, "乙", "13800008002", json!({"source_channel": "referral", "referrer_lead_id": a}))
        .await;
    assert_eq!(referred.status, StatusCode::CREATED, "{:?}", referred.body);
    let b = referred.id("id");
    let c = site.lead(&site.wang, "丙", "13800008003").await;
    site.lead(&site.wang, "丁", "13800008004").await;
    site.lead(&site.li, "戊", "13800008005").await;
    let now = chrono::Utc::now();
    for hours in [1, 2, 3] {
        let at = (now - chrono::Duration::hours(hours)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        visit(&site, &site.wang, c, "phone", "salesperson", &at).await;
    }
    site.sign(site.reserve(units["1201"], a).await, 300_000_000, None).await;
    site.sign(site.reserve(units["801"], b).await, 200_000_000, None).await;
    let path = format!("/projects/{}/analytics/pyramid", site.project);

    let pyramid = site.app.get(&path, &site.manager).await;
    let strict =
        site.app.get(&format!("{path}?potential_min_interactions=4&top_min_referred_deals=2"), &site.manager).await;
    let wang = site.app.get(&path, &site.wang).await;
    let (_, desk) = site.desk().await;
    let refused = site.app.get(&path, &desk).await;
    let out_of_bounds = site.app.get(&format!("{path}?engagement_days=0"), &site.manager).await;
    let csv = site.app.get(&format!("{path}?format=csv"), &site.manager).await;

    assert_eq!(pyramid.status, StatusCode::OK, "{:?}", pyramid.body);
    let tiers = |reply: &crate::helpers::Reply| -> Vec<(String, i64, i64, i64)> {
        reply.body["tiers"]
            .as_array()
            .expect("tiers")
            .iter()
            .map(|t| {
                let value = t["deal_value_fen"].as_i64().unwrap_or(0) + t["referred_value_fen"].as_i64().unwrap_or(0);
                (
                    t["label"].as_str().unwrap_or("").to_owned(),
                    t["leads"].as_i64().unwrap_or(-1),
                    t["deals"].as_i64().unwrap_or(-1),
                    value,
                )
            })
            .collect()
    };
    assert_eq!(
        tiers(&pyramid),
        vec![
            ("顶级".into(), 1, 1, 500_000_000),
            ("核心".into(), 1, 1, 200_000_000),
            ("潜力".into(), 1, 0, 0),
            ("基础".into(), 2, 0, 0)
        ],
        "甲 signed and brought 乙, who signed; 丙 was called three times today: {:#}",
        pyramid.body
    );
    assert_eq!(pyramid.body["value_fen"], 700_000_000_i64);
    assert_eq!(pyramid.body["tiers"][0]["share_of_value"].as_f64(), Some(0.7143));
    assert_eq!(pyramid.body["tiers"][3]["share_of_leads"].as_f64(), Some(0.4));
    assert_eq!(
        tiers(&strict).iter().map(|t| t.1).collect::<Vec<_>>(),
        vec![0, 2, 0, 3],
        "stricter bounds move 甲 to core and 丙 to the base"
    );
    assert_eq!(wang.body["leads"], 4, "王丽's own buyers: {:?}", wang.body);
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "analytics.forbidden"));
    assert_eq!(out_of_bounds.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
}

#[tokio::test]
async fn channel_bars_take_no_salesperson_grouping_and_come_as_csv() {
    let site = site().await;
    let path = format!("/projects/{}/analytics/channels", site.project);

    let by_owner = site.app.get(&format!("{path}?group_by=owner"), &site.manager).await;
    let csv = site.app.get(&format!("{path}?format=csv"), &site.manager).await;
    let empty = picture(&site, &site.manager, &format!("{path}.svg")).await.0;

    assert_eq!(by_owner.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(read(&empty).says("期间内没有新增客户"));
}
