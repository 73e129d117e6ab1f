//! The workload the trace shows, every figure with its basis (labels from the vocabulary
//! where the planner has the field), the weekly shape, the growth fit, the model mix, and
//! "Use in planner".

use std::sync::Arc;

use ::traffic::analysis::TraceWorkload;
use leptos::prelude::*;
use tco::format::{count, decimal1, percent, usd};
use tco::vocabulary::label;

use super::planner_fill;
use super::state::TrafficState;
use crate::app::Page;
use crate::planner::Form;

/// One figure: its label, its value (with the element id tests and links find), and a
/// line of basis under it.
fn figure(dt: String, id: &'static str, value: String, sub: Option<String>) -> impl IntoView {
    view! {
        <div>
            <dt>{dt}</dt>
            <dd><span id=id>{value}</span>
                {sub.map(|s| view! { <span class="sub">" " {s}</span> })}</dd>
        </div>
    }
}

fn figures(w: &TraceWorkload) -> impl IntoView {
    let p = w.percentiles.as_ref();
    let pct = |id: &'static str, dt: &str, v: Option<u64>| {
        figure(
            dt.to_string(),
            id,
            v.map_or_else(|| "—".to_string(), |v| count(v as f64)),
            None,
        )
    };
    let growth = match &w.growth {
        Some(g) => figure(
            label("workload.monthly_growth"),
            "traffic-growth",
            format!("{} a month", percent(g.monthly_growth)),
            Some(format!(
                "(fit R² {:.2} over {} days, {} – {})",
                g.r_squared, g.days_used, g.first_day, g.last_day
            )),
        )
        .into_any(),
        None => figure(
            label("workload.monthly_growth"),
            "traffic-growth",
            "—".into(),
            None,
        )
        .into_any(),
    };
    view! {
        <dl class="traffic-figures">
            {figure(label("workload.requests_per_month"), "traffic-requests-per-month", count(w.requests_per_month),
                Some("(requests ÷ hours × 730)".into()))}
            {figure("Requests in the log".into(), "traffic-requests", count(w.requests), None)}
            {figure("Weeks covered".into(), "traffic-weeks", decimal1(w.weeks_covered),
                Some(format!("({} hours, {} – {})", count(w.hours), w.first_date, w.last_date)))}
            {figure(label("workload.input_tokens"), "traffic-input-mean", decimal1(w.input_tokens_mean), Some("(mean)".into()))}
            {figure(label("workload.output_tokens"), "traffic-output-mean", decimal1(w.output_tokens_mean), Some("(mean)".into()))}
            {pct("traffic-input-p50", "Input tokens, median", p.map(|p| p.input_p50))}
            {pct("traffic-input-p95", "Input tokens, 95th percentile", p.map(|p| p.input_p95))}
            {pct("traffic-output-p50", "Output tokens, median", p.map(|p| p.output_p50))}
            {pct("traffic-output-p95", "Output tokens, 95th percentile", p.map(|p| p.output_p95))}
            {figure(label("workload.cached_input_share"), "traffic-cached-share", percent(w.cached_input_share), None)}
            {figure(label("workload.cache_write_share"), "traffic-cache-write-share", percent(w.cache_write_share), None)}
            {figure(label("workload.batch_share"), "traffic-batch-share", percent(w.batch_share),
                Some(format!("({} batch requests)", count(w.batch_requests))))}
            {growth}
            {figure("Recorded spend".into(), "traffic-recorded-spend", usd(w.recorded_spend_usd),
                Some(format!("(over {} requests that recorded one)", count(w.requests_with_spend))))}
        </dl>
    }
}

fn model_mix(w: &TraceWorkload) -> impl IntoView {
    let rows = w
        .models
        .iter()
        .map(|m| {
            view! {
                <tr>
                    <td>{m.model.clone()}</td>
                    <td class="num">{count(m.requests)}</td>
                    <td class="num">{percent(m.share)}</td>
                    <td class="num">{count(m.input_tokens)}</td>
                    <td class="num">{count(m.output_tokens)}</td>
                    <td class="num">{usd(m.recorded_spend_usd)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h4>"Models"</h4>
        <div class="table-scroll">
            <table class="traffic-table" id="traffic-models">
                <thead><tr>
                    <th scope="col">"Model"</th><th scope="col">"Requests"</th><th scope="col">"Share"</th>
                    <th scope="col">"Input tokens"</th><th scope="col">"Output tokens"</th><th scope="col">"Recorded spend"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn shape_view(w: &TraceWorkload) -> impl IntoView {
    match &w.shape {
        Some(s) => view! {
            <figure class="traffic-chart" id="traffic-shape-chart">
                <figcaption>{format!(
                    "Interactive requests per hour of the week ({}), averaged over {} weeks; busiest hour {:.2} × the mean.",
                    w.zone, decimal1(s.weeks_covered), s.peak_to_average
                )}</figcaption>
                <div class="svg" inner_html=::charts::traffic::weekly_shape(&s.requests_per_hour, &format!("UTC{}", w.zone), s.weeks_covered)></div>
            </figure>
        }
        .into_any(),
        None => view! {
            <p class="hint" id="traffic-shape-reason">
                {format!("No weekly shape: {}", w.shape_reason.clone().unwrap_or_default())}
            </p>
        }
        .into_any(),
    }
}

/// Reasons and warnings the figures come with.
fn notes(w: &TraceWorkload) -> impl IntoView {
    let mut lines: Vec<String> = w.warnings.clone();
    if let Some(r) = &w.percentiles_reason {
        lines.push(format!("Percentiles: {r}"));
    }
    // The growth's reasons name it already ("growth needs 14 full days …"); the proxy
    // cache hits are among the workload's own warnings.
    if let Some(r) = &w.growth_reason {
        lines.push(r.clone());
    }
    (!lines.is_empty()).then(|| {
        view! {
            <ul class="warnings" id="traffic-workload-notes">
                {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
            </ul>
        }
    })
}

fn workload_section(w: Arc<TraceWorkload>, form: Form, page: RwSignal<Page>) -> impl IntoView {
    let used = w.clone();
    let label = w.label.clone();
    let in_planner = move || form.value("workload.source") == label;
    let use_it = move |_| {
        let input = used.workload_input();
        form.values
            .update(|v| planner_fill::fill(v, &input, &used.label));
        page.set(Page::Planner);
    };
    view! {
        <section class="traffic-workload" id="traffic-workload" aria-label="Workload">
            <h3>"The workload it shows"</h3>
            <p class="source" id="traffic-label">{format!("Workload {}", w.label)}</p>
            {figures(&w)}
            {notes(&w)}
            {shape_view(&w)}
            {model_mix(&w)}
            <div class="toolbar">
                <button type="button" id="traffic-use" on:click=use_it>"Use in planner"</button>
                {move || in_planner().then(|| view! { <span class="status status-done" id="traffic-in-planner">"In the planner now."</span> })}
                <span class="hint">"Fills the planner's workload (volume, tokens, shares, the week's shape, the growth where its fit is good); the LLM, the SLM and the latency targets stay as they are."</span>
            </div>
        </section>
    }
}

#[component]
pub fn WorkloadView(form: Form, traffic: TrafficState, page: RwSignal<Page>) -> impl IntoView {
    move || {
        traffic.workload.get().map(|w| match w {
            Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            Ok(w) => workload_section(w, form, page).into_any(),
        })
    }
}
