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

pub async fn pool(app: &TestApp) -> sqlx::SqlitePool {
    app.pool().await
}

pub async fn count(pool: &sqlx::SqlitePool, sql: &str, id: &str) -> i64 {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}
