//! Undo, Redo and Reset: buttons (reachable and pressed with the keyboard like any other),
//! beside Save. Undo steps back through the form's settled edits; Reset returns to the
//! saved revision, or to the default scenario when nothing is saved.

use leptos::prelude::*;

use super::trail::Snapshot;
use super::Form;
use crate::app::Nav;
use crate::scenarios::Session;

#[component]
pub fn EditButtons(form: Form, session: Session, nav: Nav) -> impl IntoView {
    let trail = session.trail;
    // An edit not settled yet is undoable too (Undo settles it first).
    // One memo for both buttons: the form's snapshot is taken once per change, not once
    // per button per keystroke.
    let unsettled = Memo::new(move |_| {
        form.values.track();
        form.throughput.track();
        trail.history.with(|h| *h.present() != Snapshot::of(form))
    });
    let can_undo = move || trail.history.with(|h| h.can_undo()) || unsettled.get();
    // An edit after an Undo drops what was undone, settled or not.
    let can_redo = move || trail.history.with(|h| h.can_redo()) && !unsettled.get();
    let reset_title = move || match session.open.get() {
        Some(o) => format!("Back to revision {} as saved", o.revision),
        None => "Back to the default scenario".to_string(),
    };
    view! {
        <span class="edit-buttons" role="group" aria-label="Edits">
            <button type="button" id="undo" disabled=move || !can_undo()
                on:click=move |_| trail.step(form, session, nav, true)>"Undo"</button>
            <button type="button" id="redo" disabled=move || !can_redo()
                on:click=move |_| trail.step(form, session, nav, false)>"Redo"</button>
            <button type="button" id="reset" title=reset_title
                on:click=move |_| trail.reset(form, session, nav)>"Reset"</button>
        </span>
    }
}
