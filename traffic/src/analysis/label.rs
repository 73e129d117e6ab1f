//! The workload's label ("from usage.csv, 41,212 requests, 2025-03-03 – 2025-03-16 (UTC)")
//! and the zone words it and the workload use.

use crate::text::requests_text;

/// The longest file name a label quotes, in characters (the planner's `workload.source`
/// holds at most 300).
const MAX_LABEL_FILE_CHARS: usize = 200;

/// `+02:00`, `-05:30`.
pub(super) fn zone(offset_minutes: i32) -> String {
    tco::format::utc_offset(offset_minutes)
}

/// The zone the label's dates are in, as people write it: `UTC`, `UTC+02:00`.
pub(super) fn zone_words(offset_minutes: i32) -> String {
    match offset_minutes {
        0 => "UTC".to_string(),
        _ => format!("UTC{}", zone(offset_minutes)),
    }
}

/// "from <file>, <N> requests, <first> – <last> (<zone>)"; one date when the trace is
/// one day, none when it is empty; a file name past 200 characters is cut with "…".
pub(super) fn label(
    file_name: &str,
    requests: f64,
    first_date: &str,
    last_date: &str,
    zone: &str,
) -> String {
    let name = file_name.trim();
    let name: String = if name.is_empty() {
        "an unnamed file".to_string()
    } else if name.chars().count() > MAX_LABEL_FILE_CHARS {
        let cut: String = name.chars().take(MAX_LABEL_FILE_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        name.to_string()
    };
    let count = requests_text(requests);
    if first_date.is_empty() {
        format!("from {name}, {count}")
    } else if first_date == last_date {
        format!("from {name}, {count}, {first_date} ({zone})")
    } else {
        format!("from {name}, {count}, {first_date} – {last_date} ({zone})")
    }
}
