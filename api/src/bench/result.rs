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
    /// Median, ms (`null` when not measured).
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>, required = true))]
    pub p50: f64,
    /// 95th percentile, ms.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>, required = true))]
    pub p95: f64,
    /// Fastest sample, ms.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>, required = true))]
    pub min: f64,
    /// Slowest sample, ms.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>, required = true))]
    pub max: f64,
    /// (max - min) / median.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>, required = true))]
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
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>, required = true))]
    pub prefill_tokens_per_s: f64,
    /// concurrency ÷ median step time.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>, required = true))]
    pub decode_tokens_per_s: f64,
    /// Median time to first token, ms.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>, required = true))]
    pub ttft_ms_p50: f64,
    /// 95th-percentile time to first token, ms: what an SLO is held to.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>, required = true))]
    pub ttft_ms_p95: f64,
    /// Median time per output token, ms.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>, required = true))]
    pub tpot_ms_p50: f64,
    /// 95th-percentile time per output token, ms: what an SLO is held to.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>, required = true))]
    pub tpot_ms_p95: f64,
    /// Time to first token over the repetitions.
    pub ttft_ms: Summary,
    /// Time per output token over every decode step.
    pub tpot_ms: Summary,
    /// Process peak RSS on CPU, device memory in use on CUDA; None where the OS does not say.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub peak_memory_bytes: Option<u64>,
    /// Bytes read per decode step (weights + KV cache at mid-generation).
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>, required = true))]
    pub decode_bytes_per_step: f64,
    /// Roofline step time (bytes ÷ bandwidth) ÷ measured median step time.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub decode_bandwidth_efficiency: Option<f64>,
    /// Prefill FLOP/s ÷ peak FLOP/s.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub prefill_mfu: Option<f64>,
    /// Whether the point meets the SLO (None: no SLO given).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub meets_slo: Option<bool>,
    /// Decode step time against the tokens in the KV cache at this concurrency, fitted over
    /// every step's median (docs/benchmarks.md): what prices another request length. None
    /// on results stored before the fit, or when the steps gave no usable fit.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub decode_fit: Option<tco::throughput::DecodeFit>,
    /// Gaps between consecutive streamed chunks over every request (endpoint benchmarks:
    /// inter-token latency as the client sees it), ms. None for candle's decoder, whose
    /// steps are `tpot_ms`.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub inter_token_ms: Option<Summary>,
}

/// The roofline the figures are held against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Roofline {
    /// Memory bandwidth, GB/s (10^9 bytes/s), bytes read plus written.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>, required = true))]
    pub memory_bandwidth_gb_s: f64,
    /// How the bandwidth was found: "measured: STREAM-like triad, N MiB, T threads" or the spec row.
    pub bandwidth_basis: String,
    /// Peak FLOP/s of the format the prefill ran in.
    #[cfg_attr(feature = "schema", schema(required = true))]
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
    /// The GPU's memory bandwidth from its spec sheet, GB/s.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>, required = true))]
    pub memory_bandwidth_gb_s: f64,
    /// Decode tokens/s of one sequence, from the bandwidth × the efficiency measured here.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>, required = true))]
    pub decode_tokens_per_s_batch1: f64,
    /// Largest concurrency whose KV cache fits at context prompt + gen.
    pub max_concurrency_fits: usize,
    /// The arithmetic, in words.
    pub basis: String,
    /// One replica (one GPU) at this benchmark's lengths and latency target, from
    /// `tco::throughput::project` with [`Projection::efficiency`]: the figures "Use in
    /// scenario" takes for this GPU. None where the model does not fit or no concurrency
    /// meets the target ([`Projection::replica_note`] says which), and on results stored
    /// before projections were made per replica.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub replica: Option<tco::throughput::Projected>,
    /// Why there is no `replica`.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub replica_note: Option<String>,
    /// The efficiencies projected with: measured at the goodput point, clamped to 1.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub efficiency: Option<tco::throughput::Efficiency>,
}

/// Everything needed to rerun and to trust the figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Reproducibility {
    /// The CPU as the OS names it.
    pub cpu_model: String,
    /// Physical CPU cores.
    pub cpu_cores: usize,
    /// The GPU the benchmark ran on (CUDA only).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub gpu_name: Option<String>,
    /// Its driver version.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub gpu_driver: Option<String>,
    /// Its memory, bytes.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub gpu_memory_bytes: Option<u64>,
    /// Operating system and kernel.
    pub os: String,
    /// The candle release the decoder ran on.
    pub candle_version: String,
    /// The Breakeven release that measured.
    pub breakeven_version: String,
    /// The number format the weights ran in.
    pub dtype: WeightDtype,
    /// "synthetic weights" or "real weights".
    pub weights_kind: String,
    /// sha256 of the weights file; for synthetic weights, of the generator (model, dtype, seed).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub weights_sha256: Option<String>,
    /// The weights file or directory (real weights only).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub weights_path: Option<String>,
    /// CPU threads the benchmark used.
    pub threads: usize,
    /// Thread-count variables set in the environment (name, value).
    #[cfg_attr(feature = "schema", schema(value_type = Vec<Vec<String>>))]
    pub thread_env: Vec<(String, String)>,
    /// The command line that reruns it.
    pub command: String,
    /// Seed of the synthetic weights and prompts.
    pub seed: u64,
}

/// The largest concurrency meeting the SLO and the figures it feeds into a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Goodput {
    /// The concurrency chosen.
    pub concurrency: usize,
    /// Its prefill throughput, tokens/s (all sequences together).
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>, required = true))]
    pub prefill_tokens_per_s: f64,
    /// Its decode throughput, tokens/s (all sequences together): the throughput a scenario uses.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>, required = true))]
    pub decode_tokens_per_s: f64,
    /// Why this point: "largest concurrency with p95 TTFT ≤ … and p95 TPOT ≤ …" or "no SLO given: highest decode tokens/s".
    pub reason: String,
}

/// What measured: Breakeven's candle decoder on this machine, or a serving stack's
/// OpenAI-compatible endpoint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Engine {
    /// Breakeven's decoder on candle, on the device named in `device`.
    #[default]
    Candle,
    /// An OpenAI-compatible server (vLLM, TGI, llama.cpp, …) measured over HTTP streaming.
    Endpoint {
        /// The endpoint's base URL, without credentials.
        url: String,
        /// The model name sent in each request.
        served_model: String,
        /// `chat` (`/v1/chat/completions`) or `completions` (`/v1/completions`).
        api: String,
        /// How token counts were found: "server usage fields", "tokenizer FILE", or
        /// "approximation: … (not counted)".
        token_counts: String,
        /// The GPU the endpoint runs on, as the operator stated it (`--gpu`); None when not
        /// stated, and then no device check can be made.
        #[cfg_attr(feature = "schema", schema(required = true))]
        gpu: Option<String>,
    },
}

/// What a stored benchmark offers a scenario: its goodput point, or its projection onto a GPU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThroughputChoice {
    /// The goodput point as measured.
    Measured,
    /// The projection onto this GPU (a spec-table name, as in [`Projection::gpu`]).
    Projected(String),
}

/// A finished benchmark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct BenchResult {
    /// Candle on this machine, or an endpoint; results stored before endpoints are candle's.
    #[serde(default)]
    pub engine: Engine,
    /// Catalog id, or the file's architecture.
    pub model: String,
    /// The Hugging Face repo the architecture's config comes from (catalog models).
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub hf_repo: Option<String>,
    /// Parameters, computed from the shapes.
    pub parameters: u64,
    /// Where it ran.
    pub device: Device,
    /// The number format the weights ran in.
    pub dtype: WeightDtype,
    /// "synthetic weights" or "real weights": shown beside every figure.
    pub weights_label: String,
    /// Prompt tokens per sequence.
    pub prompt_tokens: usize,
    /// Generated tokens per sequence.
    pub gen_tokens: usize,
    /// Timed repetitions per concurrency (warm-up excluded).
    pub repetitions: usize,
    /// The latency targets the points were held to; None: no SLO.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub slo: Option<Slo>,
    /// One per concurrency measured, ascending.
    pub points: Vec<Point>,
    /// None when no point meets the SLO.
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub goodput: Option<Goodput>,
    /// Why the sweep stopped where it did.
    pub stopped: String,
    /// The bandwidth and peak FLOP/s the efficiencies are measured against.
    pub roofline: Roofline,
    /// GPUs not present, projected from their spec sheets (labelled "projected, not measured").
    pub projections: Vec<Projection>,
    /// Bytes of the weights as loaded.
    pub weight_bytes: u64,
    /// Bytes of KV cache one token of context takes.
    pub kv_bytes_per_token: u64,
    /// The machine, versions and command: what it takes to rerun it.
    pub reproducibility: Reproducibility,
    /// When the run started (Unix seconds).
    pub started_unix: i64,
    /// How long the whole run took, seconds.
    pub wall_seconds: f64,
}

impl BenchResult {
    /// What ran it, as `slm.throughput.device` records it: "cpu", the CUDA GPU's name, or
    /// the GPU an endpoint's operator stated (else "endpoint").
    pub fn device_name(&self) -> String {
        match &self.engine {
            Engine::Endpoint { gpu, .. } => gpu.clone().unwrap_or_else(|| "endpoint".into()),
            Engine::Candle if self.device.is_cpu() => "cpu".into(),
            Engine::Candle => self
                .reproducibility
                .gpu_name
                .clone()
                .unwrap_or_else(|| self.device.to_string()),
        }
    }

    /// The machine in words: the CPU's model, the GPU's name, or the endpoint's URL.
    pub fn hardware(&self) -> String {
        match &self.engine {
            Engine::Endpoint { url, .. } => url.clone(),
            Engine::Candle if self.device.is_cpu() => format!(
                "{}, {} threads",
                self.reproducibility.cpu_model, self.reproducibility.threads
            ),
            Engine::Candle => self.device_name(),
        }
    }

    /// The scenario's `slm.throughput` section and its prefill and decode tokens/s for this
    /// result: the goodput point, or a projection's replica. The one way "Use in scenario"
    /// (app) and any other client turn a stored benchmark into scenario input, so a
    /// projection used in a scenario is the projection shown. An error says why there is
    /// nothing to use (no goodput, no such projection, a projection that does not fit).
    pub fn throughput_input(
        &self,
        id: crate::BenchmarkId,
        choice: &ThroughputChoice,
    ) -> Result<(tco::input::ThroughputInput, f64, f64), String> {
        use tco::input::{ThroughputInput, ThroughputKind};
        let goodput = self.goodput.as_ref().ok_or_else(|| {
            "no concurrency met the benchmark's latency target: there is no goodput to use"
                .to_string()
        })?;
        let point = self
            .points
            .iter()
            .find(|p| p.concurrency == goodput.concurrency);
        let catalog_model = models::architecture(&self.model).map(|a| a.id.to_string());
        // A scenario takes both efficiencies or neither (a CPU without a measured FLOP/s
        // peak has a bandwidth efficiency but no MFU).
        let efficiencies =
            point.and_then(|p| Some((p.decode_bandwidth_efficiency?, p.prefill_mfu?)));
        let is_endpoint = matches!(self.engine, Engine::Endpoint { .. });
        let mut section = ThroughputInput {
            basis: Some(if is_endpoint {
                ThroughputKind::Endpoint
            } else {
                ThroughputKind::Benchmark
            }),
            benchmark: Some(id.0 as f64),
            model: catalog_model,
            format: (!is_endpoint).then_some(self.dtype),
            device: Some(self.device_name()),
            hardware: Some(self.hardware()),
            weights: Some(self.weights_label.clone()),
            prompt_tokens: Some(self.prompt_tokens as f64),
            gen_tokens: Some(self.gen_tokens as f64),
            concurrency: Some(goodput.concurrency as f64),
            slo_ttft_ms: self.slo.map(|s| s.ttft_ms),
            slo_tpot_ms: self.slo.map(|s| s.tpot_ms),
            decode_fixed_ms: point.and_then(|p| p.decode_fit).map(|f| f.fixed_ms),
            decode_ms_per_kv_token: point.and_then(|p| p.decode_fit).map(|f| f.ms_per_kv_token),
            decode_bandwidth_efficiency: efficiencies.map(|e| e.0),
            prefill_mfu: efficiencies.map(|e| e.1),
            projected_from: None,
        };
        match choice {
            ThroughputChoice::Measured => Ok((
                section,
                goodput.prefill_tokens_per_s,
                goodput.decode_tokens_per_s,
            )),
            ThroughputChoice::Projected(gpu) => {
                let projection = self
                    .projections
                    .iter()
                    .find(|p| p.gpu == *gpu)
                    .ok_or_else(|| format!("benchmark #{id} has no projection for {gpu}"))?;
                let replica = projection.replica.ok_or_else(|| {
                    projection.replica_note.clone().unwrap_or_else(|| {
                        format!("benchmark #{id} was stored before projections per replica: run it again")
                    })
                })?;
                let eff = projection.efficiency;
                section.basis = Some(ThroughputKind::Projected);
                section.projected_from = Some(self.device_name());
                section.device = Some(projection.gpu.clone());
                section.hardware = Some(format!("{} spec sheet", projection.gpu));
                section.concurrency = Some(replica.concurrency as f64);
                section.decode_fixed_ms = None;
                section.decode_ms_per_kv_token = None;
                section.decode_bandwidth_efficiency = eff.map(|e| e.decode_bandwidth);
                section.prefill_mfu = eff.map(|e| e.prefill_mfu);
                Ok((
                    section,
                    replica.prefill_tokens_per_s,
                    replica.decode_tokens_per_s,
                ))
            }
        }
    }
}

/// What a running benchmark reports as it goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Progress {
    /// "loading", "probing", "warm-up", "measuring", "done".
    pub phase: String,
    /// What it is doing, for people.
    pub message: String,
    /// 0..=1, monotone within a run.
    #[serde(deserialize_with = "or_nan")]
    #[cfg_attr(feature = "schema", schema(value_type = Option<f64>, required = true))]
    pub fraction: f64,
    /// Points finished so far.
    #[serde(default)]
    pub points: Vec<Point>,
    /// The steps done and planned, with the latest steps' durations (the time left is
    /// estimated from them); None in events of runs that do not count steps.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schema(required = true))]
    pub steps: Option<super::Steps>,
}
