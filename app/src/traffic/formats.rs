//! The formats a person picks from, in words, and the generic formats' column mapping as
//! the page's text fields hold it.

use ::traffic::{ColumnMapping, Format};

/// The select's choices: (key, words). The key is the format's name in the scenario-free
/// API (`format=` of `POST /api/v1/traffic/analyse`); the words are what the page shows.
pub const CHOICES: [(&str, &str); 7] = [
    ("litellm_spend_logs_csv", "LiteLLM spend logs (CSV)"),
    (
        "litellm_spend_logs_json",
        "LiteLLM spend logs (JSON or JSONL)",
    ),
    ("litellm_daily_spend_csv", "LiteLLM daily spend table (CSV)"),
    (
        "litellm_daily_spend_json",
        "LiteLLM daily spend table (JSON or JSONL)",
    ),
    (
        "openai_usage_completions",
        "OpenAI Usage API, completions (JSON pages)",
    ),
    ("generic_csv", "Other CSV, with a column mapping"),
    ("generic_jsonl", "Other JSONL, with a column mapping"),
];

/// The key of a format (the inverse of [`format_of`]).
pub fn key_of(format: &Format) -> &'static str {
    match format {
        Format::LitellmSpendLogsCsv => "litellm_spend_logs_csv",
        Format::LitellmSpendLogsJson => "litellm_spend_logs_json",
        Format::LitellmDailySpendCsv => "litellm_daily_spend_csv",
        Format::LitellmDailySpendJson => "litellm_daily_spend_json",
        Format::OpenaiUsageCompletions => "openai_usage_completions",
        Format::GenericCsv { .. } => "generic_csv",
        Format::GenericJsonl { .. } => "generic_jsonl",
    }
}

/// What the page calls the format with `key`.
pub fn words(key: &str) -> &'static str {
    CHOICES
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("an unknown format", |(_, w)| w)
}

/// Whether the format with `key` reads through a column mapping.
pub fn is_generic(key: &str) -> bool {
    matches!(key, "generic_csv" | "generic_jsonl")
}

/// The mapping's text fields: (field, label, help). The field names are
/// [`ColumnMapping`]'s.
pub const MAPPING_FIELDS: [(&str, &str, &str); 10] = [
    (
        "timestamp",
        "Time",
        "When the request (or the row's bucket) started: RFC 3339, or Unix seconds. Required.",
    ),
    (
        "model",
        "Model",
        "The column naming the model; leave empty and give a fixed model instead.",
    ),
    (
        "fixed_model",
        "Fixed model",
        "The model of every row, for a log that does not name it.",
    ),
    (
        "input_tokens",
        "Input tokens",
        "Prompt tokens, cached and cache-write ones included. Required.",
    ),
    (
        "output_tokens",
        "Output tokens",
        "Generated tokens. Required.",
    ),
    (
        "cached_input_tokens",
        "Cached input tokens",
        "Part of the input tokens; none when empty.",
    ),
    (
        "cache_write_tokens",
        "Cache-write tokens",
        "Input tokens written to the prompt cache; none when empty.",
    ),
    (
        "requests",
        "Requests",
        "Requests per row; one per row when empty.",
    ),
    (
        "spend_usd",
        "Spend (USD)",
        "Recorded spend; none when empty.",
    ),
    (
        "batch",
        "Batch",
        "Whether the row went through a batch API (true/false); none when empty.",
    ),
];

/// The mapping the fields hold: every column by its field name ("" = not named), the
/// bucket length text, and the zone of times written without an offset.
pub fn mapping(
    get: impl Fn(&str) -> String,
    bucket_seconds: &str,
    naive_offset_minutes: i32,
) -> Result<ColumnMapping, String> {
    let opt = |field: &str| {
        let v = get(field).trim().to_string();
        (!v.is_empty()).then_some(v)
    };
    let bucket_seconds = match bucket_seconds.trim() {
        "" => None,
        text => Some(text.parse::<i64>().map_err(|_| {
            format!("Bucket length: must be a whole number of seconds, got \"{text}\"")
        })?),
    };
    Ok(ColumnMapping {
        timestamp: get("timestamp").trim().to_string(),
        model: opt("model"),
        fixed_model: opt("fixed_model"),
        input_tokens: get("input_tokens").trim().to_string(),
        output_tokens: get("output_tokens").trim().to_string(),
        cached_input_tokens: opt("cached_input_tokens"),
        cache_write_tokens: opt("cache_write_tokens"),
        requests: opt("requests"),
        spend_usd: opt("spend_usd"),
        batch: opt("batch"),
        naive_offset_minutes: Some(naive_offset_minutes),
        bucket_seconds,
    })
}

/// The format with `key`, the generic ones with `mapping`.
pub fn format_of(
    key: &str,
    mapping: impl FnOnce() -> Result<ColumnMapping, String>,
) -> Result<Format, String> {
    Ok(match key {
        "litellm_spend_logs_csv" => Format::LitellmSpendLogsCsv,
        "litellm_spend_logs_json" => Format::LitellmSpendLogsJson,
        "litellm_daily_spend_csv" => Format::LitellmDailySpendCsv,
        "litellm_daily_spend_json" => Format::LitellmDailySpendJson,
        "openai_usage_completions" => Format::OpenaiUsageCompletions,
        "generic_csv" => Format::GenericCsv {
            mapping: mapping()?,
        },
        "generic_jsonl" => Format::GenericJsonl {
            mapping: mapping()?,
        },
        "" => return Err("Format: choose the log's format".into()),
        other => return Err(format!("Format: unknown format \"{other}\"")),
    })
}

/// A fixed offset typed as `+02:00`, `-05:30`, `Z` or `UTC`, in minutes east of UTC
/// (−12:00 to +14:00).
pub fn parse_offset(text: &str) -> Result<i32, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
        return Ok(0);
    }
    let bad = || format!("Time zone: write it as +HH:MM or -HH:MM (got \"{t}\")");
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        // U+2212, the minus sign this page writes.
        _ if t.starts_with('\u{2212}') => (-1, &t['\u{2212}'.len_utf8()..]),
        _ => return Err(bad()),
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let (h, m) = (
        h.parse::<i32>().map_err(|_| bad())?,
        m.parse::<i32>().map_err(|_| bad())?,
    );
    if !(0..60).contains(&m) {
        return Err(bad());
    }
    let minutes = sign * (h * 60 + m);
    if !(-720..=840).contains(&minutes) {
        return Err(format!(
            "Time zone: must be from -12:00 to +14:00 (got \"{t}\")"
        ));
    }
    Ok(minutes)
}

/// Minutes east of UTC as `+02:00`.
pub fn offset_text(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_and_write_back() {
        assert_eq!(parse_offset("+02:00"), Ok(120));
        assert_eq!(parse_offset("-05:30"), Ok(-330));
        assert_eq!(parse_offset("Z"), Ok(0));
        assert_eq!(parse_offset("+5"), Ok(300));
        assert_eq!(parse_offset("\u{2212}03:00"), Ok(-180));
        assert!(parse_offset("+15:00")
            .unwrap_err()
            .contains("-12:00 to +14:00"));
        assert!(parse_offset("02:00").unwrap_err().contains("+HH:MM"));
        assert!(parse_offset("+02:75").is_err());
        for m in [-720, -330, 0, 60, 345, 840] {
            assert_eq!(parse_offset(&offset_text(m)), Ok(m));
        }
    }

    #[test]
    fn every_choice_is_a_format_and_back() {
        let mapping = || {
            Ok(ColumnMapping {
                timestamp: "t".into(),
                fixed_model: Some("m".into()),
                input_tokens: "i".into(),
                output_tokens: "o".into(),
                ..ColumnMapping::default()
            })
        };
        for (key, words_) in CHOICES {
            let f = format_of(key, mapping).unwrap();
            assert_eq!(key_of(&f), key);
            assert_eq!(words(key), words_);
        }
        assert!(format_of("", mapping).unwrap_err().contains("choose"));
    }

    #[test]
    fn the_mapping_names_only_what_is_filled() {
        let fields = |f: &str| match f {
            "timestamp" => "ts".to_string(),
            "input_tokens" => " in ".to_string(),
            "output_tokens" => "out".to_string(),
            "model" => "model".to_string(),
            _ => String::new(),
        };
        let m = mapping(fields, "3600", 60).unwrap();
        assert_eq!(m.input_tokens, "in");
        assert_eq!(m.model.as_deref(), Some("model"));
        assert_eq!(m.cached_input_tokens, None);
        assert_eq!(m.bucket_seconds, Some(3600));
        assert_eq!(m.naive_offset_minutes, Some(60));
        assert!(mapping(fields, "an hour", 0)
            .unwrap_err()
            .contains("Bucket length"));
    }
}
