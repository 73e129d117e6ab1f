//! The benchmark on show: its status, progress while it runs, the points measured so far,
//! and once done its result (`result_view.rs`).

use ::api::bench::JobStatus;
use leptos::prelude::*;

use super::format::utc;
use super::points::points_table;
use super::result_view::result_view;
use super::state::{BenchState, Current, Known};
use crate::app::Page;
use crate::planner::Form;

/// What it is doing now: its place in the queue, or the phase of the run.
fn progress_line(c: &Current, fraction: Option<f64>) -> String {
    match (&c.progress, c.status) {
        (_, Known::Job(JobStatus::Queued)) => match c.position {
            Some(p) => format!("queued: position {p}"),
            None => "queued".to_string(),
        },
        (Some(p), _) => format!(
            "{}: {}{}",
            p.phase,
            p.message,
            fraction
                .map(|f| format!(" ({})", tco::format::percent(f)))
                .unwrap_or_default()
        ),
        (None, _) => "starting…".to_string(),
    }
}

/// The steps and the time left, while it runs: "step 8 of 26 · about 11 s left".
fn eta_line(c: &Current) -> Option<String> {
    if c.status != Known::Job(JobStatus::Running) {
        return None;
    }
    let steps = c.progress.as_ref()?.steps.as_ref()?;
    Some(super::eta::words(steps))
}

pub fn current_view(
    form: Form,
    page: RwSignal<Page>,
    bench: BenchState,
    c: Current,
) -> impl IntoView {
    let active = c.status.is_active();
    let fraction = c
        .progress
        .as_ref()
        .map(|p| p.steps.as_ref().map_or(p.fraction, |s| s.fraction()))
        .filter(|f| f.is_finite())
        .map(|f| f.clamp(0.0, 1.0));
    let eta = eta_line(&c);
    let hardware = c.result.as_ref().map(|r| r.hardware_line());
    let no_goodput = c.result.as_ref().is_some_and(|r| r.missed_slo());
    let progress_line = progress_line(&c, fraction);
    let when = match (c.started_unix, c.finished_unix) {
        (Some(s), Some(f)) => format!("ran {} for {} s", utc(s), (f - s).max(0)),
        (Some(s), None) => format!("started {}", utc(s)),
        _ => c
            .created_unix
            .map(|t| format!("created {}", utc(t)))
            .unwrap_or_default(),
    };
    let live_points = match (&c.result, &c.progress) {
        (None, Some(p)) if !p.points.is_empty() => Some(p.points.clone()),
        _ => None,
    };
    let body = c
        .result
        .clone()
        .map(|r| result_view(form, page, bench, &c, r));
    view! {
        <div class="bench-head">
            <h2>{format!("Benchmark #{}", c.id)}</h2>
            <span class=format!("status status-{}", c.status.text()) class:status-warning=no_goodput id="bench-status">{c.status.text()}</span>
            {no_goodput.then(|| view! { <span class="status status-warning" id="bench-outcome">"no goodput"</span> })}
            {hardware.map(|h| view! { <span class="sub" id="bench-hardware">{format!("on {h}")}</span> })}
            <span class="sub">{when}</span>
            {active.then(|| view! { <button type="button" id="bench-cancel" on:click=move |_| bench.cancel()>"Cancel"</button> })}
        </div>
        {c.note.clone().map(|n| view! { <p class="hint" id="bench-note">{n}</p> })}
        {c.error.clone().map(|e| view! { <p class="error" id="bench-error">{e}</p> })}
        {active.then(|| view! {
            <div class="progress">
                <progress id="bench-progress" max="1" value=fraction.map(|f| f.to_string())>{fraction.map(tco::format::percent)}</progress>
                <p class="sub" id="bench-progress-text">{progress_line}</p>
                {eta.map(|e| view! { <p class="sub" id="bench-eta">{e}</p> })}
            </div>
        })}
        {live_points.map(|points| view! {
            <h3>"Measured so far"</h3>
            {points_table("bench-live-points", &points, None)}
        })}
        {body}
    }
}
