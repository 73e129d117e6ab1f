//! Benchmarks: run one on the server's CPU or GPU (progress followed live), open past ones,
//! and read a finished result (`current.rs`, `result_view.rs`).

use std::time::Duration;

use ::api::bench::{BenchmarkSummary, JobStatus};
use ::api::endpoints::{GetBenchCatalog, ListBenchmarks};
use leptos::prelude::*;

use super::current::current_view;
use super::form;
use super::form_view::bench_form;
use super::format::{goodput_decode, rate, utc};
use super::points::shown;
use super::state::BenchState;
use crate::api::Call;
use crate::app::Page;
use crate::planner::Form;

/// A number typed in the planner, if it reads as one > 0.
fn planner_number(form: Form, path: &'static str) -> Option<f64> {
    form.values
        .with_untracked(|v| v.get(path).cloned().unwrap_or_default())
        .replace([',', '_', ' '], "")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0)
}

/// Fills the lengths and the SLO from the planner's workload (unless typed here): its
/// input and output tokens in the SLM's tokens (× its token ratio), as the scenario prices
/// them and checks a benchmark against them.
fn suggest_from_planner(form: Form, bench: BenchState) {
    let ratio = form
        .outcome
        .with_untracked(|o| o.as_ref().map_or(1.0, |(s, _)| s.slm.token_ratio));
    let tokens = |path, fallback: usize| {
        planner_number(form, path)
            .filter(|v| *v >= 1.0)
            .map_or(fallback, |v| (v * ratio).round().max(1.0) as usize)
            .to_string()
    };
    bench.suggest(form::PROMPT_TOKENS, tokens("workload.input_tokens", 512));
    bench.suggest(form::GEN_TOKENS, tokens("workload.output_tokens", 128));
    let (ttft, tpot) = match (
        planner_number(form, "workload.latency_slo.ttft_ms"),
        planner_number(form, "workload.latency_slo.tpot_ms"),
    ) {
        (Some(ttft), Some(tpot)) => (ttft, tpot),
        _ => (2000.0, 200.0),
    };
    bench.suggest(form::SLO_TTFT, ttft.to_string());
    bench.suggest(form::SLO_TPOT, tpot.to_string());
}

/// How often the past-runs list is read while one of its runs is queued or running.
const LIST_POLL: Duration = Duration::from_secs(2);

/// A row's status in words: "running 42 % · about 11 s left", "done · no goodput" (a
/// finished run without a goodput point: no concurrency met its SLO).
fn row_status(s: &BenchmarkSummary) -> (String, &'static str) {
    match (s.status, &s.progress) {
        (JobStatus::Running, Some(p)) => (
            format!(
                "running {} · {}",
                tco::format::percent(p.fraction),
                p.seconds_left.map_or_else(
                    || "estimating…".to_string(),
                    |left| format!("about {} left", super::eta::duration(left))
                )
            ),
            "running",
        ),
        (JobStatus::Done, _) if s.goodput.is_none() => ("done · no goodput".into(), "warning"),
        (status, _) => (status.as_str().to_string(), status.as_str()),
    }
}

/// A row's number format: the one measured or asked for, or what the default will be.
fn row_dtype(s: &BenchmarkSummary) -> String {
    match s.dtype {
        Some(d) => d.to_string(),
        None if s.weights_label.contains("synthetic") && !s.runs_on.starts_with("endpoint") => {
            format!("{} (default)", ::api::bench::default_dtype(s.device))
        }
        None => "default".to_string(),
    }
}

#[component]
pub fn Benchmarks(form: Form, page: RwSignal<Page>, bench: BenchState) -> impl IntoView {
    suggest_from_planner(form, bench);
    let catalog = LocalResource::new(|| Call::<GetBenchCatalog>::new().send());
    // Until the user picks, the first model and device of the catalog are chosen.
    Effect::new(move |_| {
        if let Some(Ok(c)) = catalog.get() {
            let model = bench.value(form::MODEL);
            if !c.models.iter().any(|m| m.id == model) {
                if let Some(first) = c.models.first() {
                    bench.suggest(form::MODEL, first.id.clone());
                }
            }
            let device = bench.value(form::DEVICE);
            let endpoint = device == form::ENDPOINT && !c.endpoint_hosts.is_empty();
            if !endpoint && !c.devices.iter().any(|d| d.to_string() == device) {
                if let Some(first) = c.devices.first() {
                    bench.suggest(form::DEVICE, first.to_string());
                }
            }
        }
    });
    let list = LocalResource::new(move || {
        bench.list_version.track();
        Call::<ListBenchmarks>::new().send()
    });
    // While a listed run is queued or running, the list is read again every 2 s: a run
    // becomes running (with its progress), then done or failed, without a reload.
    Effect::new(move |_| {
        let active = list.with(|answer| {
            matches!(answer, Some(Ok(l)) if l.benchmarks.iter().any(|b| !b.status.is_finished()))
        });
        if active {
            let version = bench.list_version.get_untracked();
            set_timeout(
                move || {
                    // Not when something else reloaded it meanwhile (that read reschedules).
                    if bench.list_version.get_untracked() == version {
                        bench.list_version.update(|v| *v += 1);
                    }
                },
                LIST_POLL,
            );
        }
    });
    let form_view = move || {
        catalog.get().map(|answer| match answer {
            Ok(c) => bench_form(bench, c).into_any(),
            Err(e) => view! {
                <p class="error" id="bench-catalog-error">{format!("The benchmark catalog is unavailable: {}", e.line(form::words))}</p>
            }
            .into_any(),
        })
    };
    view! {
        <main class="benchmarks">
            <div class="bench-top">
                <section class="bench-form-panel" aria-label="Run a benchmark">
                    <h2>"Run a benchmark"</h2>
                    <p class="hint">"Measures a small model's prefill and decode throughput and latency on this server's hardware, at each concurrency, and picks the largest concurrency that meets the SLO (the goodput)."</p>
                    <Suspense fallback=|| view! { <p>"loading the catalog…"</p> }>{form_view}</Suspense>
                </section>
                <section class="bench-history" aria-label="Past benchmarks">
                    <h2>"Past benchmarks"</h2>
                    <Transition fallback=|| view! { <p>"loading…"</p> }>
                        {move || list.get().map(|answer| match answer {
                            Ok(l) if l.benchmarks.is_empty() => view! { <p id="bench-list-empty">"None yet."</p> }.into_any(),
                            Ok(l) => history(bench, l.benchmarks).into_any(),
                            Err(e) => view! { <p class="error">{e.line(form::words)}</p> }.into_any(),
                        })}
                    </Transition>
                </section>
            </div>
            <section class="bench-current" id="bench-current" aria-live="polite" aria-label="Benchmark">
                {move || match bench.current.get() {
                    None => view! { <p class="hint">"Run a benchmark, or open a past one, to see its figures here."</p> }.into_any(),
                    Some(c) => current_view(form, page, bench, c).into_any(),
                }}
            </section>
        </main>
    }
}

fn history(bench: BenchState, rows: Vec<BenchmarkSummary>) -> impl IntoView {
    let selected = move |id| {
        bench
            .current
            .with(|c| c.as_ref().is_some_and(|c| c.id == id))
    };
    view! {
        <div class="history-scroll">
            <table class="rows" id="bench-list">
                <thead><tr><th>"#"</th><th>"Status"</th><th>"Model"</th><th>"Format · device"</th><th>"Weights"</th><th>"Created"</th><th>"Goodput decode"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|s| {
                        let id = s.id;
                        let weights = Some(s.weights_label.clone()).filter(|w| !w.is_empty());
                        let decode = goodput_decode(&s).and_then(rate).map(|r| format!("{r} tok/s"));
                        view! {
                            <tr class:selected=move || selected(id) data-bench-row=id.to_string() title=s.error.clone().unwrap_or_default()>
                                <td><button type="button" class="open-bench" on:click=move |_| bench.open(id)>{format!("#{id}")}</button></td>
                                <td>{let (words, class) = row_status(&s); view! { <span class=format!("status status-{class}") data-status=s.status.as_str()>{words}</span> }}</td>
                                <td class="model">{s.model.clone().unwrap_or_else(|| "(from file)".into())}</td>
                                <td>{format!("{} · {}", row_dtype(&s), s.runs_on)}</td>
                                <td>{shown(weights, "not finished")}</td>
                                <td class="num">{utc(s.created_unix)}</td>
                                <td class="num">{shown(decode, "none")}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
