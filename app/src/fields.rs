//! Labelled, keyboard-usable form fields. Each is bound to one scenario path and shows
//! the engine's error for that path in place.

use leptos::prelude::*;

use crate::Form;

pub fn dom_id(path: &str) -> String {
    path.replace('.', "-")
}

/// The error line under a field, announced to screen readers.
pub fn error_line(form: Form, path: &'static str) -> impl IntoView {
    view! {
        <p class="error" id=format!("{}-error", dom_id(path)) role="alert">
            {move || form.error(path)}
        </p>
    }
}

/// The table price a field falls back to: `which` is "input", "output" or "cached".
fn table_price(table: &pricing::PriceTable, model: &str, which: &str) -> Option<f64> {
    let prices = table.get(model).ok()?.prices;
    Some(match which {
        "input" => prices.input_usd_per_mtok,
        "output" => prices.output_usd_per_mtok,
        _ => prices.cached_input_usd_per_mtok,
    })
}

#[component]
pub fn NumberField(
    form: Form,
    path: &'static str,
    label: &'static str,
    #[prop(optional)] unit: &'static str,
    /// With `model_path`: show the table's price for the chosen model as the placeholder.
    #[prop(optional)]
    table: &'static str,
    #[prop(optional)] model_path: &'static str,
) -> impl IntoView {
    let id = dom_id(path);
    let placeholder = move || {
        if table.is_empty() {
            return String::new();
        }
        form.prices
            .with(|p| table_price(p, &form.value(model_path), table))
            .map(|p| format!("{p} (table)"))
            .unwrap_or_default()
    };
    view! {
        <div class="field" class:invalid=move || form.error(path).is_some()>
            <label for=id.clone()>{label}<span class="unit">{unit}</span></label>
            <input
                id=id.clone()
                name=path
                type="text"
                inputmode="decimal"
                autocomplete="off"
                placeholder=placeholder
                prop:value=move || form.value(path)
                on:input=move |ev| form.set(path, event_target_value(&ev))
                aria-invalid=move || form.error(path).is_some().to_string()
                aria-describedby=format!("{id}-error")
            />
            {error_line(form, path)}
        </div>
    }
}

#[component]
pub fn TextField(form: Form, path: &'static str, label: &'static str) -> impl IntoView {
    let id = dom_id(path);
    view! {
        <div class="field" class:invalid=move || form.error(path).is_some()>
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                name=path
                type="text"
                prop:value=move || form.value(path)
                on:input=move |ev| form.set(path, event_target_value(&ev))
                aria-invalid=move || form.error(path).is_some().to_string()
                aria-describedby=format!("{id}-error")
            />
            {error_line(form, path)}
        </div>
    }
}

#[component]
pub fn Select(
    form: Form,
    path: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
) -> impl IntoView {
    let id = dom_id(path);
    view! {
        <div class="field" class:invalid=move || form.error(path).is_some()>
            <label for=id.clone()>{label}</label>
            <select id=id.clone() name=path on:change=move |ev| form.set(path, event_target_value(&ev))
                aria-invalid=move || form.error(path).is_some().to_string()
                aria-describedby=format!("{id}-error")>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let current = value.clone();
                        view! { <option value=value selected=move || form.value(path) == current>{text}</option> }
                    })
                    .collect_view()}
            </select>
            {error_line(form, path)}
        </div>
    }
}

/// A model from the bundled price table, or none (prices typed by hand).
#[component]
pub fn ModelSelect(
    form: Form,
    path: &'static str,
    label: &'static str,
    models: Vec<String>,
) -> impl IntoView {
    let id = dom_id(path);
    view! {
        <div class="field" class:invalid=move || form.error(path).is_some()>
            <label for=id.clone()>{label}</label>
            <select id=id.clone() name=path on:change=move |ev| form.set(path, event_target_value(&ev))
                aria-invalid=move || form.error(path).is_some().to_string()
                aria-describedby=format!("{id}-error")>
                <option value="" selected=move || form.value(path).is_empty()>"(custom prices)"</option>
                {models
                    .into_iter()
                    .map(|m| {
                        let value = m.clone();
                        let text = m.clone();
                        view! { <option value=m selected=move || form.value(path) == value>{text}</option> }
                    })
                    .collect_view()}
            </select>
            {error_line(form, path)}
        </div>
    }
}
