//! Table-driven tests with hand-worked numbers (docs/cost-model.md), including the seeds'.

use tco::plan;

use crate::common::{self, assert_close, scenario, WORKED_EXAMPLE};

/// (case, scenario JSON, expected API cost per request, expected hybrid cost per request)
const PER_REQUEST: &[(&str, &str, f64, Option<f64>)] = &[
    (
        // Seed 002: GPT-4 at $0.03/1k input and $0.06/1k output, 1,000 tokens each way.
        "seed 002: GPT-4 at $30/$60 per Mtok, 1000 in / 1000 out",
        r#"{"name": "gpt-4", "workload": {"requests_per_month": 1000, "input_tokens": 1000, "output_tokens": 1000},
            "llm": {"input_usd_per_mtok": 30, "output_usd_per_mtok": 60},
            "slm": {"serving": "api", "input_usd_per_mtok": 0.1, "output_usd_per_mtok": 0.3},
            "routing": {"slm_share": 0}}"#,
        0.09,
        Some(0.09),
    ),
    (
        // Seed 002: Mistral 7B at $0.0001/1k input and $0.0003/1k output = $0.0004 per request.
        "seed 002: hosted Mistral 7B at $0.1/$0.3 per Mtok",
        r#"{"name": "mistral", "workload": {"requests_per_month": 1000, "input_tokens": 1000, "output_tokens": 1000},
            "llm": {"input_usd_per_mtok": 0.1, "output_usd_per_mtok": 0.3},
            "slm": {"serving": "api", "input_usd_per_mtok": 0.1, "output_usd_per_mtok": 0.3},
            "routing": {"slm_share": 1}}"#,
        0.0004,
        Some(0.0004),
    ),
    (
        // Seed 001: SLM triage at $0.001/query, 30 % forwarded to a $0.05 LLM call: $0.016 average.
        "seed 001: cascade, $0.001 SLM, 30 % escalate to $0.05 LLM",
        r#"{"name": "cascade", "workload": {"requests_per_month": 100000, "input_tokens": 0, "output_tokens": 0},
            "llm": {"usd_per_request": 0.05},
            "slm": {"serving": "api", "usd_per_request": 0.001},
            "routing": {"mode": "cascade", "escalation_rate": 0.3}}"#,
        0.05,
        Some(0.016),
    ),
    (
        // Half the 2,000 input tokens from the cache at GPT-4o's listed $1.25/Mtok:
        // (1000·2.5 + 1000·1.25 + 200·10)/1e6 = 0.00575.
        "GPT-4o from the bundled table, half the input cached",
        r#"{"name": "cached", "workload": {"requests_per_month": 10, "input_tokens": 2000, "output_tokens": 200, "cached_input_share": 0.5},
            "llm": {"model": "gpt-4o"},
            "slm": {"serving": "api", "usd_per_request": 0.001},
            "routing": {"slm_share": 0}}"#,
        0.00575,
        Some(0.00575),
    ),
    (
        // OpenAI caches prompts of 1,024 tokens or more: a 1,000-token prompt pays full
        // price, (1000·2.5 + 200·10)/1e6 = 0.0045, however much of it repeats.
        "GPT-4o, a prompt below OpenAI's caching minimum",
        r#"{"name": "short", "workload": {"requests_per_month": 10, "input_tokens": 1000, "output_tokens": 200, "cached_input_share": 0.5},
            "llm": {"model": "gpt-4o"},
            "slm": {"serving": "api", "usd_per_request": 0.001},
            "routing": {"slm_share": 0}}"#,
        0.0045,
        Some(0.0045),
    ),
    (
        // The same with the minimum typed as 0: (500·2.5 + 500·1.25 + 200·10)/1e6 = 0.003875.
        "GPT-4o, caching minimum typed as 0",
        r#"{"name": "typed minimum", "workload": {"requests_per_month": 10, "input_tokens": 1000, "output_tokens": 200, "cached_input_share": 0.5},
            "llm": {"model": "gpt-4o", "min_cached_input_tokens": 0},
            "slm": {"serving": "api", "usd_per_request": 0.001},
            "routing": {"slm_share": 0}}"#,
        0.003875,
        Some(0.003875),
    ),
    (
        // No traffic: cost per request is undefined, not zero and not NaN.
        "zero volume",
        r#"{"name": "idle", "workload": {"requests_per_month": 0, "input_tokens": 100, "output_tokens": 100},
            "llm": {"model": "gpt-4"},
            "slm": {"serving": "api", "usd_per_request": 0.001}}"#,
        f64::NAN,
        None,
    ),
];

#[test]
fn cost_per_request_matches_hand_worked_figures() {
    for &(case, json, api, hybrid) in PER_REQUEST {
        let result = plan(&scenario(json));
        match result.api.usd_per_request {
            Some(actual) => assert!(common::close(actual, api), "{case}: api {actual} != {api}"),
            None => assert!(api.is_nan(), "{case}: api cost per request missing"),
        }
        match (result.hybrid.usd_per_request, hybrid) {
            (Some(actual), Some(expected)) => {
                assert!(
                    common::close(actual, expected),
                    "{case}: hybrid {actual} != {expected}"
                )
            }
            (actual, expected) => assert_eq!(actual, expected, "{case}: hybrid"),
        }
    }
}

#[test]
fn worked_example_fleet_hybrid_break_even_and_roi() {
    let s = scenario(WORKED_EXAMPLE);
    let r = plan(&s);
    // c = (500·2.5 + 200·10)/1e6 = $0.00325; 1M requests → $3,250.
    assert_close!(r.api.monthly_usd, 3250.0);
    // t = 500/5000 + 200/500 = 0.5 s → μ = 2 req/s; λ = 1e6·3/(730·3600) = 1.1416 req/s;
    // λ/(μ·0.7) = 0.815 → 1 replica → 1 · $0.80 · 730 h = $584.
    assert_eq!(r.self_hosted.fleet.replicas, Some(1.0));
    assert_close!(r.self_hosted.capacity_requests_per_s.unwrap(), 2.0);
    assert_close!(r.self_hosted.monthly_usd, 584.0);
    // Router 0.8, escalation 0.1: SLM 800k on one replica ($584), LLM 200k + 80k at $0.00325.
    assert_close!(r.hybrid.slm_requests_per_month, 800_000.0);
    assert_close!(r.hybrid.llm_requests_per_month, 280_000.0);
    assert_close!(r.hybrid.monthly_usd, 584.0 + 910.0);
    // One replica serves C = 2·0.7·730·3600/3 = 1,226,400 requests a month; cC = 3,985.8 > G = 584,
    // (cC+F)/(cC−G) = 1.17 → last losing step J = 1 → R* = 584/0.00325.
    assert_close!(r.break_even.requests_per_month.unwrap(), 584.0 / 0.00325);
    assert_close!(
        r.break_even.tokens_per_month.unwrap(),
        584.0 / 0.00325 * 700.0
    );
    // ROI: savings $2,666/month against a $10,000 one-time cost → payback in month 4;
    // NPV at 10 %/yr over 36 months = −10,000 + 2,666 · 31.186458442218658.
    assert_eq!(r.roi.self_hosted.payback_month, Some(4));
    assert_close!(
        r.roi.self_hosted.npv_usd,
        -10_000.0 + 2666.0 * 31.186458442218658
    );
    assert_close!(
        r.roi.self_hosted.cumulative_savings_usd,
        2666.0 * 36.0 - 10_000.0
    );
    // Hybrid saves $1,756/month → payback in month 6.
    assert_eq!(r.roi.hybrid.payback_month, Some(6));
    assert_close!(
        r.roi.hybrid.cumulative_savings_usd,
        1756.0 * 36.0 - 10_000.0
    );
    assert_eq!(r.roi.hybrid.months.len(), 36);
}

#[test]
fn break_even_is_exact_on_the_staircase() {
    // Replica capacity C = 1,000,000 requests/month (t = 1 s, u = 1, k = 1, H = 1e6/3600),
    // G = $1,000/replica, API $0.0011/request: cC = 1,100, (cC+F)/(cC−G) = 11 with F = 0,
    // so steps 1..10 lose somewhere and R* = 10·1000/0.0011 = 9,090,909.09…
    let json = |fixed: f64| {
        format!(
            r#"{{"name": "stairs", "workload": {{"requests_per_month": 1, "input_tokens": 0, "output_tokens": 10}},
            "llm": {{"usd_per_request": 0.0011}},
            "slm": {{"serving": "self_hosted", "gpu_usd_per_hour": 3.6, "prefill_tokens_per_s": 1,
                     "decode_tokens_per_s": 10, "target_utilization": 1, "hours_per_month": {h},
                     "fixed_usd_per_month": {fixed}}}}}"#,
            h = 1e6 / 3600.0
        )
    };
    let r = plan(&scenario(&json(0.0)));
    assert_close!(
        r.break_even.requests_per_month.unwrap(),
        10.0 * 1000.0 / 0.0011
    );
    // F = $500: (1100+500)/100 = 16 → J = 15 → R* = (15·1000 + 500)/0.0011.
    let r = plan(&scenario(&json(500.0)));
    assert_close!(
        r.break_even.requests_per_month.unwrap(),
        (15.0 * 1000.0 + 500.0) / 0.0011
    );
    // An API at $0.001 equals the fleet's marginal cost: no break-even.
    let equal = json(0.0).replace("0.0011", "0.001");
    assert_eq!(plan(&scenario(&equal)).break_even.requests_per_month, None);
}

#[test]
fn slm_api_reports_its_cost_and_no_replicas() {
    let r = plan(&scenario(
        r#"{"name": "hosted", "workload": {"requests_per_month": 1000, "input_tokens": 1000, "output_tokens": 1000},
            "llm": {"model": "gpt-4"},
            "slm": {"serving": "api", "model": "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct"}}"#,
    ));
    assert_eq!(r.self_hosted.serving, "api");
    assert_eq!(r.self_hosted.fleet.replicas, None);
    // (1000·0.03 + 1000·0.05)/1e6 · 1000 requests = $0.08.
    assert_close!(r.self_hosted.monthly_usd, 0.08);
    assert_eq!(r.break_even.requests_per_month, Some(0.0));
    assert_eq!(
        r.prices.slm.unwrap().model.as_deref(),
        Some("deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct")
    );
}

#[test]
fn routing_curve_finds_the_cheapest_share_that_meets_quality() {
    // SLM API $0.001, LLM $0.01, no escalation: cost falls with share, quality too.
    // Quality(s) = 0.7s + 0.9(1−s) >= 0.85 ⇔ s <= 0.25.
    let r = plan(&scenario(
        r#"{"name": "q", "workload": {"requests_per_month": 1000, "input_tokens": 0, "output_tokens": 0},
            "llm": {"usd_per_request": 0.01},
            "slm": {"serving": "api", "usd_per_request": 0.001},
            "routing": {"slm_share": 0.5, "slm_quality": 0.7, "llm_quality": 0.9, "min_quality": 0.85}}"#,
    ));
    assert_eq!(r.routing_curve.len(), 101);
    assert_eq!(r.routing_best_slm_share, Some(0.25));
    assert_close!(r.hybrid.quality.unwrap(), 0.8);
    assert!(r.routing_curve[26..].iter().all(|p| !p.meets_min_quality));
}

#[test]
fn sensitivity_is_sorted_by_swing_and_skips_whole_numbers() {
    let r = plan(&scenario(WORKED_EXAMPLE));
    assert!(!r.sensitivity.is_empty());
    assert!(r
        .sensitivity
        .windows(2)
        .all(|w| w[0].swing_usd >= w[1].swing_usd));
    assert!(r
        .sensitivity
        .iter()
        .all(|row| row.field != "slm.min_replicas" && row.field != "slm.gpus_per_replica"));
    // Volume moves savings most here: ±20 % of 1M requests at $0.00325 on 280k LLM requests.
    let volume = r
        .sensitivity
        .iter()
        .find(|row| row.field == "workload.requests_per_month")
        .unwrap();
    assert_close!(volume.low_value, 800_000.0);
    assert_close!(volume.high_value, 1_200_000.0);
}
