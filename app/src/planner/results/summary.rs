//! What the results say while the form is invalid: every problem at once in a list, each
//! naming its field in words and linking to it (a click focuses the field, opening a
//! folded section on the way), and — when an earlier valid plan is still shown, dimmed —
//! the note "Not updated: fix N fields" that links to the list.

use leptos::prelude::*;
use tco::FieldError;
use wasm_bindgen::JsCast;

use crate::planner::fields::in_words;

/// The id of the control for the scenario path `field`, as the form's controls are named
/// (`fields::dom_id`): `workload.input_tokens` → `workload-input_tokens`; a shape's value
/// `workload.load_shape[3]` → `workload-load_shape-3` (that hour's box in the bar editor).
pub fn control_id(field: &str) -> String {
    field.replace(['.', '['], "-").replace(']', "")
}

/// How many fields the problems are about (two problems of one field count once).
pub fn fields_to_fix(errors: &[FieldError]) -> usize {
    let mut fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    fields.sort_unstable();
    fields.dedup();
    fields.len()
}

/// "Not updated: fix 2 fields".
pub fn stale_note(n: usize) -> String {
    let fields = if n == 1 { "field" } else { "fields" };
    format!("Not updated: fix {n} {fields}")
}

/// Moves the keyboard to the control for `field`: the element with its id, or the one its
/// error line describes (a choice kept under a key of its own, a belief's pair). A folded
/// section around it is opened first. Nothing happens when the field has no control on the
/// page (a problem with the scenario as a whole).
fn focus_field(field: &str) {
    let id = control_id(field);
    let selector = format!("#{id}, [aria-describedby~=\"{id}-error\"]");
    let Some(element) = document().query_selector(&selector).ok().flatten() else {
        return;
    };
    let mut folded = element.closest("details:not([open])").ok().flatten();
    while let Some(details) = folded {
        let _ = details.set_attribute("open", "");
        folded = details.closest("details:not([open])").ok().flatten();
    }
    if let Ok(input) = element.dyn_into::<web_sys::HtmlElement>() {
        let _ = input.focus();
    }
}

/// Moves the keyboard (and the window) to the list of problems.
fn focus_list() {
    if let Some(list) = document().get_element_by_id("problems") {
        list.scroll_into_view();
        if let Ok(list) = list.dyn_into::<web_sys::HtmlElement>() {
            let _ = list.focus();
        }
    }
}

/// The banner above a dimmed plan: what it is, and a link to the list below.
pub fn stale_banner(errors: &[FieldError]) -> impl IntoView {
    let note = stale_note(fields_to_fix(errors));
    view! {
        <p class="stale-note" id="stale-note" role="status">
            <a href="#problems" on:click=|ev| { ev.prevent_default(); focus_list(); }>{note}</a>
            " — the figures below are from the last valid inputs."
        </p>
    }
}

/// Every problem, each under its field's name linked to the field. `stale` says whether an
/// earlier plan is shown below (the heading then says the figures were not updated).
pub fn problem_list(errors: &[FieldError], stale: bool) -> impl IntoView {
    let heading = if stale {
        "Problems to fix"
    } else {
        "Fix the marked fields to see results"
    };
    let items = errors
        .iter()
        .map(|e| {
            let message = in_words(&e.message);
            if e.field.is_empty() {
                // A problem of the scenario as a whole has no field to name or go to.
                return view! { <li>{message}</li> }.into_any();
            }
            let name = tco::vocabulary::label(&e.field);
            let field = e.field.clone();
            view! {
                <li data-field=e.field.clone()>
                    <a href=format!("#{}", control_id(&e.field))
                        on:click=move |ev| { ev.prevent_default(); focus_field(&field); }>
                        <strong>{name}</strong>
                    </a>
                    ": "{message}
                </li>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <div id="problems" class="problems" tabindex="-1">
            <h2>{heading}</h2>
            <ul>{items}</ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_links_to_its_control() {
        let rows = [
            ("workload.input_tokens", "workload-input_tokens"),
            ("workload.load_shape[3]", "workload-load_shape-3"),
            (
                "uncertainty.inputs.workload.output_tokens.p90",
                "uncertainty-inputs-workload-output_tokens-p90",
            ),
        ];
        for (field, id) in rows {
            assert_eq!(control_id(field), id);
            // The same id the form gives the field's own control.
            if !field.contains('[') {
                assert_eq!(control_id(field), crate::planner::fields::dom_id(field));
            }
        }
    }

    #[test]
    fn the_note_counts_fields_not_problems() {
        let errors = [
            FieldError::new("routing.slm_share", "must be between 0 and 1 (got 2)"),
            FieldError::new("routing.slm_share", "is not used in cascade mode"),
            FieldError::new("workload.input_tokens", "must be a number"),
        ];
        assert_eq!(fields_to_fix(&errors), 2);
        assert_eq!(stale_note(2), "Not updated: fix 2 fields");
        assert_eq!(stale_note(1), "Not updated: fix 1 field");
    }
}
