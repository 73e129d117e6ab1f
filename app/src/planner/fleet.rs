//! The Fleet section of a self-hosted SLM: how the fleet follows the traffic (scaling,
//! minimum and spare replicas), what is rented (whole instances, a reserved base, spot),
//! cold starts, the people who run it, and the SLM's own token count, prefix caching and
//! price trend. Which fields show follows the GPU price source, as what is sent does
//! (`form::slm::Modes`).

use leptos::prelude::*;

use super::controls::{Checkbox, Fixed, ReservedBase};
use super::fields::{Field, Select};
use super::form::slm::Modes;
use super::Form;

/// The scaling policies in the vocabulary's words, in the order it lists them.
fn scaling_choices() -> Vec<(String, String)> {
    tco::vocabulary::choices("slm.scaling")
        .map(|(value, words)| (value.to_string(), words.to_string()))
        .collect()
}

/// GPUs in one instance of the chosen offer of the GPU table, as text ("" for none).
fn offer_gpus(form: Form) -> String {
    pricing::gpus::bundled_gpus()
        .get(&form.value("slm.gpu"))
        .map(|o| o.gpus_per_instance.to_string())
        .unwrap_or_default()
}

#[component]
pub fn FleetFields(form: Form) -> impl IntoView {
    // A memo: the fields it chooses are rebuilt when a mode changes, not on every keystroke
    // (which would drop the caret in the rebuilt inputs).
    let modes = Memo::new(move |_| form.values.with(Modes::of));
    let rented = move || modes.with(Modes::rented);
    let shaped = Signal::derive(move || modes.with(|m| m.shaped));
    view! {
        <fieldset id="fieldset-fleet">
            <legend>"Fleet"</legend>
            <Select form path="slm.scaling" options=scaling_choices() />
            <Field form path="slm.min_replicas" hint="1" />
            <Field form path="slm.spare_replicas" hint="0" />
            {move || if modes.with(|m| m.table) {
                view! {
                    <Fixed form path="slm.gpus_per_instance" value=Signal::derive(move || offer_gpus(form))
                        source="from the chosen offer of the GPU table" />
                }.into_any()
            } else {
                view! { <Field form path="slm.gpus_per_instance" hint="1" /> }.into_any()
            }}
            <Show when=rented>
                <ReservedBase form />
                <Field form path="slm.gpu_discount" hint="0" />
                <Show when=move || !modes.with(|m| m.all_spot)>
                    <Field form path="slm.spot_share" hint="0" />
                </Show>
                <Show when=move || modes.with(|m| m.typed)>
                    <Field form path="slm.spot_usd_per_hour" />
                </Show>
                <Field form path="slm.spot_overhead" hint="0" />
                <Field form path="slm.cold_start_s" hint="0" />
            </Show>
            <Field form path="slm.hours_per_month" disabled=shaped
                hint=Signal::derive(move || if shaped.get() { "730: the load shape says when traffic comes".to_string() } else { "730".to_string() }) />
            <Field form path="slm.ops_fte" hint="0" />
            <Field form path="slm.fte_usd_per_year" hint="0" />
            <Field form path="slm.fixed_usd_per_month" hint="0" />
            <Field form path="slm.token_ratio" hint="1" />
            <Checkbox form path="slm.prefix_caching" default_on=true />
            <Show when=rented>
                <Field form path="slm.price_change_annual" hint="0" />
            </Show>
        </fieldset>
    }
}
