//! The results panel: the three monthly costs, break-even, replicas, payback and NPV,
//! each with the basis it was computed on.

use leptos::prelude::*;
use tco::format::{count, percent, usd};
use tco::roi::Roi;
use tco::scenario::PriceSource;
use tco::scenario::{GpuBasis, GpuPriceKind, ThroughputBasis};
use tco::{FieldError, PlanResult, Scenario};

use crate::Form;

#[component]
pub fn Results(form: Form) -> impl IntoView {
    view! {
        <section class="results" aria-live="polite" aria-label="Results">
            {move || form.outcome.with(|o| match o {
                Ok((scenario, result)) => figures(scenario, result).into_any(),
                Err(errors) => problems(errors).into_any(),
            })}
        </section>
    }
}

fn problems(errors: &[FieldError]) -> impl IntoView {
    let items = errors
        .iter()
        .map(|e| view! { <li><code>{e.field.clone()}</code>": "{e.message.clone()}</li> })
        .collect_view();
    view! {
        <div id="problems" class="problems">
            <h2>"Fix the marked fields to see results"</h2>
            <ul>{items}</ul>
        </div>
    }
}

fn source_line(label: &str, s: &PriceSource) -> String {
    let base = match (&s.model, &s.table) {
        (Some(model), Some(table)) => format!("{label}: {model} from {table}"),
        _ => format!("{label}: prices typed in the scenario"),
    };
    if s.overridden.is_empty() {
        base
    } else {
        format!("{base}; overridden: {}", s.overridden.join(", "))
    }
}

fn gpu_line(gpu: &GpuBasis) -> String {
    match gpu {
        GpuBasis::Typed => "GPU price: typed in the scenario".to_string(),
        GpuBasis::Table { offer, gpu, price, listed_usd_per_gpu_hour, discount, source, as_of, .. } => format!(
            "GPU price: {offer} ({gpu}), {} ${listed_usd_per_gpu_hour}/GPU-hour{}, from {source}, read {as_of}",
            match price {
                GpuPriceKind::OnDemand => "on demand",
                GpuPriceKind::Spot => "spot",
            },
            if *discount > 0.0 { format!(" less {}", percent(*discount)) } else { String::new() }
        ),
        GpuBasis::Owned { capital_usd_per_gpu_hour, energy_usd_per_gpu_hour, .. } => format!(
            "GPU price: owned hardware, {} capital + {} energy per GPU-hour",
            usd(*capital_usd_per_gpu_hour),
            usd(*energy_usd_per_gpu_hour)
        ),
    }
}

fn payback(roi: &Roi) -> String {
    match roi.payback_month {
        Some(m) => format!("month {m}"),
        None => "not within the horizon".to_string(),
    }
}

fn figures(scenario: &Scenario, r: &PlanResult) -> impl IntoView {
    let options = [
        r.api.monthly_usd,
        r.self_hosted.monthly_usd,
        r.hybrid.monthly_usd,
    ];
    let cheapest = options.iter().cloned().fold(f64::INFINITY, f64::min);
    let is_cheapest = move |v: f64| v <= cheapest;
    let per_request = |v: Option<f64>| {
        v.map_or_else(
            || "— (no traffic)".to_string(),
            |x| format!("{} per request", usd(x)),
        )
    };
    let slm_label = if r.self_hosted.serving == "api" {
        "SLM API, all traffic"
    } else {
        "Self-hosted SLM, all traffic"
    };
    let hybrid_label = match scenario.routing.mode {
        tco::scenario::RoutingMode::Router => {
            format!("Hybrid ({} to the SLM)", percent(r.hybrid.slm_share))
        }
        tco::scenario::RoutingMode::Cascade => "Hybrid (cascade)".to_string(),
    };
    let break_even = match (
        r.break_even.requests_per_month,
        r.break_even.tokens_per_month,
    ) {
        (Some(req), Some(tok)) => format!(
            "{} requests/month ({} tokens/month)",
            count(req),
            count(tok)
        ),
        _ => "none: the SLM never costs less per request than the API".to_string(),
    };
    let replicas = r
        .self_hosted
        .replicas
        .map_or_else(|| "— (served by an API)".to_string(), count);
    let capacity = r
        .self_hosted
        .capacity_requests_per_s
        .map(|c| format!("{c:.2} requests/s per replica at full load"));
    let mut basis = vec![source_line("LLM prices", &r.prices.llm)];
    if let Some(slm) = &r.prices.slm {
        basis.push(source_line("SLM prices", slm));
    }
    if let Some(gpu) = &r.prices.gpu {
        basis.push(gpu_line(gpu));
    }
    match &r.prices.throughput {
        Some(ThroughputBasis::Measured { source }) => {
            basis.push(format!("Self-hosted throughput: measured, {source}"))
        }
        Some(ThroughputBasis::Typed) => {
            basis.push("Self-hosted throughput: typed, not measured (estimate)".to_string())
        }
        None => {}
    }
    let warnings = r
        .warnings
        .iter()
        .map(|w| view! { <li><code>{w.field.clone()}</code>": "{w.message.clone()}</li> })
        .collect_view();
    let has_warnings = !r.warnings.is_empty();
    let card = move |id: &'static str, label: String, monthly: f64, per: String| {
        view! {
            <div class="card" class:cheapest=is_cheapest(monthly)>
                <h3>{label}</h3>
                <p class="money" id=id>{usd(monthly)}</p>
                <p class="sub">"per month · "{per}</p>
                {is_cheapest(monthly).then(|| view! { <p class="badge">"cheapest"</p> })}
            </div>
        }
    };
    view! {
        {has_warnings.then(|| view! { <ul class="warnings" id="warnings">{warnings}</ul> })}
        <h2>"Monthly cost"</h2>
        <div class="cards">
            {card("api-monthly", "LLM API, all traffic".to_string(), r.api.monthly_usd, per_request(r.api.usd_per_request))}
            {card("self-hosted-monthly", slm_label.to_string(), r.self_hosted.monthly_usd, per_request(r.self_hosted.usd_per_request))}
            {card("hybrid-monthly", hybrid_label, r.hybrid.monthly_usd, per_request(r.hybrid.usd_per_request))}
        </div>
        <dl class="facts">
            <dt>"Break-even volume (self-hosted vs API)"</dt>
            <dd id="break-even">{break_even}</dd>
            <dt>"Replicas for all traffic"</dt>
            <dd id="replicas">{replicas}{capacity.map(|c| view! { <span class="sub">" · "{c}</span> })}</dd>
            <dt>"Payback: self-hosted / hybrid"</dt>
            <dd id="payback">{payback(&r.roi.self_hosted)}" / "{payback(&r.roi.hybrid)}</dd>
            <dt>{format!("NPV over {} months: self-hosted / hybrid", scenario.finance.horizon_months)}</dt>
            <dd id="npv">{usd(r.roi.self_hosted.npv_usd)}" / "{usd(r.roi.hybrid.npv_usd)}</dd>
        </dl>
        <details class="basis">
            <summary>"Basis of these figures"</summary>
            <ul>{basis.into_iter().map(|b| view! { <li>{b}</li> }).collect_view()}</ul>
            <p>"Computed in your browser by the same engine the server and CLI use; formulas in docs/cost-model.md."</p>
        </details>
    }
}
