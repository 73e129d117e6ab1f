//! `GET /api/v1/openapi.json`, generated from the handlers and the contract's types, held
//! to the router (exactly the expected operations, each reaching a handler, each query key
//! documented exactly where a handler reads it), to the contract (`api::endpoints`: every
//! JSON endpoint answers with the schema of its reply type), and to the server's real
//! answers (every operation called, every JSON body validated against its documented
//! schema).

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::benchmarks::{agent_report, agent_result, post_agent_result, tiny_job};
use crate::common::scenarios::{create, example, example_at, v2_example};
use crate::common::{app, spawn_with, Reply, TestApp};
use crate::traffic::SPEND_LOG;

/// Every operation the API has: (path, method).
const OPERATIONS: [(&str, &str); 40] = [
    ("/api/v1/benchmarks", "get"),
    ("/api/v1/benchmarks", "post"),
    ("/api/v1/benchmarks/catalog", "get"),
    ("/api/v1/benchmarks/results", "post"),
    ("/api/v1/benchmarks/{id}", "get"),
    ("/api/v1/benchmarks/{id}/cancel", "post"),
    ("/api/v1/benchmarks/{id}/events", "get"),
    ("/api/v1/compare/breakdown.csv", "get"),
    ("/api/v1/compare/cashflow.csv", "get"),
    ("/api/v1/compare/report.pdf", "get"),
    ("/api/v1/compare/routing.csv", "get"),
    ("/api/v1/compare/schedule.csv", "get"),
    ("/api/v1/compare/workbook.xlsx", "get"),
    ("/api/v1/evals", "get"),
    ("/api/v1/evals", "post"),
    ("/api/v1/evals/{id}", "get"),
    ("/api/v1/evals/{id}/cancel", "post"),
    ("/api/v1/evals/{id}/events", "get"),
    ("/api/v1/health", "get"),
    ("/api/v1/openapi.json", "get"),
    ("/api/v1/plan", "post"),
    ("/api/v1/plan/placements", "post"),
    ("/api/v1/pricing/gpus", "get"),
    ("/api/v1/pricing/llm", "get"),
    ("/api/v1/pricing/llm/versions", "get"),
    ("/api/v1/profiles", "get"),
    ("/api/v1/profiles", "post"),
    ("/api/v1/scenarios", "post"),
    ("/api/v1/scenarios/{id}", "delete"),
    ("/api/v1/scenarios/{id}", "get"),
    ("/api/v1/scenarios/{id}", "put"),
    ("/api/v1/scenarios/{id}/breakdown.csv", "get"),
    ("/api/v1/scenarios/{id}/cashflow.csv", "get"),
    ("/api/v1/scenarios/{id}/fork", "post"),
    ("/api/v1/scenarios/{id}/report.pdf", "get"),
    ("/api/v1/scenarios/{id}/revisions", "get"),
    ("/api/v1/scenarios/{id}/routing.csv", "get"),
    ("/api/v1/scenarios/{id}/schedule.csv", "get"),
    ("/api/v1/scenarios/{id}/workbook.xlsx", "get"),
    ("/api/v1/traffic/analyse", "post"),
];

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

async fn document(app: &TestApp) -> Value {
    let (status, doc) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200, "{doc}");
    doc
}

fn operations(doc: &Value) -> impl Iterator<Item = (&String, &String, &Value)> {
    doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .iter()
                .map(move |(method, op)| (path, method, op))
        })
}

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    operations(doc)
        .map(|(path, method, _)| {
            assert!(METHODS.contains(&method.as_str()), "{path}: {method}");
            (path.clone(), method.clone())
        })
        .collect()
}

/// `path` with its `{id}` filled: a scenario id for scenario paths, else a benchmark id.
fn concrete(path: &str, scenario: &str, benchmark: &str) -> String {
    path.replace("/scenarios/{id}", &format!("/scenarios/{scenario}"))
        .replace("{id}", benchmark)
}

fn method(name: &str) -> Method {
    Method::from_bytes(name.to_uppercase().as_bytes()).unwrap()
}

#[tokio::test]
async fn the_document_names_exactly_the_routes_of_the_router() {
    let app = app(None).await;
    let doc = document(&app).await;
    assert_eq!(doc["openapi"], json!("3.1.0"));
    let expected: BTreeSet<(String, String)> = OPERATIONS
        .iter()
        .map(|(p, m)| (p.to_string(), m.to_string()))
        .collect();
    assert_eq!(documented(&doc), expected);
    // Each documented operation reaches a handler: no 405, no "no such API route".
    for (path, name) in OPERATIONS {
        let url = concrete(path, &"0".repeat(32), "1");
        let reply = app.request(method(name), &url, &[], Vec::new()).await;
        let text = String::from_utf8_lossy(&reply.body);
        assert_ne!(reply.status, 405, "{name} {url}");
        assert!(!text.contains("no such API route"), "{name} {url}: {text}");
    }
}

fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r);
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn every_ref_resolves_and_every_operation_is_described() {
    let app = app(None).await;
    let doc = document(&app).await;
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(found.len() > 40, "{}", found.len());
    for r in found {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external $ref {r}"));
        assert!(doc.pointer(pointer).is_some(), "unresolved $ref {r}");
    }
    for (path, method, op) in operations(&doc) {
        let what = format!("{method} {path}");
        assert!(
            op["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{what}"
        );
        let codes = op["responses"].as_object().unwrap();
        assert!(codes.keys().any(|c| c.starts_with('2')), "{what}");
        // Every error answer is the one error body.
        for (code, response) in codes.iter().filter(|(c, _)| !c.starts_with('2')) {
            assert_eq!(
                response["content"]["application/json"]["schema"],
                json!({ "$ref": "#/components/schemas/ErrorBody" }),
                "{what} {code}"
            );
        }
        // A path parameter is declared for every `{…}` in the path.
        for name in path
            .split('{')
            .skip(1)
            .map(|s| s.split('}').next().unwrap())
        {
            let declared = op["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["in"] == json!("path") && p["name"] == json!(name));
            assert!(declared, "{what}: no parameter {name}");
        }
    }
    let scenario_ops = &doc["paths"]["/api/v1/scenarios/{id}"];
    for (method, codes) in [
        ("get", &["200", "404", "422"][..]),
        ("put", &["200", "403", "404", "422"]),
        ("delete", &["204", "403", "404"]),
    ] {
        for code in codes {
            assert!(
                scenario_ops[method]["responses"][code].is_object(),
                "{method} {code}"
            );
        }
    }
    // The bearer tokens: declared once, required exactly where a handler checks one.
    let schemes = &doc["components"]["securitySchemes"];
    for scheme in ["editToken", "agentToken"] {
        assert_eq!(schemes[scheme]["type"], json!("http"), "{scheme}");
        assert_eq!(schemes[scheme]["scheme"], json!("bearer"), "{scheme}");
    }
    let secured: BTreeSet<(String, String, String)> = operations(&doc)
        .filter_map(|(path, method, op)| {
            let scheme = op["security"][0].as_object()?.keys().next()?.clone();
            Some((path.clone(), method.clone(), scheme))
        })
        .collect();
    let expected: BTreeSet<(String, String, String)> = [
        ("/api/v1/benchmarks/results", "post", "agentToken"),
        ("/api/v1/scenarios/{id}", "delete", "editToken"),
        ("/api/v1/scenarios/{id}", "put", "editToken"),
    ]
    .iter()
    .map(|(p, m, s)| (p.to_string(), m.to_string(), s.to_string()))
    .collect();
    assert_eq!(secured, expected);
}

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

fn schema_keys(doc: &Value, name: &str) -> BTreeSet<String> {
    let schema = &doc["components"]["schemas"][name];
    assert_eq!(schema["additionalProperties"], json!(false), "{name}");
    keys(&schema["properties"])
}

#[tokio::test]
async fn scenario_and_error_schemas_list_exactly_what_the_handlers_send() {
    let app = app(None).await;
    let doc = document(&app).await;
    let example: Value =
        serde_json::from_str(include_str!("../../../examples/worked-example.json")).unwrap();
    let body = json!({ "scenario": example });
    let (_, created) = app.post_json("/api/v1/scenarios", &body).await;
    assert_eq!(keys(&created), schema_keys(&doc, "ScenarioCreated"));
    let id = created["id"].as_str().unwrap();
    let path = format!("/api/v1/scenarios/{id}");
    let token = created["edit_token"].as_str().unwrap();
    let (_, saved) = app.send(Method::PUT, &path, Some(token), Some(&body)).await;
    assert_eq!(keys(&saved), schema_keys(&doc, "ScenarioSaved"));
    let (_, view) = app.get_json(&path).await;
    assert_eq!(keys(&view), schema_keys(&doc, "ScenarioView"));
    assert_eq!(
        keys(&view["price_table"]),
        schema_keys(&doc, "PriceTableRef")
    );
    let (_, list) = app.get_json(&format!("{path}/revisions")).await;
    assert_eq!(keys(&list[0]), schema_keys(&doc, "RevisionSummary"));
    let (_, fork) = app.post_json(&format!("{path}/fork"), &Value::Null).await;
    assert_eq!(keys(&fork), schema_keys(&doc, "ScenarioForked"));
    assert_eq!(keys(&fork["forked_from"]), schema_keys(&doc, "ForkedFrom"));
    assert_eq!(
        keys(&view["saved_figures"]),
        schema_keys(&doc, "SavedFigures")
    );
    for plan_of in [example, v2_example()] {
        let (_, plan) = app
            .post_plan(&plan_of.to_string(), "application/json")
            .await;
        let schemas = &doc["components"]["schemas"];
        assert_eq!(keys(&plan), properties(schemas, "PlanResult"));
        // Every key the schema requires is sent (some with serde defaults are sent but not
        // required, so a v1 reader stays valid).
        assert!(required(schemas, "PlanResult").is_subset(&keys(&plan)));
        // The options carry their fleet's figures flattened in: exactly the option's own
        // properties and the fleet's.
        let fleet = properties(schemas, "FleetFigures");
        for (option, schema) in [
            ("self_hosted", "SelfHostedResult"),
            ("hybrid", "HybridResult"),
        ] {
            let documented: BTreeSet<String> =
                properties(schemas, schema).union(&fleet).cloned().collect();
            assert_eq!(keys(&plan[option]), documented, "{option}");
        }
        assert_eq!(
            keys(&plan["self_hosted"]["breakdown"]),
            properties(schemas, "Breakdown")
        );
        assert_eq!(
            keys(&plan["self_hosted"]["schedule"][0]),
            properties(schemas, "SlotFleet")
        );
        assert_eq!(keys(&plan["warnings"][0]), properties(schemas, "Warning"));
    }
    let (_, error) = app
        .get_json(&format!("/api/v1/scenarios/{}", "f".repeat(32)))
        .await;
    assert_eq!(keys(&error), schema_keys(&doc, "ErrorBody"));
    assert_eq!(keys(&error["error"]), schema_keys(&doc, "FieldError"));
    let input = &doc["components"]["schemas"]["ScenarioInput"]["properties"];
    assert_eq!(keys(input), keys(&view["scenario"]));
}

/// The properties a component schema documents, its own and those of every schema it
/// combines with `allOf` (how a `#[serde(flatten)]` field is documented).
fn properties(schemas: &Value, name: &str) -> BTreeSet<String> {
    let schema = &schemas[name];
    let mut out: BTreeSet<String> = schema["properties"]
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    for part in schema["allOf"].as_array().into_iter().flatten() {
        match part["$ref"].as_str() {
            Some(r) => out.extend(properties(schemas, r.rsplit('/').next().unwrap())),
            None => out.extend(part["properties"].as_object().unwrap().keys().cloned()),
        }
    }
    assert!(!out.is_empty(), "{name} documents no properties: {schema}");
    out
}

/// The keys a component schema requires, its own and its `allOf` parts'.
fn required(schemas: &Value, name: &str) -> BTreeSet<String> {
    let schema = &schemas[name];
    let own = schema["required"].as_array().into_iter().flatten();
    let parts = schema["allOf"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| p["required"].as_array().into_iter().flatten());
    own.chain(parts)
        .map(|k| k.as_str().unwrap().to_string())
        .collect()
}

/// The schema a Rust type name (`std::any::type_name`) stands for in the document: its
/// component, an array of one for `Vec<T>`, none for `()`.
fn schema_of(type_name: &str) -> Option<Value> {
    if type_name == "()" {
        return None;
    }
    let component = |name: &str| {
        let name = name.rsplit("::").next().unwrap();
        json!({ "$ref": format!("#/components/schemas/{name}") })
    };
    Some(match type_name.strip_prefix("alloc::vec::Vec<") {
        Some(inner) => json!({ "type": "array", "items": component(inner.trim_end_matches('>')) }),
        None => component(type_name),
    })
}

#[tokio::test]
async fn every_endpoint_of_the_contract_is_documented_with_its_types() {
    let app = app(None).await;
    let doc = document(&app).await;
    let endpoints = api::endpoints::all();
    assert!(endpoints.len() >= 19, "{}", endpoints.len());
    for endpoint in endpoints {
        let (method, path) = (endpoint.method.as_str(), endpoint.path);
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path} is not documented");
        let responses = op["responses"].as_object().unwrap();
        let (code, success) = responses
            .iter()
            .find(|(code, _)| code.starts_with('2'))
            .unwrap();
        let documented = success["content"]["application/json"]["schema"].clone();
        match schema_of(endpoint.reply) {
            Some(schema) => assert_eq!(documented, schema, "{method} {path} {code}"),
            None => assert!(
                success.get("content").is_none() && code == "204",
                "{method} {path}: {code} {success}"
            ),
        }
        // A log sent as it is: documented under each media type the guard lets through.
        if endpoint.body == std::any::type_name::<api::traffic::RawLog>() {
            let content = keys(&op["requestBody"]["content"]);
            let media: BTreeSet<String> = api::traffic::LOG_MEDIA_TYPES
                .iter()
                .map(|m| m.to_string())
                .collect();
            assert_eq!(content, media, "{method} {path} request body");
            continue;
        }
        let body = op["requestBody"]["content"]["application/json"]["schema"].clone();
        match schema_of(endpoint.body) {
            Some(schema) => assert_eq!(body, schema, "{method} {path} request body"),
            None => assert!(
                op.get("requestBody").is_none(),
                "{method} {path} takes no body"
            ),
        }
    }
}

/// Which query keys an operation documents.
fn query_keys(op: &Value) -> BTreeSet<String> {
    op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["in"] == json!("query"))
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn query_keys_are_documented_exactly_where_a_handler_reads_them() {
    let app = app(None).await;
    let doc = document(&app).await;
    let unknown = "0".repeat(32);
    let pair = format!("{unknown},{}", "1".repeat(32));
    let too_long = "a".repeat(api::catalogs::PRICE_SEARCH_MAX_CHARS + 1);
    // A value each key refuses, and one each key takes.
    let keys: [(&str, &str, &str); 8] = [
        ("revision", "zero", "1"),
        ("price_table", "zero", "1"),
        ("paper", "a3", "a4"),
        ("ids", "x", &pair),
        ("q", &too_long, "gpt"),
        ("model", &too_long, "gpt-4o"),
        ("limit", "0", "10"),
        ("cursor", "x", "1-0"),
    ];
    for (path, name, op) in operations(&doc) {
        let documented = query_keys(op);
        let url = concrete(path, &unknown, "999");
        for (key, refused, taken) in keys {
            let (value, read) = match documented.contains(key) {
                true => (refused, true),
                false => (taken, false),
            };
            let reply = app
                .request(
                    method(name),
                    &format!("{url}?{key}={value}"),
                    &[],
                    Vec::new(),
                )
                .await;
            let what = format!("{name} {path}?{key}={value}: {}", reply.status);
            let named: Vec<String> = match serde_json::from_slice::<Value>(&reply.body) {
                Ok(body) => body["errors"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|e| e["field"] == json!(key))
                    .map(|e| e["message"].as_str().unwrap().to_string())
                    .collect(),
                Err(_) => Vec::new(),
            };
            if read {
                // A documented key is read: its bad value is refused by name, as a value.
                assert_eq!(reply.status, 422, "{what}");
                assert!(
                    !named.is_empty() && named.iter().all(|m| m != "unknown query parameter"),
                    "{what}: {named:?}"
                );
            } else {
                // An undocumented key is never read: ignored, or refused as unknown.
                assert!(
                    named.iter().all(|m| m == "unknown query parameter"),
                    "{what}: {named:?}"
                );
            }
        }
    }
}

/// What in `body` breaks `schema` (draft 2020-12), whose `$ref`s point into `doc`'s
/// components: validated against a root made of those components.
fn violations(doc: &Value, schema: &Value, body: &Value) -> Vec<String> {
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": doc["components"],
        "allOf": [schema],
    });
    let validator = jsonschema::draft202012::new(&root)
        .unwrap_or_else(|e| panic!("the documented schema {schema} does not compile: {e}"));
    validator
        .iter_errors(body)
        .map(|e| format!("{e} (at {})", e.instance_path()))
        .collect()
}

fn assert_valid(doc: &Value, schema: &Value, body: &Value, what: &str) {
    let errors = violations(doc, schema, body);
    assert!(errors.is_empty(), "{what}: {errors:#?}\n{body}");
}

/// One call of the walk: what to send and the status it must answer with.
struct Call {
    method: &'static str,
    path: &'static str,
    url: String,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    status: u16,
}

fn call(method: &'static str, path: &'static str, url: String, status: u16) -> Call {
    Call {
        method,
        path,
        url,
        headers: Vec::new(),
        body: Vec::new(),
        status,
    }
}

impl Call {
    fn json(mut self, body: &Value) -> Self {
        self.headers
            .push(("content-type", "application/json".into()));
        self.body = serde_json::to_vec(body).unwrap();
        self
    }

    fn bytes(mut self, body: Vec<u8>) -> Self {
        self.headers
            .push(("content-type", "application/json".into()));
        self.body = body;
        self
    }

    fn log(mut self, body: &str) -> Self {
        self.headers.push(("content-type", "text/csv".into()));
        self.body = body.as_bytes().to_vec();
        self
    }

    fn token(mut self, token: &str) -> Self {
        self.headers
            .push(("authorization", format!("Bearer {token}")));
        self
    }
}

/// The answer's documented response, checked: a JSON body against its schema, anything
/// else by its content type.
fn check(doc: &Value, call: &Call, reply: &Reply) {
    let what = format!("{} {} -> {}", call.method, call.url, reply.status);
    assert_eq!(
        reply.status,
        call.status,
        "{what}: {}",
        String::from_utf8_lossy(&reply.body)
    );
    let response = &doc["paths"][call.path][call.method]["responses"][call.status.to_string()];
    assert!(response.is_object(), "{what}: status not documented");
    let Some(content) = response["content"].as_object() else {
        assert!(reply.body.is_empty(), "{what}: undocumented body");
        return;
    };
    let (media, media_type) = content.iter().next().unwrap();
    let sent = reply.header("content-type");
    if media == "application/json" {
        assert!(sent.starts_with("application/json"), "{what}: {sent}");
        let body: Value = serde_json::from_slice(&reply.body).unwrap();
        assert_valid(doc, &media_type["schema"], &body, &what);
    } else {
        assert!(
            sent.starts_with(media.as_str()),
            "{what}: {sent}, documented {media}"
        );
        assert!(!reply.body.is_empty(), "{what}: empty");
    }
}

#[tokio::test]
async fn every_operation_answers_as_documented() {
    // The log limit made small, so a 413 needs no 256 MiB body.
    let app = spawn_with(
        None,
        |s| s.with_traffic_body_limit(breakeven::TRAFFIC_BODY_LIMIT_BYTES / 64),
        breakeven::ConnectionLimits::default(),
    )
    .await;
    let doc = document(&app).await;
    // The validator sees through the `$ref`s: a body breaking the schema is caught.
    let error_body = json!({ "$ref": "#/components/schemas/ErrorBody" });
    let broken = json!({ "error": { "field": "", "message": "x" }, "errors": [{ "field": 1 }] });
    assert!(!violations(&doc, &error_body, &broken).is_empty());
    let (a, token) = create(&app, &example_at(1e6, "Option A")).await;
    let (b, _) = create(&app, &example_at(2e6, "Option B")).await;
    let (doomed, doomed_token) = create(&app, &example()).await;
    // Revisions as older servers left them: saved before figures were recorded (all NULL),
    // and recorded by cost model v1 with other figures; both views say so.
    let (unrecorded, _) = create(&app, &example()).await;
    let (by_v1, _) = create(&app, &v2_example()).await;
    for (id, set) in [
        (&unrecorded, "model_version = NULL, api_monthly_usd = NULL, self_hosted_monthly_usd = NULL, hybrid_monthly_usd = NULL, break_even_requests_per_month = NULL"),
        (&by_v1, "model_version = 1, api_monthly_usd = 1, break_even_requests_per_month = NULL"),
    ] {
        sqlx::query(&format!("UPDATE scenario_revisions SET {set} WHERE scenario_id = $1"))
            .bind(id)
            .execute(&app.sql().await)
            .await
            .unwrap();
    }
    let done = post_agent_result(&app, "schema-agent", &agent_result()).await;
    let agent = breakeven::store::agent_tokens::create(&app.pool().await, "walker")
        .await
        .unwrap();
    let profile = json!({"name": "Bot", "workload": {"requests_per_month": 1000.0, "input_tokens": 800.0,
        "output_tokens": 150.0, "cached_input_share": 0.2, "peak_to_average": 2.5, "monthly_growth": 0.0},
        "slo": {"ttft_ms": 800.0, "tpot_ms": 40.0}});
    let mut bad_job = tiny_job();
    bad_job["device"] = json!("tpu");
    let huge = format!(
        "{{\"name\": \"{}\"}}",
        "x".repeat(breakeven::BODY_LIMIT_BYTES + 1)
    );
    let huge_log = "x".repeat(breakeven::TRAFFIC_BODY_LIMIT_BYTES as usize / 64 + 1);
    let write = json!({ "scenario": example_at(3e6, "Option A, saved again") });
    let invalid = json!({ "scenario": { "name": "x" } });
    let pair = format!("{a},{b}");
    let s = |suffix: &str| format!("/api/v1/scenarios/{a}{suffix}");
    let benchmark =
        |id: &dyn std::fmt::Display, suffix: &str| format!("/api/v1/benchmarks/{id}{suffix}");
    let eval = |id: &dyn std::fmt::Display, suffix: &str| format!("/api/v1/evals/{id}{suffix}");
    let bad_eval = json!({"weights": "model.gguf", "sample": {"kind": "demo"}, "task": "classify",
        "device": "cpu", "llm_quality": 0.9, "batch_items": 0});
    let walk = vec![
        call("post", "/api/v1/plan", "/api/v1/plan".into(), 200).json(&example()),
        call("post", "/api/v1/plan", "/api/v1/plan".into(), 200).json(&v2_example()),
        call("post", "/api/v1/plan", "/api/v1/plan".into(), 422).json(&json!({"name": 1})),
        call("post", "/api/v1/plan", "/api/v1/plan".into(), 400).bytes(vec![0xff, 0xfe]),
        call("post", "/api/v1/plan", "/api/v1/plan".into(), 413).bytes(huge.into_bytes()),
        call(
            "post",
            "/api/v1/plan",
            "/api/v1/plan?price_table=999".into(),
            404,
        )
        .json(&example()),
        call(
            "post",
            "/api/v1/plan/placements",
            "/api/v1/plan/placements".into(),
            200,
        )
        .json(&placements_example()),
        call(
            "post",
            "/api/v1/plan/placements",
            "/api/v1/plan/placements".into(),
            422,
        )
        .json(&example()),
        call(
            "post",
            "/api/v1/plan/placements",
            "/api/v1/plan/placements".into(),
            400,
        )
        .bytes(vec![0xff, 0xfe]),
        call(
            "post",
            "/api/v1/plan/placements",
            "/api/v1/plan/placements?price_table=999".into(),
            404,
        )
        .json(&placements_example()),
        call("get", "/api/v1/health", "/api/v1/health".into(), 200),
        call(
            "get",
            "/api/v1/pricing/llm",
            "/api/v1/pricing/llm".into(),
            200,
        ),
        call(
            "get",
            "/api/v1/pricing/llm",
            "/api/v1/pricing/llm?q=gpt&limit=2".into(),
            200,
        ),
        call(
            "get",
            "/api/v1/pricing/llm",
            "/api/v1/pricing/llm?limit=5001".into(),
            422,
        ),
        call(
            "get",
            "/api/v1/pricing/llm",
            "/api/v1/pricing/llm?price_table=999".into(),
            404,
        ),
        call(
            "get",
            "/api/v1/pricing/llm",
            "/api/v1/pricing/llm?price_table=x".into(),
            422,
        ),
        call(
            "get",
            "/api/v1/pricing/llm/versions",
            "/api/v1/pricing/llm/versions".into(),
            200,
        ),
        call(
            "get",
            "/api/v1/pricing/gpus",
            "/api/v1/pricing/gpus".into(),
            200,
        ),
        call("post", "/api/v1/profiles", "/api/v1/profiles".into(), 201).json(&profile),
        call("post", "/api/v1/profiles", "/api/v1/profiles".into(), 422).json(&json!({})),
        call("get", "/api/v1/profiles", "/api/v1/profiles".into(), 200),
        call(
            "get",
            "/api/v1/benchmarks/catalog",
            "/api/v1/benchmarks/catalog".into(),
            200,
        ),
        call(
            "post",
            "/api/v1/benchmarks",
            "/api/v1/benchmarks".into(),
            422,
        )
        .json(&bad_job),
        call(
            "post",
            "/api/v1/benchmarks/results",
            "/api/v1/benchmarks/results".into(),
            401,
        )
        .json(&agent_report(&agent_result())),
        call(
            "post",
            "/api/v1/benchmarks/results",
            "/api/v1/benchmarks/results".into(),
            422,
        )
        .json(&json!({ "result": {} }))
        .token(&agent),
        call(
            "post",
            "/api/v1/benchmarks/results",
            "/api/v1/benchmarks/results".into(),
            201,
        )
        .json(&agent_report(&agent_result()))
        .token(&agent),
        call(
            "get",
            "/api/v1/benchmarks",
            "/api/v1/benchmarks".into(),
            200,
        ),
        call("get", "/api/v1/benchmarks/{id}", benchmark(&done, ""), 200),
        call("get", "/api/v1/benchmarks/{id}", benchmark(&999, ""), 404),
        call(
            "get",
            "/api/v1/benchmarks/{id}/events",
            benchmark(&done, "/events"),
            200,
        ),
        call(
            "get",
            "/api/v1/benchmarks/{id}/events",
            benchmark(&999, "/events"),
            404,
        ),
        call(
            "post",
            "/api/v1/benchmarks/{id}/cancel",
            benchmark(&done, "/cancel"),
            409,
        ),
        call(
            "post",
            "/api/v1/benchmarks/{id}/cancel",
            benchmark(&999, "/cancel"),
            404,
        ),
        call("post", "/api/v1/evals", "/api/v1/evals".into(), 422).json(&bad_eval),
        call("get", "/api/v1/evals", "/api/v1/evals".into(), 200),
        call("get", "/api/v1/evals/{id}", eval(&999, ""), 404),
        call(
            "get",
            "/api/v1/evals/{id}/events",
            eval(&999, "/events"),
            404,
        ),
        call(
            "post",
            "/api/v1/evals/{id}/cancel",
            eval(&999, "/cancel"),
            404,
        ),
        call("post", "/api/v1/scenarios", "/api/v1/scenarios".into(), 201).json(&write),
        call("post", "/api/v1/scenarios", "/api/v1/scenarios".into(), 422).json(&invalid),
        call("get", "/api/v1/scenarios/{id}", s(""), 200),
        call("get", "/api/v1/scenarios/{id}", s("?revision=9"), 404),
        call(
            "get",
            "/api/v1/scenarios/{id}",
            format!("/api/v1/scenarios/{unrecorded}"),
            200,
        ),
        call(
            "get",
            "/api/v1/scenarios/{id}",
            format!("/api/v1/scenarios/{by_v1}"),
            200,
        ),
        call("put", "/api/v1/scenarios/{id}", s(""), 403).json(&write),
        call("put", "/api/v1/scenarios/{id}", s(""), 200)
            .json(&write)
            .token(&token),
        call(
            "get",
            "/api/v1/scenarios/{id}/revisions",
            s("/revisions"),
            200,
        ),
        call("post", "/api/v1/scenarios/{id}/fork", s("/fork"), 201),
        call(
            "delete",
            "/api/v1/scenarios/{id}",
            format!("/api/v1/scenarios/{doomed}"),
            403,
        ),
        call(
            "delete",
            "/api/v1/scenarios/{id}",
            format!("/api/v1/scenarios/{doomed}"),
            204,
        )
        .token(&doomed_token),
        call(
            "get",
            "/api/v1/scenarios/{id}/report.pdf",
            s("/report.pdf"),
            200,
        ),
        call(
            "get",
            "/api/v1/scenarios/{id}/workbook.xlsx",
            s("/workbook.xlsx"),
            200,
        ),
        call(
            "get",
            "/api/v1/scenarios/{id}/cashflow.csv",
            s("/cashflow.csv"),
            200,
        ),
        call(
            "get",
            "/api/v1/scenarios/{id}/routing.csv",
            s("/routing.csv?revision=1"),
            200,
        ),
        // A fleet with a week (v2: load shape, hourly scaling) and one without.
        call(
            "get",
            "/api/v1/scenarios/{id}/schedule.csv",
            format!("/api/v1/scenarios/{by_v1}/schedule.csv"),
            200,
        ),
        call(
            "get",
            "/api/v1/scenarios/{id}/schedule.csv",
            s("/schedule.csv?revision=9"),
            404,
        ),
        call(
            "get",
            "/api/v1/scenarios/{id}/breakdown.csv",
            s("/breakdown.csv"),
            200,
        ),
        call(
            "get",
            "/api/v1/scenarios/{id}/breakdown.csv",
            format!("/api/v1/scenarios/{by_v1}/breakdown.csv"),
            200,
        ),
        call(
            "get",
            "/api/v1/compare/report.pdf",
            format!("/api/v1/compare/report.pdf?ids={pair}"),
            200,
        ),
        call(
            "get",
            "/api/v1/compare/workbook.xlsx",
            format!("/api/v1/compare/workbook.xlsx?ids={pair}"),
            200,
        ),
        call(
            "get",
            "/api/v1/compare/cashflow.csv",
            format!("/api/v1/compare/cashflow.csv?ids={pair}"),
            200,
        ),
        call(
            "get",
            "/api/v1/compare/routing.csv",
            format!("/api/v1/compare/routing.csv?ids={pair}"),
            200,
        ),
        call(
            "get",
            "/api/v1/compare/routing.csv",
            "/api/v1/compare/routing.csv?ids=x".into(),
            422,
        ),
        call(
            "get",
            "/api/v1/compare/schedule.csv",
            format!("/api/v1/compare/schedule.csv?ids={a},{by_v1}"),
            200,
        ),
        call(
            "get",
            "/api/v1/compare/breakdown.csv",
            format!("/api/v1/compare/breakdown.csv?ids={pair}"),
            200,
        ),
        call(
            "get",
            "/api/v1/compare/breakdown.csv",
            format!("/api/v1/compare/breakdown.csv?ids={a},{}", "f".repeat(32)),
            404,
        ),
        call(
            "get",
            "/api/v1/openapi.json",
            "/api/v1/openapi.json".into(),
            200,
        ),
        call(
            "post",
            "/api/v1/traffic/analyse",
            format!("/api/v1/traffic/analyse?tz=%2B01:00&scenario={a}"),
            200,
        )
        .log(SPEND_LOG),
        call(
            "post",
            "/api/v1/traffic/analyse",
            "/api/v1/traffic/analyse?format=litellm_spend_logs_csv".into(),
            200,
        )
        .log(SPEND_LOG),
        call(
            "post",
            "/api/v1/traffic/analyse",
            "/api/v1/traffic/analyse?tz=%2B99:00".into(),
            400,
        )
        .log(SPEND_LOG),
        call(
            "post",
            "/api/v1/traffic/analyse",
            format!("/api/v1/traffic/analyse?scenario={}", "f".repeat(32)),
            404,
        )
        .log(SPEND_LOG),
        call(
            "post",
            "/api/v1/traffic/analyse",
            "/api/v1/traffic/analyse".into(),
            422,
        )
        .log("request_id,startTime,model,prompt_tokens,completion_tokens\nr,x,m,1,1\n"),
        call(
            "post",
            "/api/v1/traffic/analyse",
            "/api/v1/traffic/analyse".into(),
            413,
        )
        .log(&huge_log),
        // A form's type: a foreign page could send it without asking.
        Call {
            headers: vec![("content-type", "text/plain".into())],
            body: SPEND_LOG.as_bytes().to_vec(),
            ..call(
                "post",
                "/api/v1/traffic/analyse",
                "/api/v1/traffic/analyse".into(),
                415,
            )
        },
    ];
    let mut called = BTreeSet::new();
    let mut statuses = BTreeSet::new();
    for step in &walk {
        let headers: Vec<(&str, &str)> =
            step.headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let reply = app
            .request(method(step.method), &step.url, &headers, step.body.clone())
            .await;
        check(&doc, step, &reply);
        called.insert((step.path.to_string(), step.method.to_string()));
        statuses.insert(step.status);
    }
    // A benchmark queued here (no run needed: it is cancelled at once, or as it starts).
    let (status, queued) = app.post_json("/api/v1/benchmarks", &tiny_job()).await;
    let queued_id = queued["id"].clone();
    let submit = call(
        "post",
        "/api/v1/benchmarks",
        "/api/v1/benchmarks".into(),
        202,
    );
    check(&doc, &submit, &reply_of(status, &queued));
    let cancel = call(
        "post",
        "/api/v1/benchmarks/{id}/cancel",
        benchmark(&queued_id, "/cancel"),
        200,
    );
    let reply = app
        .request(Method::POST, &cancel.url, &[], Vec::new())
        .await;
    check(&doc, &cancel, &reply);
    called.extend([submit, cancel].map(|c| (c.path.to_string(), c.method.to_string())));
    // An eval queued here on a file that is no model: cancelled at once or failing as it
    // starts, then read back, followed and cancelled again.
    std::fs::write(app.models_dir.join("model.gguf"), b"GGUF....").unwrap();
    let mut good_eval = bad_eval.clone();
    good_eval["batch_items"] = json!(8);
    let (status, queued) = app.post_json("/api/v1/evals", &good_eval).await;
    let eval_id = queued["id"].clone();
    let submit = call("post", "/api/v1/evals", "/api/v1/evals".into(), 202);
    check(&doc, &submit, &reply_of(status, &queued));
    let cancel = call(
        "post",
        "/api/v1/evals/{id}/cancel",
        eval(&eval_id, "/cancel"),
        200,
    );
    let reply = app
        .request(Method::POST, &cancel.url, &[], Vec::new())
        .await;
    check(&doc, &cancel, &reply);
    let started = std::time::Instant::now();
    loop {
        let (_, job) = app.get_json(&eval(&eval_id, "")).await;
        if ["cancelled", "failed"].contains(&job["status"].as_str().unwrap()) {
            break;
        }
        assert!(started.elapsed().as_secs() < 120, "{job}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    for step in [
        call("get", "/api/v1/evals/{id}", eval(&eval_id, ""), 200),
        call(
            "get",
            "/api/v1/evals/{id}/events",
            eval(&eval_id, "/events"),
            200,
        ),
        call(
            "post",
            "/api/v1/evals/{id}/cancel",
            eval(&eval_id, "/cancel"),
            409,
        ),
        call("get", "/api/v1/evals", "/api/v1/evals".into(), 200),
    ] {
        let reply = app
            .request(method(step.method), &step.url, &[], Vec::new())
            .await;
        check(&doc, &step, &reply);
        called.insert((step.path.to_string(), step.method.to_string()));
    }
    called.extend([submit, cancel].map(|c| (c.path.to_string(), c.method.to_string())));
    // A stored row that no longer reads is a 500 with the error body and no detail.
    sqlx::query(
        "INSERT INTO benchmarks (status, device, request_json, command, source, created_unix)
         VALUES ('failed', 'cpu', '{\"not\": \"a request\"}', 'x', 'server', 1)",
    )
    .execute(&app.sql().await)
    .await
    .unwrap();
    let broken = call(
        "get",
        "/api/v1/benchmarks",
        "/api/v1/benchmarks".into(),
        500,
    );
    let reply = app.request(Method::GET, &broken.url, &[], Vec::new()).await;
    check(&doc, &broken, &reply);
    let message = reply.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        !message.contains("request") && message.contains("server log"),
        "{message}"
    );
    statuses.extend([202, broken.status]);

    let every: BTreeSet<(String, String)> = OPERATIONS
        .iter()
        .map(|(p, m)| (p.to_string(), m.to_string()))
        .collect();
    assert_eq!(called, every, "operations the walk did not call");
    for status in [400, 401, 403, 404, 409, 413, 422, 500] {
        assert!(statuses.contains(&status), "no {status} answer was checked");
    }
}

/// A reply already read as JSON, for [`check`].
fn reply_of(status: u16, body: &Value) -> Reply {
    let mut headers = axum::http::HeaderMap::new();
    headers.insert("content-type", "application/json".parse().unwrap());
    Reply {
        status,
        headers,
        body: serde_json::to_vec(body).unwrap(),
    }
}

/// A self-hosted scenario naming its model: what the placements table needs.
fn placements_example() -> Value {
    let mut v = example();
    v["slm"]["model"] = json!("qwen2.5-0.5b");
    v
}
