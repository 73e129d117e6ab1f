//! The replay of a trace (docs/cost-model.md, "Replay of a trace"): every figure worked by
//! hand for a six-hour trace, the recorded-spend check, unpriced models, the hybrid, daily
//! buckets, and a two-week trace with a spike against its averaged plan.
//!
//! The six-hour trace (from Monday 2026-11-02 00:00 UTC, one model, gpt-4o): every request
//! has 10,000 input and 2,000 output tokens, no cache. The SLM replica prefills P = 100
//! and decodes D = 10 tokens/s, so a request holds it t = 10,000/100 + 2,000/10 = 300 s;
//! at u = 0.5 a replica-hour serves 3,600 × 0.5 = 1,800 GPU-seconds, six requests.
//!
//! | hour | requests | GPU-s | load = GPU-s/1,800 | need |
//! |---|---|---|---|---|
//! | 0 | 2 | 600 | 0.333 | 1 |
//! | 1 | 0 | 0 | 0 | 0 |
//! | 2 | 7 | 2,100 | 1.167 | 2 |
//! | 3 | 13 | 3,900 | 2.167 | 3 |
//! | 4 | 4 | 1,200 | 0.667 | 1 |
//! | 5 | 1 | 300 | 0.167 | 1 |
//!
//! 27 requests over 6 hours: months = 6/730. One GPU per replica and per instance.

use pricing::{ApiPrices, ModelPrice, PriceTable, TableSource};
use tco::input::ScenarioInput;
use traffic::analysis::{workload, Trace, TraceWorkload};
use traffic::replay::{replay, Replay, ReplayError};
use traffic::TrafficRecord;

use super::request;

/// Monday 2026-11-02 00:00 UTC.
const MONDAY: i64 = 1_793_577_600;
/// Requests in each hour of the six-hour trace.
const SIX_HOURS: [u64; 6] = [2, 0, 7, 13, 4, 1];
/// gpt-4o at $2.50 / $10 per Mtok: 10,000 × 2.5/1e6 + 2,000 × 10/1e6 = $0.045 a request.
const PER_REQUEST: f64 = 0.045;

fn close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-9 * want.abs().max(1.0),
        "{what}: got {got}, want {want}"
    );
}

/// To the cent.
fn cents(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() < 0.005,
        "{what}: got {got:.4}, want {want:.2}"
    );
}

/// A price table with gpt-4o as OpenAI lists it (cached $1.25, batch half price).
fn table() -> PriceTable {
    PriceTable {
        source: TableSource {
            name: "test table".to_string(),
            version: "1".to_string(),
            sha256: "0".repeat(64),
            as_of: "2026-11-01".to_string(),
        },
        models: vec![ModelPrice {
            model: "gpt-4o".to_string(),
            provider: "openai".to_string(),
            prices: ApiPrices {
                input_usd_per_mtok: 2.5,
                output_usd_per_mtok: 10.0,
                cached_input_usd_per_mtok: 1.25,
                usd_per_request: 0.0,
            },
            cached_price_listed: true,
            batch_input_usd_per_mtok: Some(1.25),
            batch_output_usd_per_mtok: Some(5.0),
            cache_write_usd_per_mtok: None,
            max_input_tokens: None,
            flags: Vec::new(),
        }],
    }
}

/// The scenario: gpt-4o against an SLM at $2 a GPU-hour (P = 100, D = 10, u = 0.5), the
/// hybrid at s = 0.5 with a $0.001 router; `slm` adds or overrides SLM keys.
fn scenario(slm: &str) -> ScenarioInput {
    let json = format!(
        r#"{{"name": "replay", "workload": {{"requests_per_month": 1000, "input_tokens": 1, "output_tokens": 1}},
            "llm": {{"model": "gpt-4o"}},
            "slm": {{"serving": "self_hosted", "prefill_tokens_per_s": 100, "decode_tokens_per_s": 10,
                     "target_utilization": 0.5, {slm}}},
            "routing": {{"slm_share": 0.5, "escalation_rate": 0, "router_usd_per_request": 0.001}}}}"#
    );
    tco::from_json(&json).unwrap_or_else(|e| panic!("scenario: {e}"))
}

/// Requests of 10,000 in / 2,000 out: `per_hour[h]` of them in hour h from `start`.
fn records(start: i64, per_hour: &[u64], model: &str) -> Vec<TrafficRecord> {
    per_hour
        .iter()
        .enumerate()
        .flat_map(|(h, n)| {
            (0..*n).map(move |k| {
                request(
                    start + 3600 * h as i64 + 60 * k as i64,
                    model,
                    10_000,
                    2_000,
                )
            })
        })
        .collect()
}

fn traced(records: &[TrafficRecord]) -> (Trace, TraceWorkload) {
    let mut trace = Trace::new();
    for r in records {
        trace.add(r);
    }
    let w = workload(&trace, "spend.csv", 0);
    (trace, w)
}

fn replayed(records: &[TrafficRecord], slm: &str) -> Replay {
    let (trace, w) = traced(records);
    replay(&trace, &w, &scenario(slm), &table()).unwrap_or_else(|e| panic!("replay: {e}"))
}

fn codes(r: &Replay) -> Vec<&str> {
    r.warnings.iter().map(|w| w.code.as_str()).collect()
}

#[test]
fn hourly_scaling_to_zero_is_billed_hour_by_hour_with_a_cold_start() {
    // Hourly, m = 0, nothing reserved, p = $2, cold start 600 s, F = $730 a month.
    // Instances [1, 0, 2, 3, 1, 1]: 8 instance-hours × $2 = $16.
    // Starts (i_h − max(i_{h−1}, 0))⁺ for h ≥ 1: hour 2 (0 → 2) 2, hour 3 (2 → 3) 1: 3
    // starts × 600/3,600 h × $2 = $1. F: $730 × 6/730 = $6. Total $23.00 over six hours,
    // $23 × 730/6 = $2,798.33 a month.
    let r = replayed(
        &records(MONDAY, &SIX_HOURS, "gpt-4o"),
        r#""gpu_usd_per_hour": 2, "scaling": "hourly", "min_replicas": 0,
           "reserved_instances": 0, "cold_start_s": 600, "fixed_usd_per_month": 730"#,
    );
    close(r.hours, 6.0, "hours");
    close(r.requests, 27.0, "requests");
    let fleet = r.self_hosted.fleet.as_ref().expect("a fleet");
    assert_eq!(fleet.hours.instances, [1.0, 0.0, 2.0, 3.0, 1.0, 1.0]);
    assert_eq!(fleet.hours.start_unix, MONDAY);
    assert_eq!(fleet.hours.requests, [2.0, 0.0, 7.0, 13.0, 4.0, 1.0]);
    close(fleet.instance_starts, 3.0, "starts");
    cents(fleet.breakdown.on_demand_usd, 16.0, "burst");
    cents(fleet.breakdown.cold_start_usd, 1.0, "cold starts");
    cents(fleet.breakdown.fixed_usd, 6.0, "F");
    cents(r.self_hosted.usd, 23.0, "total");
    cents(r.self_hosted.usd_per_month, 2_798.33, "per month");
    // The hour-by-hour bill sums to the total: hour 2 pays 2 × $2 + 2 starts × $1/3 + $1.
    close(fleet.hours.usd.iter().sum(), r.self_hosted.usd, "Σ hours");
    cents(fleet.hours.usd[2], 4.0 + 2.0 / 3.0 + 1.0, "hour 2");
    assert_eq!(fleet.reserved_instances, 0.0);
    assert!(!fleet.reserved_optimal);
    // (b): 27 × $0.045 = $1.215.
    cents(r.api.usd, 1.215, "API");
    close(r.api.usd, 27.0 * PER_REQUEST, "API exactly");
    let warned = codes(&r);
    for code in ["short_trace", "no_weekly_shape", "recorded_spend_missing"] {
        assert!(warned.contains(&code), "{code} in {warned:?}");
    }
    assert!(!warned.contains(&"other_models"), "{warned:?}");
}

#[test]
fn always_on_runs_the_busiest_hours_fleet_in_every_hour() {
    // Always on (m = 1): max(1, max need 3) = 3 replicas all six hours: 18 × $2 = $36.
    let r = replayed(
        &records(MONDAY, &SIX_HOURS, "gpt-4o"),
        r#""gpu_usd_per_hour": 2, "reserved_instances": 0"#,
    );
    let fleet = r.self_hosted.fleet.as_ref().expect("a fleet");
    assert_eq!(fleet.hours.instances, [3.0; 6]);
    close(fleet.instance_starts, 0.0, "starts");
    cents(r.self_hosted.usd, 36.0, "always on");
}

#[test]
fn a_fixed_reserved_base_and_the_optimal_one() {
    // Hourly, m = 0, d = 0.5 (a reserved GPU-hour $1, burst $2), cold start 600 s (a start
    // costs $2/6 = $0.3333). Instances [1, 0, 2, 3, 1, 1].
    //   b = 0: burst 8 h × $2 = $16, starts 3 → $1: $17.00
    //   b = 1: reserved 1 × 6 h × $1 = $6, burst (i − 1)⁺ = [0,0,1,2,0,0] 3 h × $2 = $6,
    //          starts (i_h − max(i_{h−1}, 1))⁺: hour 2 (0 → 2) 1, hour 3 (2 → 3) 1 → $0.67:
    //          $12.67
    //   b = 2: reserved $12, burst 1 h $2, starts: hour 3 (2 → 3) 1 → $0.33: $14.33
    //   b = 3: reserved $18: $18.00
    // Optimal: b = 1 at $12.67.
    let slm = |b: &str| {
        format!(
            r#""gpu_usd_per_hour": 2, "gpu_discount": 0.5, "scaling": "hourly", "min_replicas": 0,
               "cold_start_s": 600, "reserved_instances": {b}"#
        )
    };
    let trace = records(MONDAY, &SIX_HOURS, "gpt-4o");
    for (b, want) in [
        ("0", 17.0),
        ("1", 12.0 + 2.0 / 3.0),
        ("2", 14.0 + 1.0 / 3.0),
        ("3", 18.0),
    ] {
        let r = replayed(&trace, &slm(b));
        close(r.self_hosted.usd, want, &format!("b = {b}"));
    }
    let fixed = replayed(&trace, &slm("1"));
    let f = fixed.self_hosted.fleet.as_ref().expect("a fleet");
    cents(f.breakdown.reserved_usd, 6.0, "reserved");
    cents(f.breakdown.on_demand_usd, 6.0, "burst");
    cents(f.breakdown.cold_start_usd, 2.0 / 3.0, "cold starts");
    close(f.instance_starts, 2.0, "starts");
    assert_eq!(f.hours.burst, [0.0, 0.0, 1.0, 2.0, 0.0, 0.0]);
    // Hour by hour: $1 reserved every hour; hour 2 adds a burst hour and a start, hour 3
    // two burst hours and a start.
    let want = [1.0, 1.0, 3.0 + 1.0 / 3.0, 5.0 + 1.0 / 3.0, 1.0, 1.0];
    for (h, (got, want)) in f.hours.usd.iter().zip(want).enumerate() {
        close(*got, want, &format!("hour {h}"));
    }
    let optimal = replayed(&trace, &slm(r#""optimal""#));
    let o = optimal.self_hosted.fleet.as_ref().expect("a fleet");
    assert_eq!(o.reserved_instances, 1.0);
    assert!(o.reserved_optimal);
    cents(optimal.self_hosted.usd, 12.67, "optimal");
}

#[test]
fn owned_gpus_pay_capital_on_the_peak_and_energy_serving_and_idle() {
    // Owned, hourly, m = 0: the peak, 3 GPUs, is owned. Capital $30,000/36 = $833.33 a
    // GPU-month: 3 × $833.33 × 6/730 = $15,000/730 = $20.5479. Energy at $0.12/kWh × PUE 1.3
    // = $0.000156 a watt-hour: serving 8 GPU-hours × 700 W = 5,600 Wh, idle (3·6 − 8) = 10
    // GPU-hours × 100 W = 1,000 Wh: 6,600 Wh × $0.000156 = $1.0296. Total $21.58.
    let r = replayed(
        &records(MONDAY, &SIX_HOURS, "gpt-4o"),
        r#""scaling": "hourly", "min_replicas": 0,
           "owned": {"purchase_usd": 30000, "amortisation_months": 36, "power_watts": 700,
                     "idle_power_watts": 100, "pue": 1.3, "electricity_usd_per_kwh": 0.12}"#,
    );
    let f = r.self_hosted.fleet.as_ref().expect("a fleet");
    assert_eq!(f.reserved_instances, 3.0);
    close(f.breakdown.owned_capital_usd, 15_000.0 / 730.0, "capital");
    close(f.breakdown.owned_energy_usd, 6_600.0 * 0.000156, "energy");
    cents(r.self_hosted.usd, 21.58, "owned");
    close(f.hours.usd.iter().sum(), r.self_hosted.usd, "Σ hours");
}

#[test]
fn the_hybrid_splits_every_hour() {
    // s = 0.5, e = 0, ρ = $0.001; hourly, m = 0, nothing reserved, no cold start.
    // The SLM serves half of each hour: 1, 0, 3.5, 6.5, 2, 0.5 requests → loads 0.167, 0,
    // 0.583, 1.083, 0.333, 0.083 → instances [1, 0, 1, 2, 1, 1]: 6 h × $2 = $12.
    // The LLM serves the other half: 0.5 × $1.215 = $0.6075. Router 27 × $0.001 = $0.027.
    // Hybrid $12.6345; the SLM alone 8 h × $2 = $16.
    let r = replayed(
        &records(MONDAY, &SIX_HOURS, "gpt-4o"),
        r#""gpu_usd_per_hour": 2, "scaling": "hourly", "min_replicas": 0, "reserved_instances": 0"#,
    );
    let h = &r.hybrid;
    close(h.slm_share, 0.5, "s");
    let f = h.fleet.as_ref().expect("the SLM part's fleet");
    assert_eq!(f.hours.instances, [1.0, 0.0, 1.0, 2.0, 1.0, 1.0]);
    close(h.slm_usd, 12.0, "SLM part");
    close(h.llm_usd, 0.5 * 27.0 * PER_REQUEST, "LLM part");
    close(h.router_usd, 0.027, "router");
    cents(h.usd, 12.6345, "hybrid");
    close(r.self_hosted.usd, 16.0, "SLM alone");
    // The API ($1.22) is cheapest over these six hours.
    assert_eq!(r.cheapest, Some(tco::quality::Choice::Api));
}

#[test]
fn the_own_prices_agree_with_a_spend_column_computed_from_the_table() {
    // Every request recorded $0.045, the table's price: agreement 0.0 %.
    let mut trace = records(MONDAY, &SIX_HOURS, "gpt-4o");
    for r in &mut trace {
        r.spend_usd = Some(PER_REQUEST);
    }
    let r = replayed(&trace, r#""gpu_usd_per_hour": 2"#);
    let own = &r.own_prices;
    close(own.priced_usd, 1.215, "priced");
    close(own.recorded_usd, 1.215, "recorded");
    let pct = own.agreement_pct.expect("an agreement");
    assert!(pct.abs() < 1e-9, "agreement {pct}");
    assert_eq!(own.models[0].matched.as_deref(), Some("gpt-4o"));
    assert!(!codes(&r).contains(&"recorded_spend_missing"));

    // The log recorded 10 % more than the table's price ($0.0495 a request): the
    // agreement is priced ÷ recorded − 1 = 0.045/0.0495 − 1 = −9.09 % (negative: the
    // table prices the trace below what was paid).
    for r in &mut trace {
        r.spend_usd = Some(PER_REQUEST * 1.1);
    }
    let r = replayed(&trace, r#""gpu_usd_per_hour": 2"#);
    let pct = r.own_prices.agreement_pct.expect("an agreement");
    close(pct, (1.0 / 1.1 - 1.0) * 100.0, "−9.09 %");
    assert!((pct + 9.09).abs() < 0.005, "{pct}");
    close(
        r.own_prices.models[0].agreement_pct.expect("per model"),
        pct,
        "per model",
    );

    // Half the hours' spend missing: the agreement is over the requests that recorded one.
    for (i, r) in trace.iter_mut().enumerate() {
        r.spend_usd = (i % 2 == 0).then_some(PER_REQUEST);
    }
    let r = replayed(&trace, r#""gpu_usd_per_hour": 2"#);
    assert!(codes(&r).contains(&"recorded_spend_missing"));
}

#[test]
fn an_unpriced_model_is_listed_and_warned_never_zero() {
    let mut trace = records(MONDAY, &SIX_HOURS, "openai/gpt-4o");
    trace.extend(records(MONDAY, &[3], "acme-finetune-7b"));
    let r = replayed(&trace, r#""gpu_usd_per_hour": 2"#);
    let own = &r.own_prices;
    assert_eq!(own.unpriced, ["acme-finetune-7b"]);
    let acme = own
        .models
        .iter()
        .find(|m| m.model == "acme-finetune-7b")
        .expect("listed");
    assert_eq!(acme.priced_usd, None);
    assert_eq!(acme.matched, None);
    close(acme.requests, 3.0, "its requests");
    // The provider prefix is dropped to find the row.
    let gpt = own
        .models
        .iter()
        .find(|m| m.model == "openai/gpt-4o")
        .expect("listed");
    assert_eq!(gpt.matched.as_deref(), Some("gpt-4o"));
    // Only the priced model's requests are in the priced total.
    close(own.priced_usd, 1.215, "priced");
    // (b) prices all 30 requests on gpt-4o, and says so.
    close(r.api.usd, 30.0 * PER_REQUEST, "API");
    let warned = codes(&r);
    assert!(warned.contains(&"unpriced_model"), "{warned:?}");
    let other = r
        .warnings
        .iter()
        .find(|w| w.code == "other_models")
        .expect("other models named");
    assert!(
        other.message.contains("acme-finetune-7b"),
        "{}",
        other.message
    );
    assert!(other.message.contains("gpt-4o"), "{}", other.message);
}

#[test]
fn daily_buckets_are_spread_over_their_hours_with_a_warning() {
    // One daily bucket of 48 requests (480,000 in, 96,000 out): 2 requests an hour, 600
    // GPU-seconds, one replica in each of the 24 hours: 24 × $2 = $48.
    let bucket = TrafficRecord {
        bucket_seconds: Some(86_400),
        requests: 48,
        input_tokens: 480_000,
        output_tokens: 96_000,
        ..request(MONDAY, "gpt-4o", 0, 0)
    };
    let r = replayed(
        &[bucket],
        r#""gpu_usd_per_hour": 2, "scaling": "hourly", "min_replicas": 0, "reserved_instances": 0"#,
    );
    close(r.hours, 24.0, "hours");
    let f = r.self_hosted.fleet.as_ref().expect("a fleet");
    assert_eq!(f.hours.instances, [1.0; 24]);
    close(r.self_hosted.usd, 48.0, "fleet");
    close(r.api.usd, 48.0 * PER_REQUEST, "API");
    assert!(codes(&r).contains(&"daily_buckets"));
}

#[test]
fn a_spike_against_its_averaged_plan() {
    // Two weeks from Monday 00:00 UTC, one request every hour, except 24 in week 1's
    // Wednesday 12:00 (hour 60): 359 requests over 336 hours.
    //
    // The averaged plan's week: every slot 1 request an hour, Wednesday 12:00 (24 + 1)/2 =
    // 12.5 (the engine's r_j = R·share_j·168/730 gives back exactly these, since
    // R·168/730 = 359/336 × 168 = 179.5 = Σw). Loads: 1 → 300/1,800 = 0.167 → 1 replica;
    // 12.5 → 3,750/1,800 = 2.083 → 3.
    //
    // Always on: the replay sizes for the busiest real hour, 24 × 300/1,800 = 4 replicas:
    // 4 × 730 × $2 = $5,840 a month; the averaged plan for its busiest slot, 3: $4,380. The
    // averaging hides $1,460 a month (+33.3 %): a spike is diluted by the quiet week.
    let mut per_hour = [1_u64; 336];
    per_hour[60] = 24;
    let trace = records(MONDAY, &per_hour, "gpt-4o");
    let r = replayed(&trace, r#""gpu_usd_per_hour": 2, "reserved_instances": 0"#);
    close(r.hours, 336.0, "hours");
    close(r.requests, 359.0, "requests");
    let d = &r.averaged.self_hosted;
    cents(d.replay_usd_per_month, 5_840.0, "replay, always on");
    cents(d.averaged_usd_per_month, 4_380.0, "averaged, always on");
    cents(d.difference_usd_per_month, 1_460.0, "difference");
    close(d.difference_pct.expect("a %"), 100.0 / 3.0, "%");
    // The API is linear in the requests: replay and average agree.
    close(
        r.averaged.api.replay_usd_per_month,
        r.averaged.api.averaged_usd_per_month,
        "API",
    );
    assert!(!codes(&r).contains(&"no_weekly_shape"));

    // Hourly, m = 0: the spike's hours are paid either way; what differs is rounding. The
    // replay runs 1 instance in 335 hours and 4 in the spike hour: 339 instance-hours in
    // 336 hours, 339 × $2 × 730/336 = $1,473.04 a month. The averaged week runs 167 × 1 +
    // 3 = 170 instance-hours, 170 × 730/168 × $2 = $1,477.38. The replay is $4.35 a month
    // CHEAPER (−0.29 %): averaging 4 and 1 replicas' worth of load (2.083 → 3 in both
    // weeks) rounds up twice where the real hours round up once each (4 + 1 = 5 < 6).
    let r = replayed(
        &trace,
        r#""gpu_usd_per_hour": 2, "scaling": "hourly", "min_replicas": 0, "reserved_instances": 0"#,
    );
    let d = &r.averaged.self_hosted;
    close(
        d.replay_usd_per_month,
        339.0 * 2.0 * 730.0 / 336.0,
        "replay, hourly",
    );
    close(
        d.averaged_usd_per_month,
        170.0 * 2.0 * 730.0 / 168.0,
        "averaged, hourly",
    );
    cents(d.difference_usd_per_month, -4.35, "difference, hourly");
}

#[test]
fn an_empty_trace_and_an_invalid_scenario_are_errors() {
    let trace = Trace::new();
    let (_, w) = traced(&records(MONDAY, &SIX_HOURS, "gpt-4o"));
    assert_eq!(
        replay(&trace, &w, &scenario(r#""gpu_usd_per_hour": 2"#), &table()),
        Err(ReplayError::Empty)
    );
    let (trace, w) = traced(&records(MONDAY, &SIX_HOURS, "gpt-4o"));
    // Always on with no replica is an error naming the field.
    let Err(ReplayError::Scenario(errors)) = replay(
        &trace,
        &w,
        &scenario(r#""gpu_usd_per_hour": 2, "min_replicas": 0"#),
        &table(),
    ) else {
        panic!("an invalid scenario replays");
    };
    assert!(
        errors.iter().any(|e| e.field == "slm.min_replicas"),
        "{errors:?}"
    );
}

#[test]
fn a_stray_timestamp_decades_away_is_refused_with_the_span() {
    // Two requests 30 × 8,766 hours apart (1996-11-01 12:00 and 2026-11-02 00:00 UTC): the
    // span is 262,981 hours, past the five-year bound, and
    // the error says so instead of walking every quiet hour in between.
    let mut all = records(MONDAY, &[1], "gpt-4o");
    all.extend(records(MONDAY - 30 * 8_766 * 3600, &[1], "gpt-4o"));
    let (trace, w) = traced(&all);
    let err = replay(&trace, &w, &scenario(r#""gpu_usd_per_hour": 2"#), &table())
        .expect_err("a 30-year span replays");
    assert_eq!(
        err,
        ReplayError::SpanTooLong {
            hours: 30 * 8_766 + 1,
            first: "1996-11-01".into(),
            last: "2026-11-02".into(),
        }
    );
    assert!(err.to_string().contains("at most 43830"), "{err}");
}

#[test]
fn a_year_of_hours_on_three_models_replays() {
    // 8,760 hours, three models, traffic in every hour: the replay walks them once per
    // option (speed is measured in the bench, not here; this checks it runs and adds up).
    let mut all = Vec::new();
    for (i, model) in ["gpt-4o", "openai/gpt-4o", "acme-finetune-7b"]
        .iter()
        .enumerate()
    {
        let per_hour: Vec<u64> = (0..8_760).map(|h| ((h * 7 + i * 3) % 5) as u64).collect();
        all.extend(records(MONDAY, &per_hour, model));
    }
    all.sort_by_key(|r| r.start_unix);
    let r = replayed(
        &all,
        r#""gpu_usd_per_hour": 2, "scaling": "hourly", "min_replicas": 0, "cold_start_s": 300"#,
    );
    close(r.hours, 8_760.0, "hours");
    let f = r.self_hosted.fleet.as_ref().expect("a fleet");
    assert_eq!(f.hours.instances.len(), 8_760);
    close(f.hours.usd.iter().sum(), r.self_hosted.usd, "Σ hours");
}
