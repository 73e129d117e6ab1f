//! proptest invariants of the engine.

use proptest::prelude::*;
use tco::cost::{api_usd_per_request, break_even_requests, hybrid_cost, slm_cost};
use tco::scenario::{Scenario, SlmServing};
use tco::{plan, Format};

fn scenario_strategy() -> impl Strategy<Value = Scenario> {
    let workload = (
        0.0..1e9f64,
        0.0..5000.0f64,
        0.0..2000.0f64,
        0.0..=1.0f64,
        1.0..10.0f64,
    );
    let llm = (0.0..60.0f64, 0.0..120.0f64, 0.0..0.05f64);
    let fleet = (
        0.05..40.0f64,
        1u32..8,
        10.0..1e6f64,
        1.0..1e5f64,
        0.05..=1.0f64,
        1u32..4,
        0.0..5000.0f64,
    );
    let routing = (0.0..=1.0f64, 0.0..=1.0f64, 0.0..0.01f64, any::<bool>());
    (workload, llm, fleet, routing).prop_map(|(w, l, f, r)| {
        let json = format!(
            r#"{{"name": "prop",
              "workload": {{"requests_per_month": {}, "input_tokens": {}, "output_tokens": {}, "cached_input_share": {}, "peak_to_average": {}}},
              "llm": {{"input_usd_per_mtok": {}, "output_usd_per_mtok": {}, "usd_per_request": {}}},
              "slm": {{"serving": "self_hosted", "gpu_usd_per_hour": {}, "gpus_per_replica": {}, "prefill_tokens_per_s": {},
                       "decode_tokens_per_s": {}, "target_utilization": {}, "min_replicas": {}, "fixed_usd_per_month": {}}},
              "routing": {{"mode": "{}", {} "escalation_rate": {}, "router_usd_per_request": {}}},
              "finance": {{"horizon_months": 12}}}}"#,
            w.0, w.1, w.2, w.3, w.4, l.0, l.1, l.2, f.0, f.1, f.2, f.3, f.4, f.5, f.6,
            if r.3 { "cascade" } else { "router" },
            if r.3 { String::new() } else { format!(r#""slm_share": {},"#, r.0) },
            r.1, r.2
        );
        tco::parse_scenario(&json, Format::Json, pricing::bundled_table()).expect("generated scenarios are valid")
    })
}

fn api_monthly(s: &Scenario, requests: f64) -> f64 {
    requests * api_usd_per_request(s)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn router_with_no_slm_share_is_the_api(s in scenario_strategy()) {
        let r = s.workload.requests_per_month;
        let h = hybrid_cost(&s, r, 0.0);
        prop_assert_eq!(h.monthly_usd, api_monthly(&s, r));
    }

    #[test]
    fn all_traffic_on_the_slm_without_escalation_is_the_slm(mut s in scenario_strategy()) {
        s.routing.escalation_rate = 0.0;
        let r = s.workload.requests_per_month;
        prop_assert_eq!(hybrid_cost(&s, r, 1.0).monthly_usd, slm_cost(&s, r).monthly_usd);
    }

    #[test]
    fn costs_never_decrease_with_volume(s in scenario_strategy(), a in 0.0..1e10f64, b in 0.0..1e10f64) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let share = s.routing.effective_slm_share();
        prop_assert!(api_monthly(&s, lo) <= api_monthly(&s, hi));
        prop_assert!(slm_cost(&s, lo).monthly_usd <= slm_cost(&s, hi).monthly_usd);
        prop_assert!(hybrid_cost(&s, lo, share).monthly_usd <= hybrid_cost(&s, hi, share).monthly_usd);
    }

    #[test]
    fn api_is_never_cheaper_beyond_break_even(s in scenario_strategy(), factors in prop::collection::vec(1.0..50.0f64, 1..20)) {
        if let Some(r_star) = break_even_requests(&s) {
            for f in factors {
                let r = r_star * f;
                let own = slm_cost(&s, r).monthly_usd;
                let api = api_monthly(&s, r);
                prop_assert!(own <= api * (1.0 + 1e-9), "at {} requests: self-hosted {} > api {}", r, own, api);
            }
            // Just below R*, on the same replica step, the API is cheaper (R* is the smallest
            // such volume). The losing stretch of that step can be very short, so the probe is
            // 1e-12 relative and skipped when it falls onto the step below.
            let below = r_star * (1.0 - 1e-12);
            let same_step = slm_cost(&s, below).monthly_usd == slm_cost(&s, r_star).monthly_usd;
            if r_star > 0.0 && same_step {
                prop_assert!(slm_cost(&s, below).monthly_usd > api_monthly(&s, below));
            }
        } else if let SlmServing::SelfHosted(_) = s.slm.serving {
            // No break-even: somewhere far out the API is still cheaper, or the marginal cost never drops below.
            let c = api_usd_per_request(&s);
            let fleet = match &s.slm.serving { SlmServing::SelfHosted(f) => *f, SlmServing::Api(_) => unreachable!() };
            let model = tco::cost::fleet_model(&s, &fleet, 1.0);
            let marginal = model.cost_bounds(&s.traffic()).iter().map(|b| b.slope).fold(f64::INFINITY, f64::min);
            prop_assert!(marginal >= c);
        }
    }

    #[test]
    fn every_figure_is_finite(s in scenario_strategy()) {
        let r = plan(&s);
        let figures = [r.api.monthly_usd, r.self_hosted.monthly_usd, r.hybrid.monthly_usd,
                       r.roi.self_hosted.npv_usd, r.roi.hybrid.npv_usd, r.roi.hybrid.cumulative_savings_usd];
        prop_assert!(figures.iter().all(|v| v.is_finite()), "{:?}", figures);
        prop_assert!(r.routing_curve.iter().all(|p| p.monthly_usd.is_finite()));
        prop_assert!(r.sensitivity.iter().all(|row| row.swing_usd.is_finite()));
    }
}

#[test]
fn same_seed_same_monte_carlo() {
    let json = r#"{"name": "mc", "workload": {"requests_per_month": 2000000, "input_tokens": 500, "output_tokens": 200, "peak_to_average": 2},
      "llm": {"model": "gpt-4o-mini"},
      "slm": {"serving": "self_hosted", "gpu_usd_per_hour": 0.8, "prefill_tokens_per_s": 5000, "decode_tokens_per_s": 500},
      "uncertainty": {"draws": 2000, "seed": 7, "inputs": {
        "workload.requests_per_month": {"p10": 500000, "p90": 5000000},
        "slm.decode_tokens_per_s": {"p10": 300, "p90": 900},
        "routing.escalation_rate": {"p10": 0.05, "p90": 0.3}}}}"#;
    let s = tco::parse_scenario(json, Format::Json, pricing::bundled_table()).unwrap();
    let a = plan(&s).uncertainty.unwrap();
    let b = plan(&s).uncertainty.unwrap();
    assert_eq!(a, b);
    let p = a.probability_cheapest;
    assert!(((p.api + p.self_hosted + p.hybrid) - 1.0).abs() < 1e-9);
    assert!(
        a.api_monthly_usd.p10 < a.api_monthly_usd.p50
            && a.api_monthly_usd.p50 < a.api_monthly_usd.p90
    );
    // The API's cost is proportional to the volume drawn: its median is the volume's,
    // the geometric mean of 0.5M and 5M (±3 % sampling error at 2,000 draws).
    let c = 500.0 * 0.15e-6 + 200.0 * 0.6e-6;
    let expected_median = (500_000.0f64 * 5_000_000.0).sqrt() * c;
    assert!(
        (a.api_monthly_usd.p50 / expected_median - 1.0).abs() < 0.03,
        "{:?}",
        a.api_monthly_usd
    );
    // Growth moves the NPV range. Here self-hosting costs more per request at the margin
    // ($584 per 1.84M requests vs GPT-4o-mini's $0.000195), so growth makes its worst case worse.
    let mut growing = s.clone();
    growing.uncertainty.as_mut().unwrap().inputs.insert(
        "workload.monthly_growth".into(),
        tco::scenario::QuantileRange { p10: 0.0, p90: 0.1 },
    );
    let g = plan(&growing).uncertainty.unwrap();
    assert!(
        g.self_hosted_npv_usd.p10 < a.self_hosted_npv_usd.p10,
        "{:?} vs {:?}",
        g.self_hosted_npv_usd,
        a.self_hosted_npv_usd
    );
    let mut other_seed = s.clone();
    other_seed.uncertainty.as_mut().unwrap().seed = 8;
    assert_ne!(plan(&other_seed).uncertainty.unwrap(), a);
}
