//! The scenario a trace is replayed on, and the trace's caveats.

use tco::Scenario;

use super::{prices, OwnPrices, ReplayWarning};
use crate::analysis::{Trace, TraceWorkload};
use crate::text;

/// The scenario the trace is replayed on: `scenario` with its workload replaced by the
/// trace's (`workload_input()`; the latency targets kept), no Monte Carlo, and:
/// - no weekly shape in the trace (under a week, or no interactive request): a flat week,
///   the trace's mean rate in every hour, so that the averaged plan and hourly scaling have
///   a week to work with;
/// - `slm.hours_per_month` dropped (the trace says when traffic comes).
///
/// The warnings say which of these applied.
pub fn replay_scenario(
    workload: &TraceWorkload,
    scenario: &tco::input::ScenarioInput,
) -> (tco::input::ScenarioInput, Vec<ReplayWarning>) {
    let mut warnings = Vec::new();
    let mut input = scenario.clone();
    let mut w = workload.workload_input();
    w.latency_slo = input.workload.take().and_then(|own| own.latency_slo);
    w.weekly_shape = None;
    w.peak_to_average = None;
    if w.load_shape.is_none() {
        w.load_shape = Some(vec![1.0; tco::week::HOURS_PER_WEEK]);
        let reason = workload
            .shape_reason
            .as_deref()
            .unwrap_or("the trace has no weekly shape");
        warnings.push(ReplayWarning::new(
            "no_weekly_shape",
            format!(
                "{reason}: the averaged plan spreads the requests evenly over the week's 168 \
                 hours"
            ),
        ));
    }
    input.workload = Some(w);
    if let Some(slm) = input.slm.as_mut() {
        if slm.hours_per_month.take().is_some() {
            warnings.push(ReplayWarning::new(
                "hours_per_month_ignored",
                "the scenario's hours a month the fleet runs is not used: the trace says \
                 when traffic comes, and the fleet exists in every hour of it",
            ));
        }
    }
    input.uncertainty = None;
    (input, warnings)
}

/// The trace's caveats: buckets spread over their hours, unpriced models, flagged own-price
/// rows, missing spend, a short span, and models other than the scenario's LLM.
pub(super) fn trace_warnings(
    trace: &Trace,
    s: &Scenario,
    own: &OwnPrices,
    hours: f64,
) -> Vec<ReplayWarning> {
    let mut out = Vec::new();
    if let Some(lengths) = trace.spread_bucket_seconds() {
        out.push(ReplayWarning::new(
            "daily_buckets",
            format!(
                "{} came in {}, spread evenly over their hours: the fleet follows that even \
                 spread, not the hours the requests really came in",
                text::requests_text(trace.spread_requests()),
                text::totals_over_text(lengths)
            ),
        ));
    }
    // One warning a model for the first 20, one for the rest together.
    for model in own.unpriced.iter().take(text::MAX_LISTED_NAMES) {
        out.push(ReplayWarning::new(
            "unpriced_model",
            format!(
                "{model} is not in the price table {}: its requests are left out of the \
                 own-price check (unpriced, not $0)",
                own.table
            ),
        ));
    }
    if own.unpriced.len() > text::MAX_LISTED_NAMES {
        out.push(ReplayWarning::new(
            "unpriced_model",
            format!(
                "{} more models are not in the price table {}: their requests are left out \
                 of the own-price check (unpriced, not $0)",
                tco::format::count((own.unpriced.len() - text::MAX_LISTED_NAMES) as f64),
                own.table
            ),
        ));
    }
    for m in &own.models {
        let row = m.matched.as_deref().unwrap_or_default();
        for flag in &m.flags {
            out.push(ReplayWarning::new(
                "price_flagged",
                format!(
                    "{}'s own-price row {row} is flagged in the price table {} ({}: {}): \
                     check its price before relying on the own-price check",
                    m.model,
                    own.table,
                    flag.kind.words(),
                    flag.message
                ),
            ));
        }
    }
    let with_spend: f64 = own.models.iter().map(|m| m.requests_with_spend).sum();
    let all: f64 = own.models.iter().map(|m| m.requests).sum();
    if with_spend <= 0.0 {
        out.push(ReplayWarning::new(
            "recorded_spend_missing",
            "the log records no spend: the own-price check has nothing to compare with",
        ));
    } else if with_spend < all - 1e-9 * all {
        out.push(ReplayWarning::new(
            "recorded_spend_missing",
            format!(
                "{} of {} requests recorded no spend: the agreement is over the others",
                tco::format::count(all - with_spend),
                tco::format::count(all)
            ),
        ));
    }
    if hours < tco::week::HOURS_PER_WEEK as f64 {
        out.push(ReplayWarning::new(
            "short_trace",
            format!(
                "the trace covers {} days, less than a week: its per-month figures scale \
                 {} hours up to 730 and hold no week's pattern",
                text::days_text(hours),
                hours
            ),
        ));
    }
    let llm = s.llm.source.model.as_deref();
    let others: Vec<&str> = trace
        .models
        .iter()
        .map(String::as_str)
        .filter(|m| llm.is_none_or(|l| !prices::row_names(m).contains(&l)))
        .collect();
    if !others.is_empty() {
        out.push(ReplayWarning::new(
            "other_models",
            format!(
                "the trace ran {}; option (b) prices it all on {}",
                text::names_text(&others),
                llm.unwrap_or("the scenario's LLM prices")
            ),
        ));
    }
    out
}
