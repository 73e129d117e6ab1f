//! The cascade curve: the small model answers every item, and the items it is least sure of
//! (confidence below a threshold θ) go to the LLM as well, whose answer is kept.
//!
//! At each threshold, over the n items of the sample:
//! - escalation e(θ) = #{i : cᵢ < θ} / n;
//! - cascade quality q(θ) = (Σ_{cᵢ ≥ θ} slmᵢ + Σ_{cᵢ < θ} llmᵢ) / n, where slmᵢ is 1 when the
//!   small model was correct, and llmᵢ is 1 or 0 from the item's `llm_correct` when the team
//!   has it, else the typed `llm_quality` (the item's expected correctness);
//! - its one-sided lower 95 % bound: the Wilson lower end ([`wilson`](crate::wilson)) with
//!   z = Φ⁻¹(0.95), n = the number of items and successes = n·q(θ). When some llmᵢ are
//!   `llm_quality`, successes is an expected count, not an observed one: the bound then
//!   covers the sampling of the items, taking the typed quality as exact (its own error is
//!   not in it; the curve records how many items were measured, [`CascadeCurve::llm_measured`]);
//! - cost per request cost(θ) = c_slm + e(θ)·c_llm: every request is answered by the small
//!   model, and an escalated one is paid again at the LLM's price.
//!
//! The thresholds are θ = −∞ (nothing escalated), every distinct confidence in the sample,
//! and θ = +∞ (everything escalated), in increasing order, so e(θ) never decreases along
//! the curve.

use serde::{Deserialize, Serialize};

use crate::stats::wilson::{wilson_unchecked, z_95_one_sided};
use crate::{Outcomes, QualityError};

/// A confidence threshold: items whose confidence is strictly below it are escalated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Threshold {
    /// θ = −∞: no item is escalated (the small model alone).
    MinusInfinity,
    /// θ = one of the sample's confidences: items below it are escalated.
    Value(f64),
    /// θ = +∞: every item is escalated (the LLM alone, after the small model).
    PlusInfinity,
}

impl Threshold {
    /// The threshold as a number, with ±∞ for the two ends.
    pub fn as_f64(self) -> f64 {
        match self {
            Threshold::MinusInfinity => f64::NEG_INFINITY,
            Threshold::Value(value) => value,
            Threshold::PlusInfinity => f64::INFINITY,
        }
    }
}

/// The cascade at one threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CascadePoint {
    /// θ: items with a confidence strictly below it go to the LLM.
    pub threshold: Threshold,
    /// Items escalated, #{i : cᵢ < θ}.
    pub escalated: usize,
    /// e(θ) = escalated / n, a share in 0..1.
    pub escalation: f64,
    /// Items kept (cᵢ ≥ θ) that the small model answered correctly.
    pub slm_correct_kept: usize,
    /// Escalated items the LLM answered correctly: a count where `llm_correct` was given,
    /// plus `llm_quality` per escalated item where it was not (an expected count).
    pub llm_correct_escalated: f64,
    /// q(θ) = (slm_correct_kept + llm_correct_escalated) / n, a share in 0..1.
    pub quality: f64,
    /// The one-sided lower 95 % bound of q(θ) (Wilson, z = Φ⁻¹(0.95), successes = n·q(θ)).
    pub quality_lower_95: f64,
}

/// The cascade at every threshold of a sample, in increasing θ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CascadeCurve {
    /// Items in the sample (n ≥ 1).
    pub n: usize,
    /// Items whose LLM correctness was measured (`llm_correct` given); the other n − this
    /// used `llm_quality` as their expectation.
    pub llm_measured: usize,
    /// The typed LLM quality used for the unmeasured items, when one was given.
    pub llm_quality: Option<f64>,
    /// θ = −∞, every distinct confidence in increasing order, θ = +∞.
    pub points: Vec<CascadePoint>,
}

/// The cheapest threshold that meets a quality floor by its lower bound.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct CheapestThreshold {
    /// The threshold and its figures.
    pub point: CascadePoint,
    /// cost(θ) = c_slm + e(θ)·c_llm, USD per request.
    pub cost_per_request: f64,
}

/// cost(θ) = c_slm + e·c_llm, USD per request of a cascade: the small model answers every
/// request and the share `escalation` is answered by the LLM as well.
pub fn cascade_cost_per_request(
    escalation: f64,
    slm_cost_per_request: f64,
    llm_cost_per_request: f64,
) -> f64 {
    slm_cost_per_request + escalation * llm_cost_per_request
}

impl CascadeCurve {
    /// The curve of `outcomes`. `llm_quality` (a share in 0..1) stands for the LLM's
    /// correctness on every item without `llm_correct`; it may be `None` only when every
    /// item has one. Errors: `llm_quality` not a share (field `llm_quality`), an item with
    /// neither (`items[i].llm_correct`).
    pub fn new(outcomes: &Outcomes, llm_quality: Option<f64>) -> Result<Self, QualityError> {
        if let Some(quality) = llm_quality {
            check_share("llm_quality", quality)?;
        }
        let items = outcomes.items();
        let llm: Vec<f64> = items
            .iter()
            .enumerate()
            .map(|(index, item)| match (item.llm_correct, llm_quality) {
                (Some(correct), _) => Ok(if correct { 1.0 } else { 0.0 }),
                (None, Some(quality)) => Ok(quality),
                (None, None) => Err(QualityError::MissingLlm { index }),
            })
            .collect::<Result<_, _>>()?;

        let n = items.len();
        let n_f = n as f64;
        let z = z_95_one_sided();
        let point = |threshold: Threshold, escalated: usize, slm_kept: usize, llm_sum: f64| {
            // Rounding in a sum of fractional expectations must not push q past 1.
            let successes = (slm_kept as f64 + llm_sum).clamp(0.0, n_f);
            CascadePoint {
                threshold,
                escalated,
                escalation: escalated as f64 / n_f,
                slm_correct_kept: slm_kept,
                llm_correct_escalated: llm_sum,
                quality: successes / n_f,
                quality_lower_95: wilson_unchecked(successes, n_f, z).low,
            }
        };

        let mut order: Vec<usize> = (0..n).collect();
        // Confidences are finite (`Outcomes::new`), so total_cmp is the numeric order.
        order.sort_by(|&a, &b| items[a].confidence.total_cmp(&items[b].confidence));

        let slm_total = items.iter().filter(|item| item.correct).count();
        let mut points = Vec::with_capacity(n + 2);
        points.push(point(Threshold::MinusInfinity, 0, slm_total, 0.0));
        let (mut below, mut slm_below, mut llm_below) = (0_usize, 0_usize, 0.0_f64);
        while let Some(&first) = order.get(below) {
            let confidence = items[first].confidence;
            // θ = this confidence escalates exactly the `below` items before it.
            points.push(point(
                Threshold::Value(confidence),
                below,
                slm_total - slm_below,
                llm_below,
            ));
            // Every item at this confidence is escalated from the next threshold on.
            while let Some(&i) = order.get(below) {
                if items[i].confidence != confidence {
                    break;
                }
                slm_below += usize::from(items[i].correct);
                llm_below += llm[i];
                below += 1;
            }
        }
        points.push(point(Threshold::PlusInfinity, n, 0, llm_below));

        Ok(Self {
            n,
            llm_measured: items.iter().filter(|i| i.llm_correct.is_some()).count(),
            llm_quality,
            points,
        })
    }

    /// The points whose lower 95 % bound meets `min_quality` (q_lower(θ) ≥ min_quality −
    /// [`FLOOR_TOLERANCE`], float noise, as the engine judges it): the floor is met with 95 %
    /// confidence, not merely by the point estimate. `min_quality` must be a share in 0..1
    /// (field `min_quality`).
    pub fn meeting_floor(&self, min_quality: f64) -> Result<Vec<CascadePoint>, QualityError> {
        check_share("min_quality", min_quality)?;
        Ok(self
            .points
            .iter()
            .filter(|point| meets_floor(point.quality_lower_95, min_quality))
            .copied()
            .collect())
    }

    /// Of the points that meet `min_quality` by their lower 95 % bound, the one with the
    /// least cost(θ) = c_slm + e(θ)·c_llm; on equal cost the lowest escalation (the first
    /// in the curve's order), as the engine's routing curve picks. Cost never falls with e,
    /// so when c_llm > 0 this is the lowest-escalation point meeting the floor. `None` when
    /// no threshold meets the floor (not even θ = +∞). Prices are USD per request, finite
    /// and ≥ 0 (fields `prices.slm_usd_per_request`, `prices.llm_usd_per_request`).
    pub fn cheapest(
        &self,
        min_quality: f64,
        slm_cost_per_request: f64,
        llm_cost_per_request: f64,
    ) -> Result<Option<CheapestThreshold>, QualityError> {
        check_price(SLM_PRICE_FIELD, slm_cost_per_request)?;
        check_price(LLM_PRICE_FIELD, llm_cost_per_request)?;
        let mut best: Option<CheapestThreshold> = None;
        for point in self.meeting_floor(min_quality)? {
            let cost = cascade_cost_per_request(
                point.escalation,
                slm_cost_per_request,
                llm_cost_per_request,
            );
            // Points come in increasing e: only a strictly lower cost replaces the first.
            let better = best
                .as_ref()
                .is_none_or(|best| cost < best.cost_per_request);
            if better {
                best = Some(CheapestThreshold {
                    point,
                    cost_per_request: cost,
                });
            }
        }
        Ok(best)
    }
}

/// How far below the floor a lower bound may sit and still meet it (float noise), the same
/// allowance the engine (tco's routing curve) gives.
pub const FLOOR_TOLERANCE: f64 = 1e-12;

/// The field naming the small model's price per request, in errors.
pub const SLM_PRICE_FIELD: &str = "prices.slm_usd_per_request";
/// The field naming the LLM's price per request, in errors.
pub const LLM_PRICE_FIELD: &str = "prices.llm_usd_per_request";

/// Whether a lower bound meets a floor: `lower ≥ floor −` [`FLOOR_TOLERANCE`].
pub fn meets_floor(lower: f64, floor: f64) -> bool {
    lower >= floor - FLOOR_TOLERANCE
}

/// A share in 0..1, or an [`QualityError::OutOfRange`] naming `field`.
pub fn check_share(field: &'static str, value: f64) -> Result<(), QualityError> {
    if (0.0..=1.0).contains(&value) {
        Ok(())
    } else {
        Err(QualityError::OutOfRange {
            field,
            expected: "a share between 0 and 1".into(),
            value,
        })
    }
}

/// A finite price of at least 0 USD per request, or an [`QualityError::OutOfRange`] naming
/// `field`.
pub fn check_price(field: &'static str, value: f64) -> Result<(), QualityError> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(QualityError::OutOfRange {
            field,
            expected: "a finite price of at least 0 USD per request".into(),
            value,
        })
    }
}
