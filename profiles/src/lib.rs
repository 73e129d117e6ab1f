//! Workload profiles: the traffic a team sends to a language model.
//!
//! Invariants: no I/O, no panics, compiles for `wasm32-unknown-unknown`.
//! Validation of scenario input lives in `tco`, which knows the field paths of a scenario;
//! `Workload` and the presets here are already-valid values. User-saved profiles
//! (`SavedProfile`) carry their own `validate`, with the same ranges as `tco`.
//!
//! The preset catalog (`presets`, `preset`) cites the seed articles in `shared/seeds/` for
//! its figures and lists every other number as an assumption.

mod catalog;
mod presets;
mod saved;
mod shape;

pub use presets::{preset, presets, LatencySlo, Preset, SuggestedRouting, Text, CASCADE, ROUTER};
pub use saved::{FieldProblem, SavedProfile, MAX_NAME_CHARS};
pub use shape::{normalise, peak_to_average, weekly_peak_factor, DAYS, HOURS};

use serde::{Deserialize, Serialize};

/// A month of traffic. All values are finite and within the ranges `tco` validates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Workload {
    /// Requests sent in the first month (≥ 0); later months compound `monthly_growth`.
    pub requests_per_month: f64,
    /// Mean input (prompt) tokens per request, system prompt and retrieved context included.
    pub input_tokens: f64,
    /// Mean output (generated) tokens per request.
    pub output_tokens: f64,
    /// Share of input tokens served from the provider's prompt cache, 0..1.
    pub cached_input_share: f64,
    /// Peak request rate over the monthly average rate, >= 1. Sizes a self-hosted fleet.
    pub peak_to_average: f64,
    /// Compounded monthly growth of `requests_per_month` (0.05 = +5 % a month), > -1.
    pub monthly_growth: f64,
    /// Share of requests that need no interactive answer (billed at batch prices, served
    /// evenly over the week), 0..1.
    #[serde(default)]
    pub batch_share: f64,
    /// Share of input tokens written to the provider's prompt cache, 0..1; with
    /// `cached_input_share` at most 1.
    #[serde(default)]
    pub cache_write_share: f64,
}

impl Workload {
    /// Input plus output tokens of one request.
    pub fn tokens_per_request(&self) -> f64 {
        self.input_tokens + self.output_tokens
    }
}

/// The preset the app opens with: customer support (seed 003: "one million conversations
/// a month at 700 tokens per conversation"; peak-to-average 3 from its load shape).
pub fn default_preset() -> &'static Preset {
    // A constant index into a fixed-size array: checked when compiled, cannot panic.
    &catalog::PRESETS[0]
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_is_the_customer_support_preset() {
        let p = super::default_preset();
        assert_eq!(p.workload.requests_per_month, 1_000_000.0);
        assert_eq!(p.workload.tokens_per_request(), 700.0);
        assert_eq!(p.workload.peak_to_average, 3.0);
        assert_eq!(Some(p), super::preset("customer-support"));
    }
}
