//! One benchmark from request to result: checks, load, roofline probes, the sweep, goodput,
//! projections and the reproducibility record.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use candle_core::{DType, Device};

use crate::analysis::{goodput, max_concurrency_in_memory, projected_decode_tokens_per_s};
use crate::catalog::architecture;
use crate::load::{load, memory_budget_bytes, parse_device, Loaded};
use crate::measure::{point, sample, SweepPlan};
use crate::steps::progress;
use crate::steps::StepClock;
use crate::system;
use crate::{
    BenchError, BenchRequest, BenchResult, Goodput, Point, Progress, Projection, Reproducibility,
    Roofline, Slo, WeightsSource,
};
use tco::throughput::{Efficiency, Targets};

/// candle's version, pinned exactly in `bench/Cargo.toml` (a test keeps the two equal).
pub const CANDLE_VERSION: &str = "0.11.1";

// Limits that keep a request from asking for absurd work; beyond them it is refused, on the
// command line and over HTTP alike (both run `check_request`). Memory is checked apart from
// them: a request within these limits still stops before allocating when its first
// concurrency does not fit (`memory`).

/// The longest prompt a request may ask for, in tokens: the context of the longest-context
/// small models people serve (32k), and one prefill of it already takes minutes on a CPU.
pub const MAX_PROMPT_TOKENS: usize = 32_768;
/// The most tokens a request may generate per sequence: 8k is beyond any chat answer, and
/// every repetition decodes them all.
pub const MAX_GEN_TOKENS: usize = 8_192;
/// The largest concurrency (sequences in one batch) a sweep may reach: above what serving
/// engines batch on one GPU (vLLM's default `max_num_seqs` is 256, SGLang's up to 4096).
pub const MAX_CONCURRENCY: usize = 4_096;
/// The most timed repetitions per concurrency: 100 already puts 5 samples above the p95;
/// more only lengthens the queue.
pub const MAX_REPETITIONS: usize = 100;

/// The checks that need no weights and no device: the model id, that a weights path exists,
/// the format against the model's shapes, and the ranges of the request's numbers. The server
/// runs them before queueing, so a bad request is refused at once rather than failing in the
/// queue; [`run`] runs them again.
pub fn check_request(request: &BenchRequest) -> Result<(), BenchError> {
    if let Some(id) = &request.model {
        if architecture(id).is_none() {
            return Err(BenchError::UnknownModel(id.clone()));
        }
    }
    match &request.weights {
        WeightsSource::Synthetic => {
            let id = request.model.as_deref().ok_or_else(|| {
                BenchError::invalid("model", "synthetic weights need a catalog model id")
            })?;
            let arch = architecture(id).ok_or_else(|| BenchError::UnknownModel(id.to_string()))?;
            let config = crate::config::DecoderConfig::from_architecture(arch)?;
            if let Some(dtype) = request.dtype {
                crate::weights::check_quantizable(&config, dtype)?;
            }
        }
        WeightsSource::Path { path } => {
            if !std::path::Path::new(path).exists() {
                return Err(BenchError::BadWeights {
                    path: path.clone(),
                    reason: "no such file or directory".to_string(),
                });
            }
        }
    }
    let bounded = |field: &'static str, value: usize, max: usize| {
        if value == 0 || value > max {
            Err(BenchError::invalid(
                field,
                format!("must be between 1 and {max}, got {value}"),
            ))
        } else {
            Ok(())
        }
    };
    bounded("prompt_tokens", request.prompt_tokens, MAX_PROMPT_TOKENS)?;
    bounded("gen_tokens", request.gen_tokens, MAX_GEN_TOKENS)?;
    if request.gen_tokens < 2 {
        return Err(BenchError::invalid(
            "gen_tokens",
            "must be at least 2 (the first token comes from the prefill; decode is timed from the second)",
        ));
    }
    if request.repetitions < 5 || request.repetitions > MAX_REPETITIONS {
        return Err(BenchError::invalid(
            "repetitions",
            format!(
                "must be between 5 and {MAX_REPETITIONS}, got {}",
                request.repetitions
            ),
        ));
    }
    if request.concurrency.is_empty() {
        return Err(BenchError::invalid(
            "concurrency",
            "give at least one concurrency",
        ));
    }
    for &b in &request.concurrency {
        bounded("concurrency", b, MAX_CONCURRENCY)?;
    }
    if request.concurrency.windows(2).any(|w| w[0] >= w[1]) {
        return Err(BenchError::invalid(
            "concurrency",
            "must be strictly ascending",
        ));
    }
    if let Some(slo) = &request.slo {
        for (field, v) in [("slo.ttft_ms", slo.ttft_ms), ("slo.tpot_ms", slo.tpot_ms)] {
            if !(v.is_finite() && v > 0.0) {
                return Err(BenchError::invalid(
                    field,
                    format!("must be a positive number of milliseconds, got {v}"),
                ));
            }
        }
    }
    if let Some(threads) = request.threads {
        bounded("threads", threads, 1024)?;
    }
    Ok(())
}

/// Set once the first benchmark of this process has started: candle sizes its CPU thread
/// pools on first use, so the thread count can no longer change after that.
pub(crate) static CANDLE_STARTED: AtomicBool = AtomicBool::new(false);

pub(crate) fn set_threads(threads: usize) -> Result<(), BenchError> {
    let current = system::cpu_threads();
    if threads == current {
        return Ok(());
    }
    if CANDLE_STARTED.load(Ordering::SeqCst) {
        return Err(BenchError::invalid(
            "threads",
            format!(
                "this process already runs candle with {current} threads; start it with RAYON_NUM_THREADS={threads} CANDLE_NUM_THREADS={threads} instead"
            ),
        ));
    }
    // Read by candle when its pools start (gemm: RAYON_NUM_THREADS, quantized: CANDLE_NUM_THREADS).
    std::env::set_var("RAYON_NUM_THREADS", threads.to_string());
    std::env::set_var("CANDLE_NUM_THREADS", threads.to_string());
    Ok(())
}

/// One benchmark: checks, loads the weights (after a memory check), probes the roofline
/// (memory bandwidth, GEMM peak), sweeps the concurrencies, and returns the points, the
/// goodput under the SLO, projections onto the GPU table's GPUs and the reproducibility
/// record. `on_progress` hears each phase; setting `cancel` ends the run with
/// [`BenchError::Cancelled`] at the next step. `command` is recorded as the command line
/// that reproduces the run.
pub fn run(
    request: &BenchRequest,
    command: &str,
    on_progress: &mut (dyn FnMut(&Progress) + Send),
    cancel: &AtomicBool,
) -> Result<BenchResult, BenchError> {
    check_request(request)?;
    let device = parse_device(request.device)?;
    if let Some(threads) = request.threads {
        set_threads(threads)?;
    }
    CANDLE_STARTED.store(true, Ordering::SeqCst);
    let threads = system::cpu_threads();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| BenchError::Device(format!("cannot start {threads} threads: {e}")))?;
    pool.install(|| run_on(request, command, &device, threads, on_progress, cancel))
}

fn run_on(
    request: &BenchRequest,
    command: &str,
    device: &Device,
    threads: usize,
    on_progress: &mut (dyn FnMut(&Progress) + Send),
    cancel: &AtomicBool,
) -> Result<BenchResult, BenchError> {
    let started = Instant::now();
    let started_unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let report = |p: Progress, f: &mut dyn FnMut(&Progress)| f(&p);
    // Two set-up steps (loading, the roofline probes), then the sweep's.
    let mut clock = StepClock::new(2, request.concurrency.len(), request.repetitions);
    report(
        progress(
            "loading",
            format!("loading {}", describe(request)),
            &clock,
            &[],
        ),
        on_progress,
    );
    let loaded = load(request, device)?;
    if cancel.load(Ordering::Relaxed) {
        return Err(BenchError::Cancelled);
    }
    clock.setup_done();
    report(
        progress(
            "probing",
            "measuring memory bandwidth and matmul peak".into(),
            &clock,
            &[],
        ),
        on_progress,
    );
    // The probe's array fits beside the weights in what the budget leaves (checked before
    // loading: at least its smallest size does).
    let room = memory_budget_bytes(device, request.max_memory_bytes).map(|b| {
        if request.max_memory_bytes.is_some() {
            b.saturating_sub(loaded.decoder.weight_bytes() as u64)
        } else {
            b
        }
    });
    let probe_mib = crate::memory::probe_mib(room);
    let roofline = probe_roofline(device, threads, loaded.decoder.dtype, probe_mib)?;
    clock.setup_done();
    let (prompt, gen) = (request.prompt_tokens, request.gen_tokens);
    let decoder = &loaded.decoder;
    let flops_per_prompt_token = 2.0 * decoder_matmul_parameters(&loaded) as f64
        + 4.0
            * (decoder.config.num_layers
                * decoder.config.num_attention_heads
                * decoder.config.head_dim) as f64
            * (prompt as f64 / 2.0);
    let plan = SweepPlan {
        prompt,
        gen,
        repetitions: request.repetitions,
        seed: request.seed,
        slo: request.slo.as_ref(),
        bandwidth_bytes_per_s: roofline.memory_bandwidth_gb_s * 1e9,
        peak_flops: roofline.peak_flops,
        flops_per_prompt_token,
    };
    let weight_bytes_loaded = decoder.weight_bytes() as u64;
    let mut points: Vec<Point> = Vec::new();
    let mut stopped = format!(
        "finished the requested concurrencies {:?}",
        request.concurrency
    );
    for &batch in &request.concurrency {
        let kv_needed = (batch * (prompt + gen) * decoder.kv_bytes_per_token()) as f64;
        // Activations of a prefill: a few hidden-sized rows and one vocabulary row per sequence.
        let activations = (batch * prompt * decoder.config.intermediate_size * 3 * 4) as f64
            + (batch * decoder.config.vocab_size * 4) as f64;
        // The weights are loaded already: what is left of the budget must hold the rest.
        let budget = memory_budget_bytes(device, request.max_memory_bytes).map(|b| {
            if request.max_memory_bytes.is_some() {
                b.saturating_sub(weight_bytes_loaded)
            } else {
                b
            }
        });
        if let Some(free) = budget {
            if kv_needed + activations > free as f64 * 0.9 {
                if points.is_empty() {
                    // Checked before loading; the free memory shrank since. Nothing to show.
                    return Err(BenchError::OutOfMemory {
                        what: format!(
                            "concurrency {batch} × ({prompt} + {gen}) tokens of KV cache and activations"
                        ),
                        needed_gib: (kv_needed + activations) / 1073741824.0,
                        available_gib: free as f64 * 0.9 / 1073741824.0,
                    });
                }
                stopped = format!(
                    "stopped before concurrency {batch}: its KV cache and activations ({:.2} GiB) exceed the free memory ({:.2} GiB)",
                    (kv_needed + activations) / 1073741824.0,
                    free as f64 / 1073741824.0
                );
                break;
            }
        }
        system::reset_peak_rss();
        let message = format!("concurrency {batch}: prefill {prompt} + decode {gen} tokens");
        report(
            progress("warm-up", format!("{message}: warm-up"), &clock, &points),
            on_progress,
        );
        let samples = {
            let points_so_far = points.clone();
            let reps = request.repetitions;
            // Called as each run ends (0: the warm-up): the next one is announced.
            let mut on_rep = |rep: usize| {
                clock.sweep_step_done();
                if rep < reps {
                    on_progress(&progress(
                        "measuring",
                        format!("{message}: repetition {} of {reps}", rep + 1),
                        &clock,
                        &points_so_far,
                    ))
                }
            };
            // The first concurrency is always timed, however far its warm-up is over the SLO.
            let may_abandon = !points.is_empty();
            sample(decoder, batch, &plan, cancel, may_abandon, &mut on_rep)?
        };
        if let Some(ttft) = samples.abandoned_ttft_s {
            stopped = format!(
                "stopped at concurrency {batch}: its warm-up prefill took {:.0} ms, over {} × the SLO's {:.0} ms TTFT, so it was not measured",
                ttft * 1000.0,
                crate::measure::ABANDON_FACTOR,
                request.slo.map_or(0.0, |s| s.ttft_ms)
            );
            break;
        }
        let memory = peak_memory(device);
        let p = point(decoder, batch, &samples, &plan, memory)?;
        let broke = p.meets_slo == Some(false);
        points.push(p);
        if broke {
            stopped = format!("stopped after concurrency {batch}: its p95 latency breaks the SLO");
            break;
        }
    }
    if points.is_empty() {
        // A result without a point would be stored as done and priced from nothing.
        return Err(BenchError::NothingMeasured(stopped));
    }
    let goodput = goodput(&points, request.slo.as_ref());
    let weight_bytes = decoder.weight_bytes() as u64;
    let kv_bytes_per_token = decoder.kv_bytes_per_token() as u64;
    let projections = project(
        &points,
        goodput.as_ref(),
        &loaded,
        (prompt, gen),
        request.slo.as_ref(),
        device,
    );
    clock.finish();
    report(
        progress("done", "finished".into(), &clock, &points),
        on_progress,
    );
    Ok(BenchResult {
        engine: api::bench::Engine::Candle,
        model: loaded.model.clone(),
        hf_repo: loaded.architecture.map(|a| a.hf_repo.to_string()),
        parameters: loaded
            .architecture
            .map_or_else(|| parameters_of(decoder), |a| a.parameter_count()),
        device: request.device,
        dtype: loaded.dtype,
        weights_label: loaded.weights_label.to_string(),
        prompt_tokens: prompt,
        gen_tokens: gen,
        repetitions: request.repetitions,
        slo: request.slo,
        points,
        goodput,
        stopped,
        roofline,
        projections,
        weight_bytes,
        kv_bytes_per_token,
        reproducibility: reproducibility(request, command, &loaded, device, threads),
        started_unix,
        wall_seconds: started.elapsed().as_secs_f64(),
    })
}

fn describe(request: &BenchRequest) -> String {
    let weights = match &request.weights {
        WeightsSource::Synthetic => "synthetic weights".to_string(),
        WeightsSource::Path { path } => path.clone(),
    };
    format!(
        "{} ({weights}) on {}",
        request.model.as_deref().unwrap_or("model from file"),
        request.device
    )
}

/// Parameters in the decode matmuls (all linear layers and the lm_head), from the shapes.
fn decoder_matmul_parameters(loaded: &Loaded) -> u64 {
    let c = &loaded.decoder.config;
    let per_layer = c.hidden_size * c.head_dim * (2 * c.num_attention_heads + 2 * c.num_kv_heads)
        + 3 * c.hidden_size * c.intermediate_size;
    (c.num_layers * per_layer + c.vocab_size * c.hidden_size) as u64
}

/// Parameters of a model that is not in the catalog, from its shapes.
fn parameters_of(decoder: &crate::decoder::Decoder) -> u64 {
    crate::weights::tensor_names(&decoder.config)
        .iter()
        .map(|(_, s)| s.iter().product::<usize>() as u64)
        .sum()
}

fn probe_roofline(
    device: &Device,
    threads: usize,
    dtype: DType,
    probe_mib: usize,
) -> Result<Roofline, BenchError> {
    if device.is_cpu() {
        let (bandwidth, basis) = system::cpu_bandwidth_gb_s(probe_mib, threads);
        let (peak, peak_basis) = system::matmul_peak_flops(device, DType::F32, 1024)?;
        Ok(Roofline {
            memory_bandwidth_gb_s: bandwidth,
            bandwidth_basis: basis,
            peak_flops: Some(peak),
            peak_flops_basis: format!(
                "{peak_basis}; a quantized prefill runs f16 GEMM or int8 kernels, so its MFU against this f32 peak can exceed 100 %"
            ),
        })
    } else {
        let (bandwidth, basis) = crate::cuda::copy_bandwidth_gb_s(device)?;
        let peak_dtype = if dtype == DType::F32 {
            DType::F32
        } else {
            DType::BF16
        };
        let (peak, peak_basis) = system::matmul_peak_flops(device, peak_dtype, 8192)?;
        Ok(Roofline {
            memory_bandwidth_gb_s: bandwidth,
            bandwidth_basis: basis,
            peak_flops: Some(peak),
            peak_flops_basis: peak_basis,
        })
    }
}

fn peak_memory(device: &Device) -> Option<u64> {
    match device {
        Device::Cpu => system::peak_rss_bytes(),
        _ => crate::cuda::memory_in_use_bytes(device),
    }
}

/// GPUs of the spec table projected from the efficiency measured here: one sequence's decode
/// from the concurrency-1 point (as before), and a whole replica at this benchmark's lengths
/// and latency target from the goodput point's efficiencies through
/// `tco::throughput::project` — the same function the planner's placements use.
fn project(
    points: &[Point],
    goodput: Option<&Goodput>,
    loaded: &Loaded,
    (prompt, gen): (usize, usize),
    slo: Option<&Slo>,
    device: &Device,
) -> Vec<Projection> {
    let weight_bytes = loaded.decoder.weight_bytes() as f64;
    let kv_per_token = loaded.decoder.kv_bytes_per_token() as f64;
    let context = prompt + gen;
    let Some(first) = points.iter().find(|p| p.concurrency == 1) else {
        return Vec::new();
    };
    let Some(efficiency) = first.decode_bandwidth_efficiency else {
        return Vec::new();
    };
    let here = if device.is_cpu() {
        "this CPU"
    } else {
        "this GPU"
    };
    let at_goodput = goodput
        .and_then(|g| points.iter().find(|p| p.concurrency == g.concurrency))
        .and_then(|p| Efficiency::clamped(p.decode_bandwidth_efficiency?, p.prefill_mfu?));
    let targets = slo.map(|s| Targets {
        ttft_ms: s.ttft_ms,
        tpot_ms: s.tpot_ms,
    });
    crate::projection::spec_gpus()
        .into_iter()
        .filter_map(|sheet| {
            let name = sheet.name.clone();
            let bandwidth_gb_s = sheet.memory_bandwidth_gb_s;
            let memory_gib = sheet.memory_gib;
            let tokens = projected_decode_tokens_per_s(first.decode_bytes_per_step, bandwidth_gb_s * 1e9, efficiency, 1)?;
            let (replica, replica_note) = match (loaded.architecture, at_goodput) {
                (None, _) => (None, Some("the weights' architecture is not a catalog model: no replica projection".to_string())),
                (_, None) => (None, Some("no goodput point with both efficiencies measured: no replica projection".to_string())),
                (Some(arch), Some(eff)) => match tco::throughput::project(
                    arch,
                    loaded.dtype,
                    &sheet,
                    1.0,
                    eff,
                    (prompt as f64, gen as f64),
                    targets,
                ) {
                    Ok(p) => (Some(p), None),
                    Err(e) => (None, Some(e.to_string())),
                },
            };
            Some(Projection {
                gpu: name.clone(),
                label: "projected, not measured".to_string(),
                memory_bandwidth_gb_s: bandwidth_gb_s,
                decode_tokens_per_s_batch1: tokens,
                max_concurrency_fits: max_concurrency_in_memory(
                    memory_gib * 1073741824.0,
                    weight_bytes,
                    kv_per_token,
                    context,
                    0.10,
                ),
                basis: format!(
                    "{name} spec sheet {bandwidth_gb_s} GB/s × {:.0} % bandwidth efficiency measured on {here} at concurrency 1; KV fit in {memory_gib} GiB at context {context}, 10 % reserved{}",
                    efficiency * 100.0,
                    match at_goodput {
                        Some(e) => format!("; the replica at the {:.0} % bandwidth efficiency and {:.0} % MFU (against the BF16 peak) measured at the goodput point, each capped at 100 %", e.decode_bandwidth * 100.0, e.prefill_mfu * 100.0),
                        None => String::new(),
                    }
                ),
                replica,
                replica_note,
                efficiency: at_goodput,
            })
        })
        .collect()
}

fn reproducibility(
    request: &BenchRequest,
    command: &str,
    loaded: &Loaded,
    device: &Device,
    threads: usize,
) -> Reproducibility {
    let gpu = if device.is_cpu() {
        None
    } else {
        crate::cuda::gpu_info()
    };
    Reproducibility {
        cpu_model: system::cpu_model(),
        cpu_cores: system::cpu_cores(),
        gpu_name: gpu.as_ref().map(|g| g.0.clone()),
        gpu_driver: gpu.as_ref().map(|g| g.1.clone()),
        gpu_memory_bytes: gpu.as_ref().and_then(|g| g.2),
        os: system::os_description(),
        candle_version: CANDLE_VERSION.to_string(),
        breakeven_version: env!("CARGO_PKG_VERSION").to_string(),
        dtype: loaded.dtype,
        weights_kind: loaded.weights_kind.clone(),
        weights_sha256: loaded.weights_sha256.clone(),
        weights_path: loaded.weights_path.clone(),
        threads,
        thread_env: system::thread_env(),
        command: command.to_string(),
        seed: request.seed,
    }
}
