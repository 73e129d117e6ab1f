//! The measured cascade curve in the Routing section: the quality measured on the user's
//! own sample ("Use in scenario" on the Quality page wrote it, or a stored scenario held
//! it), said by its label, and a button that removes it, so that the routing can be typed
//! (and its mode changed) again.

use leptos::prelude::*;

use super::fields::{dom_id, error_line, warning_line};
use super::form::{measured_label, remove_measured, MEASURED};
use super::Form;

#[component]
pub fn MeasuredCurve(form: Form) -> impl IntoView {
    form.show(MEASURED);
    let label = Memo::new(move |_| form.values.with(measured_label));
    let remove = move |_| {
        if form.server_errors.with_untracked(|e| !e.is_empty()) {
            form.server_errors.set(Vec::new());
        }
        form.values.update(remove_measured);
    };
    let id = dom_id(MEASURED);
    move || {
        label.get().map(|text| {
            view! {
                <div class="field measured-curve" id=id.clone() class:invalid=move || form.error(MEASURED).is_some()>
                    <p class="hint" data-measured-curve="">{text}</p>
                    <button type="button" id="remove-measured" on:click=remove
                        title="Drop the curve measured on the Quality page: the routing's typed figures stay, and any routing mode can be chosen again">
                        "Remove measured curve"</button>
                    {error_line(form, MEASURED)}
                    {warning_line(form, MEASURED)}
                </div>
            }
        })
    }
}
