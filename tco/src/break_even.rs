//! The break-even volume of cost model v2 (docs/cost-model.md §5):
//! R* = sup{R ≥ 0 : S(R) > A(R)} with A(R) = a·R and S a non-decreasing step function.
//!
//! Found exactly, without sampling volumes, by a fixed-point iteration from above:
//! R₀ is where a line above S meets A, and R_{k+1} = S(R_k)/a. If R_k ≥ R*, then
//! R_{k+1} ≥ R* (S is non-decreasing and exceeds A just below R*), and R_{k+1} < R_k
//! unless R_k is in the losing set, in which case R_k = R*. Each step either stops or
//! leaves the step of S it was on, so the number of steps does not grow with the volume:
//! it is the number of steps of S between R* and R₀, which the tight line keeps small.

use crate::fleet::CostBound;

/// The most iterations tried; a scenario that needs more (a fleet within a hair of the
/// API's marginal cost over thousands of steps) gets the last upper bound, which is ≥ R*.
pub const MAX_STEPS: usize = 1_000_000;

/// How the search ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BreakEvenVolume {
    /// R*, exact.
    Exact(f64),
    /// The API is never cheaper for good: S grows at least as fast as A.
    Unbounded,
    /// MAX_STEPS ran out; R* is at most this volume.
    AtMost(f64),
}

/// R* = sup{R ≥ 0 : cost(R) > a·R}, for a non-decreasing `cost` below every line of
/// `bounds` (one of them with S's asymptotic slope).
pub fn last_losing_volume(
    cost: impl Fn(f64) -> f64,
    api_usd_per_request: f64,
    bounds: &[CostBound],
) -> BreakEvenVolume {
    let a = api_usd_per_request;
    if a <= 0.0 {
        // A free API: self-hosting loses at every volume unless it costs nothing either.
        let free = bounds.iter().any(|b| b.slope <= 0.0 && b.intercept <= 0.0);
        return if free {
            BreakEvenVolume::Exact(0.0)
        } else {
            BreakEvenVolume::Unbounded
        };
    }
    let start = bounds
        .iter()
        .filter(|b| b.slope < a)
        .map(|b| (b.intercept / (a - b.slope)).max(0.0))
        .fold(f64::INFINITY, f64::min);
    if !start.is_finite() {
        return BreakEvenVolume::Unbounded;
    }
    let mut volume = start;
    for _ in 0..MAX_STEPS {
        let next = cost(volume) / a;
        if next >= volume {
            return BreakEvenVolume::Exact(volume);
        }
        volume = next;
    }
    BreakEvenVolume::AtMost(volume)
}
