//! What a planner address puts in the form: `/` the default scenario, `/?state=…` an
//! unsaved one carried by the link, `/p/<id>?revision=N[&state=…]` a saved revision and
//! the edits made to it since. Used at start, on back and forward, and when a page opens a
//! scenario in the planner (`planner::trail` decides when).

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::actions::fetch;
use super::session::{scenario_words, Open, Session};
use crate::api;
use crate::app::url::Route;
use crate::app::Nav;
use crate::planner::trail::{Baseline, Snapshot};
use crate::planner::Form;

/// Loads `route` into the planner's form (other routes are not the planner's: ignored).
pub fn open_route(form: Form, session: Session, nav: Nav, route: Route) {
    let trail = session.trail;
    match route {
        Route::Planner { state } => {
            let ticket = trail.begin_load();
            session.open.set(None);
            session.banner.set(None);
            session.note.set(None);
            match state {
                None => trail.open_unsaved(form, Snapshot::defaults(), None),
                Some(text) => open_state(form, session, &text, ticket),
            }
            trail.end_load(ticket);
            trail.settle(form, session, nav);
        }
        Route::Edit {
            id,
            revision,
            state,
        } => {
            let ticket = trail.begin_load();
            spawn_local(async move {
                open_saved(form, session, &id, revision, state, ticket).await;
                if trail.current(ticket) {
                    trail.end_load(ticket);
                    trail.settle(form, session, nav);
                }
            });
        }
        _ => {}
    }
}

/// The link's state as the form shows it; a link that cannot be read leaves the default
/// scenario and says why. Its price table, when it names one, is fetched after.
fn open_state(form: Form, session: Session, text: &str, ticket: u64) {
    let trail = session.trail;
    let state = match tco::share::decode(text) {
        Ok(state) => state,
        Err(e) => {
            trail.open_unsaved(form, Snapshot::defaults(), None);
            session.banner.set(Some(format!(
                "This link's scenario could not be read ({}); the default scenario is shown.",
                e.message
            )));
            return;
        }
    };
    trail.open_unsaved(form, Snapshot::of_input(&state.scenario), None);
    session
        .note
        .set(Some("Opened from a link; not saved.".into()));
    if let Some(id) = state.price_table {
        spawn_local(async move {
            let table = api::price_table(id).await;
            if !trail.current(ticket) {
                return;
            }
            match table {
                Ok(table) => {
                    trail.know(table.source.label(), id);
                    form.prices.set(Arc::new(table));
                }
                Err(e) => session.banner.set(Some(format!(
                    "The link's price table #{id} is not available ({}); priced with the bundled table.",
                    e.line(scenario_words)
                ))),
            }
        });
    }
}

/// A saved revision (the latest when `revision` is None) and the edits `state` carries.
async fn open_saved(
    form: Form,
    session: Session,
    id: &str,
    revision: Option<i64>,
    state: Option<String>,
    ticket: u64,
) {
    let trail = session.trail;
    let answer = fetch(id, revision).await;
    if !trail.current(ticket) {
        return;
    }
    let (view, table) = match answer {
        Ok(found) => found,
        Err(e) => {
            session
                .banner
                .set(Some(format!("Cannot open scenario {id}: {e}")));
            return;
        }
    };
    let edits = state.as_deref().map(tco::share::decode);
    let (edited, other_table) = match &edits {
        Some(Ok(s)) => (
            Some(Snapshot::of_input(&s.scenario)),
            s.price_table.filter(|t| *t != view.price_table.id),
        ),
        Some(Err(e)) => {
            session.banner.set(Some(format!(
                "The edits in this address could not be read ({}); the saved revision is shown.",
                e.message
            )));
            (None, None)
        }
        None => (None, None),
    };
    let note = format!(
        "Opened revision {} of {}{}",
        view.revision,
        view.title(),
        if edited.is_some() {
            ", with the edits not saved yet"
        } else {
            ""
        }
    );
    session.open.set(Some(Open {
        id: view.id.clone(),
        name: view.title(),
        revision: view.revision,
        latest: view.latest_revision,
    }));
    let baseline = Baseline {
        snapshot: Snapshot::of_input(&view.scenario),
        prices: table,
        table_id: Some(view.price_table.id),
    };
    trail.open_saved(form, baseline, edited);
    if edits.as_ref().is_none_or(Result::is_ok) {
        session.banner.set(None);
    }
    session.note.set(Some(note));
    // The edits were priced with another version (picked on the LLM prices page).
    if let Some(other) = other_table {
        match api::price_table(other).await {
            Ok(table) if trail.current(ticket) => {
                trail.know(table.source.label(), other);
                form.prices.set(Arc::new(table));
            }
            Ok(_) => {}
            Err(e) => session.banner.set(Some(format!(
                "The edits' price table #{other} is not available ({}); priced with the revision's.",
                e.line(scenario_words)
            ))),
        }
    }
}
