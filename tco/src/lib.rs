//! Breakeven's cost engine: what a workload costs on an LLM API, on a self-hosted SLM
//! fleet, and on a hybrid of both; the break-even volume; ROI; Monte Carlo; sensitivity.
//!
//! Invariants: `tco` does no I/O, never panics on user input (every input passes
//! `validate` first), and compiles for `wasm32-unknown-unknown`, so the browser and the
//! server compute the same numbers from the same code. Money is USD in `f64`, never
//! rounded here. The formulas are written out in `docs/cost-model.md`.

pub mod break_even;
pub mod compare;
pub mod cost;
pub mod curves;
pub mod fields;
pub mod fleet;
pub mod format;
mod gpu_price;
pub mod input;
pub mod measured;
pub mod placements;
mod plan;
pub mod quality;
pub mod roi;
pub mod scenario;
pub mod sensitivity;
pub mod share;
pub mod throughput;
mod throughput_source;
pub mod uncertainty;
mod validate;
pub mod vocabulary;
pub mod week;

use serde::{Deserialize, Serialize};

pub use input::{from_json, from_toml, ScenarioInput};
pub use plan::*;
pub use scenario::Scenario;
pub use validate::{
    validate, DEFAULT_DRAWS, DEFAULT_SEED, MAX_DRAWS, MAX_HORIZON_MONTHS, NUL_REASON,
};

/// One problem with a scenario: the field's path (`workload.requests_per_month`; empty
/// for the document as a whole) and the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[error("{}: {message}", if field.is_empty() { "scenario" } else { field.as_str() })]
pub struct FieldError {
    /// The field's path in the scenario format (`slm.owned.pue`, `workload.load_shape[3]`,
    /// `uncertainty.inputs.<path>`); empty when the problem is with the document as a whole
    /// (not JSON, trailing text). `vocabulary::label` turns it into words.
    pub field: String,
    /// What is wrong, as a phrase that follows the field's name: "must be between 0 and 1
    /// (got 1.5)", "is required".
    pub message: String,
}

impl FieldError {
    /// A problem with the field at `field` (a scenario path, or empty for the whole
    /// document).
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The input format of a scenario document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON, as the API and share links carry it.
    Json,
    /// TOML with the same keys and nesting, for hand-written scenario files.
    Toml,
}

/// Parses, validates and resolves a scenario document in one step.
pub fn parse_scenario(
    text: &str,
    format: Format,
    table: &pricing::PriceTable,
) -> Result<Scenario, Vec<FieldError>> {
    let input = match format {
        Format::Json => from_json(text),
        Format::Toml => from_toml(text),
    }
    .map_err(|e| vec![e])?;
    validate(&input, table)
}
