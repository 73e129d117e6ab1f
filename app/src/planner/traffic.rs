//! The Traffic section: when the month's requests come (a 24-hour load shape, the days of
//! the week over it, or a whole-week shape typed as text), the share that can wait for a
//! batch, and the peak-to-average ratio the engine uses without a shape.

use leptos::prelude::*;

use super::fields::Field;
use super::form::shape::tokens;
use super::shape_bars::{write_shape, ShapeBars, DAYS, HOURS};
use super::shape_presets::SHAPE_PRESETS;
use super::values::text;
use super::Form;

/// The weekly shapes a button fills: (what it says, the shape's text).
const WEEKS: [(&str, &str); 2] = [
    ("Weekdays only", "1, 1, 1, 1, 1, 0, 0"),
    ("Every day", "1, 1, 1, 1, 1, 1, 1"),
];

/// How many numbers the load shape's text holds now.
fn shape_len(form: Form) -> usize {
    form.values
        .with(|v| tokens(text(v, "workload.load_shape")).len())
}

/// The peak-to-average the engine derived from the shape, as a placeholder.
fn derived_peak(form: Form) -> Option<String> {
    form.outcome.with(|o| {
        let (s, _) = o.as_ref().ok()?;
        s.load_shape
            .as_ref()
            .map(|_| format!("{:.2} (from the shape)", s.workload.peak_to_average))
    })
}

#[component]
pub fn TrafficFields(form: Form) -> impl IntoView {
    let daily = Signal::derive(move || shape_len(form) == 24);
    let clear = move |_| {
        // A weekly shape needs a 24-hour one: both go, back to a flat month.
        form.set("workload.load_shape", String::new());
        form.set("workload.weekly_shape", String::new());
    };
    let week_buttons = WEEKS
        .iter()
        .map(|(words, shape)| {
            view! {
                <button type="button" class="fill-week" disabled=move || !daily.get()
                    on:click=move |_| form.set("workload.weekly_shape", shape.to_string())>{*words}</button>
            }
        })
        .collect_view();
    // Preset days from the workload presets' own load shapes (`shape_presets`).
    let day_buttons = SHAPE_PRESETS
        .iter()
        .filter_map(|p| p.text().map(|shape| (p, shape)))
        .map(|(p, shape)| {
            view! {
                <button type="button" class="fill-day" id=format!("load-shape-{}", p.id)
                    title=p.source() on:click=move |_| write_shape(form, "workload.load_shape", shape.clone())>{p.words}</button>
            }
        })
        .collect_view();
    view! {
        <fieldset id="fieldset-traffic">
            <legend>"Traffic"</legend>
            <p class="hint">"When the requests come: the fleet is sized, and with hour-by-hour scaling billed, hour by hour of the week. Pick a day below or move the bars (click, or ↑/↓ on a focused bar); workload presets fill both shapes."</p>
            <h3 class="sub-legend">"Hour of the day (UTC)"</h3>
            <ShapeBars form path="workload.load_shape" labels=&HOURS unit="hour" enabled=true
                why_not="" />
            <div class="toolbar shape-presets" role="group" aria-label="Preset load shapes">
                {day_buttons}
                <button type="button" id="clear-load-shape" on:click=clear>"No shape (flat month)"</button>
            </div>
            <Field form path="workload.load_shape" text=true />
            <h3 class="sub-legend">"Day of the week"</h3>
            <ShapeBars form path="workload.weekly_shape" labels=&DAYS unit="day" enabled=daily
                why_not="Days apply over a 24-hour load shape (a 168-value shape already covers the week)." />
            <div class="toolbar">
                {week_buttons}
                <button type="button" id="clear-weekly-shape"
                    on:click=move |_| form.set("workload.weekly_shape", String::new())>"Same every day"</button>
            </div>
            <Field form path="workload.weekly_shape" text=true />
            <Field form path="workload.batch_share" hint="0" />
            <Field form path="workload.peak_to_average"
                hint=Signal::derive(move || derived_peak(form).unwrap_or_else(|| "1".to_string())) />
        </fieldset>
    }
}
