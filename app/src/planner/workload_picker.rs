//! "Start from": a preset or a saved profile fills the workload fields, which stay editable.

use ::api::endpoints::ListProfiles;
use leptos::prelude::*;

use super::Form;
use crate::api::Call;

#[component]
pub fn WorkloadPicker(form: Form) -> impl IntoView {
    let listed = LocalResource::new(|| Call::<ListProfiles>::new().send());
    let picked = RwSignal::new(String::new());
    let pick = move |value: String| {
        if let Some(id) = value.strip_prefix("preset:") {
            if let Some(p) = profiles::preset(id) {
                form.fill_preset(p);
            }
        } else if let Some(id) = value.strip_prefix("saved:") {
            let found = listed.with_untracked(|answer| {
                answer
                    .as_ref()
                    .and_then(|a| a.as_ref().ok())
                    .and_then(|a| a.saved.iter().find(|s| s.id == id).cloned())
            });
            if let Some(s) = found {
                form.fill_workload(&s.profile.workload, s.profile.slo.as_ref());
            }
        }
        picked.set(value);
    };
    let saved_options = move || {
        listed.get().map(|answer| match answer {
            Ok(a) => a
                .saved
                .into_iter()
                .map(|s| view! { <option value=format!("saved:{}", s.id)>{s.name}</option> })
                .collect_view()
                .into_any(),
            Err(e) => view! {
                <option value="" disabled=true>{format!("unavailable: {}", e.line(tco::vocabulary::label))}</option>
            }
            .into_any(),
        })
    };
    view! {
        <div class="field">
            <label for="workload-preset">"Start from"<span class="unit">"a preset or a saved profile; then edit"</span></label>
            <select id="workload-preset" prop:value=move || picked.get()
                on:change=move |ev| pick(event_target_value(&ev))>
                <option value="">"— choose —"</option>
                <optgroup label="Presets">
                    {profiles::presets().iter().map(|p| view! { <option value=format!("preset:{}", p.id)>{p.name.clone()}</option> }).collect_view()}
                </optgroup>
                <optgroup label="Saved profiles">{saved_options}</optgroup>
            </select>
        </div>
    }
}
