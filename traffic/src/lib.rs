//! Readers of LLM traffic logs: a team's own gateway or provider logs read into one shape,
//! [`TrafficRecord`], with an [`ImportReport`] accounting for every row.
//!
//! Formats ([`Format`]): LiteLLM's spend logs and daily spend tables (CSV or JSON), OpenAI's
//! organization Usage API pages for completions, and any CSV or JSONL through a
//! [`ColumnMapping`]. The sources of each format are cited in docs/traffic.md.
//!
//! Pure: [`read`] takes an [`std::io::BufRead`] (a file, a byte slice) and an [`Importer`]
//! takes the bytes in chunks of any size (the browser's `File.slice` reads); either hands
//! records to a sink one at a time, so memory holds one row, never the file; a
//! prompt or response column is dropped with its row. Input never makes a reader panic: a
//! bad row is counted and reported with its line and reason, and the import fails only when
//! the file cannot be read or no row is usable.

pub mod analysis;
mod csv_rows;
mod detect;
mod error;
mod generic;
mod importer;
mod json_rows;
mod json_stream;
mod litellm;
mod openai;
mod record;
pub mod replay;
mod report;
mod row;
mod text;
pub mod time;
mod values;

use std::io::BufRead;

use serde::{Deserialize, Serialize};

pub use detect::detect;
pub use error::TrafficError;
pub use generic::ColumnMapping;
pub use importer::Importer;
pub use json_stream::MAX_VALUE_BYTES;
pub use openai::UNGROUPED_MODEL;
pub use record::TrafficRecord;
pub use report::{BadRow, ImportReport, MAX_LISTED_BAD_ROWS, MAX_LISTED_COLUMNS};

/// A log format the readers know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "format", rename_all = "snake_case")]
pub enum Format {
    /// `LiteLLM_SpendLogs` exported as CSV with its header (one row per request).
    LitellmSpendLogsCsv,
    /// `LiteLLM_SpendLogs` rows as a JSON array of objects or JSONL.
    LitellmSpendLogsJson,
    /// A LiteLLM daily spend table (`LiteLLM_DailyUserSpend`, `…TeamSpend`,
    /// `…EndUserSpend`) exported as CSV.
    LitellmDailySpendCsv,
    /// A LiteLLM daily spend table as a JSON array of objects or JSONL.
    LitellmDailySpendJson,
    /// Pages of OpenAI's `/v1/organization/usage/completions`, one after another or in an
    /// array.
    OpenaiUsageCompletions,
    /// A CSV with a header, read through a mapping.
    GenericCsv {
        /// Which column holds what.
        mapping: ColumnMapping,
    },
    /// JSONL (or a JSON array of objects), read through a mapping.
    GenericJsonl {
        /// Which key holds what.
        mapping: ColumnMapping,
    },
}

/// Reads `input` in `format`, handing each record to `sink` as it is read, and returns the
/// account of every row. The same loop as feeding an [`Importer`] the file's chunks.
///
/// Errors: the input cannot be read, a CSV header lacks a required column, the mapping is
/// unusable, or no row is usable ([`TrafficError::NothingUsable`], with the report).
pub fn read(
    format: &Format,
    mut input: impl BufRead,
    sink: &mut dyn FnMut(TrafficRecord),
) -> Result<ImportReport, TrafficError> {
    let mut importer = Importer::new(format)?;
    loop {
        let chunk = match input.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(TrafficError::Read {
                    bytes_read: importer.bytes_read(),
                    message: e.to_string(),
                })
            }
        };
        if chunk.is_empty() {
            break;
        }
        let n = chunk.len();
        importer.feed(chunk, sink)?;
        input.consume(n);
    }
    importer.finish(sink)
}

/// [`read`] into a vector, for inputs small enough to hold (tests, a day's log).
pub fn read_all(
    format: &Format,
    input: impl BufRead,
) -> Result<(Vec<TrafficRecord>, ImportReport), TrafficError> {
    let mut records = Vec::new();
    let report = read(format, input, &mut |r| records.push(r))?;
    Ok((records, report))
}
