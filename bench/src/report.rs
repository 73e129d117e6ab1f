//! What a benchmark is asked to do and what it reports (serialised as the JSON result, stored
//! by the server, drawn by the app).

use serde::{Deserialize, Serialize};

/// Number format of the weights the benchmark runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightDtype {
    F32,
    Bf16,
    F16,
    Q8_0,
    Q4_0,
    /// The SmolLM2 fixture's format; candle has no fast CPU kernel for it.
    Q4_1,
    Q4K,
}

impl WeightDtype {
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

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|d| d.as_str().eq_ignore_ascii_case(text.trim()))
    }

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
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WeightsSource {
    /// The catalog architecture with random weights (vLLM's `--load-format dummy`), seeded.
    Synthetic,
    /// A GGUF file, or a directory with `config.json` and `*.safetensors`.
    Path { path: String },
}

/// One benchmark run, as asked for on the command line or by `POST /api/v1/benchmarks`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenchRequest {
    /// Catalog id (`qwen2.5-0.5b`); with a file it may be omitted (the file names its architecture).
    #[serde(default)]
    pub model: Option<String>,
    pub weights: WeightsSource,
    /// None: the file's own format (real weights) or f32 on CPU / bf16 on CUDA (synthetic).
    #[serde(default)]
    pub dtype: Option<WeightDtype>,
    /// `cpu` or `cuda:N`.
    pub device: String,
    /// Concurrencies to try, ascending; the sweep stops early once the SLO breaks.
    pub concurrency: Vec<usize>,
    pub prompt_tokens: usize,
    pub gen_tokens: usize,
    /// Timed repetitions per concurrency (warm-up excluded); at least 5.
    #[serde(default = "default_repetitions")]
    pub repetitions: usize,
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

pub fn default_repetitions() -> usize {
    5
}

/// Latency targets the goodput point must meet (p95).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slo {
    pub ttft_ms: f64,
    pub tpot_ms: f64,
}

/// Median, p95 and spread of one timed quantity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub p50: f64,
    pub p95: f64,
    pub min: f64,
    pub max: f64,
    /// (max - min) / median.
    pub spread: f64,
    pub samples: usize,
}

/// Measurements at one concurrency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub concurrency: usize,
    /// Prompt tokens of all sequences ÷ median TTFT.
    pub prefill_tokens_per_s: f64,
    /// concurrency ÷ median step time.
    pub decode_tokens_per_s: f64,
    pub ttft_ms_p50: f64,
    pub ttft_ms_p95: f64,
    pub tpot_ms_p50: f64,
    pub tpot_ms_p95: f64,
    pub ttft_ms: Summary,
    pub tpot_ms: Summary,
    /// Process peak RSS on CPU, device memory in use on CUDA; None where the OS does not say.
    pub peak_memory_bytes: Option<u64>,
    /// Bytes read per decode step (weights + KV cache at mid-generation).
    pub decode_bytes_per_step: f64,
    /// Roofline step time (bytes ÷ bandwidth) ÷ measured median step time.
    pub decode_bandwidth_efficiency: Option<f64>,
    /// Prefill FLOP/s ÷ peak FLOP/s.
    pub prefill_mfu: Option<f64>,
    pub meets_slo: Option<bool>,
}

/// The roofline the figures are held against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Roofline {
    /// Memory bandwidth, GB/s (10^9 bytes/s), bytes read plus written.
    pub memory_bandwidth_gb_s: f64,
    /// How the bandwidth was found: "measured: STREAM-like triad, N MiB, T threads" or the spec row.
    pub bandwidth_basis: String,
    /// Peak FLOP/s of the format the prefill ran in.
    pub peak_flops: Option<f64>,
    pub peak_flops_basis: String,
}

/// A GPU not present here, projected from its spec sheet × the efficiency measured here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    pub gpu: String,
    /// Always "projected, not measured".
    pub label: String,
    pub memory_bandwidth_gb_s: f64,
    pub decode_tokens_per_s_batch1: f64,
    /// Largest concurrency whose KV cache fits at context prompt + gen.
    pub max_concurrency_fits: usize,
    pub basis: String,
}

/// Everything needed to rerun and to trust the figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reproducibility {
    pub cpu_model: String,
    pub cpu_cores: usize,
    pub gpu_name: Option<String>,
    pub gpu_driver: Option<String>,
    pub gpu_memory_bytes: Option<u64>,
    pub os: String,
    pub candle_version: String,
    pub breakeven_version: String,
    pub dtype: WeightDtype,
    /// "synthetic weights" or "real weights".
    pub weights_kind: String,
    /// sha256 of the weights file; for synthetic weights, of the generator (model, dtype, seed).
    pub weights_sha256: Option<String>,
    pub weights_path: Option<String>,
    pub threads: usize,
    pub thread_env: Vec<(String, String)>,
    pub command: String,
    pub seed: u64,
}

/// The largest concurrency meeting the SLO and the figures it feeds into a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goodput {
    pub concurrency: usize,
    pub prefill_tokens_per_s: f64,
    pub decode_tokens_per_s: f64,
    /// Why this point: "largest concurrency with p95 TTFT ≤ … and p95 TPOT ≤ …" or "no SLO given: highest decode tokens/s".
    pub reason: String,
}

/// A finished benchmark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchResult {
    pub model: String,
    pub hf_repo: Option<String>,
    pub parameters: u64,
    pub device: String,
    pub dtype: WeightDtype,
    /// "synthetic weights" or "real weights": shown beside every figure.
    pub weights_label: String,
    pub prompt_tokens: usize,
    pub gen_tokens: usize,
    pub repetitions: usize,
    pub slo: Option<Slo>,
    pub points: Vec<Point>,
    /// None when no point meets the SLO.
    pub goodput: Option<Goodput>,
    /// Why the sweep stopped where it did.
    pub stopped: String,
    pub roofline: Roofline,
    pub projections: Vec<Projection>,
    pub weight_bytes: u64,
    pub kv_bytes_per_token: u64,
    pub reproducibility: Reproducibility,
    pub started_unix: i64,
    pub wall_seconds: f64,
}

/// What a running benchmark reports as it goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// "loading", "probing", "warm-up", "measuring", "done".
    pub phase: String,
    pub message: String,
    /// 0..=1, monotone within a run.
    pub fraction: f64,
    /// Points finished so far.
    #[serde(default)]
    pub points: Vec<Point>,
}
