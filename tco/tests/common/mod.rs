//! Helpers shared by the engine's integration tests.

use tco::{Format, Scenario};

/// Parses a JSON scenario against the bundled price table, panicking with the field errors.
pub fn scenario(json: &str) -> Scenario {
    tco::parse_scenario(json, Format::Json, &pricing::bundled_table())
        .unwrap_or_else(|errors| panic!("scenario should be valid: {errors:?}"))
}

/// The worked example of docs/cost-model.md: a support bot on GPT-4o vs one rented GPU.
pub const WORKED_EXAMPLE: &str = r#"{
  "name": "worked example",
  "workload": { "requests_per_month": 1000000, "input_tokens": 500, "output_tokens": 200, "peak_to_average": 3 },
  "llm": { "model": "gpt-4o" },
  "slm": { "serving": "self_hosted", "gpu_usd_per_hour": 0.8, "prefill_tokens_per_s": 5000,
           "decode_tokens_per_s": 500, "one_time_usd": 10000 },
  "routing": { "slm_share": 0.8, "escalation_rate": 0.1 }
}"#;

pub fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() <= 1e-9 * expected.abs().max(1e-12)
}

#[macro_export]
macro_rules! assert_close {
    ($actual:expr, $expected:expr) => {{
        let (a, e): (f64, f64) = ($actual, $expected);
        assert!(
            common::close(a, e),
            "{} = {a}, expected {e}",
            stringify!($actual)
        );
    }};
}
