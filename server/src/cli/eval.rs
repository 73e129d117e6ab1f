//! `breakeven eval`: a quality eval of a GGUF language model on a labelled sample with
//! candle (docs/quality.md), printed as a table or as JSON (the `EvalResult` the API
//! stores). Problems with the input exit with status 2 and a line naming the option, or the
//! sample's line and field; Ctrl-C cancels cleanly (a second one leaves at once).

use std::fs::File;
use std::io::{BufReader, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::Context;
use api::bench::Device;
use api::quality::{
    default_batch_items, default_max_new_tokens, CascadePrices, EvalProgress, EvalRequest,
    EvalResult, EvalSample, MatchRule, Task,
};
use bench::BenchError;
use quality::sample::{demo_display_name, read_sample, Sample, DEMO_SAMPLE};
use quality::summary::check_options;
use quality::{QualityError, Threshold};
use tco::format::{count, decimal1, percent, usd};

use super::io::{runtime, OutputFormat};
use crate::jobs::shell_quote;

/// The task as an option value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TaskArg {
    /// Pick one of the labels (each scored as a continuation of the prompt).
    Classify,
    /// Generate an answer and compare it with `expected` (--match).
    Match,
}

impl From<TaskArg> for Task {
    fn from(task: TaskArg) -> Self {
        match task {
            TaskArg::Classify => Task::Classify,
            TaskArg::Match => Task::Match,
        }
    }
}

/// `breakeven eval`.
#[derive(Debug, Clone, clap::Args)]
pub struct EvalArgs {
    /// The GGUF language model to evaluate.
    #[arg(long, value_name = "FILE.gguf")]
    pub weights: PathBuf,
    /// The labelled sample: JSON Lines, one `{"input": …, "expected": …}` a line (optional
    /// `llm_output` or `llm_correct`); `demo` for the shipped demo sample
    /// (support-intent.jsonl, 168 support messages, four intents).
    #[arg(long, value_name = "SAMPLE.jsonl")]
    pub data: String,
    /// classify (pick one of the labels) or match (generate, then compare).
    #[arg(long, value_enum)]
    pub task: TaskArg,
    /// classify: the label set, in order (default: the sample's distinct `expected` values,
    /// sorted).
    #[arg(long, value_delimiter = ',')]
    pub labels: Option<Vec<String>>,
    /// A file holding the prompt template: `{input}` is the item's text, `{labels}` the labels
    /// joined with ", " (default: the task's own).
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Do not wrap the prompt in the GGUF's chat template.
    #[arg(long)]
    pub no_chat_template: bool,
    /// match: exact, normalised (default), regex:PATTERN or numeric:TOLERANCE.
    #[arg(long = "match", value_name = "RULE")]
    pub match_rule: Option<String>,
    /// match: the most tokens generated per item, 1 to 512.
    #[arg(long, default_value_t = default_max_new_tokens())]
    pub max_new_tokens: usize,
    /// Items scored together in one batch, 1 to 64.
    #[arg(long, default_value_t = default_batch_items())]
    pub batch: usize,
    /// `cpu` or `cuda:N`.
    #[arg(long, default_value = "cpu")]
    pub device: Device,
    /// CPU threads (default: one per physical core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// The LLM's expected accuracy (0 to 1) on items without `llm_correct`/`llm_output`, for
    /// the cascade curve; needed when some item has neither.
    #[arg(long, value_name = "Q")]
    pub llm_quality: Option<f64>,
    /// The cascade quality to reach (0 to 1), judged by its one-sided lower 95 % bound.
    #[arg(long, value_name = "Q")]
    pub min_quality: Option<f64>,
    /// USD per request of the small model and of the LLM, to choose the cheapest threshold
    /// meeting --min-quality.
    #[arg(long, value_name = "SLM_USD,LLM_USD")]
    pub prices: Option<String>,
    /// `table` (readable) or `json` (the whole result, as the API stores it).
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Show progress on stderr even when it is not a terminal (one line per batch).
    #[arg(long)]
    pub progress: bool,
}

/// A problem with the input: printed as `error: …`, exit status 2.
struct Refused(String);

fn refused(text: impl Into<String>) -> Refused {
    Refused(text.into())
}

/// `--match RULE` as a [`MatchRule`].
pub fn parse_match_rule(text: &str) -> Result<MatchRule, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("exact") {
        Ok(MatchRule::Exact)
    } else if text.eq_ignore_ascii_case("normalised") || text.eq_ignore_ascii_case("normalized") {
        Ok(MatchRule::Normalised)
    } else if let Some(pattern) = text.strip_prefix("regex:") {
        Ok(MatchRule::Regex {
            pattern: pattern.to_string(),
        })
    } else if let Some(tolerance) = text.strip_prefix("numeric:") {
        let tolerance: f64 = tolerance.trim().parse().map_err(|_| {
            format!("numeric:TOLERANCE needs a number, got {tolerance:?} (e.g. numeric:0.01)")
        })?;
        Ok(MatchRule::Numeric { tolerance })
    } else {
        Err(format!(
            "{text:?} is not a rule: exact, normalised, regex:PATTERN or numeric:TOLERANCE"
        ))
    }
}

/// `--prices SLM_USD,LLM_USD`.
fn parse_prices(text: &str) -> Result<CascadePrices, String> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let [slm, llm] = parts.as_slice() else {
        return Err(format!(
            "two prices, SLM_USD,LLM_USD per request (e.g. 0.0001,0.002), got {text:?}"
        ));
    };
    let price = |name: &str, value: &str| -> Result<f64, String> {
        match value.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
            _ => Err(format!(
                "the {name} price must be a number of USD ≥ 0, got {value:?}"
            )),
        }
    };
    Ok(CascadePrices {
        slm_usd_per_request: price("SLM", slm)?,
        llm_usd_per_request: price("LLM", llm)?,
    })
}

/// The option a field of the request is set with, for messages.
fn option_of(field: &str) -> &str {
    match field {
        "llm_quality" => "--llm-quality",
        "min_quality" => "--min-quality",
        "slm_usd_per_request"
        | "llm_usd_per_request"
        | "prices.slm_usd_per_request"
        | "prices.llm_usd_per_request"
        | "slm_cost_per_request"
        | "llm_cost_per_request" => "--prices",
        "match_rule" | "match_rule.pattern" | "match_rule.tolerance" => "--match",
        "max_new_tokens" => "--max-new-tokens",
        "batch_items" => "--batch",
        "threads" => "--threads",
        "labels" => "--labels",
        "template" => "--template",
        "device" => "--device",
        "weights" => "--weights",
        other => other,
    }
}

/// A figures error before the run, in the command line's words: an item's problem as the
/// sample's line ([`QualityError::item_line`]), a request field ([`QualityError::field`])
/// as its option.
fn options_error(error: &QualityError) -> String {
    if let Some((line, key, reason)) = error.item_line() {
        return format!("--data: line {line}: {key}: {reason}");
    }
    let field = error.field();
    let text = error.to_string();
    match text.strip_prefix(&format!("{field}: ")) {
        Some(reason) => format!("{}: {reason}", option_of(&field)),
        None => text,
    }
}

/// Everything the run needs, checked.
struct Prepared {
    request: EvalRequest,
    sample: Sample,
    sample_name: String,
}

fn prepare(args: &EvalArgs) -> Result<Prepared, Refused> {
    let task = Task::from(args.task);
    if !(1..=512).contains(&args.max_new_tokens) {
        return Err(refused(format!(
            "--max-new-tokens: 1 to 512, got {}",
            args.max_new_tokens
        )));
    }
    if !(1..=64).contains(&args.batch) {
        return Err(refused(format!("--batch: 1 to 64, got {}", args.batch)));
    }
    if args.threads == Some(0) {
        return Err(refused("--threads: at least 1"));
    }
    for (option, value) in [
        ("--llm-quality", args.llm_quality),
        ("--min-quality", args.min_quality),
    ] {
        if let Some(value) = value {
            if !(0.0..=1.0).contains(&value) {
                return Err(refused(format!(
                    "{option}: a share between 0 and 1, got {value}"
                )));
            }
        }
    }
    let match_rule = match (&args.match_rule, task) {
        (Some(_), Task::Classify) => {
            return Err(refused(
                "--match: applies to --task match only (classify picks a label)",
            ))
        }
        (Some(text), Task::Match) => {
            Some(parse_match_rule(text).map_err(|e| refused(format!("--match: {e}")))?)
        }
        (None, _) => None,
    };
    let prices = match &args.prices {
        Some(text) => Some(parse_prices(text).map_err(|e| refused(format!("--prices: {e}")))?),
        None => None,
    };
    let template = match &args.template {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| refused(format!("--template: cannot read {}: {e}", path.display())))?;
            if !text.contains("{input}") {
                return Err(refused(format!(
                    "--template: {} has no {{input}}: the item's text would not be in the prompt",
                    path.display()
                )));
            }
            Some(text)
        }
        None => None,
    };
    if !args.weights.is_file() {
        return Err(refused(format!(
            "--weights: {}: no such file (a GGUF language model)",
            args.weights.display()
        )));
    }

    let labels = args.labels.as_deref();
    let (sample, sample_name, eval_sample) = if args.data == "demo" {
        let sample = read_sample(DEMO_SAMPLE.as_bytes(), task, labels)
            .map_err(|e| refused(format!("--data demo: {e}")))?;
        (sample, demo_display_name(), EvalSample::Demo)
    } else {
        let path = Path::new(&args.data);
        let file = File::open(path)
            .map_err(|e| refused(format!("--data: cannot read {}: {e}", path.display())))?;
        let sample = read_sample(BufReader::new(file), task, labels)
            .map_err(|e| refused(format!("--data: {}: {e}", path.display())))?;
        let name = path
            .file_name()
            .map_or_else(|| args.data.clone(), |n| n.to_string_lossy().into_owned());
        let name: String = name.chars().take(200).collect();
        // The sample is read here; the request only names it (as a stored result does).
        let inline = EvalSample::Inline {
            name: name.clone(),
            jsonl: String::new(),
        };
        (sample, name, inline)
    };

    let request = EvalRequest {
        weights: args.weights.display().to_string(),
        sample: eval_sample,
        task,
        labels: args.labels.clone(),
        template,
        chat_template: !args.no_chat_template,
        match_rule,
        max_new_tokens: args.max_new_tokens,
        device: args.device,
        threads: args.threads,
        batch_items: args.batch,
        llm_quality: args.llm_quality,
        min_quality: args.min_quality,
        prices,
    };
    let options = bench::eval::summary_options(&request);
    check_options(&sample, &options).map_err(|e| refused(options_error(&e)))?;
    Ok(Prepared {
        request,
        sample,
        sample_name,
    })
}

/// Exit status 2 for a problem with the input (it names the field), 130 when cancelled,
/// 1 otherwise.
fn eval_failure(e: &BenchError) -> ExitCode {
    match e {
        BenchError::Cancelled => {
            eprintln!("cancelled");
            ExitCode::from(130)
        }
        BenchError::Candle(_) | BenchError::NothingMeasured(_) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
        BenchError::Invalid { field, reason } => {
            eprintln!("error: {}: {reason}", option_of(field));
            ExitCode::from(2)
        }
        _ => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Reads and checks the input, runs the eval on a blocking thread, prints the result.
pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let prepared = match prepare(&args) {
        Ok(prepared) => prepared,
        Err(Refused(message)) => {
            eprintln!("error: {message}");
            return Ok(ExitCode::from(2));
        }
    };
    let command = std::iter::once("breakeven".to_string())
        .chain(std::env::args().skip(1).map(|a| shell_quote(&a)))
        .collect::<Vec<_>>()
        .join(" ");
    let show_progress = args.progress || std::io::stderr().is_terminal();
    let weights = args.weights.clone();
    runtime()?.block_on(async {
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        let mut handle = tokio::task::spawn_blocking(move || {
            let Prepared {
                request,
                sample,
                sample_name,
            } = prepared;
            let mut line = ProgressLine::new(show_progress);
            let result = bench::eval::evaluate(
                &request,
                &weights,
                &sample,
                &sample_name,
                &command,
                &mut |p| line.update(p),
                &flag,
            );
            line.finish();
            result
        });
        let joined = tokio::select! {
            joined = &mut handle => joined,
            _ = tokio::signal::ctrl_c() => {
                cancel.store(true, Ordering::SeqCst);
                eprintln!("\ncancelling (Ctrl-C again to quit at once)…");
                tokio::select! {
                    joined = &mut handle => joined,
                    _ = tokio::signal::ctrl_c() => {
                        eprintln!("cancelled");
                        std::process::exit(130);
                    }
                }
            }
        };
        let result = match joined.context("the eval thread crashed")? {
            Ok(result) => result,
            Err(e) => return Ok(eval_failure(&e)),
        };
        match args.format {
            OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&result)?),
            OutputFormat::Table => print!("{}", table(&result)),
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// The progress line on stderr: redrawn in place on a terminal, one line per batch
/// otherwise (with --progress), nothing when neither.
struct ProgressLine {
    show: bool,
    tty: bool,
    drawn: bool,
}

impl ProgressLine {
    fn new(show: bool) -> Self {
        Self {
            show,
            tty: std::io::stderr().is_terminal(),
            drawn: false,
        }
    }

    fn update(&mut self, p: &EvalProgress) {
        if !self.show {
            return;
        }
        let fraction = if p.items_total == 0 {
            0.0
        } else {
            (p.items_done as f64 / p.items_total as f64).clamp(0.0, 1.0)
        };
        let speed = p
            .items_per_second
            .map_or_else(String::new, |s| format!(", {} items/s", decimal1(s)));
        let text = format!(
            "{}: {} of {} items{speed}",
            p.phase,
            count(p.items_done as f64),
            count(p.items_total as f64)
        );
        let mut err = std::io::stderr().lock();
        if self.tty {
            let filled = (fraction * 24.0).round() as usize;
            let bar = format!("{}{}", "#".repeat(filled), "-".repeat(24 - filled));
            let _ = write!(err, "\r[{bar}] {:>3.0}% {text}\x1b[K", fraction * 100.0);
            let _ = err.flush();
        } else {
            let _ = writeln!(err, "[{:>3.0}%] {text}", fraction * 100.0);
        }
        self.drawn = true;
    }

    fn finish(&mut self) {
        if self.tty && self.drawn {
            let _ = writeln!(std::io::stderr());
        }
    }
}

/// A confidence threshold for people: "θ = 1.234", "θ = −∞ (none escalated)".
fn threshold(t: Threshold) -> String {
    match t {
        Threshold::MinusInfinity => "θ = −∞ (small model alone)".to_string(),
        Threshold::Value(v) => format!("θ = {v:.4}"),
        Threshold::PlusInfinity => "θ = +∞ (every item escalated)".to_string(),
    }
}

/// At most `max` characters of `text` on one line.
fn clipped(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut out: String = one_line.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// The readable form of a finished eval.
pub fn table(r: &EvalResult) -> String {
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    let rep = &r.reproducibility;
    let f = &r.figures;
    let task = match r.request.task {
        Task::Classify => "classify",
        Task::Match => "match",
    };
    line(format!(
        "{} ({}) on {}, {task}, {}",
        rep.model, rep.dtype, rep.sample, rep.device
    ));
    let a = &f.accuracy;
    line(format!(
        "accuracy       {} ({} of {} items); 95 % interval {}–{}; lower 95 % bound {}",
        percent(a.accuracy),
        count(a.correct as f64),
        count(a.n as f64),
        percent(a.interval_95.low),
        percent(a.interval_95.high),
        percent(a.lower_95)
    ));
    if let Some(llm) = &f.llm_accuracy {
        line(format!(
            "LLM accuracy   {} on the {} items graded for it (95 % interval {}–{})",
            percent(llm.accuracy),
            count(llm.n as f64),
            percent(llm.interval_95.low),
            percent(llm.interval_95.high)
        ));
    }
    line(format!("label          {}", r.label));
    line(format!(
        "speed          {} items/s, {} tokens/s ({} prompt + {} generated tokens in {} s)",
        decimal1(r.speed.items_per_second),
        decimal1(r.speed.tokens_per_second),
        count(r.speed.prompt_tokens as f64),
        count(r.speed.generated_tokens as f64),
        decimal1(r.speed.elapsed_s)
    ));

    if !f.per_label.is_empty() {
        line(String::new());
        let width = f
            .per_label
            .iter()
            .map(|l| l.label.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        line(format!(
            "{:<width$}  {:>7}  {:>9}  {:>9}  {:>7}",
            "label", "support", "predicted", "precision", "recall"
        ));
        for l in &f.per_label {
            let share = |v: Option<f64>| v.map_or_else(|| "—".to_string(), percent);
            line(format!(
                "{:<width$}  {:>7}  {:>9}  {:>9}  {:>7}",
                l.label,
                count(l.support as f64),
                count(l.predicted as f64),
                share(l.precision),
                share(l.recall)
            ));
        }
    }
    if let Some(confusion) = &f.confusion {
        line(String::new());
        line("confusion (rows expected, columns answered)".to_string());
        let width = confusion
            .labels
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(1)
            .max(6);
        let mut header = format!("{:<width$}", "");
        for label in &confusion.labels {
            header.push_str(&format!("  {label:>width$}"));
        }
        line(header);
        for (label, row) in confusion.labels.iter().zip(&confusion.counts) {
            let mut text = format!("{label:<width$}");
            for cell in row {
                text.push_str(&format!("  {:>width$}", count(*cell as f64)));
            }
            line(text);
        }
    }

    if !f.worst_items.is_empty() {
        line(String::new());
        line(
            "wrong with the least confidence (line: expected → answered, confidence: input)"
                .to_string(),
        );
        for w in &f.worst_items {
            line(format!(
                "  {:>6}: {} → {}, {:.3}: {}",
                w.line,
                clipped(&w.expected, 24),
                clipped(&w.answer, 24),
                w.confidence,
                clipped(&w.input, 60)
            ));
        }
    }

    line(String::new());
    let curve = &f.cascade;
    line(format!(
        "cascade        {} thresholds shown; LLM correctness measured on {} of {} items{}",
        count(curve.points.len() as f64),
        count(curve.llm_measured as f64),
        count(curve.n as f64),
        curve.llm_quality.map_or_else(String::new, |q| format!(
            ", {} assumed for the rest",
            percent(q)
        ))
    ));
    match (f.min_quality, &f.meeting_floor) {
        (Some(floor), Some(point)) => line(format!(
            "meets {}      {}: escalates {}, quality {} (lower 95 % bound {})",
            percent(floor),
            threshold(point.threshold),
            percent(point.escalation),
            percent(point.quality),
            percent(point.quality_lower_95)
        )),
        (Some(floor), None) => line(format!(
            "meets {}      no threshold: even escalating every item, the lower 95 % bound stays below it",
            percent(floor)
        )),
        (None, _) => line("floor          none asked (--min-quality Q)".to_string()),
    }
    if let Some(cheapest) = &f.cheapest {
        line(format!(
            "cheapest       {}: escalates {}, {} per request",
            threshold(cheapest.point.threshold),
            percent(cheapest.point.escalation),
            usd(cheapest.cost_per_request)
        ));
    }

    line(String::new());
    line(format!(
        "model sha256   {} ({})",
        rep.weights_sha256, rep.weights
    ));
    line(format!(
        "sample sha256  {} ({} bytes)",
        rep.sample_sha256,
        count(rep.sample_bytes as f64)
    ));
    line(format!(
        "chat template  {}",
        if rep.chat_template.is_some() {
            "the GGUF's, applied"
        } else {
            "not applied"
        }
    ));
    line(format!(
        "ran on         {} ({} threads, {} items a batch), {}; candle {}, Breakeven {}",
        rep.gpu_name.as_deref().unwrap_or(&rep.cpu_model),
        rep.threads,
        rep.batch_items,
        rep.os,
        rep.candle_version,
        rep.breakeven_version
    ));
    line(format!("rerun          {}", rep.command));
    out
}
