//! Breakeven in the browser: a scenario form whose results update as you type, computed
//! here by the same `tco` crate the server runs, and the catalogs (LLM prices, GPUs,
//! workload profiles) a row of which fills the scenario, and the benchmarks whose measured
//! throughput fills it. Scenarios are saved on the server (revisions, edit tokens kept in
//! this browser), shared read-only at `/s/<id>`, carried whole in a `/?state=` link, and
//! compared side by side at `/compare`; the address bar follows the page (`url.rs`).

mod api;
mod basis;
mod beliefs;
mod bench;
mod bench_state;
mod exports;
mod fields;
mod form;
mod pages;
mod plan_charts;
mod results;
mod scenario_bar;
mod scenarios;
mod url;

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
    /// What the server refused on the last save, by field (cleared by the next edit).
    server_errors: RwSignal<Vec<(String, String)>>,
}

impl Form {
    fn new() -> Self {
        Self::with(form::defaults(), Arc::new(pricing::bundled_table().clone()))
    }

    /// A form holding `values` priced by `prices`: the planner's, or a read-only one the
    /// shared view and the compare page render results from.
    pub fn with(values: Values, prices: Arc<pricing::PriceTable>) -> Self {
        let values = RwSignal::new(values);
        let prices = RwSignal::new(prices);
        let outcome = Memo::new(move |_| prices.with(|p| values.with(|v| evaluate(v, p))));
        Self {
            values,
            prices,
            outcome,
            server_errors: RwSignal::new(Vec::new()),
        }
    }

    /// Replaces every field and the price table (a saved scenario or a link opened).
    pub fn load(&self, values: Values, prices: Arc<pricing::PriceTable>) {
        self.server_errors.set(Vec::new());
        self.prices.set(prices);
        self.values.set(values);
    }

    /// The scenario as typed, or how many fields are invalid.
    pub fn input(&self) -> Result<tco::ScenarioInput, usize> {
        if let Some(n) = self
            .outcome
            .with_untracked(|o| o.as_ref().err().map(Vec::len))
        {
            return Err(n);
        }
        let mut errors = Vec::new();
        let input = self
            .values
            .with_untracked(|v| form::to_input(v, &mut errors));
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(errors.len())
        }
    }

    pub fn value(&self, path: &'static str) -> String {
        self.values
            .with(|v| v.get(path).cloned().unwrap_or_default())
    }

    pub fn set(&self, path: &'static str, text: String) {
        if self.server_errors.with_untracked(|e| !e.is_empty()) {
            self.server_errors.set(Vec::new());
        }
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
    /// The server's message for it when the last save was refused there.
    pub fn error(&self, path: &'static str) -> Option<String> {
        self.outcome
            .with(|o| match o {
                Err(errors) => errors
                    .iter()
                    .find(|e| e.field == path)
                    .map(|e| e.message.clone()),
                Ok(_) => None,
            })
            .or_else(|| {
                self.server_errors.with(|errors| {
                    errors
                        .iter()
                        .find(|(field, _)| field == path)
                        .map(|(_, message)| message.clone())
                })
            })
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Page {
    Planner,
    Compare,
    /// A saved scenario, read-only (`Nav::shared` names it).
    Shared,
    LlmPrices,
    Gpus,
    Profiles,
    Benchmarks,
}

/// Which page is shown, and what the two pages with an argument show. Each change is a
/// history entry; back and forward set these from the address bar again.
#[derive(Clone, Copy)]
pub struct Nav {
    pub page: RwSignal<Page>,
    /// Scenario id and revision of the shared view.
    pub shared: RwSignal<(String, Option<u32>)>,
    pub compare_ids: RwSignal<Vec<String>>,
}

impl Nav {
    fn route(&self) -> url::Route {
        use url::Route;
        match self.page.get() {
            // The planner keeps a `?state=` it was opened with until another page is shown.
            Page::Planner => match url::current() {
                planner @ Route::Planner { .. } => planner,
                _ => Route::Planner { state: None },
            },
            Page::Compare => Route::Compare {
                ids: self.compare_ids.get(),
            },
            Page::Shared => {
                let (id, revision) = self.shared.get();
                Route::Shared { id, revision }
            }
            Page::LlmPrices => Route::LlmPrices,
            Page::Gpus => Route::Gpus,
            Page::Profiles => Route::Profiles,
            Page::Benchmarks => Route::Benchmarks,
        }
    }

    /// Shows what `route` names (at start, and on back/forward).
    fn show(&self, route: url::Route) {
        use url::Route;
        self.page.set(match route {
            Route::Planner { .. } => Page::Planner,
            Route::Compare { ids } => {
                self.compare_ids.set(ids);
                Page::Compare
            }
            Route::Shared { id, revision } => {
                self.shared.set((id, revision));
                Page::Shared
            }
            Route::LlmPrices => Page::LlmPrices,
            Route::Gpus => Page::Gpus,
            Route::Profiles => Page::Profiles,
            Route::Benchmarks => Page::Benchmarks,
        });
    }

    /// Opens the shared view of a scenario.
    pub fn open_shared(&self, id: String, revision: Option<u32>) {
        self.shared.set((id, revision));
        self.page.set(Page::Shared);
    }
}

/// Fills the planner from a `/?state=` link; a link that cannot be read leaves the
/// default scenario and says why.
fn open_state(form: Form, session: scenarios::Session, text: &str) {
    match tco::share::decode(text) {
        Err(e) => session.banner.set(Some(format!(
            "This link's scenario could not be read ({}: {}); the default scenario is shown.",
            e.field, e.message
        ))),
        Ok(state) => {
            form.values.set(form::from_input(&state.scenario));
            session
                .note
                .set(Some("Opened from a link; not saved.".into()));
            if let Some(id) = state.price_table {
                leptos::task::spawn_local(async move {
                    match api::price_table(id).await {
                        Ok(table) => form.prices.set(Arc::new(table)),
                        Err(e) => session.banner.set(Some(format!(
                            "The link's price table #{id} is not available ({e}); priced with the bundled table."
                        ))),
                    }
                });
            }
        }
    }
}

#[component]
fn App() -> impl IntoView {
    let form = Form::new();
    let bench = bench_state::BenchState::new();
    let session = scenarios::Session::new();
    let nav = Nav {
        page: RwSignal::new(Page::Planner),
        shared: RwSignal::new((String::new(), None)),
        compare_ids: RwSignal::new(Vec::new()),
    };
    provide_context(session);
    provide_context(nav);
    let start = url::current();
    if let url::Route::Planner { state: Some(text) } = &start {
        open_state(form, session, text);
    }
    nav.show(start);
    // Every page change becomes a history entry; the compare page refining its list
    // replaces its own entry instead.
    Effect::new(move |_| {
        let route = nav.route();
        let path = url::path_of(&route);
        match (url::current(), &route) {
            (url::Route::Compare { .. }, url::Route::Compare { .. }) => url::replace(&path),
            _ => url::push(&path),
        }
    });
    let on_pop = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || nav.show(url::current()));
    if let Some(w) = web_sys::window() {
        w.set_onpopstate(Some(wasm_bindgen::JsCast::unchecked_ref(on_pop.as_ref())));
    }
    // The handler lives as long as the page.
    on_pop.forget();
    let page = nav.page;
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
                {tab(Page::Compare, "tab-compare", "Compare")}
                {tab(Page::LlmPrices, "tab-llm-prices", "LLM prices")}
                {tab(Page::Gpus, "tab-gpus", "GPUs")}
                {tab(Page::Profiles, "tab-profiles", "Workload profiles")}
                {tab(Page::Benchmarks, "tab-benchmarks", "Benchmarks")}
            </nav>
        </header>
        {move || match page.get() {
            Page::Planner => pages::planner::Planner(pages::planner::PlannerProps { form }).into_any(),
            Page::Compare => pages::compare::Compare(pages::compare::CompareProps { nav }).into_any(),
            Page::Shared => {
                let (id, revision) = nav.shared.get();
                pages::shared::Shared(pages::shared::SharedProps { form, id, revision }).into_any()
            }
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
