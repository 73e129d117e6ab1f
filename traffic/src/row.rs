//! One row, whatever its format: which fields make a record, and how each is read.

use serde_json::Value;

use crate::record::TrafficRecord;
use crate::time::parse_timestamp;
use crate::values::{count, flag, litellm_metadata_cache, money, optional_count, prefix};

/// A field of a row as found: text from a CSV cell, a JSON value, or nothing.
pub(crate) enum Field<'a> {
    Text(&'a str),
    Json(&'a Value),
    /// A CSV cell whose bytes are not UTF-8.
    NotText,
    Missing,
}

impl<'a> Field<'a> {
    /// A JSON `null` and an empty CSV cell are both missing.
    pub(crate) fn from_json(value: Option<&'a Value>) -> Self {
        match value {
            None | Some(Value::Null) => Field::Missing,
            Some(v) => Field::Json(v),
        }
    }

    /// A missing field read as `fallback` instead.
    pub(crate) fn or_if_null(self, fallback: &'a Value) -> Self {
        match self {
            Field::Missing => Field::Json(fallback),
            other => other,
        }
    }

    pub(crate) fn from_text(text: Option<&'a str>) -> Self {
        match text.map(str::trim) {
            None | Some("") => Field::Missing,
            Some(t) => Field::Text(t),
        }
    }
}

pub(crate) const NOT_TEXT: &str = "not UTF-8 text";

/// How a row's model is found.
#[derive(Debug, Clone)]
pub(crate) enum ModelSource {
    Column(String),
    Fixed(String),
}

/// Which fields of a row make a record; the same for CSV and JSON rows.
#[derive(Debug, Clone)]
pub(crate) struct RowSpec {
    pub time: String,
    pub naive_offset_minutes: Option<i32>,
    pub bucket_seconds: Option<i64>,
    pub model: ModelSource,
    pub input: String,
    pub output: String,
    pub cached: Option<String>,
    pub cache_write: Option<String>,
    /// `None`: every row is one request. A named column is required in every row.
    pub requests: Option<String>,
    pub spend: Option<String>,
    pub batch: Option<String>,
    /// LiteLLM's spend logs: `cache_hit`, and the cached-token counts inside `metadata`.
    pub litellm_extras: bool,
}

impl RowSpec {
    /// The columns a CSV header must have.
    pub(crate) fn required(&self) -> Vec<&str> {
        let mut out = vec![self.time.as_str()];
        if let ModelSource::Column(c) = &self.model {
            out.push(c);
        }
        out.push(&self.input);
        out.push(&self.output);
        if let Some(r) = &self.requests {
            out.push(r);
        }
        out
    }

    /// Every column this spec names (no allocation: it runs for every key of every JSON row).
    fn columns(&self) -> impl Iterator<Item = &str> {
        let model = match &self.model {
            ModelSource::Column(c) => Some(c.as_str()),
            ModelSource::Fixed(_) => None,
        };
        let optional = [
            &self.requests,
            &self.cached,
            &self.cache_write,
            &self.spend,
            &self.batch,
        ];
        [
            Some(self.time.as_str()),
            Some(&self.input),
            Some(&self.output),
            model,
        ]
        .into_iter()
        .flatten()
        .chain(optional.into_iter().filter_map(|c| c.as_deref()))
    }

    /// Whether this spec reads the column (or key) `name`.
    pub(crate) fn uses(&self, name: &str) -> bool {
        self.columns().any(|c| c == name)
            || (self.litellm_extras
                && matches!(name, "metadata" | "cache_hit" | "status" | "call_type"))
    }

    /// Whether a column this spec reads is a dotted path below `key` (`usage` for
    /// `usage.prompt_tokens`).
    pub(crate) fn uses_below(&self, key: &str) -> bool {
        self.columns().any(|c| {
            c.strip_prefix(key)
                .is_some_and(|rest| rest.starts_with('.'))
        })
    }

    /// Why a well-formed row is not completion traffic, if it is not: LiteLLM logs failed
    /// requests (`status` other than `success`) and calls other than completions
    /// (embeddings, images, audio, moderation, rerank) in the same table.
    pub(crate) fn skip_reason<'a>(&self, get: impl Fn(&str) -> Field<'a>) -> Option<String> {
        if !self.litellm_extras {
            return None;
        }
        let text = |name: &str| match get(name) {
            Field::Text(t) => Some(t.to_string()),
            Field::Json(Value::String(t)) => Some(t.trim().to_string()),
            _ => None,
        };
        if let Some(status) = text("status") {
            if !status.is_empty() && !status.eq_ignore_ascii_case("success") {
                return Some(format!("a failed request (status `{status}`)"));
            }
        }
        let call_type = text("call_type")?;
        let lower = call_type.to_ascii_lowercase();
        const NOT_COMPLETIONS: &[&str] = &[
            "embedding",
            "image",
            "transcription",
            "speech",
            "moderation",
            "rerank",
        ];
        NOT_COMPLETIONS
            .iter()
            .any(|k| lower.contains(k))
            .then(|| format!("not a completion (call_type `{call_type}`)"))
    }

    /// The record a row makes, or every reason it cannot (joined by `; `).
    pub(crate) fn build<'a>(
        &self,
        get: impl Fn(&str) -> Field<'a>,
    ) -> Result<TrafficRecord, String> {
        let mut problems = Vec::new();
        let start = match get(&self.time) {
            Field::Missing => Err("missing".to_string()),
            Field::Text(t) => parse_timestamp(t, self.naive_offset_minutes),
            Field::Json(Value::String(t)) => parse_timestamp(t, self.naive_offset_minutes),
            Field::Json(Value::Number(n)) => parse_timestamp(&n.to_string(), None),
            Field::Json(other) => Err(format!("not a time: {other}")),
            Field::NotText => Err(NOT_TEXT.into()),
        }
        .map_err(|e| prefix(&self.time, e));
        let model = match &self.model {
            ModelSource::Fixed(m) => Ok(m.clone()),
            ModelSource::Column(c) => match get(c) {
                Field::Text(t) => Ok(t.to_string()),
                Field::Json(Value::String(t)) if !t.trim().is_empty() => Ok(t.trim().to_string()),
                Field::Json(Value::String(_)) | Field::Missing => Err(format!("{c}: missing")),
                Field::Json(other) => Err(format!("{c}: not a model name: {other}")),
                Field::NotText => Err(format!("{c}: {NOT_TEXT}")),
            },
        };
        let input = count(&get, &self.input, true);
        let output = count(&get, &self.output, true);
        let mut cached = optional_count(&get, self.cached.as_deref());
        let mut cache_write = optional_count(&get, self.cache_write.as_deref());
        let requests = match &self.requests {
            None => Ok(1),
            Some(c) => count(&get, c, true),
        };
        let spend = match &self.spend {
            None => Ok(None),
            Some(c) => money(get(c)).map_err(|e| prefix(c, e)),
        };
        let batch = match &self.batch {
            None => Ok(false),
            Some(c) => flag(get(c)).map_err(|e| prefix(c, e)),
        };
        let mut proxy_cache_hit = Ok(false);
        if self.litellm_extras {
            proxy_cache_hit = flag(get("cache_hit")).map_err(|e| prefix("cache_hit", e));
            let (meta_cached, meta_write) = litellm_metadata_cache(get("metadata"));
            if matches!(cached, Ok(0)) {
                cached = Ok(meta_cached);
            }
            if matches!(cache_write, Ok(0)) {
                cache_write = Ok(meta_write);
            }
        }
        let start = start.map_err(|e| problems.push(e)).unwrap_or(0);
        let model = model.map_err(|e| problems.push(e)).unwrap_or_default();
        let mut take = |r: Result<u64, String>| r.map_err(|e| problems.push(e)).unwrap_or(0);
        let (input, output, cached, cache_write, requests) = (
            take(input),
            take(output),
            take(cached),
            take(cache_write),
            take(requests),
        );
        let spend = spend.map_err(|e| problems.push(e)).unwrap_or(None);
        let batch = batch.map_err(|e| problems.push(e)).unwrap_or(false);
        let proxy_cache_hit = proxy_cache_hit
            .map_err(|e| problems.push(e))
            .unwrap_or(false);
        if problems.is_empty() && cached.saturating_add(cache_write) > input {
            problems.push(format!(
                "cached ({cached}) and cache-write ({cache_write}) input tokens exceed the input tokens ({input})"
            ));
        }
        if !problems.is_empty() {
            return Err(problems.join("; "));
        }
        Ok(TrafficRecord {
            start_unix: start,
            bucket_seconds: self.bucket_seconds,
            model,
            input_tokens: input,
            cached_input_tokens: cached,
            cache_write_tokens: cache_write,
            output_tokens: output,
            requests,
            spend_usd: spend,
            batch,
            proxy_cache_hit,
        })
    }
}
