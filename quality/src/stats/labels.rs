//! The confusion matrix and per-label precision and recall of a classify task.

use serde::{Deserialize, Serialize};

use super::error::QualityError;

/// One classify item's labels: the sample's expected label and the one the small model
/// scored most likely.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct LabelPair {
    /// The sample's label for the item.
    pub expected: String,
    /// The label the small model picked.
    pub predicted: String,
}

/// The counts of a classify task: `counts[e][p]` items whose expected label is `labels[e]`
/// and whose predicted label is `labels[p]` (rows expected, columns predicted). The sum of
/// every cell is the number of items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Confusion {
    /// The label set, in the order given (the `--labels` order).
    pub labels: Vec<String>,
    /// `labels.len()` rows of `labels.len()` counts.
    pub counts: Vec<Vec<u64>>,
}

/// Precision and recall of one label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct LabelStats {
    /// The label.
    pub label: String,
    /// Items whose expected label is this one (the row's sum).
    pub support: u64,
    /// Items the model labelled with it (the column's sum).
    pub predicted: u64,
    /// Items expected and predicted with it (the diagonal cell).
    pub true_positives: u64,
    /// true_positives / predicted; `None` when the model never predicted the label.
    pub precision: Option<f64>,
    /// true_positives / support; `None` when no item is expected to have the label.
    pub recall: Option<f64>,
}

impl Confusion {
    /// Counts `pairs` over `labels`. Errors: an empty label set ([`QualityError::NoLabels`]),
    /// a label listed twice (`labels[i]`), an expected or predicted label outside the set
    /// (`items[i].expected`, `items[i].predicted`).
    pub fn new(labels: &[String], pairs: &[LabelPair]) -> Result<Self, QualityError> {
        if labels.is_empty() {
            return Err(QualityError::NoLabels);
        }
        for (index, label) in labels.iter().enumerate() {
            if labels[..index].contains(label) {
                return Err(QualityError::DuplicateLabel {
                    index,
                    label: label.clone(),
                });
            }
        }
        let position = |index: usize, side: &'static str, label: &str| {
            labels
                .iter()
                .position(|l| l == label)
                .ok_or_else(|| QualityError::UnknownLabel {
                    index,
                    side,
                    label: label.to_owned(),
                })
        };
        let mut counts = vec![vec![0_u64; labels.len()]; labels.len()];
        for (index, pair) in pairs.iter().enumerate() {
            let e = position(index, "expected", &pair.expected)?;
            let p = position(index, "predicted", &pair.predicted)?;
            counts[e][p] += 1;
        }
        Ok(Self {
            labels: labels.to_vec(),
            counts,
        })
    }

    /// Items counted (the sum of every cell).
    pub fn total(&self) -> u64 {
        self.counts
            .iter()
            .flatten()
            .fold(0_u64, |sum, &count| sum.saturating_add(count))
    }

    /// Precision and recall of every label, in the label set's order:
    /// `precision(l) = counts[l][l] / Σₑ counts[e][l]`,
    /// `recall(l) = counts[l][l] / Σₚ counts[l][p]`.
    pub fn per_label(&self) -> Vec<LabelStats> {
        // Cells are read with `get` and summed saturating: a deserialised matrix may be
        // ragged or hold huge counts, and reading it must not panic.
        let cell = |e: usize, p: usize| {
            self.counts
                .get(e)
                .and_then(|row| row.get(p))
                .copied()
                .unwrap_or(0)
        };
        let width = self.labels.len();
        self.labels
            .iter()
            .enumerate()
            .map(|(l, label)| {
                let support = (0..width).fold(0_u64, |sum, p| sum.saturating_add(cell(l, p)));
                let predicted = (0..width).fold(0_u64, |sum, e| sum.saturating_add(cell(e, l)));
                let true_positives = cell(l, l);
                let share = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);
                LabelStats {
                    label: label.clone(),
                    support,
                    predicted,
                    true_positives,
                    precision: share(true_positives, predicted),
                    recall: share(true_positives, support),
                }
            })
            .collect()
    }
}
