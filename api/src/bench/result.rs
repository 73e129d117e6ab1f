//! What a benchmark reports: the measured points, the goodput, the roofline, projections onto
//! GPUs not present, and what it takes to rerun it. Measured figures that may not be finite
//! are written as `null` and read back as NaN (`crate::float`).

use serde::{Deserialize, Serialize};

use super::{Device, Slo, WeightDtype};
use crate::float::or_nan;

/// Median, p95 and spread of one timed quantity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Summary {
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub p50: f64,
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub p95: f64,
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub min: f64,
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub max: f64,
    /// (max - min) / median.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub spread: f64,
    /// Timed samples behind the figures.
    pub samples: usize,
}

/// Measurements at one concurrency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Point {
    /// Sequences decoded together.
    pub concurrency: usize,
    /// Prompt tokens of all sequences ÷ median TTFT.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub prefill_tokens_per_s: f64,
    /// concurrency ÷ median step time.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub decode_tokens_per_s: f64,
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub ttft_ms_p50: f64,
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub ttft_ms_p95: f64,
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub tpot_ms_p50: f64,
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub tpot_ms_p95: f64,
    /// Time to first token over the repetitions.
    pub ttft_ms: Summary,
    /// Time per output token over every decode step.
    pub tpot_ms: Summary,
    /// Process peak RSS on CPU, device memory in use on CUDA; None where the OS does not say.
    pub peak_memory_bytes: Option<u64>,
    /// Bytes read per decode step (weights + KV cache at mid-generation).
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub decode_bytes_per_step: f64,
    /// Roofline step time (bytes ÷ bandwidth) ÷ measured median step time.
    pub decode_bandwidth_efficiency: Option<f64>,
    /// Prefill FLOP/s ÷ peak FLOP/s.
    pub prefill_mfu: Option<f64>,
    /// Whether the point meets the SLO (None: no SLO given).
    pub meets_slo: Option<bool>,
}

/// The roofline the figures are held against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Roofline {
    /// Memory bandwidth, GB/s (10^9 bytes/s), bytes read plus written.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub memory_bandwidth_gb_s: f64,
    /// How the bandwidth was found: "measured: STREAM-like triad, N MiB, T threads" or the spec row.
    pub bandwidth_basis: String,
    /// Peak FLOP/s of the format the prefill ran in.
    pub peak_flops: Option<f64>,
    /// How the peak was found.
    pub peak_flops_basis: String,
}

/// A GPU not present here, projected from its spec sheet × the efficiency measured here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Projection {
    /// The spec row's GPU name.
    pub gpu: String,
    /// Always "projected, not measured".
    pub label: String,
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub memory_bandwidth_gb_s: f64,
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub decode_tokens_per_s_batch1: f64,
    /// Largest concurrency whose KV cache fits at context prompt + gen.
    pub max_concurrency_fits: usize,
    /// The arithmetic, in words.
    pub basis: String,
}

/// Everything needed to rerun and to trust the figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
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
    /// Thread-count variables set in the environment (name, value).
    #[cfg_attr(feature = "schema", schema(value_type = Vec<Vec<String>>))]
    pub thread_env: Vec<(String, String)>,
    /// The command line that reruns it.
    pub command: String,
    pub seed: u64,
}

/// The largest concurrency meeting the SLO and the figures it feeds into a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Goodput {
    pub concurrency: usize,
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub prefill_tokens_per_s: f64,
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub decode_tokens_per_s: f64,
    /// Why this point: "largest concurrency with p95 TTFT ≤ … and p95 TPOT ≤ …" or "no SLO given: highest decode tokens/s".
    pub reason: String,
}

/// A finished benchmark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct BenchResult {
    /// Catalog id, or the file's architecture.
    pub model: String,
    pub hf_repo: Option<String>,
    pub parameters: u64,
    pub device: Device,
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

impl BenchResult {
    /// `slm.throughput_source` for this result's goodput: "benchmark #12: smollm2-135m q8_0
    /// on cpu, synthetic weights, concurrency 4". At most 200 characters (the scenario's
    /// limit), control characters dropped.
    pub fn throughput_source(&self, id: crate::BenchmarkId, goodput: &Goodput) -> String {
        let text = format!(
            "benchmark #{id}: {} {} on {}, {}, concurrency {}",
            self.model, self.dtype, self.device, self.weights_label, goodput.concurrency
        );
        let text: String = text.chars().filter(|c| !c.is_control()).collect();
        if text.chars().count() <= 200 {
            text
        } else {
            text.chars().take(199).chain(['…']).collect()
        }
    }
}

/// What a running benchmark reports as it goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Progress {
    /// "loading", "probing", "warm-up", "measuring", "done".
    pub phase: String,
    pub message: String,
    /// 0..=1, monotone within a run.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>))]
    pub fraction: f64,
    /// Points finished so far.
    #[serde(default)]
    pub points: Vec<Point>,
}
