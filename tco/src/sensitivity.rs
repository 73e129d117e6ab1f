//! One-at-a-time sensitivity of the hybrid's monthly savings (docs/cost-model.md §8).

use serde::{Deserialize, Serialize};

use crate::cost::Pricing;
use crate::fields::NUMERIC_FIELDS;
use crate::quality::Choice;
use crate::scenario::Scenario;

/// How far each input is moved, as a fraction of its value.
pub const MOVE: f64 = 0.2;

/// One bar of the tornado: an input moved down and up by [`MOVE`], and the hybrid's month-1
/// savings against the API at each end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct SensitivityRow {
    /// The input's path in the scenario format (`workload.requests_per_month`); show it to
    /// a person as `vocabulary::label(field)`.
    pub field: String,
    /// The input's value in the scenario.
    pub base_value: f64,
    /// The input moved down 20 % (clamped to its domain).
    pub low_value: f64,
    /// Hybrid savings, USD a month, with the input at `low_value`.
    pub savings_at_low_usd: f64,
    /// The input moved up 20 % (clamped to its domain: a share stays <= 1).
    pub high_value: f64,
    /// Hybrid savings, USD a month, with the input at `high_value`.
    pub savings_at_high_usd: f64,
    /// |savings_at_high − savings_at_low|.
    pub swing_usd: f64,
}

/// A(R) − Hy(R, s): the hybrid's monthly savings against the API at the month-1 volume,
/// the figure the tornado moves.
pub fn hybrid_savings(s: &Scenario) -> f64 {
    savings(s, Choice::Hybrid)
}

/// A(R) − option(R): an option's month-1 savings against the API (0 for the API itself).
pub fn savings(s: &Scenario, option: Choice) -> f64 {
    let r = s.workload.requests_per_month;
    let pricing = Pricing::new(s);
    let api = pricing.api_usd(r, 1);
    match option {
        Choice::Api => 0.0,
        Choice::SelfHosted => api - pricing.slm_usd(r, 1).0,
        Choice::Hybrid => api - pricing.hybrid_usd(r, s.routing.effective_slm_share(), 1).0,
    }
}

/// Every input that moves the hybrid's month-1 savings, moved ±20 %, sorted by swing
/// (largest first).
pub fn tornado(s: &Scenario) -> Vec<SensitivityRow> {
    tornado_for(s, Choice::Hybrid)
}

/// The same for any option's savings against the API; empty for the API itself.
pub fn tornado_for(s: &Scenario, option: Choice) -> Vec<SensitivityRow> {
    if option == Choice::Api {
        return Vec::new();
    }
    let mut rows: Vec<SensitivityRow> = NUMERIC_FIELDS
        .iter()
        .filter(|f| f.in_tornado)
        .filter_map(|f| {
            let base = (f.get)(s)?;
            let at = |factor: f64| {
                let v = f.domain.clamp(base * factor);
                let mut moved = s.clone();
                (f.set)(&mut moved, v);
                (v, savings(&moved, option))
            };
            let (low_value, low) = at(1.0 - MOVE);
            let (high_value, high) = at(1.0 + MOVE);
            Some(SensitivityRow {
                field: f.path.to_string(),
                base_value: base,
                low_value,
                savings_at_low_usd: low,
                high_value,
                savings_at_high_usd: high,
                swing_usd: (high - low).abs(),
            })
        })
        .collect();
    // Stable sort: equal swings keep the table's order, so the output is deterministic.
    rows.sort_by(|a, b| b.swing_usd.total_cmp(&a.swing_usd));
    rows
}
