//! `breakeven report`: an export written to a file, for scripts. A scenario file is priced
//! with the bundled table (as `breakeven plan` prices it); `--db FILE --id ID` exports a
//! saved scenario exactly as the HTTP export does (`exports::saved`). The file is written
//! to a temporary file beside the target and renamed over it, so a failure never leaves
//! half a report where the old one (or nothing) was.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use api::ScenarioId;
use clap::{Args, ValueEnum};
use report::pdf::Paper;

use super::io::{read_input, runtime, scenario_format};
use crate::exports::{self, Export, LoadError, Prepared};
use crate::state::AppState;
use crate::store;
use crate::store::scenarios::ScenarioError;

/// `breakeven report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A scenario file: JSON or TOML (by extension); `-` reads JSON from stdin. Priced with
    /// the bundled price table. Leave it out with --db and --id.
    #[arg(required_unless_present = "id", conflicts_with = "id")]
    pub file: Option<PathBuf>,
    /// The export's format.
    #[arg(long, value_enum)]
    pub format: ReportFormat,
    /// Which CSV: the monthly cash flow, the routing curve, the fleets' week hour by hour
    /// or their bill by part.
    #[arg(long, value_enum, default_value_t = CsvKind::Cashflow)]
    pub csv: CsvKind,
    /// The PDF's paper size.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    pub paper: PaperArg,
    /// Where to write the export; `-` writes it to stdout.
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
    /// The database of a saved scenario (with --id).
    #[arg(long, requires = "id")]
    pub db: Option<PathBuf>,
    /// A saved scenario's id (32 hex digits, the end of its share link).
    #[arg(long, requires = "db")]
    pub id: Option<String>,
    /// The saved scenario's revision; the newest when absent.
    #[arg(long, requires = "id")]
    pub revision: Option<i64>,
    /// The server's public address, for the share link in the provenance
    /// (default: the link is written as the path /s/<id>).
    #[arg(long, requires = "id")]
    pub public_url: Option<String>,
}

/// The export's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// The ROI report.
    Pdf,
    /// The workbook.
    Xlsx,
    /// One CSV (see --csv).
    Csv,
}

/// Which CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvKind {
    /// The monthly cash flow.
    Cashflow,
    /// The routing curve.
    Routing,
    /// The self-hosted and hybrid fleets' week, hour by hour.
    Schedule,
    /// The self-hosted and hybrid fleets' monthly bill by part.
    Breakdown,
}

/// The PDF's paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// 210 × 297 mm.
    A4,
    /// 8.5 × 11 in.
    Letter,
}

impl ReportArgs {
    /// The export these options ask for.
    pub fn export(&self) -> Export {
        match (self.format, self.csv) {
            (ReportFormat::Pdf, _) => Export::Pdf(match self.paper {
                PaperArg::A4 => Paper::A4,
                PaperArg::Letter => Paper::Letter,
            }),
            (ReportFormat::Xlsx, _) => Export::Xlsx,
            (ReportFormat::Csv, CsvKind::Cashflow) => Export::Cashflow,
            (ReportFormat::Csv, CsvKind::Routing) => Export::Routing,
            (ReportFormat::Csv, CsvKind::Schedule) => Export::Schedule,
            (ReportFormat::Csv, CsvKind::Breakdown) => Export::Breakdown,
        }
    }
}

/// Exit status 2 with one line per problem for an invalid scenario (as `plan`), or an
/// unknown id or revision; 0 once the file is in place.
pub fn run(args: ReportArgs) -> anyhow::Result<ExitCode> {
    let prepared = match (&args.file, &args.db, &args.id) {
        (_, Some(db), Some(id)) => {
            match saved(db, id, args.revision, args.public_url.as_deref())? {
                Ok(p) => p,
                Err(lines) => return Ok(refuse(&lines)),
            }
        }
        (Some(file), _, _) => match from_file(file)? {
            Ok(p) => p,
            Err(lines) => return Ok(refuse(&lines)),
        },
        _ => anyhow::bail!("give a scenario file, or --db FILE and --id ID"),
    };
    let scenario = match prepared.compute() {
        Ok(s) => s,
        Err(report::ReportError::Invalid(errors)) => {
            return Ok(refuse(
                &errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ))
        }
        Err(e) => return Err(e.into()),
    };
    let bytes = args.export().render(std::slice::from_ref(&scenario))?;
    write_atomically(&args.output, &bytes)?;
    Ok(ExitCode::SUCCESS)
}

fn refuse(lines: &[String]) -> ExitCode {
    for line in lines {
        eprintln!("{line}");
    }
    ExitCode::from(2)
}

/// A scenario file's input (parse errors as lines), priced with the bundled table.
fn from_file(file: &Path) -> anyhow::Result<Result<Prepared, Vec<String>>> {
    let text = read_input(file)?;
    let input = match scenario_format(file) {
        tco::Format::Toml => tco::from_toml(&text),
        tco::Format::Json => tco::from_json(&text),
    };
    Ok(match input {
        Ok(input) => Ok(exports::unsaved(
            input,
            Arc::new(pricing::bundled_table().clone()),
            None,
        )),
        Err(e) => Err(vec![e.to_string()]),
    })
}

/// A saved scenario from the database, as the server would export it; an unknown id or
/// revision is a line naming the option.
fn saved(
    db: &Path,
    id: &str,
    revision: Option<i64>,
    public_url: Option<&str>,
) -> anyhow::Result<Result<Prepared, Vec<String>>> {
    let no_such_scenario = || Ok(Err(vec![format!("--id: {}", ScenarioError::NotFound)]));
    let Ok(id) = ScenarioId::parse(id) else {
        return no_such_scenario();
    };
    runtime()?.block_on(async {
        if !db.is_file() {
            anyhow::bail!("no database at {}", db.display());
        }
        let state = AppState::new(store::open(db).await?);
        match exports::saved(&state, &id, revision, public_url).await {
            Ok(p) => Ok(Ok(p)),
            Err(LoadError::Scenario(ScenarioError::NotFound)) => no_such_scenario(),
            Err(LoadError::Scenario(e @ ScenarioError::NoSuchRevision)) => {
                Ok(Err(vec![format!("--revision: {e}")]))
            }
            Err(e) => Err(e.into()),
        }
    })
}

/// Writes `bytes` to a temporary file in `path`'s directory and renames it over `path`
/// (`-`: stdout). The rename is atomic on one filesystem: readers see the old file or the
/// whole new one.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)?;
        return Ok(out.flush()?);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".breakeven-report-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    temp.write_all(bytes)
        .and_then(|_| temp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    temp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
