//! The sample reader: the demo sample's counts worked by hand, every bad input with its
//! message and line, the item and byte bounds.

use std::io::{BufReader, Read};

use quality::sample::{
    read_sample, EvalItem, SampleError, Task, MAX_ITEMS, MAX_LINE_BYTES, MAX_SAMPLE_BYTES,
};

const DEMO: &str = include_str!("../../data/support-intent.jsonl");

fn labels(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn read(
    text: &str,
    task: Task,
    given: Option<&[&str]>,
) -> Result<quality::sample::Sample, SampleError> {
    let given = given.map(labels);
    read_sample(text.as_bytes(), task, given.as_deref())
}

/// The demo sample, counted by hand with grep (docs/quality.md, "The demo sample"):
/// `wc -l` 168 lines, `grep -c '"expected": "billing"'` 42 and the same for technical,
/// account and shipping (42 × 4 = 168); `grep -c llm_correct` 56 (a third of 168), of which
/// `grep -c '"llm_correct": false'` 6, so 50 true. Per label, graded / false: billing 17 / 4,
/// technical 9 / 0, account 17 / 2, shipping 13 / 0 (17 + 9 + 17 + 13 = 56, 4 + 2 = 6).
/// `sha256sum quality/data/support-intent.jsonl` and `wc -c` (15,179 bytes) pin the file.
#[test]
fn the_demo_sample_reads_with_its_counts() {
    let given = ["billing", "technical", "account", "shipping"];
    let sample = read(DEMO, Task::Classify, Some(&given)).unwrap();
    assert_eq!(sample.items.len(), 168);
    assert_eq!(
        sample.label_counts(),
        vec![
            ("billing", 42),
            ("technical", 42),
            ("account", 42),
            ("shipping", 42)
        ]
    );
    assert_eq!(sample.llm_graded(), 56);
    let graded = |label: &str, correct: bool| {
        sample
            .items
            .iter()
            .filter(|i| i.expected == label && i.llm_correct == Some(correct))
            .count()
    };
    let table = [
        ("billing", 13, 4),
        ("technical", 9, 0),
        ("account", 15, 2),
        ("shipping", 13, 0),
    ];
    for (label, right, wrong) in table {
        assert_eq!(
            (graded(label, true), graded(label, false)),
            (right, wrong),
            "{label}"
        );
    }
    assert!(sample.items.iter().all(|i| i.llm_output.is_none()));
    assert_eq!(
        sample.sha256,
        "bdc7c183eca7012f67b457210a8844abc16eed71baf56faad892784c6e97f7c7"
    );
    assert_eq!(sample.bytes, 15_179);
    // Lines are numbered from 1 in file order: the first item is line 1, the last line 168.
    assert_eq!(sample.items[0].line, 1);
    assert_eq!(sample.items[167].line, 168);
    assert_eq!(
        sample.items[0],
        EvalItem {
            line: 1,
            input: "The package was opened before it reached me.".into(),
            expected: "shipping".into(),
            llm_output: None,
            llm_correct: Some(true),
        }
    );

    // Without --labels the labels are the distinct expected values, sorted.
    let inferred = read(DEMO, Task::Classify, None).unwrap();
    assert_eq!(
        inferred.labels,
        labels(&["account", "billing", "shipping", "technical"])
    );
    // As a match task every item is kept and there is no label set.
    let matched = read(DEMO, Task::Match, None).unwrap();
    assert_eq!((matched.items.len(), matched.labels.len()), (168, 0));
}

/// `printf '{"input":"a","expected":"x"}\r\n\n{"input":"b","expected":"y"}' | sha256sum`:
/// the hash covers the bytes as given, the blank line and the `\r` included; the BOM is
/// skipped for parsing but hashed too.
#[test]
fn blank_lines_crlf_and_a_bom_are_read_and_hashed_as_given() {
    let text = "{\"input\":\"a\",\"expected\":\"x\"}\r\n\n{\"input\":\"b\",\"expected\":\"y\"}";
    let sample = read(text, Task::Match, None).unwrap();
    assert_eq!(sample.items.len(), 2);
    assert_eq!(sample.items[1].line, 3);
    assert_eq!(
        sample.sha256,
        "eeb7c8a3554915bb8aaa2153f88176153f98e2accaef69ce5cfe2883e440a55b"
    );
    let with_bom = format!("\u{feff}{text}");
    let sample = read(&with_bom, Task::Match, None).unwrap();
    assert_eq!(sample.items[0].input, "a");
    assert_eq!(sample.bytes, text.len() as u64 + 3);
}

/// A bad input: its name, the text, the task, `--labels`, and the whole message.
type Case<'a> = (&'a str, String, Task, Option<&'a [&'a str]>, &'a str);

/// Every bad input, with the whole message: the line (1-based, blank lines counted) and the
/// field.
#[test]
fn bad_samples_are_refused_naming_line_and_field() {
    let four = ["billing", "technical", "account", "shipping"];
    let ok = r#"{"input": "where is my parcel", "expected": "shipping"}"#;
    let cases: Vec<Case> = vec![
        (
            "empty file",
            String::new(),
            Task::Classify,
            None,
            "the sample is empty: no items (one JSON object per line: {\"input\": \"…\", \"expected\": \"…\"})",
        ),
        (
            "only blank lines",
            "\n  \n\t\n".into(),
            Task::Match,
            None,
            "the sample is empty: no items (one JSON object per line: {\"input\": \"…\", \"expected\": \"…\"})",
        ),
        (
            "a line that is not JSON",
            format!("{ok}\n\nnot json\n"),
            Task::Match,
            None,
            "1 bad line: line 3: not JSON (expected ident at column 2)",
        ),
        (
            "JSON cut short",
            format!("{ok}\n{{\"input\": \"x\", \"expected\": \n"),
            Task::Match,
            None,
            "1 bad line: line 2: not JSON (EOF while parsing a value at column 26)",
        ),
        (
            "trailing text after the object",
            format!("{ok} ok\n"),
            Task::Match,
            None,
            "1 bad line: line 1: not JSON (trailing characters at column 57)",
        ),
        (
            "a JSON value that is not an object",
            "[\"a\", \"billing\"]\n".into(),
            Task::Match,
            None,
            "1 bad line: line 1: an array, not an object {\"input\": \"…\", \"expected\": \"…\"}",
        ),
        (
            "a string on its own",
            "\"billing\"\n".into(),
            Task::Match,
            None,
            "1 bad line: line 1: a string, not an object {\"input\": \"…\", \"expected\": \"…\"}",
        ),
        (
            "missing expected",
            format!("{ok}\n{ok2}\n{{\"input\": \"refund please\"}}\n", ok2 = r#"{"input": "b", "expected": "x"}"#),
            Task::Match,
            None,
            "1 bad line: line 3: expected: missing",
        ),
        (
            "expected not a string",
            "{\"input\": \"2+2\", \"expected\": 4}\n".into(),
            Task::Match,
            None,
            "1 bad line: line 1: expected: must be a string, got the number 4",
        ),
        (
            "expected null, input empty: both at once",
            "{\"input\": \"  \", \"expected\": null}\n".into(),
            Task::Match,
            None,
            "1 bad line: line 1: input: empty; line 1: expected: must be a string, got null",
        ),
        (
            "a label not in --labels",
            format!("{ok}\n{{\"input\": \"I want my money back\", \"expected\": \"refund\"}}\n"),
            Task::Classify,
            Some(&four),
            "1 bad line: line 2: expected: \"refund\" is not one of the labels (billing, technical, account, shipping)",
        ),
        (
            "llm_output not a string",
            "{\"input\": \"a\", \"expected\": \"billing\", \"llm_output\": 3}\n".into(),
            Task::Classify,
            Some(&four),
            "1 bad line: line 1: llm_output: must be a string, got the number 3",
        ),
        (
            "llm_correct a string",
            "{\"input\": \"a\", \"expected\": \"billing\", \"llm_correct\": \"true\"}\n".into(),
            Task::Classify,
            Some(&four),
            "1 bad line: line 1: llm_correct: must be true or false, got a string",
        ),
        (
            "llm_correct false though llm_output is the label (case and spaces ignored)",
            "{\"input\": \"a\", \"expected\": \"billing\", \"llm_output\": \" Billing\\n\", \"llm_correct\": false}\n".into(),
            Task::Classify,
            Some(&four),
            "1 bad line: line 1: llm_correct: false, but llm_output \" Billing\n\" is the expected \"billing\"",
        ),
        (
            "llm_correct true though llm_output is another label",
            "{\"input\": \"a\", \"expected\": \"billing\", \"llm_output\": \"account\", \"llm_correct\": true}\n".into(),
            Task::Classify,
            Some(&four),
            "1 bad line: line 1: llm_correct: true, but llm_output \"account\" is not the expected \"billing\"",
        ),
        (
            "a key given twice",
            "{\"input\": \"a\", \"expected\": \"x\", \"expected\": \"y\"}\n".into(),
            Task::Match,
            None,
            "1 bad line: line 1: duplicate field `expected`",
        ),
        (
            "a misspelt key",
            "{\"input\": \"a\", \"expected\": \"x\", \"llm_corect\": true}\n".into(),
            Task::Match,
            None,
            "1 bad line: line 1: unknown field `llm_corect`, expected one of `input`, `expected`, `llm_output`, `llm_correct`",
        ),
        (
            "an input repeating an earlier line's",
            format!("{ok}\n{{\"input\": \"b\", \"expected\": \"billing\"}}\n{ok}\n"),
            Task::Classify,
            Some(&four),
            "1 bad line: line 3: input: repeats line 1",
        ),
        (
            "classify where every item has the same label",
            format!("{ok}\n{{\"input\": \"b\", \"expected\": \"shipping\"}}\n"),
            Task::Classify,
            None,
            "expected: every item is \"shipping\"; classify needs at least two labels",
        ),
        (
            "--labels with one label",
            ok.into(),
            Task::Classify,
            Some(&["shipping"]),
            "--labels: need at least two labels, got 1",
        ),
        (
            "--labels with a label twice",
            ok.into(),
            Task::Classify,
            Some(&["shipping", "billing", "shipping"]),
            "--labels: \"shipping\" is given twice",
        ),
        (
            "--labels with an empty label",
            ok.into(),
            Task::Classify,
            Some(&["shipping", " "]),
            "--labels: label 2 is empty",
        ),
        (
            "--labels for a match task",
            ok.into(),
            Task::Match,
            Some(&["shipping", "billing"]),
            "--labels: apply to classify only",
        ),
    ];
    for (name, text, task, given, message) in cases {
        let err = read(&text, task, given).expect_err(name);
        assert_eq!(err.to_string(), message, "{name}");
    }
}

/// A line of bytes that are not UTF-8 (Latin-1 `é`) is a bad line, with the byte's place.
#[test]
fn a_line_that_is_not_utf8_is_named() {
    let mut bytes = b"{\"input\": \"a\", \"expected\": \"x\"}\n{\"input\": \"caf".to_vec();
    bytes.extend_from_slice(&[0xe9]);
    bytes.extend_from_slice(b"\", \"expected\": \"x\"}\n");
    let err = read_sample(&bytes[..], Task::Match, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "1 bad line: line 2: not UTF-8 text (invalid utf-8 sequence of 1 bytes from index 14)"
    );
}

/// Every bad line is counted; the first 20 problems are listed. 25 lines each missing
/// `expected`: 20 listed (lines 1 to 20), 25 − 20 = 5 more.
#[test]
fn many_bad_lines_are_counted_and_the_first_listed() {
    let text: String = (0..25)
        .map(|i| format!("{{\"input\": \"q{i}\"}}\n"))
        .collect();
    let err = read(&text, Task::Match, None).unwrap_err();
    let SampleError::Invalid {
        bad_lines,
        problems,
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!((*bad_lines, problems.len()), (25, 20));
    assert_eq!((problems[0].line, problems[19].line), (1, 20));
    assert_eq!(problems[0].field.as_deref(), Some("expected"));
    assert!(err
        .to_string()
        .starts_with("25 bad lines: line 1: expected: missing; line 2:"));
    assert!(err
        .to_string()
        .ends_with("line 20: expected: missing; and 5 more lines"));
}

/// A line one byte past the limit is refused; one at the limit is read. A line of 65,536
/// bytes with its newline: the object `{"input":"…","expected":"x"}` is 27 bytes around the
/// input, so an input of 65,536 − 1 − 27 = 65,508 bytes fills it exactly.
#[test]
fn a_line_past_the_byte_limit_is_refused() {
    assert_eq!(MAX_LINE_BYTES, 65_536);
    let line = |n: usize| format!("{{\"input\":\"{}\",\"expected\":\"x\"}}\n", "a".repeat(n));
    assert_eq!(line(65_508).len(), 65_536);
    let at_limit = format!("{{\"input\":\"b\",\"expected\":\"x\"}}\n{}", line(65_508));
    assert_eq!(read(&at_limit, Task::Match, None).unwrap().items.len(), 2);
    let past = format!("{{\"input\":\"b\",\"expected\":\"x\"}}\n{}", line(65_509));
    assert_eq!(
        // (The items' count, not the sample, is shown on a failure: the sample is 64 KiB.)
        read(&past, Task::Match, None)
            .map(|s| s.items.len())
            .unwrap_err()
            .to_string(),
        "line 2: longer than 65536 bytes (a sample is one JSON object per line)"
    );
}

/// Lines generated on the fly, never held whole: `{"input":"item N…","expected":"a"|"b"}`
/// with an input padded to `pad` bytes.
struct Generated {
    lines: u64,
    pad: usize,
    next: u64,
    pending: Vec<u8>,
}

impl Generated {
    fn new(lines: u64, pad: usize) -> BufReader<Self> {
        BufReader::new(Generated {
            lines,
            pad,
            next: 0,
            pending: Vec::new(),
        })
    }
}

impl Read for Generated {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pending.is_empty() && self.next < self.lines {
            let label = if self.next.is_multiple_of(2) {
                "a"
            } else {
                "b"
            };
            let input = format!("item {:<width$}", self.next, width = self.pad);
            self.pending =
                format!("{{\"input\":\"{input}\",\"expected\":\"{label}\"}}\n").into_bytes();
            self.next += 1;
        }
        let n = out.len().min(self.pending.len());
        out[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}

/// 100,000 items are read (50,000 of each label: even N are "a"); 100,003 are refused with
/// the count, 3 past the limit, read to the end without being kept.
#[test]
fn the_item_bound_is_100000() {
    assert_eq!(MAX_ITEMS, 100_000);
    let sample = read_sample(Generated::new(100_000, 0), Task::Classify, None).unwrap();
    assert_eq!(sample.items.len(), 100_000);
    assert_eq!(sample.label_counts(), vec![("a", 50_000), ("b", 50_000)]);
    assert_eq!(sample.items[99_999].line, 100_000);

    // One past the limit is refused too.
    assert_eq!(
        read_sample(Generated::new(100_001, 0), Task::Classify, None).map(|s| s.items.len()),
        Err(SampleError::TooManyItems {
            items: 100_001,
            max: 100_000
        })
    );

    let err = read_sample(Generated::new(100_003, 0), Task::Classify, None)
        .map(|s| s.items.len())
        .unwrap_err();
    assert_eq!(
        err,
        SampleError::TooManyItems {
            items: 100_003,
            max: 100_000
        }
    );
    assert_eq!(
        err.to_string(),
        "the sample has 100,003 items, 3 past the limit of 100,000; eval a random subset"
    );
}

/// 64 MiB = 67,108,864 bytes. Lines of 32,000 bytes of input plus `{"input":"` (10 bytes),
/// `","expected":"a"}` (17) and the newline: 32,028 bytes a line; 67,108,864 / 32,028 =
/// 2,095.3, so line 2,095 ends at 67,098,660 bytes (within) and line 2,096 at 67,130,688
/// (past).
#[test]
fn the_byte_bound_is_64_mib() {
    assert_eq!(MAX_SAMPLE_BYTES, 67_108_864);
    // "item N" padded to 32,000 - 5 characters, "item " included: 32,000 bytes of input.
    let err = read_sample(Generated::new(3_000, 31_995), Task::Match, None)
        .map(|s| s.items.len())
        .unwrap_err();
    assert_eq!(
        err,
        SampleError::TooLarge {
            line: 2_096,
            max: MAX_SAMPLE_BYTES
        }
    );
    assert_eq!(
        err.to_string(),
        "line 2096: the sample passes 64 MiB; sample fewer or shorter items"
    );
    let sample = read_sample(Generated::new(2_095, 31_995), Task::Match, None).unwrap();
    assert_eq!(sample.bytes, 67_098_660);
}

proptest::proptest! {
    /// Any bytes give a sample or an error, never a panic.
    #[test]
    fn any_bytes_give_a_sample_or_an_error(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
        let _ = read_sample(&bytes[..], Task::Classify, None);
        let _ = read_sample(&bytes[..], Task::Match, None);
    }

    /// Lines built from the sample's own keys and values, in any mix: still no panic, and a
    /// sample that reads has as many items as non-blank lines.
    #[test]
    fn json_lines_read_or_are_refused(lines in proptest::collection::vec(
        proptest::string::string_regex(
            r#"\{("input": ?("a"|"b"|1|null)|"expected": ?("x"|"y"|""|2)|"llm_output": ?("x"|true)|"llm_correct": ?(true|false|"x"))(, ?("input": ?"c"|"expected": ?"y"|"llm_correct": ?false)){0,3}\}|"#
        ).unwrap(),
        0..12,
    )) {
        let text = lines.join("\n");
        for task in [Task::Classify, Task::Match] {
            if let Ok(sample) = read_sample(text.as_bytes(), task, None) {
                let non_blank = lines.iter().filter(|l| !l.trim().is_empty()).count();
                proptest::prop_assert_eq!(sample.items.len(), non_blank);
            }
        }
    }
}
