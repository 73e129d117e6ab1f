//! A finished benchmark's result: the weights it ran, the goodput the SLO allows (and "Use in
//! scenario"), every point, three charts, the roofline, GPUs projected from it (labelled as
//! projections) and the reproducibility record.

use ::api::bench::{BenchResult, ThroughputChoice};
use ::api::BenchmarkId;
use leptos::prelude::*;
use serde_json::Value;

use super::format::{chart_point, flops, mib, ms, parameters, rate};
use super::points::{cell, missing, points_table, shown};
use super::rerun::{priced_gpu, Rerun};
use super::state::{BenchState, Current};
use crate::app::Page;
use crate::planner::Form;

/// One value of the reproducibility record as text.
fn record_value(v: &Value) -> AnyView {
    match v {
        Value::Null => missing("not recorded"),
        Value::String(s) if s.is_empty() => missing("empty"),
        Value::String(s) => view! { <code>{s.clone()}</code> }.into_any(),
        Value::Array(items) if items.is_empty() => missing("none"),
        other => view! { <code>{other.to_string()}</code> }.into_any(),
    }
}

/// The reproducibility record key by key, as the benchmark wrote it.
fn record(r: &BenchResult) -> Vec<(String, Value)> {
    match serde_json::to_value(&r.reproducibility) {
        Ok(Value::Object(map)) => map.into_iter().collect(),
        _ => Vec::new(),
    }
}

/// The three charts; one whose figure no point measured is not drawn (a note says so)
/// rather than shown as an empty frame that looks like data.
fn charts(r: &BenchResult) -> impl IntoView {
    let points: Vec<charts::bench::ChartPoint> = r.points.iter().map(chart_point).collect();
    let any = |figure: fn(&::api::bench::Point) -> Option<f64>| {
        r.points
            .iter()
            .any(|p| figure(p).is_some_and(|v| v.is_finite()))
    };
    let figures = [
        (
            "Aggregate throughput",
            "chart-throughput",
            any(|p| Some(p.decode_tokens_per_s)) || any(|p| Some(p.prefill_tokens_per_s)),
            charts::bench::throughput(&points),
        ),
        (
            "Time per output token (p95) and the SLO",
            "chart-tpot",
            any(|p| Some(p.tpot_ms_p95)),
            charts::bench::tpot(&points, r.slo.map(|s| s.tpot_ms)),
        ),
        (
            "Decode bandwidth efficiency",
            "chart-bandwidth",
            any(|p| p.decode_bandwidth_efficiency),
            charts::bench::bandwidth(&points),
        ),
    ];
    let (drawn, empty): (Vec<_>, Vec<_>) = figures.into_iter().partition(|f| f.2);
    let empty = (!empty.is_empty()).then(|| {
        let names: Vec<&str> = empty.iter().map(|f| f.0).collect();
        view! { <p class="hint" id="bench-charts-empty">{format!("Not drawn, nothing measured: {}.", names.join(", "))}</p> }
    });
    view! {
        <div class="charts" id="bench-charts">
            {drawn.into_iter().map(|(caption, id, _, svg)| view! {
                <figure class="chart" id=id>
                    <figcaption>{caption}</figcaption>
                    <div class="svg" inner_html=svg></div>
                </figure>
            }).collect_view()}
        </div>
        {empty}
    }
}

/// Puts this result's figures for `choice` into the planner and opens it, or says why not.
fn use_in_scenario(
    form: Form,
    page: RwSignal<Page>,
    id: BenchmarkId,
    r: &BenchResult,
    choice: &ThroughputChoice,
    problem: RwSignal<Option<String>>,
) {
    match r.throughput_input(id, choice) {
        Ok((section, prefill, decode)) => {
            problem.set(None);
            form.use_throughput(section, prefill, decode);
            page.set(Page::Planner);
        }
        Err(why) => problem.set(Some(why)),
    }
}

fn projections(
    form: Form,
    page: RwSignal<Page>,
    id: BenchmarkId,
    r: &BenchResult,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    if r.projections.is_empty() {
        return view! { <p class="hint">"No projections in this result."</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="rows" id="bench-projections">
                <thead><tr><th>"GPU"</th><th></th><th>"Memory bandwidth"</th><th>"Decode tok/s, one request"</th><th>"Largest concurrency that fits"</th><th>"One replica at this benchmark's lengths and SLO"</th><th>"Basis"</th></tr></thead>
                <tbody>
                    {r.projections.iter().map(|p| {
                        let replica = match (&p.replica, &p.replica_note) {
                            (Some(x), _) => {
                                let (gpu, result) = (p.gpu.clone(), r.clone());
                                let use_it = move |_| use_in_scenario(form, page, id, &result, &ThroughputChoice::Projected(gpu.clone()), problem);
                                view! {
                                    <td>{format!("concurrency {} · decode {} tok/s · prefill {} tok/s ", x.concurrency,
                                        rate(x.decode_tokens_per_s).unwrap_or_else(|| "—".into()),
                                        rate(x.prefill_tokens_per_s).unwrap_or_else(|| "—".into()))}
                                        <button type="button" class="use-projection" data-use-projection=p.gpu.clone() on:click=use_it>"Use in scenario"</button></td>
                                }.into_any()
                            }
                            (None, note) => view! { <td class="missing">{note.clone().unwrap_or_else(|| "not projected per replica (stored before projections per replica)".into())}</td> }.into_any(),
                        };
                        view! {
                        <tr data-projection=p.gpu.clone()>
                            <td>{p.gpu.clone()}</td>
                            <td><span class="projected">{if p.label.is_empty() { "projected, not measured".to_string() } else { p.label.clone() }}</span></td>
                            {cell(rate(p.memory_bandwidth_gb_s).map(|v| format!("{v} GB/s")), "unknown")}
                            {cell(rate(p.decode_tokens_per_s_batch1), "not projected")}
                            <td class="num">{p.max_concurrency_fits}</td>
                            {replica}
                            <td class="source">{p.basis.clone()}</td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

pub fn result_view(
    form: Form,
    page: RwSignal<Page>,
    bench: BenchState,
    c: &Current,
    r: BenchResult,
) -> impl IntoView {
    let synthetic = r.weights_label.contains("synthetic");
    let id = c.id;
    let problem = RwSignal::new(None::<String>);
    let usable = r.throughput_input(id, &ThroughputChoice::Measured).is_ok();
    let use_it = {
        let r = r.clone();
        move |_| use_in_scenario(form, page, id, &r, &ThroughputChoice::Measured, problem)
    };
    let elsewhere = priced_gpu(form).filter(|(_, spec)| {
        tco::throughput::spec_gpu_named(&r.device_name()).as_deref() != spec.as_deref()
    });
    let elsewhere = elsewhere.map(|(offer, spec)| {
        let projection = spec.clone().map(|gpu| {
            let choice = ThroughputChoice::Projected(gpu.clone());
            (gpu, r.throughput_input(id, &choice).map(|_| choice))
        });
        let device = r.device_name();
        let body = match projection {
            Some((gpu, Ok(choice))) => {
                let result = r.clone();
                let use_projection = move |_| use_in_scenario(form, page, id, &result, &choice, problem);
                view! {
                    <button type="button" id="use-projection-for-priced" data-use-projection=gpu.clone() on:click=use_projection>{format!("Use the projection for {gpu}")}</button>
                    <span class="sub">" projected, not measured"</span>
                }.into_any()
            }
            Some((gpu, Err(why))) => view! { <span data-no-projection=gpu.clone()>{format!("No projection for {gpu}: {why}.")}</span> }.into_any(),
            None => view! { <span>"The GPU table has no spec sheet for its GPU: nothing to project onto."</span> }.into_any(),
        };
        view! {
            <p class="note" id="bench-priced-elsewhere" data-priced-offer=offer.clone()>
                {format!("The planner prices {offer}, not the {device} this benchmark ran on; used as measured, it will warn and offer the choices. ")}
                {body}
            </p>
        }
    });
    let slo_text = r.slo.map_or_else(
        || "none (goodput: highest decode tokens/s)".to_string(),
        |s| {
            format!(
                "p95 TTFT ≤ {} and p95 TPOT ≤ {}",
                ms(s.ttft_ms).unwrap_or_else(|| "—".into()),
                ms(s.tpot_ms).unwrap_or_else(|| "—".into())
            )
        },
    );
    let wall = Some(r.wall_seconds)
        .filter(|s| s.is_finite())
        .map(|s| format!(" · {s:.1} s in all"));
    let rf = &r.roofline;
    let (command, ran_by) = (c.command.clone(), c.source.clone());
    view! {
        <div class="bench-result" id="bench-result">
            <p class="weights-label" class:synthetic=synthetic class:real=!synthetic id="bench-weights-label">{r.weights_label.clone()}</p>
            {synthetic.then(|| view! { <p class="hint">"Random weights in the real architecture: the speed is that of the real model; the generated text is meaningless."</p> })}
            {super::endpoint_view::endpoint_facts(&r)}
            <dl class="facts">
                <dt>"Model"</dt>
                <dd>{r.model.clone()}{r.hf_repo.clone().map(|h| format!(" ({h})"))}{format!(" · {} parameters", parameters(r.parameters))}</dd>
                <dt>"Run"</dt>
                <dd>{format!("{} on {} · {} prompt + {} generated tokens · {} repetitions", r.dtype, r.hardware_line(), r.prompt_tokens, r.gen_tokens, r.repetitions)}</dd>
                <dt>"Weights and KV cache"</dt>
                <dd>{format!("{} of weights · {} KiB of KV cache per token", mib(r.weight_bytes), tco::format::count(r.kv_bytes_per_token as f64 / 1024.0))}</dd>
                <dt>"Latency SLO"</dt>
                <dd>{slo_text}</dd>
                <dt>"Sweep"</dt>
                <dd>{if r.stopped.is_empty() { "—".to_string() } else { r.stopped.clone() }}{wall}</dd>
            </dl>
            {if r.missed_slo() {
                super::no_goodput::no_goodput_box(bench, &r, c.request.clone()).into_any()
            } else {
                view! {
            <div class="goodput-box" id="bench-goodput">
                {match r.goodput.clone() {
                    Some(g) => view! {
                        <p><strong>"Goodput"</strong>" at concurrency "<strong>{g.concurrency}</strong>": decode "
                            <strong id="goodput-decode">{rate(g.decode_tokens_per_s).unwrap_or_else(|| "—".into())}</strong>" tokens/s, prefill "
                            <strong id="goodput-prefill">{rate(g.prefill_tokens_per_s).unwrap_or_else(|| "—".into())}</strong>" tokens/s (all requests together)"</p>
                        <p class="sub" id="goodput-reason">{g.reason.clone()}</p>
                    }.into_any(),
                    None => view! { <p id="goodput-none">"No goodput: no concurrency met the SLO, so there is no throughput to use."</p> }.into_any(),
                }}
                <button type="button" id="use-in-scenario" class="primary" disabled=!usable on:click=use_it>"Use in scenario"</button>
                <span class="sub">" sets the planner's self-hosted throughput to the goodput figures, marked as measured by this benchmark (and its model, when the scenario names none)"</span>
                {elsewhere}
                <p class="error" id="use-in-scenario-error" role="alert">{move || problem.get()}</p>
                <Rerun form bench r=r.clone() />
            </div>
                }.into_any()
            }}
            <h3>"Measurements"</h3>
            {points_table("bench-points", &r.points, r.goodput.as_ref())}
            {charts(&r)}
            <h3>"Roofline"</h3>
            <dl class="facts" id="bench-roofline">
                <dt>"Memory bandwidth"</dt>
                <dd>{shown(rate(rf.memory_bandwidth_gb_s).map(|v| format!("{v} GB/s")), "unknown")}<span class="sub">{format!(" · {}", rf.bandwidth_basis)}</span></dd>
                <dt>"Peak compute"</dt>
                <dd>{shown(rf.peak_flops.and_then(flops), "unknown")}<span class="sub">{format!(" · {}", rf.peak_flops_basis)}</span></dd>
            </dl>
            <h3>"Other GPUs"</h3>
            {projections(form, page, id, &r, problem)}
            <details class="basis" id="bench-reproducibility">
                <summary>"Reproducibility record"</summary>
                <dl class="record">
                    {command.map(|cmd| view! { <dt>"command"</dt><dd><code>{cmd}</code></dd> })}
                    {ran_by.map(|s| view! { <dt>"run by"</dt><dd><code>{s}</code></dd> })}
                    {record(&r).into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{record_value(&v)}</dd> }).collect_view()}
                </dl>
            </details>
        </div>
    }
}
