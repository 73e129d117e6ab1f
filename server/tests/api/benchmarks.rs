//! The benchmark API over HTTP: catalog, checks, the per-device job queue (order, cancel,
//! failure, restart recovery), Server-Sent Events and results reported by agents.

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::benchmarks::{agent_report, agent_result, benchmark, tiny_job, wait_for};
use crate::common::{app, spawn, TestApp};

/// Long enough to still be running while the test looks at the queue.
fn long_job() -> Value {
    let mut job = tiny_job();
    job["prompt_tokens"] = json!(256);
    job["gen_tokens"] = json!(64);
    job["concurrency"] = json!([1, 2, 4]);
    job
}

async fn submit(app: &TestApp, job: &Value) -> i64 {
    let (status, body) = app.post_json("/api/v1/benchmarks", job).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["status"], json!("queued"), "{body}");
    body["id"].as_i64().unwrap()
}

const PATIENCE: Duration = Duration::from_secs(600);

fn assert_422(body: &Value, field: &str, word: &str) {
    assert_eq!(body["error"]["field"], json!(field), "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains(word), "{word:?} not in {body}");
}

#[tokio::test]
async fn the_catalog_lists_models_dtypes_devices_and_only_offered_weights() {
    let app = app(None).await;
    std::fs::write(app.models_dir.join("model.gguf"), b"GGUF....").unwrap();
    std::fs::write(app.models_dir.join("notes.txt"), b"not weights").unwrap();
    let hf = app.models_dir.join("hf-model");
    std::fs::create_dir(&hf).unwrap();
    std::fs::write(hf.join("config.json"), b"{}").unwrap();
    std::fs::write(hf.join("model.safetensors"), vec![0u8; 100]).unwrap();
    std::fs::create_dir(app.models_dir.join("empty-dir")).unwrap();

    let (status, catalog) = app.get_json("/api/v1/benchmarks/catalog").await;
    assert_eq!(status, 200, "{catalog}");
    let models = catalog["models"].as_array().unwrap();
    assert!(models.len() >= 15, "{} models", models.len());
    let smollm = models
        .iter()
        .find(|m| m["id"] == json!("smollm2-135m"))
        .expect("smollm2-135m is in the catalog");
    assert!(smollm["parameters"].as_u64().unwrap() > 100_000_000);
    assert_eq!(
        catalog["dtypes"],
        json!(["f32", "bf16", "f16", "q8_0", "q4_0", "q4_1", "q4_k"])
    );
    assert_eq!(catalog["devices"][0], json!("cpu"));
    let files = catalog["weights_files"].as_array().unwrap();
    let names: Vec<&str> = files.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["hf-model", "model.gguf"], "{catalog}");
    assert_eq!(files[0]["bytes"], json!(102));
    assert_eq!(files[1]["bytes"], json!(8));
    // Named inside the models directory: the server's own paths are never shown.
    assert_eq!(files[1]["path"], json!("model.gguf"));
}

#[tokio::test]
async fn invalid_requests_are_422_naming_the_field() {
    let app = app(None).await;
    let post = |job: Value| {
        let app = &app;
        async move { app.post_json("/api/v1/benchmarks", &job).await }
    };
    let mut job = tiny_job();
    job["model"] = json!("nope-7b");
    let (status, body) = post(job).await;
    assert_eq!(status, 422, "{body}");
    assert_422(&body, "model", "nope-7b");

    let mut job = tiny_job();
    job["prompt_tokens"] = json!(0);
    let (status, body) = post(job).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], json!("prompt_tokens"), "{body}");

    // A path the server does not offer is refused before anything opens it.
    for (path, word) in [
        ("/etc/passwd", "without `/`, `..` or an absolute path"),
        ("../../secret.gguf", "without `/`, `..` or an absolute path"),
        (
            "/nonexistent/model.gguf",
            "without `/`, `..` or an absolute path",
        ),
        ("secret.gguf", "not a model file this server offers"),
    ] {
        let mut job = tiny_job();
        job["weights"] = json!({ "kind": "path", "path": path });
        let (status, body) = post(job).await;
        assert_eq!(status, 422, "{body}");
        assert_422(&body, "weights.path", word);
    }

    let mut job = tiny_job();
    job["temperature"] = json!(0.7);
    let (status, body) = post(job).await;
    assert_eq!(status, 422, "{body}");
    assert_422(&body, "temperature", "unknown field");

    let mut job = tiny_job();
    job.as_object_mut().unwrap().remove("device");
    let (status, body) = post(job).await;
    assert_eq!(status, 422, "{body}");
    assert_422(&body, "device", "missing field");

    let mut job = tiny_job();
    job["device"] = json!("tpu");
    let (status, body) = post(job).await;
    assert_eq!(status, 422, "{body}");
    assert_422(&body, "device", "is not `cpu` or `cuda:N`");

    let mut job = tiny_job();
    job["concurrency"] = json!("many");
    let (status, body) = post(job).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["field"], json!("concurrency"), "{body}");

    let (status, body) = app
        .post_json("/api/v1/benchmarks", &json!("not an object"))
        .await;
    assert_eq!(status, 422, "{body}");

    // Nothing was queued.
    let (_, list) = app.get_json("/api/v1/benchmarks").await;
    assert_eq!(list["benchmarks"], json!([]));
    let (status, _) = app.get_json("/api/v1/benchmarks/999").await;
    assert_eq!(status, 404);
    let (status, _) = app.get_json("/api/v1/benchmarks/999/events").await;
    assert_eq!(status, 404);
    let (status, _) = app
        .post_json("/api/v1/benchmarks/999/cancel", &json!({}))
        .await;
    assert_eq!(status, 404);
}

/// Reads Server-Sent Events until the stream ends: (event, data) pairs.
async fn read_events(app: &TestApp, id: i64) -> Vec<(String, Value)> {
    let mut response = app
        .client()
        .get(format!("{}/api/v1/benchmarks/{id}/events", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let mut text = String::new();
    let read = async {
        while let Some(chunk) = response.chunk().await.unwrap() {
            text.push_str(&String::from_utf8_lossy(&chunk));
        }
    };
    tokio::time::timeout(PATIENCE, read)
        .await
        .expect("the event stream ends after the job");
    text.split("\n\n")
        .filter_map(|block| {
            let mut event = None;
            let mut data = None;
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    event = Some(v.trim().to_string());
                } else if let Some(v) = line.strip_prefix("data:") {
                    data = serde_json::from_str(v.trim()).ok();
                }
            }
            Some((event?, data?))
        })
        .collect()
}

#[tokio::test]
async fn a_tiny_job_runs_to_done_with_progress_events() {
    let app = spawn(None).await;
    let id = submit(&app, &tiny_job()).await;
    let events = read_events(&app, id).await;
    assert!(
        events.iter().any(|(e, data)| e == "progress"
            && data["phase"].is_string()
            && data["fraction"].is_number()),
        "no progress event: {events:?}"
    );
    // The bar moves per step: loading, probing, then the warm-up and 5 repetitions at
    // concurrency 1 (8 steps); the count only grows, the durations of the steps measured
    // so far come with it, and the last progress is every step done.
    let steps: Vec<&Value> = events
        .iter()
        .filter(|(e, _)| e == "progress")
        .map(|(_, d)| &d["steps"])
        .collect();
    assert!(steps.iter().all(|s| s["total"] == json!(8)), "{steps:?}");
    let done: Vec<u64> = steps.iter().map(|s| s["done"].as_u64().unwrap()).collect();
    assert!(done.windows(2).all(|w| w[0] <= w[1]), "{done:?}");
    assert_eq!(done.first(), Some(&0), "{done:?}");
    assert_eq!(done.last(), Some(&8), "{done:?}");
    assert!(
        done.len() >= 5,
        "fewer progress events than steps: {done:?}"
    );
    assert!(steps
        .iter()
        .any(|s| s["recent_s"].as_array().is_some_and(|r| !r.is_empty())));
    assert!(steps
        .iter()
        .all(|s| s["recent_s"].as_array().is_some_and(|r| r.len() <= 5)));
    let (last, data) = events.last().unwrap();
    assert_eq!(last, "status");
    assert_eq!(data["status"], json!("done"), "{events:?}");

    let job = benchmark(&app, id).await;
    assert_eq!(job["status"], json!("done"), "{job}");
    assert_eq!(job["source"], json!("server"));
    assert!(job["command"]
        .as_str()
        .unwrap()
        .starts_with("breakeven bench --model smollm2-135m --weights synthetic --dtype q8_0"));
    let result = &job["result"];
    assert_eq!(result["weights_label"], json!("synthetic weights"));
    let points = result["points"].as_array().unwrap();
    assert_eq!(points.len(), 1, "{result}");
    for figure in [
        "prefill_tokens_per_s",
        "decode_tokens_per_s",
        "ttft_ms_p50",
        "tpot_ms_p50",
    ] {
        assert!(
            points[0][figure].as_f64().unwrap() > 0.0,
            "{figure}: {result}"
        );
    }
    assert!(job["error"].is_null());
    assert!(job["started_unix"].as_i64().unwrap() >= job["created_unix"].as_i64().unwrap());

    // A finished job's stream says so once and ends.
    let again = read_events(&app, id).await;
    assert_eq!(again.len(), 1, "{again:?}");
    assert_eq!(again[0].1["status"], json!("done"));
    // …and it cannot be cancelled any more.
    let (status, body) = app
        .post_json(&format!("/api/v1/benchmarks/{id}/cancel"), &json!({}))
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("already finished"));

    let (_, list) = app.get_json("/api/v1/benchmarks").await;
    let row = &list["benchmarks"][0];
    assert_eq!(row["id"], json!(id));
    assert_eq!(row["model"], json!("smollm2-135m"));
    assert_eq!(row["dtype"], json!("q8_0"));
    assert_eq!(row["weights_label"], json!("synthetic weights"));
    assert_eq!(row["goodput"], result["goodput"]);
}

#[tokio::test]
async fn one_job_per_device_runs_at_a_time_and_cancel_works_queued_or_running() {
    let app = app(None).await;
    let first = submit(&app, &long_job()).await;
    wait_for(&app, first, &["running"], PATIENCE).await;

    let (status, body) = app.post_json("/api/v1/benchmarks", &tiny_job()).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["position"], json!(1), "{body}");
    let second = body["id"].as_i64().unwrap();
    let (_, body) = app.post_json("/api/v1/benchmarks", &tiny_job()).await;
    assert_eq!(body["position"], json!(2), "{body}");
    let third = body["id"].as_i64().unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(benchmark(&app, second).await["status"], json!("queued"));
    assert_eq!(benchmark(&app, first).await["status"], json!("running"));

    // A queued job is cancelled at once and never runs.
    let (status, body) = app
        .post_json(&format!("/api/v1/benchmarks/{third}/cancel"), &json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], json!("cancelled"));
    assert_eq!(benchmark(&app, third).await["status"], json!("cancelled"));

    // A running one stops at its next check.
    let (status, body) = app
        .post_json(&format!("/api/v1/benchmarks/{first}/cancel"), &json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["status"] == json!("running") || body["status"] == json!("cancelled"),
        "{body}"
    );
    let cancelled = wait_for(&app, first, &["cancelled", "done", "failed"], PATIENCE).await;
    assert_eq!(cancelled["status"], json!("cancelled"), "{cancelled}");
    assert!(
        cancelled["result"].is_null(),
        "a cancelled job keeps no result"
    );

    // The next in line then runs.
    let done = wait_for(&app, second, &["done", "failed", "cancelled"], PATIENCE).await;
    assert_eq!(done["status"], json!("done"), "{done}");
    let never = benchmark(&app, third).await;
    assert_eq!(never["status"], json!("cancelled"));
    assert!(never["started_unix"].is_null(), "{never}");
    assert!(never["result"].is_null());
}

#[tokio::test]
async fn a_corrupt_weights_file_fails_the_job_and_stores_no_result() {
    let app = app(None).await;
    // A GGUF header cut off after its magic and version.
    let mut truncated = b"GGUF".to_vec();
    truncated.extend_from_slice(&3u32.to_le_bytes());
    truncated.extend_from_slice(&[0x07, 0x00]);
    std::fs::write(app.models_dir.join("truncated.gguf"), truncated).unwrap();
    let (_, catalog) = app.get_json("/api/v1/benchmarks/catalog").await;
    let path = catalog["weights_files"][0]["path"].clone();
    assert!(
        path.as_str().unwrap().ends_with("truncated.gguf"),
        "{catalog}"
    );
    let mut job = tiny_job();
    job["weights"] = json!({ "kind": "path", "path": path });
    job.as_object_mut().unwrap().remove("model");
    job.as_object_mut().unwrap().remove("dtype");
    let id = submit(&app, &job).await;
    let failed = wait_for(&app, id, &["failed", "done", "cancelled"], PATIENCE).await;
    assert_eq!(failed["status"], json!("failed"), "{failed}");
    assert!(
        failed["error"].as_str().unwrap().contains("weights"),
        "{failed}"
    );
    assert!(failed["result"].is_null());
    assert!(failed["finished_unix"].is_i64());
}

#[tokio::test]
async fn jobs_a_stopped_server_left_unfinished_are_marked_failed_on_start() {
    let app = app(None).await;
    let pool = app.sql().await;
    let (request, done) = (tiny_job().to_string(), agent_result().to_string());
    for (status, result) in [("running", None), ("queued", None), ("done", Some(&done))] {
        // Not `query!`: a test's queries are not in the committed .sqlx metadata.
        sqlx::query(
            "INSERT INTO benchmarks (status, device, model, request_json, command, result_json, source, created_unix)
             VALUES ($1, 'cpu', 'smollm2-135m', $3, 'breakeven bench', $2, 'server', 1)",
        )
        .bind(status)
        .bind(result)
        .bind(&request)
        .execute(&pool)
        .await
        .unwrap();
    }
    // A complete result only: a 'done' row without one is refused by the schema.
    let partial = sqlx::query(
        "INSERT INTO benchmarks (status, device, request_json, command, source, created_unix)
         VALUES ('done', 'cpu', '{}', 'x', 'server', 1)",
    )
    .execute(&pool)
    .await;
    assert!(partial.is_err());
    let stopped = if crate::common::on_postgres() {
        // Other instances run jobs too: only those of an instance whose lease has expired
        // are failed. These rows' holder stopped renewing long ago.
        sqlx::query(
            "UPDATE benchmarks SET instance = 'pid-gone', lease_expires_unix = 1
             WHERE status IN ('queued', 'running')",
        )
        .execute(&pool)
        .await
        .unwrap();
        "the server instance running it stopped (its lease expired); queue it again"
    } else {
        "server stopped before the benchmark finished"
    };

    let reopened = app.pool().await;
    breakeven::AppState::start(reopened, app.models_dir.clone())
        .await
        .unwrap();
    let (_, list) = app.get_json("/api/v1/benchmarks").await;
    let statuses: Vec<(&str, &str)> = list["benchmarks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["status"].as_str().unwrap(),
                b["error"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [("done", ""), ("failed", stopped), ("failed", stopped)]
    );
}

#[tokio::test]
async fn agents_report_results_with_a_live_token_only() {
    let app = app(None).await;
    let report = agent_report(&agent_result());
    let request = report["request"].clone();
    assert!(serde_json::from_value::<bench::BenchResult>(agent_result()).is_ok());
    let url = "/api/v1/benchmarks/results";
    let post = |token: Option<String>| {
        let (app, report) = (&app, &report);
        async move {
            app.send(Method::POST, url, token.as_deref(), Some(report))
                .await
        }
    };
    let (status, body) = post(None).await;
    assert_eq!(status, 401, "{body}");
    let (status, _) = post(Some("0123456789abcdef".into())).await;
    assert_eq!(status, 401);

    let pool = app.pool().await;
    let token = breakeven::store::agent_tokens::create(&pool, "gpu-box-1")
        .await
        .unwrap();
    assert_eq!(token.len(), 64);
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
    let (status, body) = post(Some(token.clone())).await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_i64().unwrap();
    let job = benchmark(&app, id).await;
    assert_eq!(job["status"], json!("done"));
    assert_eq!(job["source"], json!("agent:gpu-box-1"));
    assert_eq!(job["result"], agent_result());
    let (_, list) = app.get_json("/api/v1/benchmarks").await;
    assert_eq!(list["benchmarks"][0]["source"], json!("agent:gpu-box-1"));
    assert_eq!(list["benchmarks"][0]["device"], json!("cuda:0"));

    // A malformed report is 422 with its path, and a revoked token is refused.
    let malformed = json!({ "request": request, "command": "x", "result": { "model": 1 } });
    let (status, bad) = app
        .send(Method::POST, url, Some(&token), Some(&malformed))
        .await;
    assert_eq!(status, 422);
    assert_eq!(bad["error"]["field"], json!("result.model"), "{bad}");
    breakeven::store::agent_tokens::revoke(&pool, "gpu-box-1")
        .await
        .unwrap();
    let (status, _) = post(Some(token.clone())).await;
    assert_eq!(status, 401);
    let (_, list) = app.get_json("/api/v1/benchmarks").await;
    assert_eq!(list["benchmarks"].as_array().unwrap().len(), 1);
}
