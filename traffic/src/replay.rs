//! Replay (issue 17, item 3): the exact trace priced on every option, hour by hour.
//!
//! DESIGN SKELETON — owned by the replay helper; signatures agreed with the server and app
//! helpers. Replace the bodies, keep the names (or tell the lead).

use serde::{Deserialize, Serialize};

use crate::analysis::Trace;

/// The replay of a trace on a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Replay {
    /// Hours replayed (the trace's span).
    pub hours: f64,
    /// hours / 730.
    pub months: f64,
    // the replay helper adds: own-price check (per model, recorded spend, agreement %),
    // per option totals over the period and per month, the hour-by-hour fleet, the
    // averaged plan and the difference, warnings …
}

/// Why a replay cannot run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReplayError {
    /// The scenario with the trace's workload is not valid (every problem, by field).
    #[error("the scenario is not valid with the trace's workload: {}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Scenario(Vec<tco::FieldError>),
    /// The trace is empty.
    #[error("the trace holds no traffic")]
    Empty,
}

/// Replays `trace` on `scenario` (its workload replaced by the trace's), prices from `table`.
pub fn replay(
    trace: &Trace,
    workload: &crate::analysis::TraceWorkload,
    scenario: &tco::input::ScenarioInput,
    table: &pricing::PriceTable,
) -> Result<Replay, ReplayError> {
    let _ = (trace, workload, scenario, table);
    unimplemented!("replay helper")
}
