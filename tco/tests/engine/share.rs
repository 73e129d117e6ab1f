//! The URL state of an unsaved scenario (`tco::share`): any valid scenario encodes and
//! decodes to itself, and no text makes `decode` panic.

use std::collections::BTreeMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use proptest::option;
use proptest::prelude::*;
use tco::input::{
    ApiInput, FinanceInput, GpuPriceKind, LatencySloInput, OwnedInput, RoutingInput, RoutingMode,
    Serving, SlmInput, UncertaintyInput, WorkloadInput,
};
use tco::scenario::QuantileRange;
use tco::share::{decode, encode, SharedState};
use tco::ScenarioInput;

const LLMS: [&str; 2] = ["gpt-4o", "gpt-4o-mini"];
const SLM_APIS: [&str; 1] = ["deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct"];
const GPUS: [&str; 3] = ["aws:g4dn.xlarge", "aws:g6.xlarge", "aws:g6e.xlarge"];

/// Names people write, quotes, markup and non-Latin scripts included.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9 ]{1,30}",
        r#"[A-Za-z "'<>&/\\]{1,30}"#,
        "[ü✓日本語𝄞é\u{200d} a-z]{1,20}",
        Just("<script>alert(\"x\")</script> & 'quotes'".to_string()),
    ]
}

/// Whole or fractional values: typed figures ("5000") and computed ones (0.1 + 0.2).
fn number(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
    prop_oneof![(lo..hi).prop_map(f64::round), lo..hi]
}

fn workload() -> impl Strategy<Value = WorkloadInput> {
    let shape = prop::collection::vec(0.05..20.0f64, 24);
    (
        number(0.0, 1e9),
        number(0.0, 20_000.0),
        number(0.0, 4_000.0),
        option::of(0.0..=1.0f64),
        // A load shape decides the peak-to-average; giving both must agree, so one or the other.
        prop_oneof![
            option::of(1.0..10.0f64).prop_map(|p| (p, None)),
            shape.prop_map(|s| (None, Some(s))),
        ],
        option::of(-0.2..0.5f64),
        option::of((1.0..5000.0f64, 1.0..500.0f64)),
    )
        .prop_map(
            |(r, i, o, cached, (peak, shape), growth, slo)| WorkloadInput {
                requests_per_month: Some(r),
                input_tokens: Some(i),
                output_tokens: Some(o),
                cached_input_share: cached,
                peak_to_average: peak,
                monthly_growth: growth,
                load_shape: shape,
                latency_slo: slo.map(|(ttft, tpot)| LatencySloInput {
                    ttft_ms: Some(ttft),
                    tpot_ms: Some(tpot),
                }),
                ..WorkloadInput::default()
            },
        )
}

/// A model from the bundled table, explicit prices, or both (at least one of them).
fn api(models: &'static [&'static str]) -> impl Strategy<Value = ApiInput> {
    (
        option::of(prop::sample::select(models)),
        option::of(0.0..60.0f64),
        option::of(0.0..120.0f64),
        option::of(0.0..30.0f64),
        option::of(0.0..0.05f64),
    )
        .prop_map(|(model, input, output, cached, request)| ApiInput {
            model: model.map(str::to_string),
            input_usd_per_mtok: input,
            output_usd_per_mtok: output,
            cached_input_usd_per_mtok: cached,
            usd_per_request: request,
            ..ApiInput::default()
        })
        .prop_filter("a model or a price", |a| {
            a.model.is_some() || a.input_usd_per_mtok.is_some() || a.output_usd_per_mtok.is_some()
        })
}

/// How a self-hosted fleet's GPU is priced: typed, a table offer, or owned hardware.
#[derive(Debug, Clone)]
enum Gpu {
    Typed(f64),
    Table(&'static str, Option<GpuPriceKind>, Option<f64>),
    Owned(f64, f64, f64, f64, f64),
}

fn gpu() -> impl Strategy<Value = Gpu> {
    prop_oneof![
        (0.05..40.0f64).prop_map(Gpu::Typed),
        (
            prop::sample::select(&GPUS[..]),
            option::of(Just(GpuPriceKind::OnDemand)),
            option::of(0.0..0.6f64)
        )
            .prop_map(|(g, p, d)| Gpu::Table(g, p, d)),
        (
            1000.0..40_000.0f64,
            12.0..60.0f64,
            50.0..1000.0f64,
            1.0..2.0f64,
            0.03..0.4f64
        )
            .prop_map(|(p, m, w, pue, e)| Gpu::Owned(p, m, w, pue, e)),
    ]
}

fn self_hosted() -> impl Strategy<Value = SlmInput> {
    (
        gpu(),
        option::of(1u32..8),
        number(10.0, 1e6),
        number(1.0, 1e5),
        option::of(0.05..=1.0f64),
        option::of(1u32..4),
        option::of(100.0..=744.0f64),
        option::of(0.0..5000.0f64),
        option::of("[a-z0-9 #:,]{1,60}"),
        option::of(0.0..1e5f64),
    )
        .prop_map(
            |(gpu, per_replica, prefill, decode, util, min, hours, fixed, source, one_time)| {
                let mut slm = SlmInput {
                    serving: Some(Serving::SelfHosted),
                    gpus_per_replica: per_replica.map(f64::from),
                    prefill_tokens_per_s: Some(prefill.max(1.0)),
                    decode_tokens_per_s: Some(decode.max(1.0)),
                    target_utilization: util,
                    min_replicas: min.map(f64::from),
                    hours_per_month: hours,
                    fixed_usd_per_month: fixed,
                    throughput_source: source,
                    one_time_usd: one_time,
                    ..SlmInput::default()
                };
                match gpu {
                    Gpu::Typed(p) => slm.gpu_usd_per_hour = Some(p),
                    Gpu::Table(id, price, discount) => {
                        slm.gpu = Some(id.to_string());
                        slm.gpu_price = price;
                        slm.gpu_discount = discount;
                    }
                    Gpu::Owned(purchase, months, watts, pue, kwh) => {
                        slm.owned = Some(OwnedInput {
                            purchase_usd: Some(purchase),
                            amortisation_months: Some(months.round()),
                            power_watts: Some(watts),
                            pue: Some(pue),
                            electricity_usd_per_kwh: Some(kwh),
                            ..OwnedInput::default()
                        })
                    }
                }
                slm
            },
        )
}

fn slm() -> impl Strategy<Value = SlmInput> {
    let hosted_api = (api(&SLM_APIS), option::of(0.0..1e5f64)).prop_map(|(a, one_time)| SlmInput {
        serving: Some(Serving::Api),
        model: a.model,
        input_usd_per_mtok: a.input_usd_per_mtok,
        output_usd_per_mtok: a.output_usd_per_mtok,
        cached_input_usd_per_mtok: a.cached_input_usd_per_mtok,
        usd_per_request: a.usd_per_request,
        one_time_usd: one_time,
        ..SlmInput::default()
    });
    prop_oneof![self_hosted(), hosted_api]
}

fn routing() -> impl Strategy<Value = Option<RoutingInput>> {
    let qualities = option::of((0.5..=1.0f64, 0.5..=1.0f64, option::of(0.5..=1.0f64)));
    option::of(
        (
            any::<bool>(),
            option::of(0.0..=1.0f64),
            option::of(0.0..=0.5f64),
            option::of(0.0..0.01f64),
            qualities,
        )
            .prop_map(|(cascade, share, escalation, fee, q)| RoutingInput {
                mode: Some(if cascade {
                    RoutingMode::Cascade
                } else {
                    RoutingMode::Router
                }),
                slm_share: if cascade { None } else { share },
                escalation_rate: escalation,
                router_usd_per_request: fee,
                slm_quality: q.map(|q| q.0),
                llm_quality: q.map(|q| q.1),
                min_quality: q.and_then(|q| q.2),
                measured: None,
            }),
    )
}

fn uncertainty() -> impl Strategy<Value = Option<UncertaintyInput>> {
    let range = |lo: f64, hi: f64| {
        (lo..hi, lo..hi).prop_map(|(a, b)| QuantileRange {
            p10: a.min(b),
            p90: a.max(b),
        })
    };
    option::of(
        (
            option::of(1u32..20_000),
            option::of(any::<u64>()),
            option::of(range(1e3, 1e9)),
            option::of(range(0.01, 0.99)),
            option::of(range(-0.1, 0.3)),
        )
            .prop_map(|(draws, seed, volume, share, growth)| {
                let mut inputs = BTreeMap::new();
                let mut put = |k: &str, r: Option<QuantileRange>| {
                    if let Some(r) = r {
                        inputs.insert(k.to_string(), r);
                    }
                };
                put("workload.requests_per_month", volume);
                put("routing.escalation_rate", share);
                put("workload.monthly_growth", growth);
                UncertaintyInput {
                    draws: draws.map(f64::from),
                    seed,
                    inputs,
                }
            }),
    )
}

fn state() -> impl Strategy<Value = SharedState> {
    let finance = option::of((option::of(1u32..=120), option::of(0.0..0.5f64))).prop_map(|f| {
        f.map(|(h, r)| FinanceInput {
            horizon_months: h.map(f64::from),
            discount_rate_annual: r,
        })
    });
    (
        name(),
        workload(),
        api(&LLMS),
        slm(),
        routing(),
        finance,
        uncertainty(),
        option::of(any::<i64>()),
    )
        .prop_map(
            |(name, workload, llm, slm, routing, finance, uncertainty, table)| SharedState {
                scenario: ScenarioInput {
                    name: Some(name),
                    workload: Some(workload),
                    llm: Some(llm),
                    slm: Some(slm),
                    routing,
                    finance,
                    uncertainty,
                },
                price_table: table,
            },
        )
}

/// Packs arbitrary bytes the way `encode` does, so the JSON stage sees them.
fn pack(bytes: &[u8]) -> String {
    format!(
        "1.{}",
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(bytes, 6))
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_valid_scenario_encodes_and_decodes_to_itself(state in state()) {
        let table = pricing::bundled_table();
        let validated = tco::validate(&state.scenario, table);
        prop_assume!(validated.is_ok(), "{:?}", validated);
        let text = encode(&state);
        prop_assert!(text.starts_with("1."));
        prop_assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)));
        let back = decode(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &state);
        prop_assert_eq!(tco::validate(&back.scenario, table), validated);
    }

    #[test]
    fn decode_never_panics_on_any_text(text in any::<String>()) {
        let _ = decode(&text);
        let _ = decode(&format!("1.{text}"));
    }

    #[test]
    fn decode_never_panics_on_any_base64url(text in "1\\.[A-Za-z0-9_-]{0,400}") {
        if let Err(e) = decode(&text) {
            prop_assert_eq!(e.field, "state");
        }
    }

    #[test]
    fn decode_never_panics_on_any_packed_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        prop_assert!(decode(&pack(&bytes)).is_err_and(|e| e.field == "state"));
    }
}

/// The app's default scenario (app/src/form.rs `defaults`: the default preset against
/// GPT-4o, one AWS g6.xlarge) as the form sends it: its link must fit comfortably in a URL.
#[test]
fn the_default_scenario_makes_a_short_link() {
    let w = profiles::default_preset().workload;
    let scenario = ScenarioInput {
        name: Some("Customer-support assistant".into()),
        workload: Some(WorkloadInput {
            requests_per_month: Some(w.requests_per_month),
            input_tokens: Some(w.input_tokens),
            output_tokens: Some(w.output_tokens),
            cached_input_share: Some(w.cached_input_share),
            peak_to_average: Some(w.peak_to_average),
            monthly_growth: Some(w.monthly_growth),
            load_shape: None,
            latency_slo: None,
            ..WorkloadInput::default()
        }),
        llm: Some(ApiInput {
            model: Some("gpt-4o".into()),
            ..ApiInput::default()
        }),
        slm: Some(SlmInput {
            serving: Some(Serving::SelfHosted),
            gpu: Some("aws:g6.xlarge".into()),
            gpu_price: Some(GpuPriceKind::OnDemand),
            gpus_per_replica: Some(1.0),
            prefill_tokens_per_s: Some(5000.0),
            decode_tokens_per_s: Some(500.0),
            target_utilization: Some(0.7),
            min_replicas: Some(1.0),
            one_time_usd: Some(10_000.0),
            ..SlmInput::default()
        }),
        routing: Some(RoutingInput {
            mode: Some(RoutingMode::Router),
            slm_share: Some(0.8),
            escalation_rate: Some(0.1),
            router_usd_per_request: Some(0.0),
            ..RoutingInput::default()
        }),
        finance: Some(FinanceInput {
            horizon_months: Some(36.0),
            discount_rate_annual: Some(0.1),
        }),
        uncertainty: None,
    };
    tco::validate(&scenario, pricing::bundled_table()).expect("the default scenario is valid");
    let state = SharedState {
        scenario,
        price_table: Some(1),
    };
    let text = encode(&state);
    println!("default scenario link state: {} chars", text.len());
    assert!(text.len() < 1000, "{} chars", text.len());
    assert_eq!(decode(&text), Ok(state));
}
