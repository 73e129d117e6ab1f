//! A finished eval's figures: accuracy with its interval and lower bound, per-label
//! precision and recall and the confusion matrix (classify), the worst items, the speed,
//! what reruns it, the cascade curve with the thresholds chosen, and "Use in scenario".

use ::api::quality::{ChosenThreshold as Chosen, EvalResult};
use charts::quality::{CascadeChartPoint, CascadeMarks};
use leptos::prelude::*;
use quality::{cascade_cost_per_request, CascadePoint, Threshold};
use tco::format::{count, percent, usd};

use super::use_in;
use crate::app::{Nav, Page};
use crate::planner::Form;

/// A threshold in words.
pub fn threshold(t: Threshold) -> String {
    match t {
        Threshold::MinusInfinity => "−∞ (nothing escalated)".into(),
        Threshold::Value(v) => format!("{v:.3}"),
        Threshold::PlusInfinity => "+∞ (everything escalated)".into(),
    }
}

fn point_words(p: &CascadePoint) -> String {
    format!(
        "confidence below {} escalated: {} of requests to the LLM, cascade quality {} (at least {} with 95 % confidence)",
        threshold(p.threshold),
        percent(p.escalation),
        percent(p.quality),
        percent(p.quality_lower_95)
    )
}

fn share_or(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), percent)
}

/// The planner's per-request prices now: (small model, LLM), when its scenario plans.
pub fn planner_prices(form: Form) -> Option<(f64, f64)> {
    form.outcome.with_untracked(|o| {
        o.as_ref()
            .ok()
            .and_then(|(_, r)| Some((r.self_hosted.usd_per_request?, r.api.usd_per_request?)))
    })
}

fn accuracy_view(r: &EvalResult) -> impl IntoView {
    let a = &r.figures.accuracy;
    let llm = r.figures.llm_accuracy.as_ref().map(|l| {
        format!(
            "The LLM, on the {} items the sample grades it: {} (95 % interval {}–{}).",
            count(l.n as f64),
            percent(l.accuracy),
            percent(l.interval_95.low),
            percent(l.interval_95.high)
        )
    });
    view! {
        <div class="quality-accuracy">
            <p class="figure" id="quality-accuracy">
                <span class="big">{percent(a.accuracy)}</span>
                {format!(" accuracy: {} of {} items right", count(a.correct as f64), count(a.n as f64))}
            </p>
            <p id="quality-interval">{format!(
                "95 % interval {}–{}; at least {} with 95 % confidence (one-sided lower bound).",
                percent(a.interval_95.low),
                percent(a.interval_95.high),
                percent(a.lower_95)
            )}</p>
            {llm.map(|l| view! { <p class="hint" id="quality-llm-accuracy">{l}</p> })}
            <p class="source" id="quality-label">{r.label.clone()}</p>
        </div>
    }
}

fn labels_view(r: &EvalResult) -> Option<impl IntoView> {
    let confusion = r.figures.confusion.clone()?;
    let rows = r.figures.per_label.clone();
    let head = confusion
        .labels
        .iter()
        .map(|l| view! { <th scope="col">{l.clone()}</th> })
        .collect_view();
    let matrix = confusion
        .labels
        .iter()
        .zip(&confusion.counts)
        .enumerate()
        .map(|(i, (label, counts))| {
            let cells = counts
                .iter()
                .enumerate()
                .map(|(j, n)| view! { <td class="num" class:diagonal=i == j>{count(*n as f64)}</td> })
                .collect_view();
            view! { <tr><th scope="row">{label.clone()}</th>{cells}</tr> }
        })
        .collect_view();
    Some(view! {
        <div class="quality-labels">
            <div class="table-scroll">
                <table class="rows" id="quality-per-label">
                    <caption>"Per label"</caption>
                    <thead><tr><th>"Label"</th><th>"Items"</th><th>"Answered"</th><th>"Precision"</th><th>"Recall"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|s| view! {
                            <tr>
                                <td>{s.label}</td>
                                <td class="num">{count(s.support as f64)}</td>
                                <td class="num">{count(s.predicted as f64)}</td>
                                <td class="num">{share_or(s.precision)}</td>
                                <td class="num">{share_or(s.recall)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="table-scroll">
                <table class="rows confusion" id="quality-confusion">
                    <caption>"Confusion: rows expected, columns answered"</caption>
                    <thead><tr><th>"Expected \\ answered"</th>{head}</tr></thead>
                    <tbody>{matrix}</tbody>
                </table>
            </div>
        </div>
    })
}

fn worst_view(r: &EvalResult) -> impl IntoView {
    if r.figures.worst_items.is_empty() {
        return view! { <p class="hint" id="quality-worst">"No wrong answers."</p> }.into_any();
    }
    let rows = r
        .figures
        .worst_items
        .iter()
        .map(|w| {
            view! {
                <tr>
                    <td class="num">{w.line}</td>
                    <td class="input">{w.input.clone()}</td>
                    <td>{w.expected.clone()}</td>
                    <td>{w.answer.clone()}</td>
                    <td class="num">{format!("{:.3}", w.confidence)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="rows" id="quality-worst">
                <caption>"Wrong answers the model was least sure of"</caption>
                <thead><tr><th>"Line"</th><th>"Input"</th><th>"Expected"</th><th>"Answer"</th><th>"Confidence"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn speed_view(r: &EvalResult) -> impl IntoView {
    let s = &r.speed;
    view! {
        <p id="quality-speed">{format!(
            "{} items/s and {} tokens/s over {:.1} s ({} prompt and label tokens read, {} generated).",
            tco::format::decimal1(s.items_per_second),
            count(s.tokens_per_second),
            s.elapsed_s,
            count(s.prompt_tokens as f64),
            count(s.generated_tokens as f64)
        )}</p>
    }
}

fn repro_view(r: &EvalResult) -> impl IntoView {
    let p = &r.reproducibility;
    let hardware = match &p.gpu_name {
        Some(gpu) => format!("{} ({}), {}", gpu, p.device, p.os),
        None => format!(
            "{} ({}, {} threads), {}",
            p.cpu_model, p.device, p.threads, p.os
        ),
    };
    let rows: Vec<(&str, String)> = vec![
        ("Model", format!("{} ({}, {})", p.model, p.weights, p.dtype)),
        ("Model sha256", p.weights_sha256.clone()),
        ("Prompt template", p.template.clone()),
        (
            "Chat template",
            p.chat_template
                .clone()
                .unwrap_or_else(|| "not applied".into()),
        ),
        (
            "Sample",
            format!("{} ({} bytes)", p.sample, count(p.sample_bytes as f64)),
        ),
        ("Sample sha256", p.sample_sha256.clone()),
        (
            "Software",
            format!(
                "candle {}, Breakeven {}",
                p.candle_version, p.breakeven_version
            ),
        ),
        ("Hardware", hardware),
        ("Items per batch", p.batch_items.to_string()),
        ("Command", p.command.clone()),
    ];
    view! {
        <details class="quality-repro" id="quality-repro">
            <summary>"Reproducibility"</summary>
            <dl>
                {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd><code>{v}</code></dd> }).collect_view()}
            </dl>
        </details>
    }
}

fn cascade_view(form: Form, r: &EvalResult) -> impl IntoView {
    let f = &r.figures;
    let points: Vec<CascadeChartPoint> = f
        .cascade
        .points
        .iter()
        .map(|p| CascadeChartPoint {
            escalation: p.escalation,
            quality: p.quality,
            quality_lower_95: p.quality_lower_95,
        })
        .collect();
    let svg = charts::quality::cascade(
        &points,
        CascadeMarks {
            floor: f.min_quality,
            meeting_floor: f.meeting_floor.map(|p| p.escalation),
            cheapest: f.cheapest.map(|c| c.point.escalation),
        },
    );
    let llm_basis = match (f.cascade.llm_measured, f.cascade.llm_quality) {
        (m, _) if m == f.cascade.n => "the LLM's correctness graded on every item".to_string(),
        (0, Some(q)) => format!("the LLM's quality taken as {} on every item", percent(q)),
        (m, Some(q)) => format!(
            "the LLM graded on {} items, taken as {} on the other {}",
            count(m as f64),
            percent(q),
            count((f.cascade.n - m) as f64)
        ),
        (m, None) => format!("the LLM graded on {} items", count(m as f64)),
    };
    let floor_line = match (f.min_quality, &f.meeting_floor) {
        (None, _) => "No quality floor was asked for.".to_string(),
        (Some(floor), Some(p)) => format!(
            "Meets the floor of {} by its lower bound: {}.",
            percent(floor),
            point_words(p)
        ),
        (Some(floor), None) => format!(
            "No threshold meets the floor of {} by its lower 95 % bound on this sample.",
            percent(floor)
        ),
    };
    let cheapest_line = match (&r.request.prices, &f.cheapest) {
        (Some(pr), Some(c)) => format!(
            "Cheapest meeting it at {} per request for the small model and {} for the LLM (the planner's prices when the eval ran): {} a request, {}.",
            usd(pr.slm_usd_per_request),
            usd(pr.llm_usd_per_request),
            usd(c.cost_per_request),
            point_words(&c.point)
        ),
        (Some(pr), None) => format!(
            "Prices used: {} per request for the small model and {} for the LLM; {}.",
            usd(pr.slm_usd_per_request),
            usd(pr.llm_usd_per_request),
            if f.min_quality.is_some() {
                "no threshold meets the floor"
            } else {
                "no quality floor was asked, so no threshold was chosen"
            }
        ),
        (None, _) => "No prices were sent with this eval (the planner's scenario had no plan), so the cheapest threshold was not chosen.".to_string(),
    };
    // Under the planner's prices now (they may have changed since the eval ran); the
    // cost c_slm + e·c_llm grows with e, so the lowest escalation meeting the floor is the
    // cheapest under any prices.
    let meeting = f.meeting_floor;
    let now_line = move || {
        let (slm, llm) = form.outcome.with(|o| {
            o.as_ref()
                .ok()
                .and_then(|(_, r)| Some((r.self_hosted.usd_per_request?, r.api.usd_per_request?)))
        })?;
        let p = meeting?;
        Some(format!(
            "Under the planner's prices now ({} a request for the small model, {} for the LLM) that threshold costs {} a request.",
            usd(slm),
            usd(llm),
            usd(cascade_cost_per_request(p.escalation, slm, llm))
        ))
    };
    view! {
        <section class="quality-cascade" aria-label="Cascade curve">
            <h3>"The cascade curve"</h3>
            <p class="hint">{format!(
                "Every request goes to the small model first; those it answers with a confidence below the threshold go on to the LLM. Computed with {llm_basis}."
            )}</p>
            <div class="chart" id="quality-cascade-chart" inner_html=svg></div>
            <p id="quality-floor">{floor_line}</p>
            <p id="quality-cheapest">{cheapest_line}</p>
            <p class="hint" id="quality-now">{now_line}</p>
        </section>
    }
}

/// "Use in scenario": the chosen threshold written into the planner's routing, then the
/// planner.
fn use_view(form: Form, nav: Nav, r: &EvalResult) -> impl IntoView {
    let what = match use_in::chosen(r) {
        Chosen::Cheapest(p) => format!(
            "the cheapest threshold meeting the floor, {} escalated",
            percent(p.escalation)
        ),
        Chosen::MeetsFloor(p) => format!(
            "the lowest escalation meeting the floor, {}",
            percent(p.escalation)
        ),
        Chosen::NoneMeetsFloor => {
            "nothing escalated (no threshold meets the floor by its lower bound)".to_string()
        }
        Chosen::NoFloor => "nothing escalated (no quality floor was asked)".to_string(),
    };
    let routing = ::api::quality::routing_input(&r.figures, &r.label);
    let line = format!(
        "Sets the planner's routing to a cascade at {what}, with the small model's quality {} and the LLM's {}, and its routing curve to this measured one.",
        share_or(routing.slm_quality),
        share_or(routing.llm_quality)
    );
    let use_it = move |_| {
        form.values.update(|v| use_in::fill(v, &routing));
        nav.page.set(Page::Planner);
    };
    view! {
        <div class="toolbar">
            <button type="button" id="quality-use" on:click=use_it>"Use in scenario"</button>
            <span class="hint" id="quality-use-what">{line}</span>
        </div>
    }
}

/// Every figure of a finished eval.
pub fn result_view(form: Form, nav: Nav, r: EvalResult) -> impl IntoView {
    view! {
        <div class="quality-result" id="quality-result">
            {accuracy_view(&r)}
            {use_view(form, nav, &r)}
            {cascade_view(form, &r)}
            {labels_view(&r)}
            <h3>"Worst items"</h3>
            {worst_view(&r)}
            <h3>"Speed"</h3>
            {speed_view(&r)}
            {repro_view(&r)}
        </div>
    }
}
