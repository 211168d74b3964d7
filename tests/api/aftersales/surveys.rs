//! Satisfaction surveys: templates attached to touchpoints, single-use links the buyer
//! answers without an account (once, before they expire, seeing nothing about themselves),
//! and the NPS the director reads.

use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{items, site, site_with, Reply, Site};

fn questions() -> Value {
    json!([
        {"key": "nps", "kind": "nps", "text": "您有多大可能向亲友推荐本项目？"},
        {"key": "service", "kind": "rating", "text": "置业顾问的服务"},
        {"key": "comment", "kind": "text", "text": "还有什么想告诉我们？"}
    ])
}

async fn template(site: &Site, touchpoints: &[&str]) -> Uuid {
    let body = json!({"name": format!("满意度-{}", touchpoints.join("-")), "touchpoints": touchpoints, "questions": questions()});
    let made = site.app.post(&format!("/projects/{}/survey-templates", site.project), &site.manager, body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
    made.id("id")
}

async fn invite(site: &Site, token: &str, lead: Uuid, template: Uuid, touchpoint: &str) -> Reply {
    let body = json!({"template_id": template, "touchpoint": touchpoint});
    site.app.post(&format!("/leads/{lead}/survey-invitations"), token, body).await
}

/// The link's path under the API (`link` is the public base URL + this).
fn public_path(invitation: &Reply) -> String {
    format!("/public/surveys/{}", invitation.body["token"].as_str().expect("a token"))
}

async fn public_get(site: &Site, path: &str) -> Reply {
    crate::helpers::reply(site.app.client.get(site.app.api(path)).send().await.expect("sent")).await
}

async fn public_post(site: &Site, path: &str, body: Value) -> Reply {
    crate::helpers::reply(site.app.client.post(site.app.api(path)).json(&body).send().await.expect("sent")).await
}

#[tokio::test]
async fn a_buyer_answers_a_link_once_and_sees_nothing_about_themselves() {
    let site = site_with(&[("ANCHANG_PUBLIC_BASE_URL", "https://survey.example.cn")]).await;
    let lead = site.lead(&site.wang, "赵先生", "13800009101").await;
    let signing = template(&site, &["signing", "delivery"]).await;

    let wrong_touchpoint = invite(&site, &site.wang, lead, signing, "visit").await;
    let by_li = invite(&site, &site.li, lead, signing, "signing").await;
    let invited = invite(&site, &site.wang, lead, signing, "signing").await;
    assert_eq!(wrong_touchpoint.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(by_li.status, StatusCode::NOT_FOUND, "another salesperson's buyer");
    assert_eq!(invited.status, StatusCode::CREATED, "{:?}", invited.body);
    let token = invited.body["token"].as_str().expect("a token").to_owned();
    assert!(token.len() >= 43, "256 random bits");
    assert_eq!(invited.body["link"], format!("https://survey.example.cn/api/v1/public/surveys/{token}"));

    let path = public_path(&invited);
    let shown = public_get(&site, &path).await;
    assert_eq!(shown.status, StatusCode::OK, "no account needed: {:?}", shown.body);
    assert_eq!(
        (shown.body["project_name"].as_str(), shown.body["touchpoint"].as_str()),
        (Some("滨江壹号"), Some("signing"))
    );
    let text = shown.body.to_string();
    for secret in ["赵先生", "13800009101", "wang", &lead.to_string()] {
        assert!(!text.contains(secret), "{secret} leaks into {text}");
    }
    let unknown = public_get(&site, "/public/surveys/not-a-token-this-api-gave-out").await;
    assert_eq!((unknown.status, unknown.code()), (StatusCode::NOT_FOUND, "survey.not_found"));

    let missing = public_post(&site, &path, json!({"answers": {"service": 5}})).await;
    let out_of_range = public_post(&site, &path, json!({"answers": {"nps": 11, "service": 5}})).await;
    assert_eq!(
        (missing.status, missing.body["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("answers.nps"))
    );
    assert_eq!(out_of_range.status, StatusCode::UNPROCESSABLE_ENTITY);
    let answers = json!({"answers": {"nps": 9, "service": 5, "comment": "顾问很专业"}});
    let at_once = join_all((0..4).map(|_| public_post(&site, &path, answers.clone()))).await;
    let kept = at_once.iter().filter(|r| r.status == StatusCode::OK).count();
    let refused =
        at_once.iter().filter(|r| r.status == StatusCode::CONFLICT && r.code() == "survey.already_answered").count();
    assert_eq!((kept, refused), (1, 3), "one answer per link, decided by the database");
    assert_eq!(public_get(&site, &path).await.code(), "survey.already_answered");
    assert!(site.app.audit_actions().iter().any(|a| a == "survey.answer"));
}

#[tokio::test]
async fn an_expired_link_is_gone() {
    let site = site().await;
    let lead = site.lead(&site.wang, "钱女士", "13800009102").await;
    let visit = template(&site, &["visit"]).await;
    let invited = invite(&site, &site.wang, lead, visit, "visit").await;
    {
        use anchang::schema::survey_invitations;
        use diesel::prelude::*;
        let past = anchang::db::now() - chrono::Duration::minutes(1);
        diesel::update(survey_invitations::table.filter(survey_invitations::id.eq(anchang::db::Id(invited.id("id")))))
            .set(survey_invitations::expires_at.eq(past))
            .execute(&mut site.app.db().conn)
            .expect("the link lapsed");
    }
    let path = public_path(&invited);
    let shown = public_get(&site, &path).await;
    let answered = public_post(&site, &path, json!({"answers": {"nps": 10, "service": 5}})).await;
    assert_eq!((shown.status, shown.code()), (StatusCode::GONE, "survey.expired"));
    assert_eq!((answered.status, answered.code()), (StatusCode::GONE, "survey.expired"));
}

#[tokio::test]
async fn the_public_link_is_rate_limited_per_address() {
    let site = site_with(&[("ANCHANG_PUBLIC_RATE_LIMIT_PER_SEC", "1"), ("ANCHANG_PUBLIC_RATE_LIMIT_BURST", "3")]).await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(public_get(&site, "/public/surveys/guessing-a-token").await.status);
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::NOT_FOUND).count(), 3, "{statuses:?}");
    assert!(statuses.contains(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
}

#[tokio::test]
async fn templates_are_the_managers_and_well_formed() {
    let site = site().await;
    let path = format!("/projects/{}/survey-templates", site.project);
    let by_sales = site
        .app
        .post(&path, &site.wang, json!({"name": "a", "touchpoints": ["visit"], "questions": questions()}))
        .await;
    let two_nps = json!([{"key": "a", "kind": "nps", "text": "推荐？"}, {"key": "b", "kind": "nps", "text": "再问？"}]);
    let doubled =
        site.app.post(&path, &site.manager, json!({"name": "b", "touchpoints": ["visit"], "questions": two_nps})).await;
    let made = template(&site, &["visit"]).await;
    let again = site
        .app
        .post(&path, &site.manager, json!({"name": "满意度-visit", "touchpoints": ["visit"], "questions": questions()}))
        .await;
    let listed = site.app.get(&path, &site.wang).await;

    assert_eq!(by_sales.status, StatusCode::FORBIDDEN);
    assert_eq!(doubled.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", doubled.body);
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "survey.template_name_taken"));
    assert_eq!(items(&listed).iter().map(|t| t["id"].clone()).collect::<Vec<_>>(), vec![json!(made)]);
}

/// Answers a fresh invitation of `lead` with this NPS and service rating.
async fn answered(site: &Site, lead: Uuid, template: Uuid, touchpoint: &str, nps: i64, service: i64) {
    let owner = if lead_is_lis(site, lead).await { site.li.clone() } else { site.wang.clone() };
    let invited = invite(site, &owner, lead, template, touchpoint).await;
    assert_eq!(invited.status, StatusCode::CREATED, "{:?}", invited.body);
    let done = public_post(site, &public_path(&invited), json!({"answers": {"nps": nps, "service": service}})).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
}

async fn lead_is_lis(site: &Site, lead: Uuid) -> bool {
    site.app.get(&format!("/leads/{lead}"), &site.li).await.status == StatusCode::OK
}

#[tokio::test]
async fn nps_is_counted_over_the_invitations_of_the_range() {
    let site = site_with(&[("ANCHANG_RATE_LIMIT_PER_SEC", "0"), ("ANCHANG_PUBLIC_RATE_LIMIT_PER_SEC", "0")]).await;
    let signing = template(&site, &["signing", "visit"]).await;
    let wangs = site.lead(&site.wang, "甲", "13800009103").await;
    let lis = site.lead(&site.li, "乙", "13800009104").await;
    // Ten signing answers: five promoters (10, 10, 9, 9, 10), two passives (8, 7), three
    // detractors (6, 3, 0) — NPS 50 % − 30 % = 20.
    for (i, nps) in [10, 10, 9, 9, 8, 7, 6, 3, 0, 10].into_iter().enumerate() {
        let lead = if i < 6 { wangs } else { lis };
        answered(&site, lead, signing, "signing", nps, if nps >= 9 { 5 } else { 3 }).await;
    }
    answered(&site, wangs, signing, "visit", 10, 4).await;
    let unanswered = invite(&site, &site.wang, wangs, signing, "visit").await;
    assert_eq!(unanswered.status, StatusCode::CREATED);

    let path = format!("/projects/{}/analytics/satisfaction", site.project);
    let report = site.app.get(&path, &site.manager).await;
    let signing_only = site.app.get(&format!("{path}?touchpoint=signing"), &site.manager).await;
    let li = site.app.get(&path, &site.li).await;
    let csv = site.app.get(&format!("{path}?format=csv"), &site.manager).await;

    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    let total = &report.body["total"];
    assert_eq!(
        (total["invitations"].as_i64(), total["responses"].as_i64(), total["nps"].as_f64()),
        (Some(12), Some(11), Some(27.3)),
        "six promoters, two passives, three detractors of eleven: {total:#}"
    );
    let signed = &signing_only.body["total"];
    assert_eq!(
        (
            signed["promoters"].as_i64(),
            signed["passives"].as_i64(),
            signed["detractors"].as_i64(),
            signed["nps"].as_f64()
        ),
        (Some(5), Some(2), Some(3), Some(20.0))
    );
    assert_eq!(signed["response_rate"], 1.0);
    assert_eq!(signed["ratings"], json!([{"key": "service", "average": 4.0, "answers": 10}]), "(5×5 + 5×3) ÷ 10");
    let visit = report.body["by_touchpoint"].as_array().and_then(|r| r.iter().find(|r| r["key"] == "visit")).cloned();
    assert_eq!(visit.map(|v| v["figures"]["response_rate"].clone()), Some(json!(0.5)));
    assert_eq!((li.body["own_only"].as_bool(), li.body["total"]["responses"].as_i64()), (Some(true), Some(4)));
    assert_eq!(li.body["total"]["nps"], -50.0, "李娜's buyers answered 6, 3, 0 and 10");
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
}
