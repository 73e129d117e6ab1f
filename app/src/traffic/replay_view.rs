//! The replay of the trace on the planner's scenario: per option totals over the period
//! and per month, the cheapest, the averaged plan against the real hours, warnings, and the
//! hour-by-hour fleet chart.

use std::sync::Arc;

use leptos::prelude::*;

use super::state::{Analysed, TrafficState};
use crate::planner::Form;

#[component]
pub fn ReplayView(form: Form, traffic: TrafficState, analysed: Arc<Analysed>) -> impl IntoView {
    let replay = Memo::new(move |_| {
        let w = traffic.workload.get()?.ok()?;
        form.values.track();
        form.throughput.track();
        let scenario = match form.input() {
            Ok(s) => s,
            Err(n) => {
                return Some(Err(format!(
                    "The planner's scenario has {n} invalid field(s): fix them in the planner to replay the trace on it."
                )))
            }
        };
        Some(form.prices.with(|table| {
            ::traffic::replay::replay(&analysed.trace, &w, &scenario, table)
                .map(Arc::new)
                .map_err(|e| e.to_string())
        }))
    });
    move || {
        replay.get().map(|r| match r {
            Err(e) => view! { <p class="problems" id="traffic-replay-error" role="alert">{e}</p> }
                .into_any(),
            Ok(r) => view! {
                <section class="traffic-replay" id="traffic-replay" aria-label="Replay">
                    <h3>"The exact traffic, replayed on the planner's scenario"</h3>
                    <p class="hint">{format!("{:.0} hours, {:.2} months", r.hours, r.months)}</p>
                </section>
            }
            .into_any(),
        })
    }
}
