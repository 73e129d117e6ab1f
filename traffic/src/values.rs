//! One field's value read as a count, an amount, a yes/no, or LiteLLM's cached-token counts.

use serde_json::Value;

use crate::row::{Field, NOT_TEXT};

pub(crate) fn prefix(field: &str, reason: String) -> String {
    format!("{field}: {reason}")
}

pub(crate) fn count<'a>(
    get: &impl Fn(&str) -> Field<'a>,
    name: &str,
    required: bool,
) -> Result<u64, String> {
    match get(name) {
        Field::Missing if required => Err(format!("{name}: missing")),
        Field::Missing => Ok(0),
        field => tokens(field).map_err(|e| prefix(name, e)),
    }
}

pub(crate) fn optional_count<'a>(
    get: &impl Fn(&str) -> Field<'a>,
    name: Option<&str>,
) -> Result<u64, String> {
    name.map_or(Ok(0), |n| count(get, n, false))
}

/// A whole, non-negative count: `12`, `12.0` and `"12"` are 12; `-3`, `1.5`, `abc` are refused.
pub(crate) fn tokens(field: Field<'_>) -> Result<u64, String> {
    let text;
    let s = match field {
        Field::Missing => return Ok(0),
        Field::Text(t) => t,
        Field::Json(Value::Number(n)) => {
            if let Some(u) = n.as_u64() {
                return Ok(u);
            }
            text = n.to_string();
            &text
        }
        Field::Json(Value::String(t)) => t.trim(),
        Field::Json(other) => return Err(format!("not a number: {other}")),
        Field::NotText => return Err(NOT_TEXT.into()),
    };
    if let Ok(u) = s.parse::<u64>() {
        return Ok(u);
    }
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v < 0.0 => Err(format!("must be ≥ 0, got {s}")),
        Ok(v) if v.is_finite() && v.fract() == 0.0 && v < 1e18 => Ok(v as u64),
        Ok(_) => Err(format!("must be a whole number, got {s}")),
        Err(_) => Err(format!("not a number: `{s}`")),
    }
}

/// A non-negative, finite amount in USD; missing is `None`.
pub(crate) fn money(field: Field<'_>) -> Result<Option<f64>, String> {
    let value = match field {
        Field::Missing => return Ok(None),
        Field::Text(t) => t
            .parse::<f64>()
            .map_err(|_| format!("not a number: `{t}`"))?,
        Field::Json(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
        Field::Json(Value::String(t)) => t
            .trim()
            .parse::<f64>()
            .map_err(|_| format!("not a number: `{t}`"))?,
        Field::Json(other) => return Err(format!("not a number: {other}")),
        Field::NotText => return Err(NOT_TEXT.into()),
    };
    if !value.is_finite() || value < 0.0 {
        return Err(format!("must be a finite amount ≥ 0, got {value}"));
    }
    Ok(Some(value))
}

/// A yes/no: JSON booleans, and `true`/`false`, `True`/`False`, `1`/`0`, `yes`/`no` as text;
/// missing is no.
pub(crate) fn flag(field: Field<'_>) -> Result<bool, String> {
    let text = match field {
        Field::Missing => return Ok(false),
        Field::Json(Value::Bool(b)) => return Ok(*b),
        Field::Json(Value::String(t)) => t.trim(),
        Field::Text(t) => t.trim(),
        Field::Json(Value::Number(n)) => {
            return match n.as_u64() {
                Some(0) => Ok(false),
                Some(1) => Ok(true),
                _ => Err(format!("not a yes/no: {n}")),
            }
        }
        Field::Json(other) => return Err(format!("not a yes/no: {other}")),
        Field::NotText => return Err(NOT_TEXT.into()),
    };
    match text.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "t" | "y" => Ok(true),
        "false" | "0" | "no" | "f" | "n" | "" | "none" | "null" => Ok(false),
        _ => Err(format!("not a yes/no: `{text}`")),
    }
}

/// The cached and cache-write input tokens LiteLLM keeps in a spend log's `metadata`
/// (`usage_object`, an OpenAI-style usage: `prompt_tokens_details.cached_tokens`, or
/// Anthropic's `cache_read_input_tokens` / `cache_creation_input_tokens`). Absent or
/// unreadable metadata counts none: it is optional in the schema.
pub(crate) fn litellm_metadata_cache(field: Field<'_>) -> (u64, u64) {
    let parsed;
    let meta = match field {
        Field::Json(Value::String(t)) => match serde_json::from_str::<Value>(t) {
            Ok(v) => {
                parsed = v;
                &parsed
            }
            Err(_) => return (0, 0),
        },
        Field::Text(t) => match serde_json::from_str::<Value>(t) {
            Ok(v) => {
                parsed = v;
                &parsed
            }
            Err(_) => return (0, 0),
        },
        Field::Json(v) => v,
        Field::Missing | Field::NotText => return (0, 0),
    };
    let Some(usage) = meta.get("usage_object") else {
        return (0, 0);
    };
    let read = |v: Option<&Value>| tokens(Field::from_json(v)).unwrap_or(0);
    let cached = match read(usage.get("cache_read_input_tokens")) {
        0 => read(
            usage
                .get("prompt_tokens_details")
                .and_then(|d| d.get("cached_tokens")),
        ),
        n => n,
    };
    (cached, read(usage.get("cache_creation_input_tokens")))
}
