//! Workload profiles: the traffic a team sends to a language model.
//!
//! Invariants: no I/O, no panics, compiles for `wasm32-unknown-unknown`.
//! Validation of user input lives in `tco`, which knows the field paths of a scenario;
//! the types here are already-valid values.

use serde::{Deserialize, Serialize};

/// A month of traffic. All values are finite and within the ranges `tco` validates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Workload {
    pub requests_per_month: f64,
    /// Mean input (prompt) tokens per request.
    pub input_tokens: f64,
    /// Mean output (generated) tokens per request.
    pub output_tokens: f64,
    /// Share of input tokens served from the provider's prompt cache, 0..1.
    pub cached_input_share: f64,
    /// Peak request rate over the monthly average rate, >= 1. Sizes a self-hosted fleet.
    pub peak_to_average: f64,
    /// Compounded monthly growth of `requests_per_month` (0.05 = +5 % a month), > -1.
    pub monthly_growth: f64,
}

impl Workload {
    /// Input plus output tokens of one request.
    pub fn tokens_per_request(&self) -> f64 {
        self.input_tokens + self.output_tokens
    }
}

/// A named workload with the basis of its numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkloadProfile {
    pub id: &'static str,
    pub name: &'static str,
    pub workload: Workload,
    /// Where the numbers come from, and which of them are assumptions.
    pub basis: &'static str,
}

/// The preset the app opens with: seed 003 ("SLMs vs. LLMs: When Smaller Wins") cites
/// "one million conversations a month at 700 tokens per conversation".
pub fn customer_support() -> WorkloadProfile {
    WorkloadProfile {
        id: "customer-support",
        name: "Customer-support assistant",
        workload: Workload {
            requests_per_month: 1_000_000.0,
            input_tokens: 500.0,
            output_tokens: 200.0,
            cached_input_share: 0.0,
            peak_to_average: 3.0,
            monthly_growth: 0.0,
        },
        basis:
            "Seed 003: 1M conversations/month at ~700 tokens each. Assumptions (not in the seed): \
                the 500 input / 200 output split, no prompt caching, peak-to-average 3, no growth.",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn customer_support_keeps_the_seed_figures() {
        let p = super::customer_support();
        assert_eq!(p.workload.requests_per_month, 1_000_000.0);
        assert_eq!(p.workload.tokens_per_request(), 700.0);
    }
}
