//! The HTTP conventions a generated client relies on: the mini-program's PATCH, conditional
//! GETs and HEAD, compression, CORS, Chinese problems, the error-code list, text that
//! refuses control characters, limits from the spec, and every 201's `Location`.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::site;
use crate::helpers::{reply, spawn_app_with};

#[tokio::test]
async fn the_mini_program_edits_with_post_and_the_override_and_a_retry_is_replayed() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    let send = |key: &'static str, override_header: bool| {
        let mut request = site
            .app
            .client
            .post(site.app.api(&format!("/leads/{lead}")))
            .bearer_auth(&site.wang)
            .header("Idempotency-Key", key)
            .json(&json!({"version": 1, "occupation": "教师"}));
        if override_header {
            request = request.header("X-HTTP-Method-Override", "PATCH");
        }
        async move { reply(request.send().await.expect("sent")).await }
    };

    let edited = send("edit-1", true).await;
    let retried = send("edit-1", true).await;
    let forgotten = send("edit-2", false).await;

    assert_eq!(edited.status, StatusCode::OK, "{:?}", edited.body);
    assert_eq!(edited.body["version"], 2);
    assert_eq!((retried.status, retried.header("idempotent-replayed")), (StatusCode::OK, Some("true")));
    assert_eq!(retried.body["version"], 2, "the retry changed nothing");
    assert_eq!((forgotten.status, forgotten.code()), (StatusCode::BAD_REQUEST, "request.method_override_required"));
}

#[tokio::test]
async fn a_polled_get_carries_an_etag_answers_304_and_head_has_no_body() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    let url = site.app.api(&format!("/leads/{lead}"));
    let get = |tag: Option<String>| {
        let mut request = site.app.client.get(&url).bearer_auth(&site.wang);
        if let Some(tag) = tag {
            request = request.header("If-None-Match", tag);
        }
        request.send()
    };

    let first = get(None).await.expect("sent");
    let tag = first.headers().get("etag").and_then(|v| v.to_str().ok()).map(str::to_owned).expect("an ETag");
    let again = get(Some(tag.clone())).await.expect("sent");
    site.app.patch(&format!("/leads/{lead}"), &site.wang, json!({"version": 1, "occupation": "医生"})).await;
    let changed = get(Some(tag.clone())).await.expect("sent");
    let head = site.app.client.head(&url).bearer_auth(&site.wang).send().await.expect("sent");
    let head_length = head.headers().get("content-length").cloned();
    let head_body = head.bytes().await.expect("body");

    assert!(tag.starts_with("W/\""), "{tag}");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.bytes().await.expect("body").len(), 0);
    assert_eq!(changed.status(), StatusCode::OK, "a change gives a new tag");
    assert_ne!(changed.headers().get("etag").and_then(|v| v.to_str().ok()), Some(tag.as_str()));
    assert!(head_body.is_empty(), "HEAD sends no body");
    assert!(head_length.is_some_and(|l| l != "0"), "HEAD tells the GET's length");
}

#[tokio::test]
async fn answers_are_compressed_only_when_the_client_asks() {
    let site = site().await;
    let url = site.app.api("/leads?limit=100");
    for n in 0..5 {
        site.lead(&site.wang, &format!("客户{n}"), &format!("1380013800{n}")).await;
    }
    let ask = |encoding: &'static str| {
        site.app.client.get(&url).bearer_auth(&site.wang).header("Accept-Encoding", encoding).send()
    };

    let gzip = ask("gzip").await.expect("sent");
    let brotli = ask("br").await.expect("sent");
    let plain = ask("identity").await.expect("sent");

    assert_eq!(gzip.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("gzip"));
    assert_eq!(&gzip.bytes().await.expect("body")[..2], &[0x1f, 0x8b], "gzip magic");
    assert_eq!(brotli.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("br"));
    assert!(plain.headers().get("content-encoding").is_none());
    let body: Value = plain.json().await.expect("plain JSON");
    assert_eq!(body["items"].as_array().map(Vec::len), Some(5));
}

#[tokio::test]
async fn browsers_may_call_only_from_the_allowed_origins() {
    let app = spawn_app_with(&[("ANCHANG_CORS_ORIGINS", "https://h5.example.com")]).await;
    let preflight = |origin: &'static str| {
        app.client
            .request(Method::OPTIONS, app.api("/leads"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization, content-type, idempotency-key")
            .send()
    };

    let allowed = preflight("https://h5.example.com").await.expect("sent");
    let stranger = preflight("https://evil.example.com").await.expect("sent");
    let simple = app.client.get(app.api("/error-codes")).header("Origin", "https://h5.example.com").send().await;

    let allow_origin = |r: &reqwest::Response| {
        r.headers().get("access-control-allow-origin").and_then(|v| v.to_str().ok()).map(str::to_owned)
    };
    assert!(allowed.status().is_success(), "{}", allowed.status());
    assert_eq!(allow_origin(&allowed).as_deref(), Some("https://h5.example.com"));
    assert_eq!(allow_origin(&stranger), None);
    let simple = simple.expect("sent");
    assert_eq!(allow_origin(&simple).as_deref(), Some("https://h5.example.com"));
    let exposed = simple.headers().get("access-control-expose-headers").and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(exposed.to_ascii_lowercase().contains("etag"), "{exposed}");
}

#[tokio::test]
async fn chinese_callers_get_chinese_problems_and_the_code_list_is_public() {
    let site = site().await;
    let other = site.lead(&site.li, "李先生", "13900139000").await;
    let lost = site
        .app
        .client
        .get(site.app.api(&format!("/leads/{other}")))
        .bearer_auth(&site.wang)
        .header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5")
        .send()
        .await
        .expect("sent");
    assert_eq!(lost.headers().get("content-language").and_then(|v| v.to_str().ok()), Some("zh-CN"));
    let problem = reply(lost).await;
    let english = site.app.get(&format!("/leads/{other}"), &site.wang).await;
    let codes = site.app.call(Method::GET, "/error-codes", None, None).await;

    assert_eq!((problem.status, problem.code()), (StatusCode::NOT_FOUND, "lead.not_found"));
    assert_eq!(problem.body["title"], "未找到");
    assert!(problem.body["detail"].as_str().is_some_and(|d| !d.is_ascii()), "{:?}", problem.body);
    assert_eq!(english.body["title"], "Not Found");
    assert_eq!(codes.status, StatusCode::OK);
    let listed = codes.body.as_array().expect("a list");
    let duplicate = listed.iter().find(|c| c["code"] == "lead.duplicate_phone").expect("listed");
    assert_eq!(duplicate["status"], 409);
    assert!(duplicate["zh"].as_str().is_some_and(|m| !m.is_empty()));
}

#[tokio::test]
async fn control_characters_are_refused_in_any_text_and_trailing_data_is_malformed() {
    let site = site().await;
    let app = &site.app;
    let nul_login =
        app.call(Method::POST, "/auth/login", None, Some(json!({"username": "admin\u{0}", "password": "x"}))).await;
    let nul_lead = site.register(&site.wang, "王\u{0}女士", "13800138000", json!({"occupation": "ok\n\tfine"})).await;
    let escape = site.register(&site.wang, "王女士", "13800138000", json!({"occupation": "\u{1b}[31m"})).await;
    let nul_query = app.get("/leads?q=%00", &site.wang).await;
    let trailing = app
        .client
        .post(app.api("/leads"))
        .bearer_auth(&site.wang)
        .header("content-type", "application/json")
        .body(
            json!({"project_id": site.project, "name": "王女士", "phone": "13800138000", "source_channel": "walk_in"})
                .to_string()
                + "garbage",
        )
        .send()
        .await
        .expect("sent");
    let trailing = reply(trailing).await;
    let fields = |r: &crate::helpers::Reply| -> Vec<String> {
        r.body["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["field"].as_str().map(str::to_owned))
            .collect()
    };

    assert_eq!(nul_login.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", nul_login.body);
    assert_eq!(fields(&nul_login), vec!["username"]);
    assert_eq!((nul_lead.status, fields(&nul_lead)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["name".to_owned()]));
    assert_eq!(fields(&escape), vec!["occupation"]);
    assert_eq!((nul_query.status, fields(&nul_query)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["q".to_owned()]));
    assert_eq!((trailing.status, trailing.code()), (StatusCode::BAD_REQUEST, "request.malformed_json"));
    let count = app.get("/leads", &site.wang).await;
    assert_eq!(count.body["items"].as_array().map(Vec::len), Some(0), "nothing was stored");
}

#[tokio::test]
async fn the_published_limits_are_the_enforced_ones_and_integral_numbers_are_integers() {
    let site = site().await;
    let long_name = "王".repeat(65);
    let too_long = site.register(&site.wang, &long_name, "13800138000", json!({})).await;
    let just_fits =
        site.register(&site.wang, &"王".repeat(64), "13800138001", json!({"budget_max_fen": 300000000.0})).await;
    let fraction = site.register(&site.wang, "李先生", "13800138002", json!({"budget_max_fen": 1.5})).await;
    let page_zero = site.app.get("/leads?limit=0", &site.wang).await;
    let page_over = site.app.get("/leads?limit=101", &site.wang).await;
    let page_max = site.app.get("/leads?limit=100", &site.wang).await;
    // Large enough that a best-effort float parser lands a quarter off (a fuzzer found it).
    let opening = json!({"state": "closed", "mode": "ordered", "max_units_per_lead": 14,
                         "requires_subscription": false, "called_up_to": 1925262076065411.0_f64});
    let path = format!("/projects/{}/opening", site.project);
    let large = site.app.call(reqwest::Method::PUT, &path, Some(&site.manager), Some(opening)).await;

    let spec = anchang::openapi::document();
    let name = &spec["components"]["schemas"]["CreateLeadRequest"]["properties"]["name"];
    assert_eq!((name["minLength"].as_u64(), name["maxLength"].as_u64()), (Some(1), Some(64)));
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(too_long.body["errors"][0], json!({"field": "name", "message": "must be 1 to 64 characters"}));
    assert_eq!(just_fits.status, StatusCode::CREATED, "{:?}", just_fits.body);
    assert_eq!(just_fits.body["budget_max_fen"], 300000000);
    assert_eq!(fraction.body["errors"][0]["field"], "budget_max_fen");
    assert_eq!(page_zero.body["errors"][0]["field"], "limit");
    assert_eq!(page_over.body["errors"][0]["field"], "limit");
    assert_eq!(page_max.status, StatusCode::OK);
    assert_eq!(
        (large.status, large.body["called_up_to"].as_i64()),
        (StatusCode::OK, Some(1925262076065411)),
        "{:?}",
        large.body
    );
}

#[tokio::test]
async fn every_new_follow_up_and_objection_location_answers_get_for_its_readers_only() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    let recorded =
        site.follow_up(&site.wang, lead, crate::follow_ups::contact("phone", "salesperson", json!({}))).await;
    let entry = json!({"category": "price", "objection": "价格太高", "answer": "周边均价高 8%"});
    let written = site.app.post(&format!("/projects/{}/objections", site.project), &site.manager, entry).await;

    for (created, reader, stranger) in [(&recorded, &site.wang, Some(&site.li)), (&written, &site.li, None)] {
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
        let location = created.header("location").expect("Location");
        let path = location.trim_start_matches("/api/v1");
        let read = site.app.get(path, reader).await;
        assert_eq!((read.status, &read.body["id"]), (StatusCode::OK, &created.body["id"]));
        if let Some(stranger) = stranger {
            assert_eq!(site.app.get(path, stranger).await.status, StatusCode::NOT_FOUND);
        }
    }
}

#[tokio::test]
async fn the_lead_screen_comes_in_one_request_with_each_part_under_its_own_rules() {
    let site = site().await;
    let lead = site.lead(&site.wang, "王女士", "13800138000").await;
    for n in 0..6 {
        let at = (chrono::Utc::now() - chrono::Duration::hours(10 - n)).to_rfc3339();
        let body = crate::follow_ups::contact(
            "phone",
            "salesperson",
            json!({"happened_at": at, "content": format!("第{n}次")}),
        );
        assert_eq!(site.follow_up(&site.wang, lead, body).await.status, StatusCode::CREATED);
    }
    let deposit = json!({"deposit_fen": 5_000_000, "paid_at": "2026-11-20T02:00:00Z", "receipt_no": "RC-SCREEN"});
    assert_eq!(
        site.app.post(&format!("/leads/{lead}/subscriptions"), &site.wang, deposit).await.status,
        StatusCode::CREATED
    );

    let path = format!("/leads/{lead}?include=follow_ups,grade,intents,subscription,deals");
    let screen = site.app.get(&path, &site.wang).await;
    let plain = site.app.get(&format!("/leads/{lead}"), &site.wang).await;
    let by_colleague = site.app.get(&path, &site.li).await;
    let unknown = site.app.get(&format!("/leads/{lead}?include=payments"), &site.wang).await;

    assert_eq!(screen.status, StatusCode::OK, "{:?}", screen.body);
    assert_eq!(screen.body["id"], plain.body["id"]);
    assert_eq!(screen.body["phone"], "13800138000");
    let follow_ups = screen.body["follow_ups"].as_array().expect("follow-ups");
    assert_eq!(follow_ups.len(), 5, "the latest five");
    assert_eq!(follow_ups[0]["content"], "第5次", "newest first");
    assert!(screen.body["grade_detail"]["grade"].is_string() && screen.body["grade_detail"]["components"].is_array());
    assert!(!screen.body["grade"].is_object(), "the lead's own grade stays the letter");
    assert_eq!(screen.body["intents"], json!([]));
    assert_eq!(screen.body["subscription"]["queue_no"], 1);
    assert_eq!(screen.body["deals"], json!([]), "asked for, none yet");
    assert!(plain.body.get("follow_ups").is_none(), "parts come only when asked for");
    assert_eq!(by_colleague.status, StatusCode::NOT_FOUND);
    assert_eq!(
        (unknown.status, unknown.body["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("include"))
    );
}

#[tokio::test]
async fn the_docs_ui_can_be_switched_off_and_the_spec_stays() {
    let app = spawn_app_with(&[("ANCHANG_DOCS", "false")]).await;
    let docs = app.client.get(format!("{}/docs/", app.address)).send().await.expect("sent");
    let spec = app.client.get(app.api("/openapi.json")).send().await.expect("sent");
    let default = crate::helpers::spawn_app().await;
    let docs_in_development = default.client.get(format!("{}/docs/", default.address)).send().await.expect("sent");

    assert_eq!(docs.status(), StatusCode::NOT_FOUND);
    assert_eq!(spec.status(), StatusCode::OK);
    let served: Value = spec.json().await.expect("JSON");
    assert_eq!(served, anchang::openapi::document(), "the served spec is the generated one");
    assert_eq!(docs_in_development.status(), StatusCode::OK);
}
