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
        /// `prices.slm_usd_per_request`, `prices.llm_usd_per_request`).
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

impl QualityError {
    /// The field the error is about, in the words of the input, as its message begins
    /// (`items[3].confidence`, `min_quality`, `items[line 4].expected`): for callers that
    /// point at the field without parsing the message.
    pub fn field(&self) -> String {
        match self {
            QualityError::NoItems => "items".to_string(),
            QualityError::Confidence { index, .. } => format!("items[{index}].confidence"),
            QualityError::MissingLlm { index } => format!("items[{index}].llm_correct"),
            QualityError::OutOfRange { field, .. } => (*field).to_string(),
            QualityError::NoLabels => "labels".to_string(),
            QualityError::DuplicateLabel { index, .. } => format!("labels[{index}]"),
            QualityError::Invalid { field, .. } => field.clone(),
            QualityError::UnknownLabel { index, side, .. } => format!("items[{index}].{side}"),
        }
    }

    /// For an error an eval's figures name by the sample's line (field
    /// `items[line 4].expected` or `answers[line 4].correct`): the line and the item's key
    /// (`expected`), and the reason; None for any other error.
    pub fn item_line(&self) -> Option<(u64, &str, &str)> {
        let QualityError::Invalid { field, reason } = self else {
            return None;
        };
        let rest = field
            .strip_prefix("items[line ")
            .or_else(|| field.strip_prefix("answers[line "))?;
        let (line, key) = rest.split_once("].")?;
        Some((line.parse().ok()?, key, reason.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::QualityError;

    /// Every message begins with its field and ": ".
    #[test]
    fn the_field_is_what_the_message_names() {
        let errors = [
            QualityError::NoItems,
            QualityError::Confidence {
                index: 3,
                value: f64::NAN,
            },
            QualityError::MissingLlm { index: 2 },
            QualityError::OutOfRange {
                field: "min_quality",
                expected: "a share between 0 and 1".into(),
                value: 2.0,
            },
            QualityError::NoLabels,
            QualityError::DuplicateLabel {
                index: 1,
                label: "a".into(),
            },
            QualityError::Invalid {
                field: "items[line 4].expected".into(),
                reason: "numeric match needs a number".into(),
            },
            QualityError::UnknownLabel {
                index: 0,
                side: "predicted",
                label: "x".into(),
            },
        ];
        let fields: Vec<String> = errors.iter().map(QualityError::field).collect();
        assert_eq!(
            fields,
            [
                "items",
                "items[3].confidence",
                "items[2].llm_correct",
                "min_quality",
                "labels",
                "labels[1]",
                "items[line 4].expected",
                "items[0].predicted"
            ]
        );
        assert_eq!(
            errors[6].item_line(),
            Some((4, "expected", "numeric match needs a number"))
        );
        assert_eq!(errors[1].item_line(), None);
        for (error, field) in errors.iter().zip(&fields) {
            assert!(
                error.to_string().starts_with(&format!("{field}: ")),
                "{error} does not begin with {field}"
            );
        }
    }
}
