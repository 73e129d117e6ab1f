//! The planner page: the scenario form and its results, side by side. Every field is named
//! by the engine's vocabulary (`fields.rs`); only the choices' texts are the page's own.

use leptos::prelude::*;

use super::api_extras::{ApiExtras, HostedSlmExtras};
use super::fields::{warning_line, Field, Select};
use super::fleet::FleetFields;
use super::measured_curve::MeasuredCurve;
use super::measured_pick::MeasuredPick;
use super::model_pick::ModelFields;
use super::results::Results;
use super::scenario_bar::ScenarioBar;
use super::summary_bar::SummaryBar;
use super::throughput::ThroughputBasis;
use super::traffic::TrafficFields;
use super::uncertainty::UncertaintyFields;
use super::workload_picker::WorkloadPicker;
use super::Form;
use crate::app::Nav;
use crate::scenarios::Session;
use crate::traffic::WorkloadSource;

/// The empty choice of a model: prices typed by hand.
const CUSTOM: &str = "(custom prices)";

/// The (value, text) choices of a select.
type Choices = Vec<(String, String)>;

fn choices(pairs: &[(&str, &str)]) -> Choices {
    pairs
        .iter()
        .map(|(value, text)| (value.to_string(), text.to_string()))
        .collect()
}

/// A field's values and their words, from the vocabulary.
fn vocabulary_choices(path: &str) -> Choices {
    tco::vocabulary::choices(path)
        .map(|(value, words)| (value.to_string(), words.to_string()))
        .collect()
}

/// The model names of the form's price table: the frontier vendors' for the LLM, the small
/// ones for a hosted SLM.
fn model_lists(form: Form) -> (Choices, Choices) {
    form.prices.with_untracked(|table| {
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
                .map(|m| (m.model.clone(), m.model.clone()))
                .collect::<Vec<_>>()
        };
        (names(&frontier), names(&small))
    })
}

/// The GPU table's offers. Suspect rows stay pickable (the GPU page can fill one in) but are
/// labelled, and the results warn; they are never the default.
fn gpu_offers() -> Choices {
    pricing::gpus::bundled_gpus()
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
        .collect()
}

#[component]
pub fn Planner(form: Form, session: Session, nav: Nav) -> impl IntoView {
    let self_hosted = move || form.value("slm.serving") != "api";
    let router = move || form.value("routing.mode") != "cascade";
    // A memo: the section it chooses is rebuilt when the choice changes, not on every
    // keystroke elsewhere (which would drop the caret in the rebuilt inputs).
    let gpu_source = Memo::new(move |_| form.value("slm.gpu_source"));
    let (llm_models, slm_models) = model_lists(form);
    let offers = gpu_offers();
    view! {
        <main class="planner">
            <ScenarioBar form session nav />
            <SummaryBar form />
            <form class="scenario" on:submit=|ev| ev.prevent_default() aria-label="Scenario">
                <fieldset id="fieldset-workload">
                    <legend>"Workload"</legend>
                    <WorkloadPicker form />
                    <WorkloadSource form />
                    <Field form path="name" text=true />
                    <Field form path="workload.requests_per_month" />
                    <Field form path="workload.input_tokens" />
                    <Field form path="workload.output_tokens" />
                    <Field form path="workload.cached_input_share" hint="0" />
                    <Field form path="workload.latency_slo.ttft_ms" />
                    <Field form path="workload.latency_slo.tpot_ms" />
                    {form.show("workload.latency_slo")}
                    {warning_line(form, "workload.latency_slo")}
                    <Field form path="workload.monthly_growth" hint="0" />
                </fieldset>
                <TrafficFields form />
                <fieldset id="fieldset-llm">
                    <legend>"LLM API"</legend>
                    <Select form path="llm.model" options=llm_models none=CUSTOM />
                    <p class="hint">"Leave a price empty to use the table's; a typed price overrides it."</p>
                    <Field form path="llm.input_usd_per_mtok" table="input" model_path="llm.model" />
                    <Field form path="llm.output_usd_per_mtok" table="output" model_path="llm.model" />
                    <Field form path="llm.cached_input_usd_per_mtok" table="cached" model_path="llm.model" />
                    <Field form path="llm.usd_per_request" />
                </fieldset>
                <ApiExtras form />
                <fieldset id="fieldset-slm">
                    <legend>"SLM"</legend>
                    <Select form path="slm.serving" options=vocabulary_choices("slm.serving") />
                    <Show when=self_hosted fallback=move || view! {
                        <Select form path="slm.model" options=slm_models.clone() none=CUSTOM />
                        <Field form path="slm.input_usd_per_mtok" table="input" model_path="slm.model" />
                        <Field form path="slm.output_usd_per_mtok" table="output" model_path="slm.model" />
                        <Field form path="slm.cached_input_usd_per_mtok" table="cached" model_path="slm.model" />
                        <Field form path="slm.usd_per_request" />
                        <HostedSlmExtras form />
                    }>
                        <ModelFields form />
                        <Select form path="slm.gpu_source" options=choices(&[
                            ("table", "Rented: from the GPU table"),
                            ("typed", "Rented: typed price"),
                            ("owned", "Owned hardware"),
                        ]) />
                        {
                            let offers = offers.clone();
                            move || match gpu_source.get().as_str() {
                                "table" => view! {
                                    <Select form path="slm.gpu" options=offers.clone() />
                                    <Select form path="slm.gpu_price" options=vocabulary_choices("slm.gpu_price") />
                                }.into_any(),
                                "owned" => view! {
                                    <Field form path="slm.owned.purchase_usd" />
                                    <Field form path="slm.owned.amortisation_months" />
                                    <Field form path="slm.owned.power_watts" />
                                    <Field form path="slm.owned.idle_power_watts" hint="the power per GPU" />
                                    <Field form path="slm.owned.pue" />
                                    <Field form path="slm.owned.electricity_usd_per_kwh" />
                                    <Field form path="slm.owned.resale_share" hint="0" />
                                }.into_any(),
                                _ => view! { <Field form path="slm.gpu_usd_per_hour" /> }.into_any(),
                            }
                        }
                        <Field form path="slm.gpus_per_replica" hint="1" />
                        <MeasuredPick form />
                        <Field form path="slm.prefill_tokens_per_s" />
                        <Field form path="slm.decode_tokens_per_s" />
                        <ThroughputBasis form />
                        <Field form path="slm.target_utilization" hint="0.7" />
                    </Show>
                    <Field form path="slm.one_time_usd" />
                </fieldset>
                <Show when=self_hosted>
                    <FleetFields form />
                </Show>
                <fieldset id="fieldset-routing">
                    <legend>"Routing"</legend>
                    <Select form path="routing.mode" options=vocabulary_choices("routing.mode") />
                    <MeasuredCurve form />
                    <Show when=router>
                        <Field form path="routing.slm_share" />
                    </Show>
                    <Field form path="routing.escalation_rate" />
                    <Field form path="routing.router_usd_per_request" hint="0" />
                    <Field form path="routing.slm_quality" />
                    <Field form path="routing.llm_quality" />
                    <Field form path="routing.min_quality" />
                </fieldset>
                <fieldset id="fieldset-finance">
                    <legend>"Finance"</legend>
                    <Field form path="finance.horizon_months" hint="36" />
                    <Field form path="finance.discount_rate_annual" hint="0.1" />
                </fieldset>
                <UncertaintyFields form />
            </form>
            <Results form placements=true />
        </main>
    }
}
