//! Why a statistic could not be computed.

/// Input a statistic cannot be computed from. Each variant names the field, in the words of
/// the input (`items[3].confidence`, `min_quality`), and the value it refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QualityError {
    /// An evaluation with no items: accuracy and the cascade are undefined on zero items.
    #[error("items: the sample has no items; accuracy and the cascade need at least one")]
    NoItems,
    /// An item's confidence is NaN or infinite (every threshold compares against it).
    #[error("items[{index}].confidence: must be a finite number, got {value}")]
    Confidence {
        /// The item's position in the sample, from 0.
        index: usize,
        /// The value refused.
        value: f64,
    },
    /// An item has no `llm_correct` and no `llm_quality` was given to stand for it.
    #[error(
        "items[{index}].llm_correct: not given, and no llm_quality was given to use as its expectation"
    )]
    MissingLlm {
        /// The item's position in the sample, from 0.
        index: usize,
    },
    /// A number outside its range (a share outside 0..1, a price below 0, n = 0, NaN).
    #[error("{field}: must be {expected}, got {value}")]
    OutOfRange {
        /// The argument's name (`n`, `successes`, `z`, `llm_quality`, `min_quality`,
        /// `slm_cost_per_request`, `llm_cost_per_request`).
        field: &'static str,
        /// The range it must lie in, in words.
        expected: String,
        /// The value refused.
        value: f64,
    },
    /// A classify task with no labels.
    #[error("labels: the label set is empty")]
    NoLabels,
    /// A label listed twice in the label set.
    #[error("labels[{index}]: {label:?} is listed twice")]
    DuplicateLabel {
        /// The position of the second listing, from 0.
        index: usize,
        /// The label.
        label: String,
    },
    /// An input the figures cannot use, named by its field (`answers`, `match_rule.pattern`,
    /// `items[3].expected`, `answers[3].correct`), with the reason.
    #[error("{field}: {reason}")]
    Invalid {
        /// The field, in the words of the input.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An expected or predicted label that is not in the label set.
    #[error("items[{index}].{side}: {label:?} is not one of the labels")]
    UnknownLabel {
        /// The item's position in the sample, from 0.
        index: usize,
        /// `expected` or `predicted`.
        side: &'static str,
        /// The label found.
        label: String,
    },
}
