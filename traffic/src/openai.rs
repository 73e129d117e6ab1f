//! OpenAI's organization Usage API for completions (`GET
//! /v1/organization/usage/completions`): pages of time buckets, each with its results
//! (grouped by model, batch, project…). A file holds one page, several pages one after
//! another (as fetched, following `next_page`), or a JSON array of pages. Each result is
//! one row. Source and field meanings: docs/traffic.md.

use serde_json::{Map, Value};

use crate::json_rows::kind;
use crate::json_stream::Piece;
use crate::record::TrafficRecord;
use crate::report::ImportReport;
use crate::row::{Field, ModelSource, RowSpec};

/// The model of a result from a page not grouped by model (`model` is `null` there).
pub const UNGROUPED_MODEL: &str = "(all models)";

/// The keys of a result that are part of its shape rather than its figures.
const STRUCTURAL: &[&str] = &["object"];

pub(crate) fn result_spec() -> RowSpec {
    RowSpec {
        time: "start_time".into(),
        naive_offset_minutes: None,
        bucket_seconds: None,
        model: ModelSource::Column("model".into()),
        input: "input_tokens".into(),
        output: "output_tokens".into(),
        cached: Some("input_cached_tokens".into()),
        cache_write: Some("input_cache_write_tokens".into()),
        requests: Some("num_model_requests".into()),
        spend: None,
        batch: Some("batch".into()),
        litellm_extras: false,
    }
}

/// Reads one JSON value as a usage page (or a bare bucket): every result of every bucket is
/// a row.
pub(crate) fn usage_page(
    (line, piece): Piece,
    spec: &RowSpec,
    report: &mut ImportReport,
    sink: &mut dyn FnMut(TrafficRecord),
) {
    let value = piece.and_then(|bytes| {
        serde_json::from_slice::<Value>(&bytes).map_err(|e| format!("not valid JSON: {e}"))
    });
    let value = match value {
        Ok(v) => v,
        Err(reason) => return report.bad(line, reason),
    };
    let buckets: Vec<&Value> = match value.get("data") {
        Some(Value::Array(buckets)) => buckets.iter().collect(),
        Some(other) => return report.bad(line, format!("data: not an array but {}", kind(other))),
        None if value.get("results").is_some() => vec![&value],
        None => {
            return report.bad(
                line,
                format!(
                    "{} without `data` or `results`: not a usage page",
                    kind(&value)
                ),
            )
        }
    };
    let ungrouped = Value::String(UNGROUPED_MODEL.into());
    for (b, bucket) in buckets.into_iter().enumerate() {
        read_bucket(bucket, b, line, spec, &ungrouped, report, sink);
    }
}

fn read_bucket(
    bucket: &Value,
    index: usize,
    line: u64,
    spec: &RowSpec,
    ungrouped: &Value,
    report: &mut ImportReport,
    sink: &mut dyn FnMut(TrafficRecord),
) {
    let at = format!("data[{index}]");
    let times = (
        bucket.get("start_time").and_then(Value::as_i64),
        bucket.get("end_time").and_then(Value::as_i64),
    );
    let span = match times {
        (Some(start), Some(end)) if end > start => Ok(end - start),
        (Some(_), Some(_)) => Err(format!("{at}: end_time is not after start_time")),
        _ => Err(format!(
            "{at}: start_time and end_time must be Unix seconds"
        )),
    };
    let results = match bucket.get("results") {
        Some(Value::Array(results)) => results,
        _ => return report.bad(line, format!("{at}.results: missing or not an array")),
    };
    let start = bucket.get("start_time").unwrap_or(&Value::Null);
    for (r, result) in results.iter().enumerate() {
        let at = format!("{at}.results[{r}]");
        let Some(map) = result.as_object() else {
            report.bad(line, format!("{at}: not an object"));
            continue;
        };
        let span = match &span {
            Ok(s) => *s,
            Err(reason) => {
                report.bad(line, reason.clone());
                continue;
            }
        };
        note_ignored(map, spec, report);
        let built = spec.build(|name| match name {
            "start_time" => Field::from_json(Some(start)),
            "model" => Field::from_json(map.get("model")).or_if_null(ungrouped),
            _ => Field::from_json(map.get(name)),
        });
        match built {
            Ok(mut record) => {
                record.bucket_seconds = Some(span);
                report.used();
                sink(record);
            }
            Err(reason) => report.bad(line, format!("{at}: {reason}")),
        }
    }
}

fn note_ignored(map: &Map<String, Value>, spec: &RowSpec, report: &mut ImportReport) {
    for key in map.keys() {
        if !spec.uses(key) && !STRUCTURAL.contains(&key.as_str()) {
            report.ignore_column(key);
        }
    }
}
