//! Benchmarks: run one on the server's CPU or GPU (progress followed live), open past ones,
//! and read a finished result: its points, the goodput the SLO allows, the roofline, GPUs
//! projected from it (labelled as projections), the reproducibility record and three
//! charts. "Use in scenario" puts the goodput throughput into the planner, named as measured.

use leptos::prelude::*;
use serde_json::Value;

use crate::bench::{self, BenchResult, Catalog, Goodput, Point, Summary};
use crate::bench_state::{BenchState, Current};
use crate::{api, Form, Page};

fn dom_id(key: &str) -> String {
    format!("bench-{}", key.replace('.', "-"))
}

/// "—" and why, where a number is missing.
fn missing(why: &'static str) -> AnyView {
    view! { <span class="na">"— "<small>{why}</small></span> }.into_any()
}

fn shown(text: Option<String>, why: &'static str) -> AnyView {
    match text {
        Some(t) => t.into_any(),
        None => missing(why),
    }
}

#[component]
fn BenchInput(
    bench: BenchState,
    key: &'static str,
    label: &'static str,
    #[prop(optional)] unit: &'static str,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    let id = dom_id(key);
    view! {
        <div class="field" class:invalid=move || bench.problem(key).is_some()>
            <label for=id.clone()>{label}<span class="unit">{unit}</span></label>
            <input id=id.clone() name=key type="text" autocomplete="off" placeholder=placeholder
                prop:value=move || bench.value(key)
                on:input=move |ev| bench.input(key, event_target_value(&ev))
                aria-invalid=move || bench.problem(key).is_some().to_string()
                aria-describedby=format!("{id}-error") />
            <p class="error" id=format!("{id}-error") role="alert">{move || bench.problem(key)}</p>
        </div>
    }
}

#[component]
fn BenchSelect(
    bench: BenchState,
    key: &'static str,
    label: &'static str,
    /// (value, text)
    options: Vec<(String, String)>,
) -> impl IntoView {
    let id = dom_id(key);
    view! {
        <div class="field" class:invalid=move || bench.problem(key).is_some()>
            <label for=id.clone()>{label}</label>
            <select id=id.clone() name=key on:change=move |ev| bench.input(key, event_target_value(&ev))
                aria-describedby=format!("{id}-error")>
                {options.into_iter().map(|(value, text)| {
                    let current = value.clone();
                    view! { <option value=value selected=move || bench.value(key) == current>{text}</option> }
                }).collect_view()}
            </select>
            <p class="error" id=format!("{id}-error") role="alert">{move || bench.problem(key)}</p>
        </div>
    }
}

/// A number typed in the planner, if it reads as one > 0.
fn planner_number(form: Form, path: &'static str) -> Option<f64> {
    form.values
        .with_untracked(|v| v.get(path).cloned().unwrap_or_default())
        .replace([',', '_', ' '], "")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0)
}

/// Fills the lengths and the SLO from the planner's workload (unless typed here).
fn suggest_from_planner(form: Form, bench: BenchState) {
    let tokens = |path, fallback: usize| {
        planner_number(form, path)
            .filter(|v| *v >= 1.0)
            .map_or(fallback, |v| v.round() as usize)
            .to_string()
    };
    bench.suggest(bench::PROMPT_TOKENS, tokens("workload.input_tokens", 512));
    bench.suggest(bench::GEN_TOKENS, tokens("workload.output_tokens", 128));
    let (ttft, tpot) = match (
        planner_number(form, "workload.latency_slo.ttft_ms"),
        planner_number(form, "workload.latency_slo.tpot_ms"),
    ) {
        (Some(ttft), Some(tpot)) => (ttft, tpot),
        _ => (2000.0, 200.0),
    };
    bench.suggest(bench::SLO_TTFT, ttft.to_string());
    bench.suggest(bench::SLO_TPOT, tpot.to_string());
}

#[component]
pub fn Benchmarks(form: Form, page: RwSignal<Page>, bench: BenchState) -> impl IntoView {
    suggest_from_planner(form, bench);
    let catalog = LocalResource::new(|| api::get::<Catalog>("/api/v1/benchmarks/catalog"));
    // Until the user picks, the first model and device of the catalog are chosen.
    Effect::new(move |_| {
        if let Some(Ok(c)) = catalog.get() {
            let model = bench.value(bench::MODEL);
            if !c.models.iter().any(|m| m.id == model) {
                if let Some(first) = c.models.first() {
                    bench.suggest(bench::MODEL, first.id.clone());
                }
            }
            let device = bench.value(bench::DEVICE);
            if !c.devices.contains(&device) {
                if let Some(first) = c.devices.first() {
                    bench.suggest(bench::DEVICE, first.clone());
                }
            }
        }
    });
    let list = LocalResource::new(move || {
        bench.list_version.track();
        api::get::<bench::BenchList>("/api/v1/benchmarks")
    });
    let form_view = move || {
        catalog.get().map(|answer| match answer {
            Ok(c) => bench_form(bench, c).into_any(),
            Err(e) => view! {
                <p class="error" id="bench-catalog-error">{format!("The benchmark catalog is unavailable: {e}")}</p>
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
                            Err(e) => view! { <p class="error">{e}</p> }.into_any(),
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

fn bench_form(bench: BenchState, c: Catalog) -> impl IntoView {
    let synthetic = move || {
        let w = bench.value(bench::WEIGHTS);
        w.is_empty() || w == bench::SYNTHETIC
    };
    let mut models: Vec<(String, String)> = vec![(
        String::new(),
        "(architecture named by the weights file)".into(),
    )];
    models.extend(c.models.iter().map(|m| {
        let size = m.parameters.map_or_else(
            || "parameters unknown".to_string(),
            |p| format!("{} parameters", bench::parameters(p)),
        );
        (m.id.clone(), format!("{} · {size}", m.name))
    }));
    let mut weights = vec![(
        bench::SYNTHETIC.to_string(),
        "Synthetic (random weights, the real architecture)".to_string(),
    )];
    weights.extend(c.weights_files.iter().map(|f| {
        let size = f
            .bytes
            .map(|b| format!(" ({})", bench::mib(b)))
            .unwrap_or_default();
        (f.path.clone(), format!("{}{size}", f.name))
    }));
    let mut dtypes = vec![(
        String::new(),
        "Default (the file's own; f32 on CPU, bf16 on CUDA for synthetic)".to_string(),
    )];
    dtypes.extend(c.dtypes.iter().map(|d| (d.clone(), d.clone())));
    let devices: Vec<(String, String)> = c.devices.iter().map(|d| (d.clone(), d.clone())).collect();
    let catalog_models = c.models.clone();
    let model_note = move || {
        let id = bench.value(bench::MODEL);
        match catalog_models.iter().find(|m| m.id == id) {
            Some(m) => {
                let computed = m.parameters.map_or_else(
                    || "— (not computed)".to_string(),
                    |p| {
                        format!(
                            "{} ({}) parameters computed from the architecture",
                            bench::parameters(p),
                            tco::format::count(p as f64)
                        )
                    },
                );
                let card = m
                    .published_parameters
                    .map(|p| format!("; the model card says {}", bench::parameters(p)))
                    .unwrap_or_default();
                format!(
                    "{}: {computed}{card}",
                    m.hf_repo.clone().unwrap_or_else(|| m.name.clone())
                )
            }
            None if synthetic() => "Pick an architecture for synthetic weights.".to_string(),
            None => "The weights file names its architecture.".to_string(),
        }
    };
    let busy = move || {
        bench.submitting.get()
            || bench.current.with(|c| {
                c.as_ref()
                    .is_some_and(|c| matches!(c.status.as_str(), "queued" | "running" | "loading"))
            })
    };
    let others = move || {
        bench
            .other_problems()
            .into_iter()
            .map(|p| {
                let field = if p.field.is_empty() {
                    "request".to_string()
                } else {
                    p.field
                };
                view! { <li><code>{field}</code>": "{p.message}</li> }
            })
            .collect_view()
    };
    view! {
        <form class="bench-form" aria-label="Benchmark" on:submit=move |ev| { ev.prevent_default(); bench.run(); }>
            <BenchSelect bench key=bench::MODEL label="Model" options=models />
            <p class="hint" id="bench-model-note">{model_note}</p>
            <BenchSelect bench key=bench::WEIGHTS label="Weights" options=weights />
            <BenchSelect bench key=bench::DTYPE label="Number format" options=dtypes />
            <BenchSelect bench key=bench::DEVICE label="Device" options=devices />
            <BenchInput bench key=bench::CONCURRENCY label="Concurrent requests" unit="list, e.g. 1,2,4,8" />
            <BenchInput bench key=bench::PROMPT_TOKENS label="Prompt tokens" unit="from the planner's input tokens" />
            <BenchInput bench key=bench::GEN_TOKENS label="Generated tokens" unit="from the planner's output tokens" />
            <BenchInput bench key=bench::REPETITIONS label="Repetitions" unit="timed runs per concurrency, ≥ 5" />
            <BenchInput bench key=bench::SLO_TTFT label="SLO: time to first token" unit="ms, p95" />
            <BenchInput bench key=bench::SLO_TPOT label="SLO: time per output token" unit="ms, p95" />
            <BenchInput bench key=bench::THREADS label="CPU threads" unit="optional" placeholder="one per core" />
            <ul class="problems-list" id="bench-problems">{others}</ul>
            <p class="error" id="bench-submit-error" role="alert">{move || bench.submit_error.get()}</p>
            <div class="actions">
                <button type="submit" id="bench-run" class="primary" disabled=busy>"Run"</button>
                <span class="status">{move || bench.submitting.get().then_some("sending…")}</span>
            </div>
        </form>
    }
}

fn history(bench: BenchState, rows: Vec<Summary>) -> impl IntoView {
    let selected = move |id: &str| {
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
                        let id = s.id.0.clone();
                        let open_id = id.clone();
                        let row_id = id.clone();
                        view! {
                            <tr class:selected=move || selected(&row_id) title=s.error.clone().unwrap_or_default()>
                                <td><button type="button" class="open-bench" on:click=move |_| bench.open(open_id.clone())>{format!("#{id}")}</button></td>
                                <td><span class=format!("status status-{}", s.status)>{s.status.clone()}</span></td>
                                <td class="model">{s.model.clone().unwrap_or_else(|| "(from file)".into())}</td>
                                <td>{format!("{} · {}", s.dtype.clone().unwrap_or_else(|| "default".into()), s.device.clone().unwrap_or_default())}</td>
                                <td>{shown(s.weights_label.clone(), "not finished")}</td>
                                <td class="num">{shown(s.created_unix.map(bench::utc), "unknown")}</td>
                                <td class="num">{shown(s.goodput_decode().and_then(bench::rate).map(|r| format!("{r} tok/s")), "none")}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn current_view(form: Form, page: RwSignal<Page>, bench: BenchState, c: Current) -> impl IntoView {
    let active = matches!(c.status.as_str(), "queued" | "running");
    let progress = c.progress.clone();
    let fraction = progress
        .as_ref()
        .map(|p| p.fraction)
        .filter(|f| f.is_finite())
        .map(|f| f.clamp(0.0, 1.0));
    let progress_line = match (&progress, c.status.as_str()) {
        (_, "queued") => match c.position {
            Some(p) => format!("queued: position {p}"),
            None => "queued".to_string(),
        },
        (Some(p), _) => format!(
            "{}: {}{}",
            p.phase,
            p.message,
            fraction
                .map(|f| format!(" ({})", tco::format::percent(f)))
                .unwrap_or_default()
        ),
        (None, _) => "starting…".to_string(),
    };
    let when = match (c.started_unix, c.finished_unix) {
        (Some(s), Some(f)) => format!("ran {} for {} s", bench::utc(s), (f - s).max(0)),
        (Some(s), None) => format!("started {}", bench::utc(s)),
        _ => c
            .created_unix
            .map(|t| format!("created {}", bench::utc(t)))
            .unwrap_or_default(),
    };
    let live_points = match (&c.result, &progress) {
        (None, Some(p)) if !p.points.is_empty() => Some(p.points.clone()),
        _ => None,
    };
    let body = match c.result.clone() {
        Some(Ok(r)) => result_view(form, page, &c, r).into_any(),
        Some(Err(e)) => view! { <p class="error">{e}</p> }.into_any(),
        None => ().into_any(),
    };
    view! {
        <div class="bench-head">
            <h2>{format!("Benchmark #{}", c.id)}</h2>
            <span class=format!("status status-{}", c.status) id="bench-status">{c.status.clone()}</span>
            <span class="sub">{when}</span>
            {active.then(|| view! { <button type="button" id="bench-cancel" on:click=move |_| bench.cancel()>"Cancel"</button> })}
        </div>
        {c.note.clone().map(|n| view! { <p class="hint" id="bench-note">{n}</p> })}
        {c.error.clone().map(|e| view! { <p class="error" id="bench-error">{e}</p> })}
        {active.then(|| view! {
            <div class="progress">
                <progress id="bench-progress" max="1" value=fraction.map(|f| f.to_string())>{fraction.map(tco::format::percent)}</progress>
                <p class="sub" id="bench-progress-text">{progress_line}</p>
            </div>
        })}
        {live_points.map(|points| view! {
            <h3>"Measured so far"</h3>
            {points_table("bench-live-points", &points, None)}
        })}
        {body}
    }
}

/// A cell for an optional or possibly non-finite figure.
fn cell(text: Option<String>, why: &'static str) -> AnyView {
    view! { <td class="num">{shown(text, why)}</td> }.into_any()
}

fn points_table(id: &'static str, points: &[Point], goodput: Option<&Goodput>) -> impl IntoView {
    let rows = points
        .iter()
        .map(|p| {
            let is_goodput = goodput.is_some_and(|g| g.concurrency == p.concurrency);
            let reason = goodput.filter(|_| is_goodput).map(|g| g.reason.clone());
            view! {
                <tr class:goodput=is_goodput title=reason.unwrap_or_default()>
                    <td class="num">{p.concurrency}{is_goodput.then(|| view! { <span class="goodput-mark">" ★ goodput"</span> })}</td>
                    {cell(bench::rate(p.prefill_tokens_per_s), "not measured")}
                    {cell(bench::rate(p.decode_tokens_per_s), "not measured")}
                    {cell(bench::ms(p.ttft_ms_p50), "not measured")}
                    {cell(bench::ms(p.ttft_ms_p95), "not measured")}
                    {cell(bench::ms(p.tpot_ms_p50), "not measured")}
                    {cell(bench::ms(p.tpot_ms_p95), "not measured")}
                    {cell(p.peak_memory_bytes.map(bench::mib), "not reported")}
                    {cell(p.decode_bandwidth_efficiency.filter(|v| v.is_finite()).map(tco::format::percent), "no roofline")}
                    {cell(p.prefill_mfu.filter(|v| v.is_finite()).map(tco::format::percent), "peak FLOP/s unknown")}
                    {match p.meets_slo {
                        Some(true) => view! { <td class="yes">"yes"</td> }.into_any(),
                        Some(false) => view! { <td class="no">"no"</td> }.into_any(),
                        None => view! { <td>{missing("no SLO")}</td> }.into_any(),
                    }}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="rows points" id=id>
                <thead><tr>
                    <th>"Concurrency"</th><th>"Prefill tok/s"</th><th>"Decode tok/s"</th>
                    <th>"TTFT p50"</th><th>"TTFT p95"</th><th>"TPOT p50"</th><th>"TPOT p95"</th>
                    <th>"Peak memory"</th><th>"Bandwidth efficiency"</th><th>"Prefill MFU"</th><th>"Meets SLO"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

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

fn result_view(form: Form, page: RwSignal<Page>, c: &Current, r: BenchResult) -> impl IntoView {
    let synthetic = r.weights_label.contains("synthetic");
    let goodput = r.goodput.clone();
    let usable = goodput.as_ref().and_then(|g| {
        let prefill =
            bench::rate(g.prefill_tokens_per_s).filter(|_| g.prefill_tokens_per_s > 0.0)?;
        let decode = bench::rate(g.decode_tokens_per_s).filter(|_| g.decode_tokens_per_s > 0.0)?;
        Some((prefill, decode, bench::throughput_source(&c.id, &r, g)))
    });
    let use_it = {
        let usable = usable.clone();
        move |_| {
            if let Some((prefill, decode, source)) = usable.clone() {
                form.set_measured(prefill, decode, source);
                page.set(Page::Planner);
            }
        }
    };
    let chart_points: Vec<charts::bench::ChartPoint> = r.points.iter().map(Point::chart).collect();
    let slo_tpot = r.slo.map(|s| s.tpot_ms);
    let figures = [
        (
            "Aggregate throughput",
            "chart-throughput",
            charts::bench::throughput(&chart_points),
        ),
        (
            "Time per output token (p95) and the SLO",
            "chart-tpot",
            charts::bench::tpot(&chart_points, slo_tpot),
        ),
        (
            "Decode bandwidth efficiency",
            "chart-bandwidth",
            charts::bench::bandwidth(&chart_points),
        ),
    ];
    let slo_text = r.slo.map_or_else(
        || "none (goodput: highest decode tokens/s)".to_string(),
        |s| {
            format!(
                "p95 TTFT ≤ {} and p95 TPOT ≤ {}",
                bench::ms(s.ttft_ms).unwrap_or_else(|| "—".into()),
                bench::ms(s.tpot_ms).unwrap_or_else(|| "—".into())
            )
        },
    );
    let roofline = r.roofline.clone();
    let record: Vec<(String, Value)> = match &r.reproducibility {
        Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        _ => Vec::new(),
    };
    let command = c.command.clone();
    let ran_by = c.source.clone();
    view! {
        <div class="bench-result" id="bench-result">
            <p class="weights-label" class:synthetic=synthetic class:real=!synthetic id="bench-weights-label">{r.weights_label.clone()}</p>
            {synthetic.then(|| view! { <p class="hint">"Random weights in the real architecture: the speed is that of the real model; the generated text is meaningless."</p> })}
            <dl class="facts">
                <dt>"Model"</dt>
                <dd>{r.model.clone()}{r.hf_repo.clone().map(|h| format!(" ({h})"))}" · "
                    {shown(r.parameters.map(|p| format!("{} parameters", bench::parameters(p))), "parameters unknown")}</dd>
                <dt>"Run"</dt>
                <dd>{format!("{} on {} · {} prompt + {} generated tokens · {} repetitions", r.dtype, r.device, r.prompt_tokens, r.gen_tokens, r.repetitions)}</dd>
                <dt>"Weights and KV cache"</dt>
                <dd>{shown(r.weight_bytes.map(bench::mib), "size unknown")}" of weights · "
                    {shown(r.kv_bytes_per_token.map(|b| format!("{} KiB", tco::format::count(b as f64 / 1024.0))), "unknown")}" of KV cache per token"</dd>
                <dt>"Latency SLO"</dt>
                <dd>{slo_text}</dd>
                <dt>"Sweep"</dt>
                <dd>{if r.stopped.is_empty() { "—".to_string() } else { r.stopped.clone() }}
                    {r.wall_seconds.filter(|s| s.is_finite()).map(|s| format!(" · {s:.1} s in all"))}</dd>
            </dl>
            <div class="goodput-box" id="bench-goodput">
                {match goodput.clone() {
                    Some(g) => view! {
                        <p><strong>"Goodput"</strong>" at concurrency "<strong>{g.concurrency}</strong>": decode "
                            <strong id="goodput-decode">{bench::rate(g.decode_tokens_per_s).unwrap_or_else(|| "—".into())}</strong>" tokens/s, prefill "
                            <strong id="goodput-prefill">{bench::rate(g.prefill_tokens_per_s).unwrap_or_else(|| "—".into())}</strong>" tokens/s (all requests together)"</p>
                        <p class="sub" id="goodput-reason">{g.reason.clone()}</p>
                    }.into_any(),
                    None => view! { <p id="goodput-none">"No goodput: no concurrency met the SLO, so there is no throughput to use."</p> }.into_any(),
                }}
                <button type="button" id="use-in-scenario" class="primary" disabled=usable.is_none() on:click=use_it>"Use in scenario"</button>
                <span class="sub">" sets the planner's self-hosted throughput to the goodput figures, marked as measured by this benchmark"</span>
            </div>
            <h3>"Measurements"</h3>
            {points_table("bench-points", &r.points, goodput.as_ref())}
            <div class="charts" id="bench-charts">
                {figures.into_iter().map(|(caption, id, svg)| view! {
                    <figure class="chart" id=id>
                        <figcaption>{caption}</figcaption>
                        <div class="svg" inner_html=svg></div>
                    </figure>
                }).collect_view()}
            </div>
            <h3>"Roofline"</h3>
            {match roofline {
                Some(rf) => view! {
                    <dl class="facts" id="bench-roofline">
                        <dt>"Memory bandwidth"</dt>
                        <dd>{shown(bench::rate(rf.memory_bandwidth_gb_s).map(|v| format!("{v} GB/s")), "unknown")}<span class="sub">{format!(" · {}", rf.bandwidth_basis)}</span></dd>
                        <dt>"Peak compute"</dt>
                        <dd>{shown(rf.peak_flops.and_then(bench::flops), "unknown")}<span class="sub">{format!(" · {}", rf.peak_flops_basis)}</span></dd>
                    </dl>
                }.into_any(),
                None => view! { <p>{missing("no roofline in this result")}</p> }.into_any(),
            }}
            <h3>"Other GPUs"</h3>
            {if r.projections.is_empty() {
                view! { <p class="hint">"No projections in this result."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="rows" id="bench-projections">
                            <thead><tr><th>"GPU"</th><th></th><th>"Memory bandwidth"</th><th>"Decode tok/s, one request"</th><th>"Largest concurrency that fits"</th><th>"Basis"</th></tr></thead>
                            <tbody>
                                {r.projections.iter().map(|p| view! {
                                    <tr>
                                        <td>{p.gpu.clone()}</td>
                                        <td><span class="projected">{if p.label.is_empty() { "projected, not measured".to_string() } else { p.label.clone() }}</span></td>
                                        {cell(bench::rate(p.memory_bandwidth_gb_s).map(|v| format!("{v} GB/s")), "unknown")}
                                        {cell(bench::rate(p.decode_tokens_per_s_batch1), "not projected")}
                                        {cell(p.max_concurrency_fits.map(|n| n.to_string()), "unknown")}
                                        <td class="source">{p.basis.clone()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            <details class="basis" id="bench-reproducibility">
                <summary>"Reproducibility record"</summary>
                <dl class="record">
                    {command.map(|cmd| view! { <dt>"command"</dt><dd><code>{cmd}</code></dd> })}
                    {ran_by.map(|s| view! { <dt>"run by"</dt><dd><code>{s}</code></dd> })}
                    {record.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{record_value(&v)}</dd> }).collect_view()}
                </dl>
            </details>
        </div>
    }
}
