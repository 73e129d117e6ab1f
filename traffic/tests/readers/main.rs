//! The readers on small files written to each format's schema, with every expected record
//! and every bad row counted by hand (docs/traffic.md cites the schemas).

mod analysis;
mod caps;
mod detect;
mod generic;
mod litellm;
mod openai;
mod replay;
mod robustness;
mod time;

use traffic::{BadRow, ImportReport, TrafficRecord};

/// A single request's record with no cache, spend or batch; tests override what they need.
fn request(start_unix: i64, model: &str, input: u64, output: u64) -> TrafficRecord {
    TrafficRecord {
        start_unix,
        bucket_seconds: None,
        model: model.to_string(),
        input_tokens: input,
        cached_input_tokens: 0,
        cache_write_tokens: 0,
        output_tokens: output,
        requests: 1,
        spend_usd: None,
        batch: false,
        proxy_cache_hit: false,
    }
}

fn bad(line: u64, reason: &str) -> BadRow {
    BadRow {
        line,
        reason: reason.to_string(),
    }
}

/// Checks the report's counts, bad rows and ignored columns at once.
fn assert_report(report: &ImportReport, read: u64, bad_rows: &[BadRow], ignored: &[&str]) {
    assert_eq!(report.bad_rows, bad_rows, "bad rows");
    assert_eq!(report.rows_read, read, "rows read");
    assert_eq!(
        report.bad_rows_total,
        bad_rows.len() as u64,
        "bad rows total"
    );
    assert_eq!(
        report.rows_used,
        read - bad_rows.len() as u64 - report.rows_skipped,
        "rows used"
    );
    assert_eq!(report.ignored_columns, ignored, "ignored columns");
}
