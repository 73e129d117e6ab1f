//! Breakeven in the browser: a scenario form whose results update as you type, computed
//! here by the same `tco` crate the server runs, and the catalogs (LLM prices, GPUs,
//! workload profiles) a row of which fills the scenario, and the benchmarks whose measured
//! throughput fills it.

mod api;
mod beliefs;
mod basis;
mod bench;
mod bench_state;
mod fields;
mod form;
mod pages;
mod plan_charts;
mod results;

use std::sync::Arc;

use leptos::prelude::*;

use form::{evaluate, Outcome, Values};

/// The fields a benchmark result fills; typing in one makes the throughput typed again.
const THROUGHPUT_FIELDS: [&str; 2] = ["slm.prefill_tokens_per_s", "slm.decode_tokens_per_s"];

/// The form's state, shared by every page.
#[derive(Clone, Copy)]
pub struct Form {
    values: RwSignal<Values>,
    /// The price-table version that prices the scenario (bundled until one is picked).
    prices: RwSignal<Arc<pricing::PriceTable>>,
    outcome: Memo<Outcome>,
}

impl Form {
    fn new() -> Self {
        let values = RwSignal::new(form::defaults());
        let prices = RwSignal::new(Arc::new(pricing::bundled_table().clone()));
        let outcome = Memo::new(move |_| prices.with(|p| values.with(|v| evaluate(v, p))));
        Self {
            values,
            prices,
            outcome,
        }
    }

    pub fn value(&self, path: &'static str) -> String {
        self.values
            .with(|v| v.get(path).cloned().unwrap_or_default())
    }

    pub fn set(&self, path: &'static str, text: String) {
        self.values.update(|v| {
            // A throughput typed over a measured one is no longer the measurement.
            if THROUGHPUT_FIELDS.contains(&path) && v.get(path) != Some(&text) {
                v.remove("slm.throughput_source");
            }
            v.insert(path, text);
        });
    }

    /// Fills a self-hosted SLM's throughput with measured figures (the texts shown where
    /// they were measured) and names where: `slm.throughput_source`.
    pub fn set_measured(&self, prefill: String, decode: String, source: String) {
        self.values.update(|v| {
            v.insert("slm.serving", "self_hosted".into());
            v.insert("slm.prefill_tokens_per_s", prefill);
            v.insert("slm.decode_tokens_per_s", decode);
            v.insert("slm.throughput_source", source);
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

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Planner,
    LlmPrices,
    Gpus,
    Profiles,
    Benchmarks,
}

#[component]
fn App() -> impl IntoView {
    let form = Form::new();
    let bench = bench_state::BenchState::new();
    let page = RwSignal::new(Page::Planner);
    let tab = move |p: Page, id: &'static str, label: &'static str| {
        view! {
            <button id=id type="button" role="tab" class="tab" aria-selected=move || (page.get() == p).to_string()
                on:click=move |_| page.set(p)>{label}</button>
        }
    };
    view! {
        <header>
            <h1>"Breakeven"</h1>
            <p class="tagline">"When does a small language model on your own hardware beat an LLM API?"</p>
            <nav role="tablist" aria-label="Pages">
                {tab(Page::Planner, "tab-planner", "Planner")}
                {tab(Page::LlmPrices, "tab-llm-prices", "LLM prices")}
                {tab(Page::Gpus, "tab-gpus", "GPUs")}
                {tab(Page::Profiles, "tab-profiles", "Workload profiles")}
                {tab(Page::Benchmarks, "tab-benchmarks", "Benchmarks")}
            </nav>
        </header>
        {move || match page.get() {
            Page::Planner => pages::planner::Planner(pages::planner::PlannerProps { form }).into_any(),
            Page::LlmPrices => pages::llm_prices::LlmPrices(pages::llm_prices::LlmPricesProps { form, page }).into_any(),
            Page::Gpus => pages::gpus::Gpus(pages::gpus::GpusProps { form, page }).into_any(),
            Page::Profiles => pages::profiles::Profiles(pages::profiles::ProfilesProps { form, page }).into_any(),
            Page::Benchmarks => pages::benchmarks::Benchmarks(pages::benchmarks::BenchmarksProps { form, page, bench }).into_any(),
        }}
    }
}

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
