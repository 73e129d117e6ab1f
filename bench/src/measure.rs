//! The sweep: for each concurrency, prefill `b` prompts then decode, timed with the device
//! synchronized before every clock read, warm-up excluded, repeated.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use candle_core::{Device, Tensor};

use crate::analysis::{bandwidth_efficiency, decode_bytes_per_step, meets_slo, mfu, summarize};
use crate::decoder::{argmax_rows, Decoder};
use crate::{BenchError, Point, Slo};
use tco::throughput::{fit_decode_steps, DecodeFit};

/// Timings of one concurrency, raw (seconds).
pub struct Samples {
    pub ttft_s: Vec<f64>,
    pub step_s: Vec<f64>,
    /// Set when the warm-up prefill alone took over [`ABANDON_FACTOR`] × the SLO's TTFT: the
    /// point is not measured (its p95 could not meet the SLO), which keeps a CPU sweep short.
    pub abandoned_ttft_s: Option<f64>,
}

/// A warm-up prefill this many times over the TTFT SLO ends the sweep without timing the point:
/// steady-state prefill is not 25 % faster than the warm-up on either backend here, so such a
/// point could not meet the SLO at p95, and timing it would cost the most of the whole sweep.
/// The sweep's first point is always timed (`may_abandon` false): a run must end with the
/// figures that show how far the SLO is out of reach, which the no-goodput state offers to
/// relax the SLO to, rather than fail having measured nothing.
pub const ABANDON_FACTOR: f64 = 1.25;

/// What the sweep needs besides the decoder.
pub struct SweepPlan<'a> {
    pub prompt: usize,
    pub gen: usize,
    pub repetitions: usize,
    pub seed: u64,
    pub slo: Option<&'a Slo>,
    pub bandwidth_bytes_per_s: f64,
    pub peak_flops: Option<f64>,
    pub flops_per_prompt_token: f64,
}

/// Times `repetitions` runs at `batch` after one warm-up run: prefill (TTFT, first token
/// sampled) and each decode step (TPOT). Every timing ends with the logits copied to the host
/// for sampling, which synchronizes the device; `synchronize` is called before starting too.
pub fn sample(
    decoder: &Decoder,
    batch: usize,
    plan: &SweepPlan<'_>,
    cancel: &AtomicBool,
    may_abandon: bool,
    on_rep: &mut dyn FnMut(usize),
) -> Result<Samples, BenchError> {
    let device = &decoder.device;
    let mut cache = decoder.new_cache(batch, plan.prompt + plan.gen)?;
    let prompt = random_prompt(
        batch,
        plan.prompt,
        decoder.config.vocab_size,
        plan.seed,
        device,
    )?;
    let mut samples = Samples {
        ttft_s: Vec::with_capacity(plan.repetitions),
        step_s: Vec::with_capacity(plan.repetitions * plan.gen),
        abandoned_ttft_s: None,
    };
    for rep in 0..=plan.repetitions {
        let warm_up = rep == 0;
        cache.reset();
        device.synchronize()?;
        let start = Instant::now();
        let logits = decoder.forward(&prompt, &mut cache)?;
        let mut next = argmax_rows(&logits)?;
        let ttft = start.elapsed().as_secs_f64();
        if !warm_up {
            samples.ttft_s.push(ttft);
        } else if may_abandon
            && plan
                .slo
                .is_some_and(|slo| ttft * 1000.0 > ABANDON_FACTOR * slo.ttft_ms)
        {
            samples.abandoned_ttft_s = Some(ttft);
            return Ok(samples);
        }
        // The warm-up decodes a few steps only: enough to compile kernels and touch the cache.
        let steps = if warm_up { plan.gen.min(4) } else { plan.gen };
        for _ in 1..steps {
            if cancel.load(Ordering::Relaxed) {
                return Err(BenchError::Cancelled);
            }
            let ids = Tensor::from_vec(next, (batch, 1), device)?;
            device.synchronize()?;
            let start = Instant::now();
            let logits = decoder.forward(&ids, &mut cache)?;
            next = argmax_rows(&logits)?;
            let step = start.elapsed().as_secs_f64();
            if !warm_up {
                samples.step_s.push(step);
            }
        }
        if cancel.load(Ordering::Relaxed) {
            return Err(BenchError::Cancelled);
        }
        on_rep(rep);
    }
    Ok(samples)
}

/// Prompt ids drawn uniformly from the vocabulary (seeded): synthetic weights have no text.
fn random_prompt(
    batch: usize,
    len: usize,
    vocab: usize,
    seed: u64,
    device: &Device,
) -> Result<Tensor, BenchError> {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed ^ 0x5EED);
    let ids: Vec<u32> = (0..batch * len)
        .map(|_| rng.gen_range(0..vocab as u32))
        .collect();
    Ok(Tensor::from_vec(ids, (batch, len), device)?)
}

/// One point's figures from its samples.
pub fn point(
    decoder: &Decoder,
    batch: usize,
    samples: &Samples,
    plan: &SweepPlan<'_>,
    peak_memory_bytes: Option<u64>,
) -> Result<Point, BenchError> {
    let to_ms = |v: &[f64]| v.iter().map(|s| s * 1000.0).collect::<Vec<_>>();
    let ttft = summarize(&to_ms(&samples.ttft_s))
        .ok_or_else(|| BenchError::invalid("repetitions", "no TTFT samples were taken"))?;
    let tpot = summarize(&to_ms(&samples.step_s)).ok_or_else(|| {
        BenchError::invalid("gen_tokens", "decode needs at least 2 generated tokens")
    })?;
    // KV read at mid-generation is the average over the decode steps.
    let context = plan.prompt as f64 + plan.gen as f64 / 2.0;
    let bytes = decode_bytes_per_step(
        decoder.matmul_weight_bytes() as f64,
        decoder.kv_bytes_per_token() as f64,
        batch,
        context,
    );
    let step_s = tpot.p50 / 1000.0;
    let ttft_s = ttft.p50 / 1000.0;
    let mut point = Point {
        concurrency: batch,
        prefill_tokens_per_s: (batch * plan.prompt) as f64 / ttft_s,
        decode_tokens_per_s: batch as f64 / step_s,
        ttft_ms_p50: ttft.p50,
        ttft_ms_p95: ttft.p95,
        tpot_ms_p50: tpot.p50,
        tpot_ms_p95: tpot.p95,
        ttft_ms: ttft,
        tpot_ms: tpot,
        peak_memory_bytes,
        decode_bytes_per_step: bytes,
        decode_bandwidth_efficiency: bandwidth_efficiency(
            bytes,
            plan.bandwidth_bytes_per_s,
            step_s,
        ),
        prefill_mfu: plan.peak_flops.and_then(|peak| {
            mfu(
                plan.flops_per_prompt_token * (batch * plan.prompt) as f64,
                ttft_s,
                peak,
            )
        }),
        meets_slo: None,
        decode_fit: decode_fit(&samples.step_s, batch, plan),
        inter_token_ms: None,
    };
    point.meets_slo = plan.slo.map(|slo| meets_slo(&point, slo));
    Ok(point)
}

/// The decode fit of one concurrency: each step's median over the repetitions against the
/// tokens in the KV cache it read, batch × (prompt + i) for step i = 1 … gen − 1 (the
/// samples hold the repetitions' steps in order). A slope below zero (noise where the cache
/// adds nothing measurable) is recorded as no growth: b = 0, a the steps' mean.
fn decode_fit(step_s: &[f64], batch: usize, plan: &SweepPlan<'_>) -> Option<DecodeFit> {
    let per_rep = plan.gen.saturating_sub(1);
    if per_rep < 2 || step_s.len() < per_rep {
        return None;
    }
    let reps = step_s.len() / per_rep;
    let pairs: Vec<(f64, f64)> = (0..per_rep)
        .map(|i| {
            let mut times: Vec<f64> = (0..reps)
                .map(|r| step_s[r * per_rep + i] * 1000.0)
                .collect();
            times.sort_by(f64::total_cmp);
            let kv_tokens = (batch * (plan.prompt + i + 1)) as f64;
            (kv_tokens, times[times.len() / 2])
        })
        .collect();
    let fit = fit_decode_steps(&pairs)?;
    if fit.ms_per_kv_token >= 0.0 {
        return Some(fit);
    }
    let mean = pairs.iter().map(|p| p.1).sum::<f64>() / pairs.len() as f64;
    let max_relative_residual = pairs
        .iter()
        .map(|p| ((p.1 - mean) / mean).abs())
        .fold(0.0, f64::max);
    Some(DecodeFit {
        fixed_ms: mean,
        ms_per_kv_token: 0.0,
        steps: pairs.len(),
        max_relative_residual,
    })
}
