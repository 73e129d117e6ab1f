//! What a run will hold in memory, computed from the shapes before anything is allocated: the
//! KV cache and activations of one concurrency, the bandwidth probe's array, and the checks a
//! server makes of a request's `max_memory_bytes` before it queues it.
//!
//! A run's peak is the weights plus the larger of two phases that never overlap: the roofline
//! probe (its array is freed before the sweep) and the sweep at one concurrency (its cache is
//! freed before the next). The first concurrency must fit before the weights are loaded, so a
//! run that cannot measure anything stops with [`BenchError::OutOfMemory`] at once; a later
//! one that does not fit ends the sweep with what was measured.

use std::path::Path;

use crate::catalog::architecture;
use crate::config::DecoderConfig;
use crate::weights::activation_dtype;
use crate::{BenchError, BenchRequest, DeviceName, WeightDtype, WeightsSource};

const MIB: u64 = 1024 * 1024;

/// The bandwidth probe's array when memory allows: far larger than any CPU cache, so the
/// probe reads DRAM.
pub const PROBE_MAX_MIB: u64 = 512;
/// The smallest array the probe runs with: still larger than the last-level cache of the
/// CPUs Breakeven runs on (a few tens of MiB), so the figure stays a DRAM bandwidth. A budget
/// that cannot spare this beside the weights is refused.
pub const PROBE_MIN_MIB: u64 = 64;

/// Bytes one concurrency's sweep allocates besides the weights: the KV cache for
/// `batch × (prompt + gen)` positions in the activation dtype, and a prefill's activations (a
/// few MLP-wide rows per prompt token, and one vocabulary row of logits per sequence).
pub fn sweep_bytes(
    config: &DecoderConfig,
    activation_bytes: usize,
    batch: usize,
    prompt: usize,
    gen: usize,
) -> f64 {
    let kv_per_token =
        (config.num_layers * 2 * config.num_kv_heads * config.head_dim * activation_bytes) as f64;
    let kv = batch as f64 * (prompt + gen) as f64 * kv_per_token;
    let activations = batch as f64 * prompt as f64 * (config.intermediate_size * 3 * 4) as f64
        + batch as f64 * (config.vocab_size * 4) as f64;
    kv + activations
}

/// Bytes beside the weights the run needs before it can measure anything: the probe's
/// smallest array or the first concurrency's sweep, whichever is larger.
pub fn first_point_bytes(
    config: &DecoderConfig,
    dtype: WeightDtype,
    request: &BenchRequest,
) -> f64 {
    let batch = request.concurrency.first().copied().unwrap_or(1);
    let act = activation_dtype(dtype).size_in_bytes();
    let sweep = sweep_bytes(
        config,
        act,
        batch,
        request.prompt_tokens,
        request.gen_tokens,
    );
    sweep.max((PROBE_MIN_MIB * MIB) as f64)
}

/// What [`first_point_bytes`] is for, in words ("concurrency 1 × (512 + 128) tokens").
pub fn first_point_words(request: &BenchRequest) -> String {
    format!(
        "concurrency {} × ({} + {}) tokens of KV cache and activations",
        request.concurrency.first().copied().unwrap_or(1),
        request.prompt_tokens,
        request.gen_tokens
    )
}

/// The bandwidth probe's array, MiB: half of `room_bytes` (what the budget leaves beside the
/// weights), between [`PROBE_MIN_MIB`] and [`PROBE_MAX_MIB`]; the largest when no budget is known.
pub fn probe_mib(room_bytes: Option<u64>) -> usize {
    let mib = room_bytes.map_or(PROBE_MAX_MIB, |room| room / MIB / 2);
    mib.clamp(PROBE_MIN_MIB, PROBE_MAX_MIB) as usize
}

/// The machine's memory for `device`: `MemTotal` for the CPU, the GPU's total memory for a
/// CUDA device (None where it cannot be read).
pub fn device_total_bytes(device: DeviceName) -> Option<u64> {
    match device {
        DeviceName::Cpu => crate::system::memory_total_bytes(),
        DeviceName::Cuda(_) => {
            let device = crate::load::parse_device(device).ok()?;
            crate::cuda::memory_info(&device).map(|(_, total)| total)
        }
    }
}

/// The least memory `request` can run in, bytes, and what it is made of: its weights (as the
/// loader estimates them) and [`first_point_bytes`]. Reads a weights file's header only.
pub fn least_bytes(request: &BenchRequest) -> Result<(f64, String), BenchError> {
    // The format the loader will pick (one function for it, the API's).
    let default_dtype = api::bench::default_dtype(request.device);
    let (config, dtype, weights, name) = match &request.weights {
        WeightsSource::Synthetic => {
            let id = request.model.as_deref().unwrap_or_default();
            let arch = architecture(id).ok_or_else(|| BenchError::UnknownModel(id.to_string()))?;
            let config = DecoderConfig::from_architecture(arch)?;
            let dtype = request.dtype.unwrap_or(default_dtype);
            let weights = crate::load::estimated_weight_bytes(&config, dtype);
            (config, dtype, weights, format!("{id} in {dtype}"))
        }
        WeightsSource::Path { path } => {
            let p = Path::new(path);
            let name = p
                .file_name()
                .map_or_else(|| path.clone(), |n| n.to_string_lossy().to_string());
            let bad = |reason: String| BenchError::BadWeights {
                path: path.clone(),
                reason,
            };
            if p.is_dir() {
                let text = std::fs::read_to_string(p.join("config.json"))
                    .map_err(|e| bad(format!("config.json: {e}")))?;
                let config = DecoderConfig::from_hf_config(&text, path)?;
                let dtype = request.dtype.unwrap_or(default_dtype);
                let weights = crate::load::estimated_weight_bytes(&config, dtype);
                (config, dtype, weights, name)
            } else {
                let mut file =
                    std::fs::File::open(p).map_err(|e| bad(format!("cannot open ({e})")))?;
                let size = file.metadata().map(|m| m.len()).unwrap_or(0);
                let content = crate::gguf::read_content(&mut file, path)?;
                let config = crate::gguf::config_from_gguf(&content, path)?;
                // A GGUF file's matrices are quantized: f32 activations and KV cache.
                (config, WeightDtype::Q8_0, size as f64 * 1.2, name)
            }
        }
    };
    let needed = weights + first_point_bytes(&config, dtype, request);
    Ok((
        needed,
        format!("{name} with {}", first_point_words(request)),
    ))
}

/// A request's `max_memory_bytes` against what it needs and what the machine has: at least
/// [`least_bytes`], at most the device's total memory. The server runs this before queueing.
pub fn check_max_memory(request: &BenchRequest) -> Result<(), BenchError> {
    let Some(cap) = request.max_memory_bytes else {
        return Ok(());
    };
    let mib = |bytes: f64| bytes / MIB as f64;
    let (needed, what) = least_bytes(request)?;
    if (cap as f64) < needed {
        return Err(BenchError::invalid(
            "max_memory_bytes",
            format!(
                "{cap} bytes ({:.1} MiB) cannot hold {what}: it needs at least {:.0} MiB",
                mib(cap as f64),
                mib(needed).ceil()
            ),
        ));
    }
    if let Some(total) = device_total_bytes(request.device) {
        if cap > total {
            return Err(BenchError::invalid(
                "max_memory_bytes",
                format!(
                    "{:.0} MiB is more than {} has ({:.0} MiB)",
                    mib(cap as f64),
                    request.device,
                    mib(total as f64)
                ),
            ));
        }
    }
    Ok(())
}
