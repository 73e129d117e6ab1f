//! Why a sample was refused.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why [`super::read_sample`] refused a sample. Each message names the line (1-based) and
/// the field where there is one.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SampleError {
    /// The reader failed (a file that cannot be read, a network body cut off).
    #[error("line {line}: the sample could not be read: {message}")]
    Read {
        /// The line being read when it failed.
        line: u64,
        /// The reader's own error.
        message: String,
    },
    /// `--labels` cannot be scored (the reason says why).
    #[error("--labels: {0}")]
    Labels(String),
    /// A line past [`super::MAX_LINE_BYTES`]; a sample is one JSON object per line.
    #[error("line {line}: longer than {max} bytes (a sample is one JSON object per line)")]
    LineTooLong {
        /// The line.
        line: u64,
        /// [`super::MAX_LINE_BYTES`].
        max: usize,
    },
    /// The sample passes [`super::MAX_SAMPLE_BYTES`].
    #[error("line {line}: the sample passes {} MiB; sample fewer or shorter items", max / (1024 * 1024))]
    TooLarge {
        /// The line that passed the limit.
        line: u64,
        /// [`super::MAX_SAMPLE_BYTES`].
        max: u64,
    },
    /// More than [`super::MAX_ITEMS`] items.
    #[error(
        "the sample has {} items, {} past the limit of {}; eval a random subset",
        grouped(*items),
        grouped(items.saturating_sub(*max as u64)),
        grouped(*max as u64)
    )]
    TooManyItems {
        /// Every non-blank line of the input, counted to the end.
        items: u64,
        /// [`super::MAX_ITEMS`].
        max: usize,
    },
    /// No item: an empty file, or only blank lines.
    #[error(
        "the sample is empty: no items (one JSON object per line: {{\"input\": \"…\", \"expected\": \"…\"}})"
    )]
    Empty,
    /// Classify without `--labels`, and every item expects the same label.
    #[error("expected: every item is \"{label}\"; classify needs at least two labels")]
    OneLabel {
        /// The one label.
        label: String,
    },
    /// Bad lines, every problem listed (the first [`super::MAX_LISTED_PROBLEMS`]).
    #[error("{}", invalid(*bad_lines, problems))]
    Invalid {
        /// How many lines are bad.
        bad_lines: u64,
        /// The first problems, in line order.
        problems: Vec<LineProblem>,
    },
}

/// One problem of one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineProblem {
    /// The line (1-based).
    pub line: u64,
    /// The key at fault (`input`, `expected`, `llm_output`, `llm_correct`), when it is one.
    pub field: Option<String>,
    /// What is wrong, in words.
    pub reason: String,
}

impl fmt::Display for LineProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "line {}: {field}: {}", self.line, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

fn invalid(bad_lines: u64, problems: &[LineProblem]) -> String {
    let lines = if bad_lines == 1 { "line" } else { "lines" };
    let listed: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let mut text = format!("{} bad {lines}: {}", grouped(bad_lines), listed.join("; "));
    let listed_lines = problems
        .iter()
        .map(|p| p.line)
        .collect::<std::collections::BTreeSet<_>>()
        .len() as u64;
    if bad_lines > listed_lines {
        text.push_str(&format!(
            "; and {} more lines",
            grouped(bad_lines - listed_lines)
        ));
    }
    text
}

/// `100001` as `100,001`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
