//! CSV files: the header, then one record per row; each row is dropped once read.

use std::io::BufRead;

use crate::error::TrafficError;
use crate::record::TrafficRecord;
use crate::report::ImportReport;
use crate::row::{Field, RowSpec};

/// Reads every row of a CSV file through `spec`, handing each record to `sink`.
pub(crate) fn read_csv(
    input: impl BufRead,
    spec: &RowSpec,
    sink: &mut dyn FnMut(TrafficRecord),
) -> Result<ImportReport, TrafficError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(input);
    let header: Vec<String> = reader
        .byte_headers()
        .map_err(|e| read_error(0, &e))?
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
    let mut report = ImportReport::default();
    for name in &header {
        if !spec.uses(name) {
            report.ignore_column(name);
        }
    }
    let mut record = csv::ByteRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(read_error(line, &e)),
        }
        let line = record.position().map_or(line, csv::Position::line);
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        if record.len() != header.len() {
            report.bad(
                line,
                format!(
                    "{} fields where the header has {}",
                    record.len(),
                    header.len()
                ),
            );
            continue;
        }
        let get = |name: &str| {
            let cell = header
                .iter()
                .position(|h| h == name)
                .and_then(|i| record.get(i))
                .map(std::str::from_utf8);
            match cell {
                Some(Ok(text)) => Field::from_text(Some(text)),
                Some(Err(_)) => Field::NotText,
                None => Field::Missing,
            }
        };
        match spec.build(get) {
            Ok(r) => {
                report.used();
                sink(r);
            }
            Err(reason) => report.bad(line, reason),
        }
    }
    Ok(report)
}

fn read_error(line: u64, e: &csv::Error) -> TrafficError {
    TrafficError::Read {
        line,
        message: e.to_string(),
    }
}
