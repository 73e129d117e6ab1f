//! A finished benchmark's result: the weights it ran, the goodput the SLO allows (and "Use in
//! scenario"), every point, three charts, the roofline, GPUs projected from it (labelled as
//! projections) and the reproducibility record.

use ::api::bench::BenchResult;
use leptos::prelude::*;
use serde_json::Value;

use super::format::{chart_point, flops, measured, mib, ms, parameters, rate};
use super::points::{cell, missing, points_table, shown};
use super::state::Current;
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

fn charts(r: &BenchResult) -> impl IntoView {
    let points: Vec<charts::bench::ChartPoint> = r.points.iter().map(chart_point).collect();
    let figures = [
        (
            "Aggregate throughput",
            "chart-throughput",
            charts::bench::throughput(&points),
        ),
        (
            "Time per output token (p95) and the SLO",
            "chart-tpot",
            charts::bench::tpot(&points, r.slo.map(|s| s.tpot_ms)),
        ),
        (
            "Decode bandwidth efficiency",
            "chart-bandwidth",
            charts::bench::bandwidth(&points),
        ),
    ];
    view! {
        <div class="charts" id="bench-charts">
            {figures.into_iter().map(|(caption, id, svg)| view! {
                <figure class="chart" id=id>
                    <figcaption>{caption}</figcaption>
                    <div class="svg" inner_html=svg></div>
                </figure>
            }).collect_view()}
        </div>
    }
}

fn projections(r: &BenchResult) -> impl IntoView {
    if r.projections.is_empty() {
        return view! { <p class="hint">"No projections in this result."</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="rows" id="bench-projections">
                <thead><tr><th>"GPU"</th><th></th><th>"Memory bandwidth"</th><th>"Decode tok/s, one request"</th><th>"Largest concurrency that fits"</th><th>"Basis"</th></tr></thead>
                <tbody>
                    {r.projections.iter().map(|p| view! {
                        <tr>
                            <td>{p.gpu.clone()}</td>
                            <td><span class="projected">{if p.label.is_empty() { "projected, not measured".to_string() } else { p.label.clone() }}</span></td>
                            {cell(rate(p.memory_bandwidth_gb_s).map(|v| format!("{v} GB/s")), "unknown")}
                            {cell(rate(p.decode_tokens_per_s_batch1), "not projected")}
                            <td class="num">{p.max_concurrency_fits}</td>
                            <td class="source">{p.basis.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

pub fn result_view(form: Form, page: RwSignal<Page>, c: &Current, r: BenchResult) -> impl IntoView {
    let synthetic = r.weights_label.contains("synthetic");
    let usable = measured(c.id, &r).ok();
    let use_it = {
        let usable = usable.clone();
        move |_| {
            if let Some(m) = usable.clone() {
                form.set_measured(m.prefill, m.decode, m.source);
                page.set(Page::Planner);
            }
        }
    };
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
            <dl class="facts">
                <dt>"Model"</dt>
                <dd>{r.model.clone()}{r.hf_repo.clone().map(|h| format!(" ({h})"))}{format!(" · {} parameters", parameters(r.parameters))}</dd>
                <dt>"Run"</dt>
                <dd>{format!("{} on {} · {} prompt + {} generated tokens · {} repetitions", r.dtype, r.device, r.prompt_tokens, r.gen_tokens, r.repetitions)}</dd>
                <dt>"Weights and KV cache"</dt>
                <dd>{format!("{} of weights · {} KiB of KV cache per token", mib(r.weight_bytes), tco::format::count(r.kv_bytes_per_token as f64 / 1024.0))}</dd>
                <dt>"Latency SLO"</dt>
                <dd>{slo_text}</dd>
                <dt>"Sweep"</dt>
                <dd>{if r.stopped.is_empty() { "—".to_string() } else { r.stopped.clone() }}{wall}</dd>
            </dl>
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
                <button type="button" id="use-in-scenario" class="primary" disabled=usable.is_none() on:click=use_it>"Use in scenario"</button>
                <span class="sub">" sets the planner's self-hosted throughput to the goodput figures, marked as measured by this benchmark"</span>
            </div>
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
            {projections(&r)}
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
