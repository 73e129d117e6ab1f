//! Breakeven's cost engine: what a workload costs on an LLM API, on a self-hosted SLM
//! fleet, and on a hybrid of both; the break-even volume; ROI; Monte Carlo; sensitivity.
//!
//! Invariants: `tco` does no I/O, never panics on user input (every input passes
//! `validate` first), and compiles for `wasm32-unknown-unknown`, so the browser and the
//! server compute the same numbers from the same code. Money is USD in `f64`, never
//! rounded here. The formulas are written out in `docs/cost-model.md`.

pub mod cost;
pub mod curves;
pub mod fields;
pub mod format;
mod gpu_price;
pub mod input;
mod plan;
pub mod roi;
pub mod scenario;
pub mod sensitivity;
pub mod share;
pub mod uncertainty;
pub mod vocabulary;
mod validate;

use serde::{Deserialize, Serialize};

pub use input::{from_json, from_toml, ScenarioInput};
pub use plan::*;
pub use scenario::Scenario;
pub use validate::{validate, DEFAULT_DRAWS, DEFAULT_SEED, MAX_DRAWS, MAX_HORIZON_MONTHS};

/// One problem with a scenario: the field's path (`workload.requests_per_month`; empty
/// for the document as a whole) and the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[error("{}: {message}", if field.is_empty() { "scenario" } else { field.as_str() })]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
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
    Json,
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
