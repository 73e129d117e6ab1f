//! The "Run a benchmark" form: the catalog's models, weights files, number formats and
//! devices to choose from, and the lengths, concurrencies and SLO to measure at.

use ::api::bench::{
    default_dtype_for, BenchCatalog, DefaultDtype, Device, EndpointApi, WeightsSource,
};
use leptos::prelude::*;

use super::form::{self, label};
use super::format::{mib, parameters};
use super::state::{BenchState, Known};

/// The default format's option, saying what the benchmark will run in for the chosen
/// device and weights (`api::bench::default_dtype_for`, the function the benchmark loads
/// with): "Default: q4_0 (synthetic weights on cpu)".
fn default_dtype_words(bench: BenchState) -> String {
    let device = bench.value(form::DEVICE);
    if device == form::ENDPOINT {
        return "Not stated (the endpoint serves its own)".to_string();
    }
    let weights = match bench.value(form::WEIGHTS).as_str() {
        "" | form::SYNTHETIC => WeightsSource::Synthetic,
        path => WeightsSource::Path { path: path.into() },
    };
    let Ok(device) = Device::parse(&device) else {
        return "Default (depends on the device)".to_string();
    };
    let what = match &weights {
        WeightsSource::Synthetic => "synthetic weights",
        WeightsSource::Path { .. } => "these weights",
    };
    match default_dtype_for(device, &weights) {
        DefaultDtype::Format(d) => format!("Default: {d} ({what} on {device})"),
        DefaultDtype::FileOwn => "Default: the GGUF file's own format".to_string(),
    }
}

fn dom_id(key: &str) -> String {
    format!("bench-{}", key.replace('.', "-"))
}

#[component]
fn BenchInput(
    bench: BenchState,
    key: &'static str,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    let id = dom_id(key);
    let (label, unit) = label(key);
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
    /// (value, text); a signal where a text follows other fields (the default format).
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let id = dom_id(key);
    view! {
        <div class="field" class:invalid=move || bench.problem(key).is_some()>
            <label for=id.clone()>{label(key).0}</label>
            <select id=id.clone() name=key on:change=move |ev| bench.input(key, event_target_value(&ev))
                aria-describedby=format!("{id}-error")>
                {move || options.get().into_iter().map(|(value, text)| {
                    let current = value.clone();
                    view! { <option value=value selected=move || bench.value(key) == current>{text}</option> }
                }).collect_view()}
            </select>
            <p class="error" id=format!("{id}-error") role="alert">{move || bench.problem(key)}</p>
        </div>
    }
}

pub fn bench_form(bench: BenchState, c: BenchCatalog) -> impl IntoView {
    let synthetic = move || {
        let w = bench.value(form::WEIGHTS);
        w.is_empty() || w == form::SYNTHETIC
    };
    let mut models: Vec<(String, String)> = vec![(
        String::new(),
        "(architecture named by the weights file)".into(),
    )];
    models.extend(c.models.iter().map(|m| {
        (
            m.id.clone(),
            format!("{} · {} parameters", m.name, parameters(m.parameters)),
        )
    }));
    let mut weights = vec![(
        form::SYNTHETIC.to_string(),
        "Synthetic (random weights, the real architecture)".to_string(),
    )];
    weights.extend(
        c.weights_files
            .iter()
            .map(|f| (f.path.clone(), format!("{} ({})", f.name, mib(f.bytes)))),
    );
    let listed: Vec<(String, String)> = c
        .dtypes
        .iter()
        .map(|d| (d.to_string(), d.to_string()))
        .collect();
    let dtypes = Signal::derive(move || {
        let mut options = vec![(String::new(), default_dtype_words(bench))];
        options.extend(listed.clone());
        options
    });
    let mut devices: Vec<(String, String)> = c
        .devices
        .iter()
        .map(|d| (d.to_string(), d.to_string()))
        .collect();
    if !c.endpoint_hosts.is_empty() {
        devices.push((
            form::ENDPOINT.to_string(),
            "Endpoint (an OpenAI-compatible server, measured over HTTP)".to_string(),
        ));
    }
    let endpoint = move || bench.value(form::DEVICE) == form::ENDPOINT;
    let hosts: Vec<(String, String)> = std::iter::once((String::new(), "(choose a host)".into()))
        .chain(
            c.endpoint_hosts
                .iter()
                .map(|h| (format!("http://{h}/v1"), h.clone())),
        )
        .collect();
    let apis: Vec<(String, String)> = EndpointApi::ALL
        .iter()
        .map(|a| (a.as_str().to_string(), format!("{} (/v1/{})", a, a.path())))
        .collect();
    let catalog_models = c.models.clone();
    let model_note = move || {
        let id = bench.value(form::MODEL);
        match catalog_models.iter().find(|m| m.id == id) {
            Some(m) => format!(
                "{}: {} ({}) parameters computed from the architecture; the model card says {}",
                m.hf_repo,
                parameters(m.parameters),
                tco::format::count(m.parameters as f64),
                parameters(m.published_parameters)
            ),
            None if endpoint() => {
                "Optional: the architecture the endpoint serves (its parameter count).".to_string()
            }
            None if synthetic() => "Pick an architecture for synthetic weights.".to_string(),
            None => "The weights file names its architecture.".to_string(),
        }
    };
    let busy = move || {
        bench.submitting.get()
            || bench.current.with(|c| {
                c.as_ref()
                    .is_some_and(|c| c.status.is_active() || c.status == Known::Loading)
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
                    form::words(&p.field)
                };
                view! { <li><strong>{field}</strong>": "{p.message}</li> }
            })
            .collect_view()
    };
    view! {
        <form class="bench-form" aria-label="Benchmark" on:submit=move |ev| { ev.prevent_default(); bench.run(); }>
            <BenchSelect bench key=form::MODEL options=models />
            <p class="hint" id="bench-model-note">{model_note}</p>
            <BenchSelect bench key=form::DEVICE options=devices />
            {move || endpoint().then(|| view! {
                <BenchSelect bench key=form::ENDPOINT_URL options=hosts.clone() />
                <BenchInput bench key=form::ENDPOINT_MODEL />
                <BenchSelect bench key=form::ENDPOINT_API options=apis.clone() />
                <BenchInput bench key=form::ENDPOINT_GPU placeholder="e.g. NVIDIA L4" />
                <p class="hint" id="bench-endpoint-note">
                    "Measured from this server with streamed requests: time to first token, time per output token and the gaps between tokens of the serving stack at that host (docs/benchmarks.md, Endpoint benchmarks). The number format below is the one it is said to serve."
                </p>
            })}
            {move || (!endpoint()).then(|| view! {
                <BenchSelect bench key=form::WEIGHTS options=weights.clone() />
            })}
            <BenchSelect bench key=form::DTYPE options=dtypes />
            <BenchInput bench key=form::CONCURRENCY />
            <BenchInput bench key=form::PROMPT_TOKENS />
            <BenchInput bench key=form::GEN_TOKENS />
            <BenchInput bench key=form::REPETITIONS />
            <BenchInput bench key=form::SLO_TTFT />
            <BenchInput bench key=form::SLO_TPOT />
            {move || (!endpoint()).then(|| view! {
                <BenchInput bench key=form::THREADS placeholder="one per core" />
            })}
            {c.token_required.then(|| super::token::token_field(bench))}
            <ul class="problems-list" id="bench-problems">{others}</ul>
            <p class="error" id="bench-submit-error" role="alert">{move || bench.submit_error.get()}</p>
            <div class="actions">
                <button type="submit" id="bench-run" class="primary" disabled=busy>"Run"</button>
                <span class="status">{move || bench.submitting.get().then_some("sending…")}</span>
            </div>
        </form>
    }
}
