//! A finished benchmark without goodput (no concurrency met its SLO): a warning, not a
//! success, that says why in words (the best point's p95s against the targets) and offers
//! two fixes: "Relax the SLO to the measured figures" fills the form with the same run and
//! the relaxed targets (the user presses Run), "Run without an SLO" reruns it at once
//! without targets (the goodput is then the highest decode rate).

use ::api::bench::{best_point, BenchRequest, BenchResult, Slo, HEADROOM};
use leptos::prelude::*;

use super::form;
use super::format::ms;
use super::state::BenchState;

/// A figure against its target: "7.3 ms against a target of ≤ 0.01 ms (missed)".
fn against(measured: f64, target: f64) -> String {
    let shown = |v: f64| ms(v).unwrap_or_else(|| "— (not measured)".into());
    let verdict = if measured <= target { "met" } else { "missed" };
    format!(
        "{} against a target of ≤ {} ({verdict})",
        shown(measured),
        shown(target)
    )
}

/// Why there is no goodput, in words: the best point's p95s against the SLO's targets.
pub fn reason(r: &BenchResult) -> String {
    let (Some(slo), Some(p)) = (r.slo, best_point(&r.points)) else {
        return "No concurrency met the latency SLO.".to_string();
    };
    let lowest = if r.points.len() > 1 {
        " (the lowest measured, where latency is best)"
    } else {
        ""
    };
    format!(
        "No concurrency met the latency SLO. At concurrency {}{lowest}, the p95 time to first token was {} and the p95 time per output token was {}.",
        p.concurrency,
        against(p.ttft_ms_p95, slo.ttft_ms),
        against(p.tpot_ms_p95, slo.tpot_ms),
    )
}

/// Fills the form with `request` and `slo` (None: no SLO), as if typed.
fn refill(bench: BenchState, request: &BenchRequest, slo: Option<Slo>) {
    for (key, text) in form::fields_of(request, slo) {
        bench.input(key, text);
    }
}

/// The warning box with the reason and the fixes. `request` is what ran (None while the
/// benchmark's record is still loading: the fixes wait for it).
pub fn no_goodput_box(
    bench: BenchState,
    r: &BenchResult,
    request: Option<BenchRequest>,
) -> impl IntoView {
    let relaxed = r.relaxed_slo();
    let filled = RwSignal::new(false);
    let relax = relaxed.zip(request.clone()).map(|(slo, request)| {
        let words = format!(
            "Relax the SLO to the measured figures (TTFT ≤ {}, TPOT ≤ {})",
            ms(slo.ttft_ms).unwrap_or_default(),
            ms(slo.tpot_ms).unwrap_or_default()
        );
        let click = move |_| {
            refill(bench, &request, Some(slo));
            filled.set(true);
        };
        view! {
            <button type="button" id="bench-relax-slo" data-ttft-ms=slo.ttft_ms.to_string() data-tpot-ms=slo.tpot_ms.to_string() on:click=click>{words}</button>
        }
    });
    let without = request.map(|request| {
        let click = move |_| {
            refill(bench, &request, None);
            bench.run();
        };
        view! { <button type="button" id="bench-run-without-slo" on:click=click>"Run without an SLO"</button> }
    });
    view! {
        <div class="goodput-box no-goodput" id="bench-no-goodput" role="status">
            <p><strong>"No goodput"</strong>": there is no throughput to use in a scenario."</p>
            <p id="bench-no-goodput-reason">{reason(r)}</p>
            <div class="fixes">
                {relax}
                {without}
            </div>
            <p class="sub">{format!(
                "Relaxing fills the form above with the same run and targets at the best point's p95s × {HEADROOM} (room for a rerun's spread), rounded up; press Run to measure it. Running without an SLO starts the same run at once; its goodput is the concurrency with the highest decode rate."
            )}</p>
            {move || filled.get().then(|| view! { <p class="note" id="bench-relax-filled">"The form above holds the relaxed SLO: press Run."</p> })}
        </div>
    }
}
