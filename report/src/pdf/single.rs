//! The ROI report of one scenario: page 1 is for a reader with a minute — the
//! recommendation in one sentence (the LLM, the SLM, where it runs and the volume, the
//! saving a month and a year, payback and break-even), the headline figures with the biggest
//! uncertainty in plain words, the caveats that matter (a throughput typed or projected,
//! every warning of the engine), then what the figures rest on, the options (those a
//! quality floor excludes marked), the self-hosted bill by part and the scaling policies,
//! with the charts a decision rests on (cost against volume, and the fleet over the week
//! where the traffic has a shape); then the other charts, the Monte Carlo range, the cash
//! flow (repeated months folded), the assumptions and the provenance.

use tco::format::{count, percent, usd};
use tco::scenario::SlmServing;
use tco::vocabulary;

use super::charts::parse;
use super::layout::{Doc, ACCENT, BODY, MUTED, SMALL};
use super::tables::{bold, col, draw, Align, Cell, Table};
use crate::summary::Summary;
use crate::ReportScenario;

pub(crate) fn report(doc: &mut Doc, r: &ReportScenario) {
    let s = Summary::of(r);
    doc.paragraph(
        BODY.sized(18.0).bold().colored(ACCENT),
        "Breakeven ROI report",
    );
    doc.paragraph(BODY.sized(13.0).bold(), &r.scenario.name);
    doc.paragraph(SMALL, &subtitle(r));
    doc.heading("Recommendation", 120.0);
    doc.paragraph(BODY.sized(11.0).bold(), &s.text.recommendation);
    draw(doc, &summary_table(r, &s));
    keep_in_mind(doc, &s);
    draw(doc, &basis_table(r, &s));
    // Then two charts side by side: cost against volume, and the fleet over the week where
    // the traffic has a shape (else the cumulative savings, which then lead the next
    // page's row instead). They come before the tables of options and of the bill, which
    // can break between rows where a chart cannot, so page 1 keeps no empty foot.
    let volume = tco::curves::volume_curve(&r.scenario);
    let cost = (
        "Monthly cost against volume",
        charts::plan::cost_vs_volume(
            &volume,
            r.scenario.workload.requests_per_month,
            r.result.break_even.requests_per_month,
        ),
    );
    let savings = (
        "Cumulative savings over the horizon",
        charts::plan::cumulative_savings(&r.result.roi),
    );
    let week = r.scenario.load_shape.is_some()
        && matches!(r.scenario.slm.serving, SlmServing::SelfHosted(_));
    let mut later = Vec::new();
    if week {
        let fleet = (
            "Fleet over the week (month 1)",
            charts::plan::week(&r.scenario, &r.result),
        );
        captioned_row(doc, vec![cost, fleet]);
        later.push(savings.1);
    } else {
        captioned_row(doc, vec![cost, savings]);
    }
    super::fleet::options(doc, r);
    super::fleet::breakdown(doc, r);

    // The Monte Carlo range is a headline too: it takes page 1's room when there is any.
    range(doc, r);
    doc.heading("Routing, cost breakdown and risk", 160.0);
    later.extend([
        match &r.scenario.routing.measured {
            Some(m) => charts::plan::routing_measured(
                &r.result.routing_curve,
                r.scenario.routing.escalation_rate,
                r.result.routing_best_escalation_rate,
                &m.label,
            ),
            None => charts::plan::routing(
                &r.result.routing_curve,
                r.result.hybrid.slm_share,
                r.result.routing_best_slm_share,
            ),
        },
        charts::plan::breakdown(&r.result),
    ]);
    if let Some(u) = &r.result.uncertainty {
        later.push(charts::plan::monte_carlo(u));
    }
    later.push(charts::plan::tornado(
        &r.result.sensitivity,
        tco::sensitivity::hybrid_savings(&r.scenario),
    ));
    for pair in later.chunks(2) {
        doc.chart_row(pair.iter().filter_map(|svg| parse(svg)).collect(), 2);
    }
    super::cashflow::cash_flow(doc, r, &s);
    super::assumptions::assumptions(doc, r);
    super::provenance::provenance(doc, r);
}

/// Charts side by side, each with its caption above it, kept on one page.
fn captioned_row(doc: &mut Doc, charts: Vec<(&str, String)>) {
    let gutter = 12.0;
    let per_row = charts.len().max(1) as f32;
    let w = (doc.content_width() - gutter * (per_row - 1.0)) / per_row;
    let trees: Vec<(&str, Option<usvg::Tree>)> = charts
        .into_iter()
        .map(|(title, svg)| (title, parse(&svg)))
        .collect();
    let h = trees
        .iter()
        .filter_map(|(_, t)| t.as_ref())
        .map(|t| w * t.size().height() / t.size().width())
        .fold(0.0, f32::max);
    doc.ensure(BODY.leading() + h);
    let baseline = doc.y + BODY.size;
    for (i, (title, tree)) in trees.iter().enumerate() {
        let x = doc.margin + i as f32 * (w + gutter);
        let caption = if tree.is_some() {
            title.to_string()
        } else {
            format!("{title} (this chart could not be drawn)")
        };
        doc.text_at(x, baseline, BODY.bold(), &caption);
    }
    doc.y += BODY.leading();
    doc.chart_row(trees.into_iter().filter_map(|(_, t)| t).collect(), 2);
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
    let mut t = Table::new(vec![col("", 0.36, Align::Left), col("", 0.64, Align::Left)]);
    t.header = false;
    let rate = percent(r.scenario.finance.discount_rate_annual);
    let npv = format!("NPV over {} months at {rate}/year", s.horizon_months);
    let rows: [(&str, &str); 10] = [
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
        ("Biggest uncertainty", &s.text.uncertainty),
        ("Chance it stays the cheapest", &s.text.probability_cheapest),
    ];
    for (label, value) in rows {
        t.row(vec![Cell::from(label), bold(value)]);
    }
    t
}

/// The caveats of page 1 (`Summary::caveats`), one a line, under a heading that says why
/// they are there; nothing when there are none.
fn keep_in_mind(doc: &mut Doc, s: &Summary) {
    if s.caveats.is_empty() {
        return;
    }
    doc.gap(4.0);
    doc.ensure(3.0 * BODY.leading());
    doc.paragraph(BODY.bold(), "Keep in mind");
    for c in &s.caveats {
        doc.paragraph(BODY.colored(MUTED), &format!("• {c}"));
    }
}

/// What the self-hosted figures rest on, under the headline: the model served (or that
/// none is named, so nothing about it is checked) and where its throughput comes from, its
/// label first ("estimate" when it was typed). A hosted SLM's model instead. The value
/// column is wide, so a benchmark's source stays within a few lines of page 1.
fn basis_table(r: &ReportScenario, s: &Summary) -> Table {
    let mut t = Table::new(vec![col("", 0.2, Align::Left), col("", 0.8, Align::Left)]);
    t.header = false;
    match r.scenario.slm.serving {
        SlmServing::SelfHosted(_) => {
            t.row(vec![
                Cell::from(vocabulary::label_when_served("slm.model", "self_hosted")),
                bold(s.text.slm_model.clone()),
            ]);
            t.row(vec![
                Cell::from(vocabulary::label("slm.throughput.basis")),
                bold(s.text.throughput.clone()),
            ]);
        }
        SlmServing::Api(_) => t.row(vec![
            Cell::from(vocabulary::label_when_served("slm.model", "api")),
            bold(s.text.slm_model.clone()),
        ]),
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
