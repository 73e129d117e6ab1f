//! A bar editor for a shape: one bar per hour of the day (the load shape) or per day of the
//! week (the weekly shape). Each bar is a slider — ↑/↓ move it by a tenth of the largest
//! value, Page Up/Down by half, Home/End to 0 and to the largest (`form::shape::nudged`), a
//! click or tap sets it to that height (`form::shape::set_at`) — with a number box under it
//! for an exact figure. Every change rewrites that one number of the shape's text
//! (`form::shape::with_value`), so the editor and the text field below it always show the
//! same shape; the bars are drawn to the largest value.

use leptos::prelude::*;

use super::fields::{dom_id, in_words};
use super::form::shape::{nudged, set_at, tokens, with_value};
use super::values::text;
use super::Form;

/// The hours of the day as the load shape's bars are labelled (UTC).
pub const HOURS: [&str; 24] = [
    "00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15",
    "16", "17", "18", "19", "20", "21", "22", "23",
];
/// The days of the weekly shape, Monday first as the scenario format counts them.
pub const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The numbers of the shape as the bars show them: `labels.len()` texts, or None when the
/// text holds another count of numbers (a whole-week shape in the 24-hour editor, or a
/// shape being typed in the text field), which the bars cannot show one by one.
pub fn places(raw: &str, count: usize) -> Option<Vec<String>> {
    let t = tokens(raw);
    match t.len() {
        0 => Some(vec![String::new(); count]),
        n if n == count => Some(t.into_iter().map(str::to_string).collect()),
        _ => None,
    }
}

/// Each bar's height, 0 to 100 % of the largest value; an empty shape is drawn flat.
pub fn heights(raw: &str, count: usize) -> Vec<f64> {
    let values: Vec<f64> = match places(raw, count) {
        Some(p) if p.iter().all(String::is_empty) => vec![1.0; count],
        Some(p) => p
            .iter()
            .map(|t| t.parse::<f64>().ok().filter(|v| v.is_finite() && *v > 0.0))
            .map(|v| v.unwrap_or(0.0))
            .collect(),
        None => vec![0.0; count],
    };
    let top = values.iter().copied().fold(0.0, f64::max);
    values
        .iter()
        .map(|v| if top > 0.0 { v / top * 100.0 } else { 0.0 })
        .collect()
}

/// The engine's (or the form's) problems with single values of the shape, each named by
/// its bar: "Sat: must be between 0 and 1e12 (got -1)".
fn value_problems(form: Form, path: &'static str, labels: &'static [&'static str]) -> String {
    let prefix = format!("{path}[");
    let own = |errors: &[tco::FieldError]| -> Vec<String> {
        errors
            .iter()
            .filter_map(|e| {
                let index = e.field.strip_prefix(&prefix)?.strip_suffix(']')?;
                let bar = index.parse::<usize>().ok().and_then(|i| labels.get(i))?;
                Some(format!("{bar}: {}", in_words(&e.message)))
            })
            .collect()
    };
    let mut out = form
        .outcome
        .with(|o| o.as_ref().err().map(|e| own(e)).unwrap_or_default());
    out.extend(form.server_errors.with(|e| own(e)));
    out.join("; ")
}

/// Writes a shape edited in the editor. A load shape carries its own peak, so a typed
/// peak-to-average (which the engine refuses beside a shape that disagrees) is cleared:
/// the field then shows the peak derived from the shape.
pub fn write_shape(form: Form, path: &'static str, text: String) {
    if path == "workload.load_shape"
        && !text.trim().is_empty()
        && !form.value("workload.peak_to_average").trim().is_empty()
    {
        form.set("workload.peak_to_average", String::new());
    }
    form.set(path, text);
}

/// The bars of the shape at `path`, one per label. `enabled` says when they can be edited
/// (the weekly shape only over a 24-hour load shape); `why_not` is shown when they cannot.
#[component]
pub fn ShapeBars(
    form: Form,
    path: &'static str,
    labels: &'static [&'static str],
    /// What one bar is, for screen readers: "hour", "day".
    unit: &'static str,
    #[prop(into)] enabled: Signal<bool>,
    why_not: &'static str,
) -> impl IntoView {
    let count = labels.len();
    let id = dom_id(path);
    let fits = move || form.values.with(|v| places(text(v, path), count).is_some());
    let editable = move || enabled.get() && fits();
    let bar_id = id.clone();
    let bar = move |i: usize, name: &'static str| {
        let place = move || {
            form.values.with(|v| {
                places(text(v, path), count)
                    .and_then(|p| p.get(i).cloned())
                    .unwrap_or_default()
            })
        };
        let height = move || {
            form.values
                .with(|v| heights(text(v, path), count).get(i).copied().unwrap_or(0.0))
        };
        let bad = move || {
            form.outcome.with(|o| {
                o.as_ref()
                    .err()
                    .is_some_and(|e| e.iter().any(|e| e.field == format!("{path}[{i}]")))
            })
        };
        let set = move |typed: String| {
            let next = form
                .values
                .with_untracked(|v| with_value(text(v, path), count, i, &typed));
            write_shape(form, path, next);
        };
        let key = move |ev: leptos::ev::KeyboardEvent| {
            if !editable() {
                return;
            }
            let next = form
                .values
                .with_untracked(|v| nudged(text(v, path), count, i, &ev.key()));
            if let Some(next) = next {
                ev.prevent_default();
                write_shape(form, path, next);
            }
        };
        let press = move |ev: leptos::ev::PointerEvent| {
            let Some(track) = ev
                .current_target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            else {
                return;
            };
            let tall = f64::from(track.client_height());
            if !editable() || tall <= 0.0 {
                return;
            }
            let fraction = 1.0 - f64::from(ev.offset_y()) / tall;
            let next = form
                .values
                .with_untracked(|v| set_at(text(v, path), count, i, fraction));
            if let Some(next) = next {
                write_shape(form, path, next);
            }
        };
        // An empty place is a flat shape (1); text that is not a number announces no value
        // rather than a made-up one (its box shows the error).
        let value_now = move || {
            let p = place();
            if p.is_empty() {
                return Some("1".to_string());
            }
            p.parse::<f64>().ok().map(|v| v.to_string())
        };
        let now = move || {
            let p = place();
            if p.is_empty() {
                "1 (flat)".to_string()
            } else {
                p
            }
        };
        view! {
            <div class="bar-col" class:invalid=bad>
                <div class="bar-track" id=format!("{bar_id}-{i}-bar") role="slider"
                    tabindex=move || if editable() { "0" } else { "-1" }
                    aria-label=format!("{unit} {name}") aria-valuemin="0"
                    aria-valuenow=value_now
                    aria-valuetext=now aria-disabled=move || (!editable()).to_string()
                    aria-orientation="vertical"
                    on:keydown=key on:pointerdown=press>
                    <div class="bar" class:flat=move || form.value(path).trim().is_empty()
                        style:height=move || format!("{:.1}%", height())></div>
                </div>
                <input id=format!("{bar_id}-{i}") type="text" inputmode="decimal" autocomplete="off"
                    class="bar-value" aria-label=format!("{unit} {name}") placeholder="1"
                    disabled=move || !editable()
                    prop:value=place
                    on:input=move |ev| set(event_target_value(&ev))
                    aria-invalid=move || bad().to_string() />
                <span class="bar-label" aria-hidden="true">{name}</span>
            </div>
        }
    };
    view! {
        <div class="shape-bars" id=format!("{id}-bars") role="group"
            aria-label=tco::vocabulary::field(path).map_or(path, |f| f.label)
            class:week=count == 7>
            {labels.iter().enumerate().map(|(i, name)| bar(i, name)).collect_view()}
        </div>
        <p class="hint" id=format!("{id}-bars-note")>
            {move || if !enabled.get() {
                why_not.to_string()
            } else if !fits() {
                format!("This shape does not have {count} values: edit it in the text box below.")
            } else if form.value(path).trim().is_empty() {
                format!("No shape yet: type a relative rate into any {unit} to start one (the others start at 1).")
            } else {
                String::new()
            }}
        </p>
        <p class="error" id=format!("{id}-bars-error") role="alert">{move || value_problems(form, path, labels)}</p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_show_the_places_and_heights_of_the_text() {
        assert_eq!(places("", 7), Some(vec![String::new(); 7]));
        assert_eq!(places("1, 2", 7), None);
        assert_eq!(
            places("1, 1, 1, 1, 1, 0, 0", 7).map(|p| p[5].clone()),
            Some("0".to_string())
        );
        assert_eq!(heights("2, 1, 0, x", 4), vec![100.0, 50.0, 0.0, 0.0]);
        assert_eq!(heights("", 3), vec![100.0; 3]);
        assert_eq!(heights("0, 0", 2), vec![0.0, 0.0]);
        assert_eq!(heights("1, 2, 3", 2), vec![0.0, 0.0]);
    }
}
