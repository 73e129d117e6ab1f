//! The planner's text as a scenario: the text of every field, keyed by its scenario path,
//! turned into a `tco::ScenarioInput` and validated and planned by the engine itself, so
//! the browser reports exactly the errors the server would.

use std::collections::BTreeMap;

use tco::input::{
    ApiInput, FinanceInput, GpuPriceKind, LatencySloInput, OwnedInput, QuantileRange, RoutingInput,
    RoutingMode, Serving, SlmInput, UncertaintyInput, WorkloadInput,
};
use tco::{FieldError, PlanResult, Scenario, ScenarioInput};

use super::beliefs;
use super::values::{number, text, Values};

mod reopen;
mod workload;

pub use reopen::from_input;
pub use workload::{fill_preset, fill_workload};

/// The form the app opens with: the customer-support preset (seed 003) against GPT-4o,
/// and one AWS g6.xlarge L4 at its on-demand price from the GPU table.
/// The throughput figures are typed estimates; the results say so.
pub fn defaults() -> Values {
    let preset = profiles::default_preset().workload;
    let mut v = Values::new();
    // The preset's workload without its load shape or SLO: the form opens on plain figures.
    fill_workload(&mut v, &preset, None);
    let mut put = |k: &'static str, s: String| {
        v.insert(k, s);
    };
    put("name", "Customer-support assistant".into());
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
    // Monte Carlo is off until asked for; these are what it runs with when turned on.
    put("uncertainty.draws", BROWSER_DRAWS.to_string());
    put("uncertainty.seed", tco::DEFAULT_SEED.to_string());
    v
}

/// Draws the planner starts with: enough for stable P10/P90, few enough that the whole
/// plan is recomputed on every keystroke without lag (the engine's default is 10,000).
pub const BROWSER_DRAWS: u32 = 2000;

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

/// The scenario the form's text describes. Text that is not a number is reported in `e`
/// with its field (and left out of the input).
pub fn to_input(v: &Values, e: &mut Vec<FieldError>) -> ScenarioInput {
    // An empty choice is sent as absent, so a stored scenario without one reopens as it was
    // (the engine then names the missing field, or applies its default).
    let serving = match text(v, "slm.serving") {
        "api" => Some(Serving::Api),
        "self_hosted" => Some(Serving::SelfHosted),
        _ => None,
    };
    let mode = match text(v, "routing.mode") {
        "cascade" => Some(RoutingMode::Cascade),
        "router" => Some(RoutingMode::Router),
        _ => None,
    };
    let api = serving == Some(Serving::Api);
    let hosted = !api;
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
            serving,
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
                (true, "on_demand") => Some(GpuPriceKind::OnDemand),
                _ => None,
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
            mode,
            slm_share: only(
                mode != Some(RoutingMode::Cascade),
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
        uncertainty: uncertainty(v, e),
    }
}

/// The Monte Carlo section, when switched on: draws, seed, and every belief row of an input
/// that applies whose P10 or P90 is given (a row with neither is simply not sent).
fn uncertainty(v: &Values, e: &mut Vec<FieldError>) -> Option<UncertaintyInput> {
    if text(v, "uncertainty.enabled") != "on" {
        return None;
    }
    let seed = match text(v, "uncertainty.seed") {
        "" => None,
        raw => match raw.parse::<u64>() {
            Ok(seed) => Some(seed),
            Err(_) => {
                e.push(FieldError::new(
                    "uncertainty.seed",
                    format!(
                        "must be a whole number from 0 to {} (got \"{raw}\")",
                        u64::MAX
                    ),
                ));
                None
            }
        },
    };
    let mut inputs = BTreeMap::new();
    for b in beliefs::beliefs()
        .iter()
        .filter(|b| beliefs::applies(b.path, v))
    {
        match (number(v, b.p10, e), number(v, b.p90, e)) {
            (Some(p10), Some(p90)) => {
                inputs.insert(b.path.to_string(), QuantileRange { p10, p90 });
            }
            (Some(_), None) if text(v, b.p90).is_empty() => e.push(FieldError::new(
                b.p90,
                "give P90 too (or clear P10 to drop this belief)",
            )),
            (None, Some(_)) if text(v, b.p10).is_empty() => e.push(FieldError::new(
                b.p10,
                "give P10 too (or clear P90 to drop this belief)",
            )),
            _ => {}
        }
    }
    Some(UncertaintyInput {
        draws: number(v, "uncertainty.draws", e),
        seed,
        inputs,
    })
}

#[cfg(test)]
mod tests;
