//! The replay of the trace on the planner's scenario: each option's total over the period
//! and per month, the cheapest, the plan from the trace's averages beside it (what the
//! averaging hides), the trace's own models at their own prices against the recorded
//! spend, the warnings, and the fleet hour by hour.

use std::sync::Arc;

use ::traffic::replay::{Difference, FleetReplay, Replay};
use leptos::prelude::*;
use tco::format::{count, counted, percent, signed_percent, signed_usd, usd};
use tco::quality::Choice;

use super::state::{Analysed, TrafficState};
use crate::planner::Form;

/// The names the options go by here, as the planner's cards call them.
fn option_words(r: &Replay, choice: Choice) -> String {
    match choice {
        Choice::Api => "LLM API".into(),
        Choice::SelfHosted if r.self_hosted.serving == "api" => "SLM API".into(),
        Choice::SelfHosted => "Self-hosted SLM".into(),
        Choice::Hybrid => format!("Hybrid ({} to the SLM)", percent(r.hybrid.slm_share)),
    }
}

/// A percentage the replay gives in % ("+4.1 %", "0.0 %"), as `tco::format` signs a share.
fn signed_pct(p: f64) -> String {
    signed_percent(p / 100.0)
}

/// "+$12.30 (+4.1 %)"; under half a cent, "$0.00".
fn difference_text(d: &Difference) -> String {
    let pct = d
        .difference_pct
        .map_or_else(String::new, |p| format!(" ({})", signed_pct(p)));
    format!("{}{pct}", signed_usd(d.difference_usd_per_month))
}

fn totals(r: &Replay) -> impl IntoView {
    let rows = [
        (Choice::Api, "api", r.api.usd, r.api.usd_per_month, &r.averaged.api),
        (
            Choice::SelfHosted,
            "self-hosted",
            r.self_hosted.usd,
            r.self_hosted.usd_per_month,
            &r.averaged.self_hosted,
        ),
        (
            Choice::Hybrid,
            "hybrid",
            r.hybrid.usd,
            r.hybrid.usd_per_month,
            &r.averaged.hybrid,
        ),
    ]
    .into_iter()
    .map(|(choice, id, total, month, averaged)| {
        let cheapest = r.cheapest == Some(choice);
        view! {
            <tr class:cheapest=cheapest>
                <th scope="row">{option_words(r, choice)}{cheapest.then_some(" — cheapest")}</th>
                <td class="num" id=format!("traffic-replay-{id}-total")>{usd(total)}</td>
                <td class="num" id=format!("traffic-replay-{id}-month")>{usd(month)}</td>
                <td class="num">{usd(averaged.averaged_usd_per_month)}</td>
                <td class="num" id=format!("traffic-replay-{id}-difference")>{difference_text(averaged)}</td>
            </tr>
        }
    })
    .collect_view();
    view! {
        <div class="table-scroll">
            <table class="traffic-table" id="traffic-replay-totals">
                <thead><tr>
                    <th scope="col">"Option"</th>
                    <th scope="col">"Over the period"</th>
                    <th scope="col">"Per month"</th>
                    <th scope="col">"Planned from the averages, per month"</th>
                    <th scope="col">"Replay − averaged"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// What the averaged shape hides of the fleet, in a sentence.
fn hidden(r: &Replay) -> Option<String> {
    let d = &r.averaged.self_hosted;
    (r.self_hosted.fleet.is_some() && d.difference_usd_per_month.abs() >= 0.005).then(|| {
        if d.difference_usd_per_month > 0.0 {
            format!(
                "The averaged shape hides {} a month of the fleet's cost: the real hours need more than their average week.",
                usd(d.difference_usd_per_month)
            )
        } else {
            format!(
                "Planned from the averages, the fleet costs {} a month more than the real hours did.",
                usd(-d.difference_usd_per_month)
            )
        }
    })
}

/// What was looked up on the server for the trace's models the table lacks.
fn looked_up(missing: usize) -> Option<String> {
    let max = super::trace_rows::MAX_LOOKED_UP_MODELS;
    match missing {
        0 => None,
        n if n <= max => Some(format!(
            " The rows of {} the table's first page lacks were looked up by name on the server (only the names were sent).",
            counted(n as f64, "model", "models")
        )),
        n => Some(format!(
            " The table's first page lacks {}: the rows of the first {max} were looked up by name on the server (only the names were sent), the others are left unpriced.",
            counted(n as f64, "model", "models")
        )),
    }
}

fn own_prices(r: &Replay, missing: usize) -> impl IntoView {
    let o = &r.own_prices;
    let rows = o
        .models
        .iter()
        .map(|m| {
            view! {
                <tr>
                    <td>{m.model.clone()}</td>
                    <td>
                        {m.matched.clone().unwrap_or_else(|| "not in the table".into())}
                        // A row the import flagged: its figures may be wrong (the warning
                        // above says how); the message on hover.
                        {(!m.flags.is_empty()).then(|| {
                            let why = m.flags.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("; ");
                            view! { <span class="flagged" title=why.clone()>{format!(" (flagged: {why})")}</span> }
                        })}
                    </td>
                    <td class="num">{count(m.requests)}</td>
                    <td class="num">{m.priced_usd.map_or_else(|| "—".into(), usd)}</td>
                    <td class="num">{usd(m.recorded_usd)}</td>
                    <td class="num">{m.agreement_pct.map_or_else(|| "—".into(), signed_pct)}</td>
                </tr>
            }
        })
        .collect_view();
    let overall = o.agreement_pct.map_or_else(
        || "The log recorded no spend to check the prices against.".to_string(),
        |p| {
            format!(
                "Priced at the table's rows, the requests that recorded a spend come to {} against what the log recorded.",
                signed_pct(p)
            )
        },
    );
    view! {
        <h4>"The trace's own models at their own prices"</h4>
        <p class="hint" id="traffic-agreement">{overall}{format!(" Prices: {}.", o.table)}{looked_up(missing)}</p>
        <div class="table-scroll">
            <table class="traffic-table" id="traffic-own-prices">
                <thead><tr>
                    <th scope="col">"Model"</th><th scope="col">"Table row"</th><th scope="col">"Requests"</th>
                    <th scope="col">"At the table's prices"</th><th scope="col">"Recorded"</th><th scope="col">"Agreement"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn fleet_chart(f: &FleetReplay, id: &'static str, caption: String) -> impl IntoView {
    let svg = ::charts::traffic::replay_fleet(
        f.hours.start_unix,
        &f.hours.instances,
        &f.hours.requests,
        (f.reserved_instances > 0.0).then_some(f.reserved_instances),
    );
    view! {
        <figure class="traffic-chart" id=id>
            <figcaption>{caption}</figcaption>
            <div class="svg" inner_html=svg></div>
        </figure>
    }
}

fn fleet_caption(f: &FleetReplay, whose: &str) -> String {
    format!(
        "{whose}: instances each hour (UTC) over the real period, and the requests they served; {}.",
        f.in_words()
    )
}

fn replay_section(r: &Replay, missing: usize) -> impl IntoView {
    let warnings = (!r.warnings.is_empty()).then(|| {
        view! {
            <ul class="warnings" id="traffic-replay-warnings">
                {r.warnings.iter().map(|w| view! { <li data-code=w.code.clone()>{w.message.clone()}</li> }).collect_view()}
            </ul>
        }
    });
    let fleet = match (&r.self_hosted.fleet, &r.hybrid.fleet) {
        (Some(f), _) => fleet_chart(f, "traffic-replay-chart", fleet_caption(f, "Self-hosted SLM"))
            .into_any(),
        (None, Some(f)) => fleet_chart(
            f,
            "traffic-replay-chart",
            fleet_caption(f, "The hybrid's SLM share"),
        )
        .into_any(),
        (None, None) => view! {
            <p class="hint" id="traffic-replay-no-fleet">"The SLM is hosted and priced per token: there is no fleet to replay hour by hour."</p>
        }
        .into_any(),
    };
    view! {
        <section class="traffic-replay" id="traffic-replay" aria-label="Replay">
            <h3>"The exact traffic, replayed on the planner's scenario"</h3>
            <p class="hint">{format!(
                "“{}” with the trace's workload, every hour of the {} hours ({:.2} months) the log covers, {} requests; the fleet follows the real arrivals, idle hours paid.",
                r.scenario, count(r.hours), r.months, count(r.requests)
            )}</p>
            {warnings}
            {totals(r)}
            {hidden(r).map(|h| view! { <p class="measured" id="traffic-replay-hidden">{h}</p> })}
            {fleet}
            {own_prices(r, missing)}
        </section>
    }
}

#[component]
pub fn ReplayView(form: Form, traffic: TrafficState, analysed: Arc<Analysed>) -> impl IntoView {
    // The trace's models' rows, when the table holds only its first page.
    let missing = super::trace_rows::fetch_missing(form, &analysed.trace.models);
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
                .map_err(|e| format!("No replay: {}.", tco::vocabulary::in_words(&e.to_string())))
        }))
    });
    move || {
        replay.get().map(|r| match r {
            Err(e) => view! { <p class="problems" id="traffic-replay-error" role="alert">{e}</p> }
                .into_any(),
            Ok(r) => replay_section(&r, missing).into_any(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_and_percentages_read_as_money() {
        let d = |replay: f64, averaged: f64| Difference {
            averaged_usd_per_month: averaged,
            replay_usd_per_month: replay,
            difference_usd_per_month: replay - averaged,
            difference_pct: (averaged != 0.0).then(|| (replay - averaged) / averaged * 100.0),
        };
        assert_eq!(
            difference_text(&d(4.314_82, 4.314_82 - 1e-9)),
            "$0.00 (0.0 %)"
        );
        assert_eq!(difference_text(&d(110.0, 100.0)), "+$10.00 (+10.0 %)");
        assert_eq!(difference_text(&d(95.5, 100.0)), "-$4.50 (-4.5 %)");
        assert_eq!(difference_text(&d(5.0, 0.0)), "+$5.00");
        assert_eq!(signed_pct(-0.04), "0.0 %");
        assert_eq!(signed_pct(4.14), "+4.1 %");
    }
}
