//! How a benchmark's figures are shown. A figure JSON could not carry (a NaN the server
//! wrote as `null`) reads back as NaN and is shown as "—" with the reason, never as NaN,
//! Infinity or a blank. What a result puts into the planner is
//! `api::bench::BenchResult::throughput_input`'s.

use ::api::bench::{BenchmarkSummary, Point};
use charts::bench::ChartPoint;

/// A rate in tokens/s as shown and as written into the planner: "1,234.5", "3.42".
pub fn rate(v: f64) -> Option<String> {
    if !v.is_finite() || v < 0.0 {
        return None;
    }
    let text = if v >= 10.0 {
        let tenths = (v * 10.0).round();
        let whole = tco::format::count((tenths / 10.0).trunc());
        format!("{whole}.{}", (tenths % 10.0) as u32)
    } else if v >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.4}")
    };
    // A rate too small for four decimals keeps all its digits rather than reading as 0.
    Some(
        if v > 0.0 && text.trim_start_matches(['0', '.']).is_empty() {
            format!("{v}")
        } else {
            text
        },
    )
}

/// Milliseconds: "12.3 ms"; whole above 100; below 1 ms three significant figures
/// ("0.001 ms", "0.254 ms"), so a sub-millisecond target is never shown as "0.0 ms".
pub fn ms(v: f64) -> Option<String> {
    if !v.is_finite() || v < 0.0 {
        return None;
    }
    Some(if v >= 100.0 {
        format!("{} ms", tco::format::count(v))
    } else if v >= 1.0 || v == 0.0 {
        format!("{v:.1} ms")
    } else {
        let decimals = (2 - v.log10().floor() as i32).clamp(1, 9) as usize;
        let text = format!("{v:.decimals$}");
        format!("{} ms", text.trim_end_matches('0').trim_end_matches('.'))
    })
}

/// Bytes as MiB: "512.3 MiB".
pub fn mib(bytes: u64) -> String {
    let m = bytes as f64 / (1024.0 * 1024.0);
    if m >= 100.0 {
        format!("{} MiB", tco::format::count(m))
    } else {
        format!("{m:.1} MiB")
    }
}

/// A parameter count: "134.5M", "1.54B".
pub fn parameters(n: u64) -> String {
    let n = n as f64;
    if n >= 1e9 {
        format!("{:.2}B", n / 1e9)
    } else {
        format!("{:.1}M", n / 1e6)
    }
}

/// FLOP/s: "1.23 TFLOP/s", "45.6 GFLOP/s".
pub fn flops(v: f64) -> Option<String> {
    if !v.is_finite() || v <= 0.0 {
        return None;
    }
    Some(if v >= 1e12 {
        format!("{:.2} TFLOP/s", v / 1e12)
    } else {
        format!("{:.1} GFLOP/s", v / 1e9)
    })
}

/// A UTC time from Unix seconds: "2026-11-22 14:03 UTC".
pub fn utc(unix: i64) -> String {
    let secs = unix.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02} UTC",
        tco::format::civil_date(unix.div_euclid(86_400)),
        secs / 3600,
        secs % 3600 / 60
    )
}

/// The goodput's decode tokens/s of a listed benchmark, when it has a finite one.
pub fn goodput_decode(s: &BenchmarkSummary) -> Option<f64> {
    s.goodput
        .as_ref()
        .map(|g| g.decode_tokens_per_s)
        .filter(|v| v.is_finite())
}

/// A measured point as the charts draw it.
pub fn chart_point(p: &Point) -> ChartPoint {
    ChartPoint {
        concurrency: p.concurrency as f64,
        prefill_tokens_per_s: p.prefill_tokens_per_s,
        decode_tokens_per_s: p.decode_tokens_per_s,
        tpot_ms_p95: p.tpot_ms_p95,
        decode_bandwidth_efficiency: p.decode_bandwidth_efficiency,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::api::bench::{BenchResult, Benchmark, JobStatus, ThroughputChoice};
    use ::api::BenchmarkId;

    /// A stored result as the server writes it, with the nulls a NaN becomes.
    fn result_json() -> serde_json::Value {
        let summary = serde_json::json!({"p50": 9.8, "p95": null, "min": 9.1, "max": 10.6,
                                         "spread": 0.15, "samples": 5});
        serde_json::json!({
            "model": "smollm2-135m", "hf_repo": "HuggingFaceTB/SmolLM2-135M", "parameters": 134515008u64,
            "device": "cpu", "dtype": "q8_0", "weights_label": "synthetic weights",
            "prompt_tokens": 8, "gen_tokens": 4, "repetitions": 5, "slo": null,
            "points": [{"concurrency": 1, "prefill_tokens_per_s": 812.25, "decode_tokens_per_s": 61.04,
                        "ttft_ms_p50": 9.8, "ttft_ms_p95": 10.4, "tpot_ms_p50": 16.3, "tpot_ms_p95": null,
                        "ttft_ms": summary, "tpot_ms": summary, "peak_memory_bytes": null,
                        "decode_bytes_per_step": 1.5e8, "decode_bandwidth_efficiency": 0.42,
                        "prefill_mfu": null, "meets_slo": null}],
            "goodput": {"concurrency": 1, "prefill_tokens_per_s": 812.25, "decode_tokens_per_s": 61.04,
                        "reason": "no SLO given: highest decode tokens/s"},
            "stopped": "all concurrencies measured",
            "roofline": {"memory_bandwidth_gb_s": 20.5, "bandwidth_basis": "measured", "peak_flops": null, "peak_flops_basis": "unknown"},
            "projections": [], "weight_bytes": 145000000u64, "kv_bytes_per_token": 46080u64,
            "reproducibility": {"cpu_model": "x", "cpu_cores": 2, "gpu_name": null, "gpu_driver": null,
                                "gpu_memory_bytes": null, "os": "linux", "candle_version": "0.11.1",
                                "breakeven_version": "0.1.0", "dtype": "q8_0",
                                "weights_kind": "synthetic weights", "weights_sha256": null,
                                "weights_path": null, "threads": 2, "thread_env": [],
                                "command": "breakeven bench", "seed": 0},
            "started_unix": 0, "wall_seconds": 3.5
        })
    }

    #[test]
    fn results_read_with_nulls_and_show_no_nan() {
        let r: BenchResult = serde_json::from_value(result_json()).unwrap();
        assert!(r.points[0].tpot_ms_p95.is_nan());
        assert!(r.points[0].ttft_ms.p95.is_nan());
        assert_eq!(ms(r.points[0].tpot_ms_p95), None);
        let g = r.goodput.as_ref().unwrap();
        assert_eq!(rate(g.decode_tokens_per_s).as_deref(), Some("61.0"));
        // What "Use in scenario" takes: the goodput as measured, with what it measured.
        let (section, prefill, decode) = r
            .throughput_input(BenchmarkId(12), &ThroughputChoice::Measured)
            .unwrap();
        assert_eq!((prefill, decode), (812.25, 61.04));
        assert_eq!(section.benchmark, Some(12.0));
        assert_eq!(section.device.as_deref(), Some("cpu"));
        assert_eq!(section.model.as_deref(), Some("smollm2-135m"));
        let benchmark = |result: serde_json::Value| {
            serde_json::from_value::<Benchmark>(serde_json::json!({
                "id": 12, "status": "done", "command": "breakeven bench", "result": result,
                "error": null, "progress": null, "source": "server", "device": "cpu",
                "model": "smollm2-135m", "created_unix": 0, "started_unix": 1, "finished_unix": 4,
                "request": {"model": "smollm2-135m", "weights": {"kind": "synthetic"},
                            "device": "cpu", "concurrency": [1], "prompt_tokens": 8, "gen_tokens": 4}
            }))
        };
        let read = benchmark(result_json()).unwrap();
        assert_eq!((read.id, read.status), (BenchmarkId(12), JobStatus::Done));
        // (Not compared whole: NaN is never equal to itself.)
        assert!(read
            .result
            .is_some_and(|x| x.model == r.model && x.points[0].tpot_ms_p95.is_nan()));
        // A result missing what the contract requires is not read as a partial one.
        assert!(benchmark(serde_json::json!({"model": "m"})).is_err());
    }

    #[test]
    fn figures_are_shown_without_nan_or_blank() {
        for (v, s) in [
            (1234.56, Some("1,234.6")),
            (61.04, Some("61.0")),
            (3.4167, Some("3.42")),
            (0.25, Some("0.2500")),
            (0.00001, Some("0.00001")),
            (f64::NAN, None),
            (f64::INFINITY, None),
        ] {
            assert_eq!(rate(v).as_deref(), s, "{v}");
        }
        assert_eq!(ms(1234.4).as_deref(), Some("1,234 ms"));
        assert_eq!(ms(16.34).as_deref(), Some("16.3 ms"));
        assert_eq!(ms(0.001).as_deref(), Some("0.001 ms"));
        assert_eq!(ms(0.2546).as_deref(), Some("0.255 ms"));
        assert_eq!(ms(0.5).as_deref(), Some("0.5 ms"));
        assert_eq!(ms(0.0).as_deref(), Some("0.0 ms"));
        assert_eq!(mib(512 * 1024 * 1024), "512 MiB");
        assert_eq!(parameters(134_515_008), "134.5M");
        assert_eq!(parameters(1_543_714_304), "1.54B");
        assert_eq!(flops(f64::NAN), None);
        assert_eq!(utc(1_795_357_380), "2026-11-22 14:23 UTC");
    }
}
