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

/// Equal to within 1e-9 of `expected` (relative), so float noise in the last digits of a
/// hand-worked figure is not a failure.
pub fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() <= 1e-9 * expected.abs().max(1e-12)
}

/// Asserts `close(actual, expected)`, naming the expression that missed.
macro_rules! assert_close {
    ($actual:expr, $expected:expr) => {{
        let (a, e): (f64, f64) = ($actual, $expected);
        assert!(
            $crate::common::close(a, e),
            "{} = {a}, expected {e}",
            stringify!($actual)
        );
    }};
}
pub(crate) use assert_close;
