//! Why an import stopped.

use crate::report::ImportReport;

/// An import that produced nothing usable, or could not be read at all. Bad rows alone are
/// not an error: they are counted in the [`ImportReport`] and the import goes on.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TrafficError {
    /// The bytes could not be read (the underlying reader failed).
    #[error("cannot read the file after {bytes_read} bytes: {message}")]
    Read {
        /// The bytes read before the failure.
        bytes_read: u64,
        /// What failed.
        message: String,
    },
    /// A CSV file lacks a column the format needs.
    #[error("the file has no column {}; its columns are: {}", missing.join(", "), found.join(", "))]
    MissingColumns {
        /// The required columns that are not in the header.
        missing: Vec<String>,
        /// The header's columns.
        found: Vec<String>,
    },
    /// A column mapping is unusable (a required column left unnamed, a zone out of range).
    #[error("column mapping: {0}")]
    Mapping(String),
    /// No row could be used; the report says why each was refused.
    #[error("nothing usable in the file: {}", summary(report))]
    NothingUsable {
        /// The account of every row read.
        report: Box<ImportReport>,
    },
}

fn summary(report: &ImportReport) -> String {
    match report.bad_rows.first() {
        None if report.rows_skipped > 0 => format!(
            "{} rows read, none of them completion traffic ({})",
            report.rows_read,
            report
                .skipped_by_reason
                .iter()
                .map(|(reason, n)| format!("{n} × {reason}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => "it holds no rows".to_string(),
        Some(first) => format!(
            "{} rows read, all refused (the first, line {}: {})",
            report.rows_read, first.line, first.reason
        ),
    }
}
