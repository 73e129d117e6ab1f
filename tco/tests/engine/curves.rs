//! Worked numbers of the cost-against-volume curve and the Monte Carlo savings histogram.

use tco::curves::{volume_curve, CURVE_STEPS};

use crate::common::{close, scenario, WORKED_EXAMPLE};

/// The worked example: c = (500·2.5 + 200·10)/1e6 = $0.00325 a request on GPT-4o; one L4
/// replica costs G = 0.8·730 = $584 a month and serves C = 0.7·730·3600/(0.5·3) =
/// 1,226,400 requests, so the API costs as much as one replica at R* = 584/0.00325.
#[test]
fn api_and_self_hosted_cross_at_the_break_even() {
    let s = scenario(WORKED_EXAMPLE);
    let curve = volume_curve(&s);
    let break_even = 584.0 / 0.00325;
    assert!(close(
        tco::cost::break_even_requests(&s).expect("has one"),
        break_even
    ));
    // 61 log-spaced points plus the volume and the break-even themselves.
    assert_eq!(curve.len(), CURVE_STEPS as usize + 3);
    // A decade below the break-even to a decade above the 1M volume.
    assert!(close(curve[0].requests_per_month, break_even / 10.0));
    assert!(close(curve[curve.len() - 1].requests_per_month, 1e7));
    assert!(curve
        .windows(2)
        .all(|w| w[0].requests_per_month < w[1].requests_per_month));

    let at = |r: f64| {
        curve
            .iter()
            .find(|p| p.requests_per_month == r)
            .unwrap_or_else(|| panic!("{r} is on the curve"))
    };
    let cross = at(tco::cost::break_even_requests(&s).unwrap_or_default());
    assert!(close(cross.api_usd, 584.0));
    assert!(close(cross.self_hosted_usd, 584.0));
    let volume = at(1e6);
    assert!(close(volume.api_usd, 3250.0));
    assert!(close(volume.self_hosted_usd, 584.0));
    // Hybrid at 80 % share, 10 % escalated: one replica plus (0.2 + 0.08)·1M API calls.
    assert!(close(volume.hybrid_usd, 584.0 + 280_000.0 * 0.00325));
    for p in &curve {
        if p.requests_per_month < cross.requests_per_month {
            assert!(p.api_usd < p.self_hosted_usd, "{p:?}");
        } else {
            assert!(p.self_hosted_usd <= p.api_usd * (1.0 + 1e-12), "{p:?}");
        }
    }
}

#[test]
fn without_a_break_even_the_curve_spans_the_volume() {
    // A hosted SLM dearer than the LLM never breaks even.
    let s = scenario(
        r#"{"name": "dear SLM", "workload": {"requests_per_month": 20000, "input_tokens": 100, "output_tokens": 10},
            "llm": {"input_usd_per_mtok": 1, "output_usd_per_mtok": 2},
            "slm": {"serving": "api", "input_usd_per_mtok": 3, "output_usd_per_mtok": 4}}"#,
    );
    assert_eq!(tco::cost::break_even_requests(&s), None);
    let curve = volume_curve(&s);
    assert_eq!(curve.len(), CURVE_STEPS as usize + 2);
    assert!(close(curve[0].requests_per_month, 2000.0));
    assert!(close(curve[curve.len() - 1].requests_per_month, 200_000.0));
    let p = curve
        .iter()
        .find(|p| p.requests_per_month == 20_000.0)
        .expect("the volume is on the curve");
    assert!(close(p.api_usd, 20_000.0 * 120e-6));
    assert!(close(p.self_hosted_usd, 20_000.0 * 340e-6));
}

#[test]
fn zero_volume_falls_back_to_a_thousand_to_ten_million() {
    let s = scenario(&WORKED_EXAMPLE.replace("1000000", "0"));
    let curve = volume_curve(&s);
    // The break-even (179,692) still anchors the range; both ends a decade away.
    assert!(close(curve[0].requests_per_month, 584.0 / 0.00325 / 10.0));
    let flat = scenario(
        r#"{"name": "none", "workload": {"requests_per_month": 0, "input_tokens": 1, "output_tokens": 1},
            "llm": {"input_usd_per_mtok": 1},
            "slm": {"serving": "api", "input_usd_per_mtok": 2}}"#,
    );
    let curve = volume_curve(&flat);
    assert_eq!(curve.len(), CURVE_STEPS as usize + 1);
    assert!(close(curve[0].requests_per_month, 1e3));
    assert!(close(curve[CURVE_STEPS as usize].requests_per_month, 1e7));
    assert!(curve.iter().all(|p| p.api_usd.is_finite()
        && p.self_hosted_usd.is_finite()
        && p.hybrid_usd.is_finite()));
}

#[test]
fn savings_histogram_counts_every_draw() {
    let json = WORKED_EXAMPLE.replace(
        r#""routing""#,
        r#""uncertainty": {"draws": 2000, "seed": 7, "inputs": {
              "workload.requests_per_month": {"p10": 500000, "p90": 2000000},
              "slm.gpu_usd_per_hour": {"p10": 0.6, "p90": 1.2}}},
           "routing""#,
    );
    let s = scenario(&json);
    let u = tco::plan(&s).uncertainty.expect("uncertainty asked for");
    let bins = &u.hybrid_savings_histogram;
    assert_eq!(bins.len(), tco::uncertainty::HISTOGRAM_BINS);
    assert_eq!(bins.iter().map(|b| b.count).sum::<u32>(), 2000);
    assert!(bins.windows(2).all(|w| w[0].hi_usd == w[1].lo_usd));
    // The quantiles lie inside the histogram's span.
    let (lo, hi) = (bins[0].lo_usd, bins[bins.len() - 1].hi_usd);
    let q = u.hybrid_savings_usd;
    assert!(lo <= q.p10 && q.p10 <= q.p50 && q.p50 <= q.p90 && q.p90 <= hi);
    // Without uncertain inputs every draw is the base scenario: one bin holds them all.
    let fixed = scenario(
        &WORKED_EXAMPLE.replace(r#""routing""#, r#""uncertainty": {"draws": 50}, "routing""#),
    );
    let u = tco::plan(&fixed)
        .uncertainty
        .expect("uncertainty asked for");
    assert_eq!(u.hybrid_savings_histogram.len(), 1);
    assert_eq!(u.hybrid_savings_histogram[0].count, 50);
    assert!(close(
        u.hybrid_savings_histogram[0].lo_usd,
        u.hybrid_savings_usd.p50
    ));
}
