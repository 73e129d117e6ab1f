//! Which options meet the quality floor, and which is recommended (docs/cost-model.md §4).

use serde::{Deserialize, Serialize};

use crate::cost::hybrid_quality_for_floor;
use crate::scenario::Scenario;

/// The three options, in the order ties are broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// Every request on the LLM API.
    Api,
    /// Every request on the SLM (self-hosted fleet or hosted SLM).
    SelfHosted,
    /// The SLM and the LLM at the scenario's share.
    Hybrid,
}

/// Quality q meets the floor (within 1e-12); every option meets an absent floor.
fn meets(floor: Option<f64>, q: Option<f64>) -> bool {
    match (floor, q) {
        (None, _) => true,
        (Some(min), Some(q)) => q >= min - 1e-12,
        (Some(_), None) => false,
    }
}

/// [api, self-hosted, hybrid] meet `routing.min_quality`: the API with `llm_quality`, the
/// SLM alone with `slm_quality`, the hybrid with its quality at the scenario's share.
///
/// With a measured cascade curve (`routing.measured`) every option is judged on the curve's
/// one-sided lower 95 % bound, never its point estimate: the SLM alone is the cascade that
/// escalates nothing (e = 0), the API the one that escalates everything (e = 1, every
/// answer the LLM's), the hybrid the cascade at the scenario's e (docs/cost-model.md §4).
pub fn feasible(s: &Scenario) -> [bool; 3] {
    let floor = s.routing.min_quality;
    let hybrid = hybrid_quality_for_floor(s, s.routing.effective_slm_share());
    match &s.routing.measured {
        Some(m) => [
            meets(floor, Some(m.at(1.0).quality_lower_95)),
            meets(floor, Some(m.at(0.0).quality_lower_95)),
            meets(floor, hybrid),
        ],
        None => [
            meets(floor, s.routing.llm_quality),
            meets(floor, s.routing.slm_quality),
            meets(floor, hybrid),
        ],
    }
}

/// The cheapest option that meets the floor, given month-1 costs [api, self-hosted,
/// hybrid]; ties (within 1e-12 relative) go to the API, then self-hosted, then the hybrid.
/// None when no option meets the floor.
pub fn recommended(costs: [f64; 3], feasible: [bool; 3]) -> Option<Choice> {
    let choices = [Choice::Api, Choice::SelfHosted, Choice::Hybrid];
    let mut best: Option<(Choice, f64)> = None;
    for i in 0..3 {
        if !feasible[i] {
            continue;
        }
        match best {
            Some((_, cost)) if costs[i] >= cost - 1e-12 * cost.abs() => {}
            _ => best = Some((choices[i], costs[i])),
        }
    }
    best.map(|(choice, _)| choice)
}
