//! Grading: the score behind each grade, events that move it, overrides, rules, preview,
//! recomputation and who may do what.

use anchang::db::Id;
use anchang::schema::lead_grades;
use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::follow_ups::contact;
use crate::helpers::Reply;
use crate::helpers::{names, site, Site};

const PRICE: i64 = 300_000_000;

impl Site {
    async fn grade(&self, token: &str, lead: Uuid) -> Reply {
        self.app.get(&format!("/leads/{lead}/grade"), token).await
    }

    async fn override_grade(&self, token: &str, lead: Uuid, body: Value) -> Reply {
        self.app.call(Method::PUT, &format!("/leads/{lead}/grade"), Some(token), Some(body)).await
    }

    async fn save_rules(&self, token: &str, rules: Value) -> Reply {
        self.app.call(Method::PUT, &format!("/projects/{}/grading-rules", self.project), Some(token), Some(rules)).await
    }

    async fn default_rules(&self) -> Value {
        self.app.get(&format!("/projects/{}/grading-rules", self.project), &self.wang).await.body["rules"].clone()
    }

    async fn causes(&self, lead: Uuid) -> Vec<String> {
        let history = self.app.get(&format!("/leads/{lead}/grade-history"), &self.wang).await;
        crate::helpers::items(&history).iter().map(|h| h["cause"].as_str().unwrap_or("").to_owned()).collect()
    }
}

#[tokio::test]
async fn a_new_lead_is_graded_and_the_grade_explains_itself() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;

    let grade = site.grade(&site.wang, lead).await;

    assert_eq!(grade.status, StatusCode::OK, "{:?}", grade.body);
    assert_eq!((grade.body["grade"].as_str(), grade.body["source"].as_str()), (Some("D"), Some("auto")));
    assert_eq!((grade.body["score"].as_f64(), grade.body["rules_version"].as_i64()), (Some(0.0), Some(0)));
    let factors: Vec<&str> =
        grade.body["components"].as_array().expect("components").iter().filter_map(|c| c["factor"].as_str()).collect();
    assert_eq!(factors.len(), 11);
    assert!(factors.contains(&"recency") && factors.contains(&"decision_maker"));
    assert_eq!(site.app.get(&format!("/leads/{lead}"), &site.wang).await.body["grade"], "D");
    assert_eq!(site.causes(lead).await, vec!["created"]);
}

#[tokio::test]
async fn contacts_and_profile_facts_raise_the_grade_as_they_happen() {
    let site = site().await;
    let mut rules = site.default_rules().await;
    rules["typical_unit_price_fen"] = json!(PRICE);
    assert_eq!(site.save_rules(&site.manager, rules).await.status, StatusCode::OK);
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;

    let visit =
        site.follow_up(&site.wang, lead, contact("visit", "customer", json!({"decision_maker_present": true}))).await;
    site.follow_up(&site.wang, lead, contact("show_flat", "customer", json!({}))).await;
    site.follow_up(&site.wang, lead, contact("phone", "customer", json!({}))).await;
    let version = site.app.get(&format!("/leads/{lead}"), &site.wang).await.body["version"].clone();
    let edited = site
        .app
        .patch(&format!("/leads/{lead}"), &site.wang, json!({"version": version, "budget_max_fen": PRICE, "down_payment_fen": PRICE / 3, "decision_cycle_days": 20}))
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    let second = site.follow_up(&site.wang, lead, contact("visit", "customer", json!({}))).await;

    assert_eq!(visit.body["lead"]["grade"], "C", "one visit with the decision maker");
    assert_eq!(second.body["lead"]["grade"], "A", "{:?}", site.grade(&site.wang, lead).await.body);
    let grade = site.grade(&site.wang, lead).await;
    assert!(grade.body["score"].as_f64().is_some_and(|s| s >= 70.0));
    let causes = site.causes(lead).await;
    assert!(causes.contains(&"follow_up".to_owned()) && causes.contains(&"created".to_owned()), "{causes:?}");
    let a_leads = names(&site.app.get("/leads?grade=A", &site.wang).await);
    assert_eq!(a_leads, vec!["王女士"]);
    assert!(site.app.audit_actions().contains(&"lead.grade_change".to_owned()));

    // A follow-up grades from the lead it locked, not a fresh read: a full regrade agrees.
    let recomputed =
        site.app.post(&format!("/projects/{}/grading/recompute", site.project), &site.manager, json!({})).await;
    assert_eq!(recomputed.body["moved"], 0, "{:?}", recomputed.body);
    let regraded = site.grade(&site.wang, lead).await;
    assert_eq!(
        (&regraded.body["score"], &regraded.body["components"]),
        (&grade.body["score"], &grade.body["components"])
    );
}

#[tokio::test]
async fn an_override_holds_until_cleared_and_lapses_at_its_time() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    let later = (chrono::Utc::now() + chrono::Duration::days(7)).to_rfc3339();
    let past = (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339();

    let no_reason = site.override_grade(&site.wang, lead, json!({"grade": "B"})).await;
    let in_past =
        site.override_grade(&site.wang, lead, json!({"grade": "B", "reason": "老客户介绍", "until": past})).await;
    let set = site.override_grade(&site.wang, lead, json!({"grade": "B", "reason": "老客户介绍，有购买力"})).await;
    let listed_b = names(&site.app.get("/leads?grade=B", &site.wang).await);
    let cleared = site.app.delete(&format!("/leads/{lead}/grade/override"), &site.manager).await;
    let cleared_again = site.app.delete(&format!("/leads/{lead}/grade/override"), &site.manager).await;
    let after_clear = site.grade(&site.wang, lead).await;

    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(in_past.body["errors"][0]["field"], "until");
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    assert_eq!(
        (set.body["grade"].as_str(), set.body["auto_grade"].as_str(), set.body["source"].as_str()),
        (Some("B"), Some("D"), Some("manual"))
    );
    assert_eq!(set.body["override"]["reason"], "老客户介绍，有购买力");
    assert_eq!(listed_b, vec!["王女士"]);
    assert_eq!(cleared.status, StatusCode::NO_CONTENT);
    assert_eq!((cleared_again.status, cleared_again.code()), (StatusCode::NOT_FOUND, "grade.no_override"));
    assert_eq!(after_clear.body["grade"], "D");
    assert_eq!(site.causes(lead).await, vec!["override", "override", "created"]);

    let timed =
        site.override_grade(&site.manager, lead, json!({"grade": "A", "reason": "本周签约", "until": later})).await;
    assert_eq!(timed.body["grade"], "A");
    // Every manual change keeps its own reason and expiry in the history, however many follow.
    let history = site.app.get(&format!("/leads/{lead}/grade-history"), &site.wang).await;
    let manual: Vec<&Value> = crate::helpers::items(&history).iter().filter(|c| c["source"] == "manual").collect();
    assert_eq!(manual.len(), 2, "{:?}", history.body);
    assert_eq!(
        (manual[0]["override_reason"].as_str(), manual[0]["grade_after"].as_str()),
        (Some("本周签约"), Some("A"))
    );
    assert!(manual[0]["override_until"].is_string());
    assert_eq!(manual[1]["override_reason"], "老客户介绍，有购买力");
    assert!(manual[1]["override_until"].is_null(), "until cleared");
    let mut pooled = site.app.db();
    diesel::update(lead_grades::table.filter(lead_grades::lead_id.eq(Id(lead))))
        .set(lead_grades::override_until.eq(Some(anchang::db::now() - chrono::Duration::minutes(1))))
        .execute(&mut pooled.conn)
        .expect("lapsed");
    let lapsed = site.grade(&site.wang, lead).await;
    assert_eq!((lapsed.body["grade"].as_str(), lapsed.body["source"].as_str()), (Some("D"), Some("auto")));
    let recomputed =
        site.app.post(&format!("/projects/{}/grading/recompute", site.project), &site.manager, json!({})).await;
    assert_eq!(recomputed.body["moved"], 1);
    assert_eq!(site.app.get(&format!("/leads/{lead}"), &site.wang).await.body["grade"], "D");
}

#[tokio::test]
async fn a_preview_changes_nothing_and_recomputing_twice_moves_nothing_the_second_time() {
    let site = site().await;
    let walk_in = site.lead(&site.wang, "到访", "13800000001").await;
    site.follow_up(&site.wang, walk_in, contact("visit", "customer", json!({}))).await;
    site.lead(&site.wang, "新登记", "13800000002").await;
    let mut lenient = site.default_rules().await;
    lenient["thresholds"] = json!({"a": 20, "b": 10, "c": 5});
    let events_before = site.app.audit_actions().len();

    let preview = site
        .app
        .post(&format!("/projects/{}/grading-rules/preview", site.project), &site.manager, json!({"rules": lenient}))
        .await;

    assert_eq!(preview.status, StatusCode::OK, "{:?}", preview.body);
    assert_eq!(preview.body["total"], 2);
    assert_eq!(preview.body["current"], json!({"A": 0, "B": 0, "C": 1, "D": 1}));
    assert_eq!(preview.body["proposed"], json!({"A": 1, "B": 0, "C": 0, "D": 1}));
    assert_eq!(preview.body["moves"], json!([{"from": "C", "to": "A", "count": 1}]));
    assert_eq!(site.app.audit_actions().len(), events_before, "nothing written");
    assert_eq!(site.grade(&site.wang, walk_in).await.body["grade"], "C");

    let path = format!("/projects/{}/grading/recompute", site.project);
    let first = site.app.post(&path, &site.manager, json!({})).await;
    let second = site.app.post(&path, &site.manager, json!({})).await;
    assert_eq!((first.body["checked"].as_i64(), second.body["moved"].as_i64()), (Some(2), Some(0)));

    let saved = site.save_rules(&site.manager, lenient).await;
    assert_eq!((saved.body["version"].as_i64(), saved.body["recompute"]["moved"].as_i64()), (Some(1), Some(1)));
    assert_eq!(site.grade(&site.wang, walk_in).await.body["rules_version"], 1);
    assert_eq!(site.causes(walk_in).await[0], "rules_change");
}

#[tokio::test]
async fn rules_are_checked_and_versioned() {
    let site = site().await;
    let mut lopsided = site.default_rules().await;
    lopsided["weights"]["visits"] = json!(50);
    let mut falling = site.default_rules().await;
    falling["thresholds"] = json!({"a": 40, "b": 50, "c": 25});
    let good = site.default_rules().await;

    let refused = site.save_rules(&site.manager, lopsided).await;
    let unordered = site.save_rules(&site.manager, falling).await;
    site.save_rules(&site.manager, good.clone()).await;
    let second = site.save_rules(&site.manager, good).await;

    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["errors"][0]["field"], "weights");
    assert_eq!(unordered.body["errors"][0]["field"], "thresholds");
    assert_eq!(second.body["version"], 2);
    assert_eq!(site.app.get(&format!("/projects/{}/grading-rules", site.project), &site.li).await.body["version"], 2);
    assert!(site.app.audit_actions().contains(&"grading.rules_save".to_owned()));
}

#[tokio::test]
async fn salespeople_grade_only_their_own_leads_and_never_the_rules() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    let other = site.app.create_project(&site.admin, "西溪花园").await;
    let (_, stranger) = site.app.sign_in_new("chen.m", "manager", &[other]).await;
    let rules = site.default_rules().await;
    let project = site.project;

    let colleague_override = site.override_grade(&site.li, lead, json!({"grade": "A", "reason": "我来跟"})).await;
    let colleague_reads = site.grade(&site.li, lead).await;
    let colleague_history = site.app.get(&format!("/leads/{lead}/grade-history"), &site.li).await;
    let sales_rules = site.save_rules(&site.wang, rules.clone()).await;
    let sales_preview =
        site.app.post(&format!("/projects/{project}/grading-rules/preview"), &site.wang, json!({"rules": rules})).await;
    let sales_recompute = site.app.post(&format!("/projects/{project}/grading/recompute"), &site.wang, json!({})).await;
    let stranger_rules = site.app.get(&format!("/projects/{project}/grading-rules"), &stranger).await;

    for reply in [&colleague_override, &colleague_reads, &colleague_history] {
        assert_eq!((reply.status, reply.code()), (StatusCode::NOT_FOUND, "lead.not_found"));
    }
    for reply in [&sales_rules, &sales_preview, &sales_recompute] {
        assert_eq!((reply.status, reply.code()), (StatusCode::FORBIDDEN, "project.manager_only"));
    }
    assert_eq!(stranger_rules.status, StatusCode::NOT_FOUND);
    assert_eq!(site.grade(&site.wang, lead).await.body["source"], "auto");
}

#[tokio::test]
async fn the_nightly_regrade_runs_from_the_command_line() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    site.follow_up(&site.wang, lead, contact("visit", "customer", json!({}))).await;

    let (ok, out) = site.app.cli(&["regrade", "--project", &site.project.to_string()]);
    let (missing_ok, _) = site.app.cli(&["regrade", "--project", &Uuid::now_v7().to_string()]);

    assert!(ok, "{out}");
    let line: Value = serde_json::from_str(out.lines().next().unwrap_or("")).unwrap_or(Value::Null);
    assert_eq!((line["checked"].as_i64(), line["moved"].as_i64()), (Some(1), Some(0)), "{out}");
    assert!(!missing_ok, "an unknown project fails");
}

#[tokio::test]
async fn a_follow_up_regrades_under_the_latest_saved_rules() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800000001").await;
    let mut strict = site.default_rules().await;
    strict["thresholds"] = json!({"a": 95, "b": 90, "c": 85});
    let mut lenient = site.default_rules().await;
    lenient["thresholds"] = json!({"a": 20, "b": 10, "c": 5});
    assert_eq!(site.save_rules(&site.manager, strict).await.body["version"], 1);
    assert_eq!(site.save_rules(&site.manager, lenient).await.body["version"], 2);

    let recorded = site.follow_up(&site.wang, lead, contact("visit", "customer", json!({}))).await;

    assert_eq!(recorded.status, StatusCode::CREATED, "{:?}", recorded.body);
    let grade = site.grade(&site.wang, lead).await;
    assert_eq!((grade.body["rules_version"].as_i64(), grade.body["grade"].as_str()), (Some(2), Some("A")));
    assert_eq!(recorded.body["lead"]["grade"], "A", "the write answers the grade it gave");
}

#[tokio::test]
async fn a_busy_buyers_contacts_are_counted_in_full_where_the_grade_keeps_them() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800000001").await;
    let mut rules = site.default_rules().await;
    rules["frequency_for_full"] = json!(2);
    assert_eq!(site.save_rules(&site.manager, rules).await.status, StatusCode::OK);
    let frequency = |grade: &Reply| {
        grade.body["components"]
            .as_array()
            .and_then(|all| all.iter().find(|c| c["factor"] == "frequency"))
            .map(|c| (c["value"].as_f64(), c["points"].as_f64()))
    };

    for _ in 0..3 {
        let sent = site.follow_up(&site.wang, lead, contact("wechat", "salesperson", json!({}))).await;
        assert_eq!(sent.status, StatusCode::CREATED, "{:?}", sent.body);
    }
    let saturated = site.grade(&site.wang, lead).await;
    let visited = site.follow_up(&site.wang, lead, contact("visit", "customer", json!({}))).await;
    let regraded = site.grade(&site.wang, lead).await;

    // The third contact moved no score (frequency was full at two), so the row kept what the
    // second wrote; the visit moved it, and the row then counted all four contacts.
    let (_, full) = frequency(&saturated).expect("a frequency component");
    assert_eq!(frequency(&saturated).map(|f| f.0), Some(Some(2.0)));
    assert_eq!(visited.status, StatusCode::CREATED, "{:?}", visited.body);
    assert_eq!(frequency(&regraded), Some((Some(4.0), full)), "{:?}", regraded.body);
    assert!(regraded.body["score"].as_f64() > saturated.body["score"].as_f64());
}
