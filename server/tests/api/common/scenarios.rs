//! Helpers for the scenario and export tests.

use reqwest::Method;
use serde_json::{json, Value};

use super::TestApp;

pub const WORKED_EXAMPLE: &str = include_str!("../../../../examples/worked-example.json");

pub fn example() -> Value {
    serde_json::from_str(WORKED_EXAMPLE).unwrap()
}

/// The worked example at another volume and name.
pub fn example_at(requests_per_month: f64, name: &str) -> Value {
    let mut s = example();
    s["workload"]["requests_per_month"] = json!(requests_per_month);
    s["name"] = json!(name);
    s
}

/// The worked example with most of cost model v2's keys: an office-hours week on weekdays,
/// batch traffic, hourly scaling to zero on 8-GPU instances with a reserved base, spot and
/// cold starts, people to run it, and a quality floor only the hybrid and the API meet.
pub fn v2_example() -> Value {
    let office_hours: Vec<f64> = (0..24)
        .map(|h| match h {
            9..=16 => 10.0,
            7 | 8 | 17 | 18 => 3.0,
            _ => 0.0,
        })
        .collect();
    json!({
        "name": "weekday fleet",
        "workload": { "requests_per_month": 20e6, "input_tokens": 500, "output_tokens": 200,
                      "load_shape": office_hours, "weekly_shape": [1, 1, 1, 1, 1, 0.2, 0],
                      "batch_share": 0.2 },
        "llm": { "model": "gpt-4o" },
        "slm": { "serving": "self_hosted", "gpu": "aws:p5.48xlarge", "gpu_discount": 0.3,
                 "reserved_instances": "optimal", "spot_share": 0.3, "cold_start_s": 90,
                 "scaling": "hourly", "min_replicas": 0, "spare_replicas": 1,
                 "prefill_tokens_per_s": 5000, "decode_tokens_per_s": 500,
                 "ops_fte": 0.25, "fte_usd_per_year": 180000, "one_time_usd": 10000 },
        "routing": { "slm_share": 0.8, "escalation_rate": 0.1, "slm_quality": 0.8,
                     "llm_quality": 0.9, "min_quality": 0.82 }
    })
}

/// Any request; a body-less answer (204) reads as Null.
pub async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> (u16, Value) {
    app.send(method, path, token, body).await
}

/// Creates a scenario; returns (id, edit_token).
pub async fn create(app: &TestApp, scenario: &Value) -> (String, String) {
    let (status, body) = app
        .post_json("/api/v1/scenarios", &json!({ "scenario": scenario }))
        .await;
    assert_eq!(status, 201, "{body}");
    (
        body["id"].as_str().unwrap().to_string(),
        body["edit_token"].as_str().unwrap().to_string(),
    )
}

pub async fn plan(app: &TestApp, scenario: &Value) -> Value {
    let (status, body) = app
        .post_plan(&scenario.to_string(), "application/json")
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

pub fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

pub async fn pool(app: &TestApp) -> sqlx::AnyPool {
    app.sql().await
}

pub async fn count(pool: &sqlx::AnyPool, sql: &str, id: &str) -> i64 {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Eight saves of scenario `path` at once with its edit token, the n-th through
/// `apps[n % apps.len()]`: each must be 200; their revisions, sorted.
pub async fn eight_concurrent_saves(apps: &[&TestApp], path: &str, token: &str) -> Vec<i64> {
    let saves = (0..8).map(|n| {
        let body = json!({ "scenario": example_at(1e5 * f64::from(n + 1), &format!("save {n}")) });
        let app = apps[n as usize % apps.len()];
        async move { send(app, Method::PUT, path, Some(token), Some(&body)).await }
    });
    let mut revisions: Vec<i64> = futures_util::future::join_all(saves)
        .await
        .into_iter()
        .map(|(status, saved)| {
            assert_eq!(status, 200, "{saved}");
            saved["revision"].as_i64().unwrap()
        })
        .collect();
    revisions.sort_unstable();
    revisions
}
