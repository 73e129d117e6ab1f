//! The app: the header and its tabs, the page the address bar names, and the history
//! entries page changes make (so back and forward move between pages).

pub mod nav;
pub mod url;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::benchmarks::{BenchState, Benchmarks};
use crate::catalogs::{Gpus, LlmPrices, Profiles};
use crate::planner::{Form, Planner};
use crate::quality::{QualityPage, QualityState};
use crate::scenarios::{Compare, Session, Shared};
use crate::traffic::{TrafficPage, TrafficState};
pub use nav::{Nav, Page};

#[component]
pub fn App() -> impl IntoView {
    let form = Form::new();
    let bench = BenchState::new();
    let session = Session::new();
    let traffic = TrafficState::new();
    let quality = QualityState::new();
    let nav = Nav::new();
    // The planner loads what its address names (a saved scenario, a `?state=` link).
    nav.show(url::current());
    crate::planner::trail::follow(form, session, nav);
    keep_history(nav);
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
                {tab(Page::Traffic, "tab-traffic", "Traffic")}
                {tab(Page::Quality, "tab-quality", "Quality")}
            </nav>
        </header>
        {move || match page.get() {
            Page::Planner => view! { <Planner form session nav /> }.into_any(),
            Page::Compare => view! { <Compare session nav /> }.into_any(),
            Page::Shared => {
                let (id, revision) = nav.shared.get();
                view! { <Shared form session nav id revision /> }.into_any()
            }
            Page::LlmPrices => view! { <LlmPrices form page /> }.into_any(),
            Page::Gpus => view! { <Gpus form page /> }.into_any(),
            Page::Profiles => view! { <Profiles form page /> }.into_any(),
            Page::Benchmarks => view! { <Benchmarks form page bench /> }.into_any(),
            Page::Traffic => view! { <TrafficPage form traffic page /> }.into_any(),
            Page::Quality => view! { <QualityPage form nav q=quality bench /> }.into_any(),
        }}
    }
}

/// Every page change becomes a history entry (the compare page refining its list, and the
/// planner's edits of one scenario, replace their own entry instead), and back and forward
/// show the page of the address again.
fn keep_history(nav: Nav) {
    Effect::new(move |_| {
        let route = nav.route();
        let path = url::path_of(&route);
        if url::same_entry(&url::current(), &route) {
            url::replace(&path);
        } else {
            url::push(&path);
        }
    });
    let on_pop = Closure::<dyn Fn()>::new(move || nav.show(url::current()));
    if let Some(w) = web_sys::window() {
        w.set_onpopstate(Some(on_pop.as_ref().unchecked_ref()));
    }
    // The handler lives as long as the page.
    on_pop.forget();
}
