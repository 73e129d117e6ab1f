//! `GET /api/v1/openapi.json` against the router: the document names exactly the routes
//! `lib.rs` registers (read from its source, so a new route without documentation fails
//! here), every `$ref` resolves, and the scenario schemas list exactly the keys the
//! handlers send.

mod common;

use std::collections::BTreeSet;

use common::{spawn, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

const LIB_RS: &str = include_str!("../src/lib.rs");
const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

/// (path, method) of every `.route("/api/v1/…", get(…).post(…))` in lib.rs.
fn routed() -> BTreeSet<(String, String)> {
    let mut routes = BTreeSet::new();
    for chunk in LIB_RS.split(".route(").skip(1) {
        let chunk = chunk.split(".layer(").next().unwrap();
        let path = chunk.split('"').nth(1).unwrap();
        if !path.starts_with("/api/v1/") {
            continue;
        }
        let code: String = chunk.split('"').skip(2).collect();
        let mut found = false;
        for method in METHODS {
            // `get(` starting the handler list or `.get(` chained after it, not `x::get_one`.
            let call = format!("{method}(");
            let called = code.match_indices(&call).any(|(at, _)| {
                !code[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            });
            if called {
                routes.insert((path.to_string(), method.to_string()));
                found = true;
            }
        }
        assert!(found, "no method found for {path}");
    }
    routes
}

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            assert!(METHODS.contains(&method.as_str()), "{path}: {method}");
            ops.insert((path.clone(), method.clone()));
        }
    }
    ops
}

async fn document(app: &TestApp) -> Value {
    let (status, doc) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200, "{doc}");
    doc
}

#[tokio::test]
async fn the_document_names_exactly_the_routes_of_the_router() {
    let app = spawn(None).await;
    let doc = document(&app).await;
    assert_eq!(doc["openapi"], json!("3.1.0"));
    let routes = routed();
    assert!(routes.len() >= 20, "{routes:?}");
    assert!(routes.contains(&("/api/v1/scenarios/{id}".into(), "delete".into())));
    assert_eq!(documented(&doc), routes);
    // Each documented operation reaches a handler: no 405, no "no such API route".
    for (path, method) in routes {
        let url = path
            .replace("/scenarios/{id}", &format!("/scenarios/{}", "0".repeat(32)))
            .replace("{id}", "1");
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let response = app
            .client
            .request(method.clone(), format!("{}{url}", app.base))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert_ne!(status, 405, "{method} {url}");
        assert!(
            !text.contains("no such API route"),
            "{method} {url}: {text}"
        );
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
    let app = spawn(None).await;
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
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let what = format!("{method} {path}");
            assert!(
                op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{what}"
            );
            let codes = op["responses"].as_object().unwrap();
            assert!(codes.keys().any(|c| c.starts_with('2')), "{what}");
            // A path parameter is declared for every `{…}` in the path.
            for name in path
                .split('{')
                .skip(1)
                .map(|s| s.split('}').next().unwrap())
            {
                let declared = op["parameters"].as_array().unwrap().iter().any(|p| {
                    let p = doc.pointer(&p["$ref"].as_str().unwrap()[1..]).unwrap();
                    p["in"] == json!("path") && p["name"] == json!(name)
                });
                assert!(declared, "{what}: no parameter {name}");
            }
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
    let app = spawn(None).await;
    let doc = document(&app).await;
    let example: Value =
        serde_json::from_str(include_str!("../../examples/worked-example.json")).unwrap();
    let body = json!({ "scenario": example });
    let (_, created) = app.post_json("/api/v1/scenarios", &body).await;
    assert_eq!(keys(&created), schema_keys(&doc, "ScenarioCreated"));
    let id = created["id"].as_str().unwrap();
    let path = format!("/api/v1/scenarios/{id}");
    let saved: Value = app
        .client
        .put(format!("{}{path}", app.base))
        .bearer_auth(created["edit_token"].as_str().unwrap())
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
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
    let (_, plan) = app
        .post_plan(&example.to_string(), "application/json")
        .await;
    let plan_keys: BTreeSet<String> = doc["components"]["schemas"]["PlanResult"]["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    assert_eq!(keys(&plan), plan_keys);
    let (_, error) = app
        .get_json(&format!("/api/v1/scenarios/{}", "f".repeat(32)))
        .await;
    assert_eq!(keys(&error), schema_keys(&doc, "Error"));
    assert_eq!(keys(&error["error"]), schema_keys(&doc, "FieldError"));
    let input = &doc["components"]["schemas"]["ScenarioInput"]["properties"];
    assert_eq!(keys(input), keys(&view["scenario"]));
}
