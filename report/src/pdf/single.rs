//! The ROI report of one scenario: page 1 is the executive summary with the two charts a
//! decision rests on; then the other charts, the Monte Carlo range, the cash flow, the
//! assumptions and the provenance.

use tco::format::{count, percent, usd};

use super::charts::parse;
use super::layout::{Doc, ACCENT, BODY, MUTED, SMALL};
use super::tables::{bold, col, draw, Align, Cell, Table};
use crate::summary::{choice_label, roi_of, Choice, Summary};
use crate::ReportScenario;

/// At most this many months are listed; longer horizons are summed in the totals.
pub(crate) const MAX_ROWS: u32 = 60;

pub(crate) fn report(doc: &mut Doc, r: &ReportScenario) {
    let s = Summary::of(r);
    doc.paragraph(
        BODY.sized(18.0).bold().colored(ACCENT),
        "Breakeven ROI report",
    );
    doc.paragraph(BODY.sized(13.0).bold(), &r.scenario.name);
    doc.paragraph(SMALL, &subtitle(r));
    doc.heading("Executive summary", 120.0);
    draw(doc, &summary_table(r, &s));
    for w in &r.result.warnings {
        doc.paragraph(
            BODY.colored(MUTED),
            &format!("Check: {}", crate::warning(w)),
        );
    }
    // Both charts stay on page 1: as wide as 72 % of the text, narrower when a long name
    // or warnings took the room, but never under half of it.
    let per_chart = doc.room() / 2.0 - BODY.leading() - 6.0;
    let width = (per_chart * 560.0 / 340.0)
        .min(doc.content_width() * 0.72)
        .max(doc.content_width() * 0.5);
    let volume = tco::curves::volume_curve(&r.scenario);
    for (title, svg) in [
        (
            "Monthly cost against volume",
            charts::plan::cost_vs_volume(
                &volume,
                r.scenario.workload.requests_per_month,
                r.result.break_even.requests_per_month,
            ),
        ),
        (
            "Cumulative savings over the horizon",
            charts::plan::cumulative_savings(&r.result.roi),
        ),
    ] {
        chart(doc, title, &svg, width);
    }

    doc.heading("Routing, cost breakdown and risk", 160.0);
    let mut row = vec![
        charts::plan::routing(
            &r.result.routing_curve,
            r.result.hybrid.slm_share,
            r.result.routing_best_slm_share,
        ),
        charts::plan::breakdown(&r.result),
    ];
    if let Some(u) = &r.result.uncertainty {
        row.push(charts::plan::monte_carlo(u));
    }
    row.push(charts::plan::tornado(
        &r.result.sensitivity,
        tco::sensitivity::hybrid_savings(&r.scenario),
    ));
    for pair in row.chunks(2) {
        doc.chart_row(pair.iter().filter_map(|svg| parse(svg)).collect(), 2);
    }
    range(doc, r);
    cash_flow(doc, r, &s);
    super::assumptions::assumptions(doc, r);
    super::assumptions::provenance(doc, r);
}

fn chart(doc: &mut Doc, title: &str, svg: &str, width: f32) {
    doc.ensure(BODY.leading() + width * 340.0 / 560.0);
    doc.paragraph(BODY.bold(), title);
    match parse(svg) {
        Some(tree) => doc.chart(tree, width),
        None => doc.paragraph(BODY.colored(MUTED), "(this chart could not be drawn)"),
    }
}

pub(crate) fn subtitle(r: &ReportScenario) -> String {
    let p = &r.provenance;
    let saved = match (&p.scenario_id, p.revision) {
        (Some(id), Some(rev)) => format!("scenario {id}, revision {rev}"),
        (Some(id), None) => format!("scenario {id}"),
        _ => "unsaved scenario".to_string(),
    };
    format!(
        "Generated {} · {saved} · priced with {}",
        super::utc(p.generated_unix),
        p.price_table.label
    )
}

/// The headline figures, label and display text (the same strings as the API's summary).
fn summary_table(r: &ReportScenario, s: &Summary) -> Table {
    let mut t = Table::new(vec![col("", 0.45, Align::Left), col("", 0.55, Align::Left)]);
    t.header = false;
    let rate = percent(r.scenario.finance.discount_rate_annual);
    let npv = format!("NPV over {} months at {rate}/year", s.horizon_months);
    let rows: [(&str, &str); 9] = [
        ("Recommended option", &s.text.recommended),
        ("LLM API cost, per month", &s.text.api_monthly),
        (
            "Recommended option's cost, per month",
            &s.text.recommended_monthly,
        ),
        ("Monthly savings against the API", &s.text.monthly_savings),
        ("Annual savings (12 × monthly)", &s.text.annual_savings),
        ("Payback", &s.text.payback),
        (&npv, &s.text.npv),
        ("Break-even volume", &s.text.break_even),
        (
            "Probability the recommendation is cheapest",
            &s.text.probability_cheapest,
        ),
    ];
    for (label, value) in rows {
        t.row(vec![Cell::from(label), bold(value)]);
    }
    t
}

/// P10 / P50 / P90 of the Monte Carlo figures, or why there are none.
fn range(doc: &mut Doc, r: &ReportScenario) {
    doc.heading("Range: P10 / P50 / P90 (Monte Carlo)", 60.0);
    let Some(u) = &r.result.uncertainty else {
        doc.paragraph(
            BODY,
            "Monte Carlo is off in this scenario: no range. Turn it on (a P10–P90 range for an uncertain input, in the planner) to see P10, P50 and P90.",
        );
        return;
    };
    doc.paragraph(
        SMALL,
        &format!(
            "{} draws, seed {}, uncertain inputs: {}",
            count(u.draws.into()),
            u.seed,
            if u.inputs.is_empty() {
                "none".to_string()
            } else {
                crate::labels(&u.inputs)
            }
        ),
    );
    let mut t = Table::new(vec![
        col("Figure", 0.4, Align::Left),
        col("P10", 0.2, Align::Right),
        col("P50", 0.2, Align::Right),
        col("P90", 0.2, Align::Right),
    ]);
    let q = |name: &str, v: &tco::uncertainty::Quantiles| -> Vec<Cell> {
        vec![
            name.into(),
            usd(v.p10).into(),
            usd(v.p50).into(),
            usd(v.p90).into(),
        ]
    };
    t.row(q("LLM API, per month", &u.api_monthly_usd));
    t.row(q("SLM alone, per month", &u.self_hosted_monthly_usd));
    t.row(q("Hybrid, per month", &u.hybrid_monthly_usd));
    t.row(q("Hybrid savings, per month", &u.hybrid_savings_usd));
    t.row(q("NPV, SLM alone", &u.self_hosted_npv_usd));
    t.row(q("NPV, hybrid", &u.hybrid_npv_usd));
    let be = &u.break_even_requests_per_month;
    let opt = |v: Option<f64>| v.map_or_else(|| "none".to_string(), count);
    t.row(vec![
        "Break-even, requests/month".into(),
        opt(be.p10).into(),
        opt(be.p50).into(),
        opt(be.p90).into(),
    ]);
    if let Some(qual) = &u.hybrid_quality {
        t.row(vec![
            "Hybrid quality".into(),
            percent(qual.p10).into(),
            percent(qual.p50).into(),
            percent(qual.p90).into(),
        ]);
    }
    draw(doc, &t);
    let p = &u.probability_cheapest;
    doc.paragraph(
        BODY,
        &format!(
            "Probability of being the cheapest: LLM API {}, SLM alone {}, hybrid {}.",
            percent(p.api),
            percent(p.self_hosted),
            percent(p.hybrid)
        ),
    );
}

/// The month-by-month cash flow of the recommended option (or, when the API is the
/// cheapest, of the cheaper alternative) against the API, with growth.
fn cash_flow(doc: &mut Doc, r: &ReportScenario, s: &Summary) {
    let choice = match s.recommended {
        Choice::Api if r.result.hybrid.monthly_usd < r.result.self_hosted.monthly_usd => {
            Choice::Hybrid
        }
        Choice::Api => Choice::SelfHosted,
        other => other,
    };
    let Some(roi) = roi_of(r, choice) else {
        return;
    };
    let horizon = r.scenario.finance.horizon_months;
    let shown = horizon.min(MAX_ROWS);
    doc.heading(
        &format!(
            "Monthly cash flow: {} against the API",
            choice_label(r, choice)
        ),
        80.0,
    );
    let mut note = format!(
        "Growth {} a month; one-time cost {} in month 0. ",
        percent(r.scenario.workload.monthly_growth),
        usd(roi.one_time_usd)
    );
    if horizon > MAX_ROWS {
        note += &format!(
            "Months 1–{MAX_ROWS} of the {horizon}-month horizon are listed; the NPV and totals cover all {horizon}."
        );
    } else {
        note += &format!("All {horizon} months of the horizon are listed.");
    }
    if s.recommended == Choice::Api {
        note += " The LLM API is the cheapest option; this is the cheaper alternative.";
    }
    doc.paragraph(SMALL, &note);
    let mut t = Table::new(vec![
        col("Month", 0.09, Align::Right),
        col("Requests", 0.17, Align::Right),
        col("API cost", 0.185, Align::Right),
        col("Option cost", 0.185, Align::Right),
        col("Savings", 0.185, Align::Right),
        col("Cumulative net", 0.185, Align::Right),
    ]);
    t.style = BODY.sized(7.5);
    t.row(vec![
        "0".into(),
        "".into(),
        "".into(),
        usd(roi.one_time_usd).into(),
        usd(-roi.one_time_usd).into(),
        usd(-roi.one_time_usd).into(),
    ]);
    for m in roi.months.iter().take(shown as usize) {
        t.row(vec![
            m.month.to_string().into(),
            count(m.requests).into(),
            usd(m.api_usd).into(),
            usd(m.option_usd).into(),
            usd(m.savings_usd).into(),
            usd(m.cumulative_net_usd).into(),
        ]);
    }
    draw(doc, &t);
    doc.paragraph(
        BODY,
        &format!(
            "Over {horizon} months: cumulative net {}, NPV {} at {}/year, payback {}.",
            usd(roi.cumulative_savings_usd),
            usd(roi.npv_usd),
            percent(r.scenario.finance.discount_rate_annual),
            roi.payback_month.map_or_else(
                || "not within the horizon".to_string(),
                |m| format!("month {m}")
            )
        ),
    );
}
