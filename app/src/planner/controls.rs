//! Controls of the fleet section that are not a plain number: a yes/no field, the reserved
//! base (a number of instances, or the engine's "optimal"), and a figure the chosen GPU
//! offer fixes, shown but not typed. Each is named, measured and explained by the
//! vocabulary, like the text fields, and shows the engine's error and warnings in place.

use leptos::prelude::*;

use super::fields::{dom_id, error_line, label, warning_line, words};
use super::Form;

/// A yes/no field kept as "true"/"false"; empty text is the engine's default, `default_on`.
#[component]
pub fn Checkbox(form: Form, path: &'static str, default_on: bool) -> impl IntoView {
    form.show(path);
    let id = dom_id(path);
    let on = move || match form.value(path).as_str() {
        "true" => true,
        "false" => false,
        _ => default_on,
    };
    view! {
        <div class="field" class:invalid=move || form.error(path).is_some()>
            {label(path)}
            <input id=id.clone() name=path type="checkbox" class="check" title=words(path).help
                prop:checked=on
                on:change=move |ev| form.set(path, event_target_checked(&ev).to_string())
                aria-describedby=format!("{id}-error") />
            {error_line(form, path)}
            {warning_line(form, path)}
        </div>
    }
}

/// What the reserved-base choice shows for the field's text: "optimal" for the engine's
/// default (empty) and the word, "count" for a number.
fn reserved_choice(text: &str) -> &'static str {
    if text.is_empty() || text.eq_ignore_ascii_case("optimal") {
        "optimal"
    } else {
        "count"
    }
}

/// `slm.reserved_instances`: "Optimal" (the vocabulary's word; the engine picks the
/// cheapest base) or a whole number of instances typed beside it.
#[component]
pub fn ReservedBase(form: Form) -> impl IntoView {
    const PATH: &str = "slm.reserved_instances";
    form.show(PATH);
    let id = dom_id(PATH);
    let optimal = tco::vocabulary::choice(PATH, "optimal").unwrap_or("Optimal");
    let choice = Memo::new(move |_| reserved_choice(&form.value(PATH)));
    let pick = move |value: String| {
        // Switching to a number starts from none reserved; back to optimal says so.
        let text = if value == "count" { "0" } else { "optimal" };
        form.set(PATH, text.to_string());
    };
    view! {
        <div class="field reserved" class:invalid=move || form.error(PATH).is_some()>
            {label(PATH)}
            <div class="pair">
                <select id=format!("{id}-choice") aria-label="Reserved base" title=words(PATH).help
                    on:change=move |ev| pick(event_target_value(&ev))>
                    <option value="optimal" selected=move || choice.get() == "optimal">{optimal}</option>
                    <option value="count" selected=move || choice.get() == "count">"A number of instances"</option>
                </select>
                <Show when=move || choice.get() == "count">
                    <input id=id.clone() name=PATH type="text" inputmode="numeric" autocomplete="off"
                        aria-label="Reserved instances"
                        prop:value=move || form.value(PATH)
                        on:input=move |ev| form.set(PATH, event_target_value(&ev))
                        aria-invalid=move || form.error(PATH).is_some().to_string()
                        aria-describedby=format!("{}-error", dom_id(PATH)) />
                </Show>
            </div>
            {error_line(form, PATH)}
            {warning_line(form, PATH)}
        </div>
    }
}

/// A figure the scenario's choices fix (the GPUs of the chosen offer's instance): shown
/// where the field would be, with where it comes from, and never sent.
#[component]
pub fn Fixed(
    form: Form,
    path: &'static str,
    value: Signal<String>,
    source: &'static str,
) -> impl IntoView {
    form.show(path);
    let id = dom_id(path);
    view! {
        <div class="field">
            {label(path)}
            <input id=id name=path type="text" readonly=true title=source prop:value=move || value.get() />
            <p class="hint fixed-source">{source}</p>
            {warning_line(form, path)}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reserved_choice_reads_the_text() {
        assert_eq!(reserved_choice(""), "optimal");
        assert_eq!(reserved_choice("Optimal"), "optimal");
        assert_eq!(reserved_choice("2"), "count");
        assert_eq!(reserved_choice("x"), "count");
    }
}
