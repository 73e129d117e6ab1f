//! One line of a sample: parsed, every field checked, every problem kept.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::{classify_answer_matches, EvalItem, Task};

/// A problem: the field at fault (none for the line as a whole) and the reason.
pub(super) type Problem = (Option<&'static str>, String);

/// The keys a line may have. Each is kept as it was written (`null` included), so a missing
/// key and a key of the wrong type get their own words; a repeated or unknown key is refused by
/// serde (a misspelt `llm_corect` must not be dropped silently).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    #[serde(default, deserialize_with = "present")]
    input: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    expected: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    llm_output: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    llm_correct: Option<Value>,
}

/// A key that is there, even as `null`.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// Parses a trimmed, non-blank line into an item, or says everything wrong with it.
pub(super) fn parse(
    task: Task,
    labels: Option<&[String]>,
    line: u64,
    text: &str,
) -> Result<EvalItem, Vec<Problem>> {
    // serde reads a struct from an array too (fields by position); an item is an object.
    if !text.starts_with('{') {
        let reason = match serde_json::from_str::<Value>(text) {
            Ok(value) => format!(
                "{}, not an object {{\"input\": \"…\", \"expected\": \"…\"}}",
                kind(&value)
            ),
            Err(e) => json_error(&e),
        };
        return Err(vec![(None, reason)]);
    }
    let raw: RawItem = serde_json::from_str(text).map_err(|e| vec![(None, json_error(&e))])?;
    let mut problems = Vec::new();
    let input = text_field("input", raw.input, &mut problems);
    let expected = text_field("expected", raw.expected, &mut problems);
    if let (Task::Classify, Some(labels), Some(expected)) = (task, labels, &expected) {
        if !labels.contains(expected) {
            problems.push((
                Some("expected"),
                format!(
                    "\"{expected}\" is not one of the labels ({})",
                    label_list(labels)
                ),
            ));
        }
    }
    let llm_output = match raw.llm_output {
        None => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => {
            problems.push((
                Some("llm_output"),
                format!("must be a string, got {}", kind(&other)),
            ));
            None
        }
    };
    let llm_correct = match raw.llm_correct {
        None => None,
        Some(Value::Bool(b)) => Some(b),
        Some(other) => {
            problems.push((
                Some("llm_correct"),
                format!("must be true or false, got {}", kind(&other)),
            ));
            None
        }
    };
    // Match's answers are compared by the eval's matcher (normalised, regex, numeric), which
    // the sample does not know; classify's rule is fixed, so a contradiction shows here.
    if let (Task::Classify, Some(output), Some(correct), Some(expected)) =
        (task, &llm_output, llm_correct, &expected)
    {
        let matches = classify_answer_matches(output, expected);
        if matches != correct {
            let says = if matches { "is" } else { "is not" };
            problems.push((
                Some("llm_correct"),
                format!(
                    "{correct}, but llm_output \"{output}\" {says} the expected \"{expected}\""
                ),
            ));
        }
    }
    match (input, expected) {
        (Some(input), Some(expected)) if problems.is_empty() => Ok(EvalItem {
            line,
            input,
            expected,
            llm_output,
            llm_correct,
        }),
        _ => Err(problems),
    }
}

/// A required non-empty string, or a problem naming `field`.
fn text_field(
    field: &'static str,
    value: Option<Value>,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let reason = match value {
        None => "missing".to_string(),
        Some(Value::String(s)) if s.trim().is_empty() => "empty".to_string(),
        Some(Value::String(s)) => return Some(s),
        Some(other) => format!("must be a string, got {}", kind(&other)),
    };
    problems.push((Some(field), reason));
    None
}

/// serde_json's message without its position in the line (the line is named by the caller; a
/// column past 1 is kept, since a long line needs it).
fn json_error(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    match e.classify() {
        serde_json::error::Category::Data => message.to_string(),
        _ => format!("not JSON ({message} at column {})", e.column()),
    }
}

/// A JSON value's kind, for "must be a string, got …".
fn kind(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(_) => "a string".to_string(),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

/// The labels for a message, the first ten of them.
fn label_list(labels: &[String]) -> String {
    let mut listed = labels
        .iter()
        .take(10)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if labels.len() > 10 {
        listed.push_str(&format!(", … {} in all", labels.len()));
    }
    listed
}
