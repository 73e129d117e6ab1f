//! Per-item results of an evaluation and what they add up to: accuracy with its Wilson
//! interval, the worst items; the Wilson interval itself ([`wilson`]); the confusion of a
//! classify task ([`labels`]); the crate's error ([`error`]).

pub mod error;
pub mod labels;
pub mod wilson;

use serde::{Deserialize, Serialize};

use error::QualityError;
use wilson::{wilson_unchecked, z_95_one_sided, z_95_two_sided, Interval};

/// One item's result, as the eval produces it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ItemOutcome {
    /// The small model's answer matched the expected one (classify: the most likely label is
    /// the expected label; match: the generated text matches under the chosen rule).
    pub correct: bool,
    /// How sure the small model was; higher is surer. Classify: the margin between the best
    /// and second-best label log-probabilities (≥ 0); match: the mean token log-probability
    /// (≤ 0). Only its order matters here: the cascade escalates the items below a
    /// threshold. Must be finite.
    pub confidence: f64,
    /// Whether the LLM answered this item correctly, when the team has it (from the sample's
    /// `llm_correct`, or its `llm_output` checked like the small model's); `None` when the
    /// cascade must use the typed `llm_quality` as the expectation.
    pub llm_correct: Option<bool>,
}

/// An evaluation's per-item results, checked once: at least one item, every confidence
/// finite. Index `i` is the sample's item `i` (from 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Outcomes {
    items: Vec<ItemOutcome>,
}

/// Accuracy of the small model on the sample with its uncertainty.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Accuracy {
    /// Items evaluated (n ≥ 1).
    pub n: usize,
    /// Items the small model answered correctly.
    pub correct: usize,
    /// correct / n, a share in 0..1.
    pub accuracy: f64,
    /// The two-sided 95 % Wilson interval (z = Φ⁻¹(0.975)).
    pub interval_95: Interval,
    /// The one-sided lower 95 % bound: the Wilson lower end with z = Φ⁻¹(0.95). The true
    /// accuracy is above it with 95 % confidence (binomial sampling of the items only).
    pub lower_95: f64,
}

impl Outcomes {
    /// Checks the items: an empty list is [`QualityError::NoItems`], a NaN or infinite
    /// confidence [`QualityError::Confidence`] naming `items[i].confidence`.
    pub fn new(items: Vec<ItemOutcome>) -> Result<Self, QualityError> {
        if items.is_empty() {
            return Err(QualityError::NoItems);
        }
        if let Some((index, item)) = items
            .iter()
            .enumerate()
            .find(|(_, item)| !item.confidence.is_finite())
        {
            return Err(QualityError::Confidence {
                index,
                value: item.confidence,
            });
        }
        Ok(Self { items })
    }

    /// The items, in the sample's order.
    pub fn items(&self) -> &[ItemOutcome] {
        &self.items
    }

    /// Number of items (≥ 1).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Always false: an `Outcomes` holds at least one item (kept for clippy's `len` rule).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Accuracy = correct / n, its two-sided 95 % Wilson interval and its one-sided lower
    /// 95 % bound ([`wilson`](wilson::wilson) with n ≥ 1, so it cannot fail).
    pub fn accuracy(&self) -> Accuracy {
        let n = self.items.len();
        let correct = self.items.iter().filter(|item| item.correct).count();
        let (s, n_f) = (correct as f64, n as f64);
        Accuracy {
            n,
            correct,
            accuracy: s / n_f,
            interval_95: wilson_unchecked(s, n_f, z_95_two_sided()),
            lower_95: wilson_unchecked(s, n_f, z_95_one_sided()).low,
        }
    }

    /// The indices of at most `count` wrong items, the least confident first (ties in the
    /// sample's order): the items to inspect first, where the model was wrong and knew it
    /// least.
    pub fn worst_items(&self, count: usize) -> Vec<usize> {
        let mut wrong: Vec<usize> = (0..self.items.len())
            .filter(|&i| !self.items[i].correct)
            .collect();
        // Confidences are finite (checked in `new`); the sort is stable, so ties keep the
        // sample's order.
        wrong.sort_by(|&a, &b| {
            self.items[a]
                .confidence
                .total_cmp(&self.items[b].confidence)
        });
        wrong.truncate(count);
        wrong
    }
}
