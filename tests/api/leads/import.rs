//! Importing leads in bulk, as JSON or CSV: every valid row created, every other reported.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::site;
use crate::helpers::{reply, Reply, TestApp};

async fn import(app: &TestApp, token: &str, project: uuid::Uuid, content_type: &str, body: String) -> Reply {
    let response = app
        .client
        .post(app.api(&format!("/leads/import?project_id={project}")))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("sent");
    reply(response).await
}

fn statuses(report: &Reply) -> Vec<String> {
    report.body["results"]
        .as_array()
        .unwrap_or_else(|| panic!("a report: {:?}", report.body))
        .iter()
        .map(|r| r["status"].as_str().unwrap_or("?").to_owned())
        .collect()
}

#[tokio::test]
async fn a_json_import_creates_valid_rows_and_reports_the_others() {
    let site = site().await;
    site.lead(&site.li, "李先生", "13900139000").await;
    let rows = json!([
        {"name": "王女士", "phone": "13800138000", "source_channel": "walk_in", "tags": ["多孩家庭"]},
        {"name": "坏号码", "phone": "12345", "source_channel": "walk_in"},
        {"name": "撞单", "phone": "139-0013-9000", "source_channel": "broker"},
        {"name": "重复行", "phone": "+86 13800138000", "source_channel": "walk_in"},
        {"phone": "13700137000", "source_channel": "walk_in"},
        {"name": "赵女士", "phone": "13700137000", "source_channel": "event", "budget_min_fen": 9, "budget_max_fen": 1},
        {"name": "钱先生", "phone": "13600136000", "source_channel": "referral", "id_number": "11010519491231002X"}
    ]);

    let report = import(&site.app, &site.wang, site.project, "application/json", rows.to_string()).await;

    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    assert_eq!(report.body["created"], 2);
    assert_eq!(
        statuses(&report),
        vec!["created", "invalid", "duplicate", "duplicate", "invalid", "invalid", "created"]
    );
    let results = &report.body["results"];
    assert_eq!(results[1]["errors"][0]["field"], "phone");
    assert_eq!(results[4]["errors"][0]["field"], "name");
    assert_eq!(results[5]["errors"][0]["field"], "budget_max_fen");
    assert!(results[0]["lead_id"].is_string() && results[2]["lead_id"].is_null());
    let mine = crate::helpers::names(&site.app.get("/leads", &site.wang).await);
    assert_eq!(mine, vec!["钱先生", "王女士"]);
    let actions = site.app.audit_actions();
    assert_eq!(actions.iter().filter(|a| *a == "lead.create").count(), 3, "one per created lead, plus 李先生");
    assert!(actions.contains(&"lead.import".to_owned()));

    // A row that is not an object breaks the documented shape: the request is refused.
    let shapeless =
        json!([{"name": "孙女士", "phone": "13500135000", "source_channel": "walk_in"}, "not an object", 7]);
    let refused = import(&site.app, &site.wang, site.project, "application/json", shapeless.to_string()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", refused.body);
    let fields: Vec<&str> =
        refused.body["errors"].as_array().into_iter().flatten().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, vec!["[1]", "[2]"]);
    assert_eq!(
        crate::helpers::names(&site.app.get("/leads", &site.wang).await),
        vec!["钱先生", "王女士"],
        "nothing imported"
    );
}

#[tokio::test]
async fn a_csv_import_reads_a_header_row_and_lists_separated_by_bars() {
    let site = site().await;
    let csv = "\u{feff}name,phone,source_channel,tags,budget_max_fen,marketing_consent,consent_channel\n\
               王女士,138 0013 8000,walk_in,多孩家庭|改善,500000000,是,paper_form\n\
               \"李, 先生\",13900139000,online_platform,,,,\n\
               坏行,13700137000,tv,,,,\n";

    let report = import(&site.app, &site.wang, site.project, "text/csv; charset=utf-8", csv.to_owned()).await;

    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    assert_eq!(statuses(&report), vec!["created", "created", "invalid"]);
    assert_eq!(report.body["results"][2]["errors"][0]["field"], "source_channel");
    let first = site
        .app
        .get(&format!("/leads/{}", report.body["results"][0]["lead_id"].as_str().unwrap_or("")), &site.wang)
        .await;
    assert_eq!(first.body["tags"], json!(["多孩家庭", "改善"]));
    assert_eq!(first.body["marketing_consent"]["granted"], true);
    assert_eq!(first.body["budget_max_fen"], 500_000_000_i64);
}

#[tokio::test]
async fn imports_are_bounded_scoped_and_typed() {
    let site = site().await;
    let other = site.app.create_project(&site.admin, "西溪花园").await;
    let too_many: Vec<Value> =
        (0..5_001).map(|i| json!({"name": "x", "phone": format!("138{i:08}"), "source_channel": "walk_in"})).collect();
    let one = json!([{"name": "王女士", "phone": "13800138000", "source_channel": "walk_in"}]).to_string();

    let oversized =
        import(&site.app, &site.wang, site.project, "application/json", Value::from(too_many).to_string()).await;
    let empty = import(&site.app, &site.wang, site.project, "application/json", "[]".into()).await;
    let foreign = import(&site.app, &site.wang, other, "application/json", one.clone()).await;
    let xml = import(&site.app, &site.wang, site.project, "application/xml", one).await;
    let not_a_list = import(&site.app, &site.wang, site.project, "application/json", "{}".into()).await;

    assert_eq!((oversized.status, oversized.code()), (StatusCode::UNPROCESSABLE_ENTITY, "lead.import_size"));
    assert_eq!(empty.code(), "lead.import_size");
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert_eq!(xml.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(not_a_list.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(crate::helpers::names(&site.app.get("/leads", &site.wang).await).is_empty());
}

#[tokio::test]
async fn five_thousand_rows_import_in_one_request() {
    let site = site().await;
    let rows: Vec<Value> = (0..5_000)
        .map(|i| json!({"name": format!("客户{i}"), "phone": format!("138{i:08}"), "source_channel": "event"}))
        .collect();

    let report =
        import(&site.app, &site.manager, site.project, "application/json", Value::from(rows).to_string()).await;

    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    assert_eq!(report.body["created"], 5_000);
}
