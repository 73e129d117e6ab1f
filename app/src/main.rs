//! Breakeven in the browser: a scenario form whose results update as you type, computed
//! here by the same `tco` crate the server runs.

mod fields;
mod form;
mod results;

use leptos::prelude::*;

use fields::{ModelSelect, NumberField, Select};
use form::{evaluate, Outcome, Values};

/// The form's state, shared by every field and the results panel.
#[derive(Clone, Copy)]
pub struct Form {
    values: RwSignal<Values>,
    outcome: Memo<Outcome>,
}

impl Form {
    fn new() -> Self {
        let values = RwSignal::new(form::defaults());
        let outcome = Memo::new(move |_| values.with(evaluate));
        Self { values, outcome }
    }

    pub fn value(&self, path: &'static str) -> String {
        self.values
            .with(|v| v.get(path).cloned().unwrap_or_default())
    }

    pub fn set(&self, path: &'static str, text: String) {
        self.values.update(|v| {
            v.insert(path, text);
        });
    }

    /// The engine's message for this exact field, if the input is invalid there.
    pub fn error(&self, path: &'static str) -> Option<String> {
        self.outcome.with(|o| match o {
            Err(errors) => errors
                .iter()
                .find(|e| e.field == path)
                .map(|e| e.message.clone()),
            Ok(_) => None,
        })
    }
}

#[component]
fn App() -> impl IntoView {
    let form = Form::new();
    let self_hosted = move || form.value("slm.serving") != "api";
    let router = move || form.value("routing.mode") != "cascade";
    // The LLM list holds the frontier vendors' models; the hosted-SLM list the small ones.
    let table = pricing::bundled_table();
    let is_frontier =
        |m: &&pricing::ModelPrice| pricing::FRONTIER_PROVIDERS.contains(&m.provider.as_str());
    let is_small = |m: &&pricing::ModelPrice| {
        !is_frontier(m) || pricing::stated_billions(&m.model).is_some_and(|b| b <= 8.5)
    };
    let llm_models: Vec<String> = table
        .models
        .iter()
        .filter(is_frontier)
        .map(|m| m.model.clone())
        .collect();
    let slm_models: Vec<String> = table
        .models
        .iter()
        .filter(is_small)
        .map(|m| m.model.clone())
        .collect();
    view! {
        <header>
            <h1>"Breakeven"</h1>
            <p class="tagline">"When does a small language model on your own hardware beat an LLM API?"</p>
        </header>
        <main>
            <form class="scenario" on:submit=|ev| ev.prevent_default() aria-label="Scenario">
                <fieldset>
                    <legend>"Workload"</legend>
                    <fields::TextField form path="name" label="Scenario name" />
                    <NumberField form path="workload.requests_per_month" label="Requests per month" />
                    <NumberField form path="workload.input_tokens" label="Input tokens per request" unit="mean" />
                    <NumberField form path="workload.output_tokens" label="Output tokens per request" unit="mean" />
                    <NumberField form path="workload.cached_input_share" label="Cached input share" unit="0–1" />
                    <NumberField form path="workload.peak_to_average" label="Peak-to-average load" unit="≥ 1" />
                    <NumberField form path="workload.monthly_growth" label="Monthly growth" unit="0.05 = +5 %" />
                </fieldset>
                <fieldset>
                    <legend>"LLM API"</legend>
                    <ModelSelect form path="llm.model" label="Model" models=llm_models />
                    <p class="hint">"Leave a price empty to use the table's; a typed price overrides it."</p>
                    <NumberField form path="llm.input_usd_per_mtok" label="Input price" unit="USD/Mtok" table="input" model_path="llm.model" />
                    <NumberField form path="llm.output_usd_per_mtok" label="Output price" unit="USD/Mtok" table="output" model_path="llm.model" />
                    <NumberField form path="llm.cached_input_usd_per_mtok" label="Cached input price" unit="USD/Mtok" table="cached" model_path="llm.model" />
                </fieldset>
                <fieldset>
                    <legend>"SLM"</legend>
                    <Select form path="slm.serving" label="Serving" options=vec![("self_hosted", "Self-hosted GPUs"), ("api", "Hosted SLM API")] />
                    <Show when=self_hosted fallback=move || view! {
                        <ModelSelect form path="slm.model" label="Hosted model" models=slm_models.clone() />
                        <NumberField form path="slm.input_usd_per_mtok" label="Input price" unit="USD/Mtok" table="input" model_path="slm.model" />
                        <NumberField form path="slm.output_usd_per_mtok" label="Output price" unit="USD/Mtok" table="output" model_path="slm.model" />
                    }>
                        <NumberField form path="slm.gpu_usd_per_hour" label="GPU price" unit="USD/GPU-hour" />
                        <NumberField form path="slm.gpus_per_replica" label="GPUs per replica" />
                        <NumberField form path="slm.prefill_tokens_per_s" label="Prefill throughput" unit="tokens/s per replica" />
                        <NumberField form path="slm.decode_tokens_per_s" label="Decode throughput" unit="tokens/s per replica" />
                        <p class="hint">"Throughput is typed, not measured: an estimate until a benchmark result fills it."</p>
                        <NumberField form path="slm.target_utilization" label="Target utilisation" unit="0–1" />
                        <NumberField form path="slm.min_replicas" label="Minimum replicas" />
                        <NumberField form path="slm.fixed_usd_per_month" label="Fixed cost" unit="USD/month" />
                    </Show>
                    <NumberField form path="slm.one_time_usd" label="One-time cost" unit="USD (fine-tuning, integration)" />
                </fieldset>
                <fieldset>
                    <legend>"Routing"</legend>
                    <Select form path="routing.mode" label="Mode" options=vec![("router", "Router: share of traffic to the SLM"), ("cascade", "Cascade: SLM first, escalate")] />
                    <Show when=router>
                        <NumberField form path="routing.slm_share" label="SLM share" unit="0–1" />
                    </Show>
                    <NumberField form path="routing.escalation_rate" label="Escalation rate" unit="0–1 of SLM requests" />
                    <NumberField form path="routing.router_usd_per_request" label="Router fee" unit="USD/request" />
                </fieldset>
                <fieldset>
                    <legend>"Finance"</legend>
                    <NumberField form path="finance.horizon_months" label="Horizon" unit="months" />
                    <NumberField form path="finance.discount_rate_annual" label="Discount rate" unit="per year" />
                </fieldset>
            </form>
            <results::Results form />
        </main>
    }
}

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
