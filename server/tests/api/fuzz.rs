//! A property-based fuzz of the whole API through the router: generated requests (every
//! operation the OpenAPI document lists, with generated path ids, query strings, headers and
//! bodies, most of them valid requests with a few fields mutated) must never get a 5xx, and
//! a refusal must be the API's error shape with nothing internal in it.
//!
//! The traffic route gets its own fuzz besides: generated query values (`format`, `tz`,
//! `mapping`, `scenario`, unknown keys), every log media type and usage logs (CSV, JSON,
//! JSONL), cut, spliced and with bytes changed.
//!
//! The cases come from proptest strategies with a fixed seed, so a failure names a case
//! number that reproduces; they are generated first and then sent, because the router is
//! async and proptest's runner is not.

use axum::http::Method;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Map, Number, Value};

use super::common::benchmarks::{agent_report, agent_result, tiny_job};
use super::common::scenarios::{create, example};
use super::common::{self, TestApp};

/// Requests sent: enough to reach every operation many times with each kind of body, in
/// seconds of a debug build's time.
const CASES: usize = 3_000;
/// Logs sent to the traffic route by its own fuzz.
const LOG_CASES: usize = 600;
/// The seed of the case generator (a failure's case number reproduces with it).
const SEED: [u8; 32] = *b"breakeven api fuzz, seed 2026-12";

/// What a refusal must never contain: a panic, a backtrace, a server path, SQL internals.
const LEAKS: [&str; 7] = [
    "panicked",
    "stack backtrace",
    "RUST_BACKTRACE",
    "/work/",
    "/home/",
    "sqlx",
    "SQLITE_",
];

fn edge_numbers() -> Vec<Value> {
    let floats = [
        0.0, -0.0, 1.0, -1.0, 0.5, 3.0, 24.0, 1e6, 1e9, 1e15, 1e300, 1e308, -1e308, 5e-324,
    ];
    let mut numbers: Vec<Value> = floats
        .iter()
        .filter_map(|f| Number::from_f64(*f).map(Value::Number))
        .collect();
    numbers.extend([
        json!(9_007_199_254_740_993_u64),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(2),
        json!(120),
        json!(200_000),
    ]);
    numbers
}

fn edge_strings() -> Vec<String> {
    [
        "",
        " ",
        "NaN",
        "Infinity",
        "-1",
        "1e309",
        "0x10",
        "../../etc/passwd",
        "/etc/passwd",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "cuda:0",
        "cpu",
        "gpt-4o",
        "aws:p5.48xlarge",
        "llama-3.2-3b",
        "smollm2-135m",
        "self_hosted",
        "hourly",
        "\u{0}",
        "💥",
        "a4",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain(["x".repeat(300)])
    .collect()
}

/// Any JSON value: edge numbers and strings, arbitrary finite numbers and short strings, and
/// arrays and objects of them (keys include real field names, so unknown-key and wrong-type
/// paths are both reached).
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        proptest::sample::select(edge_numbers()),
        any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<i64>().prop_map(|i| json!(i)),
        proptest::sample::select(edge_strings()).prop_map(Value::String),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    let keys = proptest::sample::select(vec![
        "scenario",
        "name",
        "workload",
        "llm",
        "slm",
        "routing",
        "model",
        "requests_per_month",
        "price_table",
        "concurrency",
        "device",
        "unknown_key",
    ]);
    leaf.prop_recursive(3, 24, 4, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((keys.clone(), inner), 0..4).prop_map(|pairs| {
                Value::Object(
                    pairs
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

/// Every path to a value inside `value` (object keys and array indices).
fn paths(value: &Value, prefix: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                prefix.push(PathStep::Key(k.clone()));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(PathStep::Index(i));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn at<'a>(value: &'a mut Value, path: &[PathStep]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, step| match step {
        PathStep::Key(k) => v.get_mut(k.as_str()),
        PathStep::Index(i) => v.get_mut(*i),
    })
}

/// One change to a valid body: a value replaced, a key removed, or an unknown key added.
#[derive(Debug, Clone)]
enum Mutation {
    Replace(usize, Value),
    Remove(usize),
    AddKey(usize, Value),
}

fn mutate(mut body: Value, mutations: &[Mutation]) -> Value {
    for mutation in mutations {
        let mut all = Vec::new();
        paths(&body, &mut Vec::new(), &mut all);
        let pick = |i: usize| all[i % all.len()].clone();
        match mutation {
            Mutation::Replace(i, new) => {
                if let Some(slot) = at(&mut body, &pick(*i)) {
                    *slot = new.clone();
                }
            }
            Mutation::Remove(i) => {
                let path = pick(*i);
                if let Some((PathStep::Key(k), parent)) = path.split_last() {
                    if let Some(Value::Object(map)) = at(&mut body, parent) {
                        map.remove(k);
                    }
                }
            }
            Mutation::AddKey(i, new) => {
                if let Some(Value::Object(map)) = at(&mut body, &pick(*i)) {
                    map.insert("not_a_field".into(), new.clone());
                }
            }
        }
    }
    body
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<usize>(), any_json()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        1 => any::<usize>().prop_map(Mutation::Remove),
        1 => (any::<usize>(), any_json()).prop_map(|(i, v)| Mutation::AddKey(i, v)),
    ]
}

/// How a case's body is made.
#[derive(Debug, Clone)]
enum BodyKind {
    /// The route's valid body with these changes.
    Mutated(Vec<Mutation>),
    /// Any JSON at all.
    Json(Value),
    /// Bytes that are not JSON (or not UTF-8).
    Bytes(Vec<u8>),
    /// No body.
    Empty,
}

/// One generated request, before it is tied to a route.
#[derive(Debug, Clone)]
struct Case {
    operation: usize,
    method_swap: Option<Method>,
    id: usize,
    query: Vec<(String, String)>,
    body: BodyKind,
    content_type: Option<&'static str>,
    token: usize,
    origin: Option<&'static str>,
}

fn case() -> impl Strategy<Value = Case> {
    let query_keys = proptest::sample::select(vec![
        "revision",
        "price_table",
        "paper",
        "ids",
        "q",
        "limit",
        "cursor",
        "model",
        "draws",
        "format",
        "tz",
        "mapping",
        "scenario",
        "",
    ]);
    let query_value = prop_oneof![
        proptest::sample::select(edge_strings()),
        any::<i64>().prop_map(|i| i.to_string()),
        Just("1".to_string()),
        Just("2".to_string()),
    ];
    let body = prop_oneof![
        6 => proptest::collection::vec(mutation(), 0..4).prop_map(BodyKind::Mutated),
        2 => any_json().prop_map(BodyKind::Json),
        1 => proptest::collection::vec(any::<u8>(), 0..64).prop_map(BodyKind::Bytes),
        1 => Just(BodyKind::Empty),
    ];
    let method_swap = prop_oneof![
        12 => Just(None),
        1 => proptest::sample::select(vec![Method::PATCH, Method::DELETE, Method::PUT, Method::HEAD])
            .prop_map(Some),
    ];
    (
        any::<usize>(),
        method_swap,
        any::<usize>(),
        proptest::collection::vec((query_keys, query_value), 0..3),
        body,
        proptest::sample::select(vec![
            Some("application/json"),
            Some("application/json"),
            Some("application/json; charset=utf-8"),
            Some("text/plain"),
            Some("text/csv"),
            Some("application/x-ndjson"),
            None,
        ]),
        any::<usize>(),
        proptest::sample::select(vec![None, None, Some("http://evil.example")]),
    )
        .prop_map(
            |(operation, method_swap, id, query, body, content_type, token, origin)| Case {
                operation,
                method_swap,
                id,
                query: query.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
                body,
                content_type,
                token,
                origin,
            },
        )
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The valid body of an operation, the starting point of its mutations.
fn valid_body(path: &str, method: &Method) -> Value {
    match (path, method.as_str()) {
        ("/api/v1/plan" | "/api/v1/plan/placements", _) => example(),
        (p, _) if p.starts_with("/api/v1/scenarios") => json!({ "scenario": example() }),
        ("/api/v1/benchmarks", _) => tiny_job(),
        // The models directory is empty: a request is refused, never queued.
        ("/api/v1/evals", _) => json!({ "weights": "model.gguf", "sample": { "kind": "demo" },
            "task": "classify", "device": "cpu", "llm_quality": 0.9 }),
        (p, _) if p.ends_with("/result") || p.contains("agent") => agent_report(&agent_result()),
        ("/api/v1/profiles", _) => json!({ "name": "fuzzed", "workload": example()["workload"] }),
        _ => json!({}),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_requests_to_every_route_never_get_a_5xx() {
    let mut queue = None;
    let app: TestApp = common::configured(None, |state| {
        queue = Some(state.benchmarks.clone());
        state
    })
    .await;
    let (scenario_id, edit_token) = create(&app, &example()).await;

    let (status, document) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    let mut operations: Vec<(String, Method)> = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if let Ok(m) = method.to_uppercase().parse::<Method>() {
                operations.push((path.clone(), m));
            }
        }
    }
    operations.sort_by(|a, b| (&a.0, a.1.as_str()).cmp(&(&b.0, b.1.as_str())));
    assert!(operations.len() >= 30, "{} operations", operations.len());

    let ids: Vec<String> = [
        scenario_id.clone(),
        scenario_id.clone(),
        "1".into(),
        "0".into(),
        "-1".into(),
        "18446744073709551616".into(),
        "ffffffffffffffffffffffffffffffff".into(),
    ]
    .into_iter()
    .chain(edge_strings().iter().map(|s| percent_encode(s)))
    .collect();
    let tokens = [
        None,
        Some(edit_token.clone()),
        Some("not-a-token".to_string()),
    ];

    let config = Config {
        rng_algorithm: RngAlgorithm::ChaCha,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &SEED));
    let strategy = case();
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for number in 0..CASES {
        let case = strategy.new_tree(&mut runner).unwrap().current();
        let (template, method) = &operations[case.operation % operations.len()];
        let method = case.method_swap.clone().unwrap_or_else(|| method.clone());
        let id = &ids[case.id % ids.len()];
        let mut path = template.replace("{id}", id);
        if !case.query.is_empty() {
            let query: Vec<String> = case
                .query
                .iter()
                .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
                .collect();
            path = format!("{path}?{}", query.join("&"));
        }
        let body = match &case.body {
            BodyKind::Mutated(changes) => {
                serde_json::to_vec(&mutate(valid_body(template, &method), changes)).unwrap()
            }
            BodyKind::Json(value) => serde_json::to_vec(value).unwrap(),
            BodyKind::Bytes(bytes) => bytes.clone(),
            BodyKind::Empty => Vec::new(),
        };
        let authorization = tokens[case.token % tokens.len()]
            .as_ref()
            .map(|t| format!("Bearer {t}"));
        let mut headers: Vec<(&str, &str)> = Vec::new();
        if let Some(content_type) = case.content_type {
            headers.push(("content-type", content_type));
        }
        if let Some(value) = &authorization {
            headers.push(("authorization", value));
        }
        if let Some(origin) = case.origin {
            headers.push(("origin", origin));
        }
        let reply = app.request(method.clone(), &path, &headers, body).await;
        *statuses.entry(reply.status).or_default() += 1;
        let text = String::from_utf8_lossy(&reply.body);
        assert!(
            reply.status < 500,
            "case {number}: {method} {path} answered {}: {text}",
            reply.status
        );
        if reply.status >= 400 {
            for leak in LEAKS {
                assert!(
                    !text.contains(leak),
                    "case {number}: {method} {path} leaks {leak:?}: {text}"
                );
            }
            if method != Method::HEAD && reply.status != 405 {
                let error: Value = serde_json::from_slice(&reply.body).unwrap_or_else(|_| {
                    panic!("case {number}: {method} {path}: not the error shape: {text}")
                });
                assert!(
                    error["error"]["message"].is_string(),
                    "case {number}: {method} {path}: {error}"
                );
            }
        }
    }
    if let Some(queue) = queue {
        queue.shutdown().await;
    }
    // The fuzz must reach past the front door: successes and field-level refusals both.
    for status in [200, 404, 422] {
        assert!(
            statuses.get(&status).copied().unwrap_or(0) > 0,
            "no {status} in {statuses:?}"
        );
    }
    eprintln!("api fuzz: {CASES} requests, statuses {statuses:?}");
}

/// Usage logs the traffic route reads: a LiteLLM spend-log CSV and JSON, a daily-spend CSV,
/// OpenAI usage pages, and a generic JSONL with its mapping.
fn sample_logs() -> Vec<String> {
    vec![
        crate::traffic::SPEND_LOG.to_string(),
        "[{\"request_id\": \"a\", \"call_type\": \"acompletion\", \"spend\": 0.001, \
         \"prompt_tokens\": 10, \"completion_tokens\": 5, \"startTime\": \
         \"2025-03-03T10:00:00Z\", \"model\": \"gpt-4o\"}]"
            .to_string(),
        "date,model,api_requests,prompt_tokens,completion_tokens,spend\n\
         2025-03-03,gpt-4o,10,1000,200,0.5\n2025-03-04,gpt-4o,12,1100,210,0.6\n"
            .to_string(),
        "{\"object\": \"page\", \"data\": [{\"object\": \"bucket\", \"start_time\": 1740996000, \
         \"end_time\": 1740999600, \"results\": [{\"object\": \
         \"organization.usage.completions.result\", \"input_tokens\": 100, \
         \"output_tokens\": 20, \"num_model_requests\": 2, \"model\": \"gpt-4o\"}]}]}"
            .to_string(),
        "{\"ts\": \"2025-03-03T10:00:00\", \"in\": 10, \"out\": 5}\n\
         {\"ts\": 1741000000, \"in\": 30, \"out\": 15, \"extra\": [1]}\n"
            .to_string(),
    ]
}

/// How a generated log is made from a sample.
#[derive(Debug, Clone)]
enum LogChange {
    /// Cut after this many bytes (of the sample's length).
    Cut(usize),
    /// This byte set at this place.
    Byte(usize, u8),
    /// The sample's lines from this one repeated after it.
    Repeat(usize),
    /// An edge string put at this place.
    Insert(usize, String),
}

fn log_query() -> impl Strategy<Value = Vec<(String, String)>> {
    let mapping =
        r#"{"timestamp": "ts", "fixed_model": "m", "input_tokens": "in", "output_tokens": "out"}"#;
    let value = prop_oneof![
        proptest::sample::select(edge_strings()),
        proptest::sample::select(
            api::traffic::FORMAT_NAMES
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
        ),
        proptest::sample::select(vec![
            "+02:00".to_string(),
            "-05:30".to_string(),
            "Z".to_string(),
            "+14:00".to_string(),
            "+99:99".to_string(),
            mapping.to_string(),
            mapping.replace("\"ts\"", "\"time\""),
            "{\"timestamp\": 1}".to_string(),
            "ffffffffffffffffffffffffffffffff".to_string(),
        ]),
    ];
    let key = proptest::sample::select(vec!["format", "tz", "mapping", "scenario", "limit"]);
    proptest::collection::vec((key, value), 0..4)
        .prop_map(|pairs| pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn log_change() -> impl Strategy<Value = LogChange> {
    prop_oneof![
        any::<usize>().prop_map(LogChange::Cut),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| LogChange::Byte(i, b)),
        any::<usize>().prop_map(LogChange::Repeat),
        (any::<usize>(), proptest::sample::select(edge_strings()))
            .prop_map(|(i, t)| LogChange::Insert(i, t)),
    ]
}

fn changed_log(sample: &str, changes: &[LogChange]) -> Vec<u8> {
    let mut bytes = sample.as_bytes().to_vec();
    for change in changes {
        let at = |i: usize, len: usize| i % (len + 1);
        match change {
            LogChange::Cut(i) => bytes.truncate(at(*i, bytes.len())),
            LogChange::Byte(i, b) if !bytes.is_empty() => {
                let i = i % bytes.len();
                bytes[i] = *b;
            }
            LogChange::Byte(..) => {}
            LogChange::Repeat(i) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let lines: Vec<&str> = text.lines().collect();
                let from = at(*i, lines.len());
                let mut more = lines[from..].join("\n");
                more.insert(0, '\n');
                bytes.extend_from_slice(more.as_bytes());
            }
            LogChange::Insert(i, t) => {
                let i = at(*i, bytes.len());
                bytes.splice(i..i, t.bytes());
            }
        }
    }
    bytes
}

#[tokio::test]
async fn generated_logs_to_the_traffic_route_never_get_a_5xx() {
    let app: TestApp = common::configured(None, |state| state).await;
    let (scenario_id, _) = create(&app, &example()).await;
    let samples = sample_logs();
    let strategy = (
        log_query(),
        any::<bool>(),
        any::<usize>(),
        proptest::collection::vec(log_change(), 0..3),
        proptest::sample::select(vec![
            "text/csv",
            "application/json",
            "application/x-ndjson",
            "application/jsonl",
            "application/octet-stream",
            "text/plain",
        ]),
    );
    let config = Config {
        rng_algorithm: RngAlgorithm::ChaCha,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &SEED));
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for number in 0..LOG_CASES {
        let (query, saved, sample, changes, content_type) =
            strategy.new_tree(&mut runner).unwrap().current();
        let mut pairs: Vec<String> = query
            .iter()
            .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
            .collect();
        if saved {
            pairs.push(format!("scenario={scenario_id}"));
        }
        let path = format!("/api/v1/traffic/analyse?{}", pairs.join("&"));
        let body = changed_log(&samples[sample % samples.len()], &changes);
        let reply = app
            .request(Method::POST, &path, &[("content-type", content_type)], body)
            .await;
        *statuses.entry(reply.status).or_default() += 1;
        let text = String::from_utf8_lossy(&reply.body);
        assert!(
            reply.status < 500,
            "case {number}: {path} ({content_type}) answered {}: {text}",
            reply.status
        );
        if reply.status >= 400 {
            for leak in LEAKS {
                assert!(
                    !text.contains(leak),
                    "case {number}: {path} leaks {leak:?}: {text}"
                );
            }
            let error: Value = serde_json::from_slice(&reply.body)
                .unwrap_or_else(|_| panic!("case {number}: {path}: not the error shape: {text}"));
            assert!(
                error["error"]["message"].is_string(),
                "case {number}: {error}"
            );
        }
    }
    // Logs read, query values refused, files refused, unknown scenarios, wrong media types.
    for status in [200, 400, 404, 415, 422] {
        assert!(
            statuses.get(&status).copied().unwrap_or(0) > 0,
            "no {status} in {statuses:?}"
        );
    }
    eprintln!("traffic fuzz: {LOG_CASES} requests, statuses {statuses:?}");
}
