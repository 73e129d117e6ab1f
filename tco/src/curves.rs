//! Monthly cost of each option across volumes, for the cost-against-volume chart
//! (docs/cost-model.md §10).

use serde::{Deserialize, Serialize};

use crate::cost::{break_even_requests, Pricing};
use crate::scenario::Scenario;

/// Monthly cost of each option at one volume.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct VolumePoint {
    /// R, requests a month; > 0 on the curve `volume_curve` computes.
    pub requests_per_month: f64,
    /// A(R) = R·c.
    pub api_usd: f64,
    /// The SLM serving all traffic (a self-hosted fleet, or a hosted SLM API).
    pub self_hosted_usd: f64,
    /// The hybrid at the scenario's SLM share.
    pub hybrid_usd: f64,
}

/// Log-spaced steps across the range (61 points, 60 intervals).
pub const CURVE_STEPS: u32 = 60;
/// The range when neither the volume nor the break-even is a positive number: a thousand
/// to ten million requests a month, where most workloads lie.
const FALLBACK: (f64, f64) = (1e3, 1e7);

/// The volumes of the curve: log-spaced from a decade below the smaller of the scenario's
/// volume and its break-even to a decade above the larger, plus both exactly, so the
/// chart's markers sit on computed points.
fn volume_range(s: &Scenario) -> Vec<f64> {
    let volume = s.workload.requests_per_month;
    let break_even = break_even_requests(s);
    let anchors: Vec<f64> = [Some(volume), break_even]
        .into_iter()
        .flatten()
        .filter(|v| v.is_finite() && *v > 0.0)
        .collect();
    let (lo, hi) = match (
        anchors.iter().copied().reduce(f64::min),
        anchors.iter().copied().reduce(f64::max),
    ) {
        (Some(lo), Some(hi)) => (lo / 10.0, hi * 10.0),
        _ => FALLBACK,
    };
    let (a, b) = (lo.log10(), hi.log10());
    let steps = f64::from(CURVE_STEPS);
    let mut out: Vec<f64> = (0..=CURVE_STEPS)
        .map(|i| 10f64.powf(a + (b - a) * f64::from(i) / steps))
        .chain(anchors)
        .collect();
    out.sort_by(f64::total_cmp);
    out.dedup();
    out
}

/// Monthly cost of the API, the SLM alone and the hybrid at each volume of `volume_range`.
pub fn volume_curve(s: &Scenario) -> Vec<VolumePoint> {
    let pricing = Pricing::new(s);
    let share = s.routing.effective_slm_share();
    volume_range(s)
        .into_iter()
        .map(|r| VolumePoint {
            requests_per_month: r,
            api_usd: pricing.api_usd(r, 1),
            self_hosted_usd: pricing.slm_usd(r, 1).0,
            hybrid_usd: pricing.hybrid_usd(r, share, 1).0,
        })
        .collect()
}
