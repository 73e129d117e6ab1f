//! How far a running benchmark is, counted in the steps it performs (loading, the probes,
//! then at each concurrency a warm-up and each timed repetition), and the time left
//! estimated from the steps measured so far; and the default number format a request that
//! names none runs in (one function for the benchmark and the form's hint).

use serde::{Deserialize, Serialize};

use super::{Device, WeightDtype, WeightsSource};

/// How many of the latest sweep steps' durations a progress event carries: enough to smooth
/// one slow repetition, few enough that the estimate follows the concurrency being measured
/// (a larger batch takes longer per step than the ones before it).
pub const RECENT_STEPS: usize = 5;

/// The steps of a run: the progress bar moves one step at a time, and the time left is
/// estimated from `recent_s`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Steps {
    /// Every step the run plans: the set-up steps (loading, probes), then at each requested
    /// concurrency one warm-up and each timed repetition. A sweep that stops early (the SLO
    /// broke, memory ran out) skips the rest and ends with `done == total`.
    pub total: usize,
    /// Steps finished, `0..=total`.
    pub done: usize,
    /// Seconds since the run started, when the event was sent.
    pub elapsed_s: f64,
    /// Seconds each of the latest sweep steps took (warm-ups and repetitions, oldest first,
    /// at most [`RECENT_STEPS`]); empty until the first one has finished. The one-off set-up
    /// steps are not in it: they say nothing of the steps still to come.
    pub recent_s: Vec<f64>,
}

impl Steps {
    /// The share done, `done / total` in 0..=1 (0 for a run that plans no step).
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        (self.done.min(self.total) as f64 / self.total as f64).clamp(0.0, 1.0)
    }

    /// Estimated seconds left: the steps still to do × the mean of the latest measured
    /// sweep steps. None ("estimating…") until a sweep step has finished, or when a
    /// duration is not a finite number ≥ 0. An upper bound in steps (a sweep that breaks its
    /// SLO stops early), an estimate in time (later concurrencies take longer per step).
    pub fn seconds_left(&self) -> Option<f64> {
        if self.recent_s.is_empty() || self.recent_s.iter().any(|s| !s.is_finite() || *s < 0.0) {
            return None;
        }
        let mean = self.recent_s.iter().sum::<f64>() / self.recent_s.len() as f64;
        Some(self.total.saturating_sub(self.done) as f64 * mean)
    }
}

/// The format a request that names none runs in, before any file is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultDtype {
    /// This format.
    Format(WeightDtype),
    /// A GGUF file's own (the format most of its matrices are stored in).
    FileOwn,
}

/// The format synthetic weights and safetensors run in when the request names none:
/// quantized q4_0 on a CPU (what CPU servers run, and bf16 has no fast CPU path in
/// candle), bf16 on a GPU. The benchmark loads with it and the form's hint says it.
pub fn default_dtype(device: Device) -> WeightDtype {
    if device.is_cpu() {
        WeightDtype::Q4_0
    } else {
        WeightDtype::Bf16
    }
}

/// What a request without a format runs in on `device` with `weights`: a `.gguf` file keeps
/// its own; everything else takes [`default_dtype`].
pub fn default_dtype_for(device: Device, weights: &WeightsSource) -> DefaultDtype {
    match weights {
        WeightsSource::Path { path } if path.to_ascii_lowercase().ends_with(".gguf") => {
            DefaultDtype::FileOwn
        }
        _ => DefaultDtype::Format(default_dtype(device)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(total: usize, done: usize, recent_s: &[f64]) -> Steps {
        Steps {
            total,
            done,
            elapsed_s: 1.0,
            recent_s: recent_s.to_vec(),
        }
    }

    #[test]
    fn the_time_left_is_the_steps_left_times_the_recent_mean() {
        // (total, done, recent step seconds, seconds left)
        let cases: [(usize, usize, &[f64], Option<f64>); 7] = [
            // Loading and probing done, no sweep step yet: estimating.
            (26, 2, &[], None),
            // 1,2,4,8 × (warm-up + 5 reps) + 2 = 26; 8 done; mean of 0.5, 0.6, 0.7 = 0.6 s.
            (26, 8, &[0.5, 0.6, 0.7], Some(18.0 * 0.6)),
            // Five latest: mean (1 + 1 + 2 + 2 + 4) / 5 = 2 s, 10 steps left = 20 s.
            (20, 10, &[1.0, 1.0, 2.0, 2.0, 4.0], Some(20.0)),
            // Finished: nothing left.
            (14, 14, &[0.25], Some(0.0)),
            // More done than planned (never sent; read as finished).
            (14, 15, &[0.25], Some(0.0)),
            // A duration that is not a number: no estimate rather than NaN.
            (14, 3, &[f64::NAN], None),
            (14, 3, &[-1.0], None),
        ];
        for (total, done, recent, left) in cases {
            let got = steps(total, done, recent).seconds_left();
            match (got, left) {
                (Some(g), Some(l)) => assert!((g - l).abs() < 1e-9, "{total}/{done}: {g} ≠ {l}"),
                _ => assert_eq!(got, left, "{total}/{done} {recent:?}"),
            }
        }
    }

    #[test]
    fn the_share_done_moves_per_step() {
        assert_eq!(steps(26, 0, &[]).fraction(), 0.0);
        assert_eq!(steps(26, 13, &[]).fraction(), 0.5);
        assert_eq!(steps(4, 1, &[]).fraction(), 0.25);
        assert_eq!(steps(4, 9, &[]).fraction(), 1.0);
        assert_eq!(steps(0, 0, &[]).fraction(), 0.0);
    }

    #[test]
    fn the_default_format_follows_the_device_and_the_weights() {
        let synthetic = WeightsSource::Synthetic;
        let gguf = WeightsSource::Path {
            path: "SmolLM2-135M.Q4_1.GGUF".into(),
        };
        let dir = WeightsSource::Path {
            path: "smollm2-safetensors".into(),
        };
        let cases = [
            (
                Device::Cpu,
                &synthetic,
                DefaultDtype::Format(WeightDtype::Q4_0),
            ),
            (
                Device::Cuda(0),
                &synthetic,
                DefaultDtype::Format(WeightDtype::Bf16),
            ),
            (Device::Cpu, &gguf, DefaultDtype::FileOwn),
            (Device::Cuda(1), &gguf, DefaultDtype::FileOwn),
            (Device::Cpu, &dir, DefaultDtype::Format(WeightDtype::Q4_0)),
            (
                Device::Cuda(0),
                &dir,
                DefaultDtype::Format(WeightDtype::Bf16),
            ),
        ];
        for (device, weights, expected) in cases {
            assert_eq!(
                default_dtype_for(device, weights),
                expected,
                "{device} {weights:?}"
            );
        }
    }
}
