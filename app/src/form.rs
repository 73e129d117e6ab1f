//! The scenario form's state: the raw text of every field, keyed by its scenario path,
//! turned into a `tco::ScenarioInput` and validated by the engine itself, so the browser
//! reports exactly the errors the server would.

use std::collections::BTreeMap;

use tco::input::{
    ApiInput, FinanceInput, GpuPriceKind, LatencySloInput, OwnedInput, RoutingInput, RoutingMode,
    Serving, SlmInput, WorkloadInput,
};
use tco::{FieldError, PlanResult, Scenario, ScenarioInput};

/// Field path → the text the user typed. Empty means "not given" (default or table price).
pub type Values = BTreeMap<&'static str, String>;

/// The form the app opens with: the customer-support preset (seed 003) against GPT-4o,
/// and one AWS g6.xlarge L4 at its on-demand price from the GPU table.
/// The throughput figures are typed estimates; the results say so.
pub fn defaults() -> Values {
    let preset = profiles::default_preset().workload;
    let mut v = Values::new();
    let mut put = |k: &'static str, s: String| {
        v.insert(k, s);
    };
    put("name", "Customer-support assistant".into());
    put(
        "workload.requests_per_month",
        preset.requests_per_month.to_string(),
    );
    put("workload.input_tokens", preset.input_tokens.to_string());
    put("workload.output_tokens", preset.output_tokens.to_string());
    put(
        "workload.cached_input_share",
        preset.cached_input_share.to_string(),
    );
    put(
        "workload.peak_to_average",
        preset.peak_to_average.to_string(),
    );
    put("workload.monthly_growth", preset.monthly_growth.to_string());
    put("llm.model", "gpt-4o".into());
    put("slm.serving", "self_hosted".into());
    put("slm.gpu_source", "table".into());
    put("slm.gpu", "aws:g6.xlarge".into());
    put("slm.gpu_price", "on_demand".into());
    put("slm.gpu_usd_per_hour", "0.8048".into());
    put("slm.gpus_per_replica", "1".into());
    put("slm.prefill_tokens_per_s", "5000".into());
    put("slm.decode_tokens_per_s", "500".into());
    put("slm.target_utilization", "0.7".into());
    put("slm.min_replicas", "1".into());
    put("slm.one_time_usd", "10000".into());
    put(
        "slm.model",
        "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct".into(),
    );
    put("routing.mode", "router".into());
    put("routing.slm_share", "0.8".into());
    put("routing.escalation_rate", "0.1".into());
    put("routing.router_usd_per_request", "0".into());
    put("finance.horizon_months", "36".into());
    put("finance.discount_rate_annual", "0.1".into());
    v
}

/// What the form shows: the result, or every problem with its field.
pub type Outcome = Result<(Scenario, PlanResult), Vec<FieldError>>;

/// Reads the text of every field and computes the plan with the engine.
pub fn evaluate(values: &Values, prices: &pricing::PriceTable) -> Outcome {
    let mut errors = Vec::new();
    let input = to_input(values, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let scenario = tco::validate(&input, prices)?;
    let result = tco::plan(&scenario);
    Ok((scenario, result))
}

fn text<'a>(values: &'a Values, path: &str) -> &'a str {
    values.get(path).map(|s| s.trim()).unwrap_or("")
}

/// A number as people type it: "1,000,000", "1 000 000" and "1_000_000" all read as 1e6.
fn number(values: &Values, path: &'static str, errors: &mut Vec<FieldError>) -> Option<f64> {
    let raw: String = text(values, path)
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<f64>() {
        Ok(v) => Some(v),
        Err(_) => {
            errors.push(FieldError::new(
                path,
                format!("must be a number (got \"{raw}\")"),
            ));
            None
        }
    }
}

/// The load shape as typed: numbers separated by commas or spaces.
fn shape(values: &Values, errors: &mut Vec<FieldError>) -> Option<Vec<f64>> {
    let raw = text(values, "workload.load_shape");
    if raw.is_empty() {
        return None;
    }
    let parsed: Result<Vec<f64>, _> = raw
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(str::parse)
        .collect();
    match parsed {
        Ok(values) => Some(values),
        Err(_) => {
            errors.push(FieldError::new(
                "workload.load_shape",
                "must be 24 numbers separated by commas",
            ));
            None
        }
    }
}

/// Writes a shape as the form shows it.
pub fn shape_text(shape: &[f64]) -> String {
    // Shortest round-trip form, so the engine derives exactly the preset's peak-to-average.
    shape
        .iter()
        .map(|v| format!("{v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn optional_text(values: &Values, path: &str) -> Option<String> {
    Some(text(values, path).to_string()).filter(|s| !s.is_empty())
}

fn to_input(v: &Values, e: &mut Vec<FieldError>) -> ScenarioInput {
    let serving = match text(v, "slm.serving") {
        "api" => Serving::Api,
        _ => Serving::SelfHosted,
    };
    let mode = match text(v, "routing.mode") {
        "cascade" => RoutingMode::Cascade,
        _ => RoutingMode::Router,
    };
    let api = serving == Serving::Api;
    let hosted = serving == Serving::SelfHosted;
    let gpu_source = text(v, "slm.gpu_source");
    let (typed, table, owned) = (
        hosted && gpu_source == "typed",
        hosted && gpu_source == "table",
        hosted && gpu_source == "owned",
    );
    // Only the fields of the chosen serving mode and routing mode are sent, as a person
    // switching modes expects; the hidden ones keep their text for switching back.
    let only = |keep: bool, x: Option<f64>| if keep { x } else { None };
    ScenarioInput {
        name: Some(text(v, "name").to_string()),
        workload: Some(WorkloadInput {
            requests_per_month: number(v, "workload.requests_per_month", e),
            input_tokens: number(v, "workload.input_tokens", e),
            output_tokens: number(v, "workload.output_tokens", e),
            cached_input_share: number(v, "workload.cached_input_share", e),
            peak_to_average: number(v, "workload.peak_to_average", e),
            monthly_growth: number(v, "workload.monthly_growth", e),
            load_shape: shape(v, e),
            latency_slo: {
                let (ttft, tpot) = (
                    number(v, "workload.latency_slo.ttft_ms", e),
                    number(v, "workload.latency_slo.tpot_ms", e),
                );
                (ttft.is_some() || tpot.is_some()).then_some(LatencySloInput {
                    ttft_ms: ttft,
                    tpot_ms: tpot,
                })
            },
        }),
        llm: Some(ApiInput {
            model: optional_text(v, "llm.model"),
            input_usd_per_mtok: number(v, "llm.input_usd_per_mtok", e),
            output_usd_per_mtok: number(v, "llm.output_usd_per_mtok", e),
            cached_input_usd_per_mtok: number(v, "llm.cached_input_usd_per_mtok", e),
            usd_per_request: number(v, "llm.usd_per_request", e),
        }),
        slm: Some(SlmInput {
            serving: Some(serving),
            model: if api {
                optional_text(v, "slm.model")
            } else {
                None
            },
            input_usd_per_mtok: only(api, number(v, "slm.input_usd_per_mtok", e)),
            output_usd_per_mtok: only(api, number(v, "slm.output_usd_per_mtok", e)),
            cached_input_usd_per_mtok: only(api, number(v, "slm.cached_input_usd_per_mtok", e)),
            usd_per_request: only(api, number(v, "slm.usd_per_request", e)),
            gpu_usd_per_hour: only(typed, number(v, "slm.gpu_usd_per_hour", e)),
            gpu: if table {
                optional_text(v, "slm.gpu")
            } else {
                None
            },
            gpu_price: match (table, text(v, "slm.gpu_price")) {
                (true, "spot") => Some(GpuPriceKind::Spot),
                (true, _) => Some(GpuPriceKind::OnDemand),
                (false, _) => None,
            },
            gpu_discount: only(table, number(v, "slm.gpu_discount", e)),
            owned: owned.then(|| OwnedInput {
                purchase_usd: number(v, "slm.owned.purchase_usd", e),
                amortisation_months: number(v, "slm.owned.amortisation_months", e),
                power_watts: number(v, "slm.owned.power_watts", e),
                pue: number(v, "slm.owned.pue", e),
                electricity_usd_per_kwh: number(v, "slm.owned.electricity_usd_per_kwh", e),
            }),
            gpus_per_replica: only(hosted, number(v, "slm.gpus_per_replica", e)),
            prefill_tokens_per_s: only(hosted, number(v, "slm.prefill_tokens_per_s", e)),
            decode_tokens_per_s: only(hosted, number(v, "slm.decode_tokens_per_s", e)),
            target_utilization: only(hosted, number(v, "slm.target_utilization", e)),
            min_replicas: only(hosted, number(v, "slm.min_replicas", e)),
            hours_per_month: only(hosted, number(v, "slm.hours_per_month", e)),
            fixed_usd_per_month: only(hosted, number(v, "slm.fixed_usd_per_month", e)),
            throughput_source: if hosted {
                optional_text(v, "slm.throughput_source")
            } else {
                None
            },
            one_time_usd: number(v, "slm.one_time_usd", e),
        }),
        routing: Some(RoutingInput {
            mode: Some(mode),
            slm_share: only(
                mode == RoutingMode::Router,
                number(v, "routing.slm_share", e),
            ),
            escalation_rate: number(v, "routing.escalation_rate", e),
            router_usd_per_request: number(v, "routing.router_usd_per_request", e),
            slm_quality: number(v, "routing.slm_quality", e),
            llm_quality: number(v, "routing.llm_quality", e),
            min_quality: number(v, "routing.min_quality", e),
        }),
        finance: Some(FinanceInput {
            horizon_months: number(v, "finance.horizon_months", e),
            discount_rate_annual: number(v, "finance.discount_rate_annual", e),
        }),
        uncertainty: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_compute_and_match_the_engine() {
        let (_, result) =
            evaluate(&defaults(), pricing::bundled_table()).expect("defaults are valid");
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
        let price =
            |v: &Values| match evaluate(v, pricing::bundled_table()).map(|(s, _)| s.slm.serving) {
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
}
