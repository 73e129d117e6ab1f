//! `/api/v1/scenarios*` over HTTP against the real router on port 0, the reading side:
//! figures as `/api/v1/plan` computes them, random ids and tokens, revisions, repricing.
//! The writes that must be refused are in `scenario_writes`.

use std::collections::HashSet;

use reqwest::Method;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::common::scenarios::*;
use crate::common::{app, spawn};

#[tokio::test]
async fn a_created_scenario_reopens_with_the_figures_of_the_plan_endpoint() {
    let app = app(None).await;
    let (status, created) = app
        .post_json(
            "/api/v1/scenarios",
            &json!({ "scenario": example(), "price_table": null }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap();
    assert_eq!(created["revision"], json!(1));
    assert_eq!(created["share_path"], json!(format!("/s/{id}")));
    let (status, view) = app.get_json(&format!("/api/v1/scenarios/{id}")).await;
    assert_eq!(status, 200, "{view}");
    assert!(
        view["result"] == plan(&app, &example()).await,
        "stored and posted figures differ"
    );
    // The input comes back as typed (absent keys as null), not in its validated form.
    let typed: tco::ScenarioInput = serde_json::from_str(WORKED_EXAMPLE).unwrap();
    assert_eq!(view["scenario"], serde_json::to_value(&typed).unwrap());
    assert_eq!(view["name"], json!("worked example"));
    assert_eq!(view["revision"], json!(1));
    assert_eq!(view["latest_revision"], json!(1));
    assert_eq!(view["forked_from"], Value::Null);
    assert_eq!(view["newer_price_table"], Value::Null);
    assert_eq!(view["price_table"], view["priced_with"]);
    assert_eq!(view["price_table"]["id"], created["price_table_id"]);
    assert!(view["price_table"]["label"]
        .as_str()
        .unwrap()
        .contains("1.109.1"));
    assert_eq!(view["price_table"]["as_of"], json!("2026-11-22"));
    let basis = view["basis"].as_str().unwrap();
    assert!(
        basis.starts_with("Recomputed from the stored inputs of revision 1 with price table")
            && basis.contains("1.109.1"),
        "{basis}"
    );
}

#[tokio::test]
async fn ids_and_tokens_are_random_and_only_the_tokens_hash_is_stored() {
    let app = app(None).await;
    let mut ids = HashSet::new();
    let mut tokens = HashSet::new();
    let db = pool(&app).await;
    for _ in 0..6 {
        let (id, token) = create(&app, &example()).await;
        assert!(is_hex(&id, 32), "{id}");
        assert!(is_hex(&token, 64), "{token}");
        let stored: String =
            sqlx::query_scalar("SELECT edit_token_sha256 FROM scenarios WHERE id = $1")
                .bind(&id)
                .fetch_one(&db)
                .await
                .unwrap();
        assert_eq!(stored, format!("{:x}", Sha256::digest(token.as_bytes())));
        ids.insert(id);
        tokens.insert(token);
    }
    assert_eq!((ids.len(), tokens.len()), (6, 6));
    let dump: Vec<String> = sqlx::query_scalar(
        "SELECT id || edit_token_sha256 FROM scenarios UNION ALL SELECT input_json FROM scenario_revisions",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert!(tokens
        .iter()
        .all(|t| dump.iter().all(|row| !row.contains(t))));
    for (id, valid) in [
        ("0123456789abcdef0123456789abcdef", true),
        ("0123456789ABCDEF0123456789ABCDEF", false),
        ("0123456789abcdef0123456789abcde", false),
        ("0123456789abcdef0123456789abcdef0", false),
        ("0123456789abcdef0123456789abcdeg", false),
        ("", false),
    ] {
        assert_eq!(api::ScenarioId::parse(id).is_ok(), valid, "{id}");
    }
}

#[tokio::test]
async fn revisions_accumulate_and_each_reopens_with_its_own_figures() {
    let app = app(None).await;
    let versions = [
        example_at(1e6, "v1"),
        example_at(2e6, "v2 renamed"),
        example_at(3e5, "v3"),
    ];
    let (id, token) = create(&app, &versions[0]).await;
    for (n, scenario) in versions.iter().enumerate().skip(1) {
        let path = format!("/api/v1/scenarios/{id}");
        let body = json!({ "scenario": scenario });
        let (status, saved) = send(&app, Method::PUT, &path, Some(&token), Some(&body)).await;
        assert_eq!(status, 200, "{saved}");
        assert_eq!(saved["revision"], json!(n + 1));
        assert_eq!(saved["id"], json!(id));
    }
    let (status, list) = app
        .get_json(&format!("/api/v1/scenarios/{id}/revisions"))
        .await;
    assert_eq!(status, 200, "{list}");
    let listed: Vec<(i64, &str)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["revision"].as_i64().unwrap(), r["name"].as_str().unwrap()))
        .collect();
    assert_eq!(listed, [(3, "v3"), (2, "v2 renamed"), (1, "v1")]);
    for (n, scenario) in versions.iter().enumerate() {
        let rev = n + 1;
        let (status, view) = app
            .get_json(&format!("/api/v1/scenarios/{id}?revision={rev}"))
            .await;
        assert_eq!(status, 200, "{view}");
        assert_eq!(
            (&view["revision"], &view["latest_revision"]),
            (&json!(rev), &json!(3))
        );
        assert_eq!(view["name"], scenario["name"]);
        assert_eq!(
            view["scenario"]["workload"]["requests_per_month"],
            scenario["workload"]["requests_per_month"]
        );
        assert!(
            view["result"] == plan(&app, scenario).await,
            "revision {rev}"
        );
        assert!(view["basis"]
            .as_str()
            .unwrap()
            .contains(&format!("revision {rev} ")));
    }
    let (_, newest) = app.get_json(&format!("/api/v1/scenarios/{id}")).await;
    assert_eq!(newest["revision"], json!(3));
    assert!(newest["updated_unix"].as_i64() >= newest["created_unix"].as_i64());
    // Unknown revisions are 404; what is not a revision number, or an unknown key, is 422.
    for (query, status, field) in [
        ("revision=4", 404, "revision"),
        ("revision=0", 422, "revision"),
        ("revision=abc", 422, "revision"),
        ("revison=2", 422, "revison"),
        ("price_table=x", 422, "price_table"),
    ] {
        let (got, body) = app
            .get_json(&format!("/api/v1/scenarios/{id}?{query}"))
            .await;
        assert_eq!(got, status, "{query}: {body}");
        assert_eq!(body["error"]["field"], json!(field), "{query}: {body}");
    }
}

#[tokio::test]
async fn a_newer_price_table_is_offered_and_a_reprice_keeps_the_recorded_table() {
    let app = app(None).await;
    let db = app.pool().await;
    let (id, _) = create(&app, &example()).await;
    let mut gpt4 = example();
    gpt4["llm"]["model"] = json!("gpt-4");
    let (gpt4_id, _) = create(&app, &gpt4).await;
    // A newer table in which GPT-4o's prices halved, made active.
    let file = r#"{"gpt-4o": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.25e-6, "output_cost_per_token": 5e-6}}"#;
    let newer = breakeven::store::prices::import(
        &db,
        file,
        "test import",
        Some("v2"),
        "2026-12-01",
        breakeven::store::prices::Activate::Yes,
    )
    .await
    .unwrap();
    let path = format!("/api/v1/scenarios/{id}");
    let (_, view) = app.get_json(&path).await;
    let recorded = view["price_table"]["id"].as_i64().unwrap();
    assert!(newer.id > recorded);
    assert_eq!(view["priced_with"]["id"], json!(recorded));
    assert_eq!(view["newer_price_table"]["id"], json!(newer.id));
    assert_eq!(view["newer_price_table"]["as_of"], json!("2026-12-01"));
    assert!(view["newer_price_table"]["label"]
        .as_str()
        .unwrap()
        .contains("test import v2"));
    assert_eq!(view["result"]["api"]["monthly_usd"], json!(3250.0));
    let (status, repriced) = app
        .get_json(&format!("{path}?price_table={}", newer.id))
        .await;
    assert_eq!(status, 200, "{repriced}");
    assert_eq!(repriced["price_table"]["id"], json!(recorded));
    assert_eq!(repriced["priced_with"]["id"], json!(newer.id));
    assert_eq!(repriced["result"]["api"]["monthly_usd"], json!(1625.0));
    assert!(
        repriced["basis"].as_str().unwrap().contains("repriced"),
        "{}",
        repriced["basis"]
    );
    // Repricing is a view: the revision still records its own table.
    let (_, list) = app.get_json(&format!("{path}/revisions")).await;
    assert_eq!(list[0]["price_table_id"], json!(recorded));
    assert_eq!(app.get_json(&path).await.1, view);
    // A table that lacks the scenario's model, or does not exist, is the request's mistake.
    let (status, missing) = app
        .get_json(&format!(
            "/api/v1/scenarios/{gpt4_id}?price_table={}",
            newer.id
        ))
        .await;
    assert_eq!(
        (status, &missing["error"]["field"]),
        (422, &json!("scenario.llm.model"))
    );
    let (status, unknown) = app.get_json(&format!("{path}?price_table=999")).await;
    assert_eq!(
        (status, &unknown["error"]["field"]),
        (422, &json!("price_table"))
    );
    // A scenario saved now records the newer (active) table and is offered nothing newer.
    let (fresh, _) = create(&app, &example()).await;
    let (_, view) = app.get_json(&format!("/api/v1/scenarios/{fresh}")).await;
    assert_eq!(view["price_table"]["id"], json!(newer.id));
    assert_eq!(view["newer_price_table"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_saves_each_get_their_own_revision() {
    let app = spawn(None).await;
    let (id, token) = create(&app, &example()).await;
    let path = format!("/api/v1/scenarios/{id}");
    let revisions = eight_concurrent_saves(&[&app], &path, &token).await;
    assert_eq!(revisions, (2..=9).collect::<Vec<_>>());
    let (_, list) = app.get_json(&format!("{path}/revisions")).await;
    assert_eq!(list.as_array().unwrap().len(), 9);
}
