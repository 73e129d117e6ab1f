//! The formats a person picks from, in words, and the generic formats' column mapping as
//! the page's text fields hold it.

use ::traffic::{ColumnMapping, Format};
use api::traffic::{format_choice, format_mapped, parse_offset};

/// What the page calls the format named `key` (`api::traffic::FORMATS`' words).
pub fn words(key: &str) -> &'static str {
    format_choice(key).map_or("an unknown format", |c| c.words)
}

/// Whether the format named `key` reads through a column mapping.
pub fn is_generic(key: &str) -> bool {
    format_choice(key).is_some_and(|c| c.mapped)
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

/// The format named `key` (a name of `api::traffic::FORMATS`), a generic one with
/// `mapping`; the reason, naming the field, when there is none.
pub fn format_of(
    key: &str,
    mapping: impl FnOnce() -> Result<ColumnMapping, String>,
) -> Result<Format, String> {
    if key.is_empty() {
        return Err("Format: choose the log's format".into());
    }
    // The mapping's own errors name their field ("Bucket length: …").
    format_mapped(key, Some(mapping).filter(|_| is_generic(key))).map_err(|(field, reason)| {
        match field {
            "format" => format!("Format: {reason}"),
            _ => reason,
        }
    })
}

/// The zone typed, `+02:00`, `-05:30`, `Z` or `UTC`, in minutes east of UTC, read as the API
/// and the CLI read `tz=` (`api::traffic::parse_offset`).
pub fn zone_minutes(text: &str) -> Result<i32, String> {
    parse_offset(text).map_err(|reason| format!("Time zone: {reason}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_read_as_the_api_reads_them_and_write_back() {
        assert_eq!(zone_minutes("+02:00"), Ok(120));
        assert_eq!(zone_minutes("-05:30"), Ok(-330));
        assert_eq!(zone_minutes("+0530"), Ok(330));
        assert_eq!(zone_minutes("Z"), Ok(0));
        assert_eq!(zone_minutes("\u{2212}03:00"), Ok(-180));
        for bad in ["+5", "+-05:00", "02:00", "+02:75", "+15:00"] {
            let reason = zone_minutes(bad).unwrap_err();
            assert!(reason.starts_with("Time zone: "), "{bad}: {reason}");
        }
        for m in [-720, -330, 0, 60, 345, 840] {
            assert_eq!(zone_minutes(&tco::format::utc_offset(m)), Ok(m));
        }
    }

    #[test]
    fn every_listed_format_is_a_format_and_back() {
        let mapping = || {
            Ok(ColumnMapping {
                timestamp: "t".into(),
                fixed_model: Some("m".into()),
                input_tokens: "i".into(),
                output_tokens: "o".into(),
                ..ColumnMapping::default()
            })
        };
        for choice in api::traffic::FORMATS {
            let f = format_of(choice.name, mapping).unwrap();
            assert_eq!(api::traffic::format_name(&f), choice.name);
            assert_eq!(words(choice.name), choice.words);
            assert_eq!(is_generic(choice.name), choice.mapped);
        }
        assert!(format_of("", mapping).unwrap_err().contains("choose"));
        assert!(format_of("excel", mapping)
            .unwrap_err()
            .starts_with("Format: unknown format"));
        let refused = || Err("Bucket length: must be a whole number".to_string());
        assert_eq!(
            format_of("generic_csv", refused).unwrap_err(),
            "Bucket length: must be a whole number"
        );
        // A named format needs no mapping: the fields are not read.
        assert!(format_of("litellm_spend_logs_csv", refused).is_ok());
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
