//! CSV files, read as their bytes arrive: the header, then one record per row; each row is
//! dropped once read. RFC 4180 quoting, so a cell may span lines (a stored prompt often
//! does); a row's line is the line it starts on.

use csv_core::{ReadRecordResult, Reader};

use crate::error::TrafficError;
use crate::json_stream::MAX_VALUE_BYTES;
use crate::record::TrafficRecord;
use crate::report::ImportReport;
use crate::row::{Field, RowSpec};

/// The most cells a row may have before it is skipped as unreadable.
const MAX_CELLS: usize = 1 << 16;

/// A CSV file being read.
pub(crate) struct CsvRows {
    reader: Reader,
    spec: RowSpec,
    header: Option<Vec<String>>,
    /// The row being read: its cells' bytes, and where each cell ends.
    out: Vec<u8>,
    out_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    /// The row passed [`MAX_VALUE_BYTES`] or [`MAX_CELLS`]; the rest of it is skipped.
    oversize: bool,
    /// Newlines read so far.
    newlines: u64,
}

impl CsvRows {
    pub(crate) fn new(spec: RowSpec) -> Self {
        CsvRows {
            reader: Reader::new(),
            spec,
            header: None,
            out: vec![0; 4096],
            out_len: 0,
            ends: vec![0; 64],
            ends_len: 0,
            oversize: false,
            newlines: 0,
        }
    }

    /// Reads the next bytes; `last` says there are no more (an empty `input` then).
    pub(crate) fn feed(
        &mut self,
        mut input: &[u8],
        last: bool,
        report: &mut ImportReport,
        sink: &mut dyn FnMut(TrafficRecord),
    ) -> Result<(), TrafficError> {
        loop {
            let (result, nin, nout, nend) = self.reader.read_record(
                input,
                &mut self.out[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            let (consumed, rest) = input.split_at(nin.min(input.len()));
            self.newlines += consumed.iter().filter(|&&b| b == b'\n').count() as u64;
            let ended_on_newline = consumed.last() == Some(&b'\n');
            input = rest;
            self.out_len += nout;
            self.ends_len += nend;
            match result {
                ReadRecordResult::InputEmpty if !last => return Ok(()),
                ReadRecordResult::InputEmpty | ReadRecordResult::End => return Ok(()),
                ReadRecordResult::OutputFull => {
                    if self.out.len() >= MAX_VALUE_BYTES {
                        // Keep parsing to find the row's end, over the same buffer.
                        self.oversize = true;
                        self.out_len = 0;
                    } else {
                        self.out.resize(self.out.len() * 2, 0);
                    }
                }
                ReadRecordResult::OutputEndsFull => {
                    if self.ends.len() >= MAX_CELLS {
                        self.oversize = true;
                        self.ends_len = 0;
                    } else {
                        self.ends.resize(self.ends.len() * 2, 0);
                    }
                }
                ReadRecordResult::Record => {
                    let last_line = self.newlines + u64::from(!ended_on_newline);
                    let result = self.row(last_line, report, sink);
                    self.out_len = 0;
                    self.ends_len = 0;
                    self.oversize = false;
                    result?;
                }
            }
        }
    }

    fn row(
        &mut self,
        last_line: u64,
        report: &mut ImportReport,
        sink: &mut dyn FnMut(TrafficRecord),
    ) -> Result<(), TrafficError> {
        let bytes = self.out.get(..self.out_len).unwrap_or_default();
        let inner_newlines = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
        let line = last_line.saturating_sub(inner_newlines).max(1);
        if self.oversize {
            report.bad(
                line,
                format!("a row longer than {MAX_VALUE_BYTES} bytes or {MAX_CELLS} cells"),
            );
            return Ok(());
        }
        let ends = self.ends.get(..self.ends_len).unwrap_or_default();
        let cells: Vec<&[u8]> = ends
            .iter()
            .scan(0usize, |start, &end| {
                let cell = bytes.get(*start..end).unwrap_or_default();
                *start = end;
                Some(cell)
            })
            .collect();
        let Some(header) = &self.header else {
            self.header = Some(read_header(&self.spec, &cells, report)?);
            return Ok(());
        };
        if cells.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
            return Ok(());
        }
        if cells.len() != header.len() {
            report.bad(
                line,
                format!(
                    "{} fields where the header has {}",
                    cells.len(),
                    header.len()
                ),
            );
            return Ok(());
        }
        let get = |name: &str| match header.iter().position(|h| h == name).map(|i| cells.get(i)) {
            Some(Some(cell)) => match std::str::from_utf8(cell) {
                Ok(text) => Field::from_text(Some(text)),
                Err(_) => Field::NotText,
            },
            _ => Field::Missing,
        };
        if let Some(reason) = self.spec.skip_reason(get) {
            report.skip(reason);
            return Ok(());
        }
        match self.spec.build(get) {
            Ok(r) => {
                report.used();
                sink(r);
            }
            Err(reason) => report.bad(line, reason),
        }
        Ok(())
    }
}

/// The header's column names, or the required ones it lacks; notes the unused ones.
fn read_header(
    spec: &RowSpec,
    cells: &[&[u8]],
    report: &mut ImportReport,
) -> Result<Vec<String>, TrafficError> {
    let header: Vec<String> = cells
        .iter()
        .map(|h| {
            String::from_utf8_lossy(h)
                .trim()
                .trim_start_matches('\u{feff}')
                .to_string()
        })
        .collect();
    let missing: Vec<String> = spec
        .required()
        .into_iter()
        .filter(|c| !header.iter().any(|h| h == c))
        .map(str::to_string)
        .collect();
    if !missing.is_empty() {
        return Err(TrafficError::MissingColumns {
            missing,
            found: header,
        });
    }
    for name in &header {
        if !spec.uses(name) {
            report.ignore_column(name);
        }
    }
    Ok(header)
}
