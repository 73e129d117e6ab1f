//! The form against the engine: worked figures, errors in place, and the round trip
//! through `from_input`.

use super::*;

#[test]
fn defaults_compute_and_match_the_engine() {
    let (_, result) =
        evaluate(&defaults(), None, pricing::bundled_table()).expect("defaults are valid");
    // 1M requests at (500·2.5 + 200·10)/1e6 = $0.00325.
    assert!((result.api.monthly_usd - 3250.0).abs() < 1e-9);
    assert_eq!(result.self_hosted.fleet.replicas, Some(1.0));
    // One L4 at $0.8048 for 730 hours; nobody runs it, and the engine says so beside the
    // operations field.
    assert!((result.self_hosted.monthly_usd - 0.8048 * 730.0).abs() < 1e-9);
    assert!(result
        .warnings
        .iter()
        .any(|w| w.code == "no_people_cost" && w.field == "slm.ops_fte"));
}

#[test]
fn bad_text_names_its_field() {
    let mut v = defaults();
    v.insert("workload.requests_per_month", "lots".into());
    let errors = evaluate(&v, None, pricing::bundled_table()).unwrap_err();
    assert_eq!(errors[0].field, "workload.requests_per_month");
    v.insert("workload.requests_per_month", "2,000,000".into());
    let (_, result) = evaluate(&v, None, pricing::bundled_table()).unwrap();
    assert!((result.api.monthly_usd - 6500.0).abs() < 1e-9);
    v.insert("slm.gpu_source", "typed".into());
    v.insert("slm.gpu_usd_per_hour", "-1".into());
    assert_eq!(
        evaluate(&v, None, pricing::bundled_table()).unwrap_err()[0].field,
        "slm.gpu_usd_per_hour"
    );
}

#[test]
fn each_gpu_price_source_sends_only_its_fields() {
    use tco::scenario::{FleetGpu, SlmServing};
    let mut v = defaults();
    let gpu = |v: &Values| match evaluate(v, None, pricing::bundled_table())
        .map(|(s, _)| s.slm.serving)
    {
        Ok(SlmServing::SelfHosted(f)) => f.gpu,
        other => panic!("{other:?}"),
    };
    let price = |v: &Values| match gpu(v) {
        FleetGpu::Rented {
            usd_per_gpu_hour, ..
        } => usd_per_gpu_hour,
        FleetGpu::Owned { .. } => f64::NAN,
    };
    assert_eq!(price(&v), 0.8048);
    v.insert("slm.gpu_price", "spot".into());
    assert_eq!(price(&v), 0.3821);
    // Rented extras typed for the table stay in the form but are not sent when owned.
    for (k, x) in [
        ("slm.gpu_discount", "0.3"),
        ("slm.cold_start_s", "60"),
        ("slm.reserved_instances", "1"),
        ("slm.price_change_annual", "-0.1"),
    ] {
        v.insert(k, x.into());
    }
    v.insert("slm.gpu_source", "owned".into());
    for (k, x) in [
        ("slm.owned.purchase_usd", "30000"),
        ("slm.owned.amortisation_months", "36"),
        ("slm.owned.power_watts", "700"),
        ("slm.owned.pue", "1.3"),
        ("slm.owned.electricity_usd_per_kwh", "0.12"),
    ] {
        v.insert(k, x.into());
    }
    match gpu(&v) {
        FleetGpu::Owned { inputs, .. } => assert_eq!(inputs.purchase_usd, 30000.0),
        other => panic!("{other:?}"),
    }
    // A discount applies to a typed price too (v2), and a typed price may name its spot.
    v.insert("slm.gpu_source", "typed".into());
    v.insert("slm.gpu_usd_per_hour", "2".into());
    v.insert("slm.spot_usd_per_hour", "0.8".into());
    v.insert("slm.spot_share", "0.5".into());
    match gpu(&v) {
        FleetGpu::Rented {
            discount,
            spot_usd_per_gpu_hour,
            spot_share,
            reserved_instances,
            ..
        } => {
            assert_eq!(
                (
                    discount,
                    spot_usd_per_gpu_hour,
                    spot_share,
                    reserved_instances
                ),
                (0.3, Some(0.8), 0.5, Some(1.0))
            );
        }
        other => panic!("{other:?}"),
    }
}

/// The input the form writes, with no text that fails to read.
pub(super) fn input(v: &Values) -> ScenarioInput {
    let mut errors = Vec::new();
    let input = to_input(v, None, &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    input
}

/// Each variant: the defaults with these fields changed.
fn variants() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    vec![
        ("defaults", vec![]),
        (
            "spot, discounted",
            vec![("slm.gpu_price", "spot"), ("slm.gpu_discount", "0.3")],
        ),
        (
            "typed GPU price",
            vec![("slm.gpu_source", "typed"), ("slm.gpu_usd_per_hour", "2.5")],
        ),
        (
            "owned hardware",
            vec![
                ("slm.gpu_source", "owned"),
                ("slm.owned.purchase_usd", "30000"),
                ("slm.owned.amortisation_months", "36"),
                ("slm.owned.power_watts", "700"),
                ("slm.owned.pue", "1.3"),
                ("slm.owned.electricity_usd_per_kwh", "0.12"),
            ],
        ),
        (
            "hosted SLM API, cascade",
            vec![
                ("slm.serving", "api"),
                ("slm.output_usd_per_mtok", "0.06"),
                ("routing.mode", "cascade"),
                ("routing.slm_quality", "0.8"),
                ("routing.llm_quality", "0.95"),
                ("routing.min_quality", "0.9"),
            ],
        ),
        (
            "load shape, SLO, measured throughput",
            vec![
                ("workload.peak_to_average", ""),
                (
                    "workload.load_shape",
                    "1, 1, 1, 1, 1, 1, 2, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 2, 2, 1.5, 1, 1, 1",
                ),
                ("workload.latency_slo.ttft_ms", "800"),
                ("workload.latency_slo.tpot_ms", "50"),
                ("slm.throughput_source", "benchmark #3: smollm2-135m on cpu"),
                ("slm.hours_per_month", "720"),
                ("llm.input_usd_per_mtok", "1.25"),
                ("name", ""),
            ],
        ),
        (
            "Monte Carlo",
            vec![
                ("uncertainty.enabled", "on"),
                ("uncertainty.draws", "500"),
                ("uncertainty.seed", "18446744073709551615"),
                (
                    "uncertainty.inputs.workload.requests_per_month.p10",
                    "700000",
                ),
                (
                    "uncertainty.inputs.workload.requests_per_month.p90",
                    "1,300,000",
                ),
                ("uncertainty.inputs.slm.fixed_usd_per_month.p10", "0.1"),
                (
                    "uncertainty.inputs.slm.fixed_usd_per_month.p90",
                    "0.30000000000000004",
                ),
            ],
        ),
        (
            "Monte Carlo, engine defaults",
            vec![
                ("uncertainty.enabled", "on"),
                ("uncertainty.draws", ""),
                ("uncertainty.seed", ""),
            ],
        ),
        (
            "v2 traffic and API extras",
            vec![
                ("workload.peak_to_average", ""),
                (
                    "workload.load_shape",
                    "0, 0, 0, 0, 0, 0, 1, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 2, 1, 0, 0, 0, 0",
                ),
                ("workload.weekly_shape", "1, 1, 1, 1, 1, 0.25, 0"),
                ("workload.batch_share", "0.2"),
                ("workload.cache_write_share", "0.1"),
                ("llm.min_cached_input_tokens", "0"),
                ("llm.cache_write_usd_per_mtok", "3.75"),
                ("llm.reasoning_tokens", "250"),
                ("llm.price_change_annual", "-0.2"),
                ("llm.batch_input_usd_per_mtok", "1.25"),
                ("llm.batch_output_usd_per_mtok", "5"),
            ],
        ),
        (
            "v2 fleet on a table offer",
            vec![
                ("workload.peak_to_average", ""),
                (
                    "workload.load_shape",
                    "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1",
                ),
                ("slm.gpu", "aws:g6.xlarge"),
                ("slm.scaling", "hourly"),
                ("slm.min_replicas", "0"),
                ("slm.spare_replicas", "1"),
                ("slm.reserved_instances", "optimal"),
                ("slm.gpu_discount", "0.4"),
                ("slm.spot_share", "0.5"),
                ("slm.spot_overhead", "0.1"),
                ("slm.cold_start_s", "90"),
                ("slm.ops_fte", "0.25"),
                ("slm.fte_usd_per_year", "180000"),
                ("slm.fixed_usd_per_month", "500"),
                ("slm.token_ratio", "1.15"),
                ("slm.prefix_caching", "false"),
                ("slm.price_change_annual", "-0.1"),
            ],
        ),
        (
            "v2 fleet at a typed price",
            vec![
                ("slm.gpu_source", "typed"),
                ("slm.gpu_usd_per_hour", "2.5"),
                ("slm.gpus_per_instance", "8"),
                ("slm.gpus_per_replica", "2"),
                ("slm.spot_usd_per_hour", "1.1"),
                ("slm.spot_share", "0.3"),
                ("slm.reserved_instances", "2"),
                ("slm.gpu_discount", "0.3"),
                ("slm.scaling", "always_on"),
                ("slm.prefix_caching", "true"),
            ],
        ),
        (
            "v2 owned GPUs",
            vec![
                ("slm.gpu_source", "owned"),
                ("slm.owned.purchase_usd", "30000"),
                ("slm.owned.amortisation_months", "36"),
                ("slm.owned.power_watts", "700"),
                ("slm.owned.idle_power_watts", "100"),
                ("slm.owned.pue", "1.3"),
                ("slm.owned.electricity_usd_per_kwh", "0.12"),
                ("slm.owned.resale_share", "0.2"),
                ("slm.gpus_per_instance", "4"),
            ],
        ),
        (
            "v2 hosted SLM extras",
            vec![
                ("slm.serving", "api"),
                ("slm.batch_input_usd_per_mtok", "0.02"),
                ("slm.batch_output_usd_per_mtok", "0.03"),
                ("slm.cache_write_usd_per_mtok", "0.05"),
                ("slm.min_cached_input_tokens", "0"),
                ("slm.token_ratio", "1.2"),
                ("slm.price_change_annual", "-0.3"),
            ],
        ),
        (
            "no choices made",
            vec![
                ("slm.serving", ""),
                ("routing.mode", ""),
                ("slm.gpu_price", ""),
            ],
        ),
    ]
}

#[test]
fn from_input_reopens_what_to_input_wrote() {
    for (name, changes) in variants() {
        let mut v = defaults();
        for (k, x) in changes {
            v.insert(k, x.into());
        }
        let written = input(&v);
        let reopened = from_input(&written);
        assert_eq!(input(&reopened), written, "{name}");
        // Every v2 variant is a valid scenario, so its round trip is one a link carries.
        if name.starts_with("v2") {
            evaluate(&v, None, pricing::bundled_table())
                .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        }
        // The choices the form shows come back as they were.
        for k in [
            "slm.gpu_source",
            "slm.serving",
            "routing.mode",
            "uncertainty.enabled",
            "slm.scaling",
            "slm.reserved_instances",
            "slm.prefix_caching",
            "workload.weekly_shape",
        ] {
            if written.slm.as_ref().and_then(|s| s.serving) != Some(tco::input::Serving::Api)
                || k != "slm.gpu_source"
            {
                assert_eq!(reopened.get(k), v.get(k), "{name}: {k}");
            }
        }
    }
}

#[test]
fn reopened_fields_of_unused_modes_start_from_the_defaults() {
    let mut v = defaults();
    v.insert("slm.gpu_source", "typed".into());
    v.insert("slm.gpu_usd_per_hour", "2.5".into());
    let reopened = from_input(&input(&v));
    // Switching back to the GPU table shows an offer, and Monte Carlo its draws.
    assert_eq!(reopened["slm.gpu"], "aws:g6.xlarge");
    assert_eq!(reopened["uncertainty.draws"], BROWSER_DRAWS.to_string());
    assert_eq!(reopened["slm.gpu_usd_per_hour"], "2.5");
    // A field the stored scenario left out stays empty where it would be sent.
    let mut stored = input(&defaults());
    stored
        .workload
        .as_mut()
        .expect("workload")
        .cached_input_share = None;
    assert_eq!(
        crate::planner::values::text(&from_input(&stored), "workload.cached_input_share"),
        ""
    );
}

#[test]
fn beliefs_are_sent_only_when_switched_on_and_given() {
    let mut v = defaults();
    v.insert(
        "uncertainty.inputs.workload.output_tokens.p10",
        "150".into(),
    );
    v.insert(
        "uncertainty.inputs.workload.output_tokens.p90",
        "300".into(),
    );
    assert_eq!(input(&v).uncertainty, None);
    v.insert("uncertainty.enabled", "on".into());
    let u = input(&v).uncertainty.expect("on");
    assert_eq!(u.draws, Some(f64::from(BROWSER_DRAWS)));
    assert_eq!(u.inputs.len(), 1);
    assert_eq!(u.inputs["workload.output_tokens"].p90, 300.0);
    let (s, _) = evaluate(&v, None, pricing::bundled_table()).expect("valid");
    let mc = monte_carlo(&s).expect("simulated");
    assert!(mc.hybrid_monthly_usd.p10 < mc.hybrid_monthly_usd.p90);
    // Half a belief names the missing half; a GPU belief is not sent for an SLM API.
    v.insert("uncertainty.inputs.workload.output_tokens.p90", "".into());
    let errors = evaluate(&v, None, pricing::bundled_table()).unwrap_err();
    assert_eq!(
        errors[0].field,
        "uncertainty.inputs.workload.output_tokens.p90"
    );
    v.insert("uncertainty.inputs.workload.output_tokens.p10", "".into());
    v.insert("uncertainty.inputs.slm.gpu_usd_per_hour.p10", "0.5".into());
    v.insert("uncertainty.inputs.slm.gpu_usd_per_hour.p90", "0.4".into());
    let errors = evaluate(&v, None, pricing::bundled_table()).unwrap_err();
    assert_eq!(errors[0].field, "uncertainty.inputs.slm.gpu_usd_per_hour");
    v.insert("slm.serving", "api".into());
    v.insert(
        "slm.model",
        "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct".into(),
    );
    assert!(input(&v).uncertainty.expect("on").inputs.is_empty());
    v.insert("uncertainty.seed", "-1".into());
    let errors = evaluate(&v, None, pricing::bundled_table()).unwrap_err();
    assert_eq!(errors[0].field, "uncertainty.seed");
}

/// A benchmark's throughput section as "Use in scenario" writes it: a CPU measurement.
fn cpu_benchmark() -> tco::input::ThroughputInput {
    tco::input::ThroughputInput {
        basis: Some(tco::input::ThroughputKind::Benchmark),
        benchmark: Some(3.0),
        model: Some("smollm2-135m".into()),
        format: Some(models::WeightDtype::Q8_0),
        device: Some("cpu".into()),
        hardware: Some("Test CPU, 2 threads".into()),
        weights: Some("synthetic weights".into()),
        prompt_tokens: Some(500.0),
        gen_tokens: Some(200.0),
        concurrency: Some(1.0),
        decode_fixed_ms: Some(12.5),
        decode_ms_per_kv_token: Some(0.001),
        decode_bandwidth_efficiency: Some(0.4),
        prefill_mfu: Some(0.3),
        ..Default::default()
    }
}

#[test]
fn the_self_hosted_model_and_the_throughput_section_reopen_exactly() {
    use slm::SELF_HOSTED_MODEL;
    let mut v = defaults();
    v.insert(SELF_HOSTED_MODEL, "smollm2-135m".into());
    v.insert("slm.model_format", "q8_0".into());
    let section = cpu_benchmark();
    let mut errors = Vec::new();
    let written = to_input(&v, Some(&section), &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    let slm = written.slm.clone().expect("slm");
    assert_eq!(slm.model.as_deref(), Some("smollm2-135m"));
    assert_eq!(slm.model_format, Some(models::WeightDtype::Q8_0));
    assert_eq!(slm.throughput.as_ref(), Some(&section));
    // Reopened (a link, a stored revision): the text and the section held whole.
    let reopened = from_input(&written);
    assert_eq!(reopened[SELF_HOSTED_MODEL], "smollm2-135m");
    assert_eq!(throughput_of(&written), Some(section.clone()));
    assert_eq!(
        to_input(&reopened, throughput_of(&written).as_ref(), &mut errors),
        written
    );
    // The hosted SLM's model keeps its own text: switching modes sends each mode's model,
    // and a hosted SLM sends no throughput section.
    v.insert("slm.serving", "api".into());
    let hosted = to_input(&v, Some(&section), &mut errors).slm.expect("slm");
    assert_eq!(
        hosted.model.as_deref(),
        Some("deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct")
    );
    assert_eq!((hosted.model_format, hosted.throughput), (None, None));
}

#[test]
fn a_cpu_benchmark_priced_on_a_gpu_offer_is_warned_about_beside_its_field() {
    let mut v = defaults();
    v.insert(slm::SELF_HOSTED_MODEL, "smollm2-135m".into());
    v.insert("slm.model_format", "q8_0".into());
    let (s, r) = evaluate(&v, Some(&cpu_benchmark()), pricing::bundled_table()).expect("valid");
    let t = r.prices.throughput.expect("self-hosted");
    assert_eq!(t.label, "measured");
    assert!(t.in_words().starts_with("measured: benchmark #3"));
    assert_eq!(s.slm.model.map(|m| m.id).as_deref(), Some("smollm2-135m"));
    let device = r
        .warnings
        .iter()
        .find(|w| w.code == "throughput_device")
        .expect("a CPU measurement priced on an L4");
    assert_eq!(device.field, "slm.throughput.device");
    assert!(tco::vocabulary::field(&device.field).is_some());
    // A format the catalog does not know is named in place.
    v.insert("slm.model_format", "int3".into());
    let errors = evaluate(&v, None, pricing::bundled_table()).unwrap_err();
    assert_eq!(errors[0].field, "slm.model_format");
}

#[test]
fn a_bad_number_and_a_range_error_are_reported_together() {
    // Before, the text that did not read hid every range error until it was fixed.
    let mut v = defaults();
    v.insert("workload.input_tokens", "lots".into());
    v.insert("routing.slm_share", "1.5".into());
    v.insert("finance.horizon_months", "0".into());
    let errors = evaluate(&v, None, pricing::bundled_table()).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "workload.input_tokens",
            "routing.slm_share",
            "finance.horizon_months"
        ]
    );
    assert!(errors[0].message.contains("must be a number"));
    assert!(errors[1].message.contains("between 0 and 1 (got 1.5)"));
    // The field refused for its text is not also reported by the engine (as required, say).
    v.insert("workload.requests_per_month", "2MM".into());
    let errors = evaluate(&v, None, pricing::bundled_table()).unwrap_err();
    let volume = errors
        .iter()
        .filter(|e| e.field == "workload.requests_per_month")
        .count();
    assert_eq!(volume, 1);
    // A bad value in a shape leaves out that shape's other engine problems.
    let mut v = defaults();
    v.insert("workload.load_shape", "1, x, 3".into());
    let errors = evaluate(&v, None, pricing::bundled_table()).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "workload.load_shape[1]");
    // Nor does the weekly shape over it say it lacks a 24-hour shape meanwhile.
    v.insert("workload.weekly_shape", "1, 1, 1, 1, 1, 0, 0".into());
    let errors = evaluate(&v, None, pricing::bundled_table()).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
}

#[test]
fn typed_scales_and_percents_change_the_plan() {
    let mut v = defaults();
    v.insert("workload.requests_per_month", "2M".into());
    v.insert("routing.slm_share", "40%".into());
    let (s, r) = evaluate(&v, None, pricing::bundled_table()).expect("valid");
    assert_eq!(s.workload.requests_per_month, 2e6);
    assert_eq!(s.routing.slm_share, 0.4);
    // GPT-4o at $2.50/$10 per Mtok: 2M × (500 × 2.5 + 200 × 10) / 1e6 = $6,500.
    assert!((r.api.monthly_usd - 6500.0).abs() < 1e-9);
}
