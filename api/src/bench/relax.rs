//! A benchmark that found no goodput (no concurrency met its SLO): the latency targets its
//! best point would have met, as "Relax the SLO to the measured figures" offers them.

use super::{BenchResult, Point, Slo};

/// Room above a measured p95 in a relaxed target: a rerun's p95 moves between runs (a few
/// per cent on an idle machine, more on a busy one), and a target set at exactly the
/// measured figure would fail half the reruns.
pub const HEADROOM: f64 = 1.25;

/// `x` rounded up to two significant figures (46.5 → 47, 1015 → 1100, 1.0375 → 1.1);
/// None for a figure that is not finite and > 0.
pub fn round_up_2sf(x: f64) -> Option<f64> {
    if !x.is_finite() || x <= 0.0 {
        return None;
    }
    let exponent = x.log10().floor() as i32 - 1;
    // Divide by a power of ten rather than multiply by its inverse, so 5.4 stays 5.4.
    let scaled = if exponent >= 0 {
        x / 10f64.powi(exponent)
    } else {
        x * 10f64.powi(-exponent)
    };
    // A figure already on the grid (80 × 1.25 = 100) stays; float noise below it does not
    // push it up a step.
    let up = (scaled - 1e-9).ceil();
    Some(if exponent >= 0 {
        up * 10f64.powi(exponent)
    } else {
        up / 10f64.powi(-exponent)
    })
}

/// The point a relaxed SLO is taken from: the lowest concurrency with both p95s measured
/// (the best TTFT and TPOT a sweep measures: a larger batch only waits longer).
pub fn best_point(points: &[Point]) -> Option<&Point> {
    points
        .iter()
        .filter(|p| p.ttft_ms_p95.is_finite() && p.tpot_ms_p95.is_finite())
        .min_by_key(|p| p.concurrency)
}

/// The SLO the best point would meet: each of its p95s × [`HEADROOM`], rounded up to two
/// significant figures, and never tighter than the target it relaxes (a met target stays).
pub fn relaxed_slo(points: &[Point], slo: Option<Slo>) -> Option<Slo> {
    let p = best_point(points)?;
    let relax = |measured: f64, old: Option<f64>| {
        let new = round_up_2sf(measured * HEADROOM)?;
        Some(old.filter(|o| o.is_finite()).map_or(new, |o| o.max(new)))
    };
    Some(Slo {
        ttft_ms: relax(p.ttft_ms_p95, slo.map(|s| s.ttft_ms))?,
        tpot_ms: relax(p.tpot_ms_p95, slo.map(|s| s.tpot_ms))?,
    })
}

impl BenchResult {
    /// Whether this is a finished benchmark without goodput because of its SLO: an SLO was
    /// given, points were measured, and none met it.
    pub fn missed_slo(&self) -> bool {
        self.goodput.is_none() && self.slo.is_some() && !self.points.is_empty()
    }

    /// The SLO "Relax the SLO to the measured figures" sets ([`relaxed_slo`]).
    pub fn relaxed_slo(&self) -> Option<Slo> {
        relaxed_slo(&self.points, self.slo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::Summary;

    fn point(concurrency: usize, ttft: f64, tpot: f64) -> Point {
        let s = Summary {
            p50: f64::NAN,
            p95: f64::NAN,
            min: f64::NAN,
            max: f64::NAN,
            spread: f64::NAN,
            samples: 0,
        };
        Point {
            concurrency,
            prefill_tokens_per_s: f64::NAN,
            decode_tokens_per_s: f64::NAN,
            ttft_ms_p50: f64::NAN,
            ttft_ms_p95: ttft,
            tpot_ms_p50: f64::NAN,
            tpot_ms_p95: tpot,
            ttft_ms: s,
            tpot_ms: s,
            peak_memory_bytes: None,
            decode_bytes_per_step: f64::NAN,
            decode_bandwidth_efficiency: None,
            prefill_mfu: None,
            meets_slo: Some(false),
            decode_fit: None,
            inter_token_ms: None,
        }
    }

    #[test]
    fn figures_round_up_to_two_significant_figures() {
        // measured × 1.25 → rounded up
        let cases = [
            (46.5, Some(47.0)),     // 37.2 ms × 1.25
            (1015.0, Some(1100.0)), // 812 ms × 1.25
            (100.0, Some(100.0)),   // 80 ms × 1.25: on the grid, stays
            (1.0375, Some(1.1)),    // 0.83 ms × 1.25
            (9.1375, Some(9.2)),    // 7.31 ms × 1.25
            (15431.25, Some(16000.0)),
            (0.0123, Some(0.013)),
            (0.0, None),
            (-3.0, None),
            (f64::NAN, None),
            (f64::INFINITY, None),
        ];
        for (x, expected) in cases {
            let got = round_up_2sf(x);
            match (got, expected) {
                (Some(g), Some(e)) => assert!((g - e).abs() < 1e-12, "{x}: {g} ≠ {e}"),
                _ => assert_eq!(got, expected, "{x}"),
            }
        }
    }

    #[test]
    fn the_relaxed_slo_is_the_best_points_p95s_with_headroom() {
        let old = Some(Slo {
            ttft_ms: 60_000.0,
            tpot_ms: 0.01,
        });
        // The lowest concurrency is the best point, whatever the order.
        let points = [point(2, 50.0, 12.0), point(1, 37.2, 7.31)];
        // TTFT met (60 s ≥ 47 ms): kept; TPOT 7.31 × 1.25 = 9.1375 → 9.2.
        assert_eq!(
            relaxed_slo(&points, old),
            Some(Slo {
                ttft_ms: 60_000.0,
                tpot_ms: 9.2
            })
        );
        // Both missed: both relaxed (812 → 1100, 0.83 → 1.1).
        let tight = Some(Slo {
            ttft_ms: 1.0,
            tpot_ms: 0.5,
        });
        assert_eq!(
            relaxed_slo(&[point(1, 812.0, 0.83)], tight),
            Some(Slo {
                ttft_ms: 1100.0,
                tpot_ms: 1.1
            })
        );
        // A point without both p95s is skipped; none usable: no relaxed SLO.
        assert_eq!(
            relaxed_slo(&[point(1, f64::NAN, 3.0), point(4, 80.0, 4.0)], tight),
            Some(Slo {
                ttft_ms: 100.0,
                tpot_ms: 5.0
            })
        );
        assert_eq!(relaxed_slo(&[point(1, f64::NAN, 3.0)], tight), None);
        assert_eq!(relaxed_slo(&[], tight), None);
    }
}
