//! The planner's state, shared by every page: the text of every field, the price-table
//! version that prices it, the engine's outcome, recomputed on every change, and its Monte
//! Carlo, recomputed once typing stops.

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use tco::input::{ThroughputInput, ThroughputKind};
use tco::{FieldError, ScenarioInput};

use super::draws::{Draws, MonteCarlo};
use super::form::slm::SELF_HOSTED_MODEL;
use super::form::{self, evaluate, Outcome};
use super::values::Values;

/// The fields a benchmark result fills; typing in one makes the throughput typed again.
const THROUGHPUT_FIELDS: [&str; 2] = ["slm.prefill_tokens_per_s", "slm.decode_tokens_per_s"];

#[derive(Clone, Copy)]
pub struct Form {
    pub values: RwSignal<Values>,
    /// `slm.throughput`, held whole (not as text): where the throughput comes from and what
    /// was measured, as "Use in scenario" or a stored scenario wrote it. None: typed.
    pub throughput: RwSignal<Option<ThroughputInput>>,
    /// Set when typing a figure turned a measured or projected throughput into a typed
    /// estimate: what it was ("benchmark #12 …"), said beside the throughput.
    pub made_typed: RwSignal<Option<String>>,
    /// The price-table version that prices the scenario (bundled until one is picked): all
    /// its rows, or of a version larger than one page the first page and the rows the
    /// scenario names (`table_rows`).
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
        Self::with(
            form::defaults(),
            None,
            Arc::new(pricing::bundled_table().clone()),
        )
    }

    /// A read-only form of a stored scenario (the shared view renders results from it).
    pub fn of_input(input: &ScenarioInput, prices: Arc<pricing::PriceTable>) -> Self {
        Self::with(form::from_input(input), form::throughput_of(input), prices)
    }

    /// A form holding `values` and `throughput` priced by `prices`: the planner's, or a
    /// read-only one the shared view renders results from.
    pub fn with(
        values: Values,
        throughput: Option<ThroughputInput>,
        prices: Arc<pricing::PriceTable>,
    ) -> Self {
        let values = RwSignal::new(values);
        let throughput = RwSignal::new(throughput);
        let prices = RwSignal::new(prices);
        let outcome = Memo::new(move |_| {
            prices.with(|p| throughput.with(|t| values.with(|v| evaluate(v, t.as_ref(), p))))
        });
        let form = Self {
            values,
            throughput,
            made_typed: RwSignal::new(None),
            prices,
            outcome,
            server_errors: RwSignal::new(Vec::new()),
            monte_carlo: MonteCarlo::follow(outcome),
            shown: RwSignal::new(BTreeMap::new()),
        };
        super::table_rows::follow(form);
        form
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

    /// The engine's warnings about the field at `path` (valid input worth a second look):
    /// (code, message).
    pub fn warnings(&self, path: &str) -> Vec<(String, String)> {
        self.outcome.with(|o| {
            o.as_ref().map_or_else(
                |_| Vec::new(),
                |(_, r)| {
                    r.warnings
                        .iter()
                        .filter(|w| w.field == path)
                        .map(|w| (w.code.clone(), w.message.clone()))
                        .collect()
                },
            )
        })
    }

    /// Replaces every field with a scenario's (a link opened, a placement used), its
    /// throughput's source kept whole.
    pub fn open(&self, input: &ScenarioInput) {
        self.server_errors.set(Vec::new());
        self.made_typed.set(None);
        self.throughput.set(form::throughput_of(input));
        self.values.set(form::from_input(input));
    }

    /// The scenario as written now (whether or not it is valid), with the text that does
    /// not read as a number left out.
    pub fn written(&self) -> ScenarioInput {
        let mut ignored = Vec::new();
        self.throughput.with_untracked(|t| {
            self.values
                .with_untracked(|v| form::to_input(v, t.as_ref(), &mut ignored))
        })
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
        let input = self.throughput.with_untracked(|t| {
            self.values
                .with_untracked(|v| form::to_input(v, t.as_ref(), &mut errors))
        });
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
        let retyped = THROUGHPUT_FIELDS.contains(&path)
            && self.values.with_untracked(|v| v.get(path) != Some(&text));
        if retyped {
            // A throughput typed over a measured one is no longer the measurement: it is an
            // estimate, and the page says what it was.
            let was = self
                .outcome
                .with_untracked(|o| {
                    o.as_ref()
                        .ok()
                        .and_then(|(_, r)| r.prices.throughput.clone())
                })
                .filter(|t| t.basis != tco::scenario::ThroughputBasis::Typed)
                .map(|t| t.in_words());
            if let Some(was) = was {
                self.made_typed.set(Some(was));
            }
            if self.throughput.with_untracked(|t| {
                t.as_ref()
                    .is_some_and(|t| t.basis != Some(ThroughputKind::Typed))
            }) {
                self.throughput.set(None);
            }
        }
        self.values.update(|v| {
            if retyped {
                v.remove("slm.throughput_source");
            }
            mark_source_edited(v, path, &text);
            v.insert(path, text);
        });
    }

    /// A stored benchmark's throughput as the scenario's: `slm.throughput` and the prefill
    /// and decode tokens/s `api::bench::BenchResult::throughput_input` gives, and the model
    /// and number format measured when the scenario names no model. Serving becomes
    /// self-hosted.
    pub fn use_throughput(&self, section: ThroughputInput, prefill: f64, decode: f64) {
        self.server_errors.set(Vec::new());
        self.made_typed.set(None);
        self.values.update(|v| {
            v.insert("slm.serving", "self_hosted".into());
            v.insert("slm.prefill_tokens_per_s", format!("{prefill}"));
            v.insert("slm.decode_tokens_per_s", format!("{decode}"));
            v.remove("slm.throughput_source");
            let named = v
                .get(SELF_HOSTED_MODEL)
                .is_some_and(|m| !m.trim().is_empty());
            if let (false, Some(model)) = (named, &section.model) {
                v.insert(SELF_HOSTED_MODEL, model.clone());
                v.insert(
                    "slm.model_format",
                    section
                        .format
                        .map_or_else(String::new, |f| f.as_str().to_string()),
                );
            }
        });
        self.throughput.set(Some(section));
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

/// The workload figures an imported log fills (`traffic::analysis`; the Traffic page's
/// "Use in planner" writes exactly these): typing over one leaves a workload that is no
/// longer the log's alone.
pub const IMPORTED_WORKLOAD_FIELDS: [&str; 10] = [
    "workload.requests_per_month",
    "workload.input_tokens",
    "workload.output_tokens",
    "workload.cached_input_share",
    "workload.cache_write_share",
    "workload.batch_share",
    "workload.monthly_growth",
    "workload.peak_to_average",
    "workload.load_shape",
    "workload.weekly_shape",
];

/// What `workload.source` adds once a figure it describes is typed over.
pub const EDITED_SUFFIX: &str = ", then edited by hand";

/// A workload figure typed over keeps the source's words, saying the figures were edited
/// since (once), so a saved scenario or a report never presents a typed figure as the log's.
fn mark_source_edited(v: &mut crate::planner::values::Values, path: &str, text: &str) {
    if !IMPORTED_WORKLOAD_FIELDS.contains(&path) || v.get(path).map(String::as_str) == Some(text) {
        return;
    }
    if let Some(source) = v.get("workload.source") {
        if !source.trim().is_empty() && !source.ends_with(EDITED_SUFFIX) {
            let edited = format!("{}{EDITED_SUFFIX}", source.trim());
            v.insert("workload.source", edited);
        }
    }
}

#[cfg(test)]
mod source_tests {
    use super::*;
    use crate::planner::values::Values;

    #[test]
    fn typing_over_an_imported_figure_says_so_once() {
        let mut v = Values::new();
        v.insert("workload.source", "from a.csv, 3 requests".into());
        v.insert("workload.requests_per_month", "1095".into());
        // The same text, or a field the log does not fill: the source stands.
        mark_source_edited(&mut v, "workload.requests_per_month", "1095");
        mark_source_edited(&mut v, "llm.model", "gpt-4o");
        assert_eq!(
            v.get("workload.source").map(String::as_str),
            Some("from a.csv, 3 requests")
        );
        mark_source_edited(&mut v, "workload.requests_per_month", "2000");
        mark_source_edited(&mut v, "workload.input_tokens", "10");
        assert_eq!(
            v.get("workload.source").map(String::as_str),
            Some("from a.csv, 3 requests, then edited by hand")
        );
        // No source: nothing to mark.
        let mut plain = Values::new();
        mark_source_edited(&mut plain, "workload.input_tokens", "10");
        assert_eq!(plain.get("workload.source"), None);
    }
}
