//! The "Uncertainty (Monte Carlo)" fieldset: the switch, draws and seed, and a row of P10
//! and P90 for each input the user is unsure of (the rows of `beliefs.rs`).

use leptos::prelude::*;

use super::beliefs::{applies, belief, beliefs, starting_beliefs, Belief};
use super::fields::{dom_id, words, Field};
use super::Form;

/// Switches the Monte Carlo on; featured rows that are empty start at ±30 % around the
/// scenario's current values (labelled in the form as an assumption to edit).
pub fn switch_on(form: Form) {
    let start = form
        .outcome
        .with_untracked(|o| o.as_ref().ok().map(|(s, _)| starting_beliefs(s)))
        .unwrap_or_default();
    form.values.update(|v| {
        v.insert("uncertainty.enabled", "on".into());
        for (key, text) in start {
            if v.get(key).is_none_or(|t| t.trim().is_empty()) {
                v.insert(key, text);
            }
        }
    });
}

/// One belief: the input's name, its P10 and P90, and the problems with either.
fn row(form: Form, b: &'static Belief) -> impl IntoView {
    let input = move |key: &'static str, which: &'static str| {
        let id = dom_id(key);
        view! {
            <label for=id.clone() class="q">{which}<span class="visually-hidden">{format!(" of {}", b.label)}</span></label>
            <input id=id.clone() name=key type="text" inputmode="decimal" autocomplete="off"
                prop:value=move || form.value(key)
                on:input=move |ev| form.set(key, event_target_value(&ev))
                aria-invalid=move || (form.error(key).is_some() || form.error(b.field).is_some()).to_string()
                aria-describedby=format!("{}-error", dom_id(b.field)) />
        }
    };
    let problems = move || {
        [b.field, b.p10, b.p90]
            .into_iter()
            .filter_map(|k| form.error(k))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let help = tco::vocabulary::field(b.path).map(|f| f.help);
    view! {
        <div class="belief" class:invalid=move || !problems().is_empty() id=format!("belief-{}", dom_id(b.path))>
            <span class="belief-label" title=help>{b.label.clone()}</span>
            {input(b.p10, "P10")}
            {input(b.p90, "P90")}
            <p class="error" id=format!("{}-error", dom_id(b.field)) role="alert">{problems}</p>
        </div>
    }
}

#[component]
pub fn UncertaintyFields(form: Form) -> impl IntoView {
    let on = Memo::new(move |_| form.value("uncertainty.enabled") == "on");
    // The rows shown: featured ones and any other with text, of inputs that apply. A memo,
    // so typing in a row does not rebuild the rows (and lose the caret).
    let rows = Memo::new(move |_| {
        form.values.with(|v| {
            beliefs()
                .iter()
                .filter(|b| applies(b.path, v))
                .filter(|b| {
                    b.featured
                        || [b.p10, b.p90]
                            .iter()
                            .any(|k| v.get(k).is_some_and(|t| !t.trim().is_empty()))
                })
                .map(|b| b.path)
                .collect::<Vec<_>>()
        })
    });
    let switch = words("uncertainty.enabled");
    view! {
        <fieldset id="fieldset-uncertainty">
            <legend>"Uncertainty (Monte Carlo)"</legend>
            <div class="field">
                <label for="uncertainty-enabled" title=switch.help>{switch.label}<span class="unit">{switch.unit}</span></label>
                <input id="uncertainty-enabled" type="checkbox" class="check"
                    prop:checked=move || on.get()
                    on:change=move |ev| {
                        if event_target_checked(&ev) {
                            switch_on(form);
                        } else {
                            form.set("uncertainty.enabled", String::new());
                        }
                    } />
            </div>
            <Show when=move || on.get()>
                <Field form path="uncertainty.draws" />
                <Field form path="uncertainty.seed" />
                <p class="hint" id="beliefs-note">"For each input you are unsure of: P10 and P90, the values you are 80 % sure it lies between. An empty row keeps the input fixed; more draws take longer on every keystroke. "
                    <strong>"Rows filled when you switched this on are an assumption (±30 % around the current value): replace them with what you know."</strong></p>
                <div class="beliefs" id="beliefs">
                    {move || rows.get().into_iter().filter_map(belief).map(|b| row(form, b)).collect_view()}
                </div>
            </Show>
        </fieldset>
    }
}
