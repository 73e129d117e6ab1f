//! An agent's report checked like any user input before it is stored: the typed read has
//! already refused wrong types, unknown fields and fractional counts; this refuses figures no
//! machine measures and names that are not names. Every problem is a 422 naming its field
//! path (`result.points[0].decode_tokens_per_s`).

use serde_json::Value;
use tco::FieldError;

/// The most tokens per second a report may claim for prefill or decode: a 135M-parameter
/// model (the catalog's smallest) costs 2.7e8 FLOPs per token, so 1e8 tokens/s would take
/// 2.7e16 FLOP/s, above any single accelerator's dense peak today (H100 SXM: ~1e15 BF16).
pub const MAX_TOKENS_PER_S: f64 = 1e8;
/// The longest latency a report may give, milliseconds: one day. A benchmark whose requests
/// take longer measured nothing a plan could use.
pub const MAX_LATENCY_MS: f64 = 86_400_000.0;
/// The most memory bandwidth a report may claim, GB/s: 100 TB/s, over 10× the fastest HBM
/// of a single GPU (B200: 8 TB/s).
pub const MAX_BANDWIDTH_GB_S: f64 = 100_000.0;
/// The most FLOP/s a report may claim: 1e17, over 10× any single accelerator's peak.
pub const MAX_FLOPS: f64 = 1e17;
/// Any other figure (bytes, counts, seconds, efficiencies): at most 1e15, a petabyte of
/// memory or 30 million years of seconds.
pub const MAX_FIGURE: f64 = 1e15;
/// The longest name (model, GPU, driver) a report may carry, characters.
pub const MAX_NAME_CHARS: usize = 128;
/// The longest other text (bases, notes, command lines), characters.
pub const MAX_TEXT_CHARS: usize = 4096;
/// The most problems listed in one answer.
const MAX_PROBLEMS: usize = 20;

/// Fields that are names: shown in lists and headings, used to find prices and GPUs.
const NAMES: [&str; 7] = [
    "request.model",
    "result.model",
    "result.hf_repo",
    "result.reproducibility.gpu_name",
    "result.reproducibility.gpu_driver",
    "result.engine.gpu",
    "request.endpoint.gpu",
];

/// Every problem with `report` (the body as JSON, already read as an `AgentReport`).
pub fn problems(report: &Value) -> Vec<FieldError> {
    let mut out = Vec::new();
    walk(report, "", &mut out);
    out.truncate(MAX_PROBLEMS);
    out
}

fn walk(value: &Value, path: &str, out: &mut Vec<FieldError>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                walk(v, &child, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, &format!("{path}[{i}]"), out);
            }
        }
        Value::Number(n) => {
            if let Some(message) = number_problem(path, n) {
                out.push(FieldError::new(path, message));
            }
        }
        Value::String(text) => {
            if let Some(message) = text_problem(path, text) {
                out.push(FieldError::new(path, message));
            }
        }
        Value::Null | Value::Bool(_) => {}
    }
}

/// The last key of a path, without an index: `points[0].ttft_ms.p95` → `p95`.
fn key(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

fn number_problem(path: &str, n: &serde_json::Number) -> Option<String> {
    let key = key(path);
    if key == "seed" {
        return None; // any u64, typed already
    }
    let v = n.as_f64()?;
    if !v.is_finite() {
        return Some("must be a finite number (a figure not measured is null)".to_string());
    }
    // A fitted line's intercept and slope may be negative; nothing else measured is.
    if path.contains("decode_fit.") {
        return (v.abs() > MAX_FIGURE)
            .then(|| format!("{v} is out of range (|x| ≤ {MAX_FIGURE:e})"));
    }
    if v < 0.0 {
        return Some(format!("{v} is negative; a measured figure is ≥ 0"));
    }
    let latency = key.ends_with("_ms")
        || key.contains("_ms_")
        || path.contains("_ms.")
        || key == "ttft_ms"
        || key == "tpot_ms";
    let (max, what) = if key.contains("tokens_per_s") {
        (
            MAX_TOKENS_PER_S,
            "tokens/s (no accelerator computes that fast)",
        )
    } else if latency {
        (MAX_LATENCY_MS, "ms (one day)")
    } else if key.ends_with("bandwidth_gb_s") {
        (MAX_BANDWIDTH_GB_S, "GB/s")
    } else if key == "peak_flops" {
        (MAX_FLOPS, "FLOP/s")
    } else {
        (MAX_FIGURE, "")
    };
    if v > max {
        return Some(
            format!("{v} is over the bound of {max:e} {what}")
                .trim_end()
                .to_string(),
        );
    }
    let whole_at_least_one = ["concurrency", "prompt_tokens", "gen_tokens", "repetitions"];
    if whole_at_least_one.contains(&key) && v < 1.0 {
        return Some(format!("{v} is below 1"));
    }
    if key == "concurrency" && v > bench::MAX_CONCURRENCY as f64 {
        return Some(format!("{v} is over {}", bench::MAX_CONCURRENCY));
    }
    None
}

fn text_problem(path: &str, text: &str) -> Option<String> {
    if text.chars().any(char::is_control) {
        return Some("contains control characters".to_string());
    }
    let chars = text.chars().count();
    if !NAMES.contains(&path) {
        return (chars > MAX_TEXT_CHARS)
            .then(|| format!("{chars} characters; at most {MAX_TEXT_CHARS}"));
    }
    if chars == 0 || chars > MAX_NAME_CHARS {
        return Some(format!(
            "a name of 1 to {MAX_NAME_CHARS} characters, got {chars}"
        ));
    }
    // A Hugging Face repo id (`owner/name`) has one `/`; a path has more, or `..`, or `\`.
    let slashes = text.matches('/').count();
    if text.contains("..")
        || text.contains('\\')
        || slashes > 1
        || text.starts_with('/')
        || text.ends_with('/')
    {
        return Some(format!(
            "{text:?} is not a name: no `..`, `\\`, leading or trailing `/`, or more than one `/` (owner/name)"
        ));
    }
    None
}
