//! The quality crate's tests, one binary: the Wilson interval and accuracy worked by hand
//! (`wilson`), the cascade curve and the threshold choice (`cascade`), per-label precision
//! and recall (`labels`), bad input (`bad_input`), invariants (`props`).

// Everything in this binary is test code. clippy.toml lets `#[test]` functions unwrap, but
// not the helpers they call; a failed unwrap in a helper is a failed test all the same.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bad_input;
mod cascade;
mod labels;
mod props;
mod sample;
mod summary;
mod wilson;

/// |actual − expected| ≤ 1e-6: hand-worked figures are written to six decimals.
#[track_caller]
pub fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() <= 1e-6,
        "got {actual}, worked by hand {expected}"
    );
}
