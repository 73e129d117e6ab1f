//! A saved revision records the cost model and the headline figures it showed; reopening
//! it says when today's engine gives different ones, and why: a newer cost model, a
//! reprice, or something else. Revisions saved before figures were recorded (cost model v1)
//! say their figures may have changed.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::scenarios::{create, example, example_at, pool, send};
use crate::common::{app, TestApp};

const MODEL_CHANGED: &str = "figures changed: cost model v2, see docs/cost-model.md";
const SAVED_BY_V1: &str =
    "figures may have changed: this revision was saved before cost model v2, see docs/cost-model.md";

/// The headline figures of a view's result, as a revision records them.
fn headline(result: &Value) -> Value {
    json!({
        "model_version": result["model_version"],
        "api_monthly_usd": result["api"]["monthly_usd"],
        "self_hosted_monthly_usd": result["self_hosted"]["monthly_usd"],
        "hybrid_monthly_usd": result["hybrid"]["monthly_usd"],
        "break_even_requests_per_month": result["break_even"]["requests_per_month"],
    })
}

async fn view(app: &TestApp, id: &str, query: &str) -> Value {
    let (status, view) = app
        .get_json(&format!("/api/v1/scenarios/{id}{query}"))
        .await;
    assert_eq!(status, 200, "{view}");
    view
}

/// Rewrites what revision `revision` of scenario `id` recorded, as an older server would
/// have left it: `set` is the SQL assignment list.
async fn tamper(app: &TestApp, id: &str, revision: i64, set: &str) {
    let sql =
        format!("UPDATE scenario_revisions SET {set} WHERE scenario_id = $1 AND revision = $2");
    let done = sqlx::query(&sql)
        .bind(id)
        .bind(revision)
        .execute(&pool(app).await)
        .await
        .unwrap();
    assert_eq!(done.rows_affected(), 1);
}

#[tokio::test]
async fn a_saved_revision_records_the_figures_it_showed() {
    let app = app(None).await;
    let (id, token) = create(&app, &example()).await;
    let first = view(&app, &id, "").await;
    assert_eq!(first["saved_figures"], headline(&first["result"]));
    assert_eq!(first["saved_figures"]["model_version"], json!(2));
    // The worked example's own figures (see plan_v2): $3,250, $584, $1,494, R* = 584/0.00325.
    assert_eq!(first["saved_figures"]["api_monthly_usd"], json!(3250.0));
    assert_eq!(
        first["saved_figures"]["self_hosted_monthly_usd"],
        json!(584.0)
    );
    assert_eq!(first["figures_changed"], Value::Null);
    // Stored as columns, exactly.
    let stored: (i64, f64, f64, f64, Option<f64>) = sqlx::query_as(
        "SELECT model_version, api_monthly_usd, self_hosted_monthly_usd, hybrid_monthly_usd,
                break_even_requests_per_month
         FROM scenario_revisions WHERE scenario_id = $1",
    )
    .bind(&id)
    .fetch_one(&pool(&app).await)
    .await
    .unwrap();
    let result = &first["result"];
    assert_eq!(
        stored,
        (
            2,
            3250.0,
            584.0,
            result["hybrid"]["monthly_usd"].as_f64().unwrap(),
            result["break_even"]["requests_per_month"].as_f64(),
        )
    );
    // A new revision records its own figures: the volume doubled, the API's bill doubles.
    let path = format!("/api/v1/scenarios/{id}");
    let write = json!({ "scenario": example_at(2e6, "twice the traffic") });
    let (status, saved) = send(&app, Method::PUT, &path, Some(&token), Some(&write)).await;
    assert_eq!(status, 200, "{saved}");
    let second = view(&app, &id, "").await;
    assert_eq!(second["revision"], json!(2));
    assert_eq!(second["saved_figures"]["api_monthly_usd"], json!(6500.0));
    assert_eq!(second["saved_figures"], headline(&second["result"]));
    assert_eq!(second["figures_changed"], Value::Null);
    // A scenario without a break-even records none.
    let mut never = example();
    never["slm"]["gpu_usd_per_hour"] = json!(1000.0);
    never["slm"]["decode_tokens_per_s"] = json!(1.0);
    let (never_id, _) = create(&app, &never).await;
    let never = view(&app, &never_id, "").await;
    assert_eq!(
        never["result"]["break_even"]["requests_per_month"],
        Value::Null
    );
    assert_eq!(never["saved_figures"], headline(&never["result"]));
    assert_eq!(never["figures_changed"], Value::Null);
}

#[tokio::test]
async fn a_revision_saved_by_cost_model_v1_says_its_figures_changed() {
    let app = app(None).await;
    let (id, _) = create(&app, &example()).await;
    // As cost model v1 would have recorded it, had it recorded figures: a different
    // self-hosted bill and break-even.
    tamper(
        &app,
        &id,
        1,
        "model_version = 1, self_hosted_monthly_usd = 500, break_even_requests_per_month = 153846",
    )
    .await;
    let v1 = view(&app, &id, "").await;
    assert_eq!(v1["figures_changed"], json!(MODEL_CHANGED));
    assert_eq!(v1["saved_figures"]["model_version"], json!(1));
    assert_eq!(v1["saved_figures"]["self_hosted_monthly_usd"], json!(500.0));
    // The view's figures are today's, recomputed from the stored input.
    assert_eq!(v1["result"]["self_hosted"]["monthly_usd"], json!(584.0));
    // Figures an older model computed alike are no change.
    tamper(&app, &id, 1, "self_hosted_monthly_usd = 584").await;
    let (_, original) = app.get_json(&format!("/api/v1/scenarios/{id}")).await;
    let break_even = original["result"]["break_even"]["requests_per_month"].clone();
    tamper(
        &app,
        &id,
        1,
        &format!("break_even_requests_per_month = {break_even}"),
    )
    .await;
    let same = view(&app, &id, "").await;
    assert_eq!(same["saved_figures"]["model_version"], json!(1));
    assert_eq!(same["figures_changed"], Value::Null);
    // Within the relative tolerance (1e-9 of $3,250 is 3.25e-6) is no change either; a cent is.
    tamper(
        &app,
        &id,
        1,
        "model_version = 2, api_monthly_usd = 3250.000001",
    )
    .await;
    assert_eq!(view(&app, &id, "").await["figures_changed"], Value::Null);
    // The same model giving other figures: nothing specific to blame.
    tamper(&app, &id, 1, "api_monthly_usd = 3250.01").await;
    assert_eq!(
        view(&app, &id, "").await["figures_changed"],
        json!("figures changed since this revision was saved")
    );
}

#[tokio::test]
async fn a_revision_saved_before_figures_were_recorded_may_have_changed() {
    let app = app(None).await;
    let (id, _) = create(&app, &example()).await;
    // What the migration leaves in rows saved before it: NULL in every figure column.
    tamper(
        &app,
        &id,
        1,
        "model_version = NULL, api_monthly_usd = NULL, self_hosted_monthly_usd = NULL,
         hybrid_monthly_usd = NULL, break_even_requests_per_month = NULL",
    )
    .await;
    let old = view(&app, &id, "").await;
    assert_eq!(old["saved_figures"], Value::Null);
    assert_eq!(old["figures_changed"], json!(SAVED_BY_V1));
    assert_eq!(old["result"]["model_version"], json!(2));
    // The schema keeps the figures whole: a model version without figures is refused.
    let half =
        sqlx::query("UPDATE scenario_revisions SET model_version = 2 WHERE scenario_id = $1")
            .bind(&id)
            .execute(&pool(&app).await)
            .await;
    assert!(half.is_err(), "{half:?}");
    // Its exports still work: they recompute from the input alone.
    let reply = app
        .request(
            Method::GET,
            &format!("/api/v1/scenarios/{id}/cashflow.csv"),
            &[],
            Vec::new(),
        )
        .await;
    assert_eq!(reply.status, 200);
    // A fork records what today's engine gives, so the copy has nothing to warn about.
    let (status, fork) = app
        .post_json(&format!("/api/v1/scenarios/{id}/fork"), &Value::Null)
        .await;
    assert_eq!(status, 201, "{fork}");
    let copy = view(&app, fork["id"].as_str().unwrap(), "").await;
    assert_eq!(copy["saved_figures"], headline(&copy["result"]));
    assert_eq!(copy["figures_changed"], Value::Null);
    assert_eq!(copy["result"], old["result"]);
}

#[tokio::test]
async fn a_reprice_names_both_price_tables() {
    let app = app(None).await;
    let (id, _) = create(&app, &example()).await;
    // A newer table in which GPT-4o's prices halved.
    let file = r#"{"gpt-4o": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.25e-6, "output_cost_per_token": 5e-6}}"#;
    let newer = breakeven::store::prices::import(
        &app.pool().await,
        file,
        "test import",
        Some("v2"),
        "2026-12-01",
        breakeven::store::prices::Activate::No,
    )
    .await
    .unwrap();
    let recorded = view(&app, &id, "").await;
    assert_eq!(recorded["figures_changed"], Value::Null);
    let repriced = view(&app, &id, &format!("?price_table={}", newer.id)).await;
    assert_eq!(repriced["result"]["api"]["monthly_usd"], json!(1625.0));
    let said = repriced["figures_changed"].as_str().unwrap();
    let (with, saved_with) = (
        repriced["priced_with"]["label"].as_str().unwrap(),
        repriced["price_table"]["label"].as_str().unwrap(),
    );
    assert_eq!(
        said,
        format!(
            "figures changed: priced with price table {with}, not {saved_with} as when this revision was saved"
        )
    );
    assert!(with.contains("test import v2"), "{with}");
    // The recorded figures are the revision's, whatever table a view reprices with.
    assert_eq!(repriced["saved_figures"], recorded["saved_figures"]);
    // A revision saved by cost model v1 and repriced blames the model first.
    tamper(&app, &id, 1, "model_version = 1").await;
    let both = view(&app, &id, &format!("?price_table={}", newer.id)).await;
    assert_eq!(both["figures_changed"], json!(MODEL_CHANGED));
}
