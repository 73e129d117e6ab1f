//! `/api/v1/benchmarks*`: what a benchmark is asked to do (`BenchRequest`), what it reports
//! (`BenchResult`, stored by the server and drawn by the app), the catalog of what can be
//! benchmarked, and the job queue's answers. The `bench` crate (candle; not wasm) runs
//! benchmarks with these types; the app reads them without linking candle.

mod catalog;
mod device;
mod jobs;
mod result;

pub use catalog::{BenchCatalog, CatalogEntry, Family, WeightsFile};
pub use device::{Device, DeviceKind};
pub use jobs::{
    AgentReport, Benchmark, BenchmarkList, BenchmarkSummary, JobStatus, Queued, ResultStored,
    StatusEvent,
};
pub use result::{
    BenchResult, Goodput, Point, Progress, Projection, Reproducibility, Roofline, Summary,
};

use serde::{Deserialize, Serialize};

/// Number format of the weights the benchmark runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WeightDtype {
    /// 32-bit floats.
    F32,
    /// bfloat16.
    Bf16,
    /// IEEE half precision.
    F16,
    /// GGML Q8_0 blocks (8-bit).
    Q8_0,
    /// GGML Q4_0 blocks (4-bit).
    Q4_0,
    /// The SmolLM2 fixture's format; candle has no fast CPU kernel for it.
    Q4_1,
    /// GGML Q4_K super-blocks.
    Q4K,
}

impl WeightDtype {
    /// Every format, in the order the catalog lists them.
    pub const ALL: [WeightDtype; 7] = [
        WeightDtype::F32,
        WeightDtype::Bf16,
        WeightDtype::F16,
        WeightDtype::Q8_0,
        WeightDtype::Q4_0,
        WeightDtype::Q4_1,
        WeightDtype::Q4K,
    ];

    /// The spelling used on the command line and in JSON: `f32`, `bf16`, `f16`, `q8_0`, `q4_0`, `q4_k`.
    pub fn as_str(self) -> &'static str {
        match self {
            WeightDtype::F32 => "f32",
            WeightDtype::Bf16 => "bf16",
            WeightDtype::F16 => "f16",
            WeightDtype::Q8_0 => "q8_0",
            WeightDtype::Q4_0 => "q4_0",
            WeightDtype::Q4_1 => "q4_1",
            WeightDtype::Q4K => "q4_k",
        }
    }

    /// The format `text` names (any case, surrounding spaces ignored).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|d| d.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// Whether the weights are GGML blocks (dequantized inside the matmul).
    pub fn is_quantized(self) -> bool {
        matches!(
            self,
            WeightDtype::Q8_0 | WeightDtype::Q4_0 | WeightDtype::Q4_1 | WeightDtype::Q4K
        )
    }

    /// Bytes per weight as stored (GGML block sizes: Q8_0 34 B / 32, Q4_0 18 B / 32, Q4_1 20 B / 32, Q4_K 144 B / 256).
    pub fn bytes_per_weight(self) -> f64 {
        match self {
            WeightDtype::F32 => 4.0,
            WeightDtype::Bf16 | WeightDtype::F16 => 2.0,
            WeightDtype::Q8_0 => 34.0 / 32.0,
            WeightDtype::Q4_0 => 18.0 / 32.0,
            WeightDtype::Q4_1 => 20.0 / 32.0,
            WeightDtype::Q4K => 144.0 / 256.0,
        }
    }
}

impl std::fmt::Display for WeightDtype {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

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
    /// None: the file's own format (real weights) or f32 on CPU / bf16 on CUDA (synthetic).
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
