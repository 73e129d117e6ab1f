//! The planner's bar charts: the cost breakdown, the Monte Carlo histogram and the tornado.

use plotters::prelude::*;
use tco::sensitivity::SensitivityRow;
use tco::uncertainty::UncertaintyResult;
use tco::{vocabulary, PlanResult};

use super::extent;
use super::frame::{frame, legend_at, render, Axes, SIZE};
use super::labels::Marks;
use crate::style::{money, short, Scale, BLUE, FOREGROUND, GREEN, GREY, ORANGE, PURPLE, RED, TEAL};
use crate::svg::no_data;

/// A finite amount ≥ 0, or 0: a part of a bar cannot be negative or unknown.
fn part(v: Option<f64>) -> f64 {
    v.filter(|v| v.is_finite() && *v > 0.0).unwrap_or(0.0)
}

/// A bar's segments: (legend label, colour, USD/month).
type Parts = Vec<(&'static str, RGBColor, f64)>;

/// A fleet's bill split into GPUs, people and fixed costs.
fn fleet_parts(fleet: &tco::FleetFigures) -> Parts {
    let b = fleet.breakdown.unwrap_or_default();
    vec![
        ("GPUs", BLUE, part(Some(b.gpu_usd()))),
        ("people", GREEN, part(Some(b.ops_usd))),
        ("fixed", GREY, part(Some(b.fixed_usd))),
    ]
}

/// The parts of each option's monthly cost at the scenario's volume.
fn parts(r: &PlanResult) -> [(&'static str, Parts); 3] {
    let own = &r.self_hosted;
    let hosted = own.serving == "self_hosted";
    let self_hosted = if hosted {
        fleet_parts(&own.fleet)
    } else {
        vec![("SLM API calls", TEAL, part(Some(own.monthly_usd)))]
    };
    let h = &r.hybrid;
    let mut hybrid = if hosted {
        fleet_parts(&h.fleet)
    } else {
        vec![("SLM API calls", TEAL, part(Some(h.slm_usd_per_month)))]
    };
    hybrid.push(("LLM calls", ORANGE, part(Some(h.llm_usd_per_month))));
    hybrid.push(("router", PURPLE, part(Some(h.router_usd_per_month))));
    [
        (
            "API",
            vec![("LLM calls", ORANGE, part(Some(r.api.monthly_usd)))],
        ),
        ("self-hosted", self_hosted),
        ("hybrid", hybrid),
    ]
}

/// Each option's monthly cost at the scenario's volume, stacked by what it pays for:
/// GPUs, fixed costs, LLM (or SLM API) calls and the router.
pub fn breakdown(result: &PlanResult) -> String {
    const NAME: &str = "breakdown";
    const TITLE: &str = "Monthly cost breakdown";
    let bars = parts(result);
    let totals: Vec<f64> = bars
        .iter()
        .map(|(_, p)| p.iter().map(|s| s.2).sum())
        .collect();
    let top = totals.iter().copied().fold(0.0, f64::max);
    if top <= 0.0 {
        return no_data(Some(NAME), SIZE, "Every option costs $0 a month");
    }
    let mut axes = Axes::new(
        Scale {
            lo: 0.0,
            hi: 3.0,
            log: false,
            ticks: vec![0.5, 1.5, 2.5],
        },
        Scale::linear(0.0, top * 1.15),
        "option, at the scenario's volume",
        "USD/month",
    );
    let names: Vec<&'static str> = bars.iter().map(|b| b.0).collect();
    axes.x_fmt = Box::new(move |v| {
        let i = v.floor();
        names
            .get(if i >= 0.0 { i as usize } else { usize::MAX })
            .map_or(String::new(), |n| (*n).to_string())
    });
    axes.y_fmt = Box::new(|v| money(*v));
    axes.x_grid = false;
    render(NAME, TITLE, |root, overlay| {
        let (mut chart, plot) = frame(root, &axes)?;
        let mut legend: Vec<(&str, RGBColor, bool)> = Vec::new();
        for (i, (_, segments)) in bars.iter().enumerate() {
            let x = i as f64;
            let mut base = 0.0;
            for &(label, color, usd) in segments.iter().filter(|s| s.2 > 0.0) {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x + 0.22, base), (x + 0.78, base + usd)],
                    color.filled(),
                )))?;
                base += usd;
                if !legend.iter().any(|l| l.0 == label) {
                    legend.push((label, color, false));
                }
            }
            overlay.text(plot.px(x + 0.5), plot.py(base) - 6.0, &money(totals[i]));
        }
        let (x, y) = legend_at(&plot);
        overlay.legend(x, y, &legend);
        Ok(())
    })
}

/// The distribution of the hybrid's monthly savings against the API over the Monte Carlo
/// draws, with P10, P50 and P90 marked.
pub fn monte_carlo(u: &UncertaintyResult) -> String {
    const NAME: &str = "monte-carlo";
    const TITLE: &str = "Monte Carlo distribution of monthly savings";
    let bins: Vec<_> = u
        .hybrid_savings_histogram
        .iter()
        .filter(|b| b.lo_usd.is_finite() && b.hi_usd.is_finite() && b.hi_usd >= b.lo_usd)
        .collect();
    let (Some((lo, _)), Some((_, hi))) = (
        extent(bins.iter().map(|b| b.lo_usd)),
        extent(bins.iter().map(|b| b.hi_usd)),
    ) else {
        return no_data(
            Some(NAME),
            SIZE,
            "No Monte Carlo draws (add uncertain inputs)",
        );
    };
    let most = bins.iter().map(|b| b.count).max().unwrap_or(0);
    let q = u.hybrid_savings_usd;
    let marks = [
        ("p10", "P10", q.p10),
        ("p50", "P50", q.p50),
        ("p90", "P90", q.p90),
    ];
    let span = extent([lo, hi].into_iter().chain(marks.iter().map(|m| m.2))).unwrap_or((lo, hi));
    let mut axes = Axes::new(
        Scale::linear(span.0, span.1),
        Scale::linear(0.0, f64::from(most.max(1)) * 1.4),
        "hybrid savings vs API, USD/month (month 1)",
        &format!("draws (of {})", short(f64::from(u.draws))),
    );
    axes.x_fmt = Box::new(|v| money(*v));
    axes.y_fmt = Box::new(|v| short(*v));
    render(NAME, TITLE, |root, overlay| {
        let (mut chart, plot) = frame(root, &axes)?;
        // A bin of identical draws (lo = hi) still gets a visible width.
        let min_width = (plot.x.hi - plot.x.lo) / 60.0;
        for b in &bins {
            let pad = ((min_width - (b.hi_usd - b.lo_usd)) / 2.0).max(0.0);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(b.lo_usd - pad, 0.0), (b.hi_usd + pad, f64::from(b.count))],
                GREEN.mix(0.75).filled(),
            )))?;
        }
        if plot.x.lo < 0.0 && plot.x.hi > 0.0 {
            // Left of zero the hybrid costs more than the API.
            chart.draw_series(LineSeries::new(
                [(0.0, plot.y.lo), (0.0, plot.y.hi)],
                FOREGROUND.mix(0.6).stroke_width(1),
            ))?;
        }
        let (x, y) = legend_at(&plot);
        overlay.legend(
            x,
            y,
            &[
                ("draws per bin", GREEN, false),
                ("P10 / P50 / P90", RED, true),
            ],
        );
        let mut lines = Marks::new(&plot);
        for (marker, name, value) in marks {
            if value.is_finite() {
                lines.vline(
                    marker,
                    value,
                    RED,
                    &format!("{name} {}", money(value)),
                    false,
                );
            }
        }
        lines.draw(overlay);
        Ok(())
    })
}

/// Rows shown: the inputs that move savings most.
const TORNADO_ROWS: usize = 8;

/// How far the hybrid's month-1 savings move when each input moves ±20 %, largest swing
/// on top; the base savings is the vertical line the bars grow from. Each row is named by
/// the input's label in `tco::vocabulary`, never its scenario path.
pub fn tornado(rows: &[SensitivityRow], base_savings_usd: f64) -> String {
    tornado_named(rows, base_savings_usd, "tornado")
}

/// The same chart under another `data-chart` name: the recommended option's tornado
/// (`tco::PlanResult::sensitivity_recommended`) beside the hybrid's.
pub fn tornado_named(rows: &[SensitivityRow], base_savings_usd: f64, name: &str) -> String {
    const TITLE: &str = "Sensitivity of monthly savings (inputs ±20 %)";

    let shown: Vec<&SensitivityRow> = rows
        .iter()
        .filter(|r| {
            r.savings_at_low_usd.is_finite()
                && r.savings_at_high_usd.is_finite()
                && r.swing_usd > 0.0
        })
        .take(TORNADO_ROWS)
        .collect();
    let base = if base_savings_usd.is_finite() {
        base_savings_usd
    } else {
        0.0
    };
    let values = shown
        .iter()
        .flat_map(|r| [r.savings_at_low_usd, r.savings_at_high_usd])
        .chain([base]);
    let (Some((lo, hi)), false) = (extent(values), shown.is_empty()) else {
        return no_data(Some(name), SIZE, "No input moves the savings");
    };
    let n = shown.len() as f64;
    // The label without its unit: every input moves by the same ±20 %, so its unit says
    // nothing about the bar, and a unit would crowd the label column.
    let labels: Vec<String> = shown.iter().map(|r| vocabulary::label(&r.field)).collect();
    let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as u32;
    let mut axes = Axes::new(
        Scale::linear(lo, hi),
        Scale {
            lo: 0.0,
            // Room above the top row for the base's label.
            hi: n + 0.8,
            log: false,
            ticks: (0..shown.len()).map(|i| i as f64 + 0.5).collect(),
        },
        "hybrid savings, USD/month",
        "",
    );
    axes.x_fmt = Box::new(|v| money(*v));
    // Row i (largest swing first) sits at the top: y = n − i − ½.
    axes.y_fmt = Box::new(move |v| {
        let i = n - v.floor() - 1.0;
        labels
            .get(if i >= 0.0 { i as usize } else { usize::MAX })
            .cloned()
            .unwrap_or_default()
    });
    axes.y_area = (widest * 7 + 16).clamp(70, 230);
    render(name, TITLE, |root, overlay| {
        let (mut chart, plot) = frame(root, &axes)?;
        for (i, r) in shown.iter().enumerate() {
            let y = n - i as f64 - 1.0;
            for (savings, color) in [
                (r.savings_at_low_usd, ORANGE),
                (r.savings_at_high_usd, BLUE),
            ] {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(base, y + 0.2), (savings, y + 0.8)],
                    color.filled(),
                )))?;
            }
        }
        let (x, y) = legend_at(&plot);
        overlay.legend(
            x,
            y,
            &[("input −20 %", ORANGE, false), ("input +20 %", BLUE, false)],
        );
        overlay.vline(
            &plot,
            "base",
            base,
            FOREGROUND,
            &format!("base {}", money(base)),
            0,
        );
        Ok(())
    })
}
