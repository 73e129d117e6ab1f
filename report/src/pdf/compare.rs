//! The comparison report of two to four scenarios: the verdict (`tco::compare`) and every
//! scenario's cost against volume, then their headline figures side by side
//! (the best of each row marked), each scenario's warnings and two key charts, and each
//! provenance.

use super::charts::parse;
use super::layout::{Doc, ACCENT, BODY, SMALL};
use super::tables::{bold, col, draw, Align, Cell, Table};
use tco::vocabulary;

use crate::summary::Summary;
use crate::ReportScenario;

/// The mark put before the best value of a row.
pub(crate) const BEST: &str = "✓ ";

/// Which value of a row is best.
#[derive(Clone, Copy)]
enum Best {
    Lowest,
    Highest,
    None,
}

pub(crate) fn report(doc: &mut Doc, scenarios: &[ReportScenario]) {
    let summaries: Vec<Summary> = scenarios.iter().map(Summary::of).collect();
    doc.paragraph(
        BODY.sized(18.0).bold().colored(ACCENT),
        &format!("Breakeven comparison: {} scenarios", scenarios.len()),
    );
    doc.paragraph(
        SMALL,
        &format!(
            "Generated {} · {BEST}marks the best value of a row: the lowest cost, the highest savings and NPV, the earliest payback.",
            super::utc(scenarios[0].provenance.generated_unix)
        ),
    );
    // The verdict first, as the compare page shows it, with every scenario's cost against
    // volume under it.
    let verdict = crate::verdict::comparison(scenarios);
    doc.paragraph(BODY.sized(11.0).bold(), &verdict.sentence);
    if let Some(chart) = parse(&charts::plan::compare_costs(&verdict)) {
        doc.chart_row(vec![chart], 1);
    }
    doc.heading("Summary side by side", 120.0);
    let share = 0.75 / scenarios.len() as f32;
    let mut columns = vec![col("", 0.25, Align::Left)];
    for (i, s) in scenarios.iter().enumerate() {
        columns.push(col(
            &format!("{}. {}", i + 1, s.scenario.name),
            share,
            Align::Left,
        ));
    }
    let mut t = Table::new(columns);
    t.style = BODY.sized(8.0);
    type Row = (String, Best, fn(&Summary) -> (Option<f64>, String));
    let rows: [Row; 12] = [
        ("Recommended option".into(), Best::None, |s| {
            (None, s.text.recommended.clone())
        }),
        ("LLM API, per month".into(), Best::Lowest, |s| {
            (Some(s.api_monthly_usd), s.text.api_monthly.clone())
        }),
        ("Recommended option, per month".into(), Best::Lowest, |s| {
            (
                s.recommended_monthly_usd,
                s.text.recommended_monthly.clone(),
            )
        }),
        ("Monthly savings".into(), Best::Highest, |s| {
            (s.monthly_savings_usd, s.text.monthly_savings.clone())
        }),
        ("Annual savings".into(), Best::Highest, |s| {
            (s.annual_savings_usd, s.text.annual_savings.clone())
        }),
        ("Payback".into(), Best::Lowest, |s| {
            (s.payback_month.map(f64::from), s.text.payback.clone())
        }),
        ("NPV".into(), Best::Highest, |s| {
            (s.npv_usd, s.text.npv.clone())
        }),
        ("Break-even volume".into(), Best::None, |s| {
            (None, s.text.break_even.clone())
        }),
        ("Probability cheapest".into(), Best::None, |s| {
            (None, s.text.probability_cheapest.clone())
        }),
        ("Horizon".into(), Best::None, |s| {
            (None, format!("{} months", s.horizon_months))
        }),
        (vocabulary::label("slm.model"), Best::None, |s| {
            (None, s.text.slm_model.clone())
        }),
        (vocabulary::label("slm.throughput.basis"), Best::None, |s| {
            (None, s.text.throughput.clone())
        }),
    ];
    for (label, best, value) in rows {
        let values: Vec<(Option<f64>, String)> = summaries.iter().map(value).collect();
        let finite = values.iter().filter_map(|v| v.0).filter(|v| v.is_finite());
        let target = match best {
            Best::Lowest => finite.reduce(f64::min),
            Best::Highest => finite.reduce(f64::max),
            Best::None => None,
        };
        // Marked only where the scenarios differ: a row of equal values has no best.
        let differ = values.iter().any(|v| v.0 != target);
        let mut cells = vec![Cell::from(label.as_str())];
        for (v, text) in values {
            if target.is_some() && v == target && differ {
                cells.push(bold(format!("{BEST}{text}")));
            } else {
                cells.push(Cell::from(text));
            }
        }
        t.row(cells);
    }
    let mut tables = vec![Cell::from("Price table")];
    tables.extend(
        scenarios
            .iter()
            .map(|s| Cell::from(s.provenance.price_table.label.clone())),
    );
    t.row(tables);
    draw(doc, &t);

    for (i, r) in scenarios.iter().enumerate() {
        // Kept with its sentence and its row of two half-width charts (560 × 340 each).
        let keep = BODY.leading() * 2.0 + (doc.content_width() - 12.0) / 2.0 * 340.0 / 560.0;
        doc.heading(&format!("{}. {}", i + 1, r.scenario.name), keep);
        let s = &summaries[i];
        doc.paragraph(
            BODY,
            &format!(
                "Recommended: {} at {} a month against {} on the LLM API.",
                s.text.recommended, s.text.recommended_monthly, s.text.api_monthly
            ),
        );
        // The scenario's warnings (the throughput's coherence among them), as its own
        // report's page 1 lists them.
        for w in &r.result.warnings {
            doc.paragraph(SMALL, &format!("Check: {}", crate::warning(w)));
        }
        let volume = tco::curves::volume_curve(&r.scenario);
        let svgs = [
            charts::plan::cost_vs_volume(
                &volume,
                r.scenario.workload.requests_per_month,
                r.result.break_even.requests_per_month,
            ),
            charts::plan::cumulative_savings(&r.result.roi),
        ];
        doc.chart_row(svgs.iter().filter_map(|svg| parse(svg)).collect(), 2);
    }

    doc.heading("Provenance of each scenario", 80.0);
    for (i, r) in scenarios.iter().enumerate() {
        doc.paragraph(BODY.bold(), &format!("{}. {}", i + 1, r.scenario.name));
        draw(doc, &super::provenance::provenance_table(r));
    }
}
