//! `breakeven traffic import FILE` and `breakeven traffic replay FILE SCENARIO`: a usage log
//! read from disk in buffered reads through the server's own `crate::traffic::Analyser`
//! (memory holds a buffer and the trace's hourly totals, never the file), its report and
//! workload printed, or the exact traffic replayed on a scenario. Progress (bytes read of the
//! size, rows read and rows a second) goes to stderr when it is a terminal or with
//! `--progress`. Input problems (a bad `--tz`, an unknown format, a file with nothing
//! usable, an invalid scenario or a log it cannot be replayed on) exit with status 2 and one
//! line per problem naming the option, the file or the line.

mod table;

use std::cell::Cell;
use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::rc::Rc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, Subcommand};
use traffic::analysis::{Trace, TraceWorkload};
use traffic::{Format, ImportReport, TrafficError};

use super::io::scenario_format;
use crate::traffic::{AnalyseError, Analyser, DETECT_BYTES, LISTED_BAD_ROWS};

/// `breakeven traffic …`.
#[derive(Debug, Subcommand)]
pub enum TrafficCommand {
    /// Read a usage log: every row accounted for (bad rows by line and reason), and the
    /// workload it shows (volume, tokens, shares, weekly shape, growth, model mix).
    Import(ImportArgs),
    /// Replay a usage log's exact traffic on a scenario: each option priced hour by hour
    /// over the real period, against the plan from its averages.
    Replay(ReplayArgs),
}

/// The log and how to read it (both subcommands).
#[derive(Debug, Args)]
pub struct LogArgs {
    /// The usage log: a LiteLLM spend-log or daily-spend export (CSV or JSON), OpenAI usage
    /// pages, or any CSV/JSONL with --mapping.
    pub file: PathBuf,
    /// litellm_spend_logs_csv, litellm_spend_logs_json, litellm_daily_spend_csv,
    /// litellm_daily_spend_json, openai_usage_completions, generic_csv or generic_jsonl;
    /// detected from the file's first 64 KiB when absent.
    #[arg(long)]
    pub format: Option<String>,
    /// The fixed offset the weekly shape and the daily totals are read in: ±HH:MM (e.g.
    /// +02:00), or Z; also the zone of a mapped log's times written without an offset,
    /// unless the mapping sets naive_offset_minutes.
    #[arg(long, default_value = "Z", allow_hyphen_values = true)]
    pub tz: String,
    /// For generic_csv and generic_jsonl: a JSON file naming the columns (docs/traffic.md).
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// Show progress on stderr even when it is not a terminal.
    #[arg(long)]
    pub progress: bool,
}

/// `breakeven traffic import FILE`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The log.
    #[command(flatten)]
    pub log: LogArgs,
    /// Also write the workload as `{"workload": {…}}`: the planner's workload section, to
    /// merge into a scenario file with `jq -s '.[0] * .[1]'` (docs/traffic.md, "Using it").
    /// The fields the trace owns and cannot fill (no weekly shape from under a week, no
    /// growth from under eight weeks) are null, so the merge clears the scenario's.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print the report and the workload as JSON (the API's answer, `replay` null) instead
    /// of tables.
    #[arg(long)]
    pub json: bool,
}

/// `breakeven traffic replay FILE SCENARIO`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The log.
    #[command(flatten)]
    pub log: LogArgs,
    /// The scenario to replay on: a JSON or TOML file (by extension); its workload is
    /// replaced by the trace's, the rest kept. Priced with the bundled table.
    pub scenario: PathBuf,
    /// Print the replay as JSON (what the API answers) instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// Runs a `traffic` subcommand.
pub fn run(command: TrafficCommand) -> anyhow::Result<ExitCode> {
    match command {
        TrafficCommand::Import(args) => import(args),
        TrafficCommand::Replay(args) => replay(args),
    }
}

/// A log read: its format, the account of its rows, the trace and the workload.
pub struct Analysed {
    /// The format read.
    pub format: Format,
    /// Every row accounted for.
    pub report: ImportReport,
    /// The hourly totals.
    pub trace: Trace,
    /// The workload it shows.
    pub workload: TraceWorkload,
}

/// Problems with the command's input, one line each (exit 2).
pub struct Refused(pub Vec<String>);

fn refused(lines: Vec<String>) -> anyhow::Result<ExitCode> {
    for line in lines {
        eprintln!("{line}");
    }
    Ok(ExitCode::from(2))
}

fn import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let analysed = match analyse(&args.log)? {
        Ok(a) => a,
        Err(Refused(lines)) => return refused(lines),
    };
    if let Some(out) = &args.out {
        let workload = serde_json::json!({ "workload": out_workload(&analysed.workload)? });
        let text = serde_json::to_string_pretty(&workload)?;
        std::fs::write(out, text + "\n")
            .with_context(|| format!("cannot write {}", out.display()))?;
    }
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let reply = api::traffic::AnalyseReply {
            report: analysed.report,
            workload: analysed.workload,
            replay: None,
        };
        writeln!(stdout, "{}", serde_json::to_string_pretty(&reply)?)?;
    } else {
        write!(stdout, "{}", table::report(&args.log.file, &analysed))?;
        write!(stdout, "\n{}", table::workload(&analysed.workload))?;
        if let Some(out) = &args.out {
            writeln!(stdout, "\nWorkload written to {}", out.display())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The fields of the workload `--out` writes even when null: the ones the trace owns. A
/// null there clears, in a merge, what the scenario held (a peak-to-average ratio the load
/// shape replaces, a shape or a growth rate the trace could not give); every other null
/// field (the latency SLO, say) is left out, so the scenario's stays.
const TRACE_OWNED: [&str; 4] = [
    "peak_to_average",
    "weekly_shape",
    "load_shape",
    "monthly_growth",
];

/// The workload `--out` writes: the trace's `workload_input`, without the null fields the
/// trace does not own.
fn out_workload(w: &TraceWorkload) -> anyhow::Result<serde_json::Value> {
    let mut workload = serde_json::to_value(w.workload_input())?;
    if let Some(fields) = workload.as_object_mut() {
        fields.retain(|k, v| !v.is_null() || TRACE_OWNED.contains(&k.as_str()));
        for key in TRACE_OWNED {
            fields.entry(key).or_insert(serde_json::Value::Null);
        }
    }
    Ok(workload)
}

fn replay(args: ReplayArgs) -> anyhow::Result<ExitCode> {
    // The scenario first: a mistake in it is named before a large log is read.
    let text = std::fs::read_to_string(&args.scenario)
        .with_context(|| format!("cannot read {}", args.scenario.display()))?;
    let input = match scenario_format(&args.scenario) {
        tco::Format::Json => tco::from_json(&text),
        tco::Format::Toml => tco::from_toml(&text),
    };
    let input = match input {
        Ok(input) => input,
        Err(e) => return refused(vec![format!("{}: {e}", args.scenario.display())]),
    };
    let analysed = match analyse(&args.log)? {
        Ok(a) => a,
        Err(Refused(lines)) => return refused(lines),
    };
    let table = pricing::bundled_table();
    let replay = match traffic::replay::replay(&analysed.trace, &analysed.workload, &input, table) {
        Ok(r) => r,
        Err(traffic::replay::ReplayError::Scenario(errors)) => {
            return refused(
                errors
                    .into_iter()
                    .map(|e| format!("{}: {e}", args.scenario.display()))
                    .collect(),
            )
        }
        Err(e) => return refused(vec![format!("{}: {e}", args.log.file.display())]),
    };
    let mut stdout = std::io::stdout().lock();
    if args.json {
        writeln!(stdout, "{}", serde_json::to_string_pretty(&replay)?)?;
    } else {
        write!(stdout, "{}", table::report(&args.log.file, &analysed))?;
        write!(stdout, "\n{}", table::replay(&replay))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads the log named by `args` into its trace and workload. The outer error is the
/// machine's (the file cannot be opened or read); the inner one the input's (exit 2).
pub fn analyse(args: &LogArgs) -> anyhow::Result<Result<Analysed, Refused>> {
    let offset = match api::traffic::parse_offset(&args.tz) {
        Ok(offset) => offset,
        Err(reason) => return Ok(Err(Refused(vec![format!("--tz: {reason}")]))),
    };
    let mapping = match &args.mapping {
        None => None,
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the mapping {}", path.display()))?,
        ),
    };
    let file =
        File::open(&args.file).with_context(|| format!("cannot open {}", args.file.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let rows = Rc::new(Cell::new(0u64));
    let show = args.progress || std::io::stderr().is_terminal();
    let progress = Progress::new(file, size, rows.clone(), show);
    let mut reader = BufReader::with_capacity(DETECT_BYTES, progress);
    let file_name = args.file.display();
    let refused = |e: AnalyseError| match e {
        AnalyseError::Query { field, reason } => Refused(vec![format!("--{field}: {reason}")]),
        AnalyseError::Import(TrafficError::NothingUsable { report }) => {
            let bad_rows = report.bad_rows.clone();
            let e = TrafficError::NothingUsable { report };
            let mut lines = vec![format!("{file_name}: {e}")];
            lines.extend(
                bad_rows
                    .iter()
                    .take(LISTED_BAD_ROWS)
                    .map(|row| format!("line {}: {}", row.line, row.reason)),
            );
            Refused(lines)
        }
        AnalyseError::Import(e) => Refused(vec![format!("{file_name}: {e}")]),
    };
    // The server's analysis, fed the file's buffered reads: the format named or detected
    // from the first 64 KiB, each read imported into the trace.
    let mut analyser = match Analyser::new(args.format.as_deref(), mapping.as_deref(), offset) {
        Ok(analyser) => analyser,
        Err(e) => return Ok(Err(refused(e))),
    };
    loop {
        let chunk = reader
            .fill_buf()
            .with_context(|| format!("cannot read {file_name}"))?;
        if chunk.is_empty() {
            break;
        }
        let n = chunk.len();
        let fed = analyser.feed(chunk);
        reader.consume(n);
        rows.set(analyser.rows_read());
        if let Err(e) = fed {
            if show {
                eprintln!();
            }
            return Ok(Err(refused(e)));
        }
    }
    let finished = analyser.finish();
    if show {
        // The last rows, read at the end of the file.
        if let Ok((_, report, _)) = &finished {
            rows.set(report.rows_read);
        }
        reader.get_mut().draw();
        eprintln!();
    }
    let (format, report, trace) = match finished {
        Ok(finished) => finished,
        Err(e) => return Ok(Err(refused(e))),
    };
    let name = args.file.file_name().map_or_else(
        || args.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let workload = traffic::analysis::workload(&trace, &name, offset);
    Ok(Ok(Analysed {
        format,
        report,
        trace,
        workload,
    }))
}

/// A reader that counts the bytes read and, when shown, redraws one line on stderr at most
/// five times a second: bytes read of the size, rows read and rows a second.
struct Progress<R> {
    inner: R,
    size: u64,
    read: u64,
    rows: Rc<Cell<u64>>,
    show: bool,
    started: Instant,
    drawn: Instant,
}

impl<R> Progress<R> {
    fn new(inner: R, size: u64, rows: Rc<Cell<u64>>, show: bool) -> Self {
        let now = Instant::now();
        Progress {
            inner,
            size,
            read: 0,
            rows,
            show,
            started: now,
            drawn: now,
        }
    }

    fn draw(&mut self) {
        let elapsed = self.started.elapsed().as_secs_f64().max(1e-3);
        let rows = self.rows.get() as f64;
        let share = match self.size {
            0 => String::new(),
            size => format!(" ({:.0} %)", self.read as f64 / size as f64 * 100.0),
        };
        eprint!(
            "\rread {} of {}{share}, {} rows, {} rows/s   ",
            tco::format::bytes(self.read as f64),
            tco::format::bytes(self.size as f64),
            tco::format::count(rows),
            tco::format::count(rows / elapsed),
        );
        self.drawn = Instant::now();
    }
}

impl<R: Read> Read for Progress<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.show && (n == 0 || self.drawn.elapsed() >= Duration::from_millis(200)) {
            self.draw();
        }
        Ok(n)
    }
}
