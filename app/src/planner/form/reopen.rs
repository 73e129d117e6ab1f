//! The inverse of `to_input`: a stored or linked scenario back into the form's text.

use tco::input::WorkloadInput;
use tco::input::{GpuPriceKind, ReservedInstances, RoutingMode, Scaling, Serving, SlmInput};
use tco::ScenarioInput;

use super::slm::SELF_HOSTED_MODEL;
use super::{defaults, shape_text, to_input};
use crate::planner::beliefs;
use crate::planner::values::Values;

/// The form's text for a scenario: the inverse of `to_input`, so a stored or linked scenario
/// reopens in the form exactly as it was written (`to_input(&from_input(i), t) == i` for any
/// input the form can write, `t` its `slm.throughput`, which the form holds whole beside
/// the text: see [`throughput_of`]).
pub fn from_input(input: &ScenarioInput) -> Values {
    let mut v = Values::new();
    if let Some(name) = &input.name {
        v.insert("name", name.clone());
    }
    workload_text(&mut v, &input.workload.clone().unwrap_or_default());
    let llm = input.llm.clone().unwrap_or_default();
    put_text(&mut v, "llm.model", &llm.model);
    put(&mut v, "llm.input_usd_per_mtok", llm.input_usd_per_mtok);
    put(&mut v, "llm.output_usd_per_mtok", llm.output_usd_per_mtok);
    put(
        &mut v,
        "llm.cached_input_usd_per_mtok",
        llm.cached_input_usd_per_mtok,
    );
    put(&mut v, "llm.usd_per_request", llm.usd_per_request);
    put(
        &mut v,
        "llm.batch_input_usd_per_mtok",
        llm.batch_input_usd_per_mtok,
    );
    put(
        &mut v,
        "llm.batch_output_usd_per_mtok",
        llm.batch_output_usd_per_mtok,
    );
    put(
        &mut v,
        "llm.cache_write_usd_per_mtok",
        llm.cache_write_usd_per_mtok,
    );
    put(
        &mut v,
        "llm.min_cached_input_tokens",
        llm.min_cached_input_tokens,
    );
    put(&mut v, "llm.reasoning_tokens", llm.reasoning_tokens);
    put(&mut v, "llm.price_change_annual", llm.price_change_annual);
    let slm = input.slm.clone().unwrap_or_default();
    let serving = match slm.serving {
        Some(Serving::Api) => "api",
        Some(Serving::SelfHosted) => "self_hosted",
        None => "",
    };
    v.insert("slm.serving", serving.into());
    // One key, two meanings: a price-table name for a hosted SLM, a catalog id self-hosted.
    let model_key = if slm.serving == Some(Serving::Api) {
        "slm.model"
    } else {
        SELF_HOSTED_MODEL
    };
    put_text(&mut v, model_key, &slm.model);
    if let Some(format) = slm.model_format {
        v.insert("slm.model_format", format.as_str().into());
    }
    put(&mut v, "slm.input_usd_per_mtok", slm.input_usd_per_mtok);
    put(&mut v, "slm.output_usd_per_mtok", slm.output_usd_per_mtok);
    put(
        &mut v,
        "slm.cached_input_usd_per_mtok",
        slm.cached_input_usd_per_mtok,
    );
    put(&mut v, "slm.usd_per_request", slm.usd_per_request);
    put(
        &mut v,
        "slm.batch_input_usd_per_mtok",
        slm.batch_input_usd_per_mtok,
    );
    put(
        &mut v,
        "slm.batch_output_usd_per_mtok",
        slm.batch_output_usd_per_mtok,
    );
    put(
        &mut v,
        "slm.cache_write_usd_per_mtok",
        slm.cache_write_usd_per_mtok,
    );
    put(
        &mut v,
        "slm.min_cached_input_tokens",
        slm.min_cached_input_tokens,
    );
    // The GPU price source is the one whose fields are present; typed when none is (a
    // discount alone no longer says "table": it applies to a typed price too).
    let source = if slm.owned.is_some() {
        "owned"
    } else if slm.gpu.is_some() || slm.gpu_price.is_some() {
        "table"
    } else {
        "typed"
    };
    v.insert("slm.gpu_source", source.into());
    put(&mut v, "slm.gpu_usd_per_hour", slm.gpu_usd_per_hour);
    put_text(&mut v, "slm.gpu", &slm.gpu);
    let price = match slm.gpu_price {
        Some(GpuPriceKind::Spot) => "spot",
        Some(GpuPriceKind::OnDemand) => "on_demand",
        None => "",
    };
    v.insert("slm.gpu_price", price.into());
    put(&mut v, "slm.gpu_discount", slm.gpu_discount);
    if let Some(o) = &slm.owned {
        put(&mut v, "slm.owned.purchase_usd", o.purchase_usd);
        put(
            &mut v,
            "slm.owned.amortisation_months",
            o.amortisation_months,
        );
        put(&mut v, "slm.owned.power_watts", o.power_watts);
        put(&mut v, "slm.owned.pue", o.pue);
        put(
            &mut v,
            "slm.owned.electricity_usd_per_kwh",
            o.electricity_usd_per_kwh,
        );
        put(&mut v, "slm.owned.idle_power_watts", o.idle_power_watts);
        put(&mut v, "slm.owned.resale_share", o.resale_share);
    }
    put(&mut v, "slm.gpus_per_replica", slm.gpus_per_replica);
    put(&mut v, "slm.prefill_tokens_per_s", slm.prefill_tokens_per_s);
    put(&mut v, "slm.decode_tokens_per_s", slm.decode_tokens_per_s);
    put(&mut v, "slm.target_utilization", slm.target_utilization);
    put(&mut v, "slm.min_replicas", slm.min_replicas);
    put(&mut v, "slm.hours_per_month", slm.hours_per_month);
    put(&mut v, "slm.fixed_usd_per_month", slm.fixed_usd_per_month);
    put_text(&mut v, "slm.throughput_source", &slm.throughput_source);
    put(&mut v, "slm.one_time_usd", slm.one_time_usd);
    fleet(&mut v, &slm);
    let r = input.routing.clone().unwrap_or_default();
    let mode = match r.mode {
        Some(RoutingMode::Router) => "router",
        Some(RoutingMode::Cascade) => "cascade",
        None => "",
    };
    v.insert("routing.mode", mode.into());
    put(&mut v, "routing.slm_share", r.slm_share);
    put(&mut v, "routing.escalation_rate", r.escalation_rate);
    put(
        &mut v,
        "routing.router_usd_per_request",
        r.router_usd_per_request,
    );
    put(&mut v, "routing.slm_quality", r.slm_quality);
    put(&mut v, "routing.llm_quality", r.llm_quality);
    put(&mut v, "routing.min_quality", r.min_quality);
    if let Some(m) = r
        .measured
        .as_ref()
        .and_then(|m| serde_json::to_string(m).ok())
    {
        v.insert(super::MEASURED, m);
    }
    let f = input.finance.clone().unwrap_or_default();
    put(&mut v, "finance.horizon_months", f.horizon_months);
    put(
        &mut v,
        "finance.discount_rate_annual",
        f.discount_rate_annual,
    );
    if let Some(u) = &input.uncertainty {
        v.insert("uncertainty.enabled", "on".into());
        put(&mut v, "uncertainty.draws", u.draws);
        if let Some(seed) = u.seed {
            v.insert("uncertainty.seed", seed.to_string());
        }
        for (path, range) in &u.inputs {
            // A path the engine cannot draw has no row; validation would refuse it.
            if let Some(b) = beliefs::belief(path) {
                put(&mut v, b.p10, Some(range.p10));
                put(&mut v, b.p90, Some(range.p90));
            }
        }
    }
    with_hidden_defaults(v)
}

/// A number as the form writes it, when it is given and finite: `{}` is the shortest text
/// that reads back as the same f64 (never an exponent).
fn put(v: &mut Values, k: &'static str, x: Option<f64>) {
    if let Some(x) = x.filter(|x| x.is_finite()) {
        v.insert(k, format!("{x}"));
    }
}

fn put_text(v: &mut Values, k: &'static str, x: &Option<String>) {
    if let Some(x) = x {
        v.insert(k, x.clone());
    }
}

/// The workload section's text (what `to_input` reads back as `w`): one writer for a stored
/// scenario reopened and a usage log's workload filled in (`traffic::planner_fill`).
pub fn workload_text(v: &mut Values, w: &WorkloadInput) {
    put(v, "workload.requests_per_month", w.requests_per_month);
    put(v, "workload.input_tokens", w.input_tokens);
    put(v, "workload.output_tokens", w.output_tokens);
    put(v, "workload.cached_input_share", w.cached_input_share);
    put(v, "workload.peak_to_average", w.peak_to_average);
    put(v, "workload.monthly_growth", w.monthly_growth);
    put(v, "workload.batch_share", w.batch_share);
    put(v, "workload.cache_write_share", w.cache_write_share);
    if let Some(s) = &w.load_shape {
        v.insert("workload.load_shape", shape_text(s));
    }
    if let Some(days) = &w.weekly_shape {
        v.insert("workload.weekly_shape", shape_text(days));
    }
    let slo = w.latency_slo.clone().unwrap_or_default();
    put(v, "workload.latency_slo.ttft_ms", slo.ttft_ms);
    put(v, "workload.latency_slo.tpot_ms", slo.tpot_ms);
    put_text(v, "workload.source", &w.source);
}

/// The `slm.throughput` section a scenario states, which the form keeps whole (not as text)
/// so that it reopens exactly and survives edits of the other fields.
pub fn throughput_of(input: &ScenarioInput) -> Option<tco::input::ThroughputInput> {
    input.slm.as_ref().and_then(|s| s.throughput.clone())
}

/// The v2 fleet's keys and the SLM's token ratio and price trend, each written as the
/// form's control for it reads back (a choice by its value, a checkbox as "true"/"false").
fn fleet(v: &mut Values, slm: &SlmInput) {
    let mut put = |k: &'static str, x: Option<f64>| {
        if let Some(x) = x.filter(|x| x.is_finite()) {
            v.insert(k, format!("{x}"));
        }
    };
    put("slm.gpus_per_instance", slm.gpus_per_instance);
    put("slm.spare_replicas", slm.spare_replicas);
    put("slm.spot_share", slm.spot_share);
    put("slm.spot_usd_per_hour", slm.spot_usd_per_hour);
    put("slm.spot_overhead", slm.spot_overhead);
    put("slm.cold_start_s", slm.cold_start_s);
    put("slm.ops_fte", slm.ops_fte);
    put("slm.fte_usd_per_year", slm.fte_usd_per_year);
    put("slm.token_ratio", slm.token_ratio);
    put("slm.price_change_annual", slm.price_change_annual);
    match slm.reserved_instances {
        Some(ReservedInstances::Count(b)) => put("slm.reserved_instances", Some(b)),
        Some(ReservedInstances::Choice(_)) => {
            v.insert("slm.reserved_instances", "optimal".into());
        }
        None => {}
    }
    if let Some(scaling) = slm.scaling {
        let text = match scaling {
            Scaling::AlwaysOn => "always_on",
            Scaling::Hourly => "hourly",
        };
        v.insert("slm.scaling", text.into());
    }
    if let Some(on) = slm.prefix_caching {
        v.insert("slm.prefix_caching", on.to_string());
    }
}

/// Fields of the modes the scenario does not use (another GPU source, the other serving
/// mode, Monte Carlo while off) get the planner's default text, so switching mode shows a
/// usable starting point rather than empty fields. A default is kept only where it leaves
/// the scenario unchanged, so the reopened form still writes exactly the stored input.
fn with_hidden_defaults(mut v: Values) -> Values {
    let mut ignored = Vec::new();
    let written = to_input(&v, None, &mut ignored);
    for (key, text) in defaults() {
        if v.contains_key(key) {
            continue;
        }
        let mut trial = v.clone();
        trial.insert(key, text);
        if to_input(&trial, None, &mut ignored) == written {
            v = trial;
        }
    }
    v
}
