//! `POST /api/v1/plan`: the engine's figures over HTTP, JSON or TOML in, and the errors.

use serde_json::{json, Value};

use crate::common::app;
use crate::common::scenarios::WORKED_EXAMPLE;

#[tokio::test]
async fn plan_returns_the_engines_figures() {
    let app = app(None).await;
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
    let app = app(None).await;
    let toml = "name = \"t\"\n[workload]\nrequests_per_month = 10\ninput_tokens = 1000\noutput_tokens = 1000\n\
                [llm]\nmodel = \"gpt-4\"\n[slm]\nserving = \"api\"\nusd_per_request = 0.001\n";
    let (status, body) = app.post_plan(toml, "application/toml").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["api"]["usd_per_request"], json!(0.09));
}

#[tokio::test]
async fn invalid_input_is_422_with_field_and_message() {
    let app = app(None).await;
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
    let app = app(None).await;
    let huge = format!(
        "{{\"name\": \"{}\"}}",
        "x".repeat(breakeven::BODY_LIMIT_BYTES + 1)
    );
    let (status, body) = app.post_plan(&huge, "application/json").await;
    assert_eq!(status, 413, "{body}");
    assert!(body["error"]["message"].is_string());
}

#[tokio::test]
async fn placements_list_every_offer_cheapest_first_as_the_engine_does() {
    let app = app(None).await;
    let mut scenario: Value = serde_json::from_str(WORKED_EXAMPLE).unwrap();
    scenario["slm"]["model"] = json!("llama-3.2-3b");
    let (status, body) = app.post_json("/api/v1/plan/placements", &scenario).await;
    assert_eq!(status, 200, "{body}");
    let rows = body.as_array().unwrap();
    assert!(rows.len() >= 45, "{} rows", rows.len());
    let costs: Vec<f64> = rows
        .iter()
        .filter_map(|r| r["monthly_usd"].as_f64())
        .collect();
    assert!(costs.len() > 30 && costs.windows(2).all(|w| w[0] <= w[1]));
    // Every row says where its throughput comes from; none is passed off as measured.
    assert!(rows.iter().all(|r| r["label"]
        .as_str()
        .is_some_and(|l| l.starts_with("projected, not measured") || l == "no figures")));
    let input: tco::ScenarioInput = serde_json::from_value(scenario.clone()).unwrap();
    let engine = tco::placements::placements(&input, pricing::bundled_table()).unwrap();
    assert!(
        body == serde_json::to_value(&engine).unwrap(),
        "server and engine disagree"
    );
    // Without a named model there is nothing to place: 422 naming slm.model.
    scenario["slm"].as_object_mut().unwrap().remove("model");
    let (status, body) = app.post_json("/api/v1/plan/placements", &scenario).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["field"], json!("slm.model"), "{body}");
}
