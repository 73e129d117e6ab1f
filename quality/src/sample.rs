//! The labelled sample an eval runs on: JSONL, one item a line,
//! `{"input": "…", "expected": "…"}` with the LLM's answer (`"llm_output": "…"`) or its
//! grade (`"llm_correct": true`) when the team has them.
//!
//! [`read_sample`] reads a [`std::io::BufRead`] line by line: a line is at most
//! [`MAX_LINE_BYTES`], the sample at most [`MAX_ITEMS`] items and [`MAX_SAMPLE_BYTES`], so
//! memory is bounded whatever the input. Every bad line is reported with its line number and
//! field, all of them at once (the first [`MAX_LISTED_PROBLEMS`] listed, the rest counted).
//! The sample's sha256 (of the bytes exactly as read) is computed on the way, for the eval's
//! reproducibility record.

mod error;
mod line;

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::io::{BufRead, Read};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use error::{LineProblem, SampleError};

/// The longest line read, in bytes, newline included (64 KiB). An item is a short text and its
/// label; a longer line is most likely not JSONL at all (a JSON array on one line).
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// The most items a sample holds (100,000). A sample past it is refused with its item count;
/// the count past the limit is read without storing anything.
pub const MAX_ITEMS: usize = 100_000;
/// The most bytes a sample holds (64 MiB): with [`MAX_LINE_BYTES`] alone, 100,000 long lines
/// would be 6.4 GiB in memory.
pub const MAX_SAMPLE_BYTES: u64 = 64 * 1024 * 1024;
/// The most labels a classify task scores (100): each label is one scoring pass per item.
pub const MAX_LABELS: usize = 100;
/// How many problems a refused sample lists; the rest are counted.
pub const MAX_LISTED_PROBLEMS: usize = 20;

/// The demo sample shipped with Breakeven (docs/quality.md, "The demo sample"): 168 support
/// messages, four intents (`account`, `billing`, `shipping`, `technical`), a third of them
/// graded for the LLM (`llm_correct`). Read it with [`read_sample`] like any other.
pub const DEMO_SAMPLE: &str = include_str!("../data/support-intent.jsonl");
/// The demo sample's file name, as results name it (with "(demo)" after it where shown:
/// [`demo_display_name`]).
pub const DEMO_SAMPLE_NAME: &str = "support-intent.jsonl";

/// The demo sample's name as results show it: "support-intent.jsonl (demo)".
pub fn demo_display_name() -> String {
    format!("{DEMO_SAMPLE_NAME} (demo)")
}

/// What the eval asks the model to do with an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// Pick one of a fixed set of labels; `expected` is one of them.
    Classify,
    /// Generate an answer that is matched against `expected`.
    Match,
}

/// One labelled item of a sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct EvalItem {
    /// The line of the sample the item was read from (1-based), to point at it in results.
    pub line: u64,
    /// The text the model is given (non-empty).
    pub input: String,
    /// The right answer: for classify one of the sample's labels, for match the text to match
    /// (non-empty).
    pub expected: String,
    /// The LLM's own answer on this item, when the team has it.
    pub llm_output: Option<String>,
    /// Whether the LLM was right on this item, when the team graded it. For classify, given
    /// with `llm_output`, it agrees with [`classify_answer_matches`] (checked on reading).
    pub llm_correct: Option<bool>,
}

/// A sample as read: its items in file order, the label set, and its sha256.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Sample {
    /// The task the sample was checked for.
    pub task: Task,
    /// Classify: the labels as given (`--labels`, in that order) or, when none were given,
    /// every distinct `expected` in sorted order (at least two). Match: empty.
    pub labels: Vec<String>,
    /// The items, in file order (at least one, at most [`MAX_ITEMS`]).
    pub items: Vec<EvalItem>,
    /// The sha256 of the bytes read, blank lines included, as 64 lowercase hex digits: the
    /// same as `sha256sum` of the file.
    pub sha256: String,
    /// The bytes read.
    pub bytes: u64,
}

impl Sample {
    /// Classify: each label with the number of items expecting it, in [`Sample::labels`]'
    /// order. Match: empty.
    pub fn label_counts(&self) -> Vec<(&str, usize)> {
        self.labels
            .iter()
            .map(|label| {
                let count = self.items.iter().filter(|i| &i.expected == label).count();
                (label.as_str(), count)
            })
            .collect()
    }

    /// The items that carry the LLM's answer or grade (`llm_output` or `llm_correct`).
    pub fn llm_graded(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.llm_output.is_some() || i.llm_correct.is_some())
            .count()
    }
}

/// Whether an answer names the expected label, for classify: equal once surrounding
/// whitespace is trimmed, ignoring case (an LLM answering "Billing" for `billing` is right).
pub fn classify_answer_matches(answer: &str, expected: &str) -> bool {
    answer.trim().to_lowercase() == expected.trim().to_lowercase()
}

/// Reads a sample for `task` from `reader`, line by line.
///
/// `labels` is classify's label set (`--labels`); without it the labels are the distinct
/// `expected` values. Blank lines are skipped; a leading UTF-8 byte order mark and `\r\n`
/// line ends are accepted.
///
/// Errors: the reader fails; `labels` is unusable (fewer than two, empty, repeated, more than
/// [`MAX_LABELS`], or given for match); a line is longer than [`MAX_LINE_BYTES`]; the sample
/// passes [`MAX_ITEMS`] or [`MAX_SAMPLE_BYTES`]; it has no item; or lines are bad
/// ([`SampleError::Invalid`]: not JSON, not an object, an unknown or repeated key, `input` or
/// `expected` missing, not a string or empty, a label not in `labels`, `llm_output` not a
/// string, `llm_correct` not a boolean or disagreeing with `llm_output`, an input repeating
/// an earlier line's).
pub fn read_sample<R: BufRead>(
    mut reader: R,
    task: Task,
    labels: Option<&[String]>,
) -> Result<Sample, SampleError> {
    if let Some(given) = labels {
        check_labels(task, given)?;
    }
    let mut state = Reading {
        task,
        labels,
        items: Vec::new(),
        seen: HashMap::new(),
        hasher: RandomState::new(),
        distinct: Vec::new(),
        problems: Vec::new(),
        bad_lines: 0,
    };
    let mut sha = Sha256::new();
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    let mut bytes = 0u64;
    let mut non_blank = 0usize;
    loop {
        buf.clear();
        let read = (&mut reader)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| SampleError::Read {
                line: line_no + 1,
                message: e.to_string(),
            })?;
        if read == 0 {
            break;
        }
        line_no += 1;
        if read > MAX_LINE_BYTES {
            return Err(SampleError::LineTooLong {
                line: line_no,
                max: MAX_LINE_BYTES,
            });
        }
        bytes += read as u64;
        if bytes > MAX_SAMPLE_BYTES {
            return Err(SampleError::TooLarge {
                line: line_no,
                max: MAX_SAMPLE_BYTES,
            });
        }
        sha.update(&buf);
        let mut content: &[u8] = &buf;
        if line_no == 1 {
            content = content.strip_prefix(b"\xef\xbb\xbf").unwrap_or(content);
        }
        if content.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        non_blank += 1;
        if non_blank > MAX_ITEMS {
            let rest = count_items(&mut reader, line_no + 1)?;
            return Err(SampleError::TooManyItems {
                items: MAX_ITEMS as u64 + 1 + rest,
                max: MAX_ITEMS,
            });
        }
        match std::str::from_utf8(content) {
            Ok(text) => state.line(line_no, text.trim()),
            Err(e) => state.bad_line(line_no, None, format!("not UTF-8 text ({e})")),
        }
    }
    state.finish(sha, bytes)
}

/// Refuses a `--labels` list that cannot be scored.
fn check_labels(task: Task, labels: &[String]) -> Result<(), SampleError> {
    let reason = if task == Task::Match {
        Some("apply to classify only".to_string())
    } else if labels.len() < 2 {
        Some(format!("need at least two labels, got {}", labels.len()))
    } else if labels.len() > MAX_LABELS {
        Some(format!("at most {MAX_LABELS} labels, got {}", labels.len()))
    } else if let Some(i) = labels.iter().position(|l| l.trim().is_empty()) {
        Some(format!("label {} is empty", i + 1))
    } else {
        labels
            .iter()
            .enumerate()
            .find(|(i, l)| labels[..*i].contains(l))
            .map(|(_, l)| format!("\"{l}\" is given twice"))
    };
    match reason {
        Some(reason) => Err(SampleError::Labels(reason)),
        None => Ok(()),
    }
}

/// Counts the non-blank lines left in `reader` without storing them (a sample past
/// [`MAX_ITEMS`] is refused with its size). `line` is the first line's number, for errors.
fn count_items<R: BufRead>(reader: &mut R, line: u64) -> Result<u64, SampleError> {
    let mut count = 0u64;
    let mut in_item = false;
    let mut line = line;
    loop {
        let chunk = reader.fill_buf().map_err(|e| SampleError::Read {
            line,
            message: e.to_string(),
        })?;
        if chunk.is_empty() {
            break;
        }
        for &byte in chunk {
            if byte == b'\n' {
                count += u64::from(in_item);
                in_item = false;
                line += 1;
            } else if !byte.is_ascii_whitespace() {
                in_item = true;
            }
        }
        let consumed = chunk.len();
        reader.consume(consumed);
    }
    Ok(count + u64::from(in_item))
}

/// What the read has gathered so far.
struct Reading<'a> {
    task: Task,
    labels: Option<&'a [String]>,
    items: Vec<EvalItem>,
    /// Items by a hash of their input, to find a repeated input in one lookup without keeping
    /// every input twice.
    seen: HashMap<u64, Vec<usize>>,
    /// Randomly keyed (where the platform has randomness), so a crafted sample cannot make
    /// every input collide and the lookup quadratic.
    hasher: RandomState,
    /// Classify without `--labels`: the distinct expected values so far.
    distinct: Vec<String>,
    problems: Vec<LineProblem>,
    bad_lines: u64,
}

impl Reading<'_> {
    /// A line with one problem.
    fn bad_line(&mut self, line: u64, field: Option<&'static str>, reason: String) {
        self.bad_lines += 1;
        self.problem(line, field, reason);
    }

    fn problem(&mut self, line: u64, field: Option<&'static str>, reason: String) {
        if self.problems.len() < MAX_LISTED_PROBLEMS {
            self.problems.push(LineProblem {
                line,
                field: field.map(str::to_string),
                reason,
            });
        }
    }

    /// Checks one non-blank line and keeps its item, or records every problem it has.
    fn line(&mut self, line_no: u64, text: &str) {
        let item = match line::parse(self.task, self.labels, line_no, text) {
            Ok(item) => item,
            Err(problems) => {
                self.bad_lines += 1;
                for (field, reason) in problems {
                    self.problem(line_no, field, reason);
                }
                return;
            }
        };
        let key = self.hasher.hash_one(&item.input);
        let earlier = self
            .seen
            .get(&key)
            .and_then(|idx| idx.iter().find(|&&i| self.items[i].input == item.input))
            .map(|&i| self.items[i].line);
        if let Some(earlier) = earlier {
            self.bad_line(line_no, Some("input"), format!("repeats line {earlier}"));
            return;
        }
        if self.task == Task::Classify
            && self.labels.is_none()
            && !self.distinct.contains(&item.expected)
        {
            if self.distinct.len() == MAX_LABELS {
                self.bad_line(
                    line_no,
                    Some("expected"),
                    format!(
                        "\"{}\" would be label {}; classify scores at most {MAX_LABELS}",
                        item.expected,
                        MAX_LABELS + 1
                    ),
                );
                return;
            }
            self.distinct.push(item.expected.clone());
        }
        self.seen.entry(key).or_default().push(self.items.len());
        self.items.push(item);
    }

    fn finish(mut self, sha: Sha256, bytes: u64) -> Result<Sample, SampleError> {
        if self.bad_lines > 0 {
            return Err(SampleError::Invalid {
                bad_lines: self.bad_lines,
                problems: self.problems,
            });
        }
        if self.items.is_empty() {
            return Err(SampleError::Empty);
        }
        let labels = match (self.task, self.labels) {
            (Task::Match, _) => Vec::new(),
            (Task::Classify, Some(given)) => given.to_vec(),
            (Task::Classify, None) => {
                self.distinct.sort();
                if self.distinct.len() < 2 {
                    return Err(SampleError::OneLabel {
                        label: self.distinct.concat(),
                    });
                }
                self.distinct
            }
        };
        let sha256 = sha.finalize().iter().map(|b| format!("{b:02x}")).collect();
        Ok(Sample {
            task: self.task,
            labels,
            items: self.items,
            sha256,
            bytes,
        })
    }
}
