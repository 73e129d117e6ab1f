//! A replica's throughput from first principles (docs/cost-model.md §11): what a model's
//! weights and KV cache take in a GPU's memory, how long a decode step and a prefill take on
//! a GPU's roofline at a given efficiency, the fit of measured decode steps against the KV
//! cache they read, and the projection of a measured efficiency onto a GPU not measured.
//!
//! One set of formulas for the benchmark (its "projected, not measured" rows), the scenario
//! (a projection used as its throughput, the decode adjusted to its lengths) and the
//! placements table, so the three agree to the last digit.

use models::{Architecture, WeightDtype};
use serde::{Deserialize, Serialize};

/// Share of a GPU's memory kept back for what a serving process needs beyond weights and KV
/// cache (activations, the allocator's slack, the CUDA context): vLLM's default
/// `gpu_memory_utilization` of 0.9 keeps the same 10 %.
pub const MEMORY_RESERVE: f64 = 0.10;

/// The most sequences a projection batches: vLLM's default `max_num_seqs` (256). Past it a
/// projection would be a figure no default serving stack reaches.
pub const MAX_PROJECTED_CONCURRENCY: usize = 256;

/// Efficiencies assumed where no benchmark measured any, labelled as such wherever used:
/// 60 % of the spec-sheet memory bandwidth in decode and 40 % of the spec-sheet dense BF16
/// FLOP/s in prefill, typical of vLLM-class engines on data-centre GPUs (not measured here).
pub const ASSUMED_EFFICIENCY: Efficiency = Efficiency {
    decode_bandwidth: 0.6,
    prefill_mfu: 0.4,
};

/// What share of a roofline a serving stack reaches: decode against memory bandwidth,
/// prefill against peak FLOP/s. Each in (0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Efficiency {
    /// Roofline step time ÷ measured step time in decode, (0, 1].
    pub decode_bandwidth: f64,
    /// Achieved prefill FLOP/s ÷ peak FLOP/s, (0, 1].
    pub prefill_mfu: f64,
}

impl Efficiency {
    /// Both shares clamped into (0, 1]: a CPU's quantized prefill can beat the f32 peak it is
    /// measured against, and no GPU runs faster than its spec sheet. None when either is not
    /// a positive finite number.
    pub fn clamped(decode_bandwidth: f64, prefill_mfu: f64) -> Option<Self> {
        let ok = |x: f64| x.is_finite() && x > 0.0;
        (ok(decode_bandwidth) && ok(prefill_mfu)).then(|| Self {
            decode_bandwidth: decode_bandwidth.min(1.0),
            prefill_mfu: prefill_mfu.min(1.0),
        })
    }
}

/// The part of a GPU's spec sheet a projection reads.
#[derive(Debug, Clone, PartialEq)]
pub struct GpuSheet {
    /// The spec table's name ("H100").
    pub name: String,
    /// Memory bandwidth, GB/s (10⁹ bytes/s).
    pub memory_bandwidth_gb_s: f64,
    /// Dense BF16 TFLOP/s; None where the table lists none (T4, V100 and A10G have no
    /// BF16 peak listed), and then no prefill can be projected.
    pub bf16_dense_tflops: Option<f64>,
    /// Memory of one GPU, GiB.
    pub memory_gib: f64,
}

impl GpuSheet {
    /// The sheet of an offer's GPU, when the table has a memory bandwidth for it.
    pub fn of(offer: &pricing::gpus::GpuOffer) -> Option<Self> {
        let spec = offer.spec.as_ref()?;
        Some(Self {
            name: spec.name.clone(),
            memory_bandwidth_gb_s: spec.memory_bandwidth_gb_s?,
            bf16_dense_tflops: spec.bf16_dense_tflops,
            memory_gib: offer.gpu_memory_gib,
        })
    }
}

/// Bytes of weights held in memory: every parameter at the format's bytes per weight
/// (GGML blocks include their scales).
pub fn weight_bytes(arch: &Architecture, format: WeightDtype) -> f64 {
    arch.parameter_count() as f64 * format.bytes_per_weight()
}

/// Bytes a decode step streams for the weights: every matmul weight (the embedding table is
/// a lookup, not streamed) at the format's bytes per weight.
pub fn streamed_weight_bytes(arch: &Architecture, format: WeightDtype) -> f64 {
    arch.weight_parameters_in_matmuls() as f64 * format.bytes_per_weight()
}

/// Bytes one token of context takes in the KV cache: f32 with f32 weights, else 16-bit
/// (vLLM's `kv_cache_dtype = "auto"` keeps the model's activation type; quantized weights
/// still compute in BF16 on a GPU).
pub fn kv_bytes_per_token(arch: &Architecture, format: WeightDtype) -> f64 {
    let element = if format == WeightDtype::F32 { 4.0 } else { 2.0 };
    arch.kv_bytes_per_token(element)
}

/// What a replica's memory must hold, against what it has.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct MemoryFit {
    /// The weights, bytes.
    pub weight_bytes: f64,
    /// The KV cache of `concurrency` sequences of `context` tokens, bytes.
    pub kv_bytes: f64,
    /// The replica's memory less [`MEMORY_RESERVE`], bytes.
    pub budget_bytes: f64,
    /// Sequences the KV cache was sized for.
    pub concurrency: f64,
    /// Tokens of context per sequence.
    pub context_tokens: f64,
}

impl MemoryFit {
    /// Weights plus KV cache: W + c·k·ctx.
    pub fn needed_bytes(&self) -> f64 {
        self.weight_bytes + self.kv_bytes
    }

    /// Whether they fit the budget.
    pub fn fits(&self) -> bool {
        self.needed_bytes() <= self.budget_bytes
    }

    /// "15.2 GB weights + 2.1 GB KV cache (8 × 700 tokens) > 21.6 GB (1 × 24 GiB less 10 %)".
    pub fn describe(&self, gpus: f64, gpu_memory_gib: f64) -> String {
        let gb = |b: f64| format!("{:.1} GB", b / 1e9);
        format!(
            "{} weights + {} KV cache ({} × {} tokens) {} {} ({} × {} GiB less {:.0} %)",
            gb(self.weight_bytes),
            gb(self.kv_bytes),
            self.concurrency,
            self.context_tokens.round(),
            if self.fits() { "≤" } else { ">" },
            gb(self.budget_bytes),
            gpus,
            gpu_memory_gib,
            MEMORY_RESERVE * 100.0
        )
    }
}

/// Weights plus the KV cache of `concurrency` sequences of `context_tokens` tokens against
/// `gpus` × `gpu_memory_gib` less [`MEMORY_RESERVE`].
pub fn memory_fit(
    arch: &Architecture,
    format: WeightDtype,
    gpus: f64,
    gpu_memory_gib: f64,
    concurrency: f64,
    context_tokens: f64,
) -> MemoryFit {
    MemoryFit {
        weight_bytes: weight_bytes(arch, format),
        kv_bytes: concurrency * context_tokens * kv_bytes_per_token(arch, format),
        budget_bytes: gpus * gpu_memory_gib * 1_073_741_824.0 * (1.0 - MEMORY_RESERVE),
        concurrency,
        context_tokens,
    }
}

/// The largest number of sequences whose KV cache fits beside the weights (0: the weights
/// alone do not fit), capped at [`MAX_PROJECTED_CONCURRENCY`].
pub fn max_concurrency(
    arch: &Architecture,
    format: WeightDtype,
    gpus: f64,
    gpu_memory_gib: f64,
    context_tokens: f64,
) -> usize {
    let one = memory_fit(arch, format, gpus, gpu_memory_gib, 1.0, context_tokens);
    let free = one.budget_bytes - one.weight_bytes;
    if free < 0.0 || !free.is_finite() {
        return 0;
    }
    if one.kv_bytes <= 0.0 {
        return MAX_PROJECTED_CONCURRENCY;
    }
    let c = (free / one.kv_bytes).floor();
    if c >= MAX_PROJECTED_CONCURRENCY as f64 {
        MAX_PROJECTED_CONCURRENCY
    } else {
        c.max(0.0) as usize
    }
}

/// Decode step time of a linear fit: t(k) = a + b·k milliseconds, k the tokens in the KV
/// cache of all sequences together (concurrency × context).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct DecodeFit {
    /// a: the step's time with an empty cache (weights, kernels, sampling), ms.
    pub fixed_ms: f64,
    /// b: the time each token in the KV cache adds to a step, ms.
    pub ms_per_kv_token: f64,
    /// Decode steps behind the fit.
    pub steps: usize,
    /// Largest |measured − fitted| ÷ fitted over the steps' medians.
    pub max_relative_residual: f64,
}

impl DecodeFit {
    /// The fitted line alone, as a scenario records it (`slm.throughput.decode_*`).
    pub fn line(&self) -> DecodeLine {
        DecodeLine {
            fixed_ms: self.fixed_ms,
            ms_per_kv_token: self.ms_per_kv_token,
        }
    }
}

/// A decode fit's line without the record of how it was fitted: what a scenario carries.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct DecodeLine {
    /// a: the step's time with an empty cache, ms.
    pub fixed_ms: f64,
    /// b: the time each token in the KV cache adds to a step, ms.
    pub ms_per_kv_token: f64,
}

impl DecodeLine {
    /// Mean decode tokens/s of `concurrency` sequences generating `gen` tokens after a
    /// `prompt`-token prompt: c ÷ t(c·(prompt + gen/2)), the mean step reading the cache at
    /// mid-generation. None when the fit gives no positive step time there.
    pub fn decode_tokens_per_s(&self, concurrency: f64, prompt: f64, gen: f64) -> Option<f64> {
        let kv_tokens = concurrency * (prompt + gen / 2.0);
        let step_ms = self.fixed_ms + self.ms_per_kv_token * kv_tokens;
        let tokens = concurrency / (step_ms / 1000.0);
        (step_ms > 0.0 && tokens.is_finite() && tokens > 0.0).then_some(tokens)
    }
}

/// Least-squares fit of step time (ms) against tokens in the KV cache, over (k, t) pairs.
/// None with fewer than two distinct k, or non-finite inputs.
pub fn fit_decode_steps(steps: &[(f64, f64)]) -> Option<DecodeFit> {
    let n = steps.len() as f64;
    if steps.len() < 2 || steps.iter().any(|(k, t)| !k.is_finite() || !t.is_finite()) {
        return None;
    }
    let mean_k = steps.iter().map(|s| s.0).sum::<f64>() / n;
    let mean_t = steps.iter().map(|s| s.1).sum::<f64>() / n;
    let sxx: f64 = steps.iter().map(|(k, _)| (k - mean_k).powi(2)).sum();
    let sxy: f64 = steps.iter().map(|(k, t)| (k - mean_k) * (t - mean_t)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let b = sxy / sxx;
    let a = mean_t - b * mean_k;
    let max_relative_residual = steps
        .iter()
        .map(|(k, t)| {
            let fitted = a + b * k;
            ((t - fitted) / fitted).abs()
        })
        .fold(0.0, f64::max);
    Some(DecodeFit {
        fixed_ms: a,
        ms_per_kv_token: b,
        steps: steps.len(),
        max_relative_residual,
    })
}

/// One replica's throughput projected onto a GPU from its spec sheet.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Projected {
    /// Sequences batched: the largest that fits and meets the SLO.
    pub concurrency: usize,
    /// Prompt tokens of all sequences ÷ the prefill time, tokens/s.
    pub prefill_tokens_per_s: f64,
    /// concurrency ÷ the mean decode step, tokens/s.
    pub decode_tokens_per_s: f64,
    /// The prefill time of the batch: the first token's wait, ms.
    pub ttft_ms: f64,
    /// The mean decode step, ms.
    pub tpot_ms: f64,
    /// The largest concurrency whose KV cache fits (capped at 256).
    pub max_concurrency_fits: usize,
}

/// Why no projection could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProjectionError {
    /// The weights and one sequence's KV cache do not fit.
    #[error("does not fit: {0}")]
    DoesNotFit(String),
    /// The sheet has no BF16 peak to project prefill from.
    #[error("the GPU table lists no BF16 peak for {0}: its prefill cannot be projected")]
    NoPeak(String),
    /// Not even one sequence meets the latency targets.
    #[error("cannot meet the latency target: {0}")]
    MissesSlo(String),
}

/// The latency targets a projection must meet, ms (p95 in a benchmark; the projection's
/// figures are means, so a projection that just meets them is optimistic).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Targets {
    /// Time to first token.
    pub ttft_ms: f64,
    /// Time per output token.
    pub tpot_ms: f64,
}

/// A replica of `gpus` GPUs of `sheet` serving `arch` in `format`, prompts of `prompt` and
/// generations of `gen` tokens, at efficiency `eff` (docs/cost-model.md §11):
///
/// - step(c) = (W_s + c·k·(prompt + gen/2)) ÷ (n·B·e_d), decode tokens/s = c ÷ step(c);
/// - prefill(c) = c·Σ_{j<prompt} F(j) ÷ (n·P·e_p), prefill tokens/s = c·prompt ÷ prefill(c),
///
/// with W_s the streamed weight bytes, k the KV bytes per token, F(j) the FLOPs of a token
/// after j others, B and P the sheet's bandwidth and BF16 peak, n GPUs scaling both
/// linearly (tensor parallelism, assumed perfect). The concurrency is the largest power of
/// two up to the memory's limit (itself included) whose prefill ≤ the TTFT target and step
/// ≤ the TPOT target; without targets, the memory's limit.
pub fn project(
    arch: &Architecture,
    format: WeightDtype,
    sheet: &GpuSheet,
    gpus: f64,
    eff: Efficiency,
    (prompt, gen): (f64, f64),
    targets: Option<Targets>,
) -> Result<Projected, ProjectionError> {
    let context = prompt + gen;
    let max_fits = max_concurrency(arch, format, gpus, sheet.memory_gib, context);
    if max_fits == 0 {
        let fit = memory_fit(arch, format, gpus, sheet.memory_gib, 1.0, context);
        return Err(ProjectionError::DoesNotFit(
            fit.describe(gpus, sheet.memory_gib),
        ));
    }
    let Some(peak_tflops) = sheet.bf16_dense_tflops else {
        return Err(ProjectionError::NoPeak(sheet.name.clone()));
    };
    let flops = gpus * peak_tflops * 1e12 * eff.prefill_mfu;
    // Σ_{j<prompt} F(j) = prompt·2·W_m + 4·L·H·d·prompt(prompt−1)/2.
    let prompt_flops = prompt * arch.flops_per_token(0)
        + (arch.flops_per_token(1) - arch.flops_per_token(0)) * prompt * (prompt - 1.0) / 2.0;
    let at = |c: usize| {
        let c = c as f64;
        let step_s = decode_step_s(arch, format, sheet, gpus, eff, c, (prompt, gen));
        let prefill_s = c * prompt_flops / flops;
        Projected {
            concurrency: c as usize,
            prefill_tokens_per_s: c * prompt / prefill_s,
            decode_tokens_per_s: c / step_s,
            ttft_ms: prefill_s * 1000.0,
            tpot_ms: step_s * 1000.0,
            max_concurrency_fits: max_fits,
        }
    };
    let meets =
        |p: &Projected| targets.is_none_or(|t| p.ttft_ms <= t.ttft_ms && p.tpot_ms <= t.tpot_ms);
    let mut candidates: Vec<usize> = (0..)
        .map(|i| 1usize << i)
        .take_while(|c| *c < max_fits)
        .collect();
    candidates.push(max_fits);
    match candidates.into_iter().rev().map(at).find(|p| meets(p)) {
        Some(best) => Ok(best),
        None => {
            let one = at(1);
            Err(ProjectionError::MissesSlo(format!(
                "one sequence alone waits {:.0} ms for its first token and {:.1} ms per token",
                one.ttft_ms, one.tpot_ms
            )))
        }
    }
}

/// The mean decode step of `concurrency` sequences on `gpus` GPUs of `sheet`, seconds:
/// (W_s + c·k·(prompt + gen/2)) ÷ (n·B·e_d) (docs/cost-model.md §11).
pub fn decode_step_s(
    arch: &Architecture,
    format: WeightDtype,
    sheet: &GpuSheet,
    gpus: f64,
    eff: Efficiency,
    concurrency: f64,
    (prompt, gen): (f64, f64),
) -> f64 {
    let bandwidth = gpus * sheet.memory_bandwidth_gb_s * 1e9 * eff.decode_bandwidth;
    let bytes = streamed_weight_bytes(arch, format)
        + concurrency * kv_bytes_per_token(arch, format) * (prompt + gen / 2.0);
    bytes / bandwidth
}

/// The spec table's GPU a device name is: the row whose first word (the GPU model: "H100",
/// "L4", "A10G") is a whole word of the device's name, and then the most of whose other
/// words begin a word of it ("NVIDIA A100-SXM4-80GB" is "A100 SXM 80GB"; "NVIDIA L40S" is
/// "L40S", not "L4"). A tie goes to the table's first row. None for a name no row matches.
pub fn spec_gpu_named(device_name: &str) -> Option<String> {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_uppercase)
            .collect()
    };
    let device = words(device_name);
    let mut best: Option<(usize, String)> = None;
    for offer in &pricing::gpus::bundled_gpus().offers {
        let Some(spec) = &offer.spec else { continue };
        let name = words(&spec.name);
        let Some((model, rest)) = name.split_first() else {
            continue;
        };
        if !device.contains(model) {
            continue;
        }
        let score = rest
            .iter()
            .filter(|w| device.iter().any(|d| d.starts_with(w.as_str())))
            .count();
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, spec.name.clone()));
        }
    }
    best.map(|(_, name)| name)
}
