//! Monte Carlo over uncertain inputs (docs/cost-model.md §7).
//!
//! Each uncertain input is given by its P10 and P90. Positive quantities are drawn from
//! the lognormal with those quantiles; shares from the logit-normal (bounded to 0..1);
//! signed rates from the normal. Draws come from a seeded ChaCha generator, so the same
//! scenario and seed give the same answer on every machine, browser included.

use rand::rngs::StdRng;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal};

use crate::break_even::BreakEvenVolume;
use crate::cost::{hybrid_quality, Pricing};
use crate::fields::{numeric_field, Domain};
use crate::roi::{roi_priced, Alternative};
use crate::scenario::{QuantileRange, Scenario, Uncertainty};

/// P10, P50 and P90 of a figure over the draws: type-7 quantiles (linear interpolation
/// between the sorted draws). 0 for each when there are no draws.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Quantiles {
    /// 10 % of the draws lie below it.
    pub p10: f64,
    /// The median.
    pub p50: f64,
    /// 90 % of the draws lie below it.
    pub p90: f64,
}

/// Quantiles of a figure that may not exist in some draws (break-even): a quantile that
/// falls among the draws without one is null.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct OptionalQuantiles {
    /// 10 % of the draws lie below it; null when it falls among the draws without one.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub p10: Option<f64>,
    /// The median; null when it falls among the draws without one.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub p50: Option<f64>,
    /// 90 % of the draws lie below it; null when it falls among the draws without one.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub p90: Option<f64>,
    /// Share of draws in which the figure does not exist.
    pub none_share: f64,
}

/// The share of draws in which each option is the cheapest of those meeting the quality
/// floor at the month-1 volume; options within a relative 1e-12 of the minimum share a
/// draw evenly, so the three sum to 1 less the share of draws where none meets the floor
/// (0 each without draws).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CheapestShares {
    /// The LLM API alone.
    pub api: f64,
    /// The SLM alone (self-hosted fleet or hosted SLM).
    pub self_hosted: f64,
    /// The hybrid at the scenario's share.
    pub hybrid: f64,
}

/// What the Monte Carlo found (docs/cost-model.md §6). Monthly figures are at the drawn
/// month-1 volume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct UncertaintyResult {
    /// Scenarios drawn.
    pub draws: u32,
    /// The seed they were drawn with; the same seed gives the same result everywhere.
    pub seed: u64,
    /// The paths of the inputs drawn, in the order they were drawn (sorted by path).
    pub inputs: Vec<String>,
    /// A: the API's monthly cost.
    pub api_monthly_usd: Quantiles,
    /// S: the SLM alone's monthly cost.
    pub self_hosted_monthly_usd: Quantiles,
    /// Hy: the hybrid's monthly cost.
    pub hybrid_monthly_usd: Quantiles,
    /// API cost minus hybrid cost.
    pub hybrid_savings_usd: Quantiles,
    /// R*, requests a month; draws without a break-even sort above every finite one.
    pub break_even_requests_per_month: OptionalQuantiles,
    /// NPV over the horizon (moves with growth, discount rate and one-time cost too).
    pub self_hosted_npv_usd: Quantiles,
    /// The hybrid's NPV against the API over the horizon.
    pub hybrid_npv_usd: Quantiles,
    /// Expected hybrid quality, when both qualities are given.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub hybrid_quality: Option<Quantiles>,
    /// Probability that each option is the cheapest (ties split evenly).
    pub probability_cheapest: CheapestShares,
    /// Distribution of `hybrid_savings_usd` over the draws (month 1), for a histogram.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub hybrid_savings_histogram: Vec<HistogramBin>,
}

/// Draws whose value lies in `lo_usd..hi_usd` (the last bin includes its upper end).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct HistogramBin {
    /// The bin's lower edge, included (USD a month).
    pub lo_usd: f64,
    /// The bin's upper edge: excluded, except in the last bin, whose edge is the largest
    /// draw.
    pub hi_usd: f64,
    /// Draws in the bin.
    pub count: u32,
}

/// Bins of the savings histogram.
pub const HISTOGRAM_BINS: usize = 30;

/// Equal-width bins from the smallest to the largest finite value; a single bin when every
/// value is the same; none without values. Counts sum to the number of finite values.
pub fn histogram(values: &[f64], bins: usize) -> Vec<HistogramBin> {
    let finite = || values.iter().copied().filter(|v| v.is_finite());
    let (Some(lo), Some(hi)) = (finite().reduce(f64::min), finite().reduce(f64::max)) else {
        return Vec::new();
    };
    let width = (hi - lo) / bins.max(1) as f64;
    // A zero (or, from subnormal spreads, non-positive) width cannot be divided by.
    if !(width > 0.0 && width.is_finite()) {
        let count = u32::try_from(finite().count()).unwrap_or(u32::MAX);
        return vec![HistogramBin {
            lo_usd: lo,
            hi_usd: hi,
            count,
        }];
    }
    let bins = bins.max(1);
    let mut out: Vec<HistogramBin> = (0..bins)
        .map(|i| HistogramBin {
            lo_usd: lo + width * i as f64,
            // The last edge is the maximum itself, not lo + bins·width with its rounding.
            hi_usd: if i + 1 == bins {
                hi
            } else {
                lo + width * (i + 1) as f64
            },
            count: 0,
        })
        .collect();
    for v in finite() {
        let i = (((v - lo) / width).floor() as usize).min(bins - 1);
        out[i].count = out[i].count.saturating_add(1);
    }
    out
}

/// The standard normal's 90th percentile, z such that Φ(z) = 0.9.
fn z90() -> f64 {
    // Normal::new(0, 1) cannot fail; the fallback is the same constant to 16 digits.
    Normal::new(0.0, 1.0)
        .map(|n| n.inverse_cdf(0.9))
        .unwrap_or(1.2815515655446004)
}

/// Maps a standard-normal draw z to the input's distribution.
fn transform(domain: Domain, range: QuantileRange, z: f64) -> f64 {
    let scale = z90();
    let (lo, hi) = (range.p10, range.p90);
    let v = match domain {
        Domain::NonNegative | Domain::Positive | Domain::AtLeastOne => {
            let (a, b) = (lo.ln(), hi.ln());
            ((a + b) / 2.0 + z * (b - a) / (2.0 * scale)).exp()
        }
        Domain::Share | Domain::Utilization => {
            let logit = |p: f64| (p / (1.0 - p)).ln();
            let (a, b) = (logit(lo), logit(hi));
            let x = (a + b) / 2.0 + z * (b - a) / (2.0 * scale);
            1.0 / (1.0 + (-x).exp())
        }
        Domain::Growth | Domain::Rate => (lo + hi) / 2.0 + z * (hi - lo) / (2.0 * scale),
    };
    domain.clamp(v)
}

/// Linear-interpolated quantile of sorted data (type 7).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (i, frac) = (pos.floor() as usize, pos.fract());
    let next = sorted[(i + 1).min(sorted.len() - 1)];
    sorted[i] + frac * (next - sorted[i])
}

fn quantiles(mut values: Vec<f64>) -> Quantiles {
    values.sort_by(f64::total_cmp);
    Quantiles {
        p10: quantile(&values, 0.1),
        p50: quantile(&values, 0.5),
        p90: quantile(&values, 0.9),
    }
}

fn optional_quantiles(values: Vec<Option<f64>>) -> OptionalQuantiles {
    let n = values.len();
    // A missing break-even sorts above every finite one.
    let mut sorted: Vec<f64> = values.iter().map(|v| v.unwrap_or(f64::INFINITY)).collect();
    sorted.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let v = quantile(&sorted, q);
        v.is_finite().then_some(v)
    };
    let missing = values.iter().filter(|v| v.is_none()).count();
    OptionalQuantiles {
        p10: at(0.1),
        p50: at(0.5),
        p90: at(0.9),
        none_share: if n == 0 {
            0.0
        } else {
            missing as f64 / n as f64
        },
    }
}

/// The seed of one input's stream: the scenario's seed mixed with the FNV-1a hash of the
/// input's path, so each input draws from a stream of its own and adding or removing a
/// belief leaves every other input's draws as they were.
pub fn stream_seed(seed: u64, path: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in path.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // SplitMix64's finaliser spreads the two inputs over every bit.
    let mut z = seed ^ hash.rotate_left(17);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Draws `u.draws` scenarios from `base`: every uncertain input has its own `StdRng`,
/// seeded by `stream_seed(u.seed, path)`; draw i takes the i-th z ~ N(0,1) of each stream,
/// maps it through the input's P10/P90 to a lognormal, logit-normal or normal value and
/// clamps it to its domain. Then A, S, Hy, A − Hy, R*, both NPVs and the hybrid quality
/// are computed and summarised as quantiles; "probability cheapest" counts only the
/// options that meet the quality floor in that draw.
pub fn simulate(base: &Scenario, u: &Uncertainty) -> UncertaintyResult {
    let standard = Normal::new(0.0, 1.0).ok();
    let mut fields: Vec<_> = u
        .inputs
        .iter()
        .filter_map(|(path, range)| {
            numeric_field(path)
                .map(|f| (f, *range, StdRng::seed_from_u64(stream_seed(u.seed, path))))
        })
        .collect();
    let n = u.draws as usize;
    let (mut api, mut own, mut hybrid, mut savings, mut breaks) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut npv_own, mut npv_hybrid, mut quality) =
        (Vec::with_capacity(n), Vec::with_capacity(n), Vec::new());
    let mut cheapest = [0.0f64; 3];
    let mut s = base.clone();
    for _ in 0..n {
        for (field, range, rng) in &mut fields {
            let z = standard
                .as_ref()
                .map_or(0.0, |d| rand::distributions::Distribution::sample(d, rng));
            (field.set)(&mut s, transform(field.domain, *range, z));
        }
        let requests = s.workload.requests_per_month;
        let pricing = Pricing::new(&s);
        let a = pricing.api_usd(requests, 1);
        let o = pricing.slm_usd(requests, 1).0;
        let h = pricing
            .hybrid_usd(requests, s.routing.effective_slm_share(), 1)
            .0;
        let costs = [a, o, h];
        let feasible = crate::quality::feasible(&s);
        let min = (0..3)
            .filter(|&i| feasible[i])
            .map(|i| costs[i])
            .fold(f64::INFINITY, f64::min);
        let ties: Vec<usize> = (0..3)
            .filter(|&i| feasible[i] && costs[i] <= min * (1.0 + 1e-12))
            .collect();
        for &i in &ties {
            cheapest[i] += 1.0 / ties.len() as f64;
        }
        api.push(a);
        own.push(o);
        hybrid.push(h);
        savings.push(a - h);
        breaks.push(match pricing.break_even() {
            BreakEvenVolume::Exact(r) | BreakEvenVolume::AtMost(r) => Some(r),
            BreakEvenVolume::Unbounded => None,
        });
        npv_own.push(roi_priced(&pricing, Alternative::SelfHosted).npv_usd);
        npv_hybrid.push(roi_priced(&pricing, Alternative::Hybrid).npv_usd);
        if let Some(q) = hybrid_quality(&s, s.routing.effective_slm_share()) {
            quality.push(q);
        }
    }
    let share = |count: f64| if n == 0 { 0.0 } else { count / n as f64 };
    UncertaintyResult {
        draws: u.draws,
        seed: u.seed,
        inputs: u.inputs.keys().cloned().collect(),
        api_monthly_usd: quantiles(api),
        self_hosted_monthly_usd: quantiles(own),
        hybrid_monthly_usd: quantiles(hybrid),
        hybrid_savings_histogram: histogram(&savings, HISTOGRAM_BINS),
        hybrid_savings_usd: quantiles(savings),
        break_even_requests_per_month: optional_quantiles(breaks),
        self_hosted_npv_usd: quantiles(npv_own),
        hybrid_npv_usd: quantiles(npv_hybrid),
        hybrid_quality: (!quality.is_empty()).then(|| quantiles(quality)),
        probability_cheapest: CheapestShares {
            api: share(cheapest[0]),
            self_hosted: share(cheapest[1]),
            hybrid: share(cheapest[2]),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transforms_hit_the_requested_quantiles() {
        let z = z90();
        let cases = [
            (Domain::Positive, QuantileRange { p10: 2.0, p90: 8.0 }),
            (Domain::Share, QuantileRange { p10: 0.2, p90: 0.6 }),
            (
                Domain::Growth,
                QuantileRange {
                    p10: -0.01,
                    p90: 0.05,
                },
            ),
        ];
        for (domain, range) in cases {
            assert!(
                (transform(domain, range, -z) - range.p10).abs() < 1e-12,
                "{domain:?}"
            );
            assert!(
                (transform(domain, range, z) - range.p90).abs() < 1e-12,
                "{domain:?}"
            );
        }
        // The lognormal's median is the geometric mean of its P10 and P90.
        assert!((transform(Domain::Positive, cases[0].1, 0.0) - 4.0).abs() < 1e-12);
    }

    #[test]
    fn histogram_bins_every_finite_value_once() {
        let values = [0.0, 1.0, 2.5, 9.99, 10.0, f64::NAN, 4.0];
        let bins = histogram(&values, 4);
        let edges: Vec<(f64, f64, u32)> =
            bins.iter().map(|b| (b.lo_usd, b.hi_usd, b.count)).collect();
        // Width 2.5: [0, 2.5) holds 0 and 1; [2.5, 5) 2.5 and 4; the last bin holds 10 too.
        assert_eq!(
            edges,
            [(0.0, 2.5, 2), (2.5, 5.0, 2), (5.0, 7.5, 0), (7.5, 10.0, 2)]
        );
        let same = histogram(&[-3.0, -3.0, -3.0], 30);
        assert_eq!(
            same,
            [HistogramBin {
                lo_usd: -3.0,
                hi_usd: -3.0,
                count: 3
            }]
        );
        assert!(histogram(&[f64::NAN, f64::INFINITY], 30).is_empty());
        assert!(histogram(&[], 30).is_empty());
    }

    #[test]
    fn quantile_interpolates_between_ranks() {
        let data = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&data, 0.5), 3.0);
        assert!((quantile(&data, 0.1) - 1.4).abs() < 1e-12);
        let q = optional_quantiles(vec![Some(1.0), None, Some(2.0), None]);
        assert_eq!(q.none_share, 0.5);
        assert_eq!(q.p90, None);
        assert_eq!(q.p10, Some(1.3));
    }
}
