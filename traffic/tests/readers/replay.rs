//! The replay of a trace (docs/cost-model.md, "Replay of a trace"): every figure worked by
//! hand for a six-hour trace (and the same hours with batch requests, cached prompts, spot
//! burst, spare replicas, several GPUs an instance, tokens without a request count), the
//! recorded-spend check, unpriced and flagged models, the hybrid, daily buckets, the
//! engine's warnings, and a two-week trace with a spike against its averaged plan.
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

use pricing::litellm::IssueKind;
use pricing::{ApiPrices, ModelPrice, PriceFlag, PriceTable, TableSource};
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

/// The same table with its one row changed by `change`.
fn table_with(change: impl FnOnce(&mut ModelPrice)) -> PriceTable {
    let mut t = table();
    change(&mut t.models[0]);
    t
}

/// The scenario: gpt-4o against an SLM at $2 a GPU-hour (P = 100, D = 10, u = 0.5), the
/// hybrid at s = 0.5 with a $0.001 router; `slm` adds or overrides SLM keys.
fn scenario(slm: &str) -> ScenarioInput {
    scenario_with(r#""model": "gpt-4o""#, slm)
}

/// The same with the LLM's keys `llm`.
fn scenario_with(llm: &str, slm: &str) -> ScenarioInput {
    let json = format!(
        r#"{{"name": "replay", "workload": {{"requests_per_month": 1000, "input_tokens": 1, "output_tokens": 1}},
            "llm": {{{llm}}},
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
    replayed_on(records, &scenario(slm), &table())
}

fn replayed_on(records: &[TrafficRecord], scenario: &ScenarioInput, table: &PriceTable) -> Replay {
    let (trace, w) = traced(records);
    replay(&trace, &w, scenario, table).unwrap_or_else(|e| panic!("replay: {e}"))
}

/// The warning with `code` whose message contains `words`.
fn warning<'r>(r: &'r Replay, code: &str, words: &str) -> &'r str {
    r.warnings
        .iter()
        .find(|w| w.code == code && w.message.contains(words))
        .map(|w| w.message.as_str())
        .unwrap_or_else(|| panic!("no {code} warning with {words:?} in {:?}", r.warnings))
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
    // F is a people and tooling cost: the engine's no_people_cost does not fire.
    for code in ["other_models", "no_people_cost", "spot_reclaimable"] {
        assert!(!warned.contains(&code), "{code} in {warned:?}");
    }
    // Why the averaged plan has a flat week: the workload's own reason (6 hours, under a
    // week).
    let why = warning(&r, "no_weekly_shape", "a week's shape needs 7");
    assert!(why.starts_with("the trace covers "), "{why}");
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
    // In words, as the page and the CLI say it: peak 3 replicas (hour 3), 1 reserved, the
    // 2 starts above, GPU-hours 6 reserved + 3 burst = 9.
    assert_eq!(
        o.in_words(),
        "peak 3 replicas on 3 instances, 1 reserved (the cheapest base over the period), \
         2 instance starts, 9 GPU-hours"
    );
    assert_eq!(
        f.in_words(),
        "peak 3 replicas on 3 instances, 1 reserved, 2 instance starts, 9 GPU-hours"
    );
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

    // Every other request's spend missing (records 0, 2, … 26 of 27 recorded $0.045): 14
    // requests recorded 14 × $0.045 = $0.63. The agreement is over the requests that
    // recorded one: each hour's priced figure × its share of requests with a spend is
    // 14 × $0.045 = $0.63 in all, so it reads 0.63/0.63 − 1 = 0.0 %, not the
    // 1.215/0.63 − 1 = +92.9 % of setting every request's price against part of the spend.
    for (i, r) in trace.iter_mut().enumerate() {
        r.spend_usd = (i % 2 == 0).then_some(PER_REQUEST);
    }
    let r = replayed(&trace, r#""gpu_usd_per_hour": 2"#);
    let own = &r.own_prices;
    close(own.recorded_usd, 14.0 * PER_REQUEST, "recorded, partial");
    close(own.priced_usd, 1.215, "priced, every request");
    close(
        own.models[0].priced_with_spend_usd.expect("priced"),
        14.0 * PER_REQUEST,
        "priced over those with a spend",
    );
    close(own.models[0].requests_with_spend, 14.0, "with a spend");
    let pct = own.agreement_pct.expect("an agreement");
    assert!(pct.abs() < 1e-9, "partial agreement {pct}");
    warning(
        &r,
        "recorded_spend_missing",
        "13 of 27 requests recorded no spend",
    );
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
    warning(
        &r,
        "daily_buckets",
        "48 requests came in totals over 24 hours",
    );
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

/// The six-hour trace with every request's 10,000 input tokens split as `cached` read from
/// the prompt cache and `written` written to it.
fn cached_records(cached: u64, written: u64) -> Vec<TrafficRecord> {
    let mut all = records(MONDAY, &SIX_HOURS, "gpt-4o");
    for r in &mut all {
        r.cached_input_tokens = cached;
        r.cache_write_tokens = written;
    }
    all
}

#[test]
fn batch_requests_are_spread_over_the_span_and_priced_at_batch_prices() {
    // The six hours plus 6 batch requests of 10,000 in / 2,000 out (logged in hour 1).
    // A fleet serves batch work spread evenly over the span: each hour carries 1/6 of
    // 6 × 300 = 1,800 GPU-seconds, 300 s = 0.167 of a replica-hour's 1,800. Loads
    // 0.333 + 0.167 = 0.5, 0 + 0.167, 1.167 + 0.167 = 1.333, 2.333, 0.833, 0.333 →
    // instances [1, 1, 2, 3, 1, 1]: 9 instance-hours × $2 = $18 (hourly, m = 0, b = 0).
    // Requests served: each hour's interactive ones + 1 = [3, 1, 8, 14, 5, 2].
    // (b) gpt-4o: 27 × $0.045 + 6 × c_batch, c_batch = (10,000 × 1.25 + 2,000 × 5)/1e6 =
    // $0.0225: $1.215 + $0.135 = $1.35. (a) the same row: $1.35.
    // Averaged: β = 6/33 at the same lengths, a = (27 × 0.045 + 6 × 0.0225)/33, so the plan's
    // A = 33/6 × 730 × a = $1.35 × 730/6 = $164.25 a month, the replay's too.
    let mut all = records(MONDAY, &SIX_HOURS, "gpt-4o");
    for k in 0..6 {
        all.push(TrafficRecord {
            batch: true,
            ..request(MONDAY + 3600 + 60 * k, "gpt-4o", 10_000, 2_000)
        });
    }
    let slm =
        r#""gpu_usd_per_hour": 2, "scaling": "hourly", "min_replicas": 0, "reserved_instances": 0"#;
    let r = replayed(&all, slm);
    close(r.requests, 33.0, "requests");
    let f = r.self_hosted.fleet.as_ref().expect("a fleet");
    assert_eq!(f.hours.instances, [1.0, 1.0, 2.0, 3.0, 1.0, 1.0]);
    for (h, (got, want)) in f
        .hours
        .requests
        .iter()
        .zip([3.0, 1.0, 8.0, 14.0, 5.0, 2.0])
        .enumerate()
    {
        close(*got, want, &format!("requests served in hour {h}"));
    }
    close(r.self_hosted.usd, 18.0, "fleet");
    close(r.api.usd, 1.35, "(b) with batch prices");
    close(r.own_prices.priced_usd, 1.35, "(a) with batch prices");
    assert!(r.own_prices.models[0].batch_prices_listed);
    close(r.averaged.api.replay_usd_per_month, 164.25, "(b) a month");
    close(
        r.averaged.api.averaged_usd_per_month,
        164.25,
        "the plan's A",
    );
    assert!(!codes(&r).contains(&"batch_prices_missing"));

    // A row without batch prices: batch requests pay the interactive $0.045, (b) and (a)
    // 33 × $0.045 = $1.485, and the engine's warning reaches the replay.
    let no_batch = table_with(|row| {
        row.batch_input_usd_per_mtok = None;
        row.batch_output_usd_per_mtok = None;
    });
    let r = replayed_on(&all, &scenario(slm), &no_batch);
    close(r.api.usd, 33.0 * PER_REQUEST, "(b) at interactive prices");
    close(
        r.own_prices.priced_usd,
        33.0 * PER_REQUEST,
        "(a) at interactive prices",
    );
    assert!(!r.own_prices.models[0].batch_prices_listed);
    warning(&r, "batch_prices_missing", "no batch prices");
}

#[test]
fn cached_prompts_are_priced_at_the_cache_price_and_skip_the_prefill() {
    // Every request: 10,000 input of which 6,000 read from the cache (κ = 0.6) and 2,000
    // written to it (ω = 0.2), 2,000 output. gpt-4o lists no cache-write price, so writes
    // pay p_in (the fallback):
    //   c = (2,000 × 2.5 + 6,000 × 1.25 + 2,000 × 2.5 + 2,000 × 10)/1e6
    //     = (5,000 + 7,500 + 5,000 + 20,000)/1e6 = $0.0375; 27 × $0.0375 = $1.0125.
    // With a listed write price of $3.125 the writes cost 2,000 × 3.125 = 6,250:
    //   c = $0.03875; 27 × $0.03875 = $1.04625.
    // Fleet with prefix caching: t = (10,000 − 6,000)/100 + 2,000/10 = 40 + 200 = 240 s
    // (writes are prefilled). Loads 480, 0, 1,680, 3,120, 960, 240 GPU-s / 1,800 =
    // 0.267, 0, 0.933, 1.733, 0.533, 0.133 → instances [1, 0, 1, 2, 1, 1]: 6 h × $2 = $12.
    // Without prefix caching: t = 300 s, [1, 0, 2, 3, 1, 1]: $16.
    // The plan prices the same κ and ω at the same lengths: (b)'s difference is 0.
    let slm =
        r#""gpu_usd_per_hour": 2, "scaling": "hourly", "min_replicas": 0, "reserved_instances": 0"#;
    let all = cached_records(6_000, 2_000);
    let r = replayed(&all, slm);
    close(r.api.usd, 1.0125, "(b), writes at p_in");
    close(r.own_prices.priced_usd, 1.0125, "(a), writes at p_in");
    let f = r.self_hosted.fleet.as_ref().expect("a fleet");
    assert_eq!(f.hours.instances, [1.0, 0.0, 1.0, 2.0, 1.0, 1.0]);
    close(r.self_hosted.usd, 12.0, "fleet, prefix caching");
    close(
        r.averaged.api.replay_usd_per_month,
        1.0125 * 730.0 / 6.0,
        "(b) a month",
    );
    close(
        r.averaged.api.averaged_usd_per_month,
        1.0125 * 730.0 / 6.0,
        "the plan's A",
    );

    let written = table_with(|row| row.cache_write_usd_per_mtok = Some(3.125));
    let r = replayed_on(&all, &scenario(slm), &written);
    close(r.api.usd, 1.04625, "(b), writes at the listed price");
    close(
        r.own_prices.priced_usd,
        1.04625,
        "(a), writes at the listed price",
    );

    let r = replayed(&all, &format!(r#"{slm}, "prefix_caching": false"#));
    let f = r.self_hosted.fleet.as_ref().expect("a fleet");
    assert_eq!(f.hours.instances, [1.0, 0.0, 2.0, 3.0, 1.0, 1.0]);
    close(r.self_hosted.usd, 16.0, "fleet, no prefix caching");
}

#[test]
fn spot_burst_pays_the_spot_price_with_its_overhead() {
    // Hourly, m = 0, b = 0, p = $2, σ = 0.5 of the burst on spot at p_spot = $0.80 with
    // o = 0.25 overhead (p_spot·(1+o) = $1.00), cold start 600 s. Instances
    // [1, 0, 2, 3, 1, 1]: 8 burst instance-hours.
    //   on demand: 8 × (1 − 0.5) × $2     = $8.00
    //   spot:      8 × 0.5 × $0.80 × 1.25 = $4.00
    //   p_burst = 0.5 × $1.00 + 0.5 × $2 = $1.50; 3 starts × 1/6 h × $1.50 = $0.75
    //   total $12.75. Hour 2: 2 × $1.50 + 2 starts × $0.25 = $3.50.
    let r = replayed(
        &records(MONDAY, &SIX_HOURS, "gpt-4o"),
        r#""gpu_usd_per_hour": 2, "spot_usd_per_hour": 0.8, "spot_share": 0.5,
           "spot_overhead": 0.25, "scaling": "hourly", "min_replicas": 0,
           "reserved_instances": 0, "cold_start_s": 600"#,
    );
    let f = r.self_hosted.fleet.as_ref().expect("a fleet");
    close(f.breakdown.on_demand_usd, 8.0, "on demand");
    close(f.breakdown.spot_usd, 4.0, "spot");
    close(f.breakdown.cold_start_usd, 0.75, "cold starts");
    close(r.self_hosted.usd, 12.75, "total");
    close(f.hours.usd[2], 3.5, "hour 2");
    close(f.hours.usd.iter().sum(), 12.75, "Σ hours");
    // The engine's warnings on the scenario reach the replay: spot can be reclaimed, and
    // no people cost is included.
    let warned = codes(&r);
    for code in ["spot_reclaimable", "no_people_cost"] {
        assert!(warned.contains(&code), "{code} in {warned:?}");
    }
}

#[test]
fn spare_replicas_run_wherever_the_fleet_runs() {
    // Hourly, m = 0, one spare: n_h = need_h + 1 where need_h > 0, none in the quiet hour:
    // [2, 0, 3, 4, 2, 2] = 13 replica-hours × $2 = $26.
    let r = replayed(
        &records(MONDAY, &SIX_HOURS, "gpt-4o"),
        r#""gpu_usd_per_hour": 2, "scaling": "hourly", "min_replicas": 0,
           "reserved_instances": 0, "spare_replicas": 1"#,
    );
    let f = r.self_hosted.fleet.as_ref().expect("a fleet");
    assert_eq!(f.hours.replicas, [2.0, 0.0, 3.0, 4.0, 2.0, 2.0]);
    close(f.replica_hours, 13.0, "replica-hours");
    close(r.self_hosted.usd, 26.0, "hourly + 1 spare");
    // Always on (m = 1): max(1, 3) + 1 = 4 replicas every hour: 24 × $2 = $48.
    let r = replayed(
        &records(MONDAY, &SIX_HOURS, "gpt-4o"),
        r#""gpu_usd_per_hour": 2, "reserved_instances": 0, "spare_replicas": 1"#,
    );
    let f = r.self_hosted.fleet.as_ref().expect("a fleet");
    assert_eq!(f.hours.replicas, [4.0; 6]);
    close(r.self_hosted.usd, 48.0, "always on + 1 spare");
}

#[test]
fn instances_hold_several_replicas_or_a_replica_spans_instances() {
    // Replicas [1, 0, 2, 3, 1, 1] (hourly, m = 0, b = 0, p = $2 a GPU-hour, cold start
    // 600 s = 1/6 h of every GPU of a started instance).
    let slm = |g: u32, n: u32| {
        format!(
            r#""gpu_usd_per_hour": 2, "gpus_per_instance": {g}, "gpus_per_replica": {n},
               "scaling": "hourly", "min_replicas": 0, "reserved_instances": 0,
               "cold_start_s": 600"#
        )
    };
    let trace = records(MONDAY, &SIX_HOURS, "gpt-4o");
    // G = 4, N = 1: ⌊4/1⌋ = 4 replicas an instance, ⌈n/4⌉ = [1, 0, 1, 1, 1, 1]: 5
    // instance-hours × 4 GPUs × $2 = $40; one start (hour 2) × 1/6 h × 4 × $2 = $1.33:
    // $41.33; 20 GPU-hours.
    let r = replayed(&trace, &slm(4, 1));
    let f = r.self_hosted.fleet.as_ref().expect("a fleet");
    assert_eq!(f.hours.instances, [1.0, 0.0, 1.0, 1.0, 1.0, 1.0]);
    close(f.gpu_hours, 20.0, "GPU-hours, G = 4");
    close(f.breakdown.on_demand_usd, 40.0, "G = 4, N = 1");
    close(f.breakdown.cold_start_usd, 4.0 / 3.0, "a start of 4 GPUs");
    close(r.self_hosted.usd, 40.0 + 4.0 / 3.0, "G = 4, N = 1 total");
    // G = 4, N = 2: 2 replicas an instance, ⌈n/2⌉ = [1, 0, 1, 2, 1, 1]: 6 × 4 × $2 = $48;
    // starts in hours 2 and 3: 2 × $1.33 = $2.67: $50.67.
    let r = replayed(&trace, &slm(4, 2));
    let f = r.self_hosted.fleet.as_ref().expect("a fleet");
    assert_eq!(f.hours.instances, [1.0, 0.0, 1.0, 2.0, 1.0, 1.0]);
    close(r.self_hosted.usd, 48.0 + 8.0 / 3.0, "G = 4, N = 2");
    // G = 2, N = 4: a replica spans 2 instances, n·N/G = [2, 0, 4, 6, 2, 2]: 16 × 2 × $2 =
    // $64; starts 4 (hour 2) + 2 (hour 3) = 6 × 1/6 h × 2 × $2 = $4: $68.
    let r = replayed(&trace, &slm(2, 4));
    let f = r.self_hosted.fleet.as_ref().expect("a fleet");
    assert_eq!(f.hours.instances, [2.0, 0.0, 4.0, 6.0, 2.0, 2.0]);
    close(f.instance_starts, 6.0, "starts");
    close(r.self_hosted.usd, 68.0, "G = 2, N = 4");
}

#[test]
fn tokens_without_a_request_count_pay_no_fee_and_no_reasoning() {
    // Hour 0: one request, 10,000 in / 2,000 out. Hours 1 and 2: rows listing tokens but no
    // requests: 10,000 in (4,000 cached) / 2,000 out, and 800 in (400 cached) / 100 out.
    // The LLM: gpt-4o with 300 reasoning tokens and a $0.01 fee a request.
    //   hour 0: (10,000 × 2.5 + (2,000 + 300) × 10)/1e6 + $0.01 = $0.058
    //   hour 1: (6,000 × 2.5 + 4,000 × 1.25 + 2,000 × 10)/1e6 = $0.040: no fee, no
    //           reasoning (no request to carry them)
    //   hour 2: (400 × 2.5 + 400 × 1.25 + 100 × 10)/1e6 = $0.0025: cached although 800 is
    //           under OpenAI's 1,024-token minimum (no request count, no prompt length)
    //   (b) = $0.1005. Pricing hour 1 as one request less its fee would add 300 × $10/1e6 =
    //   $0.003 of reasoning; hour 2 as one 800-token prompt would lose the cache discount.
    // (a) at the row (no fee, no reasoning): $0.045 + $0.040 + $0.0025 = $0.0875.
    let mut all = records(MONDAY, &[1], "gpt-4o");
    for (hour, input, cached, output) in [(1, 10_000, 4_000, 2_000), (2, 800, 400, 100)] {
        all.push(TrafficRecord {
            requests: 0,
            cached_input_tokens: cached,
            ..request(MONDAY + 3600 * hour, "gpt-4o", input, output)
        });
    }
    let s = scenario_with(
        r#""model": "gpt-4o", "reasoning_tokens": 300, "usd_per_request": 0.01"#,
        r#""gpu_usd_per_hour": 2"#,
    );
    let r = replayed_on(&all, &s, &table());
    close(r.requests, 1.0, "requests");
    close(r.api.usd, 0.1005, "(b)");
    close(r.own_prices.priced_usd, 0.0875, "(a)");
}

#[test]
fn a_flagged_price_row_is_warned_for_the_llm_and_the_own_price_check() {
    // The table's gpt-4o row carries a flag from its import: it still prices the trace
    // ($1.215), the model's own-price line shows the flag, and the replay warns twice: the
    // engine's price_flagged for the scenario's LLM (option (b)) and one for the trace's own
    // row (option (a)).
    let flag = PriceFlag {
        kind: IssueKind::PriceJump,
        message: "input moved from $0.0025 to $2.50 per Mtok since version 0".to_string(),
    };
    let flagged = table_with(|row| row.flags = vec![flag.clone()]);
    let r = replayed_on(
        &records(MONDAY, &SIX_HOURS, "openai/gpt-4o"),
        &scenario(r#""gpu_usd_per_hour": 2"#),
        &flagged,
    );
    close(r.own_prices.priced_usd, 1.215, "priced");
    assert_eq!(r.own_prices.models[0].flags, [flag]);
    let own = warning(&r, "price_flagged", "own-price row gpt-4o");
    assert!(own.contains("openai/gpt-4o"), "{own}");
    assert!(own.contains("price moved 1000x or more"), "{own}");
    assert!(own.contains("since version 0"), "{own}");
    let llm = r
        .warnings
        .iter()
        .filter(|w| w.code == "price_flagged")
        .count();
    assert_eq!(llm, 2, "{:?}", r.warnings);
    // An unflagged row: no flag, no warning.
    let r = replayed(
        &records(MONDAY, &SIX_HOURS, "gpt-4o"),
        r#""gpu_usd_per_hour": 2"#,
    );
    assert!(r.own_prices.models[0].flags.is_empty());
    assert!(!codes(&r).contains(&"price_flagged"));
}

#[test]
fn an_all_batch_trace_of_a_week_says_why_it_has_no_shape() {
    // Eight days of batch requests, one an hour: at least a week, but no interactive
    // request to shape. The averaged plan's flat week is explained by that, not by a
    // short trace.
    let mut all = records(MONDAY, &[1; 192], "gpt-4o");
    for r in &mut all {
        r.batch = true;
    }
    let r = replayed(&all, r#""gpu_usd_per_hour": 2"#);
    let why = warning(&r, "no_weekly_shape", "no interactive requests");
    assert!(!why.contains("less than a week"), "{why}");
    assert!(!codes(&r).contains(&"short_trace"));
}
