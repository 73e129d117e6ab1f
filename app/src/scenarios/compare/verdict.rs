//! The compare page's answer, above its table: the verdict (`tco::compare`, the sentence
//! the comparison PDF and workbook open with too), every scenario's cost against volume on
//! one chart (`charts::plan::compare_costs`), and each column's throughput badge.

use leptos::prelude::*;
use tco::compare::{Compared, Comparison, Evidence};

use super::Column;

/// The verdict over the columns that could be computed.
pub fn comparison(cols: &[Column]) -> Comparison {
    let compared: Vec<Compared> = cols
        .iter()
        .filter_map(|c| match (&c.scenario, &c.result) {
            (Some(scenario), Ok(result)) => Some(Compared {
                name: &c.title,
                scenario,
                result,
            }),
            _ => None,
        })
        .collect();
    tco::compare::compare(&compared)
}

/// The sentence and the chart.
pub fn answer(c: &Comparison) -> impl IntoView {
    let svg = charts::plan::compare_costs(c);
    // The page shows two or more columns; some may not compute (their error is above).
    let sentence = if c.names.len() < 2 {
        "No verdict: fewer than two of the chosen scenarios could be computed.".to_string()
    } else {
        c.sentence.clone()
    };
    view! {
        <section class="compare-answer" aria-label="Verdict">
            <p class="verdict" id="compare-verdict">{sentence}</p>
            <figure class="compare-chart" id="compare-chart">
                <div class="svg" inner_html=svg></div>
                <figcaption class="hint">
                    "Each scenario's monthly cost at each volume: the option it would pick there (its cheapest that meets its quality floor). A dot marks its own volume."
                </figcaption>
            </figure>
        </section>
    }
}

/// Where a column's throughput comes from, as a badge: measured, projected, typed or
/// described, the engine's basis in one word; a hosted SLM has no throughput to measure.
pub fn badge(c: &Column) -> impl IntoView {
    let evidence = c.scenario.as_ref().map(tco::compare::evidence);
    let hosted = c
        .result
        .as_ref()
        .is_ok_and(|r| r.self_hosted.is_hosted_api());
    let (word, title): (&str, String) = match evidence {
        Some(Some(e)) => (e.word(), throughput_words(c, e)),
        Some(None) if hosted => (
            "hosted",
            "The SLM is a hosted API, priced per token: no throughput to measure".to_string(),
        ),
        _ => return None,
    };
    Some(view! {
        <span class=format!("evidence evidence-{word}") data-evidence=word title=title>{word}</span>
    })
}

/// The badge's hover: what the word means, then the throughput's source in the engine's words.
fn throughput_words(c: &Column, e: Evidence) -> String {
    let source = c
        .scenario
        .as_ref()
        .and_then(|s| s.slm.throughput.as_ref())
        .map(|t| t.in_words());
    match source {
        Some(source) => format!("Throughput {}. {source}", e.meaning()),
        None => format!("Throughput {}.", e.meaning()),
    }
}
