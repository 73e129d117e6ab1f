//! JSON rows (an array of objects, or one object per line) read through a [`RowSpec`].

use serde_json::{Map, Value};

use crate::json_stream::Piece;
use crate::record::TrafficRecord;
use crate::report::ImportReport;
use crate::row::{Field, RowSpec};

/// Reads one JSON value as a row: an object through `spec`, anything else a bad row.
pub(crate) fn json_row(
    (line, piece): Piece,
    spec: &RowSpec,
    report: &mut ImportReport,
    sink: &mut dyn FnMut(TrafficRecord),
) {
    let object = piece.and_then(|bytes| match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(format!("not a JSON object: {}", kind(&other))),
        Err(e) => Err(format!("not valid JSON: {e}")),
    });
    let map = match object {
        Ok(map) => map,
        Err(reason) => return report.bad(line, reason),
    };
    for key in map.keys() {
        if !spec.uses(key) && !spec.uses_below(key) {
            report.ignore_column(key);
        }
    }
    let get = |name: &str| Field::from_json(lookup(&map, name));
    if let Some(reason) = spec.skip_reason(get) {
        return report.skip(reason);
    }
    match spec.build(get) {
        Ok(r) => {
            report.used();
            sink(r);
        }
        Err(reason) => report.bad(line, reason),
    }
}

/// A key of the row, or a dotted path into its objects (`usage.prompt_tokens`) when no key
/// has that name.
fn lookup<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    if let Some(v) = map.get(name) {
        return Some(v);
    }
    let mut parts = name.split('.');
    let first = map.get(parts.next()?)?;
    parts.try_fold(first, |v, part| v.get(part))
}

/// What kind of JSON value this is, for a message.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
