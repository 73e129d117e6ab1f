//! Figures derived from recorded samples: percentiles, the goodput point, roofline efficiency,
//! MFU, how many sequences fit in memory, projections to other GPUs.
//!
//! Kept apart from the measurement code (no I/O, no candle, no clock) so every number a report
//! shows can be recomputed by hand from the samples it stores, and so each rule is tested on
//! worked examples rather than on timings. Every function is total: empty input, NaN, infinities,
//! zeros and negatives give `None`, `0` or a value, never a panic, because these run inside a
//! server on figures that came from a benchmark that may have gone wrong.

use crate::report::{Goodput, Point, Slo, Summary};

/// Median, p95, extremes and spread of one timed quantity.
///
/// Method, chosen so a reader can redo it with a pencil:
/// - p50 is the median: the middle sample of the sorted list, or the mean of the two middle
///   samples when the count is even;
/// - p95 is the nearest-rank percentile: the sample at 1-based rank ⌈0.95 · n⌉ of the sorted
///   list, so it is always a value that was actually observed (no interpolation). With fewer
///   than 20 samples that is the maximum, which is the honest answer for so few;
/// - spread is (max − min) / |median|, a unit-free measure of how repeatable the runs were; 0
///   when the median is 0 (nothing to compare against); saturated at `f64::MAX` for absurd
///   inputs so the summary always serialises.
///
/// None for no samples, or if any sample is NaN or infinite: a broken timer must not produce a
/// plausible-looking percentile.
pub fn summarize(samples: &[f64]) -> Option<Summary> {
    if samples.is_empty() || samples.iter().any(|s| !s.is_finite()) {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let p50 = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        // Halve first so two huge samples cannot overflow to infinity.
        sorted[n / 2 - 1] / 2.0 + sorted[n / 2] / 2.0
    };
    // ⌈0.95 n⌉ = n − ⌊n / 20⌋, in integers so no float rounding can move the rank and no
    // multiplication can overflow (n ≥ 1 gives rank ≥ 1).
    let rank = n - n / 20;
    let p95 = sorted[rank - 1];
    let min = sorted[0];
    let max = sorted[n - 1];
    let spread = if p50 == 0.0 {
        0.0
    } else {
        // Saturate rather than overflow to infinity, which JSON cannot carry.
        ((max - min) / p50.abs()).min(f64::MAX)
    };
    Some(Summary {
        p50,
        p95,
        min,
        max,
        spread,
        samples: n,
    })
}

/// Whether a point's p95 latencies are within the SLO (both at or under their targets).
///
/// A NaN latency or target never meets: an unmeasured point must not be sold as compliant.
pub fn meets_slo(point: &Point, slo: &Slo) -> bool {
    point.ttft_ms_p95 <= slo.ttft_ms && point.tpot_ms_p95 <= slo.tpot_ms
}

/// The point whose throughput a cost scenario should use.
///
/// With an SLO: the largest concurrency whose p95 TTFT and p95 TPOT both meet it. "Largest that
/// meets", not "last before the first miss": latency is noisy, so a sweep can miss at 2 and meet
/// at 4, and the operator would run at 4. Without an SLO: the point with the highest decode
/// tokens/s, since then only throughput matters (ties go to the smaller concurrency, which gets
/// the same throughput at lower latency).
///
/// None when no point qualifies (or there are no points): the report then says no configuration
/// meets the SLO rather than quoting a throughput nobody could serve at.
pub fn goodput(points: &[Point], slo: Option<&Slo>) -> Option<Goodput> {
    match slo {
        Some(slo) => {
            let best = points
                .iter()
                .filter(|p| meets_slo(p, slo))
                // Among equal concurrencies (a repeated sweep), the faster one.
                .max_by(|a, b| {
                    a.concurrency.cmp(&b.concurrency).then_with(|| {
                        finite_or_low(a.decode_tokens_per_s)
                            .total_cmp(&finite_or_low(b.decode_tokens_per_s))
                    })
                })?;
            Some(goodput_at(
                best,
                format!(
                    "largest concurrency with p95 TTFT ≤ {} ms and p95 TPOT ≤ {} ms: \
                     concurrency {} (p95 TTFT {:.1} ms, p95 TPOT {:.2} ms)",
                    slo.ttft_ms, slo.tpot_ms, best.concurrency, best.ttft_ms_p95, best.tpot_ms_p95
                ),
            ))
        }
        None => {
            let best = points
                .iter()
                .filter(|p| p.decode_tokens_per_s.is_finite())
                .max_by(|a, b| {
                    a.decode_tokens_per_s
                        .total_cmp(&b.decode_tokens_per_s)
                        // Reverse so that, among equals, max_by keeps the smaller concurrency.
                        .then_with(|| b.concurrency.cmp(&a.concurrency))
                })?;
            Some(goodput_at(
                best,
                format!(
                    "no SLO given: highest decode tokens/s (concurrency {}, {:.1} tokens/s)",
                    best.concurrency, best.decode_tokens_per_s
                ),
            ))
        }
    }
}

fn finite_or_low(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        f64::NEG_INFINITY
    }
}

/// Bytes a decode step must read from memory: the weights once (one step serves every sequence
/// in the batch) plus each sequence's KV cache up to `context` tokens.
///
/// This is what makes small-batch decode memory-bound, and why batching helps until the KV
/// term dominates. Pass the context at mid-generation (prompt + gen/2) for the average step.
pub fn decode_bytes_per_step(
    weight_bytes: f64,
    kv_bytes_per_token: f64,
    concurrency: usize,
    context: f64,
) -> f64 {
    weight_bytes + concurrency as f64 * kv_bytes_per_token * context
}

/// The fraction of the memory-bandwidth roofline a decode step achieved: the time the step's
/// bytes would take at full bandwidth, over the time it took.
///
/// It is the number that transfers between machines: a projection for a GPU we do not have
/// multiplies its spec bandwidth by the efficiency measured here. None when any input is not a
/// positive finite number, since a zero or negative time or bandwidth has no meaning.
pub fn bandwidth_efficiency(
    bytes_per_step: f64,
    bandwidth_bytes_per_s: f64,
    measured_step_s: f64,
) -> Option<f64> {
    if !all_positive(&[bytes_per_step, bandwidth_bytes_per_s, measured_step_s]) {
        return None;
    }
    positive((bytes_per_step / bandwidth_bytes_per_s) / measured_step_s)
}

/// Model FLOPs utilisation: achieved FLOP/s over the peak FLOP/s of the format the work ran in.
///
/// Prefill is compute-bound, so this is its roofline figure (decode uses
/// [`bandwidth_efficiency`]). None when any input is not a positive finite number.
pub fn mfu(flops: f64, seconds: f64, peak_flops: f64) -> Option<f64> {
    if !all_positive(&[flops, seconds, peak_flops]) {
        return None;
    }
    positive(flops / seconds / peak_flops)
}

/// The largest concurrency b whose memory fits: weight_bytes + b · kv_bytes_per_token ·
/// context_tokens ≤ memory_bytes · (1 − reserve_fraction).
///
/// The reserve stands for what a serving process needs beyond weights and KV cache: activation
/// buffers, the allocator's fragmentation and slack, the CUDA context and library workspaces.
/// Callers use 0.10 (vLLM's default `gpu_memory_utilization` of 0.9 leaves the same share).
///
/// 0 when the weights alone do not fit, or when an input makes no sense (non-finite, negative,
/// no memory, a reserve outside [0, 1)). When a sequence needs no memory (no KV bytes or no
/// context) memory sets no limit and the answer is `usize::MAX`.
pub fn max_concurrency_in_memory(
    memory_bytes: f64,
    weight_bytes: f64,
    kv_bytes_per_token: f64,
    context_tokens: usize,
    reserve_fraction: f64,
) -> usize {
    let inputs = [
        memory_bytes,
        weight_bytes,
        kv_bytes_per_token,
        reserve_fraction,
    ];
    if inputs.iter().any(|x| !x.is_finite() || *x < 0.0)
        || memory_bytes == 0.0
        || reserve_fraction >= 1.0
    {
        return 0;
    }
    let budget = memory_bytes * (1.0 - reserve_fraction);
    if weight_bytes > budget {
        return 0;
    }
    let per_sequence = kv_bytes_per_token * context_tokens as f64;
    if per_sequence == 0.0 {
        return usize::MAX;
    }
    // `as` saturates (and maps NaN to 0); then nudge by one in case the division rounded
    // across an integer, so the result satisfies the inequality exactly as written.
    let mut b = ((budget - weight_bytes) / per_sequence).floor() as usize;
    let fits = |b: usize| weight_bytes + b as f64 * per_sequence <= budget;
    if b > 0 && !fits(b) {
        b -= 1;
    } else if b < usize::MAX && fits(b + 1) {
        b += 1;
    }
    b
}

/// Decode tokens/s a GPU we did not measure would reach: its spec bandwidth, derated by the
/// bandwidth efficiency measured here, streams `bytes_per_step` once per step, and each step
/// yields one token per sequence.
///
/// A projection, not a measurement; it assumes decode stays memory-bound on that GPU and that
/// its software reaches the same share of its roofline. None when any input is not a positive
/// finite number or the concurrency is 0.
pub fn projected_decode_tokens_per_s(
    bytes_per_step: f64,
    spec_bandwidth_bytes_per_s: f64,
    efficiency: f64,
    concurrency: usize,
) -> Option<f64> {
    if concurrency == 0 || !all_positive(&[bytes_per_step, spec_bandwidth_bytes_per_s, efficiency])
    {
        return None;
    }
    let step_s = bytes_per_step / (spec_bandwidth_bytes_per_s * efficiency);
    positive(concurrency as f64 / step_s)
}

fn all_positive(values: &[f64]) -> bool {
    values.iter().all(|v| v.is_finite() && *v > 0.0)
}

/// A ratio of positive inputs that over- or underflowed (to infinity or to 0) is no answer.
fn positive(value: f64) -> Option<f64> {
    (value.is_finite() && value > 0.0).then_some(value)
}

/// The figures a scenario takes from `point`, with why it was chosen.
fn goodput_at(point: &Point, reason: String) -> Goodput {
    Goodput {
        concurrency: point.concurrency,
        prefill_tokens_per_s: point.prefill_tokens_per_s,
        decode_tokens_per_s: point.decode_tokens_per_s,
        reason,
    }
}
