//! The benchmark API as the app reads and writes it (`/api/v1/benchmarks/*`), the benchmark
//! form's checks, and how its figures are shown. The result mirrors only the fields of
//! `bench::report::BenchResult` the page draws; `bench` itself does not build for wasm.
//!
//! Numbers that JSON cannot carry (a NaN is written as `null`) read back as NaN and are
//! shown as "—" with the reason, never as NaN, Infinity or a blank.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use charts::bench::ChartPoint;

/// A benchmark id: an integer in the server's table, read as text either way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Id(pub String);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Number(n) => Ok(Id(n.to_string())),
            Value::String(s) => Ok(Id(s)),
            other => Err(serde::de::Error::custom(format!(
                "a benchmark id must be a number or a string (got {other})"
            ))),
        }
    }
}

/// A number that may be `null` (a NaN on the server's side): null reads as NaN.
fn num<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

fn nan() -> f64 {
    f64::NAN
}

// ---------------------------------------------------------------- catalog

/// `GET /api/v1/benchmarks/catalog`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Catalog {
    pub models: Vec<CatalogModel>,
    pub dtypes: Vec<String>,
    pub devices: Vec<String>,
    pub weights_files: Vec<WeightsFile>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct CatalogModel {
    pub id: String,
    pub name: String,
    pub hf_repo: Option<String>,
    /// Computed from the architecture.
    pub parameters: Option<u64>,
    /// As the model card states it.
    pub published_parameters: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct WeightsFile {
    pub path: String,
    pub name: String,
    pub bytes: Option<u64>,
}

// ---------------------------------------------------------------- request

/// `POST /api/v1/benchmarks`: the shape of `bench::report::BenchRequest`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchRequest {
    pub model: Option<String>,
    pub weights: Weights,
    pub dtype: Option<String>,
    pub device: String,
    pub concurrency: Vec<usize>,
    pub prompt_tokens: usize,
    pub gen_tokens: usize,
    pub repetitions: usize,
    pub slo: Option<Slo>,
    pub threads: Option<usize>,
    pub seed: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Weights {
    Synthetic,
    Path { path: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Slo {
    #[serde(deserialize_with = "num", default = "nan")]
    pub ttft_ms: f64,
    #[serde(deserialize_with = "num", default = "nan")]
    pub tpot_ms: f64,
}

/// The 202 answer to a new benchmark.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Created {
    pub id: Id,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub position: Option<u64>,
}

/// The benchmark form's fields, keyed as the request's field paths (so the server's errors
/// land on the field they name).
pub type Fields = BTreeMap<&'static str, String>;

/// The form's keys, in the order they are checked.
pub const MODEL: &str = "model";
pub const WEIGHTS: &str = "weights";
pub const DTYPE: &str = "dtype";
pub const DEVICE: &str = "device";
pub const CONCURRENCY: &str = "concurrency";
pub const PROMPT_TOKENS: &str = "prompt_tokens";
pub const GEN_TOKENS: &str = "gen_tokens";
pub const REPETITIONS: &str = "repetitions";
pub const SLO_TTFT: &str = "slo.ttft_ms";
pub const SLO_TPOT: &str = "slo.tpot_ms";
pub const THREADS: &str = "threads";
/// The form's keys; an error whose field is none of these is listed above the form.
pub const FORM_KEYS: [&str; 11] = [
    MODEL,
    WEIGHTS,
    DTYPE,
    DEVICE,
    CONCURRENCY,
    PROMPT_TOKENS,
    GEN_TOKENS,
    REPETITIONS,
    SLO_TTFT,
    SLO_TPOT,
    THREADS,
];
/// The weights select's value for synthetic weights (anything else is a file path).
pub const SYNTHETIC: &str = "synthetic";

/// One problem with the request: the field's path and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

impl Problem {
    fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// The form key a server error belongs to: its own path, or the path it is under
/// (`weights.path` → `weights`, `concurrency[2]` → `concurrency`, `slo` → the TTFT field).
pub fn form_key(field: &str) -> Option<&'static str> {
    if field == "slo" {
        return Some(SLO_TTFT);
    }
    FORM_KEYS.into_iter().find(|key| {
        field == *key
            || field
                .strip_prefix(key)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
    })
}

fn text<'a>(fields: &'a Fields, key: &str) -> &'a str {
    fields.get(key).map(|s| s.trim()).unwrap_or("")
}

fn whole(fields: &Fields, key: &str, min: usize, problems: &mut Vec<Problem>) -> Option<usize> {
    let raw: String = text(fields, key)
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    if raw.is_empty() {
        problems.push(Problem::new(key, "is required"));
        return None;
    }
    match raw.parse::<usize>() {
        Ok(v) if v >= min => Some(v),
        _ => {
            problems.push(Problem::new(
                key,
                format!("must be a whole number ≥ {min} (got \"{raw}\")"),
            ));
            None
        }
    }
}

fn positive(fields: &Fields, key: &str, problems: &mut Vec<Problem>) -> Option<f64> {
    let raw = text(fields, key).replace([',', '_', ' '], "");
    match raw.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Some(v),
        _ => {
            problems.push(Problem::new(
                key,
                format!("must be a number > 0 (got \"{raw}\")"),
            ));
            None
        }
    }
}

/// "1,2,4,8" (commas or spaces) → [1, 2, 4, 8], ascending and without repeats.
pub fn concurrency_list(raw: &str) -> Result<Vec<usize>, String> {
    let mut out = Vec::new();
    for token in raw
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty())
    {
        match token.parse::<usize>() {
            Ok(v) if v >= 1 => out.push(v),
            _ => {
                return Err(format!(
                    "must be whole numbers ≥ 1 separated by commas, e.g. 1,2,4,8 (got \"{token}\")"
                ))
            }
        }
    }
    if out.is_empty() {
        return Err("give at least one concurrency, e.g. 1,2,4,8".into());
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Builds the request from the form, or every problem with its field.
pub fn request(fields: &Fields) -> Result<BenchRequest, Vec<Problem>> {
    let mut problems = Vec::new();
    let weights = match text(fields, WEIGHTS) {
        "" | SYNTHETIC => Weights::Synthetic,
        path => Weights::Path {
            path: path.to_string(),
        },
    };
    let model = Some(text(fields, MODEL).to_string()).filter(|m| !m.is_empty());
    if model.is_none() && weights == Weights::Synthetic {
        problems.push(Problem::new(
            MODEL,
            "synthetic weights need a model architecture",
        ));
    }
    let device = text(fields, DEVICE).to_string();
    if device.is_empty() {
        problems.push(Problem::new(DEVICE, "is required"));
    }
    let concurrency = match concurrency_list(text(fields, CONCURRENCY)) {
        Ok(list) => list,
        Err(message) => {
            problems.push(Problem::new(CONCURRENCY, message));
            Vec::new()
        }
    };
    let prompt_tokens = whole(fields, PROMPT_TOKENS, 1, &mut problems);
    let gen_tokens = whole(fields, GEN_TOKENS, 1, &mut problems);
    let repetitions = whole(fields, REPETITIONS, 1, &mut problems);
    let threads = if text(fields, THREADS).is_empty() {
        None
    } else {
        whole(fields, THREADS, 1, &mut problems)
    };
    let slo = match (
        text(fields, SLO_TTFT).is_empty(),
        text(fields, SLO_TPOT).is_empty(),
    ) {
        (true, true) => None,
        _ => {
            let ttft = positive(fields, SLO_TTFT, &mut problems);
            let tpot = positive(fields, SLO_TPOT, &mut problems);
            ttft.zip(tpot)
                .map(|(ttft_ms, tpot_ms)| Slo { ttft_ms, tpot_ms })
        }
    };
    let (Some(prompt_tokens), Some(gen_tokens), Some(repetitions), true) =
        (prompt_tokens, gen_tokens, repetitions, problems.is_empty())
    else {
        return Err(problems);
    };
    Ok(BenchRequest {
        model,
        weights,
        dtype: Some(text(fields, DTYPE).to_string()).filter(|d| !d.is_empty()),
        device,
        concurrency,
        prompt_tokens,
        gen_tokens,
        repetitions,
        slo,
        threads,
        seed: 0,
    })
}

// ---------------------------------------------------------------- runs and results

/// `GET /api/v1/benchmarks`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct BenchList {
    pub benchmarks: Vec<Summary>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Summary {
    pub id: Id,
    pub status: String,
    pub model: Option<String>,
    pub device: Option<String>,
    pub dtype: Option<String>,
    pub weights_label: Option<String>,
    pub created_unix: Option<i64>,
    pub started_unix: Option<i64>,
    pub finished_unix: Option<i64>,
    pub error: Option<String>,
    pub goodput: Option<Value>,
    pub source: Option<String>,
}

impl Summary {
    /// The goodput's decode tokens/s, when the list carries one.
    pub fn goodput_decode(&self) -> Option<f64> {
        self.goodput
            .as_ref()
            .and_then(|g| g.get("decode_tokens_per_s"))
            .and_then(Value::as_f64)
            .filter(|v| v.is_finite())
    }
}

/// `GET /api/v1/benchmarks/{id}`. The result is kept as JSON and read separately, so a
/// result the app cannot read still shows its status and the reason.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Detail {
    pub id: Id,
    pub status: String,
    pub request: Option<Value>,
    pub command: Option<String>,
    pub result: Option<Value>,
    pub error: Option<String>,
    pub progress: Option<Progress>,
    pub source: Option<String>,
    pub created_unix: Option<i64>,
    pub started_unix: Option<i64>,
    pub finished_unix: Option<i64>,
}

impl Detail {
    pub fn result(&self) -> Option<Result<BenchResult, String>> {
        self.result.as_ref().filter(|v| !v.is_null()).map(|v| {
            BenchResult::deserialize(v).map_err(|e| format!("the result cannot be read: {e}"))
        })
    }
}

pub fn is_terminal(status: &str) -> bool {
    matches!(status, "done" | "failed" | "cancelled")
}

/// Event `progress` of `/api/v1/benchmarks/{id}/events` (and `progress` of the detail).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Progress {
    pub phase: String,
    pub message: String,
    #[serde(deserialize_with = "num")]
    pub fraction: f64,
    pub points: Vec<Point>,
}

/// Event `status` of the events stream.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct StatusEvent {
    pub status: String,
    pub error: Option<String>,
}

/// Measurements at one concurrency.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Point {
    pub concurrency: usize,
    #[serde(deserialize_with = "num", default = "nan")]
    pub prefill_tokens_per_s: f64,
    #[serde(deserialize_with = "num", default = "nan")]
    pub decode_tokens_per_s: f64,
    #[serde(deserialize_with = "num", default = "nan")]
    pub ttft_ms_p50: f64,
    #[serde(deserialize_with = "num", default = "nan")]
    pub ttft_ms_p95: f64,
    #[serde(deserialize_with = "num", default = "nan")]
    pub tpot_ms_p50: f64,
    #[serde(deserialize_with = "num", default = "nan")]
    pub tpot_ms_p95: f64,
    #[serde(default)]
    pub peak_memory_bytes: Option<u64>,
    #[serde(default)]
    pub decode_bandwidth_efficiency: Option<f64>,
    #[serde(default)]
    pub prefill_mfu: Option<f64>,
    #[serde(default)]
    pub meets_slo: Option<bool>,
}

impl Point {
    pub fn chart(&self) -> ChartPoint {
        ChartPoint {
            concurrency: self.concurrency as f64,
            prefill_tokens_per_s: self.prefill_tokens_per_s,
            decode_tokens_per_s: self.decode_tokens_per_s,
            tpot_ms_p95: self.tpot_ms_p95,
            decode_bandwidth_efficiency: self.decode_bandwidth_efficiency,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Goodput {
    pub concurrency: usize,
    #[serde(deserialize_with = "num", default = "nan")]
    pub prefill_tokens_per_s: f64,
    #[serde(deserialize_with = "num", default = "nan")]
    pub decode_tokens_per_s: f64,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Roofline {
    #[serde(deserialize_with = "num", default = "nan")]
    pub memory_bandwidth_gb_s: f64,
    #[serde(default)]
    pub bandwidth_basis: String,
    #[serde(default)]
    pub peak_flops: Option<f64>,
    #[serde(default)]
    pub peak_flops_basis: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Projection {
    pub gpu: String,
    #[serde(default)]
    pub label: String,
    #[serde(deserialize_with = "num", default = "nan")]
    pub memory_bandwidth_gb_s: f64,
    #[serde(deserialize_with = "num", default = "nan")]
    pub decode_tokens_per_s_batch1: f64,
    #[serde(default)]
    pub max_concurrency_fits: Option<u64>,
    #[serde(default)]
    pub basis: String,
}

/// A finished benchmark (`bench::report::BenchResult`, the fields the page draws).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct BenchResult {
    pub model: String,
    #[serde(default)]
    pub hf_repo: Option<String>,
    #[serde(default)]
    pub parameters: Option<u64>,
    pub device: String,
    pub dtype: String,
    /// "synthetic weights" or "real weights".
    pub weights_label: String,
    #[serde(default)]
    pub prompt_tokens: usize,
    #[serde(default)]
    pub gen_tokens: usize,
    #[serde(default)]
    pub repetitions: usize,
    #[serde(default)]
    pub slo: Option<Slo>,
    #[serde(default)]
    pub points: Vec<Point>,
    #[serde(default)]
    pub goodput: Option<Goodput>,
    #[serde(default)]
    pub stopped: String,
    #[serde(default)]
    pub roofline: Option<Roofline>,
    #[serde(default)]
    pub projections: Vec<Projection>,
    #[serde(default)]
    pub weight_bytes: Option<u64>,
    #[serde(default)]
    pub kv_bytes_per_token: Option<u64>,
    /// Shown key by key, so every field of the record appears as the benchmark wrote it.
    #[serde(default)]
    pub reproducibility: Option<Value>,
    #[serde(default)]
    pub wall_seconds: Option<f64>,
}

/// `slm.throughput_source` for a result's goodput:
/// "benchmark #12: smollm2-135m q8_0 on cpu, synthetic weights, concurrency 4".
/// At most 200 characters (the scenario's limit).
pub fn throughput_source(id: &str, r: &BenchResult, g: &Goodput) -> String {
    let text = format!(
        "benchmark #{id}: {} {} on {}, {}, concurrency {}",
        r.model, r.dtype, r.device, r.weights_label, g.concurrency
    );
    let text: String = text.chars().filter(|c| !c.is_control()).collect();
    if text.chars().count() <= 200 {
        text
    } else {
        text.chars().take(199).chain(['…']).collect()
    }
}

// ---------------------------------------------------------------- how figures are shown

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

/// Milliseconds: "12.3 ms"; whole above 100.
pub fn ms(v: f64) -> Option<String> {
    if !v.is_finite() || v < 0.0 {
        return None;
    }
    Some(if v >= 100.0 {
        format!("{} ms", tco::format::count(v))
    } else {
        format!("{v:.1} ms")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&'static str, &str)]) -> Fields {
        let mut f: Fields = [
            (MODEL, "smollm2-135m"),
            (WEIGHTS, SYNTHETIC),
            (DTYPE, "q8_0"),
            (DEVICE, "cpu"),
            (CONCURRENCY, "1,2,4,8"),
            (PROMPT_TOKENS, "512"),
            (GEN_TOKENS, "128"),
            (REPETITIONS, "5"),
            (SLO_TTFT, "2000"),
            (SLO_TPOT, "200"),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect();
        for (k, v) in pairs {
            f.insert(k, v.to_string());
        }
        f
    }

    #[test]
    fn the_form_builds_the_servers_request() {
        let r = request(&form(&[])).unwrap();
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            serde_json::json!({
                "model": "smollm2-135m", "weights": {"kind": "synthetic"}, "dtype": "q8_0",
                "device": "cpu", "concurrency": [1, 2, 4, 8], "prompt_tokens": 512,
                "gen_tokens": 128, "repetitions": 5, "slo": {"ttft_ms": 2000.0, "tpot_ms": 200.0},
                "threads": null, "seed": 0
            })
        );
        let file = request(&form(&[
            (WEIGHTS, "/models/a.gguf"),
            (MODEL, ""),
            (DTYPE, ""),
            (SLO_TTFT, ""),
            (SLO_TPOT, ""),
            (CONCURRENCY, "8 4, 4"),
        ]))
        .unwrap();
        assert_eq!(
            file.weights,
            Weights::Path {
                path: "/models/a.gguf".into()
            }
        );
        assert_eq!((file.model, file.dtype, file.slo), (None, None, None));
        assert_eq!(file.concurrency, vec![4, 8]);
    }

    #[test]
    fn bad_fields_are_named() {
        type Edits = &'static [(&'static str, &'static str)];
        // (case, fields changed, the field, a word of its message)
        let cases: &[(&str, Edits, &str, &str)] = &[
            (
                "no concurrency",
                &[(CONCURRENCY, " ")],
                CONCURRENCY,
                "at least one",
            ),
            (
                "zero concurrency",
                &[(CONCURRENCY, "0,2")],
                CONCURRENCY,
                "≥ 1",
            ),
            (
                "text",
                &[(PROMPT_TOKENS, "lots")],
                PROMPT_TOKENS,
                "whole number",
            ),
            ("no gen", &[(GEN_TOKENS, "")], GEN_TOKENS, "required"),
            ("half an SLO", &[(SLO_TPOT, "")], SLO_TPOT, "> 0"),
            (
                "synthetic without a model",
                &[(MODEL, "")],
                MODEL,
                "architecture",
            ),
            ("threads", &[(THREADS, "-1")], THREADS, "whole number"),
        ];
        for (case, pairs, field, word) in cases {
            let problems = request(&form(pairs)).unwrap_err();
            assert!(
                problems
                    .iter()
                    .any(|p| p.field == *field && p.message.contains(word)),
                "{case}: {problems:?}"
            );
        }
    }

    #[test]
    fn server_errors_find_their_field() {
        for (field, key) in [
            ("concurrency", Some(CONCURRENCY)),
            ("concurrency[1]", Some(CONCURRENCY)),
            ("weights.path", Some(WEIGHTS)),
            ("slo", Some(SLO_TTFT)),
            ("slo.tpot_ms", Some(SLO_TPOT)),
            ("memory", None),
            ("modelx", None),
        ] {
            assert_eq!(form_key(field), key, "{field}");
        }
    }

    #[test]
    fn results_read_with_nulls_and_show_no_nan() {
        let json = serde_json::json!({
            "model": "smollm2-135m", "hf_repo": "HuggingFaceTB/SmolLM2-135M", "parameters": 134515008u64,
            "device": "cpu", "dtype": "q8_0", "weights_label": "synthetic weights",
            "prompt_tokens": 8, "gen_tokens": 4, "repetitions": 5, "slo": null,
            "points": [{"concurrency": 1, "prefill_tokens_per_s": 812.25, "decode_tokens_per_s": 61.04,
                        "ttft_ms_p50": 9.8, "ttft_ms_p95": 10.4, "tpot_ms_p50": 16.3, "tpot_ms_p95": null,
                        "ttft_ms": {"p50": 9.8}, "tpot_ms": {}, "peak_memory_bytes": null,
                        "decode_bytes_per_step": 1.5e8, "decode_bandwidth_efficiency": 0.42,
                        "prefill_mfu": null, "meets_slo": null}],
            "goodput": {"concurrency": 1, "prefill_tokens_per_s": 812.25, "decode_tokens_per_s": 61.04,
                        "reason": "no SLO given: highest decode tokens/s"},
            "stopped": "all concurrencies measured",
            "roofline": {"memory_bandwidth_gb_s": 20.5, "bandwidth_basis": "measured", "peak_flops": null, "peak_flops_basis": "unknown"},
            "projections": [], "weight_bytes": 145000000u64, "kv_bytes_per_token": 46080u64,
            "reproducibility": {"cpu_model": "x", "cpu_cores": 2}, "started_unix": 0, "wall_seconds": 3.5
        });
        let r: BenchResult = serde_json::from_value(json).unwrap();
        assert!(r.points[0].tpot_ms_p95.is_nan());
        assert_eq!(ms(r.points[0].tpot_ms_p95), None);
        let g = r.goodput.as_ref().unwrap();
        assert_eq!(rate(g.decode_tokens_per_s).as_deref(), Some("61.0"));
        assert_eq!(
            throughput_source("12", &r, g),
            "benchmark #12: smollm2-135m q8_0 on cpu, synthetic weights, concurrency 1"
        );
        let detail: Detail = serde_json::from_value(serde_json::json!({
            "id": 12, "status": "done", "result": {"model": "m"}, "progress": null
        }))
        .unwrap();
        assert_eq!(detail.id, Id("12".into()));
        assert!(detail.result().unwrap().is_err());
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
        assert_eq!(mib(512 * 1024 * 1024), "512 MiB");
        assert_eq!(parameters(134_515_008), "134.5M");
        assert_eq!(parameters(1_543_714_304), "1.54B");
        assert_eq!(flops(f64::NAN), None);
        assert_eq!(utc(1_795_357_380), "2026-11-22 14:23 UTC");
    }
}
