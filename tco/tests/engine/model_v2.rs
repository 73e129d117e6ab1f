//! Cost model v2 at the scenario level, every figure worked by hand (docs/cost-model.md):
//! people, token ratio, prefix caching, the API's caching minimum, cache writes, batch
//! prices, reasoning tokens, price trends, owned GPUs paid in cash, hourly scaling over a
//! weekday shape, spot, whole instances, the quality floor and the Monte Carlo streams.

use tco::quality::Choice;
use tco::{plan, PlanResult};

use crate::common::{assert_close, scenario};

/// The worked example (GPT-4o at $0.00325 a request; one replica serves
/// C = 0.7·730·3600/(0.5·3) = 1,226,400 requests a month for $0.80 × 730 = $584) with
/// extra keys in `slm` and `workload`.
fn worked(slm_extra: &str, workload_extra: &str) -> PlanResult {
    plan(&scenario(&format!(
        r#"{{"name": "v2", "workload": {{"requests_per_month": 1000000, "input_tokens": 500,
              "output_tokens": 200, "peak_to_average": 3 {workload_extra}}},
            "llm": {{"model": "gpt-4o"}},
            "slm": {{"serving": "self_hosted", "gpu_usd_per_hour": 0.8, "prefill_tokens_per_s": 5000,
              "decode_tokens_per_s": 500, "one_time_usd": 10000 {slm_extra}}},
            "routing": {{"slm_share": 0.8, "escalation_rate": 0.1}}}}"#
    )))
}

#[test]
fn a_quarter_of_an_engineer_moves_the_break_even_to_1_5m() {
    // 0.25 × $180,000 / 12 = $3,750 a month. B = (c·C + F)/(c·C − G)
    // = (3985.8 + 3750)/(3985.8 − 584) = 2.274, so the last losing step is J = 2:
    // R* = (2·584 + 3750)/0.00325 = 1,513,230.77.
    let r = worked(r#", "ops_fte": 0.25, "fte_usd_per_year": 180000"#, "");
    assert_close!(r.break_even.requests_per_month.unwrap(), 4918.0 / 0.00325);
    assert_close!(r.self_hosted.monthly_usd, 584.0 + 3750.0);
    let b = r.self_hosted.fleet.breakdown.unwrap();
    assert_close!(b.ops_usd, 3750.0);
    assert_close!(b.reserved_usd + b.on_demand_usd, 584.0);
    assert!(r.warnings.iter().all(|w| w.code != "no_people_cost"));
    // Without people the result says so.
    let r = worked("", "");
    assert!(r
        .warnings
        .iter()
        .any(|w| w.code == "no_people_cost" && w.field == "slm.ops_fte"));
    assert_eq!(r.model_version, 2);
}

#[test]
fn the_token_ratio_scales_the_slm_tokens() {
    // τ = 1.2: t = 1.2·(500/5000 + 200/500) = 0.6 s, C = 0.7·730·3600/(0.6·3) = 1,022,000;
    // 1.1M requests need ⌈1.1e6/1,022,000⌉ = 2 replicas (1 at τ = 1: C = 1,226,400).
    let at = |ratio: &str| {
        plan(&scenario(&format!(
            r#"{{"name": "tau", "workload": {{"requests_per_month": 1100000, "input_tokens": 500,
                  "output_tokens": 200, "peak_to_average": 3}},
                "llm": {{"model": "gpt-4o"}},
                "slm": {{"serving": "self_hosted", "gpu_usd_per_hour": 0.8,
                  "prefill_tokens_per_s": 5000, "decode_tokens_per_s": 500 {ratio}}}}}"#
        )))
    };
    assert_eq!(at("").self_hosted.fleet.replicas, Some(1.0));
    let r = at(r#", "token_ratio": 1.2"#);
    assert_eq!(r.self_hosted.fleet.replicas, Some(2.0));
    assert_close!(r.self_hosted.capacity_requests_per_s.unwrap(), 1.0 / 0.6);
    assert_close!(r.self_hosted.monthly_usd, 2.0 * 584.0);
}

#[test]
fn prefix_caching_spares_the_cached_prefill() {
    // κ = 0.5: t = 500·0.5/5000 + 200/500 = 0.45 s with prefix caching, 0.5 s without.
    let r = worked("", r#", "cached_input_share": 0.5"#);
    assert_close!(r.self_hosted.capacity_requests_per_s.unwrap(), 1.0 / 0.45);
    let r = worked(
        r#", "prefix_caching": false"#,
        r#", "cached_input_share": 0.5"#,
    );
    assert_close!(r.self_hosted.capacity_requests_per_s.unwrap(), 1.0 / 0.5);
}

/// The API's cost per request for a workload and an `llm` section.
fn api_per_request(workload: &str, llm: &str) -> f64 {
    plan(&scenario(&format!(
        r#"{{"name": "api", "workload": {{"requests_per_month": 10 {workload}}},
            "llm": {llm},
            "slm": {{"serving": "api", "usd_per_request": 0.001}}, "routing": {{"slm_share": 0}}}}"#
    )))
    .api
    .usd_per_request
    .unwrap()
}

#[test]
fn api_prices_cache_writes_batches_and_reasoning() {
    let cases: &[(&str, &str, &str, f64)] = &[
        (
            // Cache writes at $3.125/Mtok: (2000·0.3·2.5 + 2000·0.5·1.25 + 2000·0.2·3.125
            // + 200·10)/1e6 = (1500 + 1250 + 1250 + 2000)/1e6.
            "cache writes",
            r#", "input_tokens": 2000, "output_tokens": 200, "cached_input_share": 0.5, "cache_write_share": 0.2"#,
            r#"{"model": "gpt-4o", "cache_write_usd_per_mtok": 3.125}"#,
            0.006,
        ),
        (
            // Claude Sonnet 4.5 lists a $3.75 cache write, $0.30 cache read, and caches
            // from 1,024 tokens: (2000·0.3·3 + 2000·0.5·0.3 + 2000·0.2·3.75 + 200·15)/1e6.
            "listed cache-write price",
            r#", "input_tokens": 2000, "output_tokens": 200, "cached_input_share": 0.5, "cache_write_share": 0.2"#,
            r#"{"model": "claude-sonnet-4-5-20250929"}"#,
            (1800.0 + 300.0 + 1500.0 + 3000.0) / 1e6,
        ),
        (
            // Half the requests in batch at GPT-4o's $1.25/$5: c = (2000·2.5 + 200·10)/1e6
            // = 0.007, c_batch = (2000·1.25 + 200·5)/1e6 = 0.0035; a = 0.00525.
            "batch share",
            r#", "input_tokens": 2000, "output_tokens": 200, "batch_share": 0.5"#,
            r#"{"model": "gpt-4o"}"#,
            0.00525,
        ),
        (
            // 300 hidden reasoning tokens billed as output: (1000·1 + (200+300)·4)/1e6.
            "reasoning tokens",
            r#", "input_tokens": 1000, "output_tokens": 200"#,
            r#"{"input_usd_per_mtok": 1, "output_usd_per_mtok": 4, "reasoning_tokens": 300}"#,
            0.003,
        ),
    ];
    for &(case, workload, llm, expected) in cases {
        let got = api_per_request(workload, llm);
        assert!(
            crate::common::close(got, expected),
            "{case}: {got} != {expected}"
        );
    }
}

#[test]
fn batch_without_listed_batch_prices_warns() {
    let r = plan(&scenario(
        r#"{"name": "b", "workload": {"requests_per_month": 10, "input_tokens": 100, "output_tokens": 10, "batch_share": 0.3},
            "llm": {"input_usd_per_mtok": 1, "output_usd_per_mtok": 4},
            "slm": {"serving": "api", "usd_per_request": 0.001}}"#,
    ));
    assert!(r
        .warnings
        .iter()
        .any(|w| w.code == "batch_prices_missing" && w.field == "llm.batch_input_usd_per_mtok"));
    // Billed at the interactive prices: (100·1 + 10·4)/1e6.
    assert_close!(r.api.usd_per_request.unwrap(), 140.0 / 1e6);
}

#[test]
fn price_trends_move_month_by_month() {
    // The API 20 % cheaper a year: month 13 pays 0.8 × month 1. The rented GPU 10 % dearer.
    let r = plan(&scenario(
        r#"{"name": "trend", "workload": {"requests_per_month": 1000000, "input_tokens": 500, "output_tokens": 200, "peak_to_average": 3},
            "llm": {"model": "gpt-4o", "price_change_annual": -0.2},
            "slm": {"serving": "self_hosted", "gpu_usd_per_hour": 0.8, "prefill_tokens_per_s": 5000,
              "decode_tokens_per_s": 500, "price_change_annual": 0.1},
            "finance": {"horizon_months": 13}}"#,
    ));
    let months = &r.roi.self_hosted.months;
    assert_close!(months[0].api_usd, 3250.0);
    assert_close!(months[12].api_usd, 3250.0 * 0.8);
    assert_close!(months[12].option_usd, 584.0 * 1.1);
    // Month 7 is half a year in: × 0.8^0.5.
    assert_close!(months[6].api_usd, 3250.0 * 0.8f64.sqrt());
}

#[test]
fn owned_gpus_are_paid_when_bought_and_resold_at_the_end() {
    // One replica in month 1 (1M requests), two from month 2 (1.3M > C = 1,226,400).
    // $30,000 a GPU, 700 W × PUE 1.3 × $0.12/kWh = $0.1092/h: $79.716 a month a GPU.
    let r = plan(&scenario(
        r#"{"name": "owned", "workload": {"requests_per_month": 1000000, "input_tokens": 500, "output_tokens": 200,
              "peak_to_average": 3, "monthly_growth": 0.3},
            "llm": {"model": "gpt-4o"},
            "slm": {"serving": "self_hosted", "prefill_tokens_per_s": 5000, "decode_tokens_per_s": 500,
              "owned": {"purchase_usd": 30000, "amortisation_months": 36, "power_watts": 700, "pue": 1.3,
                        "electricity_usd_per_kwh": 0.12, "resale_share": 0.25}},
            "finance": {"horizon_months": 3, "discount_rate_annual": 0.1}}"#,
    ));
    let energy = 730.0 * 0.7 * 1.3 * 0.12;
    let roi = &r.roi.self_hosted;
    // Straight-line month 1: $30,000/36 + $79.716.
    assert_close!(r.self_hosted.monthly_usd, 30_000.0 / 36.0 + energy);
    assert_close!(roi.capex_month0_usd, 30_000.0);
    let m = &roi.months;
    assert_close!(m[0].savings_usd, 3250.0 - energy);
    assert_close!(m[1].capex_usd, 30_000.0);
    assert_close!(m[1].savings_usd, 4225.0 - 2.0 * energy - 30_000.0);
    // 25 % of both GPUs' price back in month 3.
    assert_close!(m[2].resale_usd, 0.25 * 2.0 * 30_000.0);
    assert_close!(m[2].savings_usd, 5492.5 - 2.0 * energy + 15_000.0);
    assert_close!(
        roi.cumulative_savings_usd,
        -30_000.0
            + (3250.0 - energy)
            + (4225.0 - 2.0 * energy - 30_000.0)
            + (5492.5 - 2.0 * energy + 15_000.0)
    );
    let v = 1.1f64.powf(1.0 / 12.0);
    let npv = -30_000.0 + (3250.0 - energy) / v - 30_000.0 / v
        + (4225.0 - 2.0 * energy) / v.powi(2)
        + (5492.5 - 2.0 * energy + 15_000.0) / v.powi(3);
    assert_close!(roi.npv_usd, npv);
    assert_eq!(roi.payback_month, None);
}

/// Every hour of Monday to Friday alike, nothing at the weekend.
const WEEKDAYS: &str = r#", "load_shape": [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1],
    "weekly_shape": [1, 1, 1, 1, 1, 0, 0]"#;

#[test]
fn hourly_scaling_over_weekdays_bills_only_the_weekday_hours() {
    // λ = 1e6·(1/120)·168/(730·3600) = 0.5327/s on weekdays: ⌈0.5327·0.5/0.7⌉ = 1 replica.
    let shaped = |slm: &str| {
        plan(&scenario(&format!(
            r#"{{"name": "week", "workload": {{"requests_per_month": 1000000, "input_tokens": 500,
                  "output_tokens": 200 {WEEKDAYS}}},
                "llm": {{"model": "gpt-4o"}},
                "slm": {{"serving": "self_hosted", "gpu_usd_per_hour": 0.8,
                  "prefill_tokens_per_s": 5000, "decode_tokens_per_s": 500 {slm}}}}}"#
        )))
    };
    let always = shaped("");
    assert_close!(always.self_hosted.monthly_usd, 584.0);
    let hourly = shaped(r#", "scaling": "hourly", "min_replicas": 0"#);
    // 120 weekday hours a week × 730/168 = 521.43 hours at $0.80 = $417.14.
    assert_close!(hourly.self_hosted.monthly_usd, 0.8 * 120.0 * 730.0 / 168.0);
    assert_eq!(hourly.self_hosted.fleet.schedule.len(), 168);
    assert_eq!(hourly.self_hosted.fleet.schedule[0].replicas, 1.0);
    assert_eq!(hourly.self_hosted.fleet.schedule[130].replicas, 0.0);
    let p = hourly.self_hosted.policies.unwrap();
    assert_close!(p.always_on_usd, 584.0);
    assert_close!(p.hourly_usd, 0.8 * 120.0 * 730.0 / 168.0);
    assert_close!(p.hourly_optimal_reserved_usd, 0.8 * 120.0 * 730.0 / 168.0);
    // The weekday peak is 168/120 = 1.4× the weekly mean.
    let s = scenario(&format!(
        r#"{{"name": "k", "workload": {{"requests_per_month": 1, "input_tokens": 1, "output_tokens": 1 {WEEKDAYS}}},
            "llm": {{"model": "gpt-4o"}}, "slm": {{"serving": "api", "usd_per_request": 0.001}}}}"#
    ));
    assert_close!(s.workload.peak_to_average, 1.4);
}

#[test]
fn the_plans_warnings_are_the_scenarios_when_the_break_even_search_ends() {
    // Spot burst, no people, batch requests on a row with batch prices: the plan warns
    // spot_reclaimable and no_people_cost, exactly tco::scenario_warnings (which the replay
    // of a trace reports too), in the same order; the break-even search ends well inside
    // its limit, so it adds nothing.
    let s = scenario(
        r#"{"name": "w", "workload": {"requests_per_month": 1000000, "input_tokens": 500,
              "output_tokens": 200, "peak_to_average": 3, "batch_share": 0.2},
            "llm": {"model": "gpt-4o"},
            "slm": {"serving": "self_hosted", "gpu_usd_per_hour": 0.8, "prefill_tokens_per_s": 5000,
              "decode_tokens_per_s": 500, "spot_share": 0.5, "spot_usd_per_hour": 0.3}}"#,
    );
    let r = plan(&s);
    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, ["spot_reclaimable", "no_people_cost"]);
    assert_eq!(r.warnings, tco::scenario_warnings(&s));
}

#[test]
fn spot_and_whole_instances_at_the_scenario_level() {
    // Always on, no reservation: burst at 0.5·$0.30·1.1 + 0.5·$0.80 = $0.565 a GPU-hour.
    let r = worked(
        r#", "spot_share": 0.5, "spot_usd_per_hour": 0.3, "spot_overhead": 0.1"#,
        "",
    );
    assert_close!(r.self_hosted.monthly_usd, 0.565 * 730.0);
    assert!(r.warnings.iter().any(|w| w.code == "spot_reclaimable"));
    // aws:p5.48xlarge rents 8 H100s at $6.88 each: one 1-GPU replica pays for all eight.
    let r = plan(&scenario(
        r#"{"name": "p5", "workload": {"requests_per_month": 1000000, "input_tokens": 500, "output_tokens": 200, "peak_to_average": 3},
            "llm": {"model": "gpt-4o"},
            "slm": {"serving": "self_hosted", "gpu": "aws:p5.48xlarge", "prefill_tokens_per_s": 5000, "decode_tokens_per_s": 500}}"#,
    ));
    assert_eq!(r.self_hosted.fleet.instances, Some(1.0));
    assert_close!(r.self_hosted.monthly_usd, 8.0 * 6.88 * 730.0);
}

#[test]
fn a_quality_floor_excludes_self_hosting_from_the_recommendation() {
    let floor = |routing: &str| {
        plan(&scenario(&format!(
            r#"{{"name": "q", "workload": {{"requests_per_month": 1000000, "input_tokens": 500,
                  "output_tokens": 200, "peak_to_average": 3}},
                "llm": {{"model": "gpt-4o"}},
                "slm": {{"serving": "self_hosted", "gpu_usd_per_hour": 0.8,
                  "prefill_tokens_per_s": 5000, "decode_tokens_per_s": 500}},
                "routing": {{"slm_share": 0.8, "escalation_rate": 0.1 {routing}}}}}"#
        )))
    };
    // $584 self-hosted against $3,250 on the API: cheapest and no floor.
    assert_eq!(floor("").recommended, Some(Choice::SelfHosted));
    // Floor 0.8: the SLM's 0.7 fails; the hybrid's 0.8·(0.9·0.7 + 0.1·0.9) + 0.2·0.9
    // = 0.756 fails; only the API (0.9) is left.
    let r = floor(r#", "slm_quality": 0.7, "llm_quality": 0.9, "min_quality": 0.8"#);
    assert!(!r.self_hosted.meets_quality && !r.hybrid.meets_quality && r.api.meets_quality);
    assert_close!(r.hybrid.quality.unwrap(), 0.756);
    assert_eq!(r.recommended, Some(Choice::Api));
    // Floor 0.75: the hybrid passes and is cheaper than the API.
    let r = floor(r#", "slm_quality": 0.7, "llm_quality": 0.9, "min_quality": 0.75"#);
    assert_eq!(r.recommended, Some(Choice::Hybrid));
    // Nothing reaches 0.95.
    let r = floor(r#", "slm_quality": 0.7, "llm_quality": 0.9, "min_quality": 0.95"#);
    assert_eq!(r.recommended, None);
}

#[test]
fn each_belief_draws_from_its_own_stream() {
    let with = |beliefs: &str| {
        plan(&scenario(&format!(
            r#"{{"name": "mc", "workload": {{"requests_per_month": 1000000, "input_tokens": 500,
                  "output_tokens": 200, "peak_to_average": 3}},
                "llm": {{"model": "gpt-4o"}},
                "slm": {{"serving": "self_hosted", "gpu_usd_per_hour": 0.8,
                  "prefill_tokens_per_s": 5000, "decode_tokens_per_s": 500}},
                "uncertainty": {{"draws": 500, "seed": 7, "inputs": {beliefs}}}}}"#
        )))
        .uncertainty
        .unwrap()
    };
    let one = with(r#"{"llm.input_usd_per_mtok": {"p10": 2, "p90": 3}}"#);
    let two = with(
        r#"{"llm.input_usd_per_mtok": {"p10": 2, "p90": 3}, "slm.gpu_usd_per_hour": {"p10": 0.5, "p90": 1.5}}"#,
    );
    // The API's cost depends on the LLM price alone: adding a GPU belief leaves its draws.
    assert_eq!(one.api_monthly_usd, two.api_monthly_usd);
    assert_ne!(one.self_hosted_monthly_usd, two.self_hosted_monthly_usd);
    // The same seed, the same answer.
    assert_eq!(
        one,
        with(r#"{"llm.input_usd_per_mtok": {"p10": 2, "p90": 3}}"#)
    );
    // The throughput belief multiplies prefill and decode together.
    let scaled = with(r#"{"slm.throughput_scale": {"p10": 0.5, "p90": 0.5000001}}"#);
    // At half the throughput t = 1 s: C = 613,200, so 1M requests need 2 replicas.
    assert_close!(scaled.self_hosted_monthly_usd.p50, 2.0 * 584.0);
}
