//! Labelled, keyboard-usable form fields. Each is bound to one scenario path, is named,
//! measured and explained by the engine's vocabulary (`tco::vocabulary`: label, unit, and
//! help as its `title`), and shows the engine's error for that path in place.

use leptos::prelude::*;

use super::Form;

/// What a field is called, its unit and a sentence of help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    pub label: &'static str,
    pub unit: &'static str,
    pub help: &'static str,
}

/// The planner's own controls, which are not fields of the scenario format (so the
/// vocabulary has no words for them): how the GPU price is given, and the Monte Carlo switch.
const PLANNER_ONLY: [(&str, Words); 2] = [
    (
        "slm.gpu_source",
        Words {
            label: "GPU price source",
            unit: "",
            help: "Rent GPUs at a price from the GPU table, rent them at a price you type, or buy them (owned hardware).",
        },
    ),
    (
        "uncertainty.enabled",
        Words {
            label: "Draw the uncertain inputs",
            unit: "P10–P90 ranges and a savings distribution",
            help: "Runs the Monte Carlo: draws every input with a belief and shows ranges and the distribution of savings.",
        },
    ),
];

/// The words for the field at `path`: the vocabulary's, or the planner's own for its own
/// controls. A path neither knows (a test holds the planner to having none) is shown as it
/// is rather than not at all.
pub fn words(path: &'static str) -> Words {
    if let Some(f) = tco::vocabulary::field(path) {
        return Words {
            label: f.label,
            unit: f.unit,
            help: f.help,
        };
    }
    PLANNER_ONLY.iter().find(|(p, _)| *p == path).map_or(
        Words {
            label: path,
            unit: "",
            help: "",
        },
        |(_, w)| *w,
    )
}

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

/// A field's label: its name, its unit beside it, its help on hover.
fn label(path: &'static str) -> impl IntoView {
    let w = words(path);
    view! { <label for=dom_id(path) title=w.help>{w.label}<span class="unit">{w.unit}</span></label> }
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

/// A text box for the field at `path`: a number, or with `text` any text (the name, the
/// load shape).
#[component]
pub fn Field(
    form: Form,
    path: &'static str,
    /// With `model_path`: show the table's price for the chosen model as the placeholder.
    #[prop(optional)]
    table: &'static str,
    #[prop(optional)] model_path: &'static str,
    /// Free text rather than a number (no decimal keyboard).
    #[prop(optional)]
    text: bool,
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
            {label(path)}
            <input
                id=id.clone()
                name=path
                type="text"
                inputmode=(!text).then_some("decimal")
                autocomplete="off"
                title=words(path).help
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

/// A choice among `options` (value, text); with `none`, an empty first choice of that text
/// (a model from the price table, or none: prices typed by hand).
#[component]
pub fn Select(
    form: Form,
    path: &'static str,
    options: Vec<(String, String)>,
    #[prop(optional)] none: Option<&'static str>,
) -> impl IntoView {
    let id = dom_id(path);
    view! {
        <div class="field" class:invalid=move || form.error(path).is_some()>
            {label(path)}
            <select id=id.clone() name=path title=words(path).help
                on:change=move |ev| form.set(path, event_target_value(&ev))
                aria-invalid=move || form.error(path).is_some().to_string()
                aria-describedby=format!("{id}-error")>
                {none.map(|text| view! { <option value="" selected=move || form.value(path).is_empty()>{text}</option> })}
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::form::{defaults, from_input};

    #[test]
    fn every_planner_field_has_words() {
        // Every field the planner holds, in the modes it opens in and in the others.
        let full = tco::from_json(
            r#"{"name": "x", "slm": {"serving": "api", "model": "m", "owned": {"pue": 1.2}},
                "routing": {"mode": "cascade"}, "uncertainty": {"draws": 10}}"#,
        )
        .unwrap();
        let mut paths: Vec<&'static str> = defaults().into_keys().collect();
        paths.extend(from_input(&full).into_keys());
        for path in paths {
            let w = words(path);
            assert_ne!(w.label, path, "{path} has no words");
            assert!(!w.help.is_empty(), "{path} has no help");
        }
        assert_eq!(
            words("workload.cached_input_share").label,
            "Cached input share"
        );
    }
}
