//! The Quality page's state, kept by the app (not the page) so that an eval goes on being
//! followed while another tab is open: the form's text, the sample chosen (the demo, or a
//! file read here and checked by `quality::sample::read_sample` before it is sent), and the
//! eval on show (which `follow.rs` keeps up to date).

use std::collections::BTreeMap;

use ::api::bench::{Device, JobStatus};
use ::api::quality::{
    default_batch_items, default_max_new_tokens, default_template, CascadePrices, EvalJob,
    EvalProgress, EvalRequest, EvalSample, MatchRule, Task,
};
use ::api::EvalId;
use leptos::prelude::*;
use quality::sample::{demo_display_name, read_sample, DEMO_SAMPLE};

use super::words::{self, *};
use crate::benchmarks::stream::Stream;

/// The sample an eval runs on.
#[derive(Debug, Clone, PartialEq)]
pub enum SampleChoice {
    /// The shipped support-intent sample.
    Demo,
    /// A file picked and read in the page (its text is sent inline).
    File { name: String, text: String },
}

impl SampleChoice {
    pub fn name(&self) -> String {
        match self {
            SampleChoice::Demo => demo_display_name(),
            SampleChoice::File { name, .. } => name.clone(),
        }
    }

    fn text(&self) -> &str {
        match self {
            SampleChoice::Demo => DEMO_SAMPLE,
            SampleChoice::File { text, .. } => text,
        }
    }
}

/// What reading the sample here found: its items and labels, or the reader's error (every
/// bad line with its number).
#[derive(Debug, Clone, PartialEq)]
pub struct SampleCheck {
    pub items: usize,
    pub labels: Vec<String>,
    /// Items that carry the LLM's answer or grade.
    pub llm_graded: usize,
}

/// One problem with the form, by its key.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

/// The eval on show.
#[derive(Debug, Clone, PartialEq)]
pub struct Current {
    pub id: EvalId,
    /// None while it is being read.
    pub job: Option<EvalJob>,
    /// A line about following it ("connection lost, polling"), or why it cannot be read.
    pub note: Option<String>,
    /// Place in the queue, when queued.
    pub position: Option<usize>,
    /// The latest progress (from the stream, or the job as read).
    pub progress: Option<EvalProgress>,
}

impl Current {
    pub fn new(id: EvalId, position: Option<usize>) -> Self {
        Self {
            id,
            job: None,
            note: None,
            position,
            progress: None,
        }
    }

    pub fn status(&self) -> Option<JobStatus> {
        self.job.as_ref().map(|j| j.status)
    }

    /// Queued or running: it can be cancelled, and has progress to show.
    pub fn is_active(&self) -> bool {
        matches!(
            self.status(),
            Some(JobStatus::Queued) | Some(JobStatus::Running)
        )
    }
}

#[derive(Clone, Copy)]
pub struct QualityState {
    pub fields: RwSignal<BTreeMap<&'static str, String>>,
    /// Whether the template was typed (else it follows the task's default).
    pub template_typed: RwSignal<bool>,
    pub sample: RwSignal<SampleChoice>,
    /// A file being read, or why it could not be.
    pub file_note: RwSignal<Option<String>>,
    pub problems: RwSignal<Vec<Problem>>,
    /// A failed run request that names no field.
    pub submit_error: RwSignal<Option<String>>,
    pub submitting: RwSignal<bool>,
    pub current: RwSignal<Option<Current>>,
    /// Bumped to reload the list of past evals.
    pub list_version: RwSignal<u32>,
    /// The events stream of the eval on show, while it is followed.
    pub(super) stream: StoredValue<Option<Stream>, LocalStorage>,
}

impl QualityState {
    pub fn new() -> Self {
        let fields = [
            (TASK, "classify"),
            (MATCH_RULE, "normalised"),
            (CHAT_TEMPLATE, "on"),
            (LLM_QUALITY, "0.95"),
            (MIN_QUALITY, "0.9"),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect();
        Self {
            fields: RwSignal::new(fields),
            template_typed: RwSignal::new(false),
            sample: RwSignal::new(SampleChoice::Demo),
            file_note: RwSignal::new(None),
            problems: RwSignal::new(Vec::new()),
            submit_error: RwSignal::new(None),
            submitting: RwSignal::new(false),
            current: RwSignal::new(None),
            list_version: RwSignal::new(0),
            stream: StoredValue::new_local(None),
        }
    }

    pub fn value(&self, key: &'static str) -> String {
        self.fields
            .with(|f| f.get(key).cloned().unwrap_or_default())
    }

    pub fn task(&self) -> Task {
        task_of(&self.value(TASK))
    }

    /// The template shown: as typed, or the task's default.
    pub fn template(&self) -> String {
        if self.template_typed.get() {
            self.value(TEMPLATE)
        } else {
            default_template(self.task()).to_string()
        }
    }

    pub fn input(&self, key: &'static str, text: String) {
        if key == TEMPLATE {
            self.template_typed.set(true);
        }
        self.fields.update(|f| {
            f.insert(key, text);
        });
        self.problems
            .update(|p| p.retain(|p| form_key(&p.field) != Some(key)));
    }

    /// A value filled in for the user (the catalog's first model and device), unless one is
    /// chosen.
    pub fn suggest(&self, key: &'static str, text: String) {
        if self
            .fields
            .with_untracked(|f| f.get(key).is_none_or(String::is_empty))
        {
            self.fields.update(|f| {
                f.insert(key, text);
            });
        }
    }

    /// The message for a form field, if any.
    pub fn problem(&self, key: &'static str) -> Option<String> {
        self.problems.with(|p| {
            p.iter()
                .filter(|p| form_key(&p.field) == Some(key))
                .map(|p| p.message.clone())
                .reduce(|a, b| format!("{a}; {b}"))
        })
    }

    /// Problems that name no field of the form.
    pub fn other_problems(&self) -> Vec<String> {
        self.problems.with(|p| {
            p.iter()
                .filter(|p| form_key(&p.field).is_none())
                .map(|p| format!("{}: {}", words::words(&p.field), p.message))
                .collect()
        })
    }

    /// The task and the labels the form gives, the sample check's only other inputs.
    pub fn check_key(&self) -> (Task, Option<Vec<String>>) {
        (self.task(), label_list(&self.value(LABELS)))
    }

    /// The sample read here (reading only the sample) for `task` with `labels`.
    pub fn check(&self, task: Task, labels: Option<&[String]>) -> Result<SampleCheck, String> {
        self.sample.with(|s| check_sample(s.text(), task, labels))
    }
}

/// The form key a refusal's field belongs to.
pub fn form_key(field: &str) -> Option<&'static str> {
    let key = field.split('[').next().unwrap_or(field);
    [
        WEIGHTS,
        TASK,
        LABELS,
        TEMPLATE,
        CHAT_TEMPLATE,
        PATTERN,
        TOLERANCE,
        MATCH_RULE,
        MAX_NEW_TOKENS,
        LLM_QUALITY,
        MIN_QUALITY,
        DEVICE,
    ]
    .into_iter()
    .find(|k| *k == key)
    .or_else(|| key.starts_with("sample").then_some(SAMPLE))
    .or_else(|| key.starts_with("match_rule").then_some(MATCH_RULE))
}

fn task_of(text: &str) -> Task {
    if text == "match" {
        Task::Match
    } else {
        Task::Classify
    }
}

/// "a, b ,c" → the labels; empty → None (the sample's own).
pub fn label_list(text: &str) -> Option<Vec<String>> {
    let labels: Vec<String> = text
        .split(',')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    (!labels.is_empty()).then_some(labels)
}

/// Reads `text` as a sample for `task` (pure: `quality::sample::read_sample`).
pub fn check_sample(
    text: &str,
    task: Task,
    labels: Option<&[String]>,
) -> Result<SampleCheck, String> {
    read_sample(text.as_bytes(), task, labels)
        .map(|s| SampleCheck {
            items: s.items.len(),
            llm_graded: s.llm_graded(),
            labels: s.labels,
        })
        .map_err(|e| e.to_string())
}

/// A share typed in a field (0 to 1), or the problem.
fn share(
    fields: &BTreeMap<&'static str, String>,
    key: &'static str,
) -> Result<Option<f64>, Problem> {
    let text = fields.get(key).map(|t| t.trim()).unwrap_or_default();
    if text.is_empty() {
        return Ok(None);
    }
    let value = text.trim_end_matches('%').trim().replace(',', ".");
    let parsed = value.parse::<f64>().ok().filter(|v| v.is_finite());
    let value = match parsed {
        // "90 %" is a share of 0.9.
        Some(v) if text.ends_with('%') => v / 100.0,
        Some(v) => v,
        None => {
            return Err(Problem {
                field: key.to_string(),
                message: format!("must be a number from 0 to 1 (got \"{text}\")"),
            })
        }
    };
    if !(0.0..=1.0).contains(&value) {
        return Err(Problem {
            field: key.to_string(),
            message: format!("must be from 0 to 1 (got {text})"),
        });
    }
    Ok(Some(value))
}

/// The eval the form describes, or every problem with its field.
pub fn request(
    fields: &BTreeMap<&'static str, String>,
    template: Option<String>,
    sample: &SampleChoice,
    prices: Option<CascadePrices>,
) -> Result<EvalRequest, Vec<Problem>> {
    let mut problems = Vec::new();
    let get = |k: &'static str| {
        fields
            .get(k)
            .map(|t| t.trim().to_string())
            .unwrap_or_default()
    };
    let task = task_of(&get(TASK));
    let weights = get(WEIGHTS);
    if weights.is_empty() {
        problems.push(Problem {
            field: WEIGHTS.into(),
            message:
                "choose a model (this server offers none: put a GGUF file in its models directory)"
                    .into(),
        });
    }
    let device = match Device::parse(&get(DEVICE)) {
        Ok(d) => d,
        Err(e) => {
            problems.push(Problem {
                field: DEVICE.into(),
                message: e,
            });
            Device::Cpu
        }
    };
    let labels = match task {
        Task::Classify => label_list(&get(LABELS)),
        Task::Match => None,
    };
    let match_rule = match (task, get(MATCH_RULE).as_str()) {
        (Task::Classify, _) => None,
        (Task::Match, "exact") => Some(MatchRule::Exact),
        (Task::Match, "regex") => {
            let pattern = get(PATTERN);
            if pattern.is_empty() {
                problems.push(Problem {
                    field: PATTERN.into(),
                    message: "give the pattern the answer must match".into(),
                });
            }
            Some(MatchRule::Regex { pattern })
        }
        (Task::Match, "numeric") => {
            let text = get(TOLERANCE);
            match text
                .parse::<f64>()
                .ok()
                .filter(|t| t.is_finite() && *t >= 0.0)
            {
                Some(tolerance) => Some(MatchRule::Numeric { tolerance }),
                None => {
                    problems.push(Problem {
                        field: TOLERANCE.into(),
                        message: format!("must be a number ≥ 0 (got \"{text}\")"),
                    });
                    None
                }
            }
        }
        (Task::Match, _) => Some(MatchRule::Normalised),
    };
    let max_new_tokens = match get(MAX_NEW_TOKENS).as_str() {
        "" => default_max_new_tokens(),
        text => match text.parse::<usize>() {
            Ok(n) if (1..=512).contains(&n) => n,
            _ => {
                problems.push(Problem {
                    field: MAX_NEW_TOKENS.into(),
                    message: format!("must be a whole number from 1 to 512 (got \"{text}\")"),
                });
                default_max_new_tokens()
            }
        },
    };
    let mut shares = [None, None];
    for (slot, key) in shares.iter_mut().zip([LLM_QUALITY, MIN_QUALITY]) {
        match share(fields, key) {
            Ok(v) => *slot = v,
            Err(p) => problems.push(p),
        }
    }
    if let Err(e) = check_sample(sample.text(), task, labels.as_deref()) {
        problems.push(Problem {
            field: SAMPLE.into(),
            message: e,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let request = EvalRequest {
        weights,
        sample: match sample {
            SampleChoice::Demo => EvalSample::Demo,
            SampleChoice::File { name, text } => EvalSample::Inline {
                name: name
                    .chars()
                    .take(::api::quality::MAX_SAMPLE_NAME_CHARS)
                    .collect(),
                jsonl: text.clone(),
            },
        },
        task,
        labels,
        template: template.filter(|t| !t.trim().is_empty()),
        chat_template: get(CHAT_TEMPLATE) != "off",
        match_rule,
        max_new_tokens,
        device,
        threads: None,
        batch_items: default_batch_items(),
        llm_quality: shares[0],
        min_quality: shares[1],
        prices,
    };
    match too_large_to_send(&request, sample) {
        Some(p) => Err(vec![p]),
        None => Ok(request),
    }
}

/// Counts what is written to it, keeping nothing.
struct Counted(usize);

impl std::io::Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The request's body as sent (its JSON, the sample's text escaped inside it) against the
/// most `POST /api/v1/evals` reads (`api::quality::EVAL_BODY_LIMIT_BYTES`): a sample that
/// fits `quality::sample::MAX_SAMPLE_BYTES` can still be too large to send, and the escaping
/// grows it (a quote becomes two characters). None: it fits.
pub fn too_large_to_send(request: &EvalRequest, sample: &SampleChoice) -> Option<Problem> {
    let mut body = Counted(0);
    // Writing to a counter cannot fail, and the request is plain data.
    serde_json::to_writer(&mut body, request).ok()?;
    let limit = ::api::quality::EVAL_BODY_LIMIT_BYTES;
    (body.0 > limit).then(|| Problem {
        field: SAMPLE.into(),
        message: format!(
            "too large to send: the sample ({}) makes a request of {} with its text written as JSON, and the server reads at most {}; split it into smaller files, or run `breakeven eval` on the command line",
            tco::format::bytes(sample.text().len() as f64),
            tco::format::bytes(body.0 as f64),
            tco::format::bytes(limit as f64)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&'static str, &str)]) -> BTreeMap<&'static str, String> {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    #[test]
    fn the_demo_sample_is_read_here_with_its_labels() {
        let check = check_sample(DEMO_SAMPLE, Task::Classify, None).expect("the demo reads");
        assert_eq!(check.items, 168);
        assert_eq!(check.labels.len(), 4);
    }

    #[test]
    fn a_bad_file_is_refused_with_its_line() {
        let text = "{\"input\": \"a\", \"expected\": \"x\"}\nnot json\n{\"input\": \"b\"}\n";
        let e = check_sample(text, Task::Classify, None).expect_err("bad lines");
        assert!(e.contains("line 2"), "{e}");
        assert!(e.contains("line 3") && e.contains("expected"), "{e}");
    }

    #[test]
    fn the_form_becomes_a_request_or_names_its_fields() {
        let ok = request(
            &fields(&[
                (WEIGHTS, "m.gguf"),
                (DEVICE, "cpu"),
                (TASK, "classify"),
                (LLM_QUALITY, "95 %"),
                (MIN_QUALITY, "0.9"),
            ]),
            None,
            &SampleChoice::Demo,
            None,
        )
        .expect("valid");
        assert_eq!(ok.sample, EvalSample::Demo);
        assert_eq!(ok.llm_quality, Some(0.95));
        assert_eq!(ok.min_quality, Some(0.9));
        assert!(ok.chat_template);
        let bad = request(
            &fields(&[(DEVICE, "cpu"), (LLM_QUALITY, "1.5"), (MIN_QUALITY, "x")]),
            None,
            &SampleChoice::File {
                name: "s.jsonl".into(),
                text: String::new(),
            },
            None,
        )
        .expect_err("invalid");
        let named: Vec<&str> = bad.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(named, [WEIGHTS, LLM_QUALITY, MIN_QUALITY, SAMPLE]);
    }

    #[test]
    fn a_sample_whose_request_passes_the_body_limit_is_not_sent() {
        let form = fields(&[(WEIGHTS, "m.gguf"), (DEVICE, "cpu"), (TASK, "classify")]);
        // 320 lines, each an input of its number (3 digits and a space), 16,000 escaped
        // quotes (`\"`, 2 bytes) and 31 bytes around it: 320 · 32,035 = 10,251,200 bytes
        // (9.8 MiB), under the 16 MiB limit. As JSON each `\"` is written `\\\"` (4 bytes).
        let quotes = "\\\"".repeat(16_000);
        // Expected "a" or "b" by turn: classify needs two labels.
        let line = |i: usize| {
            let expected = if i.is_multiple_of(2) { "a" } else { "b" };
            format!("{{\"input\": \"{i:03} {quotes}\", \"expected\": \"{expected}\"}}\n")
        };
        assert_eq!(line(0).len(), 32_035);
        let lines = |n: usize| (0..n).map(line).collect::<String>();
        let text = lines(320);
        assert!(text.len() < ::api::quality::EVAL_BODY_LIMIT_BYTES);
        let sample = SampleChoice::File {
            name: "quotes.jsonl".into(),
            text,
        };
        let refused = request(&form, None, &sample, None).expect_err("too large");
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].field, SAMPLE);
        let m = &refused[0].message;
        assert!(
            m.starts_with("too large to send: the sample (9.8 MiB)"),
            "{m}"
        );
        assert!(m.contains("at most 16.0 MiB"), "{m}");
        assert!(m.contains("`breakeven eval`"), "{m}");
        // The body: 320 · (16,000 · 4 + 44) = 20,494,080 bytes of escaped lines and the
        // request's other keys, 19.5 MiB.
        assert!(m.contains("a request of 19.5 MiB"), "{m}");
        // Half as many lines fit (4.9 MiB of sample, 9.8 MiB of body): sent.
        let half = SampleChoice::File {
            name: "quotes.jsonl".into(),
            text: lines(160),
        };
        assert!(request(&form, None, &half, None).is_ok());
        assert!(request(&form, None, &SampleChoice::Demo, None).is_ok());
    }
}
