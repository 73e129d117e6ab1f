//! The planner's state, shared by every page: the text of every field, the price-table
//! version that prices it, the engine's outcome, recomputed on every change, and its Monte
//! Carlo, recomputed once typing stops.

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use tco::FieldError;

use super::draws::{Draws, MonteCarlo};
use super::form::{self, evaluate, Outcome};
use super::values::Values;

/// The fields a benchmark result fills; typing in one makes the throughput typed again.
const THROUGHPUT_FIELDS: [&str; 2] = ["slm.prefill_tokens_per_s", "slm.decode_tokens_per_s"];

#[derive(Clone, Copy)]
pub struct Form {
    pub values: RwSignal<Values>,
    /// The price-table version that prices the scenario (bundled until one is picked).
    pub prices: RwSignal<Arc<pricing::PriceTable>>,
    /// The deterministic plan (no Monte Carlo), recomputed on every keystroke.
    pub outcome: Memo<Outcome>,
    /// What the server refused on the last save, by scenario path (cleared by the next edit).
    pub server_errors: RwSignal<Vec<FieldError>>,
    /// The draws, run once the scenario has stayed unchanged for a moment.
    monte_carlo: MonteCarlo,
    /// The scenario paths that have a control on the page now (with how many), so a
    /// warning is shown beside its field when there is one and in the list otherwise.
    shown: RwSignal<BTreeMap<&'static str, usize>>,
}

impl Form {
    /// The planner's form: the default scenario, priced with the bundled table.
    pub fn new() -> Self {
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
            monte_carlo: MonteCarlo::follow(outcome),
            shown: RwSignal::new(BTreeMap::new()),
        }
    }

    /// The Monte Carlo for the scenario shown now: off, being recomputed, or its draws.
    pub fn draws(&self) -> Draws {
        self.outcome.with(|o| self.monte_carlo.for_outcome(o))
    }

    /// Records that a control for `path` is on the page until the calling component's
    /// owner is cleaned up.
    pub fn show(&self, path: &'static str) {
        let shown = self.shown;
        shown.update(|m| *m.entry(path).or_default() += 1);
        on_cleanup(move || {
            shown.try_update(|m| {
                if let Some(n) = m.get_mut(path) {
                    *n -= 1;
                    if *n == 0 {
                        m.remove(path);
                    }
                }
            });
        });
    }

    /// Whether a control for the scenario path `path` is on the page now.
    pub fn is_shown(&self, path: &str) -> bool {
        self.shown.with(|m| m.contains_key(path))
    }

    /// The engine's warnings about the field at `path` (valid input worth a second look).
    pub fn warnings(&self, path: &str) -> Vec<String> {
        self.outcome.with(|o| {
            o.as_ref().map_or_else(
                |_| Vec::new(),
                |(_, r)| {
                    r.warnings
                        .iter()
                        .filter(|w| w.field == path)
                        .map(|w| w.message.clone())
                        .collect()
                },
            )
        })
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

    /// The text of the field at `path` ("" when empty).
    pub fn value(&self, path: &'static str) -> String {
        self.values
            .with(|v| v.get(path).cloned().unwrap_or_default())
    }

    /// What the user typed or chose at `path`.
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

    /// Writes a workload (a saved profile's) into the workload fields.
    pub fn fill_workload(&self, w: &profiles::Workload, slo: Option<&profiles::LatencySlo>) {
        self.values.update(|v| form::fill_workload(v, w, slo));
    }

    /// Writes a preset into the workload fields, the name and the routing it suggests.
    pub fn fill_preset(&self, p: &profiles::Preset) {
        self.values.update(|v| form::fill_preset(v, p));
    }

    /// The engine's message for this exact field, if the input is invalid there; else the
    /// server's, when the last save was refused there.
    pub fn error(&self, path: &'static str) -> Option<String> {
        let own = |errors: &[FieldError]| {
            errors
                .iter()
                .find(|e| e.field == path)
                .map(|e| e.message.clone())
        };
        self.outcome
            .with(|o| o.as_ref().err().and_then(|errors| own(errors)))
            .or_else(|| self.server_errors.with(|errors| own(errors)))
    }
}
