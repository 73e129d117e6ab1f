//! `exports`: the provenance's benchmark ids and hardware line, and the download's file-name
//! parts.

use api::bench::BenchResult;
use api::BenchmarkId;
use breakeven::testing::{benchmark_ids, hardware, slug};
use serde_json::json;

#[test]
fn benchmark_ids_are_read_from_the_source_line() {
    assert_eq!(
        benchmark_ids("benchmark #12: smollm2-135m q8_0 on cpu, concurrency 4"),
        [BenchmarkId(12)]
    );
    assert_eq!(
        benchmark_ids("benchmark #3 and benchmark #41, benchmark #3"),
        [BenchmarkId(3), BenchmarkId(41)]
    );
    assert!(benchmark_ids("vLLM on an L4, my notes").is_empty());
    assert!(benchmark_ids("benchmark #x").is_empty());
}

/// A stored result with the fields the provenance line reads set, the rest minimal.
fn result(
    model: &str,
    dtype: &str,
    device: &str,
    label: &str,
    repro: serde_json::Value,
) -> BenchResult {
    let mut reproducibility = json!({
        "cpu_model": "", "cpu_cores": 1, "gpu_name": null, "gpu_driver": null,
        "gpu_memory_bytes": null, "os": "linux", "candle_version": "0.11.1",
        "breakeven_version": "0.1.0", "dtype": dtype, "weights_kind": label,
        "weights_sha256": null, "weights_path": null, "threads": 1, "thread_env": [],
        "command": "breakeven bench", "seed": 0
    });
    for (key, value) in repro.as_object().into_iter().flatten() {
        reproducibility[key] = value.clone();
    }
    serde_json::from_value(json!({
        "model": model, "hf_repo": null, "parameters": 1, "device": device, "dtype": dtype,
        "weights_label": label, "prompt_tokens": 8, "gen_tokens": 4, "repetitions": 5,
        "slo": null, "points": [], "goodput": null, "stopped": "",
        "roofline": { "memory_bandwidth_gb_s": 1.0, "bandwidth_basis": "", "peak_flops": null,
                      "peak_flops_basis": "" },
        "projections": [], "weight_bytes": 1, "kv_bytes_per_token": 1,
        "reproducibility": reproducibility, "started_unix": 0, "wall_seconds": 1.0
    }))
    .unwrap()
}

#[test]
fn hardware_names_the_model_format_device_and_machine() {
    let cpu = result(
        "smollm2-135m",
        "q8_0",
        "cpu",
        "synthetic weights",
        json!({ "cpu_model": "Intel Xeon", "threads": 2, "gpu_name": null }),
    );
    assert_eq!(
        hardware(&cpu),
        "smollm2-135m q8_0 on cpu (Intel Xeon, 2 threads; synthetic weights)"
    );
    let gpu = result(
        "qwen2.5-0.5b",
        "f16",
        "cuda:0",
        "real weights",
        json!({ "cpu_model": "AMD EPYC", "threads": 16, "gpu_name": "NVIDIA H100" }),
    );
    assert_eq!(
        hardware(&gpu),
        "qwen2.5-0.5b f16 on cuda:0 (NVIDIA H100; real weights)"
    );
}

#[test]
fn slugs_are_ascii_and_never_empty() {
    assert_eq!(slug("Tickets on an L4", 60), "tickets-on-an-l4");
    assert_eq!(
        slug("<script>\"a\"; filename=\"x.exe\"</script>", 60),
        "script-a-filename-x-exe-script"
    );
    assert_eq!(slug("Ünïcødé — ½", 60), "n-c-d");
    assert_eq!(slug("\"\"''<>", 60), "scenario");
    assert_eq!(slug("", 60), "scenario");
    assert_eq!(slug(&"ab ".repeat(50), 10), "ab-ab-ab-a");
}
