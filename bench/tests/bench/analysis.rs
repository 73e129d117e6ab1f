//! Worked numbers for the figures derived from samples, and properties the goodput rule and the
//! summaries must keep on any input.

use bench::analysis::{
    bandwidth_efficiency, decode_bytes_per_step, goodput, max_concurrency_in_memory, meets_slo,
    mfu, projected_decode_tokens_per_s, summarize,
};
use bench::{Point, Slo, Summary};
use proptest::prelude::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn summarize_worked_examples() {
    struct Case {
        samples: &'static [f64],
        p50: f64,
        p95: f64,
        min: f64,
        max: f64,
        spread: f64,
    }
    let cases = [
        // Odd count: sorted 1..5, median 3; ⌈0.95 × 5⌉ = 5 → 5; spread (5 − 1) / 3.
        Case {
            samples: &[5.0, 1.0, 3.0, 2.0, 4.0],
            p50: 3.0,
            p95: 5.0,
            min: 1.0,
            max: 5.0,
            spread: 4.0 / 3.0,
        },
        // Even count: median (2 + 3) / 2; ⌈0.95 × 4⌉ = 4 → 10; spread 9 / 2.5.
        Case {
            samples: &[10.0, 2.0, 3.0, 1.0],
            p50: 2.5,
            p95: 10.0,
            min: 1.0,
            max: 10.0,
            spread: 9.0 / 2.5,
        },
        // One sample: everything is that sample, no spread.
        Case {
            samples: &[7.5],
            p50: 7.5,
            p95: 7.5,
            min: 7.5,
            max: 7.5,
            spread: 0.0,
        },
        // Twenty samples 1..=20: median (10 + 11) / 2; ⌈0.95 × 20⌉ = 19 → 19, not the max.
        Case {
            samples: &[
                20.0, 19.0, 18.0, 17.0, 16.0, 15.0, 14.0, 13.0, 12.0, 11.0, 10.0, 9.0, 8.0, 7.0,
                6.0, 5.0, 4.0, 3.0, 2.0, 1.0,
            ],
            p50: 10.5,
            p95: 19.0,
            min: 1.0,
            max: 20.0,
            spread: 19.0 / 10.5,
        },
        // 21 samples 1..=21: ⌈0.95 × 21⌉ = ⌈19.95⌉ = 20 → 20.
        Case {
            samples: &[
                1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0,
                16.0, 17.0, 18.0, 19.0, 20.0, 21.0,
            ],
            p50: 11.0,
            p95: 20.0,
            min: 1.0,
            max: 21.0,
            spread: 20.0 / 11.0,
        },
        // Median 0: spread is defined as 0, not a division by zero.
        Case {
            samples: &[0.0, 0.0, 4.0],
            p50: 0.0,
            p95: 4.0,
            min: 0.0,
            max: 4.0,
            spread: 0.0,
        },
    ];
    for case in cases {
        let s = summarize(case.samples).expect("finite samples summarise");
        assert_eq!(
            s,
            Summary {
                p50: case.p50,
                p95: case.p95,
                min: case.min,
                max: case.max,
                spread: s.spread,
                samples: case.samples.len(),
            },
            "{:?}",
            case.samples
        );
        assert!(
            close(s.spread, case.spread),
            "{:?}: spread {}",
            case.samples,
            s.spread
        );
    }
}

#[test]
fn summarize_refuses_empty_and_non_finite_input() {
    assert_eq!(summarize(&[]), None);
    assert_eq!(summarize(&[1.0, f64::NAN, 3.0]), None);
    assert_eq!(summarize(&[f64::INFINITY]), None);
    assert_eq!(summarize(&[1.0, f64::NEG_INFINITY]), None);
}

fn point(concurrency: usize, ttft_p95: f64, tpot_p95: f64, decode: f64) -> Point {
    let summary = |v: f64| Summary {
        p50: v,
        p95: v,
        min: v,
        max: v,
        spread: 0.0,
        samples: 5,
    };
    Point {
        concurrency,
        prefill_tokens_per_s: 1000.0 * concurrency as f64,
        decode_tokens_per_s: decode,
        ttft_ms_p50: ttft_p95,
        ttft_ms_p95: ttft_p95,
        tpot_ms_p50: tpot_p95,
        tpot_ms_p95: tpot_p95,
        ttft_ms: summary(ttft_p95),
        tpot_ms: summary(tpot_p95),
        peak_memory_bytes: None,
        decode_bytes_per_step: 0.0,
        decode_bandwidth_efficiency: None,
        prefill_mfu: None,
        meets_slo: None,
        inter_token_ms: None,
        decode_fit: None,
    }
}

const SLO: Slo = Slo {
    ttft_ms: 500.0,
    tpot_ms: 50.0,
};

#[test]
fn goodput_picks_the_largest_concurrency_that_meets_the_slo() {
    // Met at 1, 2, 4; TPOT breaks at 8 → 4.
    let sweep = [
        point(1, 100.0, 10.0, 100.0),
        point(2, 150.0, 12.0, 180.0),
        point(4, 300.0, 20.0, 320.0),
        point(8, 450.0, 60.0, 500.0),
    ];
    let g = goodput(&sweep, Some(&SLO)).unwrap();
    assert_eq!(g.concurrency, 4);
    assert_eq!(g.decode_tokens_per_s, 320.0);
    assert_eq!(g.prefill_tokens_per_s, 4000.0);
    assert!(
        g.reason.contains("500 ms") && g.reason.contains("50 ms"),
        "{}",
        g.reason
    );
    assert!(g.reason.contains("concurrency 4"), "{}", g.reason);

    // Met at 1 and 4, a noisy miss at 2 (TTFT): still 4, the largest that meets.
    let noisy = [
        point(1, 100.0, 10.0, 100.0),
        point(2, 700.0, 12.0, 180.0),
        point(4, 400.0, 20.0, 320.0),
    ];
    assert_eq!(goodput(&noisy, Some(&SLO)).unwrap().concurrency, 4);

    // At the limit exactly counts as meeting.
    let edge = [point(16, 500.0, 50.0, 900.0)];
    assert_eq!(goodput(&edge, Some(&SLO)).unwrap().concurrency, 16);

    // Nothing meets → None; no points → None.
    let none = [point(1, 900.0, 10.0, 100.0), point(2, 100.0, 90.0, 180.0)];
    assert_eq!(goodput(&none, Some(&SLO)), None);
    assert_eq!(goodput(&[], Some(&SLO)), None);

    // A NaN latency never meets.
    let nan = [point(1, f64::NAN, 10.0, 100.0)];
    assert_eq!(goodput(&nan, Some(&SLO)), None);
    assert!(!meets_slo(&nan[0], &SLO));
}

#[test]
fn goodput_without_an_slo_takes_the_highest_decode_throughput() {
    let sweep = [
        point(1, 100.0, 10.0, 100.0),
        point(8, 2000.0, 90.0, 640.0),
        point(16, 4000.0, 150.0, 600.0),
    ];
    let g = goodput(&sweep, None).unwrap();
    assert_eq!(g.concurrency, 8);
    assert_eq!(g.decode_tokens_per_s, 640.0);
    assert!(g.reason.starts_with("no SLO given"), "{}", g.reason);

    // Ties go to the smaller concurrency; NaN throughputs are skipped.
    let tie = [
        point(4, 1.0, 1.0, 500.0),
        point(2, 1.0, 1.0, 500.0),
        point(8, 1.0, 1.0, f64::NAN),
    ];
    assert_eq!(goodput(&tie, None).unwrap().concurrency, 2);
    assert_eq!(goodput(&[], None), None);
    assert_eq!(goodput(&[point(1, 1.0, 1.0, f64::NAN)], None), None);
}

#[test]
fn decode_bytes_are_weights_once_plus_every_sequences_cache() {
    // 1 GB of weights, 100 KB per token, 8 sequences at 1000 tokens: 1e9 + 8 × 1e5 × 1e3.
    assert_eq!(decode_bytes_per_step(1e9, 1e5, 8, 1000.0), 1.8e9);
    assert_eq!(decode_bytes_per_step(1e9, 1e5, 0, 1000.0), 1e9);
}

#[test]
fn bandwidth_efficiency_worked_example() {
    // 2 GB per step at 1 TB/s is 2 ms at the roofline; measured 4 ms → 0.5.
    assert_eq!(bandwidth_efficiency(2e9, 1e12, 0.004), Some(0.5));
    assert_eq!(bandwidth_efficiency(0.0, 1e12, 0.004), None);
    assert_eq!(bandwidth_efficiency(2e9, -1.0, 0.004), None);
    assert_eq!(bandwidth_efficiency(2e9, 1e12, 0.0), None);
    assert_eq!(bandwidth_efficiency(f64::NAN, 1e12, 0.004), None);
    assert_eq!(bandwidth_efficiency(2e9, f64::INFINITY, 0.004), None);
}

#[test]
fn mfu_worked_example() {
    // 1e14 FLOPs in 1 s on a 4e14 FLOP/s part → 0.25.
    assert_eq!(mfu(1e14, 1.0, 4e14), Some(0.25));
    assert_eq!(mfu(1e14, 0.0, 4e14), None);
    assert_eq!(mfu(1e14, 1.0, 0.0), None);
    assert_eq!(mfu(f64::NAN, 1.0, 4e14), None);
}

#[test]
fn kv_fit_worked_example() {
    // 80 GiB = 85,899,345,920 B; less the 10 % reserve: 77,309,411,328 B.
    // Less 15 GB of weights: 62,309,411,328 B for KV.
    // One sequence at 640 tokens × 131,072 B/token = 83,886,080 B.
    // 62,309,411,328 / 83,886,080 = 742.78… → 742
    // (742 × 83,886,080 = 62,243,471,360 fits; 743 × … = 62,327,357,440 does not).
    let gib80 = 80.0 * 1024.0 * 1024.0 * 1024.0;
    assert_eq!(
        max_concurrency_in_memory(gib80, 15e9, 131_072.0, 640, 0.10),
        742
    );
    // Exactly at the budget counts: budget 1000, weights 200, 100 per sequence → 8.
    assert_eq!(max_concurrency_in_memory(1000.0, 200.0, 10.0, 10, 0.0), 8);
    // Weights alone do not fit → 0.
    assert_eq!(max_concurrency_in_memory(1000.0, 950.0, 1.0, 10, 0.10), 0);
    // Nonsense inputs → 0.
    assert_eq!(max_concurrency_in_memory(f64::NAN, 1.0, 1.0, 10, 0.1), 0);
    assert_eq!(max_concurrency_in_memory(1000.0, -1.0, 1.0, 10, 0.1), 0);
    assert_eq!(max_concurrency_in_memory(1000.0, 1.0, 1.0, 10, 1.0), 0);
    assert_eq!(max_concurrency_in_memory(0.0, 0.0, 1.0, 10, 0.1), 0);
    // A sequence that needs no memory: memory sets no limit.
    assert_eq!(
        max_concurrency_in_memory(1000.0, 1.0, 0.0, 10, 0.1),
        usize::MAX
    );
    assert_eq!(
        max_concurrency_in_memory(1000.0, 1.0, 1.0, 0, 0.1),
        usize::MAX
    );
}

#[test]
fn projection_worked_example() {
    // 2 GB per step on a 3.35 TB/s GPU at 0.8 efficiency: a step takes 2e9 / 2.68e12 s;
    // 4 sequences → 4 × 1340 = 5360 tokens/s.
    let t = projected_decode_tokens_per_s(2e9, 3.35e12, 0.8, 4).unwrap();
    assert!(close(t, 5360.0), "{t}");
    assert_eq!(projected_decode_tokens_per_s(2e9, 3.35e12, 0.8, 0), None);
    assert_eq!(projected_decode_tokens_per_s(0.0, 3.35e12, 0.8, 1), None);
    assert_eq!(projected_decode_tokens_per_s(2e9, 3.35e12, 0.0, 1), None);
    assert_eq!(projected_decode_tokens_per_s(2e9, f64::NAN, 0.8, 1), None);
}

fn any_latency() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => 0.0..1000.0f64,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
    ]
}

fn any_point() -> impl Strategy<Value = Point> {
    (1usize..64, any_latency(), any_latency(), any::<f64>())
        .prop_map(|(c, ttft, tpot, decode)| point(c, ttft, tpot, decode))
}

proptest! {
    #[test]
    fn goodput_point_meets_the_slo_and_no_larger_one_does(
        points in prop::collection::vec(any_point(), 0..12),
        ttft in any_latency(),
        tpot in any_latency(),
    ) {
        let slo = Slo { ttft_ms: ttft, tpot_ms: tpot };
        match goodput(&points, Some(&slo)) {
            Some(g) => {
                prop_assert!(points
                    .iter()
                    .any(|p| p.concurrency == g.concurrency && meets_slo(p, &slo)));
                prop_assert!(!points
                    .iter()
                    .any(|p| p.concurrency > g.concurrency && meets_slo(p, &slo)));
            }
            None => prop_assert!(!points.iter().any(|p| meets_slo(p, &slo))),
        }
        // Without an SLO it never panics, and picks a point present in the sweep.
        if let Some(g) = goodput(&points, None) {
            prop_assert!(points.iter().any(|p| p.concurrency == g.concurrency));
            prop_assert!(points
                .iter()
                .all(|p| p.decode_tokens_per_s.is_nan() || p.decode_tokens_per_s <= g.decode_tokens_per_s));
        }
    }

    #[test]
    fn summaries_are_ordered_and_never_panic(samples in prop::collection::vec(any::<f64>(), 0..40)) {
        match summarize(&samples) {
            None => prop_assert!(samples.is_empty() || samples.iter().any(|s| !s.is_finite())),
            Some(s) => {
                prop_assert_eq!(s.samples, samples.len());
                prop_assert!(s.min <= s.p50 && s.p50 <= s.max);
                prop_assert!(s.min <= s.p95 && s.p95 <= s.max);
                prop_assert!(samples.contains(&s.p95));
                prop_assert!(s.spread >= 0.0 || s.spread.is_nan());
            }
        }
    }

    #[test]
    fn roofline_helpers_never_panic(
        a in any::<f64>(), b in any::<f64>(), c in any::<f64>(), d in any::<f64>(),
        n in any::<usize>(), reserve in any::<f64>(),
    ) {
        let _ = decode_bytes_per_step(a, b, n, c);
        prop_assert!(bandwidth_efficiency(a, b, c).is_none_or(|e| e.is_finite() && e > 0.0));
        prop_assert!(mfu(a, b, c).is_none_or(|m| m.is_finite() && m > 0.0));
        prop_assert!(projected_decode_tokens_per_s(a, b, c, n).is_none_or(|t| t.is_finite() && t > 0.0));
        let fit = max_concurrency_in_memory(a, b, c, n % 100_000, reserve);
        // Whatever fits satisfies the inequality it promises.
        if fit > 0 && fit < usize::MAX {
            let per = c * (n % 100_000) as f64;
            prop_assert!(b + fit as f64 * per <= a * (1.0 - reserve));
        }
        let _ = d;
    }
}
