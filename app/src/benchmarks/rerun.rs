//! What a finished benchmark is to the planner's scenario: the GPU the scenario is priced
//! on (to offer the projection onto it), and "Run again at this scenario's shape" when the
//! scenario's requests are longer or shorter than the ones measured (the form filled with
//! the scenario's input and output tokens × its token ratio and its latency SLO).

use ::api::bench::BenchResult;
use leptos::prelude::*;
use tco::scenario::GpuBasis;

use super::form;
use super::state::BenchState;
use crate::planner::Form;

/// The GPU-table offer the planner's scenario is priced on, with its GPU's spec-sheet name
/// (None where the table has no sheet for it); None when it is not priced on a table offer.
pub fn priced_gpu(form: Form) -> Option<(String, Option<String>)> {
    form.outcome.with_untracked(|o| {
        let (s, _) = o.as_ref().ok()?;
        let Some(GpuBasis::Table { offer, .. }) = &s.slm.gpu else {
            return None;
        };
        let spec = pricing::gpus::bundled_gpus()
            .get(offer)
            .ok()
            .and_then(|o| o.spec.as_ref())
            .map(|s| s.name.clone());
        Some((offer.clone(), spec))
    })
}

/// The scenario's request shape in SLM tokens, (prompt, generated), and its latency SLO.
fn scenario_shape(form: Form) -> Option<((usize, usize), Option<profiles::LatencySlo>)> {
    form.outcome.with(|o| {
        let (s, _) = o.as_ref().ok()?;
        let tokens = |t: f64| (t * s.slm.token_ratio).round().max(1.0) as usize;
        Some((
            (
                tokens(s.workload.input_tokens),
                tokens(s.workload.output_tokens),
            ),
            s.latency_slo,
        ))
    })
}

/// Fills the benchmark form to rerun `r` at `shape` and `slo`: the same model, weights,
/// format and device.
fn fill(
    bench: BenchState,
    r: &BenchResult,
    (prompt, gen): (usize, usize),
    slo: Option<profiles::LatencySlo>,
) {
    if models::architecture(&r.model).is_some() {
        bench.input(form::MODEL, r.model.clone());
    }
    let weights = match &r.reproducibility.weights_path {
        Some(path) if !r.weights_label.contains("synthetic") => path.clone(),
        _ => form::SYNTHETIC.to_string(),
    };
    bench.input(form::WEIGHTS, weights);
    bench.input(form::DTYPE, r.dtype.to_string());
    bench.input(form::DEVICE, r.device.to_string());
    bench.input(form::PROMPT_TOKENS, prompt.to_string());
    bench.input(form::GEN_TOKENS, gen.to_string());
    if let Some(slo) = slo {
        bench.input(form::SLO_TTFT, format!("{}", slo.ttft_ms));
        bench.input(form::SLO_TPOT, format!("{}", slo.tpot_ms));
    }
}

/// "Run again at this scenario's shape", shown when the scenario's lengths are not the
/// benchmark's.
#[component]
pub fn Rerun(form: Form, bench: BenchState, r: BenchResult) -> impl IntoView {
    let filled = RwSignal::new(false);
    move || {
        let (shape, slo) = scenario_shape(form)?;
        if shape == (r.prompt_tokens, r.gen_tokens) {
            return None;
        }
        let slo_words = slo.map_or_else(String::new, |s| {
            format!(", TTFT ≤ {} ms, TPOT ≤ {} ms", s.ttft_ms, s.tpot_ms)
        });
        let result = r.clone();
        let run_again = move |_| {
            fill(bench, &result, shape, slo);
            filled.set(true);
        };
        Some(view! {
            <p class="rerun" id="bench-rerun">
                {format!(
                    "Measured at {}/{} tokens; the planner's scenario sends {}/{} (input and output tokens × its token ratio). ",
                    r.prompt_tokens, r.gen_tokens, shape.0, shape.1
                )}
                <button type="button" id="bench-rerun-button" data-rerun-shape=format!("{}/{}", shape.0, shape.1) on:click=run_again>
                    {format!("Run again at this scenario's shape ({}/{} tokens{slo_words})", shape.0, shape.1)}
                </button>
                {move || filled.get().then_some(" The form above is filled in: press Run.")}
            </p>
        })
    }
}
