//! The field vocabulary is complete: every key a scenario can carry, every numeric input the
//! Monte Carlo and the tornado move, and every field the engine names in an error has a label,
//! so no surface falls back to showing a raw key.

use serde_json::Value;
use tco::input::{
    ApiInput, FinanceInput, LatencySloInput, MeasuredCascadeInput, OwnedInput, RoutingInput,
    SlmInput, ThroughputInput, UncertaintyInput, WorkloadInput,
};
use tco::vocabulary::{field, label};
use tco::ScenarioInput;

/// Every key of the scenario format: a scenario with every section present serialises every
/// key (absent values as null).
fn every_path() -> Vec<String> {
    let input = ScenarioInput {
        name: None,
        workload: Some(WorkloadInput {
            latency_slo: Some(LatencySloInput::default()),
            ..WorkloadInput::default()
        }),
        llm: Some(ApiInput::default()),
        slm: Some(SlmInput {
            owned: Some(OwnedInput::default()),
            throughput: Some(ThroughputInput::default()),
            ..SlmInput::default()
        }),
        routing: Some(RoutingInput {
            measured: Some(MeasuredCascadeInput::default()),
            ..RoutingInput::default()
        }),
        finance: Some(FinanceInput::default()),
        uncertainty: Some(UncertaintyInput::default()),
    };
    let mut paths = Vec::new();
    walk("", &serde_json::to_value(&input).unwrap(), &mut paths);
    paths
}

fn walk(prefix: &str, value: &Value, out: &mut Vec<String>) {
    let Some(object) = value.as_object() else {
        return;
    };
    for (key, inner) in object {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        // `uncertainty.inputs` is a map keyed by other fields' paths.
        if path != "uncertainty.inputs" {
            walk(&path, inner, out);
        }
        out.push(path);
    }
}

#[test]
fn every_key_of_the_format_has_a_label() {
    let paths = every_path();
    assert!(paths.len() > 50, "{paths:?}");
    // Sections are labelled too: an error or a warning can name a whole section ("llm").
    let missing: Vec<&String> = paths.iter().filter(|p| field(p).is_none()).collect();
    assert!(missing.is_empty(), "no vocabulary entry for {missing:?}");
}

#[test]
fn every_drawn_or_moved_input_has_a_label() {
    for f in tco::fields::NUMERIC_FIELDS {
        assert!(field(f.path).is_some(), "{}", f.path);
        assert!(!label(&format!("uncertainty.inputs.{}.p10", f.path)).contains('.'));
    }
}

#[test]
fn fields_the_engine_names_in_errors_have_labels() {
    let bad = r#"{
        "workload": {"requests_per_month": -1, "input_tokens": "x"}
    }"#;
    let errors = match tco::parse_scenario(bad, tco::Format::Json, pricing::bundled_table()) {
        Err(errors) => errors,
        Ok(_) => panic!("an invalid scenario was accepted"),
    };
    for e in &errors {
        assert!(
            !label(&e.field).starts_with('“'),
            "{}: {}",
            e.field,
            e.message
        );
    }
    let bad = r#"{
        "workload": {"requests_per_month": -1, "input_tokens": 10, "output_tokens": 10},
        "llm": {"input_usd_per_mtok": -1},
        "slm": {"serving": "self_hosted", "gpu_usd_per_hour": -2, "prefill_tokens_per_s": 0,
                "decode_tokens_per_s": 0, "target_utilization": 2},
        "routing": {"mode": "router", "slm_share": 2},
        "finance": {"horizon_months": 0}
    }"#;
    let errors = match tco::parse_scenario(bad, tco::Format::Json, pricing::bundled_table()) {
        Err(errors) => errors,
        Ok(_) => panic!("an invalid scenario was accepted"),
    };
    assert!(errors.len() >= 6, "{errors:?}");
    for e in &errors {
        assert!(
            !label(&e.field).starts_with('“'),
            "{}: {}",
            e.field,
            e.message
        );
    }
    // The throughput section's own errors: a measured basis missing what it needs, a typed
    // one carrying a measurement, a model the catalog lacks.
    for bad in [
        r#"{
        "workload": {"requests_per_month": 1000, "input_tokens": 10, "output_tokens": 10},
        "llm": {"input_usd_per_mtok": 1, "output_usd_per_mtok": 1},
        "slm": {"serving": "self_hosted", "gpu_usd_per_hour": 2, "prefill_tokens_per_s": 100,
                "decode_tokens_per_s": 100, "model": "no-such-model", "model_format": "q8_0",
                "throughput": {"basis": "projected", "model": "nope", "device": "",
                               "decode_fixed_ms": 1, "prefill_mfu": 0.5}}
    }"#,
        r#"{
        "workload": {"requests_per_month": 1000, "input_tokens": 10, "output_tokens": 10},
        "llm": {"input_usd_per_mtok": 1, "output_usd_per_mtok": 1},
        "slm": {"serving": "self_hosted", "gpu_usd_per_hour": 2, "prefill_tokens_per_s": 100,
                "decode_tokens_per_s": 100, "throughput_source": "x",
                "throughput": {"basis": "typed", "benchmark": 3, "format": "f16",
                               "slo_ttft_ms": 100, "weights": "real weights"}}
    }"#,
        r#"{
        "workload": {"requests_per_month": 1000, "input_tokens": 10, "output_tokens": 10},
        "llm": {"input_usd_per_mtok": 1, "output_usd_per_mtok": 1},
        "slm": {"serving": "self_hosted", "gpu_usd_per_hour": 2, "prefill_tokens_per_s": 100,
                "decode_tokens_per_s": 100, "throughput": {}}
    }"#,
    ] {
        let errors = match tco::parse_scenario(bad, tco::Format::Json, pricing::bundled_table()) {
            Err(errors) => errors,
            Ok(_) => panic!("an invalid scenario was accepted: {bad}"),
        };
        assert!(
            errors.iter().any(|e| e.field.starts_with("slm.")),
            "{errors:?}"
        );
        for e in &errors {
            assert!(
                !label(&e.field).starts_with('“'),
                "{}: {}",
                e.field,
                e.message
            );
            assert!(
                !tco::vocabulary::in_words(&e.message).contains("slm."),
                "{}",
                e.message
            );
        }
    }
}

#[test]
fn coherence_warnings_name_labelled_fields() {
    // A CPU benchmark of one model priced on a GPU, for another model, at other lengths,
    // looser latency target: every coherence warning at once.
    let scenario = r#"{
        "name": "coherence",
        "workload": {"requests_per_month": 100000, "input_tokens": 600, "output_tokens": 150,
                     "latency_slo": {"ttft_ms": 200, "tpot_ms": 20}},
        "llm": {"input_usd_per_mtok": 1, "output_usd_per_mtok": 4},
        "slm": {"serving": "self_hosted", "gpu": "aws:g6.xlarge", "prefill_tokens_per_s": 4000,
                "decode_tokens_per_s": 300, "model": "qwen2.5-0.5b", "model_format": "bf16",
                "throughput": {"basis": "benchmark", "benchmark": 7, "model": "smollm2-135m",
                               "format": "q8_0", "device": "cpu", "prompt_tokens": 128,
                               "gen_tokens": 32, "concurrency": 4,
                               "slo_ttft_ms": 1000, "slo_tpot_ms": 100}}
    }"#;
    let s = tco::parse_scenario(scenario, tco::Format::Json, pricing::bundled_table())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let plan = tco::plan(&s);
    let codes: Vec<&str> = plan.warnings.iter().map(|w| w.code.as_str()).collect();
    for code in [
        "throughput_device",
        "throughput_model",
        "throughput_shape",
        "throughput_slo",
    ] {
        assert!(codes.contains(&code), "{code} not in {codes:?}");
    }
    for w in &plan.warnings {
        assert!(
            !label(&w.field).starts_with('“'),
            "{}: {}",
            w.field,
            w.message
        );
        let words = tco::vocabulary::in_words(&w.message);
        assert!(!words.contains("slm."), "{words}");
        assert!(!words.contains("workload."), "{words}");
    }
}

#[test]
fn every_value_of_a_closed_field_has_words() {
    use tco::input::{GpuPriceKind, ReservedChoice, RoutingMode, Scaling, Serving, ThroughputKind};
    use tco::vocabulary::choice;
    let spelled = |v: serde_json::Value| v.as_str().unwrap().to_string();
    let cases = [
        (
            "slm.serving",
            spelled(serde_json::to_value(Serving::SelfHosted).unwrap()),
        ),
        (
            "slm.serving",
            spelled(serde_json::to_value(Serving::Api).unwrap()),
        ),
        (
            "slm.gpu_price",
            spelled(serde_json::to_value(GpuPriceKind::OnDemand).unwrap()),
        ),
        (
            "slm.gpu_price",
            spelled(serde_json::to_value(GpuPriceKind::Spot).unwrap()),
        ),
        (
            "routing.mode",
            spelled(serde_json::to_value(RoutingMode::Router).unwrap()),
        ),
        (
            "routing.mode",
            spelled(serde_json::to_value(RoutingMode::Cascade).unwrap()),
        ),
        (
            "slm.scaling",
            spelled(serde_json::to_value(Scaling::AlwaysOn).unwrap()),
        ),
        (
            "slm.scaling",
            spelled(serde_json::to_value(Scaling::Hourly).unwrap()),
        ),
        (
            "slm.reserved_instances",
            spelled(serde_json::to_value(ReservedChoice::Optimal).unwrap()),
        ),
    ];
    let mut cases: Vec<(&str, String)> = cases.into_iter().collect();
    for format in models::WeightDtype::ALL {
        let spelled = spelled(serde_json::to_value(format).unwrap());
        cases.push(("slm.model_format", spelled.clone()));
        cases.push(("slm.throughput.format", spelled));
    }
    for kind in [
        ThroughputKind::Typed,
        ThroughputKind::Benchmark,
        ThroughputKind::Endpoint,
        ThroughputKind::Projected,
    ] {
        cases.push(("slm.throughput.basis", kind.as_str().to_string()));
        assert_eq!(spelled(serde_json::to_value(kind).unwrap()), kind.as_str());
    }
    for (path, value) in &cases {
        assert!(choice(path, value).is_some(), "{path} = {value}");
    }
    assert_eq!(tco::vocabulary::CHOICES.len(), cases.len());
}
