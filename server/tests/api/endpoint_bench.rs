//! Endpoint benchmarks (`bench --endpoint`, endpoint jobs over HTTP) against an in-process
//! OpenAI-compatible server on port 0 that streams tokens at a known pace: the measured
//! TTFT and TPOT against that pace, every failure named by its cause, the API key never
//! shown, and a server that reaches only the hosts its operator allowed.

use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use api::bench::{BenchRequest, BenchResult, EndpointApi, EndpointTarget, Engine, WeightsSource};
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use breakeven::endpoint_bench::{self, EndpointError, Options};
use serde_json::{json, Value};

use crate::common::configured;

/// The fake server's delay before the first token, ms.
const FIRST_TOKEN_MS: u64 = 80;
/// Its delay between tokens, ms.
const TOKEN_MS: u64 = 10;
/// Tokens a chat template adds to the prompt in the fake server's count.
const TEMPLATE_TOKENS: usize = 5;
/// How far a measured latency may sit from the pace the fake server keeps: ±40 % plus an
/// absolute slack, because on a loaded 2-core CI machine the test's client and server
/// share the cores with other builds, and a timer fires late by a few ms (never early).
const RELATIVE_TOLERANCE: f64 = 0.4;
/// The absolute slack on TTFT, ms (one scheduling delay of a busy machine).
const TTFT_SLACK_MS: f64 = 30.0;
/// The absolute slack on TPOT and inter-token gaps, ms (a timer's lateness per token).
const TPOT_SLACK_MS: f64 = 8.0;

fn within(measured: f64, expected: f64, slack_ms: f64) -> bool {
    measured >= expected * (1.0 - RELATIVE_TOLERANCE)
        && measured <= expected * (1.0 + RELATIVE_TOLERANCE) + slack_ms
}

/// One OpenAI-compatible answer; the model name picks the behaviour.
async fn answer(api: EndpointApi, headers: HeaderMap, body: Value) -> Response {
    let model = body["model"].as_str().unwrap_or_default().to_string();
    let max_tokens = body["max_tokens"].as_u64().unwrap_or(16) as usize;
    let error = |status: StatusCode, message: String| {
        (
            status,
            Json(json!({"error": {"message": message, "type": "test"}})),
        )
            .into_response()
    };
    match model.as_str() {
        "broken" => {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "CUDA out of memory".into(),
            )
        }
        "secret" => {
            let given = headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("none")
                .to_string();
            // Like some servers, it echoes the key it was given.
            return error(
                StatusCode::UNAUTHORIZED,
                format!("Incorrect API key provided: {given}"),
            );
        }
        "json" => {
            let reply = json!({"choices": [{"message": {"content": "hello"}}]});
            return Json(reply).into_response();
        }
        "slow" => tokio::time::sleep(Duration::from_secs(5)).await,
        "plain" if body.get("ignore_eos").is_some() => {
            return error(StatusCode::BAD_REQUEST, "unknown field: ignore_eos".into())
        }
        _ => {}
    }
    let words = match api {
        EndpointApi::Chat => body["messages"][0]["content"].as_str(),
        EndpointApi::Completions => body["prompt"].as_str(),
    }
    .unwrap_or_default()
    .split_whitespace()
    .count();
    let prompt_tokens = words
        + match api {
            EndpointApi::Chat => TEMPLATE_TOKENS,
            EndpointApi::Completions => 0,
        };
    // "plain" ignores stream_options and ends at half max_tokens (its own end of sequence).
    let plain = model == "plain";
    let tokens = if plain {
        (max_tokens / 2).max(1)
    } else {
        max_tokens
    };
    let usage = !plain && body["stream_options"]["include_usage"] == json!(true);
    let events = futures_util::stream::unfold(0usize, move |i| async move {
        let event = if i == 0 {
            tokio::time::sleep(Duration::from_millis(FIRST_TOKEN_MS)).await;
            chunk(api, "", None)
        } else if i <= tokens {
            if i > 1 {
                tokio::time::sleep(Duration::from_millis(TOKEN_MS)).await;
            }
            let last = (i == tokens).then_some(if plain { "stop" } else { "length" });
            chunk(api, " word", last)
        } else if i == tokens + 1 && usage {
            json!({"choices": [], "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": tokens, "total_tokens": prompt_tokens + tokens}}).to_string()
        } else if i <= tokens + 2 {
            "[DONE]".to_string()
        } else {
            return None;
        };
        let done = event == "[DONE]";
        let next = if done { usize::MAX - 1 } else { i + 1 };
        Some((
            Ok::<_, std::convert::Infallible>(Bytes::from(format!("data: {event}\n\n"))),
            next,
        ))
    });
    Response::builder()
        .header("content-type", "text/event-stream")
        .body(Body::from_stream(events))
        .unwrap()
}

/// One chunk of a stream; the role-only opening chunk of chat has empty text.
fn chunk(api: EndpointApi, text: &str, finish: Option<&str>) -> String {
    match api {
        EndpointApi::Chat => {
            json!({"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": finish}]})
        }
        EndpointApi::Completions => {
            json!({"choices": [{"index": 0, "text": text, "finish_reason": finish}]})
        }
    }
    .to_string()
}

/// The fake server on port 0: its `host:port`.
async fn fake_server() -> String {
    let app = Router::new()
        .route(
            "/v1/chat/completions",
            post(|h: HeaderMap, Json(b): Json<Value>| answer(EndpointApi::Chat, h, b)),
        )
        .route(
            "/v1/completions",
            post(|h: HeaderMap, Json(b): Json<Value>| answer(EndpointApi::Completions, h, b)),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr.to_string()
}

fn request(host: &str, model: &str, api: EndpointApi) -> BenchRequest {
    BenchRequest {
        model: Some("smollm2-135m".into()),
        weights: WeightsSource::Synthetic,
        dtype: None,
        device: api::bench::Device::Cpu,
        concurrency: vec![1, 2],
        prompt_tokens: 16,
        gen_tokens: 6,
        repetitions: 5,
        slo: Some(api::bench::Slo {
            ttft_ms: 2000.0,
            tpot_ms: 200.0,
        }),
        threads: None,
        seed: 3,
        max_memory_bytes: None,
        endpoint: Some(EndpointTarget {
            url: format!("http://{host}"),
            model: model.into(),
            api,
            gpu: Some("NVIDIA L4".into()),
        }),
    }
}

async fn measure(request: &BenchRequest, options: &Options) -> Result<BenchResult, EndpointError> {
    let cancel = AtomicBool::new(false);
    endpoint_bench::run(request, "test", options, &mut |_| {}, &cancel).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn measured_ttft_and_tpot_match_a_known_stream() {
    let host = fake_server().await;
    let r = measure(
        &request(&host, "steady", EndpointApi::Chat),
        &Options::default(),
    )
    .await
    .unwrap();
    let Engine::Endpoint {
        url,
        served_model,
        api,
        token_counts,
        gpu,
    } = &r.engine
    else {
        panic!("not an endpoint result: {:?}", r.engine);
    };
    assert_eq!(url, &format!("http://{host}/v1"));
    assert_eq!((served_model.as_str(), api.as_str()), ("steady", "chat"));
    assert!(
        token_counts.starts_with("server usage fields"),
        "{token_counts}"
    );
    assert_eq!(gpu.as_deref(), Some("NVIDIA L4"));
    assert_eq!(r.device_name(), "NVIDIA L4");
    assert_eq!(r.points.len(), 2, "{}", r.stopped);
    for p in &r.points {
        let c = p.concurrency as f64;
        let itl = p.inter_token_ms.unwrap();
        let context = format!("concurrency {c}: {p:?}");
        assert!(
            within(p.ttft_ms_p50, FIRST_TOKEN_MS as f64, TTFT_SLACK_MS),
            "{context}"
        );
        assert!(
            within(p.tpot_ms_p50, TOKEN_MS as f64, TPOT_SLACK_MS),
            "{context}"
        );
        assert!(within(itl.p50, TOKEN_MS as f64, TPOT_SLACK_MS), "{context}");
        // 5 waves × c requests, 5 gaps each.
        assert_eq!(p.ttft_ms.samples, 5 * p.concurrency, "{context}");
        assert_eq!(itl.samples, 5 * p.concurrency * 5, "{context}");
        // Streamed together, c requests decode c tokens per TOKEN_MS.
        let decode = c * 1000.0 / TOKEN_MS as f64;
        let slowest = c * 1000.0 / (TOKEN_MS as f64 * (1.0 + RELATIVE_TOLERANCE) + TPOT_SLACK_MS);
        assert!(p.decode_tokens_per_s <= decode * 1.05, "{context}");
        assert!(p.decode_tokens_per_s >= slowest, "{context}");
        // The prompt was sized by the server's count to exactly 16 tokens.
        let prefill = c * 16.0 / (p.ttft_ms_p50 / 1000.0);
        assert!((p.prefill_tokens_per_s - prefill).abs() < 1e-6, "{context}");
        assert_eq!(p.meets_slo, Some(true));
        assert!(p.decode_bytes_per_step.is_nan() && p.decode_bandwidth_efficiency.is_none());
    }
    assert_eq!(r.stopped, "finished the requested concurrencies [1, 2]");
    assert_eq!(r.goodput.as_ref().unwrap().concurrency, 2);
    assert!(r.roofline.memory_bandwidth_gb_s.is_nan());
    assert!(
        r.roofline.bandwidth_basis.contains("serving stack"),
        "{:?}",
        r.roofline
    );
    assert!(r.projections.is_empty());
    assert_eq!(r.model, "smollm2-135m");
    assert!(r.parameters > 100_000_000);
    // Usable in a scenario: the goodput point, labelled as an endpoint's.
    let id: api::BenchmarkId = serde_json::from_value(json!(7)).unwrap();
    let (section, _, decode) = r
        .throughput_input(id, &api::bench::ThroughputChoice::Measured)
        .unwrap();
    assert_eq!(section.device.as_deref(), Some("NVIDIA L4"));
    assert_eq!(decode, r.goodput.as_ref().unwrap().decode_tokens_per_s);
    assert_eq!(section.basis, Some(tco::input::ThroughputKind::Endpoint));
    let hardware = section.hardware.unwrap_or_default();
    assert!(hardware.starts_with("http://"), "{hardware}");
    // It reads back as it was written (NaN figures as null).
    let text = serde_json::to_string(&r).unwrap();
    let back: BenchResult = serde_json::from_str(&text).unwrap();
    assert_eq!(back.points[0].inter_token_ms, r.points[0].inter_token_ms);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_fields_missing_usage_and_early_stops_are_said() {
    let host = fake_server().await;
    let mut ask = request(&host, "plain", EndpointApi::Completions);
    ask.concurrency = vec![1];
    let r = measure(&ask, &Options::default()).await.unwrap();
    let Engine::Endpoint { token_counts, .. } = &r.engine else {
        panic!("{:?}", r.engine)
    };
    assert!(
        token_counts.starts_with("approximation: "),
        "{token_counts}"
    );
    assert!(
        r.stopped
            .contains("the server refused ignore_eos/min_tokens")
            && r.stopped.contains("HTTP 400: unknown field: ignore_eos"),
        "{}",
        r.stopped
    );
    // Asked for 6, it sends 3: every timed request ended early, and TPOT divides by 3 − 1.
    assert!(
        r.stopped.contains(
            "the server stopped early: 5 of 5 timed requests ended before 6 tokens (fewest 3)"
        ),
        "{}",
        r.stopped
    );
    let p = &r.points[0];
    assert!(
        within(p.tpot_ms_p50, TOKEN_MS as f64, TPOT_SLACK_MS),
        "{p:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_name_their_cause_and_never_the_key() {
    let host = fake_server().await;
    let mut quick = request(&host, "steady", EndpointApi::Chat);
    quick.concurrency = vec![1];
    let fails = |model: &str, options: Options| {
        let mut ask = quick.clone();
        if let Some(e) = ask.endpoint.as_mut() {
            e.model = model.into();
        }
        async move { measure(&ask, &options).await.unwrap_err().to_string() }
    };
    let e = fails("broken", Options::default()).await;
    assert!(e.contains("answered HTTP 500: CUDA out of memory"), "{e}");
    let keyed = Options {
        api_key: Some("sk-very-secret".into()),
        ..Options::default()
    };
    let e = fails("secret", keyed).await;
    assert!(
        e.contains("answered HTTP 401: Incorrect API key provided"),
        "{e}"
    );
    assert!(
        !e.contains("sk-very-secret") && e.contains("[API key]"),
        "{e}"
    );
    let e = fails("json", Options::default()).await;
    assert!(
        e.contains("did not stream") && e.contains("application/json"),
        "{e}"
    );
    let short = Options {
        timeout: Duration::from_millis(300),
        ..Options::default()
    };
    let e = fails("slow", short).await;
    assert!(
        e.contains("a request took over 0.3 s (the per-request timeout"),
        "{e}"
    );
    assert!(e.contains("before the answer's headers"), "{e}");
    // A port nobody listens on.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().to_string()
    };
    let e = measure(
        &request(&closed, "steady", EndpointApi::Chat),
        &Options::default(),
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with(&format!(
            "endpoint: cannot reach http://{closed}/v1/chat/completions"
        )),
        "{e}"
    );
}

#[test]
fn the_command_line_shows_the_servers_message_but_not_the_key() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let host = runtime.block_on(fake_server());
    let out = Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .args([
            "bench",
            "--endpoint",
            &format!("http://{host}/v1"),
            "--model",
            "secret",
        ])
        .args(["--api-key-env", "TEST_ENDPOINT_KEY", "--concurrency", "1"])
        .env("TEST_ENDPOINT_KEY", "sk-cli-secret")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("answered HTTP 401: Incorrect API key provided"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("sk-cli-secret") && !stdout.contains("sk-cli-secret"),
        "{stderr}"
    );
    // A missing variable and a URL with credentials are input errors (2), named.
    let out = Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .args([
            "bench",
            "--endpoint",
            "http://u:pw-secret@h:1",
            "--model",
            "m",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: endpoint.url: must not carry credentials"),
        "{stderr}"
    );
    assert!(!stderr.contains("pw-secret"), "{stderr}");
    let out = Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .args(["bench", "--endpoint", "http://h:1", "--model", "m"])
        .args(["--api-key-env", "TEST_ENDPOINT_KEY_UNSET"])
        .env_remove("TEST_ENDPOINT_KEY_UNSET")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("error: api_key_env: "), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_measures_only_the_hosts_its_operator_allowed() {
    let host = fake_server().await;
    let allowed = vec![host.clone(), "gpu-box:8000".to_string()];
    let app = configured(None, |s| s.with_bench_endpoints(&allowed)).await;
    let (status, catalog) = app.get_json("/api/v1/benchmarks/catalog").await;
    assert_eq!(status, 200);
    assert_eq!(catalog["endpoint_hosts"], json!([host, "gpu-box:8000"]));
    let job = |url: &str| {
        json!({
            "weights": {"kind": "synthetic"},
            "device": "cpu",
            "concurrency": [1],
            "prompt_tokens": 16,
            "gen_tokens": 6,
            "repetitions": 5,
            "endpoint": {"url": url, "model": "steady", "api": "chat"}
        })
    };
    for url in [
        "http://169.254.169.254/latest",
        "http://gpu-box:8001",
        "http://127.0.0.1:1",
    ] {
        let (status, body) = app.post_json("/api/v1/benchmarks", &job(url)).await;
        assert_eq!(status, 422, "{url}: {body}");
        assert_eq!(body["error"]["field"], json!("endpoint.url"), "{body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(&host) && message.contains("gpu-box:8000"),
            "{message}"
        );
    }
    // A server with no list refuses every endpoint and says how to allow one.
    let closed = configured(None, |s| s).await;
    let (status, body) = closed
        .post_json("/api/v1/benchmarks", &job(&format!("http://{host}")))
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("--bench-endpoints"));
    // An allowed host is queued on a line of its own and measured.
    let (status, body) = app
        .post_json("/api/v1/benchmarks", &job(&format!("http://{host}/v1")))
        .await;
    assert_eq!(status, 202, "{body}");
    let id = body["id"].as_i64().unwrap();
    let started = std::time::Instant::now();
    let done = loop {
        let (_, job) = app.get_json(&format!("/api/v1/benchmarks/{id}")).await;
        if job["status"] != json!("queued") && job["status"] != json!("running") {
            break job;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "{job}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(done["status"], json!("done"), "{done}");
    assert_eq!(
        done["result"]["engine"]["kind"],
        json!("endpoint"),
        "{done}"
    );
    assert_eq!(done["request"]["endpoint"]["model"], json!("steady"));
    let command = done["command"].as_str().unwrap();
    assert!(
        command.starts_with(&format!(
            "breakeven bench --endpoint http://{host}/v1 --model steady --api chat"
        )),
        "{command}"
    );
}

#[test]
fn a_command_line_run_is_posted_and_stored_as_an_endpoint_result() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (host, app, token) = runtime.block_on(async {
        let app = crate::common::spawn(None).await;
        let pool = app.pool().await;
        let token = breakeven::store::agent_tokens::create(&pool, "gpu-host")
            .await
            .unwrap();
        (fake_server().await, app, token)
    });
    let out = Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .args([
            "bench",
            "--endpoint",
            &format!("http://{host}"),
            "--model",
            "steady",
        ])
        .args(["--catalog-model", "smollm2-135m", "--gpu", "NVIDIA L4"])
        .args(["--concurrency", "1", "--prompt", "16", "--gen", "4"])
        .args(["--format", "json", "--post", &app.base])
        .env("BREAKEVEN_AGENT_TOKEN", &token)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let printed: BenchResult = serde_json::from_slice(&out.stdout).unwrap();
    assert!(stderr.contains("stored as benchmark #"), "{stderr}");
    let (status, list) = runtime.block_on(app.get_json("/api/v1/benchmarks"));
    assert_eq!(status, 200);
    let id = list["benchmarks"][0]["id"].as_i64().unwrap();
    let (_, stored) = runtime.block_on(app.get_json(&format!("/api/v1/benchmarks/{id}")));
    assert_eq!(stored["source"], json!("agent:gpu-host"));
    assert_eq!(
        stored["request"]["endpoint"]["url"],
        json!(format!("http://{host}"))
    );
    let result: BenchResult = serde_json::from_value(stored["result"].clone()).unwrap();
    // As JSON: a NaN figure (the bytes per step nobody measured) is null on both sides.
    let json = |r: &BenchResult| serde_json::to_value(&r.points).unwrap();
    assert_eq!(json(&result), json(&printed));
    assert_eq!(result.device_name(), "NVIDIA L4");
}
