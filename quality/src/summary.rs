//! From an eval's per-item answers to the figures it reports (docs/quality.md, "Results"):
//! how a match answer is compared with `expected` ([`MatchRule`]), and [`summarise`], which
//! puts accuracy, the classify confusion, the worst items and the cascade curve together.
//! The candle eval (`bench::eval`) produces the [`ItemAnswer`]s; everything after it is here,
//! so the CLI, the server and the browser show the same figures.

use serde::{Deserialize, Serialize};

use crate::cascade::{CascadeCurve, CascadePoint, CheapestThreshold};
use crate::sample::Sample;
use crate::stats::labels::{Confusion, LabelStats};
use crate::stats::Accuracy;
use crate::QualityError;

/// How a generated answer is compared with the item's `expected` (match task).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum MatchRule {
    /// Byte for byte, after trimming surrounding whitespace.
    Exact,
    /// Equal once case, whitespace runs and punctuation are folded away; the default.
    Normalised,
    /// The answer matches this regular expression (Rust `regex` syntax, searched anywhere
    /// unless anchored); `expected` is then not compared. At most 1,000 characters.
    Regex {
        /// The pattern.
        pattern: String,
    },
    /// The first number in the answer is within `tolerance` of `expected`'s number.
    Numeric {
        /// Absolute tolerance (≥ 0).
        tolerance: f64,
    },
}

/// What the small model answered on one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ItemAnswer {
    /// The sample's line (1-based).
    pub line: u64,
    /// classify: the most likely label; match: the generated text.
    pub answer: String,
    /// Whether the answer is right.
    pub correct: bool,
    /// classify: the log-probability margin between the best and the second-best label
    /// (≥ 0); match: the mean log-probability of the generated tokens (≤ 0).
    pub confidence: f64,
}

/// An item the small model got wrong with the least confidence, for inspection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct WorstItem {
    /// The sample's line (1-based).
    pub line: u64,
    /// The item's text.
    pub input: String,
    /// The right answer.
    pub expected: String,
    /// The small model's answer.
    pub answer: String,
    /// Its confidence.
    pub confidence: f64,
}

/// Every figure of an eval, from its answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct EvalFigures {
    /// Accuracy with its Wilson 95 % interval and one-sided lower bound.
    pub accuracy: Accuracy,
    /// classify: the confusion matrix (rows expected, columns predicted).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub confusion: Option<Confusion>,
    /// classify: precision and recall per label.
    pub per_label: Vec<LabelStats>,
    /// Up to 20 wrong items, lowest confidence first.
    pub worst_items: Vec<WorstItem>,
    /// The LLM's accuracy on the items where the sample gives it (`llm_correct`, or
    /// `llm_output` compared by the task's rule); None when no item has either.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub llm_accuracy: Option<Accuracy>,
    /// The cascade curve, thinned to at most [`MAX_CURVE_POINTS`] points (both ends, the
    /// chosen thresholds and evenly spaced escalation rates kept).
    pub cascade: CascadeCurve,
    /// The cascade quality floor asked for.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub min_quality: Option<f64>,
    /// The lowest-escalation threshold whose lower 95 % bound meets `min_quality`.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub meeting_floor: Option<CascadePoint>,
    /// The cheapest threshold meeting it under the request's prices.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub cheapest: Option<CheapestThreshold>,
}

/// The most points a reported cascade curve keeps.
pub const MAX_CURVE_POINTS: usize = 201;

/// What [`summarise`] needs besides the sample and the answers.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryOptions {
    /// The match task's rule (also applied to `llm_output`).
    pub match_rule: MatchRule,
    /// The LLM's expected correctness where an item does not give it.
    pub llm_quality: Option<f64>,
    /// The cascade quality floor.
    pub min_quality: Option<f64>,
    /// USD per request (small model, LLM), for the cheapest threshold.
    pub prices: Option<(f64, f64)>,
}

/// Whether a match task's `answer` matches `expected` under `rule`. Errors: a regex that does
/// not compile (`match_rule.pattern`), a `expected` without a number under `numeric`.
pub fn answer_matches(
    rule: &MatchRule,
    answer: &str,
    expected: &str,
) -> Result<bool, QualityError> {
    let _ = (rule, answer, expected);
    unimplemented!("issue 18 H2")
}

/// The figures of `answers` (one per item of `sample`, in order). Errors name the field.
pub fn summarise(
    sample: &Sample,
    answers: &[ItemAnswer],
    options: &SummaryOptions,
) -> Result<EvalFigures, QualityError> {
    let _ = (sample, answers, options);
    unimplemented!("issue 18 H2")
}
