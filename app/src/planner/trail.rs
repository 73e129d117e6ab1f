//! The planner's session: what Reset returns to (the saved revision the form holds, else the
//! default scenario), the form's settled edits (Undo, Redo), and its address — the saved
//! scenario's id in the path, the edits not saved yet in `?state=` — kept in step with the
//! form, so a reload, a copied address or back/forward brings back the same work.
//!
//! An edit settles once the form has stayed unchanged for `QUIET`: it is then recorded for
//! Undo and written to `Nav::planner`, which the app turns into a history entry (replaced
//! while the same scenario is edited, pushed when another one is opened or saved).

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tco::input::ThroughputInput;
use tco::share::SharedState;
use tco::ScenarioInput;

use super::history::{History, DEPTH};
use super::values::Values;
use super::{form, Form};
use crate::app::url::Route;
use crate::app::Nav;
use crate::scenarios::{open_route, Session};

/// How long the form stays unchanged before an edit settles: typing a number is one edit
/// for Undo, and the address is rewritten (a deflate of the form) once, not per key.
const QUIET: Duration = Duration::from_millis(300);

/// The form's text and its throughput's source: what an edit changes and Undo restores.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub values: Values,
    pub throughput: Option<ThroughputInput>,
}

impl Snapshot {
    /// What the form holds now (not tracked).
    pub fn of(form: Form) -> Self {
        Self {
            values: form.values.get_untracked(),
            throughput: form.throughput.get_untracked(),
        }
    }

    /// The planner's default scenario, as a new page opens it.
    pub fn defaults() -> Self {
        Self {
            values: form::defaults(),
            throughput: None,
        }
    }

    /// A stored or linked scenario as the form shows it.
    pub fn of_input(input: &ScenarioInput) -> Self {
        Self {
            values: form::from_input(input),
            throughput: form::throughput_of(input),
        }
    }

    /// The scenario as written (text that is no number left out, as `Form::written`).
    pub fn input(&self) -> ScenarioInput {
        let mut ignored = Vec::new();
        form::to_input(&self.values, self.throughput.as_ref(), &mut ignored)
    }

    /// Puts this state in the form (the price table is left as it is).
    pub fn apply(&self, form: Form) {
        form.server_errors.set(Vec::new());
        form.made_typed.set(None);
        form.throughput.set(self.throughput.clone());
        form.values.set(self.values.clone());
    }
}

/// What Reset returns to, and what "edited" is measured against.
#[derive(Clone)]
pub struct Baseline {
    pub snapshot: Snapshot,
    pub prices: Arc<pricing::PriceTable>,
    /// The stored price-table version (None: the bundled table).
    pub table_id: Option<i64>,
}

#[derive(Clone, Copy)]
pub struct Trail {
    /// The form's settled states; Undo and Redo walk it.
    pub history: RwSignal<History<Snapshot>>,
    /// The saved revision the form opened or last saved (meaningful while one is open).
    baseline: RwSignal<Baseline>,
    /// The bundled price table, which the default scenario is priced with.
    bundled: StoredValue<Arc<pricing::PriceTable>>,
    /// Price-table versions (by label) whose stored id is known, for `?state=` to name.
    table_ids: RwSignal<Vec<(String, i64)>>,
    /// Labels already looked up, so an unknown version is asked about once.
    asked: StoredValue<Vec<String>>,
    /// Each load of an address takes the next number; an answer for an older one (the user
    /// went back again meanwhile) is dropped.
    loads: StoredValue<u64>,
    /// While a scenario is being fetched the form is about to change: nothing settles.
    pub loading: RwSignal<bool>,
    /// While a save is under way nothing settles either: the address stays that of what
    /// was open until the save answers, and then becomes the saved one's at once (a new
    /// history entry), never an address mixing the two.
    pub saving: RwSignal<bool>,
}

impl Trail {
    pub fn new() -> Self {
        let bundled = Arc::new(pricing::bundled_table().clone());
        Self {
            history: RwSignal::new(History::new(Snapshot::defaults(), DEPTH)),
            baseline: RwSignal::new(Baseline {
                snapshot: Snapshot::defaults(),
                prices: bundled.clone(),
                table_id: None,
            }),
            bundled: StoredValue::new(bundled),
            table_ids: RwSignal::new(Vec::new()),
            asked: StoredValue::new(Vec::new()),
            loads: StoredValue::new(0),
            loading: RwSignal::new(false),
            saving: RwSignal::new(false),
        }
    }

    /// The default scenario with the bundled table: Reset's target while nothing is saved.
    pub fn defaults(&self) -> Baseline {
        Baseline {
            snapshot: Snapshot::defaults(),
            prices: self.bundled.get_value(),
            table_id: None,
        }
    }

    /// What Reset returns to: the saved revision when one is open, else the defaults.
    pub fn target(&self, session: Session) -> Baseline {
        match session.open.with_untracked(Option::is_some) {
            true => self.baseline.get_untracked(),
            false => self.defaults(),
        }
    }

    /// Records that `label`'s stored version has id `id`.
    pub fn know(&self, label: String, id: i64) {
        if self
            .table_ids
            .with_untracked(|t| !t.contains(&(label.clone(), id)))
        {
            self.table_ids.update(|t| {
                t.retain(|(l, _)| *l != label);
                t.push((label, id));
            });
        }
    }

    /// The stored id of the version pricing the form (None: bundled, or not known yet).
    fn table_id(&self, prices: &pricing::PriceTable) -> Option<i64> {
        if self.bundled.with_value(|b| b.source == prices.source) {
            return None;
        }
        let label = prices.source.label();
        self.table_ids
            .with_untracked(|t| t.iter().find(|(l, _)| *l == label).map(|(_, id)| *id))
    }

    /// The address of what the form holds: the open scenario's revision, and the form in
    /// `?state=` when it differs from that revision (from the defaults when unsaved).
    pub fn address(&self, form: Form, session: Session) -> Route {
        let now = Snapshot::of(form).input();
        let table = form.prices.with_untracked(|p| self.table_id(p));
        let base = self.target(session);
        // Both sides named the same way: a stored copy of the bundled table is the bundled.
        let edited = now != base.snapshot.input() || table != self.table_id(&base.prices);
        let state = edited.then(|| {
            tco::share::encode(&SharedState {
                scenario: now,
                price_table: table,
            })
        });
        match session.open.get_untracked() {
            Some(open) => Route::Edit {
                id: open.id.to_string(),
                revision: Some(open.revision),
                state,
            },
            None => Route::Planner { state },
        }
    }

    /// Records the form as an edit and writes its address (now, without waiting for quiet).
    pub fn settle(&self, form: Form, session: Session, nav: Nav) {
        if self.loading.get_untracked() || self.saving.get_untracked() {
            return;
        }
        let now = Snapshot::of(form);
        if self.history.with_untracked(|h| *h.present() != now) {
            self.history.update(|h| {
                h.record(now);
            });
        }
        self.look_up_table(form, session, nav);
        let route = self.address(form, session);
        if nav.planner.with_untracked(|r| *r != route) {
            nav.planner.set(route);
        }
    }

    /// A version picked elsewhere (the LLM prices page) is named by its stored id: asked
    /// once, and the address written again when the answer comes.
    fn look_up_table(&self, form: Form, session: Session, nav: Nav) {
        let source = form.prices.with_untracked(|p| p.source.clone());
        let label = source.label();
        let bundled = self.bundled.with_value(|b| b.source == source);
        let known = self
            .table_ids
            .with_untracked(|t| t.iter().any(|(l, _)| *l == label));
        if bundled || known || self.asked.with_value(|a| a.contains(&label)) {
            return;
        }
        self.asked.update_value(|a| a.push(label.clone()));
        let trail = *self;
        spawn_local(async move {
            if let Ok(id) = crate::api::price_table_id(&source).await {
                trail.know(label, id);
                trail.settle(form, session, nav);
            }
        });
    }

    /// Starts a load of an address: its number, to check with `current` when it answers.
    pub fn begin_load(&self) -> u64 {
        self.loads.update_value(|n| *n += 1);
        self.loading.set(true);
        self.loads.get_value()
    }

    /// Whether load `ticket` is still the latest one asked for.
    pub fn current(&self, ticket: u64) -> bool {
        self.loads.get_value() == ticket
    }

    /// Ends load `ticket` (a later one keeps `loading` on).
    pub fn end_load(&self, ticket: u64) {
        if self.current(ticket) {
            self.loading.set(false);
        }
    }

    /// A saved revision opened: the form shows it (and then `edited`, the edits an address
    /// carried), Undo starts from it, Reset returns to it.
    pub fn open_saved(&self, form: Form, baseline: Baseline, edited: Option<Snapshot>) {
        if let Some(id) = baseline.table_id {
            self.know(baseline.prices.source.label(), id);
        }
        form.prices.set(baseline.prices.clone());
        baseline.snapshot.apply(form);
        let mut history = History::new(baseline.snapshot.clone(), DEPTH);
        if let Some(edited) = edited {
            edited.apply(form);
            history.record(edited);
        }
        self.history.set(history);
        self.baseline.set(baseline);
    }

    /// An unsaved scenario opened (a link, a fork, the defaults): the form shows it priced
    /// with `prices` (the bundled table when None), and Undo starts from it.
    pub fn open_unsaved(
        &self,
        form: Form,
        snapshot: Snapshot,
        prices: Option<(Arc<pricing::PriceTable>, i64)>,
    ) {
        match prices {
            Some((table, id)) => {
                self.know(table.source.label(), id);
                form.prices.set(table);
            }
            None => form.prices.set(self.bundled.get_value()),
        }
        snapshot.apply(form);
        self.history.set(History::new(snapshot, DEPTH));
        self.baseline.set(self.defaults());
    }

    /// The form was saved as it was when `snapshot` was taken: Reset returns there now.
    pub fn saved(&self, form: Form, snapshot: Snapshot, table_id: i64) {
        let prices = form.prices.get_untracked();
        self.know(prices.source.label(), table_id);
        self.baseline.set(Baseline {
            snapshot,
            prices,
            table_id: Some(table_id),
        });
    }

    /// Undo (`back`) or Redo one settled edit; an edit not settled yet settles first, so
    /// Undo right after typing undoes the typing.
    pub fn step(&self, form: Form, session: Session, nav: Nav, back: bool) {
        self.settle(form, session, nav);
        let mut shown = None;
        self.history.update(|h| {
            shown = if back { h.undo() } else { h.redo() }.cloned();
        });
        if let Some(state) = shown {
            state.apply(form);
            self.settle(form, session, nav);
        }
    }

    /// Reset: the form as saved (or the defaults when unsaved), itself an edit Undo reverts.
    pub fn reset(&self, form: Form, session: Session, nav: Nav) {
        self.settle(form, session, nav);
        let target = self.target(session);
        if form
            .prices
            .with_untracked(|p| p.source != target.prices.source)
        {
            form.prices.set(target.prices.clone());
        }
        target.snapshot.apply(form);
        self.settle(form, session, nav);
    }
}

/// Keeps the address in step with the form (each edit settling after `QUIET`), and loads
/// what the planner's address names whenever it is not what the form holds: at start, on
/// back and forward, and when a page asks for a scenario (`Nav::show`).
pub fn follow(form: Form, session: Session, nav: Nav) {
    let trail = session.trail;
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let cancel = move || {
        if let Some(handle) = timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    Effect::new(move |_| {
        form.values.track();
        form.throughput.track();
        form.prices.track();
        session.open.track();
        let held = trail.loading.get() | trail.saving.get();
        cancel();
        if held {
            return;
        }
        // The callback may run after the page is gone: `try_*` reads do nothing then.
        let settle = move || {
            if nav.planner.try_get_untracked().is_some() {
                trail.settle(form, session, nav);
            }
        };
        if let Ok(handle) = set_timeout_with_handle(settle, QUIET) {
            timer.set_value(Some(handle));
        }
    });
    Effect::new(move |_| {
        let wanted = nav.planner.get();
        // While a load runs the form is not yet what it will be: a new address (back
        // pressed again) is loaded over it; the old answer is then dropped.
        let here = (!trail.loading.get_untracked()).then(|| trail.address(form, session));
        if here.as_ref() != Some(&wanted) {
            open_route(form, session, nav, wanted);
        }
    });
}
