//! The benchmark form: its fields (keyed as the request's field paths, so the server's
//! errors land on the field they name), their words, and the checks that turn its text into
//! the contract's `BenchRequest` or name every problem.

use std::collections::BTreeMap;

use ::api::bench::{BenchRequest, Device, Slo, WeightDtype, WeightsSource};

/// The form's text by key.
pub type Fields = BTreeMap<&'static str, String>;

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
pub const ENDPOINT_URL: &str = "endpoint.url";
pub const ENDPOINT_MODEL: &str = "endpoint.model";
pub const ENDPOINT_API: &str = "endpoint.api";
pub const ENDPOINT_GPU: &str = "endpoint.gpu";
/// The weights select's value for synthetic weights (anything else is a file path).
pub const SYNTHETIC: &str = "synthetic";
/// The device select's value for an endpoint benchmark (a serving stack measured over HTTP
/// from the server, at one of the hosts its operator allowed).
pub const ENDPOINT: &str = "endpoint";

/// (key, label, unit) of every field, in the order they are shown and checked; an error
/// whose field is none of these is listed above the form.
pub const FORM: [(&str, &str, &str); 15] = [
    (MODEL, "Model", ""),
    (WEIGHTS, "Weights", ""),
    (DTYPE, "Number format", ""),
    (DEVICE, "Device", ""),
    (ENDPOINT_URL, "Endpoint", "a host this server may benchmark"),
    (
        ENDPOINT_MODEL,
        "Served model name",
        "as the endpoint names it",
    ),
    (ENDPOINT_API, "API", ""),
    (
        ENDPOINT_GPU,
        "Endpoint's GPU",
        "optional, as scenarios name it",
    ),
    (CONCURRENCY, "Concurrent requests", "list, e.g. 1,2,4,8"),
    (
        PROMPT_TOKENS,
        "Prompt tokens",
        "from the planner's input tokens",
    ),
    (
        GEN_TOKENS,
        "Generated tokens",
        "from the planner's output tokens",
    ),
    (
        REPETITIONS,
        "Repetitions",
        "timed runs per concurrency, ≥ 5",
    ),
    (SLO_TTFT, "SLO: time to first token", "ms, p95"),
    (SLO_TPOT, "SLO: time per output token", "ms, p95"),
    (THREADS, "CPU threads", "optional"),
];

/// The label and unit of a form key.
pub fn label(key: &str) -> (&'static str, &'static str) {
    FORM.iter()
        .find(|(k, _, _)| *k == key)
        .map_or(("", ""), |(_, label, unit)| (label, unit))
}

/// A field of a request in words: its form label (with what part of it, `concurrency[2]`
/// → "Concurrent requests[2]"), or the request's own key for one the form does not show.
pub fn words(field: &str) -> String {
    match form_key(field) {
        Some(key) if key == field => label(key).0.to_string(),
        Some(key) if field.starts_with(key) => format!("{}{}", label(key).0, &field[key.len()..]),
        _ => field.to_string(),
    }
}

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
    FORM.into_iter().map(|(key, _, _)| key).find(|key| {
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

/// The number format chosen, if any ("" is the default).
fn dtype(fields: &Fields, problems: &mut Vec<Problem>) -> Option<WeightDtype> {
    match text(fields, DTYPE) {
        "" => None,
        raw => {
            let parsed = WeightDtype::parse(raw);
            if parsed.is_none() {
                problems.push(Problem::new(
                    DTYPE,
                    format!("is not a number format (got \"{raw}\")"),
                ));
            }
            parsed
        }
    }
}

fn device(fields: &Fields, problems: &mut Vec<Problem>) -> Option<Device> {
    match text(fields, DEVICE) {
        "" => {
            problems.push(Problem::new(DEVICE, "is required"));
            None
        }
        raw => Device::parse(raw)
            .map_err(|message| problems.push(Problem::new(DEVICE, message)))
            .ok(),
    }
}

/// The latency target: none when both fields are empty.
fn slo(fields: &Fields, problems: &mut Vec<Problem>) -> Option<Slo> {
    if text(fields, SLO_TTFT).is_empty() && text(fields, SLO_TPOT).is_empty() {
        return None;
    }
    let ttft = positive(fields, SLO_TTFT, problems);
    let tpot = positive(fields, SLO_TPOT, problems);
    ttft.zip(tpot)
        .map(|(ttft_ms, tpot_ms)| Slo { ttft_ms, tpot_ms })
}

/// Builds the request from the form, or every problem with its field.
pub fn request(fields: &Fields) -> Result<BenchRequest, Vec<Problem>> {
    if text(fields, DEVICE) == ENDPOINT {
        return endpoint::request(fields);
    }
    let mut problems = Vec::new();
    let weights = match text(fields, WEIGHTS) {
        "" | SYNTHETIC => WeightsSource::Synthetic,
        path => WeightsSource::Path {
            path: path.to_string(),
        },
    };
    let model = Some(text(fields, MODEL).to_string()).filter(|m| !m.is_empty());
    if model.is_none() && weights == WeightsSource::Synthetic {
        problems.push(Problem::new(
            MODEL,
            "synthetic weights need a model architecture",
        ));
    }
    let dtype = dtype(fields, &mut problems);
    let device = device(fields, &mut problems);
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
    let slo = slo(fields, &mut problems);
    let (Some(device), Some(prompt_tokens), Some(gen_tokens), Some(repetitions), true) = (
        device,
        prompt_tokens,
        gen_tokens,
        repetitions,
        problems.is_empty(),
    ) else {
        return Err(problems);
    };
    Ok(BenchRequest {
        model,
        weights,
        dtype,
        device,
        concurrency,
        prompt_tokens,
        gen_tokens,
        repetitions,
        slo,
        threads,
        seed: 0,
        // The server bounds the benchmark by the device's free memory.
        max_memory_bytes: None,
        // The page runs the model on the server's own devices, never an endpoint.
        endpoint: None,
    })
}

mod endpoint;
mod refill;
#[cfg(test)]
mod tests;

pub use refill::fields_of;
