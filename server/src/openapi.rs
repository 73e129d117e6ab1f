//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of every `/api/v1` route, written
//! by hand as JSON (no generator crate). `tests/openapi.rs` holds it to the router: the
//! same paths and methods as `lib.rs` routes, every `$ref` resolving, and the scenario
//! schemas' properties equal to the keys the handlers send.

use axum::Json;
use serde_json::{json, Value};

use crate::openapi_schemas::schemas;

pub async fn document() -> Json<Value> {
    Json(spec())
}

fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn response(name: &str) -> Value {
    json!({ "$ref": format!("#/components/responses/{name}") })
}

fn param(name: &str) -> Value {
    json!({ "$ref": format!("#/components/parameters/{name}") })
}

/// A JSON response described by `description` whose body is `body`.
fn json_response(description: &str, body: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": body } } })
}

fn json_body(body: Value) -> Value {
    json!({ "required": true, "content": { "application/json": { "schema": body } } })
}

/// One operation: summary, parameters, request body (or Null) and responses.
fn op(id: &str, summary: &str, params: &[&str], body: Value, responses: Value) -> Value {
    let mut op = json!({
        "operationId": id,
        "summary": summary,
        "parameters": params.iter().map(|p| param(p)).collect::<Vec<_>>(),
        "responses": responses,
    });
    if !body.is_null() {
        op["requestBody"] = body;
    }
    op
}

/// With `security`: the operation needs a bearer token of that scheme.
fn secured(mut op: Value, scheme: &str) -> Value {
    op["security"] = json!([{ scheme: [] }]);
    op
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const CSV: &str = "text/csv; charset=utf-8";

/// An export: a file download (`Content-Disposition: attachment`) of `media`, recomputed
/// from the stored inputs and recorded price table. Anyone with the id may export.
fn export_op(id: &str, summary: &str, params: &[&str], media: &str, compare: bool) -> Value {
    let not_found = if compare {
        "A scenario in `ids` does not exist (field `ids`)"
    } else {
        "No such scenario (`id`) or revision (`revision`)"
    };
    let mut op = op(
        id,
        summary,
        params,
        Value::Null,
        json!({
            "200": { "description": "The file, as an attachment named breakeven-<name>-r<revision> (ASCII letters, digits and dashes)",
                     "headers": { "Content-Disposition": { "schema": { "type": "string" },
                         "description": "attachment; filename=\"breakeven-….ext\"" } },
                     "content": { media: { "schema": { "type": "string", "format": "binary" } } } },
            "404": json_response(not_found, schema("Error")),
            "422": response("Invalid"),
            "500": response("Internal"),
        }),
    );
    op["description"] = json!(
        "Provenance in the export: the recorded price-table version and date, \
        the revision, the share link (absolute: `serve --public-url`, else http:// and the \
        request's Host), the generation time, the app version, and the benchmarks behind a \
        measured throughput (typed throughput is labelled an estimate)."
    );
    op
}

fn object() -> Value {
    json!({ "type": "object" })
}

/// The whole document.
pub fn spec() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Breakeven API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "What an LLM workload costs on an API, self-hosted and hybrid; price \
                tables, workload profiles, benchmarks and saved scenarios. Every error body is \
                {\"error\": {field, message}, \"errors\": [...]}.",
        },
        "paths": paths(),
        "components": {
            "schemas": schemas(),
            "parameters": parameters(),
            "responses": responses(),
            "securitySchemes": {
                "editToken": { "type": "http", "scheme": "bearer",
                    "description": "The edit_token returned when the scenario was created." },
                "agentToken": { "type": "http", "scheme": "bearer",
                    "description": "A token from `breakeven agent-token create`." },
            },
        },
    })
}

fn paths() -> Value {
    json!({
        "/api/v1/plan": { "post": op("plan",
            "Plans a scenario: API, self-hosted and hybrid cost, break-even, ROI, Monte Carlo",
            &["PriceTableQuery"],
            json!({ "required": true, "content": {
                "application/json": { "schema": schema("ScenarioInput") },
                "application/toml": { "schema": { "type": "string" } } } }),
            json!({ "200": json_response("The engine's result", schema("PlanResult")),
                    "400": response("BadBody"), "404": response("NotFound"),
                    "413": response("BadBody"), "422": response("Invalid") })) },
        "/api/v1/health": { "get": op("health", "Version, active price table and database state",
            &[], Value::Null, json!({ "200": json_response("OK", schema("Health")) })) },
        "/api/v1/pricing/llm": { "get": op("llmPrices",
            "Every row of a price-table version (the active one by default)",
            &["PriceTableQuery"], Value::Null,
            json!({ "200": json_response("OK", schema("LlmPrices")),
                    "404": response("NotFound"), "422": response("Invalid") })) },
        "/api/v1/pricing/llm/versions": { "get": op("llmPriceVersions",
            "Every stored price-table version, the active one marked", &[], Value::Null,
            json!({ "200": json_response("OK",
                json!({ "type": "array", "items": schema("PriceTableVersion") })) })) },
        "/api/v1/pricing/gpus": { "get": op("gpuPrices",
            "The bundled GPU offers with their sources and dates", &[], Value::Null,
            json!({ "200": json_response("OK", schema("GpuOffers")) })) },
        "/api/v1/profiles": {
            "get": op("profiles", "Workload presets and saved profiles", &[], Value::Null,
                json!({ "200": json_response("OK", schema("Profiles")) })),
            "post": op("saveProfile", "Saves a workload profile", &[],
                json_body(schema("SavedProfile")),
                json!({ "201": json_response("Saved", schema("Created")),
                        "413": response("BadBody"), "422": response("Invalid") })),
        },
        "/api/v1/benchmarks": {
            "get": op("benchmarks", "The newest 200 benchmarks, newest first", &[], Value::Null,
                json!({ "200": json_response("OK", json!({ "type": "object", "required": ["benchmarks"],
                    "properties": { "benchmarks": { "type": "array", "items": schema("BenchmarkSummary") } } })) })),
            "post": op("submitBenchmark", "Queues a benchmark on this server", &[],
                json_body(schema("BenchRequest")),
                json!({ "202": json_response("Queued", schema("Queued")),
                        "413": response("BadBody"), "422": response("Invalid") })),
        },
        "/api/v1/benchmarks/catalog": { "get": op("benchmarkCatalog",
            "Architectures, number formats, devices and weights files offered", &[], Value::Null,
            json!({ "200": json_response("OK", schema("BenchCatalog")) })) },
        "/api/v1/benchmarks/results": { "post": secured(op("agentResult",
            "A complete result measured on a GPU host, reported with an agent token", &[],
            json_body(schema("AgentReport")),
            json!({ "201": json_response("Stored", schema("Created")),
                    "401": response("Unauthorized"), "413": response("BadBody"),
                    "422": response("Invalid") })), "agentToken") },
        "/api/v1/benchmarks/{id}": { "get": op("benchmark", "One benchmark with its result",
            &["BenchmarkId"], Value::Null,
            json!({ "200": json_response("OK", schema("Benchmark")), "404": response("NotFound") })) },
        "/api/v1/benchmarks/{id}/events": { "get": op("benchmarkEvents",
            "Server-Sent Events: the current status, then progress and status until the job ends",
            &["BenchmarkId"], Value::Null,
            json!({ "200": { "description": "Events named `status` and `progress`, JSON data",
                             "content": { "text/event-stream": { "schema": { "type": "string" } } } },
                    "404": response("NotFound") })) },
        "/api/v1/benchmarks/{id}/cancel": { "post": op("cancelBenchmark",
            "Cancels a queued or running benchmark", &["BenchmarkId"], Value::Null,
            json!({ "200": json_response("Cancelled", schema("Queued")),
                    "404": response("NotFound"), "409": response("Conflict") })) },
        "/api/v1/scenarios": { "post": op("createScenario",
            "Saves a new scenario as revision 1; the edit token is shown only here", &[],
            json_body(schema("ScenarioWrite")),
            json!({ "201": json_response("Created", schema("ScenarioCreated")),
                    "400": response("BadBody"), "413": response("BadBody"),
                    "422": response("Invalid") })) },
        "/api/v1/scenarios/{id}": {
            "get": op("getScenario",
                "A revision (the newest by default) recomputed from its stored inputs and recorded price table, or repriced with ?price_table",
                &["ScenarioId", "Revision", "Reprice"], Value::Null,
                json!({ "200": json_response("OK", schema("ScenarioView")),
                        "404": response("NotFound"), "422": response("Invalid") })),
            "put": secured(op("saveScenario", "Saves a new revision (a rename is a save with a new name)",
                &["ScenarioId"], json_body(schema("ScenarioWrite")),
                json!({ "200": json_response("Saved", schema("ScenarioSaved")),
                        "400": response("BadBody"), "403": response("Forbidden"),
                        "404": response("NotFound"), "413": response("BadBody"),
                        "422": response("Invalid") })), "editToken"),
            "delete": secured(op("deleteScenario", "Deletes the scenario and all its revisions",
                &["ScenarioId"], Value::Null,
                json!({ "204": { "description": "Deleted" }, "403": response("Forbidden"),
                        "404": response("NotFound") })), "editToken"),
        },
        "/api/v1/scenarios/{id}/revisions": { "get": op("scenarioRevisions",
            "Every revision, newest first", &["ScenarioId"], Value::Null,
            json!({ "200": json_response("OK",
                        json!({ "type": "array", "items": schema("RevisionSummary") })),
                    "404": response("NotFound") })) },
        "/api/v1/scenarios/{id}/fork": { "post": op("forkScenario",
            "Copies a revision (the newest by default) into a new scenario with its own id and edit token; no token needed",
            &["ScenarioId", "Revision"], Value::Null,
            json!({ "201": json_response("Forked", schema("ScenarioForked")),
                    "404": response("NotFound"), "422": response("Invalid") })) },
        "/api/v1/scenarios/{id}/report.pdf": { "get": export_op("scenarioReportPdf",
            "The PDF ROI report of a revision (the newest by default): summary, charts, cash flow, assumptions, sensitivity and provenance",
            &["ScenarioId", "Revision", "Paper"], "application/pdf", false) },
        "/api/v1/scenarios/{id}/workbook.xlsx": { "get": export_op("scenarioWorkbook",
            "The XLSX workbook of a revision: input cells, derived figures as Excel formulas, native charts, provenance",
            &["ScenarioId", "Revision"], XLSX, false) },
        "/api/v1/scenarios/{id}/cashflow.csv": { "get": export_op("scenarioCashflowCsv",
            "A revision's monthly cash flow as CSV (header row; formula-like cells neutralised)",
            &["ScenarioId", "Revision"], CSV, false) },
        "/api/v1/scenarios/{id}/routing.csv": { "get": export_op("scenarioRoutingCsv",
            "A revision's routing curve (hybrid cost and quality against SLM share) as CSV",
            &["ScenarioId", "Revision"], CSV, false) },
        "/api/v1/compare/report.pdf": { "get": export_op("compareReportPdf",
            "A comparison report of two to four scenarios (their newest revisions)",
            &["CompareIds", "Paper"], "application/pdf", true) },
        "/api/v1/compare/workbook.xlsx": { "get": export_op("compareWorkbook",
            "One workbook for two to four scenarios: a Comparison sheet and each scenario's sheets",
            &["CompareIds"], XLSX, true) },
        "/api/v1/compare/cashflow.csv": { "get": export_op("compareCashflowCsv",
            "The monthly cash flows of two to four scenarios, with a `scenario` column",
            &["CompareIds"], CSV, true) },
        "/api/v1/compare/routing.csv": { "get": export_op("compareRoutingCsv",
            "The routing curves of two to four scenarios, with a `scenario` column",
            &["CompareIds"], CSV, true) },
        "/api/v1/openapi.json": { "get": op("openapi", "This document", &[], Value::Null,
            json!({ "200": json_response("OpenAPI 3.1", object()) })) },
    })
}

fn parameters() -> Value {
    let positive = json!({ "type": "integer", "minimum": 1 });
    json!({
        "PriceTableQuery": { "name": "price_table", "in": "query", "required": false,
            "description": "A stored price-table version id; the active one when absent",
            "schema": positive },
        "Reprice": { "name": "price_table", "in": "query", "required": false,
            "description": "Reprice with this price-table version instead of the recorded one (unknown: 422)",
            "schema": positive },
        "Revision": { "name": "revision", "in": "query", "required": false,
            "description": "A revision number; the newest when absent (unknown: 404)",
            "schema": positive },
        "ScenarioId": { "name": "id", "in": "path", "required": true,
            "description": "32 lowercase hex digits (128 random bits); anything else is 404",
            "schema": { "type": "string", "pattern": "^[0-9a-f]{32}$" } },
        "Paper": { "name": "paper", "in": "query", "required": false,
            "description": "Paper size of the PDF; A4 when absent (anything else: 422 `paper`)",
            "schema": { "type": "string", "enum": ["a4", "letter"] } },
        "CompareIds": { "name": "ids", "in": "query", "required": true,
            "description": "Two to four scenario ids separated by commas (other counts: 422 `ids`)",
            "schema": { "type": "string", "pattern": "^[0-9a-f]{32}(,[0-9a-f]{32}){1,3}$" } },
        "BenchmarkId": { "name": "id", "in": "path", "required": true,
            "schema": { "type": "integer" } },
    })
}

fn responses() -> Value {
    let error = |description: &str| json_response(description, schema("Error"));
    json!({
        "BadBody": error("The body could not be read: not UTF-8 (400) or over 256 KiB (413)"),
        "Invalid": error("Invalid input; every problem is listed with its field path"),
        "NotFound": error("No such thing (the field says which)"),
        "Forbidden": error("Missing or wrong edit token (field `authorization`); nothing was changed"),
        "Unauthorized": error("Missing, unknown or revoked agent token (field `authorization`)"),
        "Conflict": error("The request conflicts with the thing's state"),
        "Internal": error("The server failed (the log has the cause; the body never does)"),
    })
}
