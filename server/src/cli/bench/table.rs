//! What `breakeven bench` prints: the result as a table for people, and the catalog list.

use api::bench::{BenchResult, CatalogEntry};
use tco::format::{count, percent};

/// Milliseconds for people: `12.3 ms`, `450 ms`, or "—" for a figure not measured.
fn ms(v: f64) -> String {
    if !v.is_finite() {
        "—".to_string()
    } else if v >= 100.0 {
        format!("{v:.0} ms")
    } else {
        format!("{v:.1} ms")
    }
}

/// Bytes in binary units: `512.0 MiB`.
fn bytes(v: u64) -> String {
    // Precision beyond 2^53 bytes is irrelevant to one decimal place.
    let mut value = v as f64;
    for unit in ["B", "KiB", "MiB", "GiB"] {
        if value < 1024.0 {
            return format!("{value:.1} {unit}");
        }
        value /= 1024.0;
    }
    format!("{value:.1} TiB")
}

/// Parameters for people: `135.0M`, `1.54B`.
fn parameters(v: u64) -> String {
    let v = v as f64;
    if v >= 1e9 {
        format!("{:.2}B", v / 1e9)
    } else {
        format!("{:.1}M", v / 1e6)
    }
}

/// The readable form of a finished benchmark.
pub fn table(r: &BenchResult) -> String {
    let mut out = String::new();
    let line = |out: &mut String, text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    line(
        &mut out,
        format!(
            "{} ({} parameters) on {}, {}, {}",
            r.model,
            parameters(r.parameters),
            r.device,
            r.dtype,
            r.weights_label
        ),
    );
    let slo = r.slo.map_or_else(
        || "no SLO".to_string(),
        |s| {
            format!(
                "SLO p95 TTFT ≤ {} and p95 TPOT ≤ {}",
                ms(s.ttft_ms),
                ms(s.tpot_ms)
            )
        },
    );
    line(
        &mut out,
        format!(
            "prompt {} tokens, {} generated, {} timed repetitions per point, {slo}\n",
            r.prompt_tokens, r.gen_tokens, r.repetitions
        ),
    );
    line(
        &mut out,
        format!(
            "{:>5} {:>14} {:>13} {:>10} {:>10} {:>10} {:>10} {:>11} {:>10} {:>4}",
            "conc",
            "prefill tok/s",
            "decode tok/s",
            "TTFT p50",
            "TTFT p95",
            "TPOT p50",
            "TPOT p95",
            "peak mem",
            "bw effic.",
            "SLO"
        ),
    );
    for p in &r.points {
        line(
            &mut out,
            format!(
                "{:>5} {:>14} {:>13} {:>10} {:>10} {:>10} {:>10} {:>11} {:>10} {:>4}",
                p.concurrency,
                count(p.prefill_tokens_per_s),
                format!("{:.1}", p.decode_tokens_per_s),
                ms(p.ttft_ms_p50),
                ms(p.ttft_ms_p95),
                ms(p.tpot_ms_p50),
                ms(p.tpot_ms_p95),
                p.peak_memory_bytes.map_or_else(|| "—".to_string(), bytes),
                p.decode_bandwidth_efficiency
                    .map_or_else(|| "—".to_string(), percent),
                match p.meets_slo {
                    Some(true) => "yes",
                    Some(false) => "no",
                    None => "—",
                }
            ),
        );
    }
    out.push('\n');
    match &r.goodput {
        Some(g) => line(
            &mut out,
            format!(
                "goodput: concurrency {}: prefill {} tok/s, decode {:.1} tok/s ({}), {}",
                g.concurrency,
                count(g.prefill_tokens_per_s),
                g.decode_tokens_per_s,
                g.reason,
                r.weights_label
            ),
        ),
        None => line(&mut out, "goodput: no concurrency met the SLO".to_string()),
    }
    line(&mut out, format!("sweep: {}", r.stopped));
    line(
        &mut out,
        format!(
            "weights {} (+ KV cache {} per token)",
            bytes(r.weight_bytes),
            bytes(r.kv_bytes_per_token)
        ),
    );
    let roof = &r.roofline;
    line(
        &mut out,
        format!(
            "roofline: memory bandwidth {:.1} GB/s ({}); peak {} ({})",
            roof.memory_bandwidth_gb_s,
            roof.bandwidth_basis,
            roof.peak_flops.map_or_else(
                || "FLOP/s unknown".to_string(),
                |f| format!("{:.1} GFLOP/s", f / 1e9)
            ),
            roof.peak_flops_basis
        ),
    );
    for p in &r.projections {
        line(
            &mut out,
            format!(
                "{} ({}): {:.0} decode tok/s at concurrency 1, up to concurrency {} fits; {}",
                p.gpu, p.label, p.decode_tokens_per_s_batch1, p.max_concurrency_fits, p.basis
            ),
        );
    }
    let x = &r.reproducibility;
    line(&mut out, "\nreproducibility:".to_string());
    let gpu = match &x.gpu_name {
        Some(name) => format!(
            "{name}, driver {}, {}",
            x.gpu_driver.as_deref().unwrap_or("unknown"),
            x.gpu_memory_bytes
                .map_or_else(|| "memory unknown".to_string(), bytes)
        ),
        None => "none".to_string(),
    };
    let env: Vec<String> = x
        .thread_env
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    for (key, value) in [
        ("cpu", format!("{} ({} cores)", x.cpu_model, x.cpu_cores)),
        ("gpu", gpu),
        ("os", x.os.clone()),
        (
            "versions",
            format!(
                "candle {}, breakeven {}",
                x.candle_version, x.breakeven_version
            ),
        ),
        (
            "weights",
            format!(
                "{}, {}{}",
                x.weights_kind,
                x.dtype,
                x.weights_path
                    .as_deref()
                    .map_or_else(String::new, |p| format!(", {p}"))
            ),
        ),
        (
            "sha256",
            x.weights_sha256.clone().unwrap_or_else(|| "—".to_string()),
        ),
        (
            "threads",
            format!(
                "{}{}",
                x.threads,
                if env.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", env.join(" "))
                }
            ),
        ),
        ("seed", x.seed.to_string()),
        ("command", x.command.clone()),
    ] {
        line(&mut out, format!("  {key:<9} {value}"));
    }
    out
}

/// `bench --list --format table`.
pub fn list_table(entries: &[CatalogEntry]) -> String {
    let mut out = format!(
        "{:<22} {:<28} {:>10} {:>10}  {}\n",
        "id", "name", "params", "published", "Hugging Face repo"
    );
    for e in entries {
        out.push_str(&format!(
            "{:<22} {:<28} {:>10} {:>10}  {}\n",
            e.id,
            e.name,
            parameters(e.parameters),
            parameters(e.published_parameters),
            e.hf_repo
        ));
    }
    out
}
