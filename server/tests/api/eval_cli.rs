//! `breakeven eval`, run as a script runs it: the refusals before any model runs (exit 2,
//! one line naming the option, or the sample's line and field), a weights file that is not a
//! language model, and one real run of the SmolLM2-135M fixture on six items, as JSON.

use std::path::PathBuf;

use serde_json::Value;

use crate::common::cli::run;

/// The SmolLM2-135M-Instruct Q4_1 fixture (`BREAKEVEN_FIXTURE` overrides the path).
fn fixture() -> String {
    let path = std::env::var_os("BREAKEVEN_FIXTURE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../.fixtures/SmolLM2-135M-Instruct.Q4_1.gguf")
        });
    assert!(
        path.is_file(),
        "model fixture missing at {}: run scripts/fetch-fixture.sh (make test does)",
        path.display()
    );
    path.to_str().unwrap().to_string()
}

/// The fixture's sha256 (as bench/tests/bench/fixture.rs checks it).
const FIXTURE_SHA256: &str = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53";

fn eval(args: &[&str]) -> (i32, String, String) {
    let (code, stdout, stderr) = run("eval", args, "");
    (code, String::from_utf8(stdout).unwrap(), stderr)
}

fn file(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// Six support messages, two of each label.
const SIX: &str = r#"{"input": "I was charged twice for my subscription this month.", "expected": "billing", "llm_correct": true}
{"input": "The app crashes every time I open settings.", "expected": "technical", "llm_correct": true}
{"input": "My parcel has not arrived after two weeks.", "expected": "shipping", "llm_correct": false}
{"input": "Please send me an invoice for last month's payment.", "expected": "billing", "llm_correct": true}
{"input": "The login page shows error 500.", "expected": "technical", "llm_correct": true}
{"input": "Can you ship to a different address?", "expected": "shipping", "llm_correct": true}
"#;

/// Refused before the model loads: status 2 and a line naming what is wrong.
#[track_caller]
fn refused(args: &[&str], names: &[&str]) {
    let (code, stdout, stderr) = eval(args);
    assert_eq!(code, 2, "{args:?}\nstdout: {stdout}\nstderr: {stderr}");
    for name in names {
        assert!(stderr.contains(name), "{name} not in: {stderr}");
    }
    assert!(stdout.is_empty(), "{stdout}");
}

#[test]
fn bad_samples_are_refused_naming_the_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let weights = fixture();
    let run = |data: &str, extra: &[&str], names: &[&str]| {
        let mut args = vec!["--weights", &weights, "--data", data, "--task", "classify"];
        args.extend_from_slice(extra);
        refused(&args, names);
    };
    run(
        &file(&dir, "empty.jsonl", ""),
        &[],
        &["--data", "the sample is empty"],
    );
    run(
        &file(
            &dir,
            "not-json.jsonl",
            "{\"input\": \"a\", \"expected\": \"x\"}\nthis is not json\n",
        ),
        &[],
        &["line 2", "not-json.jsonl"],
    );
    run(
        &file(
            &dir,
            "missing.jsonl",
            "{\"input\": \"a\", \"expected\": \"x\"}\n{\"input\": \"b\"}\n",
        ),
        &[],
        &["line 2: expected"],
    );
    run(
        &file(
            &dir,
            "label.jsonl",
            "{\"input\": \"a\", \"expected\": \"billing\"}\n{\"input\": \"b\", \"expected\": \"refund\"}\n",
        ),
        &["--labels", "billing,shipping"],
        &["line 2: expected", "refund"],
    );
    run("/nonexistent/sample.jsonl", &[], &["--data", "cannot read"]);
}

#[test]
fn bad_options_are_refused_naming_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let weights = fixture();
    let six = file(&dir, "six.jsonl", SIX);
    let base = ["--weights", weights.as_str(), "--data", six.as_str()];
    let with = |extra: &[&'static str]| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        args
    };
    refused(
        &with(&["--task", "match", "--match", "regex:(unclosed"]),
        &["--match", "not a regular expression"],
    );
    refused(
        &with(&["--task", "match", "--match", "fuzzy"]),
        &["--match", "fuzzy"],
    );
    refused(
        &with(&["--task", "classify", "--match", "exact"]),
        &["--match", "match only"],
    );
    refused(
        &with(&["--task", "classify", "--batch", "0"]),
        &["--batch", "1 to 64"],
    );
    refused(
        &with(&["--task", "classify", "--min-quality", "1.5"]),
        &["--min-quality"],
    );
    refused(
        &with(&["--task", "classify", "--prices", "0.001"]),
        &["--prices", "two prices"],
    );
    // Under numeric, an expected without a number is named by its line.
    refused(
        &with(&["--task", "match", "--match", "numeric:0.5"]),
        &["--data: line 1: expected", "needs a number"],
    );
    // The demo sample: 112 of its 168 items carry no LLM grade, so the cascade needs
    // --llm-quality.
    refused(
        &[
            "--weights",
            &weights,
            "--data",
            "demo",
            "--task",
            "classify",
        ],
        &["--llm-quality", "112 of 168 items"],
    );
    refused(
        &[
            "--weights",
            "/nonexistent/model.gguf",
            "--data",
            "demo",
            "--task",
            "classify",
            "--llm-quality",
            "0.9",
        ],
        &["--weights", "no such file"],
    );
}

#[test]
fn a_weights_file_that_is_not_a_language_model_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let six = file(&dir, "six.jsonl", SIX);
    let garbage = file(&dir, "garbage.gguf", "this is not a model file at all");
    refused(
        &["--weights", &garbage, "--data", &six, "--task", "classify"],
        &["weights", "garbage.gguf"],
    );
}

#[test]
fn six_items_on_the_fixture_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let six = file(&dir, "six.jsonl", SIX);
    let weights = fixture();
    let (code, stdout, stderr) = eval(&[
        "--weights",
        &weights,
        "--data",
        &six,
        "--task",
        "classify",
        "--batch",
        "4",
        "--threads",
        "2",
        "--min-quality",
        "0.5",
        "--prices",
        "0.0001,0.002",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let result: Value = serde_json::from_str(&stdout).unwrap();
    let answers = result["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 6);
    let lines: Vec<u64> = answers
        .iter()
        .map(|a| a["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [1, 2, 3, 4, 5, 6]);
    for answer in answers {
        let label = answer["answer"].as_str().unwrap();
        assert!(
            ["billing", "shipping", "technical"].contains(&label),
            "{answer}"
        );
        assert!(answer["confidence"].as_f64().unwrap() >= 0.0, "{answer}");
    }
    let figures = &result["figures"];
    assert_eq!(figures["accuracy"]["n"], 6);
    let correct = answers.iter().filter(|a| a["correct"] == true).count();
    assert_eq!(
        figures["accuracy"]["correct"].as_u64().unwrap() as usize,
        correct
    );
    // All six graded for the LLM: 5 of 6.
    assert_eq!(figures["llm_accuracy"]["correct"], 5);
    assert_eq!(figures["cascade"]["llm_measured"], 6);
    let rep = &result["reproducibility"];
    assert_eq!(rep["weights_sha256"], FIXTURE_SHA256);
    assert_eq!(rep["sample"], "six.jsonl");
    assert_eq!(rep["sample_bytes"].as_u64().unwrap(), SIX.len() as u64);
    assert_eq!(rep["sample_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(rep["batch_items"], 4);
    assert!(!rep["candle_version"].as_str().unwrap().is_empty());
    assert!(rep["command"]
        .as_str()
        .unwrap()
        .starts_with("breakeven eval"));
    let label = result["label"].as_str().unwrap();
    assert!(
        label.starts_with("measured on 6 items of six.jsonl (95 % interval "),
        "{label}"
    );
    assert!(result["speed"]["items_per_second"].as_f64().unwrap() > 0.0);
}

/// The table `--format table` prints, on a result built by hand: ten classify items, 8 right
/// (lines 2 and 6 wrong), so accuracy 80.0 % with the Wilson interval 49.0 %–94.3 % and the
/// lower bound 54.1 % (quality/tests/quality/wilson.rs works 8/10 by hand).
#[test]
fn the_table_shows_the_figures() {
    use api::bench::Device;
    use api::quality::{
        EvalReproducibility, EvalRequest, EvalResult, EvalSample, EvalSpeed, ItemAnswer, MatchRule,
        Task,
    };
    use quality::sample::{EvalItem, Sample};
    use quality::summary::{label, summarise, SummaryOptions};

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
    let sample = Sample {
        task: Task::Classify,
        labels: ["billing", "shipping", "account"]
            .map(String::from)
            .to_vec(),
        items: rows
            .iter()
            .enumerate()
            .map(|(i, (expected, _, _))| EvalItem {
                line: i as u64 + 1,
                input: format!("message {}", i + 1),
                expected: (*expected).into(),
                llm_output: None,
                llm_correct: Some(i != 2),
            })
            .collect(),
        sha256: "a".repeat(64),
        bytes: 400,
    };
    let answers: Vec<ItemAnswer> = rows
        .iter()
        .enumerate()
        .map(|(i, (expected, answer, confidence))| ItemAnswer {
            line: i as u64 + 1,
            answer: (*answer).into(),
            correct: expected == answer,
            confidence: *confidence,
        })
        .collect();
    let options = SummaryOptions {
        match_rule: MatchRule::Normalised,
        llm_quality: None,
        min_quality: Some(0.5),
        prices: Some((0.0001, 0.002)),
    };
    let figures = summarise(&sample, &answers, &options).unwrap();
    let request = EvalRequest {
        weights: "model.gguf".into(),
        sample: EvalSample::Inline {
            name: "tickets.jsonl".into(),
            jsonl: String::new(),
        },
        task: Task::Classify,
        labels: None,
        template: None,
        chat_template: true,
        match_rule: None,
        max_new_tokens: 32,
        device: Device::Cpu,
        threads: Some(2),
        batch_items: 8,
        llm_quality: None,
        min_quality: Some(0.5),
        prices: None,
    };
    let result = EvalResult {
        request,
        label: label("tickets.jsonl", &figures),
        figures,
        answers,
        speed: EvalSpeed {
            elapsed_s: 2.0,
            items_per_second: 5.0,
            prompt_tokens: 1000,
            generated_tokens: 0,
            tokens_per_second: 500.0,
        },
        reproducibility: EvalReproducibility {
            model: "Test Model".into(),
            weights_sha256: "b".repeat(64),
            weights: "model.gguf".into(),
            dtype: "q4_1".into(),
            template: "{input}".into(),
            chat_template: None,
            sample: "tickets.jsonl".into(),
            sample_sha256: "a".repeat(64),
            sample_bytes: 400,
            candle_version: "0.9".into(),
            breakeven_version: "0.1.0".into(),
            device: Device::Cpu,
            cpu_model: "Test CPU".into(),
            gpu_name: None,
            threads: 2,
            os: "Linux".into(),
            batch_items: 8,
            command: "breakeven eval …".into(),
        },
    };
    let table = breakeven::cli::eval::table(&result);
    for line in [
        "Test Model (q4_1) on tickets.jsonl, classify, cpu",
        "accuracy       80.0 % (8 of 10 items); 95 % interval 49.0 %–94.3 %; lower 95 % bound 54.1 %",
        // The LLM: every item graded, all but line 3 right.
        "LLM accuracy   90.0 % on the 10 items graded for it",
        "label          measured on 10 items of tickets.jsonl (95 % interval 49.0 %–94.3 %)",
        "speed          5.0 items/s, 500.0 tokens/s (1,000 prompt + 0 generated tokens in 2.0 s)",
        // precision = diagonal / column, recall = diagonal / row.
        "billing         3          2    100.0 %   66.7 %",
        "shipping        4          4     75.0 %   75.0 %",
        "account         3          4     75.0 %  100.0 %",
        "billing          2         1         0",
        "shipping         0         3         1",
        "     6: shipping → account, 0.100: message 6",
        "     2: billing → shipping, 0.300: message 2",
        "model sha256   bbbb",
        "rerun          breakeven eval …",
    ] {
        assert!(table.contains(line), "{line:?} not in:\n{table}");
    }
    // The worst items, least confident first.
    assert!(table.find("     6: ").unwrap() < table.find("     2: ").unwrap());
    assert!(table.contains("meets 50.0 %"), "{table}");
    assert!(table.contains("cheapest       θ = "), "{table}");
}
