//! The component schemas of the OpenAPI document (`openapi.rs`). The scenario endpoints and
//! the error body are described field by field (`additionalProperties: false`); the large
//! engine and benchmark documents by their top-level keys, pointing at their Rust types.

use serde_json::{json, Map, Value};

fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// A closed object: exactly these properties, all of them present.
fn exact(description: &str, props: Value) -> Value {
    let required: Vec<String> = props
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    json!({ "type": "object", "description": description, "required": required,
            "properties": props, "additionalProperties": false })
}

/// An open object whose listed top-level keys are always present.
fn keys(description: &str, names: &[&str]) -> Value {
    let props: Map<String, Value> = names.iter().map(|n| (n.to_string(), json!({}))).collect();
    json!({ "type": "object", "description": description, "required": names,
            "properties": props })
}

fn nullable(inner: Value) -> Value {
    json!({ "oneOf": [inner, { "type": "null" }] })
}

fn int() -> Value {
    json!({ "type": "integer" })
}

fn string() -> Value {
    json!({ "type": "string" })
}

fn section(description: &str) -> Value {
    json!({ "type": ["object", "null"], "description": description })
}

pub fn schemas() -> Value {
    let id = json!({ "type": "string", "pattern": "^[0-9a-f]{32}$",
                     "description": "128 random bits as 32 lowercase hex digits" });
    let token = json!({ "type": "string", "pattern": "^[0-9a-f]{64}$",
        "description": "256 random bits; send as `Authorization: Bearer <edit_token>`. Shown only once." });
    let share_path =
        json!({ "type": "string", "description": "`/s/<id>`: the read-only share link" });
    json!({
        "FieldError": exact("One problem: the field's path (empty for the whole document) and the reason",
            json!({ "field": string(), "message": string() })),
        "Error": exact("Every error body: the first problem and all of them",
            json!({ "error": schema("FieldError"),
                    "errors": { "type": "array", "items": schema("FieldError"), "minItems": 1 } })),
        "ScenarioInput": {
            "type": "object", "additionalProperties": false,
            "description": "Scenario format v1 as written (tco::ScenarioInput): every key optional \
                here, unknown keys refused; validation names each missing or out-of-range field \
                by its path. Sections are described in docs/cost-model.md.",
            "properties": {
                "name": { "type": ["string", "null"] },
                "workload": section("Volume, tokens per request, cache share, peak-to-average, growth, load shape, latency SLO"),
                "llm": section("The LLM API: a price-table model and/or explicit prices"),
                "slm": section("The small model: `serving` api (prices) or self_hosted (GPU, throughput, replicas)"),
                "routing": section("Router or cascade, SLM share, escalation, quality"),
                "finance": section("Horizon and discount rate"),
                "uncertainty": section("Monte Carlo draws, seed and P10/P90 beliefs per input"),
            },
        },
        "PlanResult": keys("The engine's result (tco::PlanResult)", &[
            "format", "scenario", "prices", "api", "self_hosted", "hybrid", "break_even",
            "roi", "uncertainty", "sensitivity", "routing_curve", "routing_best_slm_share",
            "warnings"]),
        "ScenarioWrite": {
            "type": "object", "required": ["scenario"], "additionalProperties": false,
            "description": "A scenario to save; validated exactly as POST /api/v1/plan validates, errors named under `scenario.`",
            "properties": {
                "scenario": schema("ScenarioInput"),
                "price_table": { "type": ["integer", "null"],
                    "description": "Price-table version to validate and record; the active one when null (unknown: 422 `price_table`)" },
            },
        },
        "ScenarioCreated": exact("A new scenario", json!({
            "id": id, "edit_token": token, "revision": { "const": 1 },
            "price_table_id": int(), "share_path": share_path })),
        "ScenarioSaved": exact("A new revision", json!({
            "id": id, "revision": int(), "price_table_id": int() })),
        "ScenarioForked": exact("A fork: a new scenario whose revision 1 copies the chosen revision", json!({
            "id": id, "edit_token": token, "revision": { "const": 1 }, "price_table_id": int(),
            "share_path": share_path, "forked_from": schema("ForkedFrom") })),
        "ForkedFrom": exact("Where a fork came from", json!({ "id": id, "revision": int() })),
        "PriceTableRef": exact("A price-table version", json!({
            "id": int(), "label": string(), "as_of": string() })),
        "RevisionSummary": exact("One saved revision", json!({
            "revision": int(), "name": string(), "created_unix": int(), "price_table_id": int() })),
        "ScenarioView": exact("A revision with its figures recomputed", json!({
            "id": id,
            "name": string(),
            "revision": int(),
            "latest_revision": int(),
            "created_unix": int(),
            "updated_unix": int(),
            "revision_created_unix": int(),
            "forked_from": nullable(schema("ForkedFrom")),
            "scenario": schema("ScenarioInput"),
            "price_table": { "$ref": "#/components/schemas/PriceTableRef",
                "description": "The version recorded with this revision" },
            "priced_with": { "$ref": "#/components/schemas/PriceTableRef",
                "description": "The version the result was computed with: the recorded one, or ?price_table" },
            "newer_price_table": nullable(schema("PriceTableRef")),
            "result": schema("PlanResult"),
            "basis": { "type": "string",
                "description": "\"Recomputed from the stored inputs of revision N with price table <label>\"" },
        })),
        "Created": exact("The id of what was stored", json!({ "id": {} })),
        "Health": keys("Server state", &["status", "version", "price_table", "database"]),
        "PriceTableVersion": keys("A stored price-table version", &[
            "id", "name", "version", "sha256", "as_of", "imported_at_unix", "model_count",
            "issue_count", "active"]),
        "LlmPrices": keys("A price-table version's rows, each with its source and date",
            &["id", "active", "source", "label", "issues", "models"]),
        "GpuOffers": keys("The bundled GPU table", &["source", "as_of", "offers"]),
        "Profiles": keys("Workload presets and saved profiles", &["presets", "saved"]),
        "SavedProfile": keys("profiles::SavedProfile (`slo` optional)", &["name", "workload"]),
        "BenchRequest": keys("bench::BenchRequest", &[
            "weights", "device", "concurrency", "prompt_tokens", "gen_tokens"]),
        "AgentReport": {
            "type": "object", "required": ["request", "command", "result"],
            "additionalProperties": false,
            "properties": { "request": schema("BenchRequest"), "command": string(),
                            "result": { "type": "object", "description": "bench::BenchResult" } },
        },
        "Queued": keys("A benchmark's id and status (`position` in line when queued)",
            &["id", "status"]),
        "Benchmark": keys("A benchmark job", &[
            "id", "status", "request", "command", "result", "error", "progress", "source",
            "device", "model", "created_unix", "started_unix", "finished_unix"]),
        "BenchmarkSummary": keys("A row of the benchmark list", &[
            "id", "status", "model", "device", "dtype", "weights_label", "created_unix",
            "started_unix", "finished_unix", "error", "goodput", "source"]),
        "BenchCatalog": keys("What can be benchmarked here",
            &["models", "dtypes", "devices", "weights_files"]),
    })
}
