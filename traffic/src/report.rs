//! What a reader saw: rows read and used, every bad row with its line and reason, the
//! columns it did not use.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How many bad rows a report lists one by one; past it they are only counted.
pub const MAX_LISTED_BAD_ROWS: usize = 100;
/// How many ignored column names a report lists.
pub const MAX_LISTED_COLUMNS: usize = 100;

/// One row a reader could not use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct BadRow {
    /// The 1-based line of the file where the row starts.
    pub line: u64,
    /// Why it was not used, naming the field (`prompt_tokens: must be ≥ 0, got -3`).
    pub reason: String,
}

/// The account of one import: every row is either used or counted as bad.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// Data rows read (a header, blank lines and JSON page wrappers are not rows; each result
    /// of an OpenAI page is one).
    pub rows_read: u64,
    /// Rows that became a record.
    pub rows_used: u64,
    /// Rows not used because they are broken, all of them (`rows_read = rows_used +
    /// bad_rows_total + rows_skipped`).
    pub bad_rows_total: u64,
    /// Well-formed rows that are not completion traffic (a LiteLLM failed request, an
    /// embedding call): counted by reason rather than listed as bad.
    pub rows_skipped: u64,
    /// How many rows were skipped for each reason (at most [`MAX_LISTED_COLUMNS`] reasons;
    /// past it they are counted under `other`).
    pub skipped_by_reason: BTreeMap<String, u64>,
    /// The first [`MAX_LISTED_BAD_ROWS`] bad rows, in file order.
    pub bad_rows: Vec<BadRow>,
    /// Columns (CSV) or keys (JSON) present in the file that the reader did not use, sorted;
    /// at most [`MAX_LISTED_COLUMNS`].
    pub ignored_columns: Vec<String>,
}

impl ImportReport {
    pub(crate) fn used(&mut self) {
        self.rows_read += 1;
        self.rows_used += 1;
    }

    pub(crate) fn bad(&mut self, line: u64, reason: String) {
        self.rows_read += 1;
        self.bad_rows_total += 1;
        if self.bad_rows.len() < MAX_LISTED_BAD_ROWS {
            self.bad_rows.push(BadRow { line, reason });
        }
    }

    pub(crate) fn skip(&mut self, reason: String) {
        self.rows_read += 1;
        self.rows_skipped += 1;
        let key = if self.skipped_by_reason.len() < MAX_LISTED_COLUMNS
            || self.skipped_by_reason.contains_key(&reason)
        {
            reason
        } else {
            "other".to_string()
        };
        *self.skipped_by_reason.entry(key).or_insert(0) += 1;
    }

    pub(crate) fn ignore_column(&mut self, name: &str) {
        if let Err(at) = self
            .ignored_columns
            .binary_search_by(|c| c.as_str().cmp(name))
        {
            if self.ignored_columns.len() < MAX_LISTED_COLUMNS {
                self.ignored_columns.insert(at, name.to_string());
            }
        }
    }
}
