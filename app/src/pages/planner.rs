//! The planner: the scenario form and its results, side by side.

use leptos::prelude::*;

use crate::beliefs::UncertaintyFields;
use crate::fields::{self, ModelSelect, NumberField, Select, TextField};
use crate::pages::profiles::{fill, fill_preset, ProfilesAnswer};
use crate::{api, results, Form};

/// "Start from": a preset or a saved profile fills the workload fields, which stay editable.
#[component]
fn WorkloadPicker(form: Form) -> impl IntoView {
    let saved = LocalResource::new(|| api::get::<ProfilesAnswer>("/api/v1/profiles"));
    let picked = RwSignal::new(String::new());
    let pick = move |value: String| {
        if let Some(id) = value.strip_prefix("preset:") {
            if let Some(p) = profiles::preset(id) {
                fill_preset(form, p);
            }
        } else if let Some(id) = value.strip_prefix("saved:") {
            let found = saved.with_untracked(|answer| {
                answer
                    .as_ref()
                    .and_then(|a| a.as_ref().ok())
                    .and_then(|a| a.saved.iter().find(|s| s.id == id).cloned())
            });
            if let Some(s) = found {
                fill(form, &s.profile.workload, s.profile.slo.as_ref());
            }
        }
        picked.set(value);
    };
    let saved_options = move || {
        saved.get().map(|answer| match answer {
            Ok(a) => a
                .saved
                .into_iter()
                .map(|s| view! { <option value=format!("saved:{}", s.id)>{s.name}</option> })
                .collect_view()
                .into_any(),
            Err(e) => {
                view! { <option value="" disabled=true>{format!("unavailable: {e}")}</option> }
                    .into_any()
            }
        })
    };
    view! {
        <div class="field">
            <label for="workload-preset">"Start from"<span class="unit">"a preset or a saved profile; then edit"</span></label>
            <select id="workload-preset" prop:value=move || picked.get()
                on:change=move |ev| pick(event_target_value(&ev))>
                <option value="">"— choose —"</option>
                <optgroup label="Presets">
                    {profiles::presets().iter().map(|p| view! { <option value=format!("preset:{}", p.id)>{p.name}</option> }).collect_view()}
                </optgroup>
                <optgroup label="Saved profiles">{saved_options}</optgroup>
            </select>
        </div>
    }
}

#[component]
pub fn Planner(form: Form) -> impl IntoView {
    let self_hosted = move || form.value("slm.serving") != "api";
    let router = move || form.value("routing.mode") != "cascade";
    // Memos: the sections they choose are rebuilt when the choice changes, not on every
    // keystroke elsewhere (which would drop the caret in the rebuilt inputs).
    let gpu_source = Memo::new(move |_| form.value("slm.gpu_source"));
    let throughput_source = Memo::new(move |_| form.value("slm.throughput_source"));
    // The LLM list holds the frontier vendors' models; the hosted-SLM list the small ones.
    let (llm_models, slm_models) = form.prices.with_untracked(|table| {
        let frontier =
            |m: &&pricing::ModelPrice| pricing::FRONTIER_PROVIDERS.contains(&m.provider.as_str());
        let small = |m: &&pricing::ModelPrice| {
            !frontier(m)
                || pricing::stated_billions(&m.model)
                    .is_some_and(|b| b <= pricing::SMALL_MAX_BILLIONS)
        };
        let names = |keep: &dyn Fn(&&pricing::ModelPrice) -> bool| {
            table
                .models
                .iter()
                .filter(|m| keep(m))
                .map(|m| m.model.clone())
                .collect::<Vec<_>>()
        };
        (names(&frontier), names(&small))
    });
    // Suspect rows stay pickable (the GPU page can fill one in) but are labelled, and the
    // results warn; they are never the default.
    let gpu_offers: Vec<(String, String)> = pricing::gpus::bundled_gpus()
        .offers
        .iter()
        .map(|o| {
            let flag = if o.flag == "suspect" {
                " · ⚠ suspect price"
            } else {
                ""
            };
            (
                o.id.clone(),
                format!(
                    "{} · {} · ${}/GPU-h{flag}",
                    o.id, o.gpu, o.on_demand_usd_per_gpu_hour
                ),
            )
        })
        .collect();
    view! {
        <main class="planner">
            <crate::scenario_bar::ScenarioBar form />
            <form class="scenario" on:submit=|ev| ev.prevent_default() aria-label="Scenario">
                <fieldset id="fieldset-workload">
                    <legend>"Workload"</legend>
                    <WorkloadPicker form />
                    <TextField form path="name" label="Scenario name" />
                    <NumberField form path="workload.requests_per_month" label="Requests per month" />
                    <NumberField form path="workload.input_tokens" label="Input tokens per request" unit="mean" />
                    <NumberField form path="workload.output_tokens" label="Output tokens per request" unit="mean" />
                    <NumberField form path="workload.cached_input_share" label="Cached input share" unit="0–1" />
                    <NumberField form path="workload.peak_to_average" label="Peak-to-average load" unit="≥ 1; empty: from the load shape" />
                    <fields::TextField form path="workload.load_shape" label="Load shape (24 hourly rates, optional)" />
                    <NumberField form path="workload.latency_slo.ttft_ms" label="Latency SLO: time to first token" unit="ms, optional" />
                    <NumberField form path="workload.latency_slo.tpot_ms" label="Latency SLO: time per output token" unit="ms, optional" />
                    <NumberField form path="workload.monthly_growth" label="Monthly growth" unit="0.05 = +5 %" />
                </fieldset>
                <fieldset id="fieldset-llm">
                    <legend>"LLM API"</legend>
                    <ModelSelect form path="llm.model" label="Model" models=llm_models />
                    <p class="hint">"Leave a price empty to use the table's; a typed price overrides it."</p>
                    <NumberField form path="llm.input_usd_per_mtok" label="Input price" unit="USD/Mtok" table="input" model_path="llm.model" />
                    <NumberField form path="llm.output_usd_per_mtok" label="Output price" unit="USD/Mtok" table="output" model_path="llm.model" />
                    <NumberField form path="llm.cached_input_usd_per_mtok" label="Cached input price" unit="USD/Mtok" table="cached" model_path="llm.model" />
                    <NumberField form path="llm.usd_per_request" label="Per-request fee" unit="USD/request, optional" />
                </fieldset>
                <fieldset id="fieldset-slm">
                    <legend>"SLM"</legend>
                    <Select form path="slm.serving" label="Serving" options=vec![("self_hosted".into(), "Self-hosted GPUs".into()), ("api".into(), "Hosted SLM API".into())] />
                    <Show when=self_hosted fallback=move || view! {
                        <ModelSelect form path="slm.model" label="Hosted model" models=slm_models.clone() />
                        <NumberField form path="slm.input_usd_per_mtok" label="Input price" unit="USD/Mtok" table="input" model_path="slm.model" />
                        <NumberField form path="slm.output_usd_per_mtok" label="Output price" unit="USD/Mtok" table="output" model_path="slm.model" />
                        <NumberField form path="slm.cached_input_usd_per_mtok" label="Cached input price" unit="USD/Mtok" table="cached" model_path="slm.model" />
                        <NumberField form path="slm.usd_per_request" label="Per-request fee" unit="USD/request, optional" />
                    }>
                        <Select form path="slm.gpu_source" label="GPU price" options=vec![
                            ("table".into(), "Rented: from the GPU table".into()),
                            ("typed".into(), "Rented: typed price".into()),
                            ("owned".into(), "Owned hardware".into()),
                        ] />
                        {
                            let gpu_offers = gpu_offers.clone();
                            move || match gpu_source.get().as_str() {
                                "table" => view! {
                                    <Select form path="slm.gpu" label="GPU offer" options=gpu_offers.clone() />
                                    <Select form path="slm.gpu_price" label="Price" options=vec![("on_demand".into(), "On demand".into()), ("spot".into(), "Spot".into())] />
                                    <NumberField form path="slm.gpu_discount" label="Reserved / committed discount" unit="0–0.99" />
                                }.into_any(),
                                "owned" => view! {
                                    <NumberField form path="slm.owned.purchase_usd" label="Purchase price per GPU" unit="USD" />
                                    <NumberField form path="slm.owned.amortisation_months" label="Amortisation" unit="months" />
                                    <NumberField form path="slm.owned.power_watts" label="Power per GPU" unit="W" />
                                    <NumberField form path="slm.owned.pue" label="PUE" unit="≥ 1" />
                                    <NumberField form path="slm.owned.electricity_usd_per_kwh" label="Electricity" unit="USD/kWh" />
                                }.into_any(),
                                _ => view! { <NumberField form path="slm.gpu_usd_per_hour" label="GPU price" unit="USD/GPU-hour" /> }.into_any(),
                            }
                        }
                        <NumberField form path="slm.gpus_per_replica" label="GPUs per replica" />
                        <crate::pages::measured_pick::MeasuredPick form />
                        <NumberField form path="slm.prefill_tokens_per_s" label="Prefill throughput" unit="tokens/s per replica" />
                        <NumberField form path="slm.decode_tokens_per_s" label="Decode throughput" unit="tokens/s per replica" />
                        {move || {
                            let source = throughput_source.get();
                            if source.trim().is_empty() {
                                view! {
                                    <p class="hint" id="throughput-basis">"Throughput is typed, not measured: an estimate until a stored benchmark result fills it (the picker above, or \"Use in scenario\" on the Benchmarks page)."</p>
                                }.into_any()
                            } else {
                                view! {
                                    <div class="measured" id="throughput-basis">
                                        <p>"Throughput measured by "{source}"."</p>
                                        <p class="hint">"Typing a figure makes it typed again. "
                                            <button type="button" id="throughput-typed" on:click=move |_| form.set("slm.throughput_source", String::new())>"Mark as typed"</button>
                                        </p>
                                        <p class="error" role="alert">{move || form.error("slm.throughput_source")}</p>
                                    </div>
                                }.into_any()
                            }
                        }}
                        <NumberField form path="slm.target_utilization" label="Target utilisation" unit="0–1" />
                        <NumberField form path="slm.min_replicas" label="Minimum replicas" />
                        <NumberField form path="slm.hours_per_month" label="Hours per month" unit="empty: 730 (always on)" />
                        <NumberField form path="slm.fixed_usd_per_month" label="Fixed cost" unit="USD/month" />
                    </Show>
                    <NumberField form path="slm.one_time_usd" label="One-time cost" unit="USD (fine-tuning, integration)" />
                </fieldset>
                <fieldset id="fieldset-routing">
                    <legend>"Routing"</legend>
                    <Select form path="routing.mode" label="Mode" options=vec![("router".into(), "Router: share of traffic to the SLM".into()), ("cascade".into(), "Cascade: SLM first, escalate".into())] />
                    <Show when=router>
                        <NumberField form path="routing.slm_share" label="SLM share" unit="0–1" />
                    </Show>
                    <NumberField form path="routing.escalation_rate" label="Escalation rate" unit="0–1 of SLM requests" />
                    <NumberField form path="routing.router_usd_per_request" label="Router fee" unit="USD/request" />
                    <NumberField form path="routing.slm_quality" label="SLM quality" unit="0–1, optional (e.g. task accuracy)" />
                    <NumberField form path="routing.llm_quality" label="LLM quality" unit="0–1, optional" />
                    <NumberField form path="routing.min_quality" label="Minimum hybrid quality" unit="0–1, optional: bounds the best share" />
                </fieldset>
                <fieldset id="fieldset-finance">
                    <legend>"Finance"</legend>
                    <NumberField form path="finance.horizon_months" label="Horizon" unit="months" />
                    <NumberField form path="finance.discount_rate_annual" label="Discount rate" unit="per year" />
                </fieldset>
                <UncertaintyFields form />
            </form>
            <results::Results form />
        </main>
    }
}
