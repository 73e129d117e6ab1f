//! The field vocabulary is complete: every key a scenario can carry, every numeric input the
//! Monte Carlo and the tornado move, and every field the engine names in an error has a label,
//! so no surface falls back to showing a raw key.

use serde_json::Value;
use tco::input::{
    ApiInput, FinanceInput, LatencySloInput, OwnedInput, RoutingInput, SlmInput, UncertaintyInput,
    WorkloadInput,
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
            ..SlmInput::default()
        }),
        routing: Some(RoutingInput::default()),
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
}

#[test]
fn every_value_of_a_closed_field_has_words() {
    use tco::input::{GpuPriceKind, ReservedChoice, RoutingMode, Scaling, Serving};
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
    for (path, value) in &cases {
        assert!(choice(path, value).is_some(), "{path} = {value}");
    }
    assert_eq!(tco::vocabulary::CHOICES.len(), cases.len());
}
