//! The one reading loop: bytes in, in chunks of any size, records out.

use crate::csv_rows::CsvRows;
use crate::error::TrafficError;
use crate::json_rows::json_row;
use crate::json_stream::{Layout, Scanner};
use crate::openai::{result_spec, usage_page};
use crate::record::TrafficRecord;
use crate::report::ImportReport;
use crate::row::RowSpec;
use crate::{litellm, Format};

enum Parser {
    Csv(Box<CsvRows>),
    JsonRows(Scanner, RowSpec),
    UsagePages(Scanner, RowSpec),
}

/// An import in progress, fed the file's bytes in chunks of any size (the browser's
/// `File.slice` reads, a socket's buffers). Records go to the sink as soon as their row is
/// complete; memory holds the row being read, never the file.
pub struct Importer {
    parser: Parser,
    report: ImportReport,
    bytes_read: u64,
    /// The header was refused: every later call says so again.
    refused: Option<TrafficError>,
}

impl Importer {
    /// An import of a file in `format`; fails only when a column mapping is unusable.
    pub fn new(format: &Format) -> Result<Self, TrafficError> {
        let parser = match format {
            Format::LitellmSpendLogsCsv => {
                Parser::Csv(Box::new(CsvRows::new(litellm::spend_logs())))
            }
            Format::LitellmDailySpendCsv => {
                Parser::Csv(Box::new(CsvRows::new(litellm::daily_spend())))
            }
            Format::GenericCsv { mapping } => Parser::Csv(Box::new(CsvRows::new(mapping.spec()?))),
            Format::LitellmSpendLogsJson => {
                Parser::JsonRows(Scanner::new(Layout::Lines), litellm::spend_logs())
            }
            Format::LitellmDailySpendJson => {
                Parser::JsonRows(Scanner::new(Layout::Lines), litellm::daily_spend())
            }
            Format::GenericJsonl { mapping } => {
                Parser::JsonRows(Scanner::new(Layout::Lines), mapping.spec()?)
            }
            Format::OpenaiUsageCompletions => {
                Parser::UsagePages(Scanner::new(Layout::Sequence), result_spec())
            }
        };
        Ok(Importer {
            parser,
            report: ImportReport::default(),
            bytes_read: 0,
            refused: None,
        })
    }

    /// Reads the next bytes of the file, handing each finished row's record to `sink`.
    ///
    /// Errors: a CSV header without a required column (then every later call too).
    pub fn feed(
        &mut self,
        chunk: &[u8],
        sink: &mut dyn FnMut(TrafficRecord),
    ) -> Result<(), TrafficError> {
        self.bytes_read += chunk.len() as u64;
        self.step(chunk, false, sink)
    }

    fn step(
        &mut self,
        chunk: &[u8],
        last: bool,
        sink: &mut dyn FnMut(TrafficRecord),
    ) -> Result<(), TrafficError> {
        if let Some(e) = &self.refused {
            return Err(e.clone());
        }
        let report = &mut self.report;
        let result = match &mut self.parser {
            Parser::Csv(rows) => rows.feed(chunk, last, report, sink),
            Parser::JsonRows(scanner, spec) => {
                let mut each = |piece| json_row(piece, spec, report, sink);
                if last {
                    scanner.finish(&mut each);
                } else {
                    scanner.feed(chunk, &mut each);
                }
                Ok(())
            }
            Parser::UsagePages(scanner, spec) => {
                let mut each = |piece| usage_page(piece, spec, report, sink);
                if last {
                    scanner.finish(&mut each);
                } else {
                    scanner.feed(chunk, &mut each);
                }
                Ok(())
            }
        };
        if let Err(e) = &result {
            self.refused = Some(e.clone());
        }
        result
    }

    /// Bytes fed so far (for a progress bar against the file's size).
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// The account so far: rows read, used and refused (for progress as rows per second).
    pub fn report(&self) -> &ImportReport {
        &self.report
    }

    /// The end of the file: the last row, and the account of every row.
    ///
    /// Errors: the header was refused, or no row is usable
    /// ([`TrafficError::NothingUsable`], with the report).
    pub fn finish(
        mut self,
        sink: &mut dyn FnMut(TrafficRecord),
    ) -> Result<ImportReport, TrafficError> {
        self.step(&[], true, sink)?;
        if self.report.rows_used == 0 {
            return Err(TrafficError::NothingUsable {
                report: Box::new(self.report),
            });
        }
        Ok(self.report)
    }
}
