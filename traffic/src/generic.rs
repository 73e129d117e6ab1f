//! Any CSV or JSONL log, read through a column mapping the user gives.

use serde::{Deserialize, Serialize};

use crate::error::TrafficError;
use crate::row::{ModelSource, RowSpec};

/// Which column holds what, in a CSV header or as JSONL keys (in JSONL, a name that is no
/// key may be a dotted path into nested objects: `usage.prompt_tokens`). Optional columns that are not
/// named count zero (cached, cache-write tokens), one request per row, no spend, no batch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ColumnMapping {
    /// When the row's request (or bucket) started: RFC 3339, or Unix seconds.
    pub timestamp: String,
    /// The model column; when `None`, every row is `fixed_model`.
    pub model: Option<String>,
    /// The model of every row, for a log that does not name it.
    pub fixed_model: Option<String>,
    /// Input tokens (cached and cache-write ones included).
    pub input_tokens: String,
    /// Output tokens.
    pub output_tokens: String,
    /// Cached input tokens, part of the input tokens.
    pub cached_input_tokens: Option<String>,
    /// Cache-write input tokens, part of the input tokens.
    pub cache_write_tokens: Option<String>,
    /// Requests per row; when `None`, each row is one request.
    pub requests: Option<String>,
    /// Recorded spend, USD.
    pub spend_usd: Option<String>,
    /// Whether the row went through a batch API.
    pub batch: Option<String>,
    /// The zone of times written without an offset, minutes east of UTC (−720 to +840);
    /// `None` refuses such times.
    pub naive_offset_minutes: Option<i32>,
    /// Each row's span in seconds when rows are buckets (3,600 for hourly); `None` for
    /// one request per row.
    pub bucket_seconds: Option<i64>,
}

impl ColumnMapping {
    /// The mapping as a row spec, or every problem with it at once.
    pub(crate) fn spec(&self) -> Result<RowSpec, TrafficError> {
        let mut problems = Vec::new();
        let named = |field: &str, value: &str, problems: &mut Vec<String>| {
            if value.trim().is_empty() {
                problems.push(format!("{field}: name the column"));
            }
        };
        named("timestamp", &self.timestamp, &mut problems);
        named("input_tokens", &self.input_tokens, &mut problems);
        named("output_tokens", &self.output_tokens, &mut problems);
        let model = match (&self.model, &self.fixed_model) {
            (Some(c), None) if !c.trim().is_empty() => ModelSource::Column(c.clone()),
            (None, Some(m)) if !m.trim().is_empty() => ModelSource::Fixed(m.trim().to_string()),
            _ => {
                problems
                    .push("model: name the model column or give fixed_model (one of them)".into());
                ModelSource::Fixed(String::new())
            }
        };
        if let Some(offset) = self.naive_offset_minutes {
            if !(-720..=840).contains(&offset) {
                problems.push(format!(
                    "naive_offset_minutes: must be −720 to 840, got {offset}"
                ));
            }
        }
        if let Some(span) = self.bucket_seconds {
            if span <= 0 {
                problems.push(format!("bucket_seconds: must be > 0, got {span}"));
            }
        }
        if !problems.is_empty() {
            return Err(TrafficError::Mapping(problems.join("; ")));
        }
        Ok(RowSpec {
            time: self.timestamp.clone(),
            naive_offset_minutes: self.naive_offset_minutes,
            bucket_seconds: self.bucket_seconds,
            model,
            input: self.input_tokens.clone(),
            output: self.output_tokens.clone(),
            cached: self.cached_input_tokens.clone(),
            cache_write: self.cache_write_tokens.clone(),
            requests: self.requests.clone(),
            spend: self.spend_usd.clone(),
            batch: self.batch.clone(),
            litellm_extras: false,
        })
    }
}
