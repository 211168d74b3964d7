//! Appeals (申诉): an agent contests a refused or expired report, once at a time; a
//! manager decides once; upheld moves the buyer's attribution to the channel.

use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{items, site, Site};

/// A site with a channel, two of its agents, and a lead of 王 the first agent reports too late.
async fn contested_site() -> (Site, uuid::Uuid, String, String, uuid::Uuid, uuid::Uuid) {
    let site = site().await;
    let channel = site.channel(&site.manager, "链家滨江店", &[site.project]).await;
    let (_, zhang) = site.agent(&site.manager, "zhang.agent", channel).await;
    let (_, liu) = site.agent(&site.manager, "liu.agent", channel).await;
    let lead = site.lead(&site.wang, "赵先生", "13912346001").await;
    let refused = site.report(&zhang, "赵先生", "13912346001").await;
    assert_eq!(refused.body["code"], "report.already_customer", "{:?}", refused.body);
    (site, channel, zhang, liu, lead, refused.id("report_id"))
}

fn appeal_path(report: uuid::Uuid) -> String {
    format!("/channel-reports/{report}/appeals")
}

#[tokio::test]
async fn an_upheld_appeal_gives_the_buyer_to_the_channel_once() {
    let (site, channel, zhang, liu, lead, report) = contested_site().await;
    let reason = json!({"reason": "客户12月1日由我带看"});

    let by_other_agent = site.app.post(&appeal_path(report), &liu, reason.clone()).await;
    let by_sales = site.app.post(&appeal_path(report), &site.wang, reason.clone()).await;
    let appeal = site.app.post(&appeal_path(report), &zhang, reason.clone()).await;
    let again = site.app.post(&appeal_path(report), &zhang, reason.clone()).await;
    let decision = format!("/appeals/{}/decision", appeal.id("id"));
    let by_wang = site.app.post(&decision, &site.wang, json!({"decision": "upheld", "note": "同意"})).await;
    let upheld =
        site.app.post(&decision, &site.manager, json!({"decision": "upheld", "note": "监控确认由渠道带看"})).await;
    let twice = site.app.post(&decision, &site.manager, json!({"decision": "rejected", "note": "改判"})).await;

    assert_eq!(by_other_agent.status, StatusCode::NOT_FOUND, "another agent's report does not exist for them");
    assert_eq!((by_sales.status, by_sales.body["code"].as_str()), (StatusCode::FORBIDDEN, Some("appeal.agents_only")));
    assert_eq!(appeal.status, StatusCode::CREATED, "{:?}", appeal.body);
    assert_eq!(
        (appeal.body["status"].as_str(), appeal.body["report_status"].as_str()),
        (Some("open"), Some("rejected"))
    );
    assert_eq!((again.status, again.body["code"].as_str()), (StatusCode::CONFLICT, Some("appeal.already_open")));
    assert_eq!(by_wang.status, StatusCode::FORBIDDEN);
    assert_eq!(upheld.status, StatusCode::OK, "{:?}", upheld.body);
    assert_eq!((upheld.body["status"].clone(), upheld.body["lead_id"].clone()), (json!("upheld"), json!(lead)));
    assert_eq!((twice.status, twice.body["code"].as_str()), (StatusCode::CONFLICT, Some("appeal.already_decided")));
    let seen = site.app.get(&format!("/leads/{lead}"), &site.wang).await;
    assert_eq!(
        (seen.body["channel_id"].clone(), seen.body["source_channel"].clone(), seen.body["owner_id"].clone()),
        (json!(channel), json!("broker"), json!(site.wang_id)),
        "the channel gets the attribution; the salesperson keeps the buyer"
    );
    let report_now = site.app.get(&format!("/channel-reports/{report}"), &zhang).await;
    assert_eq!(report_now.body["status"], "arrived", "{:?}", report_now.body);
    let by_agent = site.app.get(&format!("/appeals/{}", appeal.id("id")), &zhang).await;
    assert_eq!((by_agent.body["status"].clone(), by_agent.body["lead_id"].clone()), (json!("upheld"), json!(null)));
    let actions = site.app.audit_actions();
    for action in ["appeal.file", "appeal.decide", "lead.attribute"] {
        assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
    }
}

#[tokio::test]
async fn a_rejected_appeal_changes_nothing_and_only_a_lost_report_is_contestable() {
    let (site, _, zhang, liu, lead, report) = contested_site().await;
    let valid = site.report(&liu, "钱女士", "13912346002").await;

    let of_valid = site.app.post(&appeal_path(valid.id("id")), &liu, json!({"reason": "先申诉"})).await;
    let appeal = site.app.post(&appeal_path(report), &zhang, json!({"reason": "客户是我的"})).await;
    let rejected = site
        .app
        .post(
            &format!("/appeals/{}/decision", appeal.id("id")),
            &site.manager,
            json!({"decision": "rejected", "note": "置业顾问先登记"}),
        )
        .await;
    let reappeal = site.app.post(&appeal_path(report), &zhang, json!({"reason": "补充证据"})).await;

    assert_eq!(
        (of_valid.status, of_valid.body["code"].as_str()),
        (StatusCode::CONFLICT, Some("appeal.not_contestable"))
    );
    assert_eq!(rejected.status, StatusCode::OK, "{:?}", rejected.body);
    assert_eq!(rejected.body["status"], "rejected");
    let seen = site.app.get(&format!("/leads/{lead}"), &site.wang).await;
    assert_eq!((seen.body["channel_id"].clone(), seen.body["source_channel"].clone()), (json!(null), json!("walk_in")));
    assert_eq!(reappeal.status, StatusCode::CREATED, "a decided appeal leaves room for a new one: {:?}", reappeal.body);
}

#[tokio::test]
async fn an_expired_report_of_a_buyer_who_never_came_has_nothing_to_attribute() {
    let site = site().await;
    let channel = site.channel(&site.manager, "链家", &[site.project]).await;
    let (_, zhang) = site.agent(&site.manager, "zhang.agent", channel).await;
    let report = site.report(&zhang, "孙先生", "13912346003").await;
    site.app.lapse_report(report.id("id"));

    let appeal = site.app.post(&appeal_path(report.id("id")), &zhang, json!({"reason": "客户改期"})).await;
    let upheld = site
        .app
        .post(
            &format!("/appeals/{}/decision", appeal.id("id")),
            &site.manager,
            json!({"decision": "upheld", "note": "同意"}),
        )
        .await;

    assert_eq!(appeal.status, StatusCode::CREATED, "{:?}", appeal.body);
    assert_eq!(appeal.body["report_status"], "expired");
    assert_eq!((upheld.status, upheld.body["code"].as_str()), (StatusCode::CONFLICT, Some("appeal.no_lead")));
}

#[tokio::test]
async fn two_appeals_at_once_make_one_and_each_reader_sees_their_own() {
    let (site, _, zhang, liu, _, report) = contested_site().await;
    let (_, desk) = site.app.sign_in_new("qian.t", "receptionist", &[site.project]).await;

    let path = appeal_path(report);
    let replies = join_all((0..2).map(|_| site.app.post(&path, &zhang, json!({"reason": "客户是我的"})))).await;
    let statuses: Vec<StatusCode> = replies.iter().map(|r| r.status).collect();
    let by_zhang = site.app.get("/appeals", &zhang).await;
    let by_liu = site.app.get("/appeals", &liu).await;
    let by_manager = site.app.get(&format!("/appeals?project_id={}&status=open", site.project), &site.manager).await;
    let by_desk = site.app.get("/appeals", &desk).await;
    let liu_reads =
        site.app.get(&format!("/appeals/{}", items(&by_zhang)[0]["id"].as_str().unwrap_or_default()), &liu).await;

    assert!(statuses.contains(&StatusCode::CREATED) && statuses.contains(&StatusCode::CONFLICT), "{statuses:?}");
    assert_eq!(items(&by_zhang).len(), 1, "{:?}", by_zhang.body);
    assert_eq!(items(&by_liu).len(), 0);
    assert_eq!(items(&by_manager).len(), 1);
    assert_eq!((by_desk.status, by_desk.body["code"].as_str()), (StatusCode::FORBIDDEN, Some("appeal.forbidden")));
    assert_eq!(liu_reads.status, StatusCode::NOT_FOUND);
}
