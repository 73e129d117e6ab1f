//! From an eval's per-item answers to the figures it reports (docs/quality.md, "Results"):
//! how a match answer is compared with `expected` ([`MatchRule`]), and [`summarise`], which
//! puts accuracy, the classify confusion, the worst items and the cascade curve together.
//! The candle eval (`bench::eval`) produces the [`ItemAnswer`]s; everything after it is here,
//! so the CLI, the server and the browser show the same figures.

use std::collections::BTreeSet;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::cascade::{
    check_price, check_share, CascadeCurve, CascadePoint, CheapestThreshold, Threshold,
    LLM_PRICE_FIELD, SLM_PRICE_FIELD,
};
use crate::sample::{classify_answer_matches, Sample, Task};
use crate::stats::labels::{Confusion, LabelPair, LabelStats};
use crate::stats::{Accuracy, ItemOutcome, Outcomes};
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

/// The longest regular expression a [`MatchRule::Regex`] may be, in characters.
pub const MAX_PATTERN_CHARS: usize = 1_000;

/// How many wrong items [`EvalFigures::worst_items`] lists.
pub const WORST_ITEMS: usize = 20;

/// A [`MatchRule`] made ready to compare many answers: its regular expression compiled once.
#[derive(Debug, Clone)]
pub struct Matcher {
    rule: MatchRule,
    /// Regex: the user's pattern; normalised: Unicode punctuation (`\p{P}`).
    regex: Option<Regex>,
}

impl Matcher {
    /// Checks `rule` and compiles what it needs. Errors: a regex longer than
    /// [`MAX_PATTERN_CHARS`] or that does not compile (`match_rule.pattern`), a tolerance
    /// that is negative or not a number (`match_rule.tolerance`).
    pub fn new(rule: &MatchRule) -> Result<Self, QualityError> {
        let regex = match rule {
            MatchRule::Exact => None,
            MatchRule::Normalised => Some(Regex::new(r"\p{P}").map_err(|e| {
                invalid(
                    "match_rule",
                    format!("the punctuation pattern does not compile: {e}"),
                )
            })?),
            MatchRule::Regex { pattern } => {
                let chars = pattern.chars().count();
                if chars > MAX_PATTERN_CHARS {
                    return Err(invalid(
                        "match_rule.pattern",
                        format!("at most {MAX_PATTERN_CHARS} characters, got {chars}"),
                    ));
                }
                if pattern.is_empty() {
                    return Err(invalid("match_rule.pattern", "is empty".into()));
                }
                Some(Regex::new(pattern).map_err(|e| {
                    invalid(
                        "match_rule.pattern",
                        format!("not a regular expression: {}", one_line(&e.to_string())),
                    )
                })?)
            }
            MatchRule::Numeric { tolerance } => {
                if !(tolerance.is_finite() && *tolerance >= 0.0) {
                    return Err(QualityError::OutOfRange {
                        field: "match_rule.tolerance",
                        expected: "a finite number of at least 0".into(),
                        value: *tolerance,
                    });
                }
                None
            }
        };
        Ok(Self {
            rule: rule.clone(),
            regex,
        })
    }

    /// The rule.
    pub fn rule(&self) -> &MatchRule {
        &self.rule
    }

    /// Whether `answer` matches `expected`:
    /// - exact: equal after trimming surrounding whitespace;
    /// - normalised: equal after [`normalise`] (lowercase, Unicode punctuation removed,
    ///   whitespace runs collapsed to one space, trimmed);
    /// - regex: the pattern is found in the answer (anchor it with `^…$` for a whole match;
    ///   `expected` is not used);
    /// - numeric: the first number in the answer ([`first_number`]) is within the tolerance
    ///   of the first number in `expected`; an answer without a number does not match.
    ///
    /// Errors: numeric, and `expected` has no number (field `expected`; [`summarise`]
    /// names the item).
    pub fn matches(&self, answer: &str, expected: &str) -> Result<bool, QualityError> {
        Ok(match (&self.rule, &self.regex) {
            (MatchRule::Exact, _) => answer.trim() == expected.trim(),
            (MatchRule::Normalised, Some(punctuation)) => {
                normalise_with(punctuation, answer) == normalise_with(punctuation, expected)
            }
            (MatchRule::Regex { .. }, Some(regex)) => regex.is_match(answer),
            (MatchRule::Numeric { tolerance }, _) => {
                let want = first_number(expected).ok_or_else(|| {
                    invalid(
                        "expected",
                        format!("numeric match needs a number, got {:?}", clip(expected)),
                    )
                })?;
                first_number(answer).is_some_and(|got| (got - want).abs() <= *tolerance)
            }
            // `new` compiles a regex for both rules that need one.
            (MatchRule::Normalised | MatchRule::Regex { .. }, None) => false,
        })
    }
}

/// Whether a match task's `answer` matches `expected` under `rule` ([`Matcher::matches`]; to
/// compare many answers, build the [`Matcher`] once). Errors: a regex that does not compile
/// (`match_rule.pattern`), a `expected` without a number under `numeric`.
pub fn answer_matches(
    rule: &MatchRule,
    answer: &str,
    expected: &str,
) -> Result<bool, QualityError> {
    Matcher::new(rule)?.matches(answer, expected)
}

/// The normalised form the `normalised` rule compares: lowercase, every Unicode punctuation
/// character (`\p{P}`: `. , ; : ! ? ' " ( ) [ ] { } - _ / \ @ # % & *`, `¿ « » — …` and the
/// like) removed, whitespace runs collapsed to one space, trimmed. Symbols (`$ + < = > ^ |
/// ~ €`) are kept; "3.5" becomes "35", so numbers are better compared by `numeric`.
pub fn normalise(text: &str) -> String {
    match Regex::new(r"\p{P}") {
        Ok(punctuation) => normalise_with(&punctuation, text),
        // The pattern is fixed and valid; fall back to ASCII punctuation all the same.
        Err(_) => text
            .chars()
            .filter(|c| !c.is_ascii_punctuation())
            .collect::<String>()
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn normalise_with(punctuation: &Regex, text: &str) -> String {
    let lower = text.to_lowercase();
    punctuation
        .replace_all(&lower, "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first number in `text`, as the `numeric` rule reads it: an optional sign (`-`, `+` or
/// `−` U+2212) right before the digits, digits with optional thousands separators (a comma
/// followed by exactly three digits: "1,234,567" is 1234567, "1,5" is 1 and "12,3456" is 12),
/// then an optional decimal point and digits ("3.25", ".5", "7."). No exponent: "1e3" is 1.
/// None when `text` has no digit.
pub fn first_number(text: &str) -> Option<f64> {
    let chars: Vec<char> = text.chars().collect();
    let digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    // The first digit, or a decimal point right before one.
    let start = (0..chars.len()).find(|&i| digit(i) || (chars[i] == '.' && digit(i + 1)))?;
    let negative = start > 0 && matches!(chars[start - 1], '-' | '−');
    let mut number = String::new();
    let mut i = start;
    let mut group = 0;
    while digit(i) {
        number.push(chars[i]);
        group += 1;
        i += 1;
    }
    // Thousands separators: only after a first group of 1 to 3 digits, each "," + 3 digits
    // not followed by a fourth.
    if (1..=3).contains(&group) {
        while chars.get(i) == Some(&',')
            && digit(i + 1)
            && digit(i + 2)
            && digit(i + 3)
            && !digit(i + 4)
        {
            number.extend(&chars[i + 1..i + 4]);
            i += 4;
        }
    }
    if chars.get(i) == Some(&'.') && (digit(i + 1) || !number.is_empty()) {
        number.push('.');
        i += 1;
        while digit(i) {
            number.push(chars[i]);
            i += 1;
        }
    }
    if number.starts_with('.') {
        number.insert(0, '0');
    }
    if number.ends_with('.') {
        number.pop();
    }
    let value: f64 = number.parse().ok()?;
    Some(if negative { -value } else { value })
}

/// Checks what [`summarise`] will need before the model runs (an eval can take an hour): the
/// match rule compiles, every `expected` has a number under `numeric`, each item's LLM
/// correctness is known or `llm_quality` stands for it, (numeric) every `expected`'s number
/// is finite, `min_quality` and `llm_quality` are
/// shares, prices are finite and ≥ 0.
pub fn check_options(sample: &Sample, options: &SummaryOptions) -> Result<(), QualityError> {
    Matcher::new(&options.match_rule)?;
    for (field, value) in [
        ("llm_quality", options.llm_quality),
        ("min_quality", options.min_quality),
    ] {
        if let Some(value) = value {
            check_share(field, value)?;
        }
    }
    if let Some((slm, llm)) = options.prices {
        check_price(SLM_PRICE_FIELD, slm)?;
        check_price(LLM_PRICE_FIELD, llm)?;
    }
    if sample.task == Task::Match {
        if let MatchRule::Numeric { .. } = options.match_rule {
            for item in &sample.items {
                match first_number(&item.expected) {
                    None => {
                        return Err(item_field(
                            "items",
                            item.line,
                            "expected",
                            "numeric match needs a number",
                        ))
                    }
                    Some(number) if !number.is_finite() => {
                        return Err(item_field(
                            "items",
                            item.line,
                            "expected",
                            "numeric match needs a finite number (this one is too large for a 64-bit float)",
                        ))
                    }
                    Some(_) => {}
                }
            }
        }
    }
    if options.llm_quality.is_none() {
        let missing = sample
            .items
            .iter()
            .filter(|i| i.llm_correct.is_none() && i.llm_output.is_none())
            .count();
        if missing > 0 {
            return Err(invalid(
                "llm_quality",
                format!(
                    "{missing} of {} items carry neither llm_correct nor llm_output; give the \
                     LLM's expected accuracy (0 to 1) to stand for them in the cascade",
                    sample.items.len()
                ),
            ));
        }
    }
    Ok(())
}

/// The figures of `answers` (one per item of `sample`, in order). Errors name the field.
///
/// - accuracy: [`Outcomes::accuracy`] over the answers' `correct`;
/// - classify: the confusion over `sample.labels` (rows expected, columns answered) and
///   per-label precision and recall; every answer must be a label, and `correct` must say
///   whether it is the expected one (`answers[i].correct`);
/// - the worst items: up to [`WORST_ITEMS`] wrong answers, lowest confidence first;
/// - the LLM's correctness per item: `llm_correct` where given, else `llm_output` compared
///   by the task's rule (classify: [`classify_answer_matches`]; match: the [`Matcher`]);
///   `llm_accuracy` over the items that have it;
/// - the cascade curve ([`CascadeCurve::new`] with `llm_quality` for the other items),
///   thinned to [`MAX_CURVE_POINTS`] by [`thin_curve`]; the threshold meeting `min_quality`
///   by its lower bound with the least escalation, and the cheapest under `prices`.
pub fn summarise(
    sample: &Sample,
    answers: &[ItemAnswer],
    options: &SummaryOptions,
) -> Result<EvalFigures, QualityError> {
    if answers.len() != sample.items.len() {
        return Err(invalid(
            "answers",
            format!(
                "{} answers for {} items; one per item, in order",
                answers.len(),
                sample.items.len()
            ),
        ));
    }
    if let Some((index, (answer, item))) = answers
        .iter()
        .zip(&sample.items)
        .enumerate()
        .find(|(_, (answer, item))| answer.line != item.line)
    {
        return Err(invalid(
            "answers",
            format!(
                "answer {} is for line {}, but item {} is line {}; one per item, in order",
                index + 1,
                answer.line,
                index + 1,
                item.line
            ),
        ));
    }
    let matcher = Matcher::new(&options.match_rule)?;

    let mut outcomes = Vec::with_capacity(answers.len());
    let mut pairs = Vec::new();
    for (answer, item) in answers.iter().zip(&sample.items) {
        if sample.task == Task::Classify {
            let right = answer.answer == item.expected;
            if answer.correct != right {
                return Err(item_field(
                    "answers",
                    item.line,
                    "correct",
                    &format!(
                        "says {} for answer {:?} and expected {:?}",
                        answer.correct, answer.answer, item.expected
                    ),
                ));
            }
            pairs.push(LabelPair {
                expected: item.expected.clone(),
                predicted: answer.answer.clone(),
            });
        }
        let llm_correct = match (item.llm_correct, &item.llm_output) {
            (Some(correct), _) => Some(correct),
            (None, Some(output)) => Some(match sample.task {
                Task::Classify => classify_answer_matches(output, &item.expected),
                Task::Match => matcher
                    .matches(output, &item.expected)
                    .map_err(|e| name_item(e, item.line))?,
            }),
            (None, None) => None,
        };
        outcomes.push(ItemOutcome {
            correct: answer.correct,
            confidence: answer.confidence,
            llm_correct,
        });
    }
    let outcomes = Outcomes::new(outcomes).map_err(|e| at_line(e, sample))?;
    let accuracy = outcomes.accuracy();

    let (confusion, per_label) = match sample.task {
        Task::Classify => {
            let confusion =
                Confusion::new(&sample.labels, &pairs).map_err(|e| at_line(e, sample))?;
            let per_label = confusion.per_label();
            (Some(confusion), per_label)
        }
        Task::Match => (None, Vec::new()),
    };

    let worst_items = outcomes
        .worst_items(WORST_ITEMS)
        .into_iter()
        .map(|i| WorstItem {
            line: sample.items[i].line,
            input: sample.items[i].input.clone(),
            expected: sample.items[i].expected.clone(),
            answer: answers[i].answer.clone(),
            confidence: answers[i].confidence,
        })
        .collect();

    let graded: Vec<ItemOutcome> = outcomes
        .items()
        .iter()
        .filter_map(|item| {
            item.llm_correct.map(|correct| ItemOutcome {
                correct,
                confidence: 0.0,
                llm_correct: None,
            })
        })
        .collect();
    let llm_accuracy = if graded.is_empty() {
        None
    } else {
        Some(Outcomes::new(graded)?.accuracy())
    };

    let curve =
        CascadeCurve::new(&outcomes, options.llm_quality).map_err(|e| at_line(e, sample))?;
    let meeting_floor = match options.min_quality {
        Some(floor) => curve.meeting_floor(floor)?.first().copied(),
        None => None,
    };
    let cheapest = match (options.min_quality, options.prices) {
        (Some(floor), Some((slm, llm))) => curve.cheapest(floor, slm, llm)?,
        _ => None,
    };
    let mut keep: Vec<Threshold> = Vec::new();
    keep.extend(meeting_floor.map(|p| p.threshold));
    keep.extend(cheapest.map(|c| c.point.threshold));
    let cascade = thin_curve(&curve, MAX_CURVE_POINTS, &keep);

    Ok(EvalFigures {
        accuracy,
        confusion,
        per_label,
        worst_items,
        llm_accuracy,
        cascade,
        min_quality: options.min_quality,
        meeting_floor,
        cheapest,
    })
}

/// `curve` with at most `max_points` points (when it has more): the first and last points
/// (θ = −∞ and +∞), the points at the thresholds in `keep`, and, in the s slots left, the
/// first point at or past each escalation rate k/(s + 1), k = 1…s (evenly spaced between
/// the ends), in the curve's order. A
/// point is never listed twice, and the figures of a kept point are unchanged. When the
/// ends and `keep` alone pass `max_points`, they are all kept.
pub fn thin_curve(curve: &CascadeCurve, max_points: usize, keep: &[Threshold]) -> CascadeCurve {
    let points = &curve.points;
    if points.len() <= max_points {
        return curve.clone();
    }
    let last = points.len() - 1;
    let mut chosen: BTreeSet<usize> = [0, last].into_iter().collect();
    for threshold in keep {
        if let Some(i) = points.iter().position(|p| p.threshold == *threshold) {
            chosen.insert(i);
        }
    }
    let slots = max_points.saturating_sub(chosen.len());
    // The ends are kept already: the targets are the interior k/(slots + 1). Escalation never
    // decreases along the curve, so each target's point is the first at or past it.
    for k in 1..=slots {
        let target = k as f64 / (slots + 1) as f64;
        let i = points.partition_point(|p| p.escalation < target).min(last);
        chosen.insert(i);
    }
    CascadeCurve {
        points: chosen.into_iter().map(|i| points[i]).collect(),
        ..curve.clone()
    }
}

/// The label a scenario carries when its routing is set from an eval: [`label_for`], the
/// demo told by its display name ([`demo_display_name`](crate::sample::demo_display_name)).
/// Prefer [`label_for`], which is told whether the sample is the demo.
pub fn label(sample_name: &str, figures: &EvalFigures) -> String {
    if sample_name == crate::sample::demo_display_name() {
        label_for(crate::sample::DEMO_SAMPLE_NAME, true, figures)
    } else {
        label_for(sample_name, false, figures)
    }
}

/// The label a scenario carries when its routing is set from an eval: "measured on 168 items
/// of the demo sample support-intent.jsonl (95 % interval 35.0 %–49.8 %)", the accuracy's
/// two-sided Wilson interval with one decimal. `sample_name` is the file's name (for the
/// demo, [`DEMO_SAMPLE_NAME`](crate::sample::DEMO_SAMPLE_NAME)); `is_demo` says "the demo
/// sample" before it.
pub fn label_for(sample_name: &str, is_demo: bool, figures: &EvalFigures) -> String {
    let interval = figures.accuracy.interval_95;
    let sample = if is_demo {
        format!("the demo sample {sample_name}")
    } else {
        sample_name.to_string()
    };
    format!(
        "measured on {} items of {sample} (95 % interval {:.1} %–{:.1} %)",
        grouped(figures.accuracy.n as u64),
        interval.low * 100.0,
        interval.high * 100.0
    )
}

/// `12345` as `12,345`.
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

fn invalid(field: &str, reason: String) -> QualityError {
    QualityError::Invalid {
        field: field.to_string(),
        reason,
    }
}

/// An error about one item, named by the sample's line: field `items[line 4].expected`.
fn item_field(list: &str, line: u64, field: &str, reason: &str) -> QualityError {
    invalid(&format!("{list}[line {line}].{field}"), reason.to_string())
}

/// A matcher's error about `expected`, named as the item's field by its line.
fn name_item(error: QualityError, line: u64) -> QualityError {
    match error {
        QualityError::Invalid { field, reason } if field == "expected" => {
            item_field("items", line, "expected", &reason)
        }
        other => other,
    }
}

/// An error the statistics name by an item's position (`items[2].confidence`), named by the
/// sample's line instead (`items[line 3].confidence`), as every error about an item is.
fn at_line(error: QualityError, sample: &Sample) -> QualityError {
    let line = |index: usize| sample.items.get(index).map_or(index as u64 + 1, |i| i.line);
    let reason = |e: &QualityError| {
        let text = e.to_string();
        text.split_once(": ")
            .map_or(text.clone(), |(_, reason)| reason.to_string())
    };
    match &error {
        QualityError::Confidence { index, .. } => {
            item_field("items", line(*index), "confidence", &reason(&error))
        }
        QualityError::MissingLlm { index } => {
            item_field("items", line(*index), "llm_correct", &reason(&error))
        }
        QualityError::UnknownLabel { index, side, .. } => {
            item_field("items", line(*index), side, &reason(&error))
        }
        _ => error,
    }
}

/// At most 80 characters of a text, for an error message.
fn clip(text: &str) -> String {
    let mut clipped: String = text.chars().take(80).collect();
    if clipped.len() < text.len() {
        clipped.push('…');
    }
    clipped
}

/// The regex crate's multi-line error on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
