//! `/api/v1/traffic/analyse`: a usage log in (its bytes as the file holds them), what it
//! shows out — the import's account of every row, the workload, and the replay of the exact
//! traffic on a saved scenario when one is named.
//!
//! The query's values are read here, once, for the server and the CLI alike: a format's
//! name ([`FORMAT_NAMES`]), a fixed offset (`±HH:MM`), a column mapping (JSON).

use serde::{Deserialize, Serialize};
use traffic::{ColumnMapping, Format};

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

/// A format as a person picks it: its `format=` name, what a page or a terminal calls it,
/// and whether it reads through a column mapping (`mapping=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatChoice {
    /// The `format=` value: `litellm_spend_logs_csv`.
    pub name: &'static str,
    /// What a person reads: "LiteLLM spend logs (CSV)".
    pub words: &'static str,
    /// Whether it needs a column mapping (`mapping=`).
    pub mapped: bool,
}

/// Every [`Format`], in the order a page lists them: the one table of their names and
/// words (the API, the CLI and the app read it; no surface shows a name to a person).
pub const FORMATS: [FormatChoice; 7] = {
    const fn choice(name: &'static str, words: &'static str, mapped: bool) -> FormatChoice {
        FormatChoice {
            name,
            words,
            mapped,
        }
    }
    [
        choice("litellm_spend_logs_csv", "LiteLLM spend logs (CSV)", false),
        choice(
            "litellm_spend_logs_json",
            "LiteLLM spend logs (JSON or JSONL)",
            false,
        ),
        choice(
            "litellm_daily_spend_csv",
            "LiteLLM daily spend table (CSV)",
            false,
        ),
        choice(
            "litellm_daily_spend_json",
            "LiteLLM daily spend table (JSON or JSONL)",
            false,
        ),
        choice(
            "openai_usage_completions",
            "OpenAI Usage API, completions (JSON pages)",
            false,
        ),
        choice("generic_csv", "Other CSV, with a column mapping", true),
        choice("generic_jsonl", "Other JSONL, with a column mapping", true),
    ]
};

/// The `format=` names, one per [`Format`] ([`FORMATS`]' names); the two generic ones need
/// `mapping=`.
pub const FORMAT_NAMES: [&str; 7] = {
    let mut names = [""; 7];
    let mut i = 0;
    while i < FORMATS.len() {
        names[i] = FORMATS[i].name;
        i += 1;
    }
    names
};

/// The entry of [`FORMATS`] named `name`.
pub fn format_choice(name: &str) -> Option<&'static FormatChoice> {
    FORMATS.iter().find(|c| c.name == name)
}

/// What a person reads for `format`: "LiteLLM spend logs (CSV)".
pub fn format_words(format: &Format) -> &'static str {
    FORMATS[format_index(format)].words
}

/// The query of `POST /api/v1/traffic/analyse`, as sent: each value is checked where it is
/// used ([`format_named`], [`parse_offset`], the scenario's id by the server, which answers
/// 404 for one that names nothing). [`AnalyseQuery::from_pairs`] reads it and names the keys
/// it does not know.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnalyseQuery {
    /// One of [`FORMAT_NAMES`]; detected from the file's first bytes when absent.
    #[serde(default)]
    pub format: Option<String>,
    /// The fixed offset the weekly shape and the daily totals are read in, `±HH:MM`
    /// (`Z` or `UTC` for UTC, the default); also the zone of a mapped log's times written
    /// without an offset, unless the mapping sets `naive_offset_minutes`.
    #[serde(default)]
    pub tz: Option<String>,
    /// A [`ColumnMapping`] as JSON, for `generic_csv` and `generic_jsonl`; at most
    /// [`MAX_MAPPING_BYTES`].
    #[serde(default)]
    pub mapping: Option<String>,
    /// A saved scenario's id: its newest revision is replayed on the trace.
    #[serde(default)]
    pub scenario: Option<String>,
}

/// The longest column mapping a query may carry (a mapping names a dozen columns).
pub const MAX_MAPPING_BYTES: usize = 4096;

/// The longest piece of a sent value an error message repeats.
pub const ECHOED_CHARS: usize = 60;

/// `text` as an error message repeats it: at most [`ECHOED_CHARS`] characters, "…" when cut.
pub fn echoed(text: &str) -> String {
    match text.char_indices().nth(ECHOED_CHARS) {
        None => text.to_string(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}

impl AnalyseQuery {
    /// The query from its `(key, value)` pairs, and the keys it does not know (each as sent,
    /// at most [`ECHOED_CHARS`] characters). A key sent twice keeps its last value.
    pub fn from_pairs<K: AsRef<str>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> (Self, Vec<String>) {
        let mut query = AnalyseQuery::default();
        let mut unknown = Vec::new();
        for (key, value) in pairs {
            let slot = match key.as_ref() {
                "format" => &mut query.format,
                "tz" => &mut query.tz,
                "mapping" => &mut query.mapping,
                "scenario" => &mut query.scenario,
                other => {
                    let other = echoed(other);
                    if !unknown.contains(&other) {
                        unknown.push(other);
                    }
                    continue;
                }
            };
            *slot = Some(value.into());
        }
        (query, unknown)
    }

    /// The query as `?key=value&…` pairs, in [`AnalyseQuery::from_pairs`]'s key order (what
    /// a client sends; values not encoded).
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("format", &self.format),
            ("tz", &self.tz),
            ("mapping", &self.mapping),
            ("scenario", &self.scenario),
        ]
        .into_iter()
        .filter_map(|(key, value)| value.as_deref().map(|v| (key, v)))
        .collect()
    }
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
/// to +14:00; the reason when it is not one. `tco::format::utc_offset` writes it back.
pub fn parse_offset(text: &str) -> Result<i32, String> {
    let t = text.trim();
    let shown = echoed(t);
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
        return Ok(0);
    }
    let refuse = || format!("`{shown}` is not a fixed offset: write ±HH:MM, e.g. +02:00 or -05:00");
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
        return Err(format!("`{shown}`: minutes must be below 60"));
    }
    let offset = sign * (hours * 60 + minutes);
    if !(-720..=840).contains(&offset) {
        return Err(format!("`{shown}` is outside −12:00 to +14:00"));
    }
    Ok(offset)
}

/// The format `name` names (one of [`FORMAT_NAMES`]), with `mapping` (JSON of a
/// [`ColumnMapping`]) for the generic ones. Errors name the field at fault (`format` or
/// `mapping`) and the reason.
pub fn format_named(name: &str, mapping: Option<&str>) -> Result<Format, (&'static str, String)> {
    format_mapped(name, mapping.map(|json| move || mapping_from_json(json)))
}

/// The format `name` names, `mapping` giving a generic one its column mapping (called only
/// for those; the app's fields, the query's JSON). Errors as [`format_named`]'s.
pub fn format_mapped<M: FnOnce() -> Result<ColumnMapping, String>>(
    name: &str,
    mapping: Option<M>,
) -> Result<Format, (&'static str, String)> {
    let generic = format_choice(name).is_some_and(|c| c.mapped);
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
        (true, Some(mapping)) => Some(mapping().map_err(|e| ("mapping", e))?),
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
                    echoed(name),
                    FORMAT_NAMES.join(", ")
                ),
            ))
        }
    })
}

/// The name of `format`, as [`FORMAT_NAMES`] spells it.
pub fn format_name(format: &Format) -> &'static str {
    FORMATS[format_index(format)].name
}

/// Where `format` stands in [`FORMATS`].
fn format_index(format: &Format) -> usize {
    match format {
        Format::LitellmSpendLogsCsv => 0,
        Format::LitellmSpendLogsJson => 1,
        Format::LitellmDailySpendCsv => 2,
        Format::LitellmDailySpendJson => 3,
        Format::OpenaiUsageCompletions => 4,
        Format::GenericCsv { .. } => 5,
        Format::GenericJsonl { .. } => 6,
    }
}

/// A [`ColumnMapping`] from its JSON (at most [`MAX_MAPPING_BYTES`]), or why not (the path
/// and serde's reason, each quoted name cut to [`ECHOED_CHARS`]).
pub fn mapping_from_json(json: &str) -> Result<ColumnMapping, String> {
    if json.len() > MAX_MAPPING_BYTES {
        return Err(format!(
            "the mapping is {} bytes, over the {MAX_MAPPING_BYTES} a mapping may take",
            json.len()
        ));
    }
    serde_json::from_str::<ColumnMapping>(json)
        .map_err(|e| format!("not a column mapping: {}", quoted_cut(&e.to_string())))
}

/// `message` with each `…`-quoted span cut to [`ECHOED_CHARS`] characters.
fn quoted_cut(message: &str) -> String {
    message
        .split('`')
        .enumerate()
        .map(|(i, part)| match i % 2 {
            1 => echoed(part),
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join("`")
}

/// `format` with its times written without an offset read at `offset_minutes` east of UTC
/// (the query's `tz`, the CLI's `--tz`) when it is a mapped format whose mapping does not
/// name their zone itself (`naive_offset_minutes`); other formats as they are.
pub fn naive_times_in(format: Format, offset_minutes: i32) -> Format {
    match format {
        Format::GenericCsv { mut mapping } => {
            mapping.naive_offset_minutes.get_or_insert(offset_minutes);
            Format::GenericCsv { mapping }
        }
        Format::GenericJsonl { mut mapping } => {
            mapping.naive_offset_minutes.get_or_insert(offset_minutes);
            Format::GenericJsonl { mapping }
        }
        other => other,
    }
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
        for minutes in [-720, -330, -30, 0, 60, 345, 840] {
            assert_eq!(parse_offset(&tco::format::utc_offset(minutes)), Ok(minutes));
        }
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
            let choice = format_choice(name).unwrap();
            assert_eq!(format_words(&format), choice.words);
            assert_eq!(
                choice.mapped,
                matches!(
                    format,
                    Format::GenericCsv { .. } | Format::GenericJsonl { .. }
                )
            );
        }
        assert_eq!(
            format_words(&Format::LitellmSpendLogsCsv),
            "LiteLLM spend logs (CSV)"
        );
        assert_eq!(format_choice("excel"), None);
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
        // A long key is echoed cut; a mapping over 4 KiB is refused before it is read.
        let long = format!("{{\"{}\": 1}}", "k".repeat(500));
        let (_, reason) = format_named("generic_csv", Some(&long)).unwrap_err();
        assert!(
            reason.contains(&format!("`{}…`", "k".repeat(60))),
            "{reason}"
        );
        assert!(!reason.contains(&"k".repeat(61)), "{reason}");
        let huge = format!("{{\"timestamp\": \"{}\"}}", "t".repeat(5000));
        let (field, reason) = format_named("generic_csv", Some(&huge)).unwrap_err();
        assert_eq!(field, "mapping");
        assert!(reason.contains("over the 4096"), "{reason}");
        assert!(!parse_offset(&"x".repeat(100))
            .unwrap_err()
            .contains(&"x".repeat(61)));
    }

    #[test]
    fn the_zone_fills_a_mapping_that_leaves_naive_times_unplaced() {
        let open =
            r#"{"timestamp": "ts", "fixed_model": "m", "input_tokens": "i", "output_tokens": "o"}"#;
        let set = r#"{"timestamp": "ts", "fixed_model": "m", "input_tokens": "i", "output_tokens": "o", "naive_offset_minutes": -300}"#;
        let offset = |json: &str| match naive_times_in(
            format_named("generic_jsonl", Some(json)).unwrap(),
            120,
        ) {
            Format::GenericJsonl { mapping } => mapping.naive_offset_minutes,
            other => panic!("{other:?}"),
        };
        assert_eq!(offset(open), Some(120));
        assert_eq!(offset(set), Some(-300));
        assert_eq!(
            naive_times_in(Format::LitellmSpendLogsCsv, 120),
            Format::LitellmSpendLogsCsv
        );
    }

    #[test]
    fn a_query_is_read_from_its_pairs_naming_unknown_keys() {
        let (query, unknown) = AnalyseQuery::from_pairs([
            ("format", "generic_csv"),
            ("tz", "+02:00"),
            ("revision", "1"),
            ("revision", "2"),
            ("scenario", "abc"),
        ]);
        assert_eq!(unknown, ["revision"]);
        assert_eq!(query.format.as_deref(), Some("generic_csv"));
        assert_eq!(query.tz.as_deref(), Some("+02:00"));
        assert_eq!(query.mapping, None);
        assert_eq!(
            query.pairs(),
            [
                ("format", "generic_csv"),
                ("tz", "+02:00"),
                ("scenario", "abc")
            ]
        );
        // The keys `from_pairs` knows are the contract type's own fields.
        let full = AnalyseQuery {
            format: Some("f".into()),
            tz: Some("t".into()),
            mapping: Some("m".into()),
            scenario: Some("s".into()),
        };
        let serialised: Vec<String> = match serde_json::to_value(&full).unwrap() {
            serde_json::Value::Object(fields) => fields.keys().cloned().collect(),
            other => panic!("{other}"),
        };
        let (read, unknown) = AnalyseQuery::from_pairs(full.pairs());
        assert!(unknown.is_empty());
        assert_eq!(read, full);
        let mut keys: Vec<&str> = full.pairs().iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        let mut serialised: Vec<&str> = serialised.iter().map(String::as_str).collect();
        serialised.sort_unstable();
        assert_eq!(keys, serialised);
        let long = "q".repeat(200);
        let (_, unknown) = AnalyseQuery::from_pairs([(long.as_str(), "1")]);
        assert_eq!(unknown, [format!("{}…", "q".repeat(60))]);
    }
}
