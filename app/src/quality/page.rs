//! The Quality page: measure the small model on a labelled sample (the demo, or a file read
//! and checked here), follow the eval's progress, read its figures and the cascade curve,
//! and put the cascade into the planner's scenario; past evals are listed and open at
//! `/quality?eval=ID`.

use std::time::Duration;

use ::api::bench::{BenchCatalog, JobStatus};
use ::api::endpoints::{GetBenchCatalog, ListEvals};
use ::api::quality::{CascadePrices, EvalSummary};
use ::api::EvalId;
use leptos::prelude::*;
use leptos::task::spawn_local;
use quality::sample::DEMO_SAMPLE_NAME;
use tco::format::{count, percent};
use wasm_bindgen::JsCast;

use super::results::{planner_prices, result_view};
use super::state::{Current, QualityState, SampleChoice};
use super::words::{self, *};
use crate::api::Call;
use crate::app::Nav;
use crate::benchmarks::format::utc;
use crate::benchmarks::BenchState;
use crate::planner::Form;

const LIST_POLL: Duration = Duration::from_secs(2);

/// A field's label and hint, from `words.rs`.
fn label_of(key: &'static str, id: &'static str) -> impl IntoView {
    let (label, hint) = words::label(key);
    view! { <label for=id>{label}<span class="unit">{hint}</span></label> }
}

fn error_of(q: QualityState, key: &'static str) -> impl IntoView {
    move || {
        q.problem(key)
            .map(|p| view! { <p class="error" role="alert">{p}</p> })
    }
}

fn text_field(q: QualityState, key: &'static str, id: &'static str) -> impl IntoView {
    view! {
        <div class="field" class:invalid=move || q.problem(key).is_some()>
            {label_of(key, id)}
            <input id=id type="text" prop:value=move || q.value(key)
                on:input=move |ev| q.input(key, event_target_value(&ev)) />
            {error_of(q, key)}
        </div>
    }
}

fn select_field(
    q: QualityState,
    key: &'static str,
    id: &'static str,
    options: Vec<(String, String)>,
) -> impl IntoView {
    let options = options
        .into_iter()
        .map(|(value, words)| {
            let v = value.clone();
            view! { <option value=value selected=move || q.value(key) == v>{words}</option> }
        })
        .collect_view();
    view! {
        <div class="field" class:invalid=move || q.problem(key).is_some()>
            {label_of(key, id)}
            <select id=id on:change=move |ev| q.input(key, event_target_value(&ev))>{options}</select>
            {error_of(q, key)}
        </div>
    }
}

/// The sample: the demo, or a JSONL file read here; its item count and labels, or the
/// reader's errors with their lines, before anything is sent.
fn sample_field(q: QualityState) -> impl IntoView {
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        let name = file.name();
        // The sample goes inline in the request, whose body the server reads up to its
        // limit (a file under it can still pass it once written as JSON: `state::request`
        // checks the body itself before sending).
        let limit = ::api::quality::EVAL_BODY_LIMIT_BYTES as f64;
        if file.size() > limit {
            q.file_note.set(Some(format!(
                "{name}: too large to send ({}; the server reads at most {}); split it into smaller files, or run `breakeven eval` on the command line",
                tco::format::bytes(file.size()),
                tco::format::bytes(limit)
            )));
            return;
        }
        q.file_note.set(Some(format!("reading {name}…")));
        spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(text) => {
                    q.file_note.set(None);
                    q.problems
                        .update(|p| p.retain(|p| !p.field.starts_with("sample")));
                    q.sample.set(SampleChoice::File {
                        name,
                        text: text.as_string().unwrap_or_default(),
                    });
                }
                Err(e) => q.file_note.set(Some(format!(
                    "{name} could not be read: {}",
                    e.as_string().unwrap_or_else(|| "unknown error".into())
                ))),
            }
        });
    };
    // Reading the sample (up to 16 MiB, hashed on the way) follows only the sample, the task
    // and the labels: a keystroke in another field neither reads it again nor redraws it.
    let key = Memo::new(move |_| q.check_key());
    let checked = Memo::new(move |_| key.with(|(task, labels)| q.check(*task, labels.as_deref())));
    let check = move || {
        let name = q.sample.with(SampleChoice::name);
        match checked.get() {
            Ok(c) => {
                let labels = if c.labels.is_empty() {
                    String::new()
                } else {
                    format!(", labels {}", c.labels.join(", "))
                };
                let graded = if c.llm_graded > 0 {
                    format!(", the LLM graded on {}", count(c.llm_graded as f64))
                } else {
                    String::new()
                };
                // What stops it being sent though it reads (too large to send), or what
                // the server refused about it; a sample that does not read says so above.
                let problem = q.problem(SAMPLE).map(|p| view! { <p class="error" id="quality-sample-problem" role="alert">{format!("{name}: {p}")}</p> });
                view! {
                    <p class="hint" id="quality-sample-check">{format!("{name}: {} items{labels}{graded}.", count(c.items as f64))}</p>
                    {problem}
                }.into_any()
            }
            Err(e) => view! { <pre class="error" id="quality-sample-error" role="alert">{format!("{name}: {e}")}</pre> }.into_any(),
        }
    };
    let demo = move || q.sample.with(|s| matches!(s, SampleChoice::Demo));
    view! {
        <fieldset class="quality-sample" class:invalid=move || q.problem(SAMPLE).is_some()>
            <legend>{words::label(SAMPLE).0}</legend>
            <p class="hint">{words::label(SAMPLE).1}", with \"llm_output\" or \"llm_correct\" where the LLM's answer is known. Read in this page first; sent to the server only when run."</p>
            <div class="choices">
                <label><input type="radio" name="quality-sample" id="quality-sample-demo" prop:checked=demo
                    on:change=move |_| {
                        q.problems.update(|p| p.retain(|p| !p.field.starts_with("sample")));
                        q.sample.set(SampleChoice::Demo);
                    } />
                    {format!("The demo: {DEMO_SAMPLE_NAME} (support messages, four intents)")}</label>
                <label for="quality-file">"or a file: "</label>
                <input id="quality-file" type="file" accept=".jsonl,.ndjson,.json,.txt,application/jsonl" on:change=on_file />
            </div>
            {move || q.file_note.get().map(|n| view! { <p class="hint" id="quality-file-note">{n}</p> })}
            {check}
        </fieldset>
    }
}

fn eval_form(q: QualityState, catalog: BenchCatalog) -> impl IntoView {
    let models: Vec<(String, String)> = catalog
        .weights_files
        .iter()
        .filter(|w| w.name.to_lowercase().ends_with(".gguf"))
        .map(|w| {
            (
                w.path.clone(),
                format!("{} ({})", w.name, tco::format::bytes(w.bytes as f64)),
            )
        })
        .collect();
    let devices: Vec<(String, String)> = catalog
        .devices
        .iter()
        .map(|d| (d.to_string(), d.to_string()))
        .collect();
    if let Some((first, _)) = models.first() {
        q.suggest(WEIGHTS, first.clone());
    }
    if let Some((first, _)) = devices.first() {
        q.suggest(DEVICE, first.clone());
    }
    let no_models = models.is_empty().then(|| {
        view! { <p class="error" id="quality-no-models">"This server offers no GGUF model: put one in its models directory (`serve --models-dir`)."</p> }
    });
    let classify = move || q.value(TASK) != "match";
    let rule = move || q.value(MATCH_RULE);
    view! {
        {no_models}
        <div class="form-grid">
            {select_field(q, WEIGHTS, "quality-weights", models)}
            {select_field(q, DEVICE, "quality-device", devices)}
            {select_field(q, TASK, "quality-task", vec![
                ("classify".into(), "classify: pick one of the labels".into()),
                ("match".into(), "match: generate an answer".into()),
            ])}
            <Show when=classify>{text_field(q, LABELS, "quality-labels")}</Show>
            <Show when=move || !classify()>
                {select_field(q, MATCH_RULE, "quality-match-rule", ["normalised", "exact", "regex", "numeric"]
                    .into_iter().map(|r| (r.to_string(), rule_words(r).to_string())).collect())}
                <Show when=move || rule() == "regex">{text_field(q, PATTERN, "quality-pattern")}</Show>
                <Show when=move || rule() == "numeric">{text_field(q, TOLERANCE, "quality-tolerance")}</Show>
                {text_field(q, MAX_NEW_TOKENS, "quality-max-new")}
            </Show>
            {text_field(q, LLM_QUALITY, "quality-llm-quality")}
            {text_field(q, MIN_QUALITY, "quality-min-quality")}
        </div>
        <div class="field wide" class:invalid=move || q.problem(TEMPLATE).is_some()>
            {label_of(TEMPLATE, "quality-template")}
            <textarea id="quality-template" rows="4" prop:value=move || q.template()
                on:input=move |ev| q.input(TEMPLATE, event_target_value(&ev))></textarea>
            {error_of(q, TEMPLATE)}
        </div>
        <div class="field">
            <label><input type="checkbox" id="quality-chat-template" prop:checked=move || q.value(CHAT_TEMPLATE) != "off"
                on:change=move |ev| q.input(CHAT_TEMPLATE, if event_target_checked(&ev) { "on".into() } else { "off".into() }) />
                {words::label(CHAT_TEMPLATE).0}<span class="unit">{words::label(CHAT_TEMPLATE).1}</span></label>
        </div>
        {sample_field(q)}
    }
}

fn prices_line(form: Form) -> impl IntoView {
    move || {
        let line = match form.outcome.with(|o| {
            o.as_ref().ok().and_then(|(_, r)| {
                Some((r.self_hosted.usd_per_request?, r.api.usd_per_request?))
            })
        }) {
            Some((slm, llm)) => format!(
                "The cheapest threshold is chosen at the planner's prices: {} a request for the small model, {} for the LLM.",
                tco::format::usd(slm),
                tco::format::usd(llm)
            ),
            None => "The planner's scenario has no plan now, so no prices are sent and the cheapest threshold is not chosen; the floor is still met.".into(),
        };
        view! { <p class="hint" id="quality-prices">{line}</p> }
    }
}

fn row_status(s: &EvalSummary) -> String {
    match (s.status, &s.progress) {
        (JobStatus::Running, Some(p)) if p.items_total > 0 => format!(
            "running {} of {}",
            count(p.items_done as f64),
            count(p.items_total as f64)
        ),
        (status, _) => status.as_str().to_string(),
    }
}

fn history(q: QualityState, nav: Nav, rows: Vec<EvalSummary>) -> impl IntoView {
    view! {
        <div class="history-scroll">
            <table class="rows" id="quality-list">
                <thead><tr><th>"#"</th><th>"Status"</th><th>"Model"</th><th>"Sample"</th><th>"Accuracy"</th><th>"Created"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|s| {
                        let id = s.id;
                        let selected = move || q.current.with(|c| c.as_ref().is_some_and(|c| c.id == id));
                        view! {
                            <tr class:selected=selected data-eval-row=id.to_string() title=s.error.clone().unwrap_or_default()>
                                <td><a class="open-eval" href=format!("/quality?eval={id}")
                                    on:click=move |ev| { ev.prevent_default(); open(q, nav, id); }>{format!("#{id}")}</a></td>
                                <td><span class=format!("status status-{}", s.status.as_str())>{row_status(&s)}</span></td>
                                <td class="model">{s.model.clone().unwrap_or_else(|| s.weights.clone())}</td>
                                <td>{format!("{} ({} items, {})", s.sample, count(s.items as f64), if s.task == ::api::quality::Task::Match { "match" } else { "classify" })}</td>
                                <td class="num">{s.accuracy.map_or_else(|| "—".into(), percent)}</td>
                                <td class="num">{utc(s.created_unix)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn open(q: QualityState, nav: Nav, id: EvalId) {
    nav.eval.set(Some(id.to_string()));
    q.open(id);
}

fn current_view(
    form: Form,
    nav: Nav,
    q: QualityState,
    bench: BenchState,
    c: Current,
) -> impl IntoView {
    let status = c.status();
    let words = status.map_or("loading", JobStatus::as_str);
    let active = c.is_active();
    let progress = c.progress.clone();
    let fraction = progress
        .as_ref()
        .filter(|p| p.items_total > 0)
        .map(|p| (p.items_done as f64 / p.items_total as f64).clamp(0.0, 1.0));
    let progress_text = match (status, &progress) {
        (Some(JobStatus::Queued), _) => match c.position {
            Some(p) => format!("queued: {p} ahead"),
            None => "queued".into(),
        },
        (_, Some(p)) => format!(
            "{}: {} of {} items{}",
            words::phase_words(&p.phase),
            count(p.items_done as f64),
            count(p.items_total as f64),
            p.items_per_second
                .map(|r| format!(" · {} items/s", tco::format::decimal1(r)))
                .unwrap_or_default()
        ),
        _ => "starting…".into(),
    };
    let job = c.job.clone();
    let about = job.as_ref().map(|j| {
        format!(
            "{} on {} · {} ({} items) · {}",
            j.request.weights,
            j.device,
            j.sample,
            count(j.items as f64),
            utc(j.created_unix)
        )
    });
    let error = job.as_ref().and_then(|j| j.error.clone());
    let result = job.and_then(|j| j.result);
    view! {
        <div class="bench-head">
            <h2>{format!("Eval #{}", c.id)}</h2>
            <span class=format!("status status-{words}") id="quality-status">{words}</span>
            {about.map(|a| view! { <span class="sub">{a}</span> })}
            {active.then(|| view! { <button type="button" id="quality-cancel" on:click=move |_| q.cancel(bench.bearer())>"Cancel"</button> })}
        </div>
        {c.note.clone().map(|n| view! { <p class="hint" id="quality-note">{n}</p> })}
        {error.map(|e| view! { <p class="error" id="quality-error">{e}</p> })}
        {active.then(|| view! {
            <div class="progress">
                <progress id="quality-progress" max="1" value=fraction.map(|f| f.to_string())>{fraction.map(percent)}</progress>
                <p class="sub" id="quality-progress-text">{progress_text}</p>
            </div>
        })}
        {result.map(|r| result_view(form, nav, r))}
    }
}

#[component]
pub fn QualityPage(form: Form, nav: Nav, q: QualityState, bench: BenchState) -> impl IntoView {
    let catalog = LocalResource::new(|| Call::<GetBenchCatalog>::new().send());
    let list = LocalResource::new(move || {
        q.list_version.track();
        Call::<ListEvals>::new().send()
    });
    Effect::new(move |_| {
        let active = list.with(|answer| {
            matches!(answer, Some(Ok(l)) if l.evals.iter().any(|e| !e.status.is_finished()))
        });
        if active {
            let version = q.list_version.get_untracked();
            set_timeout(
                move || {
                    if q.list_version.get_untracked() == version {
                        q.list_version.update(|v| *v += 1);
                    }
                },
                LIST_POLL,
            );
        }
    });
    // The eval the address names (a link, back/forward).
    Effect::new(move |_| {
        if let Some(id) = nav.eval.get().and_then(|e| e.parse::<i64>().ok()) {
            q.open(EvalId(id));
        }
    });
    let prices = move || {
        planner_prices(form).map(|(slm, llm)| CascadePrices {
            slm_usd_per_request: slm,
            llm_usd_per_request: llm,
        })
    };
    let opened = move |id: EvalId| nav.eval.set(Some(id.to_string()));
    let run = move |_| {
        let sample = q.sample.get_untracked();
        q.run(sample, prices(), bench.bearer(), opened);
    };
    // The demo runs the plain prompt (the form's switch shows it): SmolLM2-135M, the model
    // the demo is made for, answers one label for every message inside its chat template
    // (docs/quality.md, "The demo sample").
    let demo = move |_| {
        q.input(CHAT_TEMPLATE, "off".into());
        q.run(SampleChoice::Demo, prices(), bench.bearer(), opened)
    };
    let form_view = move || {
        catalog.get().map(|answer| match answer {
            Ok(c) => eval_form(q, c).into_any(),
            Err(e) => view! { <p class="error" id="quality-catalog-error">{format!("The model catalog is unavailable: {}", e.line(words::words))}</p> }.into_any(),
        })
    };
    view! {
        <main class="quality-page benchmarks">
            <h2>"Quality on your own data"</h2>
            <p class="hint">"Measures the small model on a labelled sample on this server's hardware: its accuracy with a 95 % interval, and for every confidence threshold the share of requests a cascade sends on to the LLM and the quality it reaches, judged by its lower 95 % bound. The threshold that meets your floor goes into the planner's routing."</p>
            <div class="toolbar">
                <button type="button" id="quality-demo" on:click=demo disabled=move || q.submitting.get()>"Try it with the demo sample"</button>
                <span class="hint">{format!("{DEMO_SAMPLE_NAME}: 168 support messages, four intents, with the model, task and floor below, and the plain prompt (the chat template off): SmolLM2-135M picks one label for everything inside its chat template.")}</span>
            </div>
            <div class="bench-top">
                <section class="bench-form-panel" aria-label="Run an eval">
                    <h3>"Run an eval"</h3>
                    <Suspense fallback=|| view! { <p>"loading the catalog…"</p> }>{form_view}</Suspense>
                    {prices_line(form)}
                    {move || q.other_problems().into_iter().map(|p| view! { <p class="error" role="alert">{p}</p> }).collect_view()}
                    {move || q.submit_error.get().map(|e| view! { <p class="error" id="quality-submit-error" role="alert">{e}</p> })}
                    <div class="toolbar">
                        <button type="button" id="quality-run" on:click=run disabled=move || q.submitting.get()>"Run"</button>
                    </div>
                </section>
                <section class="bench-history" aria-label="Past evals">
                    <h3>"Past evals"</h3>
                    <Transition fallback=|| view! { <p>"loading…"</p> }>
                        {move || list.get().map(|answer| match answer {
                            Ok(l) if l.evals.is_empty() => view! { <p id="quality-list-empty">"None yet."</p> }.into_any(),
                            Ok(l) => history(q, nav, l.evals).into_any(),
                            Err(e) => view! { <p class="error">{e.line(words::words)}</p> }.into_any(),
                        })}
                    </Transition>
                </section>
            </div>
            <section class="bench-current" id="quality-current" aria-live="polite" aria-label="Eval">
                {move || match q.current.get() {
                    None => view! { <p class="hint">"Run an eval, or open a past one, to see its figures here."</p> }.into_any(),
                    Some(c) => current_view(form, nav, q, bench, c).into_any(),
                }}
            </section>
        </main>
    }
}
