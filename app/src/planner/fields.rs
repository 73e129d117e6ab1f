//! Labelled, keyboard-usable form fields. Each is bound to one scenario path, is named,
//! measured and explained by the engine's vocabulary (`tco::vocabulary`: label, unit, and
//! help in a popover beside the label), and shows the engine's error for that path in place.

use leptos::prelude::*;

use super::form::slm::SELF_HOSTED_MODEL;
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
    // The self-hosted model is `slm.model` as the vocabulary names it when self-hosted.
    if path == SELF_HOSTED_MODEL {
        if let Some((_, _, label, help)) = tco::vocabulary::BY_SERVING
            .iter()
            .find(|(p, mode, _, _)| *p == "slm.model" && *mode == "self_hosted")
        {
            return Words {
                label,
                unit: "",
                help,
            };
        }
    }
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

pub use tco::vocabulary::in_words;

pub fn dom_id(path: &str) -> String {
    path.replace('.', "-")
}

/// The error line under a field, announced to screen readers.
pub fn error_line(form: Form, path: &'static str) -> impl IntoView {
    view! {
        <p class="error" id=format!("{}-error", dom_id(path)) role="alert">
            {move || form.error(path).map(|m| in_words(&m))}
        </p>
    }
}

/// The engine's warnings about a field, under it: valid input worth a second look (no
/// people cost, spot capacity that can be reclaimed, batch prices the table lacks, a
/// throughput measured on another device). Each says its code (`data-warning`).
pub fn warning_line(form: Form, path: &'static str) -> impl IntoView {
    view! {
        <p class="field-warning" id=format!("{}-warning", dom_id(path)) data-warnings-for=path role="status">
            {move || {
                form.warnings(path)
                    .into_iter()
                    .map(|(code, message)| view! { <span class="warning" data-warning=code>{in_words(&message)}" "</span> })
                    .collect_view()
            }}
        </p>
    }
}

/// A field's label: its name and its unit, and a "?" that opens the vocabulary's help for
/// it (a `<details>`: a button to the keyboard and to a finger alike, its open state told
/// to screen readers), with the unit said in words.
pub fn label(path: &'static str) -> impl IntoView {
    let w = words(path);
    let id = dom_id(path);
    let help = (!w.help.is_empty()).then(|| {
        let unit = (!w.unit.is_empty()).then(|| view! { <span class="help-unit">"Unit: "{w.unit}</span> });
        view! {
            <details class="help" id=format!("{id}-help")>
                <summary aria-label=format!("Help: {}", w.label) title=format!("Help: {}", w.label)>"?"</summary>
                <div class="help-pop" role="note">
                    <strong>{w.label}</strong>
                    <p>{w.help}</p>
                    {unit}
                </div>
            </details>
        }
    });
    view! {
        <div class="field-name">
            <label for=id.clone()>{w.label}<span class="unit">{w.unit}</span></label>
            {help}
        </div>
    }
}

/// What a field falls back to from the chosen model's row of the price table, as its
/// placeholder: `which` is "input", "output", "cached", "batch_input", "batch_output",
/// "cache_write" or "min_cached". A price the row does not list says what stands in.
fn table_fallback(table: &pricing::PriceTable, model: &str, which: &str) -> Option<String> {
    let row = table.get(model).ok()?;
    let prices = row.prices;
    let listed = |v: Option<f64>, instead: &str| {
        Some(v.map_or_else(
            || format!("{instead} (not listed)"),
            |p| format!("{p} (table)"),
        ))
    };
    match which {
        "input" => Some(format!("{} (table)", prices.input_usd_per_mtok)),
        "output" => Some(format!("{} (table)", prices.output_usd_per_mtok)),
        "cached" => Some(format!("{} (table)", prices.cached_input_usd_per_mtok)),
        "batch_input" => listed(row.batch_input_usd_per_mtok, "input price"),
        "batch_output" => listed(row.batch_output_usd_per_mtok, "output price"),
        "cache_write" => listed(row.cache_write_usd_per_mtok, "input price"),
        "min_cached" => Some(pricing::caching::min_cached_input_tokens(row).map_or_else(
            || "0 (none documented)".to_string(),
            |m| format!("{m} (provider's minimum)"),
        )),
        _ => None,
    }
}

/// A text box for the field at `path`: a number, or with `text` any text (the name, the
/// load shape).
#[component]
pub fn Field(
    form: Form,
    path: &'static str,
    /// With `model_path`: show the table's price for the chosen model as the placeholder
    /// (see `table_fallback` for the values of `table`).
    #[prop(optional)]
    table: &'static str,
    #[prop(optional)] model_path: &'static str,
    /// Free text rather than a number (no decimal keyboard).
    #[prop(optional)]
    text: bool,
    /// Greyed out and not sent while true (hours a month with a load shape); its text is
    /// kept for when it applies again.
    #[prop(optional, into)]
    disabled: MaybeProp<bool>,
    /// A placeholder of its own (a derived value, the engine's default) when no table
    /// price is asked for.
    #[prop(optional, into)]
    hint: MaybeProp<String>,
) -> impl IntoView {
    form.show(path);
    let id = dom_id(path);
    let placeholder = move || {
        if table.is_empty() {
            return hint.get().unwrap_or_default();
        }
        form.prices
            .with(|p| table_fallback(p, &form.value(model_path), table))
            .or_else(|| hint.get())
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
                disabled=move || disabled.get().unwrap_or(false)
                prop:value=move || form.value(path)
                on:input=move |ev| form.set(path, event_target_value(&ev))
                aria-invalid=move || form.error(path).is_some().to_string()
                aria-describedby=format!("{id}-error")
            />
            {error_line(form, path)}
            {warning_line(form, path)}
        </div>
    }
}

/// A choice among `options` (value, text); with `none`, an empty first choice of that text
/// (a model from the price table, or none: prices typed by hand). A value that is not among
/// the options (a row of a large table fetched by name, a scenario's unknown model) is shown
/// as itself rather than as another choice.
#[component]
pub fn Select(
    form: Form,
    path: &'static str,
    options: Vec<(String, String)>,
    #[prop(optional)] none: Option<&'static str>,
    /// The scenario path the engine's errors and warnings name, when the form keeps the
    /// text under a key of its own (the self-hosted model is `slm.model`).
    #[prop(optional)]
    field: Option<&'static str>,
) -> impl IntoView {
    let at = field.unwrap_or(path);
    form.show(at);
    let id = dom_id(path);
    let values: Vec<String> = options.iter().map(|(value, _)| value.clone()).collect();
    let other = move || {
        let value = form.value(path);
        (!value.is_empty() && !values.contains(&value))
            .then(|| view! { <option value=value.clone() selected=true>{value.clone()}</option> })
    };
    view! {
        <div class="field" class:invalid=move || form.error(at).is_some()>
            {label(path)}
            <select id=id.clone() name=path title=words(path).help
                on:change=move |ev| form.set(path, event_target_value(&ev))
                aria-invalid=move || form.error(at).is_some().to_string()
                aria-describedby=format!("{}-error", dom_id(at))>
                {none.map(|text| view! { <option value="" selected=move || form.value(path).is_empty()>{text}</option> })}
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let current = value.clone();
                        view! { <option value=value selected=move || form.value(path) == current>{text}</option> }
                    })
                    .collect_view()}
                {other}
            </select>
            {error_line(form, at)}
            {warning_line(form, at)}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::form::{defaults, from_input};

    #[test]
    fn messages_name_fields_in_words() {
        assert_eq!(
            in_words("no people cost (slm.ops_fte, slm.fte_usd_per_year, slm.fixed_usd_per_month)"),
            "no people cost (Operations staff, Cost per engineer, Fixed cost)"
        );
        assert_eq!(
            in_words("\"hourly\" needs workload.load_shape."),
            "\"hourly\" needs Load shape."
        );
        assert_eq!(
            in_words("must be between 0 and 1e15 (got 1.5), see docs/cost-model.md"),
            "must be between 0 and 1e15 (got 1.5), see docs/cost-model.md"
        );
    }

    #[test]
    fn every_planner_field_has_words() {
        // Every field the planner holds, in the modes it opens in and in the others.
        let full = tco::from_json(
            r#"{"name": "x", "slm": {"serving": "api", "model": "m", "owned": {"pue": 1.2,
                  "idle_power_watts": 100, "resale_share": 0.2},
                  "scaling": "hourly", "spare_replicas": 1, "gpus_per_instance": 8,
                  "spot_share": 0.5, "spot_usd_per_hour": 1, "spot_overhead": 0.1,
                  "reserved_instances": "optimal", "cold_start_s": 60, "ops_fte": 0.25,
                  "fte_usd_per_year": 150000, "token_ratio": 1.1, "prefix_caching": false,
                  "price_change_annual": -0.1, "batch_input_usd_per_mtok": 1,
                  "batch_output_usd_per_mtok": 1, "cache_write_usd_per_mtok": 1,
                  "min_cached_input_tokens": 1024},
                "workload": {"load_shape": [1, 2], "weekly_shape": [1, 1, 1, 1, 1, 0, 0],
                  "batch_share": 0.1, "cache_write_share": 0.1},
                "llm": {"batch_input_usd_per_mtok": 1, "batch_output_usd_per_mtok": 1,
                  "cache_write_usd_per_mtok": 1, "min_cached_input_tokens": 1024,
                  "reasoning_tokens": 100, "price_change_annual": -0.2},
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
        // The self-hosted model's own key is named as the vocabulary names `slm.model`
        // when self-hosted.
        let model = words(SELF_HOSTED_MODEL);
        assert_eq!(
            model.label,
            tco::vocabulary::label_when_served("slm.model", "self_hosted")
        );
        assert!(!model.help.is_empty());
    }
}
