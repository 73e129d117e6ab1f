//! `/api/v1/evals*` and `breakeven eval`: a quality eval of a small model on a team's own
//! labelled sample (docs/quality.md). What an eval is asked to do ([`EvalRequest`]), what it
//! reports ([`EvalResult`]: the `quality` crate's figures, the speed and what reruns it), and
//! its progress. The `bench` crate runs evals with these types (candle; not wasm); the app
//! reads them without linking candle.

use serde::{Deserialize, Serialize};

pub use quality::sample::Task;
pub use quality::summary::{EvalFigures, ItemAnswer, MatchRule, WorstItem};

use crate::bench::{Device, JobStatus};

mod scenario;
pub use scenario::{chosen_threshold, measured_input, routing_input, ChosenThreshold};

/// Where the sample comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EvalSample {
    /// The demo sample shipped with Breakeven (`quality/data/support-intent.jsonl`: 168
    /// support messages, four intents).
    Demo,
    /// A sample sent with the request: JSON Lines, one item per line.
    Inline {
        /// The file's name, shown in the results and the scenario's label (≤ 200 characters).
        name: String,
        /// The file's text.
        jsonl: String,
    },
}

/// One eval, as asked for on the command line or by `POST /api/v1/evals`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EvalRequest {
    /// The GGUF language model: on the server a file its catalog offers (as named there), on
    /// the command line a path.
    pub weights: String,
    /// The labelled sample.
    pub sample: EvalSample,
    /// classify (pick one of the labels) or match (generate, then compare).
    pub task: Task,
    /// classify: the label set, in order; None: the sample's distinct `expected` values,
    /// sorted. Every item's `expected` must be one of them.
    #[serde(default)]
    pub labels: Option<Vec<String>>,
    /// The prompt: `{input}` is replaced by the item's text, `{labels}` by the label set
    /// joined with ", ". None: the task's default ([`default_template`]).
    #[serde(default)]
    pub template: Option<String>,
    /// Wrap the prompt in the model's chat template when its GGUF has one; default true.
    #[serde(default = "yes")]
    pub chat_template: bool,
    /// match: how an answer is compared with `expected`; default normalised.
    #[serde(default)]
    pub match_rule: Option<MatchRule>,
    /// match: the most tokens generated per item, 1 to 512; default 32.
    #[serde(default = "default_max_new_tokens")]
    pub max_new_tokens: usize,
    /// Where it runs: `cpu` or `cuda:N`.
    pub device: Device,
    /// CPU threads (None: candle's default, one per physical core).
    #[serde(default)]
    pub threads: Option<usize>,
    /// Items scored together in one batch, 1 to 64; default 8.
    #[serde(default = "default_batch_items")]
    pub batch_items: usize,
    /// The LLM's expected correctness on items whose `llm_correct`/`llm_output` is absent,
    /// 0 to 1 (for the cascade curve); needed when some item lacks both.
    #[serde(default)]
    pub llm_quality: Option<f64>,
    /// The cascade quality to reach, 0 to 1, judged by its one-sided lower 95 % bound.
    #[serde(default)]
    pub min_quality: Option<f64>,
    /// USD per request of the small model and of the LLM, to choose the cheapest threshold
    /// meeting `min_quality`; the app fills them from the planner's scenario.
    #[serde(default)]
    pub prices: Option<CascadePrices>,
}

/// Per-request prices of the two models of a cascade.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CascadePrices {
    /// USD per request answered by the small model (≥ 0).
    pub slm_usd_per_request: f64,
    /// USD per request answered by the LLM (≥ 0).
    pub llm_usd_per_request: f64,
}

fn yes() -> bool {
    true
}

/// Generated tokens per item when a match request does not say.
pub fn default_max_new_tokens() -> usize {
    32
}

/// Items per batch when a request does not say.
pub fn default_batch_items() -> usize {
    8
}

/// The prompt a task gets when the request names none.
pub fn default_template(task: Task) -> &'static str {
    match task {
        Task::Classify => {
            "Classify the message into one of these categories: {labels}.\n\nMessage: {input}\n\nCategory:"
        }
        Task::Match => "{input}",
    }
}

/// How fast the eval ran (the warm-up item excluded, clocks read after a device synchronise).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct EvalSpeed {
    /// Seconds from the first item to the last.
    pub elapsed_s: f64,
    /// Items per second.
    pub items_per_second: f64,
    /// Tokens the model read (prompts and scored label tokens), all items.
    pub prompt_tokens: u64,
    /// Tokens generated (match), all items.
    pub generated_tokens: u64,
    /// (prompt + generated tokens) per second.
    pub tokens_per_second: f64,
}

/// Everything needed to rerun the eval and to trust its figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct EvalReproducibility {
    /// The model's name from its GGUF (`general.name`), else the file's name.
    pub model: String,
    /// sha256 of the weights file.
    pub weights_sha256: String,
    /// The weights file as the request named it.
    pub weights: String,
    /// The number format of the weights (e.g. q4_1).
    pub dtype: String,
    /// The prompt template used, as written.
    pub template: String,
    /// The GGUF's chat template the prompt was wrapped in; None when not applied.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub chat_template: Option<String>,
    /// The sample's name (file name, or "support-intent.jsonl (demo)").
    pub sample: String,
    /// sha256 of the sample's bytes.
    pub sample_sha256: String,
    /// The sample's size, bytes.
    pub sample_bytes: u64,
    /// The candle release the model ran on.
    pub candle_version: String,
    /// The Breakeven release that measured.
    pub breakeven_version: String,
    /// `cpu` or `cuda:N`.
    pub device: Device,
    /// The CPU as the OS names it.
    pub cpu_model: String,
    /// The GPU (CUDA only).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub gpu_name: Option<String>,
    /// CPU threads used.
    pub threads: usize,
    /// Operating system and kernel.
    pub os: String,
    /// Items per batch.
    pub batch_items: usize,
    /// The command line that reruns it.
    pub command: String,
}

/// A finished eval: the figures, the speed, what reruns it, and the label a scenario
/// carries when its routing is set from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct EvalResult {
    /// The request as run (an inline sample's text left out: `sample` names it).
    pub request: EvalRequest,
    /// Accuracy, per-label figures, the worst items and the cascade curve.
    pub figures: EvalFigures,
    /// Every item's answer, in sample order.
    pub answers: Vec<ItemAnswer>,
    /// How fast it ran.
    pub speed: EvalSpeed,
    /// What reruns it.
    pub reproducibility: EvalReproducibility,
    /// "measured on 168 items of the demo sample support-intent.jsonl (95 % interval 35.0 %–49.8 %)".
    pub label: String,
}

/// What a running eval reports as it goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct EvalProgress {
    /// "loading", "evaluating", "done".
    pub phase: String,
    /// Items finished.
    pub items_done: usize,
    /// Items in the sample.
    pub items_total: usize,
    /// Items per second so far (None before the first batch).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub items_per_second: Option<f64>,
}

/// The longest sample name an inline sample may carry, characters.
pub const MAX_SAMPLE_NAME_CHARS: usize = 200;

/// The largest body `POST /api/v1/evals` reads (16 MiB): an inline sample of 100,000 short
/// items fits; larger samples run with `breakeven eval` on the command line.
pub const EVAL_BODY_LIMIT_BYTES: usize = 16 * 1024 * 1024;

/// 202 of `POST /api/v1/evals` (with its place in line) and 200 of
/// `POST /api/v1/evals/{id}/cancel` (without).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EvalQueued {
    /// The eval's id.
    pub id: crate::EvalId,
    /// `queued` from a submit; `cancelled` or `running` (stopping) from a cancel.
    pub status: JobStatus,
    /// Jobs (benchmarks and evals) ahead of it on its device (0: it starts next); only when
    /// queued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
}

/// One row of `GET /api/v1/evals` (the newest 200, newest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EvalSummary {
    /// The eval's id.
    pub id: crate::EvalId,
    /// Where the job is.
    pub status: JobStatus,
    /// The weights file, as the request named it.
    pub weights: String,
    /// The model's name from its GGUF, once done.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub model: Option<String>,
    /// The sample's name.
    pub sample: String,
    /// Items in the sample.
    pub items: usize,
    /// classify or match.
    pub task: Task,
    /// Where it runs (or ran).
    pub device: Device,
    /// The small model's accuracy (a share, 0..1), once done.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub accuracy: Option<f64>,
    /// When it was queued (Unix seconds).
    pub created_unix: i64,
    /// When it started (Unix seconds); None while queued or if it never ran.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub started_unix: Option<i64>,
    /// When it ended (Unix seconds); None until it does.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub finished_unix: Option<i64>,
    /// Why it failed; None unless `failed`.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub error: Option<String>,
    /// The latest progress while it runs.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub progress: Option<EvalProgress>,
}

/// 200 of `GET /api/v1/evals`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EvalList {
    /// The newest evals, newest first.
    pub evals: Vec<EvalSummary>,
}

/// 200 of `GET /api/v1/evals/{id}`: an eval with its request, its progress while it runs,
/// its result once done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EvalJob {
    /// The eval's id.
    pub id: crate::EvalId,
    /// Where the job is.
    pub status: JobStatus,
    /// What was asked for (an inline sample's text left out: `sample` names it, and
    /// `sample_sha256` identifies its bytes).
    pub request: EvalRequest,
    /// The command line that reruns it (with the sample saved as a file of its name).
    pub command: String,
    /// The sample's name.
    pub sample: String,
    /// sha256 of the sample's bytes.
    pub sample_sha256: String,
    /// Items in the sample.
    pub items: usize,
    /// Where it runs (or ran).
    pub device: Device,
    /// The latest progress while it runs.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub progress: Option<EvalProgress>,
    /// Present exactly when `status` is `done`.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub result: Option<EvalResult>,
    /// Why it failed; None unless `failed`.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub error: Option<String>,
    /// When it was queued (Unix seconds).
    pub created_unix: i64,
    /// When it started (Unix seconds); None while queued or if it never ran.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub started_unix: Option<i64>,
    /// When it ended (Unix seconds); None until it does.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub finished_unix: Option<i64>,
}
