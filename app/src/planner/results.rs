//! The results panel: the three monthly costs, break-even, replicas, payback and NPV,
//! each with the basis it was computed on.

use leptos::prelude::*;
use tco::format::{count, percent, usd};
use tco::roi::Roi;
use tco::scenario::SlmServing;
use tco::uncertainty::UncertaintyResult;
use tco::{FieldError, PlanResult, Scenario};

use super::{basis, charts, Form};

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

/// The engine's problems or warnings, each under the name of its field.
fn field_list(errors: &[FieldError]) -> impl IntoView {
    errors
        .iter()
        .map(|e| {
            // A problem of the scenario as a whole has no field to name.
            let name =
                (!e.field.is_empty()).then(|| format!("{}: ", tco::vocabulary::label(&e.field)));
            view! { <li><strong>{name}</strong>{e.message.clone()}</li> }
        })
        .collect_view()
}

fn problems(errors: &[FieldError]) -> impl IntoView {
    let items = field_list(errors);
    view! {
        <div id="problems" class="problems">
            <h2>"Fix the marked fields to see results"</h2>
            <ul>{items}</ul>
        </div>
    }
}

/// What a P10–P90 range is, on hover.
const RANGE_TITLE: &str =
    "10th and 90th percentiles of this figure over the Monte Carlo draws (Uncertainty in the form)";

/// What the Monte Carlo drew: its size, seed and beliefs.
fn monte_carlo_line(u: &UncertaintyResult) -> String {
    format!(
        "Monte Carlo: {} draws, seed {}, beliefs (P10–P90) about {}; ranges are the 10th and 90th percentiles of each figure over the draws",
        count(f64::from(u.draws)),
        u.seed,
        if u.inputs.is_empty() {
            "no input".to_string()
        } else {
            u.inputs
                .iter()
                .map(|path| tco::vocabulary::label(path))
                .collect::<Vec<_>>()
                .join(", ")
        }
    )
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
    let mut basis_lines = vec![
        basis::api(scenario),
        basis::self_hosted(scenario, r),
        basis::hybrid(scenario, r),
    ];
    if let SlmServing::SelfHosted(_) = scenario.slm.serving {
        basis_lines.push(format!(
            "Self-hosted throughput: {}",
            basis::throughput(r.prices.throughput.as_ref())
        ));
    }
    basis_lines.push(format!("Break-even: {}", basis::break_even(scenario)));
    basis_lines.push(format!("Payback and NPV: {}", basis::roi(scenario)));
    let mc = r.uncertainty.clone();
    if let Some(u) = &mc {
        basis_lines.push(monte_carlo_line(u));
    }
    let range = |pick: fn(&UncertaintyResult) -> tco::uncertainty::Quantiles| {
        mc.as_ref().map(|u| basis::range(&pick(u)))
    };
    let ranges = [
        range(|u| u.api_monthly_usd),
        range(|u| u.self_hosted_monthly_usd),
        range(|u| u.hybrid_monthly_usd),
    ];
    let npv_range = mc.as_ref().map(|u| {
        format!(
            "{} / {}",
            basis::range(&u.self_hosted_npv_usd),
            basis::range(&u.hybrid_npv_usd)
        )
    });
    let break_even_range = mc.as_ref().map(|u| {
        let q = u.break_even_requests_per_month;
        let side = |v: Option<f64>| v.map_or_else(|| "none".to_string(), count);
        format!(
            "P10–P90 {} – {} requests/month{}",
            side(q.p10),
            side(q.p90),
            if q.none_share > 0.0 {
                format!(" (none in {} of draws)", percent(q.none_share))
            } else {
                String::new()
            }
        )
    });
    let titles = [
        basis::api(scenario),
        basis::self_hosted(scenario, r),
        basis::hybrid(scenario, r),
    ];
    let warnings = field_list(&r.warnings);
    let has_warnings = !r.warnings.is_empty();
    let [api_title, own_title, hybrid_title] = titles;
    let [api_range, own_range, hybrid_range] = ranges;
    let card = move |id: &'static str,
                     label: String,
                     monthly: f64,
                     per: String,
                     title: String,
                     range: Option<String>| {
        let (card_title, money_title) = (title.clone(), title.clone());
        view! {
            <div class="card" class:cheapest=is_cheapest(monthly) title=card_title>
                <h3>{label}</h3>
                <p class="money" id=id title=money_title>{usd(monthly)}</p>
                <p class="sub">"per month · "{per}</p>
                {range.map(|t| view! { <p class="range" id=format!("{id}-range") title=RANGE_TITLE>{t}</p> })}
                {is_cheapest(monthly).then(|| view! { <p class="badge">"cheapest"</p> })}
                <details class="why">
                    <summary>"How"</summary>
                    <p>{title}</p>
                </details>
            </div>
        }
    };
    view! {
        {has_warnings.then(|| view! { <ul class="warnings" id="warnings">{warnings}</ul> })}
        <h2>"Monthly cost"</h2>
        <div class="cards">
            {card("api-monthly", "LLM API, all traffic".to_string(), r.api.monthly_usd, per_request(r.api.usd_per_request), api_title, api_range)}
            {card("self-hosted-monthly", slm_label.to_string(), r.self_hosted.monthly_usd, per_request(r.self_hosted.usd_per_request), own_title, own_range)}
            {card("hybrid-monthly", hybrid_label, r.hybrid.monthly_usd, per_request(r.hybrid.usd_per_request), hybrid_title, hybrid_range)}
        </div>
        <dl class="facts">
            <dt>"Break-even volume (self-hosted vs API)"</dt>
            <dd title=basis::break_even(scenario)><span id="break-even">{break_even}</span>
                {break_even_range.map(|t| view! { <span class="range" id="break-even-range" title=RANGE_TITLE>{t}</span> })}</dd>
            <dt>"Replicas for all traffic"</dt>
            <dd id="replicas" title=basis::self_hosted(scenario, r)>{replicas}{capacity.map(|c| view! { <span class="sub">" · "{c}</span> })}</dd>
            <dt>"Payback: self-hosted / hybrid"</dt>
            <dd id="payback" title=basis::roi(scenario)>{payback(&r.roi.self_hosted)}" / "{payback(&r.roi.hybrid)}</dd>
            <dt>{format!("NPV over {} months: self-hosted / hybrid", scenario.finance.horizon_months)}</dt>
            <dd title=basis::roi(scenario)><span id="npv">{usd(r.roi.self_hosted.npv_usd)}" / "{usd(r.roi.hybrid.npv_usd)}</span>
                {npv_range.map(|t| view! { <span class="range" id="npv-range" title=RANGE_TITLE>{t}</span> })}</dd>
            {mc.as_ref().map(|u| view! {
                <dt>"Cheapest in the Monte Carlo draws"</dt>
                <dd id="probability-cheapest">{format!(
                    "API {} · self-hosted {} · hybrid {}",
                    percent(u.probability_cheapest.api),
                    percent(u.probability_cheapest.self_hosted),
                    percent(u.probability_cheapest.hybrid)
                )}</dd>
            })}
        </dl>
        <details class="basis" id="basis">
            <summary>"Basis of these figures"</summary>
            <ul>{basis_lines.into_iter().map(|b| view! { <li>{b}</li> }).collect_view()}</ul>
            <p>"Computed in your browser by the same engine the server and CLI use; formulas in docs/cost-model.md."</p>
        </details>
        {charts::charts(scenario, r)}
    }
}
