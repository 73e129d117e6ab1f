#![allow(dead_code)] // each test binary uses a subset of these helpers
//! Helpers shared by the engine's integration tests.

use tco::{Format, Scenario};

/// Parses a JSON scenario against the bundled price table, panicking with the field errors.
pub fn scenario(json: &str) -> Scenario {
    tco::parse_scenario(json, Format::Json, pricing::bundled_table())
        .unwrap_or_else(|errors| panic!("scenario should be valid: {errors:?}"))
}

/// The worked example of docs/cost-model.md (examples/worked-example.json): a support bot
/// on GPT-4o vs one rented GPU.
pub const WORKED_EXAMPLE: &str = include_str!("../../../examples/worked-example.json");

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
