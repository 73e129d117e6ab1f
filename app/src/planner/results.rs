//! The results panel: the recommendation, the three monthly costs (options below the
//! quality floor marked, never recommended), break-even, replicas, payback and NPV, each
//! with the basis it was computed on; the fleet's breakdown and policies; the Monte Carlo
//! ranges once its draws are in for exactly these inputs; the charts.

mod fleet;
mod summary;

use leptos::prelude::*;
use tco::format::{count, percent, usd};
use tco::quality::Choice;
use tco::roi::Roi;
use tco::scenario::SlmServing;
use tco::uncertainty::UncertaintyResult;
use tco::{PlanResult, Scenario};

use super::draws::Draws;
use super::fields::in_words;
use super::placements::Placements;
use super::{basis, charts, Form};

#[component]
pub fn Results(
    form: Form,
    /// With "Where to run it" under the figures (the planner's own form; a read-only view
    /// has no scenario to change).
    #[prop(optional)]
    placements: bool,
) -> impl IntoView {
    // The last plan of valid inputs, with its draws: shown dimmed while a field is invalid,
    // so one bad keystroke does not take the figures away.
    let last = StoredValue::new(None::<(Scenario, PlanResult, Draws)>);
    view! {
        <section class="results" aria-live="polite" aria-label="Results">
            {move || {
                let draws = form.draws();
                form.outcome.with(|o| match o {
                    Ok((scenario, result)) => {
                        last.set_value(Some((scenario.clone(), result.clone(), draws.clone())));
                        view! {
                            <div class="results-figures" id="results-figures">
                                {figures(form, scenario, result, &draws)}
                            </div>
                        }
                        .into_any()
                    }
                    Err(errors) => last.with_value(|shown| match shown {
                        Some((scenario, result, draws)) => view! {
                            {summary::stale_banner(errors)}
                            {summary::problem_list(errors, true)}
                            <div class="results-figures stale" id="results-figures" data-stale="true">
                                {figures(form, scenario, result, draws)}
                            </div>
                        }
                        .into_any(),
                        None => summary::problem_list(errors, false).into_any(),
                    }),
                })
            }}
            {placements.then(|| view! { <Placements form /> })}
        </section>
    }
}

/// What a P10–P90 range is, on hover.
const RANGE_TITLE: &str =
    "10th and 90th percentiles of this figure over the Monte Carlo draws (Uncertainty in the form)";

/// What the Monte Carlo drew: its size, seed and beliefs, and that it is for these inputs.
fn monte_carlo_line(u: &UncertaintyResult) -> String {
    format!(
        "Monte Carlo for the inputs shown: {} draws, seed {}, beliefs (P10–P90) about {}; ranges are the 10th and 90th percentiles of each figure over the draws",
        count(f64::from(u.draws)),
        u.seed,
        if u.inputs.is_empty() {
            "no input".to_string()
        } else {
            u.inputs
                .iter()
                .map(|path| tco::vocabulary::label(path))
                .collect::<Vec<_>>()
                .join(", ")
        }
    )
}

fn payback(roi: &Roi) -> String {
    match roi.payback_month {
        Some(m) => format!("month {m}"),
        None => "not within the horizon".to_string(),
    }
}

/// The option's name as the results call it (the vocabulary's words, as in every export).
fn option_name(choice: Choice, scenario: &Scenario, r: &PlanResult) -> String {
    tco::vocabulary::option_name(choice, scenario.routing.mode, r)
}

/// The answer in one line: the cheapest option that meets the quality floor, or that none
/// does.
fn recommendation(scenario: &Scenario, r: &PlanResult) -> impl IntoView {
    let floor = scenario.routing.min_quality;
    match r.recommended {
        Some(choice) => {
            let why = match floor {
                Some(q) => {
                    format!(" — the cheapest option in month 1 that meets the quality floor of {q}")
                }
                None => " — the cheapest option in month 1".to_string(),
            };
            view! {
                <p class="recommendation" id="recommended" data-choice=format!("{choice:?}")>
                    "Recommended: "<strong>{option_name(choice, scenario, r)}</strong>{why}
                </p>
            }
            .into_any()
        }
        None => view! {
            <p class="recommendation banner" id="recommended" role="alert">
                {format!(
                    "None of the options meets the quality floor ({}): none is recommended.",
                    floor.map_or_else(|| "—".to_string(), |q| q.to_string())
                )}
            </p>
        }
        .into_any(),
    }
}

/// One option's card: its cost, its basis, and whether it is the answer or below the floor.
struct Card {
    id: &'static str,
    choice: Choice,
    monthly: f64,
    per_request: Option<f64>,
    title: String,
    range: Option<String>,
    meets: bool,
    /// What the figure rests on, under it (the self-hosted model and its throughput's basis).
    note: Option<String>,
}

fn card(scenario: &Scenario, r: &PlanResult, c: Card) -> impl IntoView {
    let recommended = r.recommended == Some(c.choice);
    let per = c.per_request.map_or_else(
        || "— (no traffic)".to_string(),
        |x| format!("{} per request", usd(x)),
    );
    let (card_title, money_title) = (c.title.clone(), c.title.clone());
    let id = c.id;
    view! {
        <div class="card" class:recommended=recommended class:infeasible=!c.meets title=card_title>
            <h3>{option_name(c.choice, scenario, r)}</h3>
            <p class="money" id=id title=money_title>{usd(c.monthly)}</p>
            <p class="sub">"per month · "{per}</p>
            {c.range.map(|t| view! { <p class="range" id=format!("{id}-range") title=RANGE_TITLE>{t}</p> })}
            {c.note.map(|t| view! { <p class="sub card-note" id=format!("{id}-basis")>{t}</p> })}
            {recommended.then(|| view! { <p class="badge">"recommended"</p> })}
            {(!c.meets).then(|| view! { <p class="badge infeasible-badge" id=format!("{id}-infeasible")>"below the quality floor"</p> })}
            <details class="why">
                <summary>"How"</summary>
                <p>{c.title}</p>
            </details>
        </div>
    }
}

/// The self-hosted card's basis: the model served (or that none is named) and the
/// throughput's label ("estimate", "measured", "projected, not measured", "adjusted from …").
fn self_hosted_note(scenario: &Scenario, r: &PlanResult) -> Option<String> {
    let SlmServing::SelfHosted(_) = scenario.slm.serving else {
        return None;
    };
    let model = scenario.slm.model.as_ref().map_or_else(
        || "model not named".to_string(),
        |m| format!("{} in {}", m.name, m.format),
    );
    let throughput = r
        .prices
        .throughput
        .as_ref()
        .map_or_else(|| "estimate".to_string(), |t| t.label.clone());
    Some(format!("{model} · throughput: {throughput}"))
}

fn figures(form: Form, scenario: &Scenario, r: &PlanResult, draws: &Draws) -> impl IntoView {
    let mc = draws.ready();
    let break_even = match (
        r.break_even.requests_per_month,
        r.break_even.tokens_per_month,
    ) {
        (Some(req), Some(tok)) => format!(
            "{} requests/month ({} tokens/month)",
            count(req),
            count(tok)
        ),
        _ => "none: the SLM never costs less per request than the API".to_string(),
    };
    let replicas = r.self_hosted.fleet.replicas.map_or_else(
        || "— (served by an API)".to_string(),
        |n| {
            let peak = if scenario.load_shape.is_some() {
                " at the busiest hour"
            } else {
                ""
            };
            format!("{}{peak}", count(n))
        },
    );
    let capacity = r
        .self_hosted
        .capacity_requests_per_s
        .map(|c| format!("{c:.2} requests/s per replica at full load"));
    let mut basis_lines = vec![
        basis::api(scenario),
        basis::self_hosted(scenario, r),
        basis::hybrid(scenario, r),
    ];
    if let SlmServing::SelfHosted(_) = scenario.slm.serving {
        basis_lines.push(format!(
            "Self-hosted throughput: {}",
            basis::throughput(r.prices.throughput.as_ref())
        ));
    }
    basis_lines.push(format!("Break-even: {}", basis::break_even(scenario)));
    basis_lines.push(format!("Payback and NPV: {}", basis::roi(scenario)));
    if let Some(u) = mc {
        basis_lines.push(monte_carlo_line(u));
    }
    let range = |pick: fn(&UncertaintyResult) -> tco::uncertainty::Quantiles| {
        mc.map(|u| basis::range(&pick(u)))
    };
    let npv_range = mc.map(|u| {
        format!(
            "{} / {}",
            basis::range(&u.self_hosted_npv_usd),
            basis::range(&u.hybrid_npv_usd)
        )
    });
    let break_even_range = mc.map(|u| {
        let q = u.break_even_requests_per_month;
        let side = |v: Option<f64>| v.map_or_else(|| "none".to_string(), count);
        format!(
            "P10–P90 {} – {} requests/month{}",
            side(q.p10),
            side(q.p90),
            if q.none_share > 0.0 {
                format!(" (none in {} of draws)", percent(q.none_share))
            } else {
                String::new()
            }
        )
    });
    let cards = [
        Card {
            id: "api-monthly",
            choice: Choice::Api,
            monthly: r.api.monthly_usd,
            per_request: r.api.usd_per_request,
            title: basis::api(scenario),
            range: range(|u| u.api_monthly_usd),
            meets: r.api.meets_quality,
            note: None,
        },
        Card {
            id: "self-hosted-monthly",
            choice: Choice::SelfHosted,
            monthly: r.self_hosted.monthly_usd,
            per_request: r.self_hosted.usd_per_request,
            title: basis::self_hosted(scenario, r),
            range: range(|u| u.self_hosted_monthly_usd),
            meets: r.self_hosted.meets_quality,
            note: self_hosted_note(scenario, r),
        },
        Card {
            id: "hybrid-monthly",
            choice: Choice::Hybrid,
            monthly: r.hybrid.monthly_usd,
            per_request: r.hybrid.usd_per_request,
            title: basis::hybrid(scenario, r),
            range: range(|u| u.hybrid_monthly_usd),
            meets: r.hybrid.meets_quality,
            note: None,
        },
    ]
    .into_iter()
    .map(|c| card(scenario, r, c))
    .collect_view();
    // Every warning is listed here, under its field's name; one about a field on the form
    // is also shown beside it.
    let warnings = (!r.warnings.is_empty()).then(|| {
        let items = r
            .warnings
            .iter()
            .map(|w| {
                let name = (!w.field.is_empty())
                    .then(|| format!("{}: ", tco::vocabulary::label(&w.field)));
                let beside = form.is_shown(&w.field).then_some(" (also beside the field)");
                view! {
                    <li data-warning=w.code.clone() data-field=w.field.clone()>
                        <strong>{name}</strong>{in_words(&w.message)}<span class="sub">{beside}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="warnings" id="warnings">{items}</ul> }
    });
    let pending = matches!(draws, Draws::Pending).then(|| view! {
        <p class="hint" id="monte-carlo-status" role="status">"Monte Carlo: recomputing for the inputs shown… (the draws run once typing stops)"</p>
    });
    view! {
        {warnings}
        {recommendation(scenario, r)}
        <h2>"Monthly cost"</h2>
        <div class="cards">{cards}</div>
        {pending}
        <dl class="facts">
            <dt>"Break-even volume (self-hosted vs API)"</dt>
            <dd title=basis::break_even(scenario)><span id="break-even">{break_even}</span>
                {break_even_range.map(|t| view! { <span class="range" id="break-even-range" title=RANGE_TITLE>{t}</span> })}</dd>
            <dt>"Replicas for all traffic"</dt>
            <dd id="replicas" title=basis::self_hosted(scenario, r)>{replicas}{capacity.map(|c| view! { <span class="sub">" · "{c}</span> })}</dd>
            <dt>"Payback: self-hosted / hybrid"</dt>
            <dd id="payback" title=basis::roi(scenario)>{payback(&r.roi.self_hosted)}" / "{payback(&r.roi.hybrid)}</dd>
            <dt>{format!("NPV over {} months: self-hosted / hybrid", scenario.finance.horizon_months)}</dt>
            <dd title=basis::roi(scenario)><span id="npv">{usd(r.roi.self_hosted.npv_usd)}" / "{usd(r.roi.hybrid.npv_usd)}</span>
                {npv_range.map(|t| view! { <span class="range" id="npv-range" title=RANGE_TITLE>{t}</span> })}</dd>
            {mc.map(|u| view! {
                <dt>"Cheapest in the Monte Carlo draws (options meeting the quality floor)"</dt>
                <dd id="probability-cheapest">{format!(
                    "API {} · self-hosted {} · hybrid {}",
                    percent(u.probability_cheapest.api),
                    percent(u.probability_cheapest.self_hosted),
                    percent(u.probability_cheapest.hybrid)
                )}</dd>
            })}
        </dl>
        {fleet::fleet(scenario, r)}
        <details class="basis" id="basis">
            <summary>"Basis of these figures"</summary>
            <ul>{basis_lines.into_iter().map(|b| view! { <li>{b}</li> }).collect_view()}</ul>
            <p>"Computed in your browser by the same engine the server and CLI use; formulas in docs/cost-model.md."</p>
        </details>
        {charts::charts(scenario, r, draws)}
    }
}
