//! `/api/v1/benchmarks*`: what a benchmark is asked to do (`BenchRequest`), what it reports
//! (`BenchResult`, stored by the server and drawn by the app), the catalog of what can be
//! benchmarked, and the job queue's answers. The `bench` crate (candle; not wasm) runs
//! benchmarks with these types; the app reads them without linking candle.

mod catalog;
mod device;
mod endpoint;
mod hardware;
mod jobs;
mod relax;
mod result;
mod steps;

pub use catalog::{entries, BenchCatalog, CatalogEntry, Family, WeightsFile};
pub use device::{Device, DeviceKind};
pub use endpoint::{EndpointApi, EndpointTarget};
pub use jobs::{
    AgentReport, Benchmark, BenchmarkList, BenchmarkSummary, JobStatus, ProgressShare, Queued,
    ResultStored, StatusEvent,
};
pub use relax::{best_point, relaxed_slo, round_up_2sf, HEADROOM};
pub use result::{
    BenchResult, Engine, Goodput, Point, Progress, Projection, Reproducibility, Roofline, Summary,
    ThroughputChoice,
};
pub use steps::{default_dtype, default_dtype_for, DefaultDtype, Steps, RECENT_STEPS};

use serde::{Deserialize, Serialize};

pub use models::WeightDtype;

/// Where the weights come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WeightsSource {
    /// The catalog architecture with random weights (vLLM's `--load-format dummy`), seeded.
    Synthetic,
    /// A GGUF file, or a directory with `config.json` and `*.safetensors` (one the server's
    /// catalog lists, on the server).
    Path {
        /// The file or directory.
        path: String,
    },
}

/// One benchmark run, as asked for on the command line or by `POST /api/v1/benchmarks`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BenchRequest {
    /// Catalog id (`qwen2.5-0.5b`); with a file it may be omitted (the file names its architecture).
    #[serde(default)]
    pub model: Option<String>,
    /// Synthetic weights of the catalog architecture, or a weights file the server offers.
    pub weights: WeightsSource,
    /// None: a GGUF file's own format, otherwise q4_0 on CPU and bf16 on CUDA ([`default_dtype`]).
    #[serde(default)]
    pub dtype: Option<WeightDtype>,
    /// Where it runs: `cpu` or `cuda:N`.
    pub device: Device,
    /// Concurrencies to try, ascending; the sweep stops early once the SLO breaks.
    pub concurrency: Vec<usize>,
    /// Prompt tokens per sequence.
    pub prompt_tokens: usize,
    /// Generated tokens per sequence.
    pub gen_tokens: usize,
    /// Timed repetitions per concurrency (warm-up excluded); at least 5.
    #[serde(default = "default_repetitions")]
    pub repetitions: usize,
    /// Latency targets the goodput point must meet; none: the highest decode rate wins.
    #[serde(default)]
    pub slo: Option<Slo>,
    /// CPU threads (None: candle's default, one per physical core).
    #[serde(default)]
    pub threads: Option<usize>,
    /// Seed of the synthetic weights and prompts.
    #[serde(default)]
    pub seed: u64,
    /// Memory this benchmark may use, bytes (a shared host can bound it); the device's free
    /// memory when absent or larger.
    #[serde(default)]
    pub max_memory_bytes: Option<u64>,
    /// Measure this OpenAI-compatible endpoint instead of running the model here. Then
    /// `model` is the catalog id the endpoint serves (optional), `weights` must be
    /// synthetic, `device` cpu, `dtype` the format it serves as stated (optional), and
    /// `seed` seeds the prompts' words; `threads` and `max_memory_bytes` do not apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<EndpointTarget>,
}

/// Timed repetitions per concurrency when a request does not say.
pub fn default_repetitions() -> usize {
    5
}

/// Latency targets the goodput point must meet (p95).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Slo {
    /// Time to first token, milliseconds.
    pub ttft_ms: f64,
    /// Time per output token, milliseconds.
    pub tpot_ms: f64,
}
