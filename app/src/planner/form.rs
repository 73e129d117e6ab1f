//! The planner's text as a scenario: the text of every field, keyed by its scenario path,
//! turned into a `tco::ScenarioInput` and validated and planned by the engine itself, so
//! the browser reports exactly the errors the server would.

use std::collections::BTreeMap;

use tco::input::{
    FinanceInput, LatencySloInput, QuantileRange, RoutingInput, RoutingMode, ThroughputInput,
    UncertaintyInput, WorkloadInput,
};
use tco::uncertainty::UncertaintyResult;
use tco::{FieldError, PlanResult, Scenario, ScenarioInput};

use super::beliefs;
use super::values::{number, text, Values};

mod reopen;
pub mod shape;
pub mod slm;
mod workload;

pub use reopen::{from_input, throughput_of, workload_text};
pub use shape::shape_text;
pub use workload::{fill_preset, fill_workload};

/// The form the app opens with: the customer-support preset (seed 003) against GPT-4o,
/// and one AWS g6.xlarge L4 at its on-demand price from the GPU table.
/// The throughput figures are typed estimates; the results say so.
///
/// A field whose opening value is the engine's own default (one GPU per replica, 70 %
/// utilisation, one replica at least, no router fee, 36 months at 10 %) is left empty: the
/// field shows the default as its placeholder, the scenario leaves the key out, and the
/// engine fills the same value, so the figures are the same while the exports call the
/// value a default rather than typed.
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
    put("slm.prefill_tokens_per_s", "5000".into());
    put("slm.decode_tokens_per_s", "500".into());
    put("slm.one_time_usd", "10000".into());
    put(
        "slm.model",
        "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct".into(),
    );
    put("routing.mode", "router".into());
    put("routing.slm_share", "0.8".into());
    put("routing.escalation_rate", "0.1".into());
    // Monte Carlo is off until asked for; these are what it runs with when turned on.
    put("uncertainty.draws", BROWSER_DRAWS.to_string());
    put("uncertainty.seed", tco::DEFAULT_SEED.to_string());
    v
}

/// Draws the planner starts with: enough for stable P10/P90, few enough that a run after
/// typing stops is quick (the engine's default is 10,000).
pub const BROWSER_DRAWS: u32 = 2000;

/// What the form shows: the scenario with its deterministic plan (no Monte Carlo: that runs
/// apart, see `draws`), or every problem with its field.
pub type Outcome = Result<(Scenario, PlanResult), Vec<FieldError>>;

/// Reads the text of every field and the throughput's source (`slm.throughput`, held whole),
/// validates them (beliefs included, so a bad belief is named at once) and computes the plan
/// with the engine, without the Monte Carlo draws: this runs on every keystroke, and the
/// draws would make typing wait.
///
/// Every problem is reported at once: the text that does not read as a number, and the
/// engine's range checks of the fields that did read (a field left out for its bad text is
/// not also reported by the engine as missing or defaulted).
pub fn evaluate(
    values: &Values,
    throughput: Option<&ThroughputInput>,
    prices: &pricing::PriceTable,
) -> Outcome {
    let mut errors = Vec::new();
    let input = to_input(values, throughput, &mut errors);
    let scenario = match tco::validate(&input, prices) {
        Ok(scenario) if errors.is_empty() => scenario,
        Ok(_) => return Err(errors),
        Err(engine) => return Err(merged(errors, engine)),
    };
    let result = if scenario.uncertainty.is_some() {
        let mut fixed = scenario.clone();
        fixed.uncertainty = None;
        tco::plan(&fixed)
    } else {
        tco::plan(&scenario)
    };
    Ok((scenario, result))
}

/// The form's own problems (text that is not a number), then the engine's about every
/// other field. An engine error about a field the form already refused (or about a shape
/// one of whose values it refused) is left out: that field was not sent as typed.
fn merged(form: Vec<FieldError>, engine: Vec<FieldError>) -> Vec<FieldError> {
    let refused = |field: &str| {
        form.iter().any(|e| {
            e.field == field
                || e.field.split_once('[').is_some_and(|(shape, _)| {
                    shape == field || field.starts_with(&format!("{shape}["))
                })
        })
    };
    // A shape left out for a bad value is also not what another field's error is about
    // ("needs a 24-value workload.load_shape" while one of its values is being retyped).
    let about_refused_shape = |message: &str| {
        form.iter()
            .filter_map(|f| f.field.split_once('[').map(|(shape, _)| shape))
            .any(|shape| message.contains(shape))
    };
    let others: Vec<FieldError> = engine
        .into_iter()
        .filter(|e| !refused(&e.field) && !about_refused_shape(&e.message))
        .collect();
    form.into_iter().chain(others).collect()
}

/// The Monte Carlo over a validated scenario's beliefs (None without any): the figure
/// `tco::plan` would put in `uncertainty`, computed apart from `evaluate`.
pub fn monte_carlo(scenario: &Scenario) -> Option<UncertaintyResult> {
    scenario
        .uncertainty
        .as_ref()
        .map(|u| tco::uncertainty::simulate(scenario, u))
}

/// The scenario the form's text describes, with `throughput` as its `slm.throughput` (sent
/// with the self-hosted fleet's other keys). Text that is not a number is reported in `e`
/// with its field (and left out of the input).
pub fn to_input(
    v: &Values,
    throughput: Option<&ThroughputInput>,
    e: &mut Vec<FieldError>,
) -> ScenarioInput {
    let mode = match text(v, "routing.mode") {
        "cascade" => Some(RoutingMode::Cascade),
        "router" => Some(RoutingMode::Router),
        _ => None,
    };
    ScenarioInput {
        name: Some(text(v, "name").to_string()),
        workload: Some(workload_input(v, e)),
        llm: Some(slm::llm(v, e)),
        slm: Some(slm::slm(v, throughput, e)),
        routing: Some(RoutingInput {
            mode,
            // Cascade sends every request to the SLM: the engine refuses a share there.
            slm_share: if mode == Some(RoutingMode::Cascade) {
                None
            } else {
                number(v, "routing.slm_share", e)
            },
            escalation_rate: number(v, "routing.escalation_rate", e),
            router_usd_per_request: number(v, "routing.router_usd_per_request", e),
            slm_quality: number(v, "routing.slm_quality", e),
            llm_quality: number(v, "routing.llm_quality", e),
            min_quality: number(v, "routing.min_quality", e),
            measured: measured(v, e),
        }),
        finance: Some(FinanceInput {
            horizon_months: number(v, "finance.horizon_months", e),
            discount_rate_annual: number(v, "finance.discount_rate_annual", e),
        }),
        uncertainty: uncertainty(v, e),
    }
}

/// `routing.measured`: the cascade curve "Use in scenario" wrote (the Quality page), held
/// whole as its JSON text (nobody types it); empty: none. Typing a routing figure keeps it:
/// the engine reads the quality at the escalation rate off the curve.
pub const MEASURED: &str = "routing.measured";

/// What the Routing section says of the measured curve the form holds: "Quality measured
/// on …" (the label the curve carries, as the routing chart's note writes it), or None
/// when it holds none. A curve that cannot be read, or has no label, is still said to be
/// held, so that it can be removed.
pub fn measured_label(v: &Values) -> Option<String> {
    let json = text(v, MEASURED);
    if json.trim().is_empty() {
        return None;
    }
    let label = serde_json::from_str::<tco::input::MeasuredCascadeInput>(json)
        .ok()
        .and_then(|m| m.label)
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
    let name =
        tco::vocabulary::field("routing.measured.label").map_or("Quality measured on", |f| f.label);
    Some(match label {
        // "measured on 168 items of …": the chart's note reads "Quality measured on 168 …".
        Some(l) if l.starts_with("measured ") => format!("Quality {l}"),
        Some(l) => format!("{name}: {l}"),
        None => format!("{name}: (a curve without a label)"),
    })
}

/// "Remove measured curve": the form without `routing.measured` (the routing's typed
/// figures stay; any mode is then accepted again).
pub fn remove_measured(v: &mut Values) {
    v.remove(MEASURED);
}

fn measured(v: &Values, e: &mut Vec<FieldError>) -> Option<tco::input::MeasuredCascadeInput> {
    match text(v, MEASURED) {
        "" => None,
        json => match serde_json::from_str(json) {
            Ok(m) => Some(m),
            Err(err) => {
                e.push(FieldError::new(
                    MEASURED,
                    format!("the measured cascade curve cannot be read: {err}"),
                ));
                None
            }
        },
    }
}

/// The workload section: volume, tokens, caching, its shape over the week and the SLO.
fn workload_input(v: &Values, e: &mut Vec<FieldError>) -> WorkloadInput {
    WorkloadInput {
        requests_per_month: number(v, "workload.requests_per_month", e),
        input_tokens: number(v, "workload.input_tokens", e),
        output_tokens: number(v, "workload.output_tokens", e),
        cached_input_share: number(v, "workload.cached_input_share", e),
        peak_to_average: number(v, "workload.peak_to_average", e),
        monthly_growth: number(v, "workload.monthly_growth", e),
        load_shape: shape::read(v, "workload.load_shape", e),
        weekly_shape: shape::read(v, "workload.weekly_shape", e),
        batch_share: number(v, "workload.batch_share", e),
        cache_write_share: number(v, "workload.cache_write_share", e),
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
        source: Some(text(v, "workload.source").trim())
            .filter(|s| !s.is_empty())
            .map(str::to_string),
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
mod default_tests;
#[cfg(test)]
mod fleet_tests;
#[cfg(test)]
mod measured_tests;
#[cfg(test)]
mod tests;
