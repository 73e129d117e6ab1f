//! Benchmarks as a guarded resource (issue 15): a bounded queue (429 with Retry-After),
//! requests checked against this server before they are queued, the benchmark token, no
//! backtrace or server path in anything stored or served, weights named relative to the
//! models directory, and agents' results checked like user input.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::benchmarks::{agent_report, agent_result, tiny_job};
use crate::common::{app, configured, TestApp};

/// A job that runs for minutes unless cancelled: what keeps the others waiting.
fn slow_job() -> Value {
    let mut job = tiny_job();
    job["prompt_tokens"] = json!(1024);
    job["gen_tokens"] = json!(256);
    job["concurrency"] = json!([1, 2, 4, 8]);
    job["repetitions"] = json!(100);
    job
}

async fn listed(app: &TestApp) -> usize {
    let (_, list) = app.get_json("/api/v1/benchmarks").await;
    list["benchmarks"].as_array().unwrap().len()
}

/// Cancels `ids` (queued ones first) and waits until none is queued or running.
async fn cancel_all(app: &TestApp, ids: &[i64], token: Option<&str>) {
    for id in ids.iter().rev() {
        let path = format!("/api/v1/benchmarks/{id}/cancel");
        app.send(Method::POST, &path, token, Some(&json!({}))).await;
    }
    let start = Instant::now();
    for id in ids {
        loop {
            let (_, job) = app.get_json(&format!("/api/v1/benchmarks/{id}")).await;
            if job["status"] != json!("queued") && job["status"] != json!("running") {
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(600), "{job}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

fn assert_field(body: &Value, field: &str, word: &str) {
    assert_eq!(body["error"]["field"], json!(field), "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains(word), "{word:?} not in {body}");
}

/// Issue 15, failure 4: 60 submissions in a burst were all accepted. Now a lane holds its
/// running job and `DEFAULT_QUEUE_WAITING` waiting ones; the rest are 429 with Retry-After,
/// and nothing is stored for them.
#[tokio::test]
async fn a_burst_of_submissions_fills_the_queue_then_gets_429() {
    let app = app(None).await;
    let mut accepted = Vec::new();
    let mut refused = 0;
    for _ in 0..60 {
        let reply = app
            .request(
                Method::POST,
                "/api/v1/benchmarks",
                &[("content-type", "application/json")],
                serde_json::to_vec(&slow_job()).unwrap(),
            )
            .await;
        let body = reply.json();
        match reply.status {
            202 => {
                assert_eq!(body["position"], json!(accepted.len()), "{body}");
                accepted.push(body["id"].as_i64().unwrap());
            }
            429 => {
                refused += 1;
                assert_eq!(reply.header("retry-after"), "60");
                assert_field(&body, "device", "queue for device cpu is full");
            }
            other => panic!("{other}: {body}"),
        }
    }
    let limit = breakeven::jobs::DEFAULT_QUEUE_WAITING;
    assert_eq!(accepted.len(), limit + 1, "one running and {limit} waiting");
    assert_eq!(refused, 60 - (limit + 1));
    assert_eq!(
        listed(&app).await,
        limit + 1,
        "nothing stored for a refusal"
    );
    cancel_all(&app, &accepted, None).await;

    // `serve --bench-queue 0`: only the running job.
    let app = configured(None, |s| s.with_bench_queue(0)).await;
    let (status, first) = app.post_json("/api/v1/benchmarks", &slow_job()).await;
    assert_eq!(status, 202, "{first}");
    let (status, body) = app.post_json("/api/v1/benchmarks", &tiny_job()).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(listed(&app).await, 1);
    cancel_all(&app, &[first["id"].as_i64().unwrap()], None).await;
}

/// A cancel that lands between a job's row being written and the job going live (ids are
/// sequential, so the next one can be cancelled blind) finds nothing live to forget; the
/// worker forgets it when it reaches it, so it does not hold a place in the queue for ever.
#[tokio::test]
async fn a_job_cancelled_before_it_went_live_frees_its_place() {
    let app = configured(None, |s| s.with_bench_queue(1)).await;
    let (status, running) = app.post_json("/api/v1/benchmarks", &slow_job()).await;
    assert_eq!(status, 202, "{running}");
    let (status, waiting) = app.post_json("/api/v1/benchmarks", &slow_job()).await;
    assert_eq!(status, 202, "{waiting}");
    // The racing cancel's write, without the live job it found nothing of.
    sqlx::query("UPDATE benchmarks SET status = 'cancelled' WHERE id = $1 AND status = 'queued'")
        .bind(waiting["id"].as_i64().unwrap())
        .execute(&app.sql().await)
        .await
        .unwrap();
    cancel_all(&app, &[running["id"].as_i64().unwrap()], None).await;
    // The worker moves on to the cancelled job at once and skips it.
    tokio::time::sleep(Duration::from_secs(1)).await;
    // One running and one waiting fit again.
    let mut ids = Vec::new();
    for _ in 0..2 {
        let (status, body) = app.post_json("/api/v1/benchmarks", &slow_job()).await;
        assert_eq!(status, 202, "{body}");
        ids.push(body["id"].as_i64().unwrap());
    }
    cancel_all(&app, &ids, None).await;
}

/// Issue 15, failure 4: `cuda:0` on a CPU-only server and `max_memory_bytes: 1` were
/// accepted and failed later. Now they, and every other request this server cannot run, are
/// 422 naming the field before anything is stored.
#[tokio::test]
async fn requests_this_server_cannot_run_are_422_before_queueing() {
    let app = app(None).await;
    std::fs::write(app.models_dir.join("model.gguf"), b"GGUF").unwrap();
    let (_, catalog) = app.get_json("/api/v1/benchmarks/catalog").await;
    let has_cuda = catalog["devices"]
        .as_array()
        .unwrap()
        .contains(&json!("cuda:0"));
    type Edit = fn(&mut Value);
    let mut cases: Vec<(Edit, &str, &str)> = vec![
        (
            |j| j["max_memory_bytes"] = json!(1),
            "max_memory_bytes",
            "it needs at least",
        ),
        (
            |j| j["max_memory_bytes"] = json!(1u64 << 50),
            "max_memory_bytes",
            "is more than cpu has",
        ),
        (
            |j| j["concurrency"] = json!([4097]),
            "concurrency",
            "between 1 and 4096",
        ),
        (
            |j| j["prompt_tokens"] = json!(32769),
            "prompt_tokens",
            "between 1 and 32768",
        ),
        (
            |j| j["gen_tokens"] = json!(8193),
            "gen_tokens",
            "between 1 and 8192",
        ),
    ];
    if !has_cuda {
        cases.push((
            |j| j["device"] = json!("cuda:0"),
            "device",
            "cuda:0 is not on this server",
        ));
    }
    for (edit, field, word) in cases {
        let mut job = tiny_job();
        edit(&mut job);
        let (status, body) = app.post_json("/api/v1/benchmarks", &job).await;
        assert_eq!(status, 422, "{job}: {body}");
        assert_field(&body, field, word);
    }
    // A weights path escaping the models directory, or absolute, is refused by its form.
    for path in [
        "../model.gguf",
        "/etc/passwd",
        "sub/model.gguf",
        "..",
        "a\\b.gguf",
    ] {
        let mut job = tiny_job();
        job["weights"] = json!({ "kind": "path", "path": path });
        let (status, body) = app.post_json("/api/v1/benchmarks", &job).await;
        assert_eq!(status, 422, "{path}: {body}");
        assert_field(
            &body,
            "weights.path",
            "without `/`, `..` or an absolute path",
        );
    }
    assert_eq!(listed(&app).await, 0, "nothing was queued");
}

/// Issue 15, failure 7: the catalog showed absolute server paths. Now a file is named by its
/// name inside `--models-dir`, and that name is what a request gives.
#[tokio::test]
async fn the_catalog_names_weights_files_relative_to_the_models_dir() {
    let app = app(None).await;
    std::fs::write(app.models_dir.join("model.gguf"), b"GGUF....").unwrap();
    let reply = app
        .request(Method::GET, "/api/v1/benchmarks/catalog", &[], Vec::new())
        .await;
    let text = String::from_utf8(reply.body.clone()).unwrap();
    let dir = app.models_dir.to_str().unwrap();
    assert!(!text.contains(dir), "the models dir {dir} is shown: {text}");
    let catalog = reply.json();
    assert_eq!(catalog["weights_files"][0]["path"], json!("model.gguf"));
    assert_eq!(catalog["token_required"], json!(false));
}

/// `serve --bench-token-env`: starting or cancelling a benchmark needs the token, whatever
/// `Origin` the request claims; reading stays open; the catalog tells the app.
#[tokio::test]
async fn a_bench_token_guards_starting_and_cancelling_but_not_reading() {
    const TOKEN: &str = "test-bench-token-0123456789";
    let app = configured(None, |s| s.with_bench_token(Some(TOKEN))).await;
    let (_, catalog) = app.get_json("/api/v1/benchmarks/catalog").await;
    assert_eq!(catalog["token_required"], json!(true));

    let body = serde_json::to_vec(&tiny_job()).unwrap();
    let same_origin = [
        ("content-type", "application/json"),
        ("origin", "http://breakeven.test"),
    ];
    let reply = app
        .request(
            Method::POST,
            "/api/v1/benchmarks",
            &same_origin,
            body.clone(),
        )
        .await;
    assert_eq!(reply.status, 401, "{}", reply.json());
    assert_eq!(reply.header("www-authenticate"), "Bearer");
    assert_field(&reply.json(), "authorization", "benchmark token");
    let (status, _) = app
        .send(
            Method::POST,
            "/api/v1/benchmarks",
            Some("wrong-token-0123456789"),
            Some(&tiny_job()),
        )
        .await;
    assert_eq!(status, 401);
    assert_eq!(listed(&app).await, 0);

    let (status, queued) = app
        .send(
            Method::POST,
            "/api/v1/benchmarks",
            Some(TOKEN),
            Some(&slow_job()),
        )
        .await;
    assert_eq!(status, 202, "{queued}");
    let id = queued["id"].as_i64().unwrap();
    let cancel = format!("/api/v1/benchmarks/{id}/cancel");
    let (status, _) = app
        .send(Method::POST, &cancel, None, Some(&json!({})))
        .await;
    assert_eq!(status, 401);
    let (status, job) = app.get_json(&format!("/api/v1/benchmarks/{id}")).await;
    assert_eq!(status, 200, "{job}");
    assert_eq!(listed(&app).await, 1);
    cancel_all(&app, &[id], Some(TOKEN)).await;
    let (_, job) = app.get_json(&format!("/api/v1/benchmarks/{id}")).await;
    assert_eq!(job["status"], json!("cancelled"), "{job}");
}

/// Issue 15, failure 7: an agent token could store negative or 1e308 tokens/s and a model
/// named `../../etc/passwd`. Now each is 422 naming the field path, and nothing is stored.
#[tokio::test]
async fn agent_results_out_of_range_are_422_naming_the_field() {
    let app = app(None).await;
    let pool = app.pool().await;
    let token = breakeven::store::agent_tokens::create(&pool, "gpu-box")
        .await
        .unwrap();
    let decode = "result.points[0].decode_tokens_per_s";
    type Edit = fn(&mut Value);
    let cases: Vec<(Edit, &str, &str)> = vec![
        (
            |r| r["points"][0]["decode_tokens_per_s"] = json!(-1.0),
            decode,
            "negative",
        ),
        (
            |r| r["points"][0]["decode_tokens_per_s"] = json!(1e308),
            decode,
            "over the bound",
        ),
        (
            |r| r["points"][0]["decode_tokens_per_s"] = json!("NaN"),
            decode,
            "invalid type",
        ),
        (
            |r| r["model"] = json!("../../etc/passwd"),
            "result.model",
            "is not a name",
        ),
        (
            |r| r["reproducibility"]["gpu_name"] = json!("H100\u{0}"),
            "result.reproducibility.gpu_name",
            "control characters",
        ),
        (
            |r| r["points"][0]["concurrency"] = json!(0),
            "result.points[0].concurrency",
            "below 1",
        ),
        (
            |r| r["points"][0]["concurrency"] = json!(1.5),
            "result.points[0].concurrency",
            "invalid type",
        ),
        (
            |r| r["points"][0]["ttft_ms_p95"] = json!(-5.0),
            "result.points[0].ttft_ms_p95",
            "negative",
        ),
        (
            |r| r["roofline"]["peak_flops"] = json!(1e30),
            "result.roofline.peak_flops",
            "over the bound",
        ),
    ];
    for (edit, field, word) in cases {
        let mut result = agent_result();
        edit(&mut result);
        let (status, body) = app
            .send(
                Method::POST,
                "/api/v1/benchmarks/results",
                Some(&token),
                Some(&agent_report(&result)),
            )
            .await;
        assert_eq!(status, 422, "{field}: {body}");
        assert_field(&body, field, word);
    }
    assert_eq!(listed(&app).await, 0, "nothing stored");
    // The fixture itself, as `bench --post` sends it, is stored.
    let (status, body) = app
        .send(
            Method::POST,
            "/api/v1/benchmarks/results",
            Some(&token),
            Some(&agent_report(&agent_result())),
        )
        .await;
    assert_eq!(status, 201, "{body}");
}

/// The real binary, its environment as an operator may set it: `RUST_BACKTRACE=1`.
struct Served {
    child: std::process::Child,
    base: String,
    _dir: tempfile::TempDir,
    models: std::path::PathBuf,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve_with_backtraces() -> Served {
    let dir = tempfile::tempdir().unwrap();
    let models = dir.path().join("models");
    std::fs::create_dir(&models).unwrap();
    // A GGUF magic with a version no reader knows: candle bails, capturing a backtrace.
    let mut bad = b"GGUF".to_vec();
    bad.extend_from_slice(&99u32.to_le_bytes());
    bad.extend_from_slice(&[0u8; 64]);
    std::fs::write(models.join("corrupt.gguf"), bad).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .args(["serve", "--addr", "127.0.0.1:0", "--dist"])
        .arg(dir.path().join("no-dist"))
        .arg("--db")
        .arg(dir.path().join("db.sqlite"))
        .arg("--models-dir")
        .arg(&models)
        .env("RUST_BACKTRACE", "1")
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("the server says where it listens")
            .unwrap();
        if let Some(at) = line.find("Breakeven on ") {
            let rest = &line[at + "Breakeven on ".len()..];
            let end = rest.find(|c: char| c.is_whitespace() || c == '\x1b');
            break rest[..end.unwrap_or(rest.len())].to_string();
        }
    };
    // Keep draining the log so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Served {
        child,
        base,
        _dir: dir,
        models,
    }
}

/// Issue 15, failure 5: with `RUST_BACKTRACE=1`, a corrupt GGUF's error carried 14 backtrace
/// frames and the server's paths into the stored job. Now the stored error, the job's JSON and
/// the list say what is wrong with the file, by its name, and nothing else.
#[tokio::test]
async fn a_corrupt_weights_error_carries_no_backtrace_or_server_path() {
    let served = serve_with_backtraces();
    let client = reqwest::Client::new();
    let mut job = tiny_job();
    job["weights"] = json!({ "kind": "path", "path": "corrupt.gguf" });
    job.as_object_mut().unwrap().remove("model");
    job.as_object_mut().unwrap().remove("dtype");
    let queued: Value = client
        .post(format!("{}/api/v1/benchmarks", served.base))
        .json(&job)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = queued["id"].as_i64().unwrap_or_else(|| panic!("{queued}"));
    let url = format!("{}/api/v1/benchmarks/{id}", served.base);
    let start = Instant::now();
    let text = loop {
        let text = client.get(&url).send().await.unwrap().text().await.unwrap();
        let job: Value = serde_json::from_str(&text).unwrap();
        if job["status"] == json!("failed") {
            break text;
        }
        assert_ne!(job["status"], json!("done"), "{text}");
        assert!(start.elapsed() < Duration::from_secs(300), "{text}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let list = client
        .get(format!("{}/api/v1/benchmarks", served.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let job: Value = serde_json::from_str(&text).unwrap();
    let error = job["error"].as_str().unwrap();
    assert!(error.contains("corrupt.gguf"), "{error}");
    assert!(error.contains("not a readable GGUF file"), "{error}");
    let models = served.models.to_str().unwrap();
    for shown in [&text, &list] {
        for leak in [
            "stack backtrace",
            " at /",
            "candle_core::",
            ".rs:",
            models,
            "/tmp/",
        ] {
            assert!(!shown.contains(leak), "{leak:?} shown: {shown}");
        }
    }
}

/// Issue 15, failure 4: `bench --concurrency 4096 --prompt 32768 --gen 8192
/// --max-memory-mib 512` peaked at 605 MiB and exited 0 with nothing measured. Now it stops
/// before allocating, with the memory it would need, and exits non-zero.
#[test]
fn bench_refuses_a_run_whose_first_concurrency_exceeds_the_memory_cap() {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_breakeven"))
        .args([
            "bench",
            "--concurrency",
            "4096",
            "--prompt",
            "32768",
            "--gen",
            "8192",
            "--max-memory-mib",
            "512",
        ])
        .env_remove("BREAKEVEN_AGENT_TOKEN")
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("error: memory:"), "{stderr}");
    assert!(
        stderr.contains("concurrency 4096 × (32768 + 8192) tokens"),
        "{stderr}"
    );
    assert!(stderr.contains("0.50 GiB available"), "{stderr}");
    assert!(
        start.elapsed() < Duration::from_secs(120),
        "refused before loading weights or probing"
    );
}

/// A row stored before errors were cleaned when written (a backtrace and the server's paths
/// in its error) is served clean: the list, the job and its event stream.
#[tokio::test]
async fn an_error_stored_by_an_older_server_is_served_without_backtrace_or_path() {
    let app = app(None).await;
    let pool = app.pool().await;
    let agent = breakeven::store::agent_tokens::create(&pool, "old-row")
        .await
        .unwrap();
    let id = crate::common::benchmarks::post_agent_result(&app, &agent, &agent_result()).await;
    let models = app.models_dir.display().to_string();
    let stored = format!(
        "weights: {models}/broken.gguf: not a readable GGUF file\n\nstack backtrace:\n   0: candle_core::error::Error::bt\n             at /root/.cargo/registry/src/candle-core-0.11.1/src/error.rs:255:25\n   1: std::rt::lang_start"
    );
    sqlx::query(
        "UPDATE benchmarks SET status = 'failed', result_json = NULL, error = $1 WHERE id = $2",
    )
    .bind(&stored)
    .bind(id)
    .execute(&app.sql().await)
    .await
    .unwrap();
    let job = app
        .request(
            Method::GET,
            &format!("/api/v1/benchmarks/{id}"),
            &[],
            Vec::new(),
        )
        .await;
    let list = app
        .request(Method::GET, "/api/v1/benchmarks", &[], Vec::new())
        .await;
    let events = app
        .request(
            Method::GET,
            &format!("/api/v1/benchmarks/{id}/events"),
            &[],
            Vec::new(),
        )
        .await;
    assert_eq!(
        job.json()["error"],
        json!("weights: broken.gguf: not a readable GGUF file")
    );
    for reply in [job, list, events] {
        let shown = String::from_utf8(reply.body).unwrap();
        assert!(shown.contains("broken.gguf"), "{shown}");
        for leak in [
            "stack backtrace",
            " at /",
            "candle_core::",
            ".rs:",
            models.as_str(),
        ] {
            assert!(!shown.contains(leak), "{leak:?} shown: {shown}");
        }
    }
}
