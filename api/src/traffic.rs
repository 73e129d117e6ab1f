//! `/api/v1/traffic/analyse`: a usage log in (its bytes as the file holds them), what it
//! shows out — the import's account of every row, the workload, and the replay of the exact
//! traffic on a saved scenario when one is named.
//!
//! The query's values are read here, once, for the server and the CLI alike: a format's
//! name ([`FORMAT_NAMES`]), a fixed offset (`±HH:MM`), a column mapping (JSON).

use serde::{Deserialize, Serialize};
use traffic::{ColumnMapping, Format};

use crate::ScenarioId;

/// The media types the body may be sent as: the log's bytes as they are. Not the three a
/// browser form can send without asking first (`text/plain`, form encodings), so a foreign
/// page cannot make a visitor's browser spend this server's CPU (see the server's
/// cross-site guard).
pub const LOG_MEDIA_TYPES: [&str; 5] = [
    "text/csv",
    "application/json",
    "application/x-ndjson",
    "application/jsonl",
    "application/octet-stream",
];

/// The `format=` names, one per [`Format`]; the two generic ones need `mapping=`.
pub const FORMAT_NAMES: [&str; 7] = [
    "litellm_spend_logs_csv",
    "litellm_spend_logs_json",
    "litellm_daily_spend_csv",
    "litellm_daily_spend_json",
    "openai_usage_completions",
    "generic_csv",
    "generic_jsonl",
];

/// The query of `POST /api/v1/traffic/analyse`, as sent (each value checked by
/// [`AnalyseQuery::format`] and [`parse_offset`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnalyseQuery {
    /// One of [`FORMAT_NAMES`]; detected from the file's first bytes when absent.
    #[serde(default)]
    pub format: Option<String>,
    /// The fixed offset the weekly shape and the daily totals are read in, `±HH:MM`
    /// (`Z` or `UTC` for UTC, the default).
    #[serde(default)]
    pub tz: Option<String>,
    /// A [`ColumnMapping`] as JSON, for `generic_csv` and `generic_jsonl`.
    #[serde(default)]
    pub mapping: Option<String>,
    /// A saved scenario whose newest revision the trace is replayed on.
    #[serde(default)]
    pub scenario: Option<ScenarioId>,
}

/// 200 of `POST /api/v1/traffic/analyse`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnalyseReply {
    /// The account of every row: used, bad (line and reason), skipped by reason, columns
    /// not used.
    pub report: traffic::ImportReport,
    /// The workload the trace shows, with `workload_input` ready for the planner.
    pub workload: traffic::analysis::TraceWorkload,
    /// The replay on the named scenario (`scenario=`), with the server's active price table;
    /// null when no scenario was named.
    pub replay: Option<traffic::replay::Replay>,
}

/// The marker type of a body that is a log file's bytes, sent as they are (one of
/// [`LOG_MEDIA_TYPES`]), not a JSON document of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawLog;

/// A fixed offset `±HH:MM` (or `±HHMM`, `±HH`, `Z`, `UTC`) as minutes east of UTC, −12:00
/// to +14:00; the reason when it is not one.
pub fn parse_offset(text: &str) -> Result<i32, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
        return Ok(0);
    }
    let refuse = || format!("`{t}` is not a fixed offset: write ±HH:MM, e.g. +02:00 or -05:00");
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        // U+2212, the minus sign typeset documents use.
        _ => match t.strip_prefix('\u{2212}') {
            Some(rest) => (-1, rest),
            None => return Err(refuse()),
        },
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    let colons = rest.chars().filter(|c| *c == ':').count();
    if !digits.chars().all(|c| c.is_ascii_digit())
        || colons > 1
        || !matches!(digits.len(), 2 | 4)
        || (colons == 1 && rest.find(':') != Some(2))
    {
        return Err(refuse());
    }
    let hours: i32 = digits[..2].parse().map_err(|_| refuse())?;
    let minutes: i32 = match digits.len() {
        4 => digits[2..].parse().map_err(|_| refuse())?,
        _ => 0,
    };
    if minutes >= 60 {
        return Err(format!("`{t}`: minutes must be below 60"));
    }
    let offset = sign * (hours * 60 + minutes);
    if !(-720..=840).contains(&offset) {
        return Err(format!("`{t}` is outside −12:00 to +14:00"));
    }
    Ok(offset)
}

/// The format `name` names (one of [`FORMAT_NAMES`]), with `mapping` (JSON of a
/// [`ColumnMapping`]) for the generic ones. Errors name the field at fault (`format` or
/// `mapping`) and the reason.
pub fn format_named(name: &str, mapping: Option<&str>) -> Result<Format, (&'static str, String)> {
    let generic = matches!(name, "generic_csv" | "generic_jsonl");
    let mapping = match (generic, mapping) {
        (true, None) => {
            return Err((
                "mapping",
                format!("format {name} needs a column mapping (mapping=<JSON>)"),
            ))
        }
        (false, Some(_)) if FORMAT_NAMES.contains(&name) => {
            return Err((
                "mapping",
                format!("format {name} takes no mapping (only generic_csv and generic_jsonl do)"),
            ))
        }
        (true, Some(json)) => Some(mapping_from_json(json).map_err(|e| ("mapping", e))?),
        (false, _) => None,
    };
    Ok(match (name, mapping) {
        ("litellm_spend_logs_csv", _) => Format::LitellmSpendLogsCsv,
        ("litellm_spend_logs_json", _) => Format::LitellmSpendLogsJson,
        ("litellm_daily_spend_csv", _) => Format::LitellmDailySpendCsv,
        ("litellm_daily_spend_json", _) => Format::LitellmDailySpendJson,
        ("openai_usage_completions", _) => Format::OpenaiUsageCompletions,
        ("generic_csv", Some(mapping)) => Format::GenericCsv { mapping },
        ("generic_jsonl", Some(mapping)) => Format::GenericJsonl { mapping },
        _ => {
            return Err((
                "format",
                format!(
                    "unknown format `{}`: one of {}",
                    name.chars().take(60).collect::<String>(),
                    FORMAT_NAMES.join(", ")
                ),
            ))
        }
    })
}

/// The name of `format`, as [`FORMAT_NAMES`] spells it.
pub fn format_name(format: &Format) -> &'static str {
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

/// A [`ColumnMapping`] from its JSON, or why not (the path and serde's reason).
pub fn mapping_from_json(json: &str) -> Result<ColumnMapping, String> {
    serde_json::from_str::<ColumnMapping>(json).map_err(|e| format!("not a column mapping: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_as_minutes_east_of_utc() {
        assert_eq!(parse_offset("+02:00"), Ok(120));
        assert_eq!(parse_offset("-05:30"), Ok(-330));
        assert_eq!(parse_offset("+0545"), Ok(345));
        assert_eq!(parse_offset("-08"), Ok(-480));
        assert_eq!(parse_offset("Z"), Ok(0));
        assert_eq!(parse_offset("utc"), Ok(0));
        assert_eq!(parse_offset("\u{2212}03:00"), Ok(-180));
        assert_eq!(parse_offset("+14:00"), Ok(840));
        for bad in [
            "",
            "2",
            "+2",
            "+02:0",
            "+0:200",
            "+02:60",
            "+15:00",
            "-12:30",
            "Europe/Paris",
            "+02::00",
            "++02:00",
        ] {
            assert!(parse_offset(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn format_names_name_every_format_and_mappings_only_the_generic_ones() {
        let mapping =
            r#"{"timestamp": "ts", "fixed_model": "m", "input_tokens": "i", "output_tokens": "o"}"#;
        for name in FORMAT_NAMES {
            let format = match name {
                "generic_csv" | "generic_jsonl" => format_named(name, Some(mapping)),
                _ => format_named(name, None),
            }
            .unwrap();
            assert_eq!(format_name(&format), name);
        }
        assert_eq!(format_named("generic_csv", None).unwrap_err().0, "mapping");
        assert_eq!(
            format_named("litellm_spend_logs_csv", Some(mapping))
                .unwrap_err()
                .0,
            "mapping"
        );
        assert_eq!(format_named("excel", None).unwrap_err().0, "format");
        let (field, reason) = format_named("generic_jsonl", Some("{\"ts\": 1}")).unwrap_err();
        assert_eq!(field, "mapping");
        assert!(reason.contains("unknown field"), "{reason}");
    }
}
