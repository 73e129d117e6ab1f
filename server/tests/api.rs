//! Black-box tests: the real router on port 0 with a temporary SQLite file, over HTTP.

mod common;

use common::spawn;
use serde_json::{json, Value};

const WORKED_EXAMPLE: &str = include_str!("../../examples/worked-example.json");

#[tokio::test]
async fn plan_returns_the_engines_figures() {
    let app = spawn(None).await;
    let (status, body) = app.post_plan(WORKED_EXAMPLE, "application/json").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["api"]["monthly_usd"], json!(3250.0));
    assert_eq!(body["api"]["usd_per_request"], json!(0.00325));
    assert_eq!(body["self_hosted"]["replicas"], json!(1.0));
    assert_eq!(body["self_hosted"]["monthly_usd"], json!(584.0));
    let close = |v: &Value, expected: f64| (v.as_f64().unwrap() - expected).abs() < 1e-6;
    assert!(
        close(&body["hybrid"]["monthly_usd"], 1494.0),
        "{}",
        body["hybrid"]
    );
    assert!(
        close(&body["hybrid"]["llm_requests_per_month"], 280_000.0),
        "{}",
        body["hybrid"]
    );
    assert_eq!(body["roi"]["self_hosted"]["payback_month"], json!(4));
    assert_eq!(body["routing_curve"].as_array().unwrap().len(), 101);
    assert!(body["break_even"]["requests_per_month"].as_f64().unwrap() > 179_692.0);
    assert_eq!(body["prices"]["llm"]["model"], json!("gpt-4o"));
    // The server computes exactly what the engine crate computes.
    let scenario =
        tco::parse_scenario(WORKED_EXAMPLE, tco::Format::Json, pricing::bundled_table()).unwrap();
    // (Both sides go through the same JSON parser, so floats compare bit for bit.)
    let engine: Value =
        serde_json::from_str(&serde_json::to_string(&tco::plan(&scenario)).unwrap()).unwrap();
    assert!(body == engine, "server and engine disagree");
}

#[tokio::test]
async fn toml_is_accepted_with_its_content_type() {
    let app = spawn(None).await;
    let toml = "name = \"t\"\n[workload]\nrequests_per_month = 10\ninput_tokens = 1000\noutput_tokens = 1000\n\
                [llm]\nmodel = \"gpt-4\"\n[slm]\nserving = \"api\"\nusd_per_request = 0.001\n";
    let (status, body) = app.post_plan(toml, "application/toml").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["api"]["usd_per_request"], json!(0.09));
}

#[tokio::test]
async fn invalid_input_is_422_with_field_and_message() {
    let app = spawn(None).await;
    let cases = [
        (
            WORKED_EXAMPLE.replace("1000000", "-1"),
            "workload.requests_per_month",
            "between 0",
        ),
        (
            WORKED_EXAMPLE.replace("\"peak_to_average\"", "\"peak_to_avg\""),
            "workload.peak_to_avg",
            "unknown field",
        ),
        (
            WORKED_EXAMPLE.replace("gpt-4o", "gpt-4o-typo"),
            "llm.model",
            "not in the price table",
        ),
        ("not json".to_string(), "", "expected"),
    ];
    for (body, field, word) in cases {
        let (status, response) = app.post_plan(&body, "application/json").await;
        assert_eq!(status, 422, "{response}");
        assert_eq!(response["error"]["field"], json!(field), "{response}");
        assert!(
            response["error"]["message"]
                .as_str()
                .unwrap()
                .contains(word),
            "{response}"
        );
        assert!(response["errors"].as_array().is_some_and(|e| !e.is_empty()));
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = spawn(None).await;
    let huge = format!(
        "{{\"name\": \"{}\"}}",
        "x".repeat(breakeven::BODY_LIMIT_BYTES + 1)
    );
    let (status, body) = app.post_plan(&huge, "application/json").await;
    assert_eq!(status, 413, "{body}");
    assert!(body["error"]["message"].is_string());
}

#[tokio::test]
async fn database_is_created_migrated_and_in_wal_mode() {
    let app = spawn(None).await;
    assert!(app.db_path.is_file());
    let health: Value = app
        .client
        .get(format!("{}/api/v1/health", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], json!("ok"));
    assert_eq!(health["database"]["journal_mode"], json!("wal"));
    assert_eq!(
        health["database"]["schema_version"],
        json!(20261122000003i64)
    );
    assert_eq!(
        health["database"]["created_by_version"],
        json!(env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(health["price_table"]["version"], json!("1.109.1"));
    // Reopening an existing file migrates nothing twice and keeps its creation record.
    let created = health["database"]["created_at_unix"].clone();
    let pool = breakeven::db::open(&app.db_path).await.unwrap();
    assert_eq!(
        breakeven::db::status(&pool).await.unwrap().created_at_unix,
        created.as_str().map(String::from)
    );
}

#[tokio::test]
async fn serves_the_built_app_and_falls_back_to_index() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>app shell</title>",
    )
    .unwrap();
    let app = spawn(Some(dist.path().to_path_buf())).await;
    for path in ["/", "/some/client/route"] {
        let page = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("app shell"));
    }
    let missing = app
        .client
        .get(format!("{}/api/v1/nope", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    // Without a built app the page says how to build it, and the API still works.
    let bare = spawn(None).await;
    let page = bare
        .client
        .get(format!("{}/", bare.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 503);
    assert!(page.text().await.unwrap().contains("make run"));
}
