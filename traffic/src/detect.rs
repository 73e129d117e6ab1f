//! Which format a file is in, from its first bytes: the CSV header's columns or the first
//! JSON object's keys. Only the formats whose columns say so are recognised; anything else
//! is `None` and the user maps the columns.

use crate::Format;

/// How far into the bytes the sniffers look: a header line or a first object's keys are
/// well within it.
const SNIFF_BYTES: usize = 64 * 1024;

/// The format of a log from its first bytes (a few KiB suffice; more than 64 KiB are not
/// looked at), or `None` when its columns or keys name no format the readers know.
///
/// - LiteLLM spend logs: a CSV header or a first JSON object with `request_id`,
///   `startTime` and `prompt_tokens`.
/// - LiteLLM daily spend tables: `date`, `api_requests` and `prompt_tokens`.
/// - OpenAI usage pages: a first object with `"object": "page"`, or results carrying
///   `num_model_requests`.
pub fn detect(first_bytes: &[u8]) -> Option<Format> {
    let bytes = &first_bytes[..first_bytes.len().min(SNIFF_BYTES)];
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let bytes = &bytes[start..];
    match bytes[0] {
        b'{' | b'[' => detect_json(bytes),
        _ => detect_csv(bytes),
    }
}

fn detect_csv(bytes: &[u8]) -> Option<Format> {
    let line_end = bytes
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(bytes.len());
    let header = std::str::from_utf8(&bytes[..line_end]).ok()?;
    let columns: Vec<&str> = header
        .split(',')
        .map(|c| c.trim().trim_matches('"').trim())
        .collect();
    let has = |name: &str| columns.contains(&name);
    if has("request_id") && has("startTime") && has("prompt_tokens") {
        Some(Format::LitellmSpendLogsCsv)
    } else if has("date") && has("api_requests") && has("prompt_tokens") {
        Some(Format::LitellmDailySpendCsv)
    } else {
        None
    }
}

/// What the first JSON object of the bytes holds: its keys at any depth, and whether it says
/// `"object": "page"` at its top level.
#[derive(Default)]
struct FirstObject {
    keys: Vec<String>,
    is_page: bool,
}

fn detect_json(bytes: &[u8]) -> Option<Format> {
    let first = first_object(bytes);
    let has = |name: &str| first.keys.iter().any(|k| k == name);
    if first.is_page || has("num_model_requests") {
        Some(Format::OpenaiUsageCompletions)
    } else if has("request_id") && has("startTime") && has("prompt_tokens") {
        Some(Format::LitellmSpendLogsJson)
    } else if has("date") && has("api_requests") && has("prompt_tokens") {
        Some(Format::LitellmDailySpendJson)
    } else {
        None
    }
}

/// Walks the bytes as JSON tokens up to the end of the first object (or of the bytes),
/// collecting the keys: a string followed by `:`. Strings are read whole (escapes
/// included), so a key-like text inside a value (a prompt) is never taken for a key.
fn first_object(bytes: &[u8]) -> FirstObject {
    let mut found = FirstObject::default();
    let mut depth = 0usize;
    // Depth of the first object once it opens (an array of objects opens it at depth 2).
    let mut object_depth = None;
    let mut last_key_at_top: Option<String> = None;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'{' | b'[' => {
                depth += 1;
                if bytes[at] == b'{' && object_depth.is_none() {
                    object_depth = Some(depth);
                }
                at += 1;
            }
            b'}' | b']' => {
                if object_depth == Some(depth) {
                    break;
                }
                depth = depth.saturating_sub(1);
                at += 1;
            }
            b'"' => {
                let Some((text, next)) = string_at(bytes, at) else {
                    break;
                };
                let after = bytes[next..]
                    .iter()
                    .position(|b| !b.is_ascii_whitespace())
                    .map(|p| next + p);
                let is_key = after.is_some_and(|p| bytes[p] == b':');
                let at_top = object_depth == Some(depth);
                if is_key {
                    if at_top {
                        last_key_at_top = Some(text.clone());
                    }
                    found.keys.push(text);
                } else if at_top && last_key_at_top.as_deref() == Some("object") && text == "page" {
                    found.is_page = true;
                }
                at = after.filter(|_| is_key).map_or(next, |p| p + 1);
            }
            _ => at += 1,
        }
    }
    found
}

/// The JSON string starting at `at` (a `"`), unescaped loosely (enough to compare keys), and
/// the index after its closing quote; `None` when the bytes end inside it.
fn string_at(bytes: &[u8], at: usize) -> Option<(String, usize)> {
    let mut text = Vec::new();
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return Some((String::from_utf8_lossy(&text).into_owned(), i + 1)),
            b'\\' => {
                if let Some(&escaped) = bytes.get(i + 1) {
                    text.push(escaped);
                }
                i += 2;
            }
            b => {
                text.push(b);
                i += 1;
            }
        }
    }
    None
}
