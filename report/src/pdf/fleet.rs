//! Page 1's tables beside the headline: the three options in month 1 (those a quality floor
//! excludes marked), the self-hosted bill by part, the fleet's shape in a sentence, and
//! the month-1 cost under each scaling policy.

use tco::format::{count, percent, usd};
use tco::scenario::SlmServing;
use tco::vocabulary;

use super::layout::{Doc, BODY, MUTED, SMALL};
use super::tables::{bold, col, draw, Align, Cell, Table};
use crate::summary::{choice_label, monthly_usd, Choice};
use crate::ReportScenario;

/// What the status column says of an option a quality floor leaves out.
pub(crate) const EXCLUDED: &str = "excluded: below the minimum quality";

/// The three options side by side, the recommended one in bold.
pub(crate) fn options(doc: &mut Doc, r: &ReportScenario) {
    let res = &r.result;
    let qualities =
        r.scenario.routing.slm_quality.is_some() && r.scenario.routing.llm_quality.is_some();
    let mut columns = vec![
        col("Option", 0.34, Align::Left),
        col("Per month", 0.17, Align::Right),
        col("Per request", 0.15, Align::Right),
    ];
    if qualities {
        columns.push(col("Quality", 0.1, Align::Right));
    }
    columns.push(col("Status", 0.24, Align::Left));
    let mut t = Table::new(columns);
    t.style = BODY.sized(8.0);
    let entries = [
        (
            Choice::Api,
            res.api.usd_per_request,
            r.scenario.routing.llm_quality,
            res.api.meets_quality,
        ),
        (
            Choice::SelfHosted,
            res.self_hosted.usd_per_request,
            r.scenario.routing.slm_quality,
            res.self_hosted.meets_quality,
        ),
        (
            Choice::Hybrid,
            res.hybrid.usd_per_request,
            res.hybrid.quality,
            res.hybrid.meets_quality,
        ),
    ];
    for (choice, per_request, quality, meets) in entries {
        let recommended = res.recommended == Some(choice);
        let status = if !meets {
            EXCLUDED.to_string()
        } else if recommended {
            "recommended".to_string()
        } else {
            String::new()
        };
        let cell = |text: String| {
            if recommended {
                bold(text)
            } else {
                Cell::from(text)
            }
        };
        let mut row = vec![
            cell(choice_label(r, choice)),
            cell(usd(monthly_usd(res, choice))),
            cell(per_request.map_or_else(|| "—".to_string(), usd)),
        ];
        if qualities {
            row.push(cell(quality.map_or_else(|| "—".to_string(), percent)));
        }
        row.push(cell(status));
        t.row(row);
    }
    draw(doc, &t);
    if res.recommended.is_none() {
        doc.paragraph(
            BODY.colored(MUTED),
            &format!(
                "No option reaches the {} of {}: there is no recommendation.",
                vocabulary::label("routing.min_quality").to_lowercase(),
                r.scenario
                    .routing
                    .min_quality
                    .map_or_else(String::new, percent)
            ),
        );
    }
}

/// The self-hosted bill in month 1 by part, the fleet in a sentence, and the policies.
pub(crate) fn breakdown(doc: &mut Doc, r: &ReportScenario) {
    let res = &r.result;
    let sh = &res.self_hosted;
    let SlmServing::SelfHosted(_) = &r.scenario.slm.serving else {
        doc.paragraph(
            SMALL,
            "The SLM is a hosted API: no fleet, billed per request at its own prices.",
        );
        return;
    };
    let Some(b) = sh.fleet.breakdown else {
        return;
    };
    doc.paragraph(BODY.bold(), "Self-hosted cost in month 1, by part");
    let mut t = Table::new(vec![
        col("", 0.3, Align::Left),
        col("", 0.2, Align::Right),
        col("", 0.3, Align::Left),
        col("", 0.2, Align::Right),
    ]);
    t.header = false;
    t.style = BODY.sized(8.0);
    let parts = [
        ("Reserved instances".to_string(), b.reserved_usd),
        ("On-demand burst".to_string(), b.on_demand_usd),
        ("Spot burst".to_string(), b.spot_usd),
        ("Cold starts".to_string(), b.cold_start_usd),
        ("Owned GPUs' capital".to_string(), b.owned_capital_usd),
        ("Owned GPUs' energy".to_string(), b.owned_energy_usd),
        (vocabulary::label("slm.ops_fte"), b.ops_usd),
        (vocabulary::label("slm.fixed_usd_per_month"), b.fixed_usd),
    ];
    for pair in parts.chunks(2) {
        let mut row = Vec::new();
        for (label, v) in pair {
            row.push(Cell::from(label.clone()));
            row.push(Cell::from(usd(*v)));
        }
        t.row(row);
    }
    t.row(vec![
        bold("GPU bill"),
        bold(usd(b.gpu_usd())),
        bold("Monthly cost"),
        bold(usd(b.total_usd())),
    ]);
    draw(doc, &t);
    let f = &sh.fleet;
    let n = |v: Option<f64>| v.map_or_else(|| "—".to_string(), count);
    let mut sentence = format!(
        "Busiest hour: {} replica(s) on {} instance(s); {} reserved (owned); {} GPU-hours billed a month",
        n(f.replicas),
        n(f.instances),
        n(f.reserved_instances),
        n(f.gpu_hours_per_month),
    );
    if let Some(starts) = f.instance_starts_per_month.filter(|s| *s > 0.0) {
        sentence.push_str(&format!("; {} instance starts a month", count(starts)));
    }
    sentence.push('.');
    doc.paragraph(SMALL, &sentence);
    if let Some(p) = sh.policies {
        doc.paragraph(BODY.bold(), "The month-1 cost under each scaling policy");
        let mut t = Table::new(vec![
            col("Always on at the busiest hour", 0.33, Align::Right),
            col("Hour by hour, nothing reserved", 0.33, Align::Right),
            col("Hour by hour, optimal reserved base", 0.34, Align::Right),
        ]);
        t.style = BODY.sized(8.0);
        t.row(vec![
            Cell::from(usd(p.always_on_usd)),
            Cell::from(usd(p.hourly_usd)),
            Cell::from(usd(p.hourly_optimal_reserved_usd)),
        ]);
        draw(doc, &t);
    }
}
