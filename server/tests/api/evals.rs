//! Quality evals over HTTP (`/api/v1/evals*`): the checks before anything is queued, the
//! per-device queue shared with benchmarks (order, cancel), Server-Sent Events, the stored
//! result, and a sample of 100,000 items. The real runs use the SmolLM2-135M fixture
//! (`scripts/fetch-fixture.sh`), offered through the server's models directory.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common::benchmarks::tiny_job;
use crate::common::{app, spawn, TestApp};

const FIXTURE: &str = "SmolLM2-135M-Instruct.Q4_1.gguf";
/// How long a real run may take in the test build before the test fails (a hang must not
/// eat the CI budget).
const PATIENCE: Duration = Duration::from_secs(300);

/// Offers the fixture in the app's models directory (a link to the repository's copy).
fn offer_fixture(app: &TestApp) {
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../.fixtures")
        .join(FIXTURE);
    assert!(
        fixture.is_file(),
        "{} is missing: run scripts/fetch-fixture.sh",
        fixture.display()
    );
    std::os::unix::fs::symlink(&fixture, app.models_dir.join(FIXTURE)).unwrap();
}

/// A demo classify eval of `weights` on the CPU.
fn demo_eval(weights: &str) -> Value {
    json!({
        "weights": weights,
        "sample": { "kind": "demo" },
        "task": "classify",
        "device": "cpu",
        "llm_quality": 0.9
    })
}

/// The first `n` items of the demo sample, as an inline sample named `first-n.jsonl`.
fn inline_demo(weights: &str, n: usize) -> Value {
    let lines: Vec<&str> = quality::sample::DEMO_SAMPLE
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(n)
        .collect();
    let mut eval = demo_eval(weights);
    eval["sample"] = json!({
        "kind": "inline",
        "name": format!("first-{n}.jsonl"),
        "jsonl": lines.join("\n"),
    });
    // The demo's four labels, as the whole sample has them.
    eval["labels"] = json!(demo_labels());
    eval
}

fn demo_labels() -> Vec<String> {
    let sample = quality::sample::read_sample(
        quality::sample::DEMO_SAMPLE.as_bytes(),
        quality::sample::Task::Classify,
        None,
    )
    .unwrap();
    sample.labels
}

async fn submit(app: &TestApp, eval: &Value) -> (i64, u64) {
    let (status, body) = app.post_json("/api/v1/evals", eval).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["status"], json!("queued"), "{body}");
    (
        body["id"].as_i64().unwrap(),
        body["position"].as_u64().unwrap(),
    )
}

async fn get(app: &TestApp, what: &str, id: i64) -> Value {
    let (status, body) = app.get_json(&format!("/api/v1/{what}/{id}")).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// Polls until the job's status is one of `wanted`.
async fn wait_for(app: &TestApp, what: &str, id: i64, wanted: &[&str]) -> Value {
    let start = Instant::now();
    loop {
        let job = get(app, what, id).await;
        if wanted.iter().any(|w| job["status"] == json!(w)) {
            return job;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "{what} {id} still {} after {PATIENCE:?}, not one of {wanted:?}",
            job["status"]
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn assert_422(status: u16, body: &Value, field: &str, words: &[&str]) {
    assert_eq!(status, 422, "{body}");
    let errors = body["errors"].as_array().unwrap();
    assert!(
        errors.iter().any(|e| e["field"] == json!(field)
            && words
                .iter()
                .all(|w| e["message"].as_str().unwrap().contains(w))),
        "no error on {field:?} saying {words:?}: {body}"
    );
}

/// A benchmark that runs for a while on the CPU (several seconds in a test build).
fn long_benchmark() -> Value {
    let mut job = tiny_job();
    job["prompt_tokens"] = json!(256);
    job["gen_tokens"] = json!(64);
    job["concurrency"] = json!([1, 2, 4]);
    job
}

#[tokio::test]
async fn bad_evals_are_refused_naming_the_field_or_line() {
    let app = app(None).await;
    // Offered, so the checks after the weights' are reached (never run: nothing is queued).
    std::fs::write(app.models_dir.join("model.gguf"), b"GGUF....").unwrap();
    std::fs::write(app.models_dir.join("notes.txt"), b"not weights").unwrap();
    let post = |eval: Value| {
        let app = &app;
        async move { app.post_json("/api/v1/evals", &eval).await }
    };

    let (s, b) = post(demo_eval("secret.gguf")).await;
    assert_422(
        s,
        &b,
        "weights",
        &["secret.gguf", "not a GGUF model file this server offers"],
    );
    let (s, b) = post(demo_eval("../model.gguf")).await;
    assert_422(s, &b, "weights", &["without `/`, `..`"]);
    let (s, b) = post(demo_eval("notes.txt")).await;
    assert_422(s, &b, "weights", &["not a GGUF"]);

    let mut eval = demo_eval("model.gguf");
    eval["labels"] = json!(["billing", "shipping"]);
    let (s, b) = post(eval).await;
    assert_422(s, &b, "labels", &["line 1", "is not one of the labels"]);

    let mut eval = inline_demo("model.gguf", 3);
    let jsonl = eval["sample"]["jsonl"].as_str().unwrap().to_string();
    let lines: Vec<&str> = jsonl.lines().collect();
    eval["sample"]["jsonl"] = json!(format!("{}\nnot json at all\n{}", lines[0], lines[2]));
    let (s, b) = post(eval).await;
    assert_422(s, &b, "sample.jsonl", &["line 2"]);

    let mut eval = inline_demo("model.gguf", 3);
    eval["sample"]["jsonl"] = json!("\n\n");
    let (s, b) = post(eval).await;
    assert_422(s, &b, "sample.jsonl", &["empty"]);

    let mut eval = inline_demo("model.gguf", 3);
    eval["sample"]["jsonl"] = json!(r#"{"input": "where is my parcel"}"#);
    let (s, b) = post(eval).await;
    assert_422(s, &b, "sample.jsonl", &["line 1", "expected"]);

    let mut eval = inline_demo("model.gguf", 3);
    eval["sample"]["name"] = json!(" ");
    let (s, b) = post(eval).await;
    assert_422(s, &b, "sample.name", &["1 to 200"]);

    let mut eval = inline_demo("model.gguf", 3);
    eval["sample"]["name"] = json!("demo\u{0}.jsonl");
    let (s, b) = post(eval).await;
    assert_422(s, &b, "sample.name", &["NUL"]);

    for (field, value, words) in [
        ("batch_items", json!(0), "between 1 and 64"),
        ("batch_items", json!(65), "between 1 and 64"),
        ("max_new_tokens", json!(0), "between 1 and 512"),
        ("max_new_tokens", json!(513), "between 1 and 512"),
        ("min_quality", json!(1.5), "between 0 and 1"),
        ("llm_quality", json!(-0.1), "between 0 and 1"),
        ("threads", json!(0), "between 1 and"),
        ("template", json!("Say a label."), "{input}"),
    ] {
        let mut eval = demo_eval("model.gguf");
        eval[field] = value;
        let (s, b) = post(eval).await;
        assert_422(s, &b, field, &[words]);
    }
    let mut eval = demo_eval("model.gguf");
    eval["prices"] = json!({ "slm_usd_per_request": -1.0, "llm_usd_per_request": 0.01 });
    let (s, b) = post(eval).await;
    assert_422(s, &b, "prices.slm_usd_per_request", &["got -1"]);

    // A label the rerun command could not give back to `breakeven eval --labels`.
    let mut eval = demo_eval("model.gguf");
    eval["labels"] = json!(["billing", "returns, refunds"]);
    let (s, b) = post(eval).await;
    assert_422(s, &b, "labels[1]", &["comma"]);

    // What the figures need is checked before anything is queued: the match rule
    // compiles, and every `expected` has a number under `numeric` (named by its line).
    let match_eval = |jsonl: &str, rule: Value| {
        let mut eval = demo_eval("model.gguf");
        eval["task"] = json!("match");
        eval["sample"] = json!({ "kind": "inline", "name": "sums.jsonl", "jsonl": jsonl });
        eval["match_rule"] = rule;
        eval
    };
    let sums = "{\"input\": \"2+2\", \"expected\": \"4\"}\n\
                {\"input\": \"2+3\", \"expected\": \"five\"}\n";
    let (s, b) = post(match_eval(
        sums,
        json!({ "kind": "regex", "pattern": "(unclosed" }),
    ))
    .await;
    assert_422(s, &b, "match_rule.pattern", &["not a regular expression"]);
    let long = "a".repeat(1_001);
    let (s, b) = post(match_eval(
        sums,
        json!({ "kind": "regex", "pattern": long }),
    ))
    .await;
    assert_422(s, &b, "match_rule.pattern", &["at most 1000", "1001"]);
    let (s, b) = post(match_eval(
        sums,
        json!({ "kind": "numeric", "tolerance": 0.0 }),
    ))
    .await;
    assert_422(
        s,
        &b,
        "sample.jsonl",
        &["line 2", "expected", "numeric match needs a number"],
    );

    // The demo carries no LLM grades: the cascade needs the LLM's expected accuracy.
    let mut eval = demo_eval("model.gguf");
    eval.as_object_mut().unwrap().remove("llm_quality");
    let (s, b) = post(eval).await;
    assert_422(s, &b, "llm_quality", &["112 of 168 items"]);

    let mut eval = demo_eval("model.gguf");
    eval["device"] = json!("cuda:7");
    let (s, b) = post(eval).await;
    assert_422(s, &b, "device", &["cuda:7 is not on this server"]);

    let mut eval = demo_eval("model.gguf");
    eval.as_object_mut().unwrap().remove("weights");
    let (s, b) = post(eval).await;
    assert_422(s, &b, "weights", &["missing field"]);

    // Nothing was queued.
    let (status, list) = app.get_json("/api/v1/evals").await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["evals"], json!([]));
    for path in [
        "/api/v1/evals/999",
        "/api/v1/evals/x",
        "/api/v1/evals/999/events",
    ] {
        let (status, body) = app.get_json(path).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert_eq!(body["error"]["field"], json!("id"), "{body}");
    }
    let (status, _) = app.post_json("/api/v1/evals/999/cancel", &json!({})).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_body_past_16_mib_is_413() {
    let app = app(None).await;
    std::fs::write(app.models_dir.join("model.gguf"), b"GGUF....").unwrap();
    let mut eval = inline_demo("model.gguf", 1);
    eval["sample"]["jsonl"] = json!("x".repeat(api::quality::EVAL_BODY_LIMIT_BYTES));
    let (status, body) = app.post_json("/api/v1/evals", &eval).await;
    assert_eq!(status, 413, "{body}");
}

/// Reads Server-Sent Events until the stream ends: (event, data) pairs.
async fn read_events(app: &TestApp, id: i64) -> Vec<(String, Value)> {
    let mut response = app
        .client()
        .get(format!("{}/api/v1/evals/{id}/events", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut text = String::new();
    let read = async {
        while let Some(chunk) = response.chunk().await.unwrap() {
            text.push_str(&String::from_utf8_lossy(&chunk));
        }
    };
    tokio::time::timeout(PATIENCE, read)
        .await
        .expect("the event stream ends after the eval");
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
async fn a_queued_eval_is_cancelled_at_once_and_nothing_is_reported_done() {
    let app = spawn(None).await;
    std::fs::write(app.models_dir.join("model.gguf"), b"GGUF....").unwrap();
    // A benchmark holds the CPU's line, so the eval waits behind it.
    let (status, bench) = app.post_json("/api/v1/benchmarks", &long_benchmark()).await;
    assert_eq!(status, 202, "{bench}");
    let bench_id = bench["id"].as_i64().unwrap();
    let (id, position) = submit(&app, &inline_demo("model.gguf", 8)).await;
    assert_eq!(position, 1, "behind the benchmark");

    let (status, body) = app
        .post_json(&format!("/api/v1/evals/{id}/cancel"), &json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], json!("cancelled"), "{body}");
    let job = get(&app, "evals", id).await;
    assert_eq!(job["status"], json!("cancelled"), "{job}");
    assert_eq!(job["result"], Value::Null, "{job}");
    assert_eq!(job["items"], json!(8), "{job}");
    assert_eq!(job["sample"], json!("first-8.jsonl"), "{job}");
    // The stored request names the sample; its text is not kept.
    assert_eq!(job["request"]["sample"]["jsonl"], json!(""), "{job}");
    assert!(job["command"]
        .as_str()
        .unwrap()
        .starts_with("breakeven eval --weights model.gguf --data first-8.jsonl --task classify"));
    assert!(
        job["command"]
            .as_str()
            .unwrap()
            .contains(" --batch 8 --llm-quality 0.9"),
        "{job}"
    );
    let events = read_events(&app, id).await;
    assert_eq!(
        events,
        vec![(
            "status".to_string(),
            json!({ "status": "cancelled", "error": null })
        )]
    );
    // The demo sample, queued behind it and cancelled: named as the demo, its 168 items.
    let (demo, _) = submit(&app, &demo_eval("model.gguf")).await;
    let (status, body) = app
        .post_json(&format!("/api/v1/evals/{demo}/cancel"), &json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    let job = get(&app, "evals", demo).await;
    assert_eq!(job["sample"], json!("support-intent.jsonl (demo)"), "{job}");
    assert_eq!(job["items"], json!(168), "{job}");
    assert_eq!(job["request"]["sample"], json!({ "kind": "demo" }), "{job}");
    let (status, body) = app
        .post_json(&format!("/api/v1/evals/{id}/cancel"), &json!({}))
        .await;
    assert_eq!(status, 409, "{body}");

    let (status, _) = app
        .post_json(&format!("/api/v1/benchmarks/{bench_id}/cancel"), &json!({}))
        .await;
    assert_eq!(status, 200);
    wait_for(&app, "benchmarks", bench_id, &["cancelled", "done"]).await;
    let (_, list) = app.get_json("/api/v1/evals").await;
    assert_eq!(list["evals"].as_array().unwrap().len(), 2, "{list}");
    for row in list["evals"].as_array().unwrap() {
        assert_eq!(row["status"], json!("cancelled"), "{list}");
        assert_eq!(row["accuracy"], Value::Null, "{list}");
    }
}

#[tokio::test]
async fn the_device_queue_is_full_past_bench_queue_for_benchmarks_and_evals_alike() {
    let app = crate::common::configured(None, |s| s.with_bench_queue(1)).await;
    std::fs::write(app.models_dir.join("model.gguf"), b"GGUF....").unwrap();
    let (status, bench) = app.post_json("/api/v1/benchmarks", &long_benchmark()).await;
    assert_eq!(status, 202, "{bench}");
    let (id, _) = submit(&app, &inline_demo("model.gguf", 2)).await;
    // One running, one waiting: the next eval (or benchmark) is 429 naming the device.
    let (status, body) = app
        .post_json("/api/v1/evals", &inline_demo("model.gguf", 2))
        .await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["error"]["field"], json!("device"), "{body}");
    let (status, _) = app.post_json("/api/v1/benchmarks", &tiny_job()).await;
    assert_eq!(status, 429);
    for path in [
        format!("/api/v1/evals/{id}/cancel"),
        format!("/api/v1/benchmarks/{}/cancel", bench["id"]),
    ] {
        let (status, body) = app.post_json(&path, &json!({})).await;
        assert_eq!(status, 200, "{path}: {body}");
    }
}

#[tokio::test]
async fn a_benchmark_and_an_eval_on_one_device_run_one_after_the_other() {
    let app = spawn(None).await;
    offer_fixture(&app);
    let (status, bench) = app.post_json("/api/v1/benchmarks", &tiny_job()).await;
    assert_eq!(status, 202, "{bench}");
    let bench_id = bench["id"].as_i64().unwrap();
    let (id, position) = submit(&app, &inline_demo(FIXTURE, 8)).await;
    assert_eq!(position, 1, "behind the benchmark");
    let eval = wait_for(&app, "evals", id, &["done", "failed", "cancelled"]).await;
    assert_eq!(eval["status"], json!("done"), "{eval}");
    let bench = wait_for(&app, "benchmarks", bench_id, &["done", "failed"]).await;
    assert_eq!(bench["status"], json!("done"), "{bench}");
    // Never side by side: the eval started once the benchmark had finished.
    let bench_end = bench["finished_unix"].as_i64().unwrap();
    let eval_start = eval["started_unix"].as_i64().unwrap();
    assert!(
        bench["started_unix"].as_i64().unwrap() <= bench_end && bench_end <= eval_start,
        "benchmark {}..{bench_end}, eval from {eval_start}",
        bench["started_unix"]
    );
    assert_eq!(eval["result"]["answers"].as_array().unwrap().len(), 8);
}

#[tokio::test]
async fn an_eval_streams_progress_and_stores_its_result() {
    // The demo's first 24 items (19 s in the test build; the whole demo, 168, took 114 s):
    // the demo itself is read and named in the queued-eval test.
    const N: usize = 24;
    let app = spawn(None).await;
    offer_fixture(&app);
    let eval = inline_demo(FIXTURE, N);
    let (id, position) = submit(&app, &eval).await;
    assert_eq!(position, 0);
    let events = read_events(&app, id).await;
    let progress: Vec<&Value> = events
        .iter()
        .filter(|(e, _)| e == "progress")
        .map(|(_, d)| d)
        .collect();
    assert!(!progress.is_empty(), "no progress event: {events:?}");
    assert!(progress.iter().all(|p| p["items_total"] == json!(N)));
    let done: Vec<u64> = progress
        .iter()
        .map(|p| p["items_done"].as_u64().unwrap())
        .collect();
    assert!(done.windows(2).all(|w| w[0] <= w[1]), "{done:?}");
    assert_eq!(
        events
            .last()
            .map(|(e, d)| (e.as_str(), d["status"].clone())),
        Some(("status", json!("done"))),
        "{events:?}"
    );

    let job = get(&app, "evals", id).await;
    assert_eq!(job["status"], json!("done"), "{job}");
    assert_eq!(job["error"], Value::Null);
    assert_eq!(
        job["progress"],
        Value::Null,
        "a finished eval has no live progress"
    );
    let result = &job["result"];
    let answers = result["answers"].as_array().unwrap();
    assert_eq!(answers.len(), N);
    let accuracy = &result["figures"]["accuracy"];
    assert_eq!(accuracy["n"], json!(N));
    // The accuracy is the share of answers marked correct, counted here.
    let correct = answers
        .iter()
        .filter(|a| a["correct"] == json!(true))
        .count();
    assert_eq!(accuracy["correct"], json!(correct));
    let share = accuracy["accuracy"].as_f64().unwrap();
    assert!(
        (share - correct as f64 / N as f64).abs() < 1e-12,
        "{accuracy}"
    );
    let r = &result["reproducibility"];
    let sha = {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(eval["sample"]["jsonl"].as_str().unwrap().as_bytes());
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(r["sample_sha256"], json!(sha), "{r}");
    assert_eq!(job["sample_sha256"], json!(sha));
    assert_eq!(r["weights"], json!(FIXTURE), "{r}");
    assert_eq!(r["device"], json!("cpu"));
    assert_eq!(r["weights_sha256"].as_str().unwrap().len(), 64);
    // No path of this machine in what is served.
    let text = job.to_string();
    let models_dir = app.models_dir.to_str().unwrap();
    assert!(
        !text.contains(models_dir),
        "the models directory leaks: {r}"
    );

    // The list's row agrees with the stored result.
    let (_, list) = app.get_json("/api/v1/evals").await;
    let row = &list["evals"][0];
    assert_eq!(row["id"], json!(id));
    assert_eq!(row["status"], json!("done"));
    assert_eq!(row["items"], json!(N));
    assert_eq!(row["accuracy"], accuracy["accuracy"]);
    assert_eq!(row["sample"], json!(format!("first-{N}.jsonl")));
    assert_eq!(row["model"], r["model"]);
}

/// 100,000 short distinct items, two labels: about 4 MiB of JSONL.
fn sample_of_100000() -> String {
    let mut jsonl = String::with_capacity(100_000 * 48);
    for i in 0..100_000 {
        let label = if i % 3 == 0 { "refund" } else { "other" };
        jsonl.push_str(&format!(
            "{{\"input\": \"message number {i}\", \"expected\": \"{label}\"}}\n"
        ));
    }
    jsonl
}

#[tokio::test]
async fn a_sample_of_100000_items_is_accepted_shows_its_progress_and_is_cancelled() {
    let app = spawn(None).await;
    offer_fixture(&app);
    let jsonl = sample_of_100000();
    assert!(jsonl.len() < api::quality::EVAL_BODY_LIMIT_BYTES);
    let mut eval = demo_eval(FIXTURE);
    eval["sample"] = json!({ "kind": "inline", "name": "big.jsonl", "jsonl": jsonl });
    // Classify in batches of 64: a batch takes moments, so the first one ends soon.
    eval["batch_items"] = json!(64);
    let (id, _) = submit(&app, &eval).await;

    // Evaluating, past its first batch, with its progress counting the 100,000 items.
    let start = Instant::now();
    let progress = loop {
        let job = get(&app, "evals", id).await;
        assert_ne!(job["status"], json!("failed"), "{job}");
        let p = &job["progress"];
        if p["phase"] == json!("evaluating") && p["items_done"].as_u64().unwrap_or(0) > 0 {
            break p.clone();
        }
        assert!(start.elapsed() < PATIENCE, "no batch done: {job}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    eprintln!(
        "100,000 items: the first batch done after {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert_eq!(progress["items_total"], json!(100_000), "{progress}");
    let done = progress["items_done"].as_u64().unwrap();
    assert!(done % 64 == 0 && done < 100_000, "{progress}");
    let (_, list) = app.get_json("/api/v1/evals").await;
    assert_eq!(list["evals"][0]["items"], json!(100_000), "{list}");

    let (status, body) = app
        .post_json(&format!("/api/v1/evals/{id}/cancel"), &json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    let job = wait_for(&app, "evals", id, &["cancelled", "done", "failed"]).await;
    assert_eq!(job["status"], json!("cancelled"), "{job}");
    assert_eq!(job["result"], Value::Null);
    // The sample was held as read, never stored as text: the row's request is small.
    let (request_bytes,): (i64,) =
        sqlx::query_as("SELECT CAST(length(request_json) AS BIGINT) FROM evals WHERE id = $1")
            .bind(id)
            .fetch_one(&app.sql().await)
            .await
            .unwrap();
    assert!(request_bytes < 1024, "{request_bytes} bytes stored");
}

#[tokio::test]
async fn evals_a_stopped_server_left_unfinished_are_marked_failed_on_start() {
    let app = app(None).await;
    let pool = app.sql().await;
    let request = demo_eval(FIXTURE).to_string();
    for status in ["running", "queued", "cancelled"] {
        // Not `query!`: a test's queries are not in the committed .sqlx metadata.
        sqlx::query(
            "INSERT INTO evals (status, device, weights, sample, sample_sha256, items, task,
                                request_json, command, created_unix)
             VALUES ($1, 'cpu', 'm.gguf', 's.jsonl', 'ab', 3, 'classify', $2, 'breakeven eval', 1)",
        )
        .bind(status)
        .bind(&request)
        .execute(&pool)
        .await
        .unwrap();
    }
    // Never done without its result and accuracy: the schema refuses either alone.
    for (result, accuracy) in [(Some("{}"), None), (None, Some(0.5))] {
        let partial = sqlx::query(
            "INSERT INTO evals (status, device, weights, sample, sample_sha256, items, task,
                                request_json, command, result_json, accuracy, created_unix)
             VALUES ('done', 'cpu', 'm', 's', 'ab', 3, 'classify', '{}', 'x', $1, $2, 1)",
        )
        .bind(result)
        .bind(accuracy)
        .execute(&pool)
        .await;
        assert!(partial.is_err(), "{result:?} {accuracy:?}");
    }
    let stopped = if crate::common::on_postgres() {
        // Only the evals of an instance whose lease has expired are failed.
        sqlx::query(
            "UPDATE evals SET instance = 'pid-gone', lease_expires_unix = 1
             WHERE status IN ('queued', 'running')",
        )
        .execute(&pool)
        .await
        .unwrap();
        "the server instance running it stopped (its lease expired); queue it again"
    } else {
        "server stopped before the eval finished"
    };

    breakeven::AppState::start(app.pool().await, app.models_dir.clone())
        .await
        .unwrap();
    let (_, list) = app.get_json("/api/v1/evals").await;
    let statuses: Vec<(&str, &str)> = list["evals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["status"].as_str().unwrap(),
                e["error"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [("cancelled", ""), ("failed", stopped), ("failed", stopped)]
    );
}
