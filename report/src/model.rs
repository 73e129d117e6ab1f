//! What an export is made from: the engine's figures for a scenario and where they came from.

use serde::{Deserialize, Serialize};

/// One scenario as exported: what was typed, its validated form, the engine's result for
/// it, and its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportScenario {
    /// The scenario as typed: the exports say which inputs were typed and which are defaults.
    pub input: tco::ScenarioInput,
    /// `input` validated against the price table: defaults filled, prices resolved.
    pub scenario: tco::Scenario,
    /// The engine's plan of `scenario`; every figure an export shows is one of these.
    pub result: tco::PlanResult,
    /// Where the figures came from.
    pub provenance: Provenance,
}

impl ReportScenario {
    /// Validates `input` against `table` and computes the plan: the same two calls the
    /// planner, the API and the CLI make.
    pub fn compute(
        input: tco::ScenarioInput,
        table: &pricing::PriceTable,
        provenance: Provenance,
    ) -> Result<Self, ReportError> {
        let scenario = tco::validate(&input, table).map_err(ReportError::Invalid)?;
        let result = tco::plan(&scenario);
        Ok(Self {
            input,
            scenario,
            result,
            provenance,
        })
    }
}

/// Where an export's numbers came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// Breakeven's version (`CARGO_PKG_VERSION` of the binary that wrote the export).
    pub app_version: String,
    /// The price-table version that priced the figures.
    pub price_table: TableRef,
    /// The saved scenario's id; None for a scenario file or an unsaved state.
    pub scenario_id: Option<String>,
    /// The revision of the saved scenario exported (revisions count from 1).
    pub revision: Option<i64>,
    /// The absolute share link (`https://host/s/<id>`), when the scenario is saved.
    pub share_link: Option<String>,
    /// Seconds since the Unix epoch when the export was generated (the caller's clock).
    pub generated_unix: i64,
    /// The stored benchmark results the self-hosted throughput was measured by.
    pub benchmarks: Vec<BenchmarkRef>,
}

/// A price-table version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRef {
    /// The stored version's id; None for the bundled table outside a database.
    pub id: Option<i64>,
    /// "name version (as_of, sha256 …)", as `pricing::TableSource::label` writes it.
    pub label: String,
    /// The date the table's prices were read, as the table states it (`2025-11-01`).
    pub as_of: String,
}

/// A benchmark result behind a measured throughput.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchmarkRef {
    /// The benchmark's id in the server's `benchmarks` table ("benchmark #12").
    pub id: i64,
    /// The model, dtype, device and hardware: "smollm2-135m q4_0 on cpu (Intel Xeon …, 2 threads)".
    pub hardware: String,
    /// "measured" for a benchmark run; "projected" for a figure projected from one.
    pub label: String,
}

/// Why an export was not written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The scenario failed validation (the engine's messages, each naming its field).
    #[error("invalid scenario: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<tco::FieldError>),
    /// A comparison needs two to four scenarios; a report one.
    #[error("scenarios: {0}")]
    Count(String),
    /// The PDF or workbook writer failed (its message; never user data).
    #[error("writing the {format} failed: {message}")]
    Write {
        /// "PDF" or "workbook".
        format: &'static str,
        /// The writer's own message.
        message: String,
    },
}
