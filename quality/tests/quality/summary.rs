//! From answers to figures (`quality::summary`): every match rule on cases worked by hand,
//! `summarise` on a 10-item classify sample counted by hand, the cascade of the eight items
//! of `cascade.rs` through `summarise`, the curve's thinning, the scenario label, and bad
//! input named by its field.

use proptest::prelude::*;
use quality::sample::{demo_display_name, EvalItem, Sample, Task, DEMO_SAMPLE_NAME};
use quality::summary::{
    answer_matches, check_options, first_number, label, label_for, normalise, summarise,
    thin_curve, ItemAnswer, MatchRule, SummaryOptions, MAX_CURVE_POINTS, MAX_PATTERN_CHARS,
};
use quality::{CascadeCurve, ItemOutcome, Outcomes, QualityError, Threshold};

use crate::close;

fn field_of(error: QualityError) -> String {
    match error {
        QualityError::Invalid { field, .. } => field,
        QualityError::OutOfRange { field, .. } => field.to_string(),
        QualityError::MissingLlm { index } => format!("items[{index}].llm_correct"),
        other => format!("{other:?}"),
    }
}

#[test]
fn exact_and_normalised_rules_worked_by_hand() {
    // (answer, expected, exact, normalised)
    let table = [
        // Surrounding whitespace is trimmed by both.
        ("  Paris \n", "Paris", true, true),
        // Case: only normalised folds it.
        ("paris", "Paris", false, true),
        // Punctuation: "PARIS." → "paris".
        ("PARIS.", "paris", false, true),
        // Inner whitespace runs collapse; the hyphen and "!!" are removed:
        // "  The  Eiffel-Tower!! " → "the eiffeltower".
        ("  The  Eiffel-Tower!! ", "the eiffeltower", false, true),
        // Unicode punctuation (¿ ? « » …) goes too; accents stay: "¿Qué?" → "qué".
        ("¿Qué?", "qué", false, true),
        ("«Oui…»", "oui", false, true),
        ("qué", "que", false, false),
        // Removing a space is not folding it: "a b" ≠ "ab".
        ("a b", "ab", false, false),
        // Symbols are not punctuation: "$5" → "$5" ≠ "5".
        ("$5", "5", false, false),
        ("Paris", "London", false, false),
    ];
    for (answer, expected, exact, normalised) in table {
        assert_eq!(
            answer_matches(&MatchRule::Exact, answer, expected).unwrap(),
            exact,
            "exact {answer:?} vs {expected:?}"
        );
        assert_eq!(
            answer_matches(&MatchRule::Normalised, answer, expected).unwrap(),
            normalised,
            "normalised {answer:?} vs {expected:?}"
        );
    }
    assert_eq!(normalise("  The  Eiffel-Tower!! "), "the eiffeltower");
    assert_eq!(normalise("Hello,\tWORLD ...  "), "hello world");
}

#[test]
fn regex_rule_searches_the_answer() {
    let rule = |pattern: &str| MatchRule::Regex {
        pattern: pattern.into(),
    };
    // (pattern, answer, matches); `expected` is not compared.
    let table = [
        (r"(?i)^yes\b", "Yes, it is.", true),
        (r"(?i)^yes\b", "Well, yes.", false),
        // Unanchored: found anywhere.
        (r"\b4[0-9]{2}\b", "The server said 404 twice", true),
        (r"\b4[0-9]{2}\b", "error 5040", false),
        (r"^\d+$", "42", true),
        (r"^\d+$", "42 apples", false),
    ];
    for (pattern, answer, matches) in table {
        assert_eq!(
            answer_matches(&rule(pattern), answer, "ignored").unwrap(),
            matches,
            "{pattern} on {answer:?}"
        );
    }
}

#[test]
fn numeric_rule_reads_the_first_number() {
    // first_number, worked by hand: sign right before the digits, "," + exactly three digits
    // is a thousands separator, "." the decimal point, no exponent.
    let numbers = [
        ("The answer is 42.", Some(42.0)),
        ("about 1,234 dollars", Some(1234.0)),
        ("1,234,567.5", Some(1_234_567.5)),
        ("-3.5 degrees", Some(-3.5)),
        ("−3.5 (U+2212)", Some(-3.5)),
        ("+7", Some(7.0)),
        (".5", Some(0.5)),
        ("7. Done", Some(7.0)),
        // "1,5": the comma is not followed by three digits, so the number is 1.
        ("1,5", Some(1.0)),
        // "12,3456": four digits after the comma, so 12.
        ("12,3456", Some(12.0)),
        // "1234,567": a first group of four digits has no separators, so 1234.
        ("1234,567", Some(1234.0)),
        ("1e3", Some(1.0)),
        ("between 5-10 days", Some(5.0)),
        ("no idea", None),
        ("", None),
    ];
    for (text, number) in numbers {
        assert_eq!(first_number(text), number, "{text:?}");
    }

    let within = |tolerance: f64, answer: &str, expected: &str| {
        answer_matches(&MatchRule::Numeric { tolerance }, answer, expected).unwrap()
    };
    // |41.6 − 42| = 0.4 ≤ 0.5; |41.4 − 42| = 0.6 > 0.5.
    assert!(within(0.5, "41.6", "42"));
    assert!(!within(0.5, "41.4", "42"));
    // Tolerance 0: exactly equal numbers, however written.
    assert!(within(0.0, "It costs $1,234.", "1234 USD"));
    assert!(within(0.0, "−3.5", "-3.5"));
    assert!(!within(0.0, "3.5", "-3.5"));
    // An answer with no number does not match.
    assert!(!within(100.0, "I don't know", "7"));
}

#[test]
fn bad_rules_and_expected_values_are_named() {
    let bad_regex = answer_matches(
        &MatchRule::Regex {
            pattern: "(unclosed".into(),
        },
        "a",
        "a",
    )
    .unwrap_err();
    assert_eq!(field_of(bad_regex.clone()), "match_rule.pattern");
    assert!(bad_regex.to_string().contains("not a regular expression"));

    let long = MatchRule::Regex {
        pattern: "a".repeat(MAX_PATTERN_CHARS + 1),
    };
    let err = answer_matches(&long, "a", "a").unwrap_err();
    assert_eq!(
        err.to_string(),
        "match_rule.pattern: at most 1000 characters, got 1001"
    );
    let exactly = MatchRule::Regex {
        pattern: "a".repeat(MAX_PATTERN_CHARS),
    };
    assert!(answer_matches(&exactly, &"a".repeat(1000), "").unwrap());

    let err = answer_matches(&MatchRule::Numeric { tolerance: 0.1 }, "3", "three").unwrap_err();
    assert_eq!(field_of(err), "expected");
    let err = answer_matches(&MatchRule::Numeric { tolerance: -1.0 }, "3", "3").unwrap_err();
    assert_eq!(field_of(err), "match_rule.tolerance");
    let err = answer_matches(
        &MatchRule::Numeric {
            tolerance: f64::NAN,
        },
        "3",
        "3",
    )
    .unwrap_err();
    assert_eq!(field_of(err), "match_rule.tolerance");
}

fn labels() -> Vec<String> {
    ["billing", "shipping", "account"]
        .map(String::from)
        .to_vec()
}

fn item(line: u64, expected: &str) -> EvalItem {
    EvalItem {
        line,
        input: format!("message {line}"),
        expected: expected.into(),
        llm_output: None,
        llm_correct: None,
    }
}

/// Ten classify items over billing, shipping, account (lines 1–10):
///
/// | line | expected | answer   | confidence | LLM                        |
/// |------|----------|----------|------------|----------------------------|
/// | 1    | billing  | billing  | 2.0        | llm_correct true           |
/// | 2    | billing  | shipping | 0.3        | llm_output " Billing" → ok |
/// | 3    | billing  | billing  | 1.5        | llm_output "shipping" → no |
/// | 4    | shipping | shipping | 1.2        |                            |
/// | 5    | shipping | shipping | 0.9        |                            |
/// | 6    | shipping | account  | 0.1        | llm_correct true           |
/// | 7    | shipping | shipping | 2.5        |                            |
/// | 8    | account  | account  | 0.8        |                            |
/// | 9    | account  | account  | 1.1        |                            |
/// | 10   | account  | account  | 3.0        |                            |
fn ten() -> (Sample, Vec<ItemAnswer>) {
    let rows = [
        ("billing", "billing", 2.0),
        ("billing", "shipping", 0.3),
        ("billing", "billing", 1.5),
        ("shipping", "shipping", 1.2),
        ("shipping", "shipping", 0.9),
        ("shipping", "account", 0.1),
        ("shipping", "shipping", 2.5),
        ("account", "account", 0.8),
        ("account", "account", 1.1),
        ("account", "account", 3.0),
    ];
    let mut items: Vec<EvalItem> = rows
        .iter()
        .enumerate()
        .map(|(i, (expected, _, _))| item(i as u64 + 1, expected))
        .collect();
    items[0].llm_correct = Some(true);
    items[1].llm_output = Some(" Billing".into());
    items[2].llm_output = Some("shipping".into());
    items[5].llm_correct = Some(true);
    let answers = rows
        .iter()
        .enumerate()
        .map(|(i, (expected, answer, confidence))| ItemAnswer {
            line: i as u64 + 1,
            answer: (*answer).into(),
            correct: expected == answer,
            confidence: *confidence,
        })
        .collect();
    let sample = Sample {
        task: Task::Classify,
        labels: labels(),
        items,
        sha256: "0".repeat(64),
        bytes: 0,
    };
    (sample, answers)
}

/// The same items read from a sample with a blank line before each: item i (0-based) is
/// line 2i + 2, so an error naming the line cannot be told from one naming the position.
fn spaced((mut sample, mut answers): (Sample, Vec<ItemAnswer>)) -> (Sample, Vec<ItemAnswer>) {
    for (i, (item, answer)) in sample.items.iter_mut().zip(&mut answers).enumerate() {
        item.line = 2 * i as u64 + 2;
        answer.line = item.line;
    }
    (sample, answers)
}

fn options(llm_quality: Option<f64>) -> SummaryOptions {
    SummaryOptions {
        match_rule: MatchRule::Normalised,
        llm_quality,
        min_quality: None,
        prices: None,
    }
}

#[test]
fn ten_classify_items_summarised_by_hand() {
    let (sample, answers) = ten();
    let figures = summarise(&sample, &answers, &options(Some(0.9))).unwrap();

    // 8 of 10 right (lines 2 and 6 wrong): the two-sided 95 % Wilson interval of 8/10 is
    // [0.490162, 0.943318] and the one-sided lower bound 0.540793 (wilson.rs).
    let accuracy = figures.accuracy;
    assert_eq!((accuracy.n, accuracy.correct), (10, 8));
    close(accuracy.accuracy, 0.8);
    close(accuracy.interval_95.low, 0.490162);
    close(accuracy.interval_95.high, 0.943318);
    close(accuracy.lower_95, 0.540793);

    // Rows expected, columns answered, in the label order billing, shipping, account:
    // billing 2 right, 1 answered shipping; shipping 3 right, 1 answered account; account 3.
    let confusion = figures.confusion.as_ref().unwrap();
    assert_eq!(confusion.labels, labels());
    assert_eq!(
        confusion.counts,
        vec![vec![2, 1, 0], vec![0, 3, 1], vec![0, 0, 3]]
    );
    // precision = diagonal / column, recall = diagonal / row:
    // billing 2/2, 2/3; shipping 3/4, 3/4; account 3/4, 3/3.
    let per_label: Vec<(&str, u64, u64, f64, f64)> = figures
        .per_label
        .iter()
        .map(|l| {
            (
                l.label.as_str(),
                l.support,
                l.predicted,
                l.precision.unwrap(),
                l.recall.unwrap(),
            )
        })
        .collect();
    assert_eq!(
        per_label,
        vec![
            ("billing", 3, 2, 1.0, 2.0 / 3.0),
            ("shipping", 4, 4, 0.75, 0.75),
            ("account", 3, 4, 0.75, 1.0),
        ]
    );

    // The wrong items, least confident first: line 6 (0.1) then line 2 (0.3).
    let worst: Vec<(u64, &str, &str, &str, f64)> = figures
        .worst_items
        .iter()
        .map(|w| {
            (
                w.line,
                w.input.as_str(),
                w.expected.as_str(),
                w.answer.as_str(),
                w.confidence,
            )
        })
        .collect();
    assert_eq!(
        worst,
        vec![
            (6, "message 6", "shipping", "account", 0.1),
            (2, "message 2", "billing", "shipping", 0.3),
        ]
    );

    // The LLM: line 1 right (llm_correct), line 2 right (" Billing" is billing once trimmed,
    // case ignored), line 3 wrong ("shipping" for billing), line 6 right: 3 of 4.
    let llm = figures.llm_accuracy.unwrap();
    assert_eq!((llm.n, llm.correct), (4, 3));
    assert_eq!(figures.cascade.llm_measured, 4);
    assert_eq!(figures.cascade.llm_quality, Some(0.9));
    // Ten distinct confidences: −∞, ten thresholds, +∞. At +∞ every item is the LLM's:
    // 3 measured right + 6 unmeasured × 0.9 = 8.4 of 10.
    assert_eq!(figures.cascade.points.len(), 12);
    close(figures.cascade.points[11].quality, 0.84);
    assert_eq!(figures.meeting_floor, None);
    assert_eq!(figures.cheapest, None);

    assert_eq!(
        label("tickets.jsonl", &figures),
        "measured on 10 items of tickets.jsonl (95 % interval 49.0 %–94.3 %)"
    );
    assert_eq!(
        label_for(DEMO_SAMPLE_NAME, true, &figures),
        "measured on 10 items of the demo sample support-intent.jsonl (95 % interval 49.0 %–94.3 %)"
    );
    // A team's own file is never "the demo sample", whatever its name.
    assert_eq!(
        label_for("support-intent.jsonl", false, &figures),
        "measured on 10 items of support-intent.jsonl (95 % interval 49.0 %–94.3 %)"
    );
    // `label` (kept for callers that have only the display name) agrees.
    assert_eq!(demo_display_name(), "support-intent.jsonl (demo)");
    assert_eq!(
        label(&demo_display_name(), &figures),
        label_for(DEMO_SAMPLE_NAME, true, &figures)
    );
}

#[test]
fn without_llm_quality_the_unmeasured_items_are_named() {
    let (sample, answers) = spaced(ten());
    // The fourth item (index 3, line 8 once spaced) is the first with neither llm_correct
    // nor llm_output: named by its line.
    let err = summarise(&sample, &answers, &options(None)).unwrap_err();
    assert_eq!(err.field(), "items[line 8].llm_correct");
    assert!(
        err.to_string()
            .starts_with("items[line 8].llm_correct: not given"),
        "{err}"
    );
    // check_options says so before the model runs: 6 of 10 items lack both.
    let err = check_options(&sample, &options(None)).unwrap_err();
    assert_eq!(field_of(err.clone()), "llm_quality");
    assert!(err.to_string().contains("6 of 10 items"), "{err}");
    check_options(&sample, &options(Some(0.9))).unwrap();
}

/// The eight items of cascade.rs as a match sample with `llm_correct` on every item, through
/// `summarise`. Confidences (line: confidence, SLM right, LLM right): 1: 0.7 y n; 2: 0.2 n y;
/// 3: 0.9 y y; 4: 0.1 n y; 5: 0.5 n y; 6: 0.2 n n; 7: 0.8 y y; 8: 0.4 y y.
fn eight() -> (Sample, Vec<ItemAnswer>) {
    let rows = [
        (0.7, true, false),
        (0.2, false, true),
        (0.9, true, true),
        (0.1, false, true),
        (0.5, false, true),
        (0.2, false, false),
        (0.8, true, true),
        (0.4, true, true),
    ];
    let items = rows
        .iter()
        .enumerate()
        .map(|(i, (_, _, llm))| EvalItem {
            llm_correct: Some(*llm),
            ..item(i as u64 + 1, "42")
        })
        .collect();
    let answers = rows
        .iter()
        .enumerate()
        .map(|(i, (confidence, correct, _))| ItemAnswer {
            line: i as u64 + 1,
            answer: if *correct { "42" } else { "41" }.into(),
            correct: *correct,
            confidence: *confidence,
        })
        .collect();
    let sample = Sample {
        task: Task::Match,
        labels: Vec::new(),
        items,
        sha256: "0".repeat(64),
        bytes: 0,
    };
    (sample, answers)
}

#[test]
fn cascade_quality_at_three_thresholds_is_the_hand_count() {
    let (sample, answers) = eight();
    let figures = summarise(
        &sample,
        &answers,
        &SummaryOptions {
            match_rule: MatchRule::Numeric { tolerance: 0.0 },
            llm_quality: None,
            min_quality: Some(0.55),
            prices: Some((0.0001, 0.002)),
        },
    )
    .unwrap();
    assert!(figures.confusion.is_none() && figures.per_label.is_empty());
    close(figures.accuracy.accuracy, 0.5);
    let at = |theta: f64| {
        *figures
            .cascade
            .points
            .iter()
            .find(|p| p.threshold == Threshold::Value(theta))
            .unwrap()
    };
    // θ = 0.2: lines 4 (0.1) escalated; kept right 3, 7, 8, 1 = 4; LLM right on 4 = 1; 5/8.
    // θ = 0.4: 4, 2, 6 escalated; kept 4; LLM right on 4, 2 = 2; 6/8.
    // θ = 0.7: 4, 2, 6, 8, 5 escalated; kept right 1, 7, 3 = 3; LLM right 4, 2, 8, 5 = 4;
    //          7/8, lower bound 0.588857.
    for (theta, escalated, kept, llm, q) in [
        (0.2, 1, 4, 1.0, 0.625),
        (0.4, 3, 4, 2.0, 0.75),
        (0.7, 5, 3, 4.0, 0.875),
    ] {
        let point = at(theta);
        assert_eq!(
            (point.escalated, point.slm_correct_kept),
            (escalated, kept),
            "θ = {theta}"
        );
        close(point.llm_correct_escalated, llm);
        close(point.quality, q);
    }
    close(at(0.7).quality_lower_95, 0.588857);
    // Floor 0.55 by the lower bound: only θ = 0.7 (6/8 → 0.460153 does not). Cost
    // 0.0001 + 5/8 × 0.002 = $0.00135 per request.
    let floor = figures.meeting_floor.unwrap();
    assert_eq!(floor.threshold, Threshold::Value(0.7));
    let cheapest = figures.cheapest.unwrap();
    assert_eq!(cheapest.point.threshold, Threshold::Value(0.7));
    close(cheapest.cost_per_request, 0.00135);
    assert_eq!(figures.min_quality, Some(0.55));
    // The LLM alone: 6 of 8.
    assert_eq!(figures.llm_accuracy.unwrap().correct, 6);
}

#[test]
fn llm_output_under_a_match_rule_and_its_errors() {
    let (mut sample, answers) = eight();
    // Line 1 loses its grade and gives an answer instead: "about 42" is right by numeric.
    sample.items[0].llm_correct = None;
    sample.items[0].llm_output = Some("about 42".into());
    let numeric = SummaryOptions {
        match_rule: MatchRule::Numeric { tolerance: 0.0 },
        llm_quality: None,
        min_quality: None,
        prices: None,
    };
    let figures = summarise(&sample, &answers, &numeric).unwrap();
    // Was 6 of 8 with line 1 wrong; now line 1 is right: 7 of 8.
    assert_eq!(figures.llm_accuracy.unwrap().correct, 7);

    // Under numeric, an expected without a number is named by its line (line 2 once
    // spaced), and so is one whose number is not finite (310 digits overflow f64).
    let (mut sample, answers) = spaced((sample, answers));
    sample.items[0].expected = "forty-two".into();
    let err = summarise(&sample, &answers, &numeric).unwrap_err();
    assert_eq!(field_of(err), "items[line 2].expected");
    let err = check_options(&sample, &numeric).unwrap_err();
    assert_eq!(field_of(err.clone()), "items[line 2].expected");
    assert_eq!(
        err.to_string(),
        "items[line 2].expected: numeric match needs a number"
    );
    sample.items[0].expected = format!("1{}", "0".repeat(309));
    assert_eq!(first_number(&sample.items[0].expected), Some(f64::INFINITY));
    let err = check_options(&sample, &numeric).unwrap_err();
    assert_eq!(field_of(err.clone()), "items[line 2].expected");
    assert!(err.to_string().contains("finite"), "{err}");
}

#[test]
fn answers_that_do_not_fit_the_sample_are_named() {
    let (sample, answers) = ten();
    let err = summarise(&sample, &answers[..9], &options(Some(0.9))).unwrap_err();
    assert_eq!(field_of(err.clone()), "answers");
    assert_eq!(
        err.to_string(),
        "answers: 9 answers for 10 items; one per item, in order"
    );
    let mut swapped = answers.clone();
    swapped.swap(0, 1);
    assert_eq!(
        field_of(summarise(&sample, &swapped, &options(Some(0.9))).unwrap_err()),
        "answers"
    );
    let (sample, answers) = spaced((sample, answers));
    let mut wrong_flag = answers.clone();
    wrong_flag[1].correct = true;
    assert_eq!(
        field_of(summarise(&sample, &wrong_flag, &options(Some(0.9))).unwrap_err()),
        "answers[line 4].correct"
    );
    let mut not_a_label = answers.clone();
    not_a_label[3].answer = "refund".into();
    not_a_label[3].correct = false;
    assert_eq!(
        summarise(&sample, &not_a_label, &options(Some(0.9)))
            .unwrap_err()
            .to_string(),
        "items[line 8].predicted: \"refund\" is not one of the labels"
    );
    let mut nan = answers;
    nan[4].confidence = f64::NAN;
    assert_eq!(
        summarise(&sample, &nan, &options(Some(0.9)))
            .unwrap_err()
            .to_string(),
        "items[line 10].confidence: must be a finite number, got NaN"
    );
    let bad_floor = SummaryOptions {
        min_quality: Some(1.5),
        ..options(Some(0.9))
    };
    assert_eq!(
        field_of(check_options(&sample, &bad_floor).unwrap_err()),
        "min_quality"
    );
}

/// Ten items with confidences 1…10 (all right, LLM right): 12 points, −∞ (e = 0), θ = 1
/// (e = 0), θ = k (e = (k − 1)/10), +∞ (e = 1).
fn ten_point_curve() -> CascadeCurve {
    let items = (1..=10)
        .map(|c| ItemOutcome {
            correct: true,
            confidence: f64::from(c),
            llm_correct: Some(true),
        })
        .collect();
    CascadeCurve::new(&Outcomes::new(items).unwrap(), None).unwrap()
}

#[test]
fn thinning_keeps_the_ends_the_chosen_points_and_even_escalations() {
    let curve = ten_point_curve();
    assert_eq!(curve.points.len(), 12);
    // At most 5 points, keeping θ = 7: the ends and θ = 7 take 3, leaving 2 slots at
    // e = 1/3 and 2/3: the first points at or past them are θ = 5 (e = 0.4) and θ = 8
    // (e = 0.7).
    let thin = thin_curve(&curve, 5, &[Threshold::Value(7.0)]);
    let thresholds: Vec<Threshold> = thin.points.iter().map(|p| p.threshold).collect();
    assert_eq!(
        thresholds,
        vec![
            Threshold::MinusInfinity,
            Threshold::Value(5.0),
            Threshold::Value(7.0),
            Threshold::Value(8.0),
            Threshold::PlusInfinity,
        ]
    );
    // Kept points are unchanged; the curve's other fields too.
    for point in &thin.points {
        assert!(curve.points.contains(point));
    }
    assert_eq!((thin.n, thin.llm_measured), (curve.n, curve.llm_measured));
    // A curve within the limit is returned whole.
    assert_eq!(thin_curve(&curve, 12, &[]), curve);
    // The chosen points are kept even past the limit.
    let tight = thin_curve(&curve, 2, &[Threshold::Value(3.0)]);
    assert_eq!(tight.points.len(), 3);
}

#[test]
fn a_long_curve_is_thinned_to_the_limit() {
    // 1,000 distinct confidences: 1,002 points, thinned to at most 201.
    let items = (0..1000)
        .map(|i| ItemOutcome {
            correct: i % 3 != 0,
            confidence: f64::from(i),
            llm_correct: Some(i % 7 != 0),
        })
        .collect();
    let curve = CascadeCurve::new(&Outcomes::new(items).unwrap(), None).unwrap();
    let keep = [Threshold::Value(123.0), Threshold::Value(124.0)];
    let thin = thin_curve(&curve, MAX_CURVE_POINTS, &keep);
    assert!(thin.points.len() <= MAX_CURVE_POINTS && thin.points.len() > 190);
    assert_eq!(thin.points[0].threshold, Threshold::MinusInfinity);
    assert_eq!(
        thin.points.last().unwrap().threshold,
        Threshold::PlusInfinity
    );
    for threshold in keep {
        assert!(thin.points.iter().any(|p| p.threshold == threshold));
    }
    // In the curve's order, and no gap in escalation wider than 2/200 + 1/1000.
    for pair in thin.points.windows(2) {
        assert!(pair[0].threshold.as_f64() < pair[1].threshold.as_f64());
        assert!(pair[1].escalation - pair[0].escalation <= 0.011);
    }
}

proptest! {
    #[test]
    fn normalising_is_idempotent_and_matches_itself(text in "\\PC{0,40}") {
        let once = normalise(&text);
        prop_assert_eq!(normalise(&once), once.clone());
        prop_assert!(answer_matches(&MatchRule::Normalised, &text, &once).unwrap());
        // Exact trims surrounding whitespace, and only that.
        let padded = format!(" \t{}\n", text);
        prop_assert!(answer_matches(&MatchRule::Exact, &padded, &text).unwrap());
        prop_assert_eq!(
            answer_matches(&MatchRule::Exact, &text, &once).unwrap(),
            text.trim() == once.trim()
        );
    }

    #[test]
    fn grouped_integers_read_back(n in 0_u64..10_000_000_000, negative in any::<bool>(), prefix in "[a-z ]{0,10}") {
        let digits = n.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let sign = if negative { "-" } else { "" };
        let text = format!("{prefix}{sign}{grouped} units");
        let expected = if negative { -(n as f64) } else { n as f64 };
        prop_assert_eq!(first_number(&text), Some(expected));
    }

    #[test]
    fn thinning_never_passes_the_limit(confidences in proptest::collection::vec(0_u16..500, 1..400), max in 4_usize..60) {
        let items = confidences
            .iter()
            .map(|&c| ItemOutcome { correct: c % 2 == 0, confidence: f64::from(c), llm_correct: Some(true) })
            .collect();
        let curve = CascadeCurve::new(&Outcomes::new(items).unwrap(), None).unwrap();
        let keep = [curve.points[curve.points.len() / 2].threshold];
        let thin = thin_curve(&curve, max, &keep);
        // The ends and one kept point take 3 of max ≥ 4: never past max; untouched when the
        // curve fits.
        prop_assert!(thin.points.len() <= max);
        if curve.points.len() <= max {
            prop_assert_eq!(&thin, &curve);
        }
        prop_assert_eq!(thin.points[0], curve.points[0]);
        prop_assert_eq!(thin.points.last(), curve.points.last());
        prop_assert!(thin.points.iter().any(|p| p.threshold == keep[0]));
    }
}
