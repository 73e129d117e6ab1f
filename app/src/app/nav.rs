//! Which page is shown, and what the two pages with an argument show. Each change is a
//! history entry; back and forward set these from the address bar again.

use leptos::prelude::*;

use super::url::Route;

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
    Traffic,
    /// Quality evals (`Nav::eval` names the one open).
    Quality,
}

#[derive(Clone, Copy)]
pub struct Nav {
    pub page: RwSignal<Page>,
    /// Scenario id (as the address bar has it) and revision of the shared view.
    pub shared: RwSignal<(String, Option<i64>)>,
    /// The compare page's scenarios, as the address bar has them.
    pub compare_ids: RwSignal<Vec<String>>,
    /// The planner's address: what its form holds (`planner::trail` keeps it in step with
    /// the form), or, after back/forward or a link, what the form is to load.
    pub planner: RwSignal<Route>,
    /// The quality eval open on the Quality page, as the address bar has it.
    pub eval: RwSignal<Option<String>>,
}

impl Nav {
    pub fn new() -> Self {
        Self {
            page: RwSignal::new(Page::Planner),
            shared: RwSignal::new((String::new(), None)),
            compare_ids: RwSignal::new(Vec::new()),
            planner: RwSignal::new(Route::Planner { state: None }),
            eval: RwSignal::new(None),
        }
    }

    /// The address of what is shown.
    pub fn route(&self) -> Route {
        match self.page.get() {
            Page::Planner => self.planner.get(),
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
            Page::Traffic => Route::Traffic,
            Page::Quality => Route::Quality {
                eval: self.eval.get(),
            },
        }
    }

    /// Shows what `route` names (at start, and on back/forward).
    pub fn show(&self, route: Route) {
        self.page.set(match route {
            planner @ (Route::Planner { .. } | Route::Edit { .. }) => {
                self.planner.set(planner);
                Page::Planner
            }
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
            Route::Traffic => Page::Traffic,
            Route::Quality { eval } => {
                self.eval.set(eval);
                Page::Quality
            }
        });
    }
}
