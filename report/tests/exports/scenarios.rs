//! The scenarios the workbook tests write: the planner's default, a cascade onto a hosted
//! SLM (with the API's extras: cache writes, batch, reasoning tokens, price trends, a token
//! ratio), owned GPUs over 60 months (growth, resale, idle power, people, a spare), a fleet
//! over a weekday shape scaled hour by hour (optimal reserved base, cold starts, price
//! trends), spot on an 8-GPU offer, a name full of markup, edge branches, and a catalog
//! model whose throughput a CPU benchmark measured at other lengths (priced as measured, or
//! with its decode adjusted by the benchmark's fit).

use report::{Provenance, ReportScenario, TableRef};
use tco::input::{
    ApiInput, FinanceInput, OwnedInput, QuantileRange, RoutingInput, RoutingMode, Scaling, Serving,
    SlmInput, ThroughputInput, ThroughputKind, UncertaintyInput, WorkloadInput,
};
use tco::ScenarioInput;

pub const CENT: f64 = 0.005;
pub const MARKUP_NAME: &str = "<b>\"Q3\" & 'plan'</b> =1+1 <script>alert('x')</script>";

pub fn provenance() -> Provenance {
    Provenance {
        app_version: "0.1.0".into(),
        price_table: TableRef {
            id: Some(1),
            label: pricing::bundled_table().source.label(),
            as_of: "2026-11-22".into(),
        },
        scenario_id: Some("0123456789abcdef0123456789abcdef".into()),
        revision: Some(3),
        share_link: Some("https://breakeven.example/s/0123456789abcdef0123456789abcdef".into()),
        generated_unix: 1_795_363_200,
        benchmarks: vec![report::BenchmarkRef {
            id: 3,
            hardware: "smollm2-135m q8_0 on cpu".into(),
            label: "measured".into(),
        }],
    }
}

/// The planner's opening form (app/src/form.rs `defaults`) as the ScenarioInput it sends.
pub fn default_input() -> ScenarioInput {
    let w = &profiles::default_preset().workload;
    ScenarioInput {
        name: Some("Customer-support assistant".into()),
        workload: Some(WorkloadInput {
            requests_per_month: Some(w.requests_per_month),
            input_tokens: Some(w.input_tokens),
            output_tokens: Some(w.output_tokens),
            cached_input_share: Some(w.cached_input_share),
            peak_to_average: Some(w.peak_to_average),
            monthly_growth: Some(w.monthly_growth),
            ..Default::default()
        }),
        llm: Some(ApiInput {
            model: Some("gpt-4o".into()),
            ..Default::default()
        }),
        slm: Some(SlmInput {
            serving: Some(Serving::SelfHosted),
            gpu: Some("aws:g6.xlarge".into()),
            gpu_price: Some(tco::input::GpuPriceKind::OnDemand),
            gpus_per_replica: Some(1.0),
            prefill_tokens_per_s: Some(5000.0),
            decode_tokens_per_s: Some(500.0),
            target_utilization: Some(0.7),
            min_replicas: Some(1.0),
            one_time_usd: Some(10_000.0),
            ..Default::default()
        }),
        routing: Some(RoutingInput {
            mode: Some(RoutingMode::Router),
            slm_share: Some(0.8),
            escalation_rate: Some(0.1),
            router_usd_per_request: Some(0.0),
            ..Default::default()
        }),
        finance: Some(FinanceInput {
            horizon_months: Some(36.0),
            discount_rate_annual: Some(0.1),
        }),
        uncertainty: None,
    }
}

/// A cascade onto a hosted SLM, with cached input and cache writes on a prompt above
/// GPT-4o's 1,024-token caching minimum, a batch share, reasoning tokens, both APIs'
/// prices falling, a token ratio, a router fee, qualities (the floor leaves only the API),
/// growth and a Monte Carlo.
pub fn cascade_input() -> ScenarioInput {
    let mut i = default_input();
    i.name = Some("Ticket triage cascade".into());
    let w = i.workload.as_mut().unwrap();
    w.input_tokens = Some(2000.0);
    w.cached_input_share = Some(0.5);
    w.cache_write_share = Some(0.1);
    w.batch_share = Some(0.3);
    w.monthly_growth = Some(0.02);
    i.llm = Some(ApiInput {
        model: Some("gpt-4o".into()),
        reasoning_tokens: Some(150.0),
        price_change_annual: Some(-0.2),
        ..Default::default()
    });
    i.slm = Some(SlmInput {
        serving: Some(Serving::Api),
        model: Some("deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct".into()),
        usd_per_request: Some(0.00001),
        token_ratio: Some(1.1),
        price_change_annual: Some(-0.1),
        one_time_usd: Some(5000.0),
        ..Default::default()
    });
    i.routing = Some(RoutingInput {
        mode: Some(RoutingMode::Cascade),
        escalation_rate: Some(0.3),
        router_usd_per_request: Some(0.00002),
        slm_quality: Some(0.8),
        llm_quality: Some(0.95),
        min_quality: Some(0.85),
        ..Default::default()
    });
    i.uncertainty = Some(UncertaintyInput {
        draws: Some(500.0),
        seed: Some(7),
        inputs: [(
            "workload.requests_per_month".to_string(),
            QuantileRange {
                p10: 6e5,
                p90: 1.5e6,
            },
        )]
        .into(),
    });
    i
}

/// Owned GPUs, two per replica, a floor of two replicas and a spare, growth that climbs
/// the staircase over a 60-month horizon (GPUs bought as it climbs, 30 % of their price
/// back at the end), idle power, and half an engineer.
pub fn owned_input() -> ScenarioInput {
    ScenarioInput {
        name: Some("On-prem fleet, 60 months".into()),
        workload: Some(WorkloadInput {
            requests_per_month: Some(3e6),
            input_tokens: Some(800.0),
            output_tokens: Some(300.0),
            cached_input_share: Some(0.2),
            peak_to_average: Some(2.5),
            monthly_growth: Some(0.05),
            ..Default::default()
        }),
        llm: Some(ApiInput {
            model: Some("gpt-4o".into()),
            output_usd_per_mtok: Some(12.0),
            ..Default::default()
        }),
        slm: Some(SlmInput {
            serving: Some(Serving::SelfHosted),
            owned: Some(OwnedInput {
                purchase_usd: Some(30_000.0),
                amortisation_months: Some(36.0),
                power_watts: Some(700.0),
                pue: Some(1.3),
                electricity_usd_per_kwh: Some(0.12),
                idle_power_watts: Some(150.0),
                resale_share: Some(0.3),
            }),
            gpus_per_replica: Some(2.0),
            prefill_tokens_per_s: Some(8000.0),
            decode_tokens_per_s: Some(900.0),
            target_utilization: Some(0.6),
            min_replicas: Some(2.0),
            spare_replicas: Some(1.0),
            hours_per_month: Some(720.0),
            fixed_usd_per_month: Some(1500.0),
            ops_fte: Some(0.5),
            fte_usd_per_year: Some(160_000.0),
            throughput_source: Some("benchmark #3: smollm2-135m q8_0 on cpu, concurrency 4".into()),
            one_time_usd: Some(50_000.0),
            ..Default::default()
        }),
        routing: Some(RoutingInput {
            slm_share: Some(0.7),
            escalation_rate: Some(0.15),
            router_usd_per_request: Some(0.00002),
            ..Default::default()
        }),
        finance: Some(FinanceInput {
            horizon_months: Some(60.0),
            discount_rate_annual: Some(0.08),
        }),
        uncertainty: None,
    }
}

/// A typed GPU price reserved at 20 % off: the flat fleet is all reserved.
pub fn markup_input() -> ScenarioInput {
    let mut i = default_input();
    i.name = Some(MARKUP_NAME.into());
    let slm = i.slm.as_mut().unwrap();
    slm.gpu = None;
    slm.gpu_price = None;
    slm.gpu_usd_per_hour = Some(1.1);
    slm.gpu_discount = Some(0.2);
    i.workload.as_mut().unwrap().requests_per_month = Some(2.5e6);
    i
}

/// Edge branches: no tokens (a request costs no GPU time, so the fleet is flat and the
/// break-even is (m·G + F)/c), a flat LLM fee per request, and no traffic to the SLM.
pub fn edge_input() -> ScenarioInput {
    let mut i = default_input();
    i.name = Some("No tokens, flat fee".into());
    let w = i.workload.as_mut().unwrap();
    w.input_tokens = Some(0.0);
    w.output_tokens = Some(0.0);
    i.llm = Some(ApiInput {
        usd_per_request: Some(0.002),
        ..Default::default()
    });
    i.routing.as_mut().unwrap().slm_share = Some(0.0);
    i
}

/// No traffic at all, a cascade without escalations: per-request costs are "—", the
/// hybrid is the SLM alone, and nothing may evaluate to an error.
pub fn idle_input() -> ScenarioInput {
    let mut i = default_input();
    i.name = Some("Idle".into());
    i.workload.as_mut().unwrap().requests_per_month = Some(0.0);
    i.routing = Some(RoutingInput {
        mode: Some(RoutingMode::Cascade),
        ..Default::default()
    });
    i
}

/// Office hours on weekdays (light on Saturday, none on Sunday but the batch share spread
/// over the week), 20M requests a month,
/// served hour by hour from zero with one spare, reserved at 35 % off where it pays (the
/// optimal base), five minutes of cold start per instance started, a quarter of an
/// engineer, API prices falling 20 % a year and GPU prices 10 %, and growth.
pub fn week_input() -> ScenarioInput {
    let mut i = default_input();
    i.name = Some("Office assistant, weekdays".into());
    let w = i.workload.as_mut().unwrap();
    w.requests_per_month = Some(2e7);
    w.peak_to_average = None;
    w.batch_share = Some(0.1);
    w.monthly_growth = Some(0.04);
    w.load_shape = Some(vec![
        0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.0, 2.0, 3.0, 3.0, 2.5, 2.0, 2.5, 3.0, 3.0, 2.5, 2.0,
        1.0, 0.5, 0.3, 0.2, 0.1, 0.1,
    ]);
    w.weekly_shape = Some(vec![1.0, 1.0, 1.0, 1.0, 1.0, 0.2, 0.0]);
    i.llm.as_mut().unwrap().price_change_annual = Some(-0.2);
    let slm = i.slm.as_mut().unwrap();
    slm.scaling = Some(Scaling::Hourly);
    slm.min_replicas = Some(0.0);
    slm.spare_replicas = Some(1.0);
    slm.gpu_discount = Some(0.35);
    slm.cold_start_s = Some(300.0);
    slm.ops_fte = Some(0.25);
    slm.fte_usd_per_year = Some(180_000.0);
    slm.price_change_annual = Some(-0.1);
    i.finance.as_mut().unwrap().horizon_months = Some(24.0);
    i
}

/// The weekday fleet without growth: every month's fleet is the Fleet schedule's at the
/// month's prices, so every cell of the cash flow stays a formula.
pub fn week_steady_input() -> ScenarioInput {
    let mut i = week_input();
    i.name = Some("Office assistant, steady".into());
    i.workload.as_mut().unwrap().monthly_growth = Some(0.0);
    i
}

/// aws:p5.48xlarge rents 8 H100s at a time: 2-GPU replicas, four to an instance, half the
/// burst on spot with 15 % overhead, no reservation, and a typed yearly GPU price rise.
pub fn p5_spot_input() -> ScenarioInput {
    let mut i = default_input();
    i.name = Some("8-GPU instances on spot".into());
    let w = i.workload.as_mut().unwrap();
    w.requests_per_month = Some(6e7);
    w.monthly_growth = Some(0.05);
    let slm = i.slm.as_mut().unwrap();
    slm.gpu = Some("aws:p5.48xlarge".into());
    slm.gpus_per_replica = Some(2.0);
    slm.prefill_tokens_per_s = Some(20_000.0);
    slm.decode_tokens_per_s = Some(2_000.0);
    slm.spot_share = Some(0.5);
    slm.spot_overhead = Some(0.15);
    slm.reserved_instances = Some(tco::input::ReservedInstances::Count(0.0));
    slm.price_change_annual = Some(0.05);
    slm.ops_fte = Some(1.0);
    slm.fte_usd_per_year = Some(200_000.0);
    i
}

/// `cascade_input` with its routing measured on a sample (docs/cost-model.md §4's curve of
/// five thresholds on 200 items) at e = 0.2, between two points: the workbook prices every
/// measured threshold at its own escalation rate, and its qualities are the curve's.
pub fn measured_cascade_input() -> ScenarioInput {
    let mut i = cascade_input();
    i.name = Some("Ticket triage, measured cascade".into());
    let point = |threshold, e, q, low| tco::input::MeasuredPointInput {
        threshold,
        escalation_rate: Some(e),
        quality: Some(q),
        quality_lower_95: Some(low),
    };
    i.routing = Some(RoutingInput {
        escalation_rate: Some(0.2),
        router_usd_per_request: Some(0.00002),
        min_quality: Some(0.8),
        measured: Some(tco::input::MeasuredCascadeInput {
            label: Some(
                "measured on 200 items of tickets.jsonl (95 % interval 63.3 %–75.9 %)".into(),
            ),
            items: Some(200),
            points: Some(vec![
                point(None, 0.0, 0.70, 0.6443),
                point(Some(0.2), 0.10, 0.78, 0.7283),
                point(Some(0.5), 0.25, 0.86, 0.8148),
                point(Some(0.8), 0.50, 0.90, 0.8596),
                point(None, 1.0, 0.92, 0.8826),
            ]),
        }),
        ..Default::default()
    });
    i
}

/// The planner's default fleet on an L4 (aws:g6.xlarge) serving SmolLM2-135M in Q8_0, its
/// throughput measured by stored benchmark #7 of that model on a CPU at 128/32 tokens and
/// concurrency 4: measured, but on other hardware and at other lengths (the default's
/// 500/200), so the plan warns that the device and the shape differ, and without a decode
/// fit prices the decode as measured.
pub fn measured_input() -> ScenarioInput {
    let mut i = default_input();
    i.name = Some("SmolLM2 on an L4, CPU benchmark".into());
    let slm = i.slm.as_mut().unwrap();
    slm.model = Some("smollm2-135m".into());
    // The number format as a scenario spells it (this crate does not link `models`).
    slm.model_format = Some(serde_json::from_str("\"q8_0\"").unwrap());
    slm.prefill_tokens_per_s = Some(2400.0);
    slm.decode_tokens_per_s = Some(190.0);
    slm.throughput = Some(ThroughputInput {
        basis: Some(ThroughputKind::Benchmark),
        benchmark: Some(7.0),
        model: Some("smollm2-135m".into()),
        format: slm.model_format,
        device: Some("cpu".into()),
        hardware: Some("Intel Xeon Platinum 8481C, 2 threads".into()),
        weights: Some("synthetic weights".into()),
        prompt_tokens: Some(128.0),
        gen_tokens: Some(32.0),
        concurrency: Some(4.0),
        ..Default::default()
    });
    i
}

/// `measured_input` with the benchmark's decode fit (step = 20 ms + 0.01 ms per KV token
/// at concurrency 4): the decode is priced at the scenario's 500/200 tokens, 4 ÷ (20 +
/// 0.01 · 4 · (500 + 100)) ms = 90.9 tokens/s instead of the 190 measured, so the fleet
/// needs four replicas where the figure as measured sizes three.
pub fn adjusted_input() -> ScenarioInput {
    let mut i = measured_input();
    i.name = Some("SmolLM2 on an L4, decode adjusted".into());
    let t = i.slm.as_mut().unwrap().throughput.as_mut().unwrap();
    t.decode_fixed_ms = Some(20.0);
    t.decode_ms_per_kv_token = Some(0.01);
    i
}

pub fn compute(input: ScenarioInput) -> ReportScenario {
    ReportScenario::compute(input, pricing::bundled_table(), provenance()).expect("valid scenario")
}

pub fn doubled(mut input: ScenarioInput) -> ScenarioInput {
    let w = input.workload.as_mut().unwrap();
    w.requests_per_month = w.requests_per_month.map(|r| r * 2.0);
    input
}
