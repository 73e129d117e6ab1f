//! The form against the engine: worked figures, errors in place, and the round trip
//! through `from_input`.

use super::*;

#[test]
fn defaults_compute_and_match_the_engine() {
    let (_, result) = evaluate(&defaults(), pricing::bundled_table()).expect("defaults are valid");
    // 1M requests at (500·2.5 + 200·10)/1e6 = $0.00325.
    assert!((result.api.monthly_usd - 3250.0).abs() < 1e-9);
    assert_eq!(result.self_hosted.replicas, Some(1.0));
}

#[test]
fn bad_text_names_its_field() {
    let mut v = defaults();
    v.insert("workload.requests_per_month", "lots".into());
    let errors = evaluate(&v, pricing::bundled_table()).unwrap_err();
    assert_eq!(errors[0].field, "workload.requests_per_month");
    v.insert("workload.requests_per_month", "2,000,000".into());
    let (_, result) = evaluate(&v, pricing::bundled_table()).unwrap();
    assert!((result.api.monthly_usd - 6500.0).abs() < 1e-9);
    v.insert("slm.gpu_source", "typed".into());
    v.insert("slm.gpu_usd_per_hour", "-1".into());
    assert_eq!(
        evaluate(&v, pricing::bundled_table()).unwrap_err()[0].field,
        "slm.gpu_usd_per_hour"
    );
}

#[test]
fn each_gpu_price_source_sends_only_its_fields() {
    let mut v = defaults();
    let price = |v: &Values| match evaluate(v, pricing::bundled_table()).map(|(s, _)| s.slm.serving)
    {
        Ok(tco::scenario::SlmServing::SelfHosted(f)) => f.gpu_usd_per_hour,
        other => panic!("{other:?}"),
    };
    assert_eq!(price(&v), 0.8048);
    v.insert("slm.gpu_price", "spot".into());
    assert_eq!(price(&v), 0.3821);
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
    assert!((price(&v) - (30000.0 / (36.0 * 730.0) + 0.1092)).abs() < 1e-12);
}

fn input(v: &Values) -> ScenarioInput {
    let mut errors = Vec::new();
    let input = to_input(v, &mut errors);
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
        // The choices the form shows come back as they were.
        for k in [
            "slm.gpu_source",
            "slm.serving",
            "routing.mode",
            "uncertainty.enabled",
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
    assert_eq!(from_input(&stored).get("workload.cached_input_share"), None);
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
    let (_, result) = evaluate(&v, pricing::bundled_table()).expect("valid");
    let mc = result.uncertainty.expect("simulated");
    assert!(mc.hybrid_monthly_usd.p10 < mc.hybrid_monthly_usd.p90);
    // Half a belief names the missing half; a GPU belief is not sent for an SLM API.
    v.insert("uncertainty.inputs.workload.output_tokens.p90", "".into());
    let errors = evaluate(&v, pricing::bundled_table()).unwrap_err();
    assert_eq!(
        errors[0].field,
        "uncertainty.inputs.workload.output_tokens.p90"
    );
    v.insert("uncertainty.inputs.workload.output_tokens.p10", "".into());
    v.insert("uncertainty.inputs.slm.gpu_usd_per_hour.p10", "0.5".into());
    v.insert("uncertainty.inputs.slm.gpu_usd_per_hour.p90", "0.4".into());
    let errors = evaluate(&v, pricing::bundled_table()).unwrap_err();
    assert_eq!(errors[0].field, "uncertainty.inputs.slm.gpu_usd_per_hour");
    v.insert("slm.serving", "api".into());
    v.insert(
        "slm.model",
        "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct".into(),
    );
    assert!(input(&v).uncertainty.expect("on").inputs.is_empty());
    v.insert("uncertainty.seed", "-1".into());
    let errors = evaluate(&v, pricing::bundled_table()).unwrap_err();
    assert_eq!(errors[0].field, "uncertainty.seed");
}

/// Not a check: how long the default scenario takes with Monte Carlo on (printed with
/// `cargo test -p breakeven-app -- --nocapture evaluate_time`), to keep typing responsive.
#[test]
fn evaluate_time() {
    let (s, _) = evaluate(&defaults(), pricing::bundled_table()).expect("valid");
    let mut v = defaults();
    v.insert("uncertainty.enabled", "on".into());
    for (k, x) in crate::planner::beliefs::starting_beliefs(&s) {
        v.insert(k, x);
    }
    let runs = 5;
    for (label, values) in [("off", defaults()), ("on", v)] {
        let start = std::time::Instant::now();
        for _ in 0..runs {
            assert!(evaluate(&values, pricing::bundled_table()).is_ok());
        }
        println!(
            "evaluate, Monte Carlo {label}: {:.1} ms per keystroke",
            start.elapsed().as_secs_f64() * 1e3 / f64::from(runs)
        );
    }
}
