//! What an export is made of, for the HTTP exports (`http/exports/`) and `breakeven
//! report` alike: a scenario's input, the price table that prices it, its provenance (the
//! recorded table, the revision, the share link, the benchmarks behind a measured
//! throughput, the app version and the clock) and the download's file name. The figures
//! themselves are computed by the engine inside `report::ReportScenario::compute`, never
//! here.

use std::sync::Arc;

use api::bench::BenchResult;
use api::{BenchmarkId, ScenarioId, ScenarioInput};
use pricing::PriceTable;
use report::pdf::Paper;
use report::{BenchmarkRef, Provenance, ReportError, ReportScenario, TableRef};

use crate::clock::now_unix;
use crate::state::AppState;
use crate::store::prices::PriceError;
use crate::store::scenarios::{self, ScenarioError};
use crate::store::{benchmarks, StoreError};

/// A comparison holds at least two scenarios…
pub const COMPARE_MIN: usize = 2;
/// …and at most four (the compare page's limit).
pub const COMPARE_MAX: usize = 4;

/// What one export renders, before the engine runs (the engine runs on a blocking thread).
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The input as typed.
    pub input: ScenarioInput,
    /// The table that prices it: the revision's recorded one, or the bundled one.
    pub table: Arc<PriceTable>,
    /// Where the figures come from.
    pub provenance: Provenance,
    /// The stored revision's name ("" for an unnamed one), for the download's file name.
    pub name: String,
}

impl Prepared {
    /// Validates and plans (Monte Carlo included): CPU work, so call it off async workers.
    pub fn compute(self) -> Result<ReportScenario, ReportError> {
        ReportScenario::compute(self.input, &self.table, self.provenance)
    }
}

/// The formats an export comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// The ROI report, on A4 or Letter.
    Pdf(Paper),
    /// The workbook, its derived cells formulas over its inputs.
    Xlsx,
    /// The monthly cash flow as CSV.
    Cashflow,
    /// The routing curve (cost and quality against SLM share) as CSV.
    Routing,
    /// The self-hosted and hybrid fleets' month-1 week, hour by hour, as CSV.
    Schedule,
    /// The self-hosted and hybrid fleets' month-1 bill by part, as CSV.
    Breakdown,
}

/// The workbook's media type.
pub const XLSX_MEDIA_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The CSV exports' media type.
pub const CSV_MEDIA_TYPE: &str = "text/csv; charset=utf-8";

impl Export {
    /// The download's `Content-Type`.
    pub fn content_type(self) -> &'static str {
        match self {
            Export::Pdf(_) => "application/pdf",
            Export::Xlsx => XLSX_MEDIA_TYPE,
            Export::Cashflow | Export::Routing | Export::Schedule | Export::Breakdown => {
                CSV_MEDIA_TYPE
            }
        }
    }

    /// The file name's ending: `.pdf`, `.xlsx`, `-cashflow.csv`, `-routing.csv`,
    /// `-schedule.csv`, `-breakdown.csv`.
    pub fn suffix(self) -> &'static str {
        match self {
            Export::Pdf(_) => ".pdf",
            Export::Xlsx => ".xlsx",
            Export::Cashflow => "-cashflow.csv",
            Export::Routing => "-routing.csv",
            Export::Schedule => "-schedule.csv",
            Export::Breakdown => "-breakdown.csv",
        }
    }

    /// The export's bytes: one scenario's report, or a comparison of two to four.
    pub fn render(self, scenarios: &[ReportScenario]) -> Result<Vec<u8>, ReportError> {
        match self {
            Export::Pdf(paper) => report::pdf::render(scenarios, paper),
            Export::Xlsx => report::xlsx::render(scenarios),
            Export::Cashflow => Ok(report::csv::cashflow(scenarios).into_bytes()),
            Export::Routing => Ok(report::csv::routing(scenarios).into_bytes()),
            Export::Schedule => Ok(report::csv::schedule(scenarios).into_bytes()),
            Export::Breakdown => Ok(report::csv::breakdown(scenarios).into_bytes()),
        }
    }

    /// `breakeven-<name>-r<revision><suffix>` for one scenario;
    /// `breakeven-compare-<a>-vs-<b>…<suffix>` for a comparison. ASCII letters, digits and
    /// dashes only, so it is always a valid header value.
    pub fn file_name(self, prepared: &[Prepared]) -> String {
        let stem = match prepared {
            [one] => format!(
                "breakeven-{}-r{}",
                slug(&one.name, 60),
                one.provenance.revision.unwrap_or(1)
            ),
            many => format!(
                "breakeven-compare-{}",
                many.iter()
                    .map(|p| slug(&p.name, 24))
                    .collect::<Vec<_>>()
                    .join("-vs-")
            ),
        };
        stem + self.suffix()
    }
}

/// "a4" or "letter" (any case); anything else is None.
pub fn paper(text: &str) -> Option<Paper> {
    match text.trim().to_ascii_lowercase().as_str() {
        "a4" => Some(Paper::A4),
        "letter" => Some(Paper::Letter),
        _ => None,
    }
}

/// A name as a file-name part: lowercase ASCII letters and digits, other runs as one `-`,
/// at most `max` characters; "scenario" when nothing is left. Quotes, markup and
/// non-ASCII text never reach the `Content-Disposition` header.
pub(crate) fn slug(name: &str, max: usize) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= max {
            break;
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "scenario".to_string()
    } else {
        out
    }
}

/// The provenance line of a price-table version.
fn table_ref(id: Option<i64>, table: &PriceTable) -> TableRef {
    TableRef {
        id,
        label: table.source.label(),
        as_of: table.source.as_of.clone(),
    }
}

/// Every "benchmark #N" a throughput source names, in order, without repeats.
pub(crate) fn benchmark_ids(source: &str) -> Vec<BenchmarkId> {
    let mut ids = Vec::new();
    for (at, _) in source.match_indices("benchmark #") {
        let digits: String = source[at + "benchmark #".len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let Ok(id) = BenchmarkId::parse(&digits) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids
}

/// "smollm2-135m q8_0 on cpu (Intel Xeon …, 2 threads; synthetic weights)": the machine is
/// the result's reproducibility record (the GPU's name on CUDA); an endpoint's says its URL
/// and the GPU its operator stated.
pub(crate) fn hardware(result: &BenchResult) -> String {
    if let api::bench::Engine::Endpoint { url, api, .. } = &result.engine {
        return format!(
            "{} at endpoint {url} ({api} API) on {} ({})",
            result.model,
            result.device_name(),
            result.weights_label
        );
    }
    let repro = &result.reproducibility;
    let machine = if result.device.is_cpu() {
        format!("{}, {} threads", repro.cpu_model, repro.threads)
    } else {
        repro
            .gpu_name
            .clone()
            .unwrap_or_else(|| repro.cpu_model.clone())
    };
    format!(
        "{} {} on {} ({machine}; {})",
        result.model, result.dtype, result.device, result.weights_label
    )
}

/// The benchmarks behind a measured throughput (`slm.throughput_source` names them as
/// "benchmark #N"); none for a typed throughput. A benchmark this database does not hold
/// (the scenario came from elsewhere) is listed with that said, never dropped.
async fn benchmark_refs(
    pool: &crate::store::Db,
    input: &ScenarioInput,
) -> Result<Vec<BenchmarkRef>, StoreError> {
    let Some(slm) = input.slm.as_ref() else {
        return Ok(Vec::new());
    };
    // The throughput section names its benchmark; v1's words may name one or several.
    let (ids, label) = match (&slm.throughput, slm.throughput_source.as_deref()) {
        (Some(section), _) => {
            let id = section
                .benchmark
                .filter(|id| id.fract() == 0.0 && *id >= 1.0 && *id < 9.0e15)
                .map(|id| BenchmarkId(id as i64));
            let label = match section.basis {
                Some(tco::input::ThroughputKind::Projected) => "projected",
                _ => "measured",
            };
            (id.into_iter().collect(), label)
        }
        (None, Some(source)) => {
            let label = if source.contains("projected") {
                "projected"
            } else {
                "measured"
            };
            (benchmark_ids(source), label)
        }
        (None, None) => return Ok(Vec::new()),
    };
    let mut refs = Vec::new();
    for id in ids {
        let job = benchmarks::get(pool, id).await?;
        let hardware = match job.as_ref().and_then(|j| j.result.as_ref()) {
            Some(result) => hardware(result),
            None => "not in this server's benchmark results".to_string(),
        };
        refs.push(BenchmarkRef {
            id: id.0,
            hardware,
            label: label.to_string(),
        });
    }
    Ok(refs)
}

/// Why a saved scenario could not be prepared for export.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// No such scenario or revision (or the database failed reading it).
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// The revision's recorded price table could not be read.
    #[error(transparent)]
    Prices(#[from] PriceError),
    /// The benchmarks behind its throughput could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A saved scenario's revision (the newest when None), priced with its recorded table.
/// `public_base` is the scheme and host the share link is written with
/// ("https://breakeven.example"); None leaves the link as the path `/s/<id>`.
pub async fn saved(
    state: &AppState,
    id: &ScenarioId,
    revision: Option<i64>,
    public_base: Option<&str>,
) -> Result<Prepared, LoadError> {
    let (_, revision) = scenarios::load(&state.db, id, revision).await?;
    let (table_id, table) = state.price_table(Some(revision.price_table_id)).await?;
    let benchmarks = benchmark_refs(&state.db, &revision.input).await?;
    let base = public_base.unwrap_or("").trim_end_matches('/');
    let provenance = Provenance {
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        price_table: table_ref(Some(table_id), &table),
        scenario_id: Some(id.to_string()),
        revision: Some(revision.number),
        share_link: Some(format!("{base}{}", id.share_path())),
        generated_unix: now_unix(),
        benchmarks,
    };
    Ok(Prepared {
        input: revision.input,
        table,
        provenance,
        name: revision.name,
    })
}

/// A scenario file's input, priced with `table` (the bundled one for `breakeven report`):
/// no id, revision or share link.
pub fn unsaved(input: ScenarioInput, table: Arc<PriceTable>, table_id: Option<i64>) -> Prepared {
    let provenance = Provenance {
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        price_table: table_ref(table_id, &table),
        scenario_id: None,
        revision: None,
        share_link: None,
        generated_unix: now_unix(),
        benchmarks: Vec::new(),
    };
    Prepared {
        name: input.name.clone().unwrap_or_default(),
        input,
        table,
        provenance,
    }
}
