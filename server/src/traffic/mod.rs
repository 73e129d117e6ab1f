//! Traffic analysis as the server and the CLI run it: a usage log's bytes in, chunk by chunk
//! (a request body's frames, a file's buffered reads), through `traffic::Importer` into a
//! `traffic::analysis::Trace`; never the whole file in memory. The format is the one named,
//! or detected from the file's first bytes. The HTTP handler is `http::traffic`, the
//! commands `cli::traffic`.

use traffic::analysis::Trace;
use traffic::{Format, ImportReport, Importer, TrafficError};

/// How many of the file's first bytes the format is detected from (the detector reads a CSV
/// header or the first JSON object's keys; a LiteLLM row with a long prompt cell may put
/// its keys after several KiB).
pub const DETECT_BYTES: usize = 64 * 1024;

/// How many bad rows a refusal of a file with nothing usable lists (the 422's errors, the
/// CLI's lines; the report keeps more).
pub const LISTED_BAD_ROWS: usize = 20;

/// Why an analysis stopped, naming the request's field at fault.
#[derive(Debug, thiserror::Error)]
pub enum AnalyseError {
    /// A query value (`format`, `tz`, `mapping`) is unusable: the field and the reason.
    #[error("{field}: {reason}")]
    Query {
        /// `format`, `tz` or `mapping`.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// The file could not be imported (a missing column, nothing usable).
    #[error(transparent)]
    Import(TrafficError),
}

/// The format `name` names (with `mapping` for the generic ones, its times written without
/// an offset read at `offset` minutes east of UTC unless the mapping says otherwise), or the
/// one detected from `first_bytes` when no name is given.
pub fn choose_format(
    name: Option<&str>,
    mapping: Option<&str>,
    offset: i32,
    first_bytes: &[u8],
) -> Result<Format, AnalyseError> {
    let query = |(field, reason): (&'static str, String)| AnalyseError::Query { field, reason };
    match name {
        Some(name) => api::traffic::format_named(name, mapping)
            .map(|format| api::traffic::naive_times_in(format, offset))
            .map_err(query),
        None if mapping.is_some() => Err(AnalyseError::Query {
            field: "format",
            reason: "a mapping is for generic_csv or generic_jsonl: name one of them".into(),
        }),
        None => traffic::detect(first_bytes).ok_or_else(|| AnalyseError::Query {
            field: "format",
            reason: format!(
                "the format could not be told from the file's first bytes: name it ({}), \
                 or map the columns with generic_csv / generic_jsonl",
                api::traffic::FORMAT_NAMES.join(", ")
            ),
        }),
    }
}

/// An analysis in progress, fed the file's bytes in chunks of any size.
pub struct Analyser {
    /// The format's name, None to detect it.
    name: Option<String>,
    /// The column mapping's JSON, for the generic formats.
    mapping: Option<String>,
    /// The zone of a mapped log's times written without an offset, minutes east of UTC.
    offset: i32,
    /// The first bytes, held until the format is known.
    head: Vec<u8>,
    importer: Option<Importer>,
    trace: Trace,
    format: Option<Format>,
}

impl Analyser {
    /// An analysis of a file in the format `name` (with `mapping` for the generic ones), or
    /// in the one detected from its first [`DETECT_BYTES`] when `name` is None; a mapped
    /// log's times written without an offset read at `offset` minutes east of UTC unless the
    /// mapping names their zone. A named format is checked at once.
    pub fn new(
        name: Option<&str>,
        mapping: Option<&str>,
        offset: i32,
    ) -> Result<Self, AnalyseError> {
        let mut analyser = Analyser {
            name: name.map(str::to_string),
            mapping: mapping.map(str::to_string),
            offset,
            head: Vec::new(),
            importer: None,
            trace: Trace::new(),
            format: None,
        };
        if name.is_some() || mapping.is_some() {
            analyser.start(&[])?;
        }
        Ok(analyser)
    }

    fn start(&mut self, first_bytes: &[u8]) -> Result<(), AnalyseError> {
        let format = choose_format(
            self.name.as_deref(),
            self.mapping.as_deref(),
            self.offset,
            first_bytes,
        )?;
        let importer = Importer::new(&format).map_err(|e| match e {
            TrafficError::Mapping(reason) => AnalyseError::Query {
                field: "mapping",
                reason,
            },
            other => AnalyseError::Import(other),
        })?;
        self.importer = Some(importer);
        self.format = Some(format);
        Ok(())
    }

    /// Reads the next bytes of the file.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), AnalyseError> {
        if self.importer.is_none() {
            self.head.extend_from_slice(chunk);
            if self.head.len() < DETECT_BYTES {
                return Ok(());
            }
            let head = std::mem::take(&mut self.head);
            self.start(&head)?;
            return self.import(&head);
        }
        self.import(chunk)
    }

    fn import(&mut self, bytes: &[u8]) -> Result<(), AnalyseError> {
        let trace = &mut self.trace;
        match &mut self.importer {
            Some(importer) => importer
                .feed(bytes, &mut |record| trace.add(&record))
                .map_err(AnalyseError::Import),
            None => Ok(()),
        }
    }

    /// Rows read so far (0 until the format is known).
    pub fn rows_read(&self) -> u64 {
        self.importer.as_ref().map_or(0, |i| i.report().rows_read)
    }

    /// The end of the file: the account of every row and the trace.
    pub fn finish(mut self) -> Result<(Format, ImportReport, Trace), AnalyseError> {
        if self.importer.is_none() {
            let head = std::mem::take(&mut self.head);
            self.start(&head)?;
            self.import(&head)?;
        }
        let (Some(importer), Some(format)) = (self.importer.take(), self.format.take()) else {
            // `start` sets both or fails.
            return Err(AnalyseError::Query {
                field: "format",
                reason: "no format".into(),
            });
        };
        let trace = &mut self.trace;
        let report = importer
            .finish(&mut |record| trace.add(&record))
            .map_err(AnalyseError::Import)?;
        Ok((format, report, self.trace))
    }
}
