//! Benchmark requests and results as clients send them.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::TestApp;

/// The smallest real benchmark: SmolLM2-135M shapes, synthetic q8_0 weights, on the CPU.
pub fn tiny_job() -> Value {
    json!({
        "model": "smollm2-135m",
        "weights": { "kind": "synthetic" },
        "dtype": "q8_0",
        "device": "cpu",
        "concurrency": [1],
        "prompt_tokens": 8,
        "gen_tokens": 4,
        "repetitions": 5
    })
}

/// A result as `breakeven bench` produces it on a GPU host.
pub fn agent_result() -> Value {
    let summary =
        json!({ "p50": 20.0, "p95": 25.0, "min": 19.0, "max": 26.0, "spread": 0.35, "samples": 5 });
    json!({
        "engine": { "kind": "candle" },
        "model": "qwen2.5-0.5b", "hf_repo": "Qwen/Qwen2.5-0.5B-Instruct", "parameters": 494032768u64,
        "device": "cuda:0", "dtype": "bf16", "weights_label": "synthetic weights",
        "prompt_tokens": 512, "gen_tokens": 128, "repetitions": 5,
        "slo": { "ttft_ms": 2000.0, "tpot_ms": 200.0 },
        "points": [{
            "concurrency": 1, "prefill_tokens_per_s": 20000.0, "decode_tokens_per_s": 150.0,
            "ttft_ms_p50": 25.0, "ttft_ms_p95": 30.0, "tpot_ms_p50": 6.6, "tpot_ms_p95": 7.0,
            "ttft_ms": summary, "tpot_ms": summary, "peak_memory_bytes": 2000000000u64,
            "decode_bytes_per_step": 1.0e9, "decode_bandwidth_efficiency": 0.45,
            "prefill_mfu": 0.3, "meets_slo": true, "decode_fit": null, "inter_token_ms": null
        }],
        "goodput": { "concurrency": 1, "prefill_tokens_per_s": 20000.0, "decode_tokens_per_s": 150.0,
                     "reason": "largest concurrency with p95 TTFT ≤ 2000 ms and p95 TPOT ≤ 200 ms" },
        "stopped": "swept every concurrency",
        "roofline": { "memory_bandwidth_gb_s": 3350.0, "bandwidth_basis": "spec sheet",
                      "peak_flops": 9.89e14, "peak_flops_basis": "spec sheet" },
        "projections": [], "weight_bytes": 988000000u64, "kv_bytes_per_token": 12288,
        "reproducibility": {
            "cpu_model": "x", "cpu_cores": 16, "gpu_name": "NVIDIA H100", "gpu_driver": "550",
            "gpu_memory_bytes": 80000000000u64, "os": "linux", "candle_version": "0.11.1",
            "breakeven_version": "0.1.0", "dtype": "bf16", "weights_kind": "synthetic weights",
            "weights_sha256": null, "weights_path": null, "threads": 16, "thread_env": [],
            "command": "breakeven bench --model qwen2.5-0.5b --device cuda:0", "seed": 0
        },
        "started_unix": 1700000000, "wall_seconds": 42.0
    })
}

/// The report `breakeven bench --post` sends for `result`.
pub fn agent_report(result: &Value) -> Value {
    let mut request = tiny_job();
    request["device"] = result["device"].clone();
    json!({
        "request": request,
        "command": "breakeven bench --model qwen2.5-0.5b --device cuda:0 --post http://server",
        "result": result,
    })
}

/// Stores `result` as an agent's (with a new token named `agent`); returns its id.
pub async fn post_agent_result(app: &TestApp, agent: &str, result: &Value) -> i64 {
    let pool = app.pool().await;
    let token = breakeven::store::agent_tokens::create(&pool, agent)
        .await
        .unwrap();
    let (status, body) = app
        .send(
            reqwest::Method::POST,
            "/api/v1/benchmarks/results",
            Some(&token),
            Some(&agent_report(result)),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_i64().unwrap()
}

/// `GET /api/v1/benchmarks/{id}`, which must answer 200.
pub async fn benchmark(app: &TestApp, id: i64) -> Value {
    let (status, body) = app.get_json(&format!("/api/v1/benchmarks/{id}")).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// Polls until the job's status is one of `wanted`, for at most `limit`.
pub async fn wait_for(app: &TestApp, id: i64, wanted: &[&str], limit: Duration) -> Value {
    let start = Instant::now();
    loop {
        let job = benchmark(app, id).await;
        if wanted.iter().any(|w| job["status"] == json!(w)) {
            return job;
        }
        assert!(
            start.elapsed() < limit,
            "benchmark {id} still {} after {limit:?}, not one of {wanted:?}: {job}",
            job["status"]
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
