//! The planner's charts. Each returns an `<svg>` whose root carries `data-chart="<name>"`;
//! the marked points (break-even, chosen and best share, payback, P10/P50/P90) are groups
//! with `data-marker="<what>"` drawn on top, so a test or a page can find them.

mod bars;
mod compare;
pub(crate) mod frame;
pub mod labels;
mod measured;
pub(crate) mod week;

use plotters::prelude::*;
use tco::curves::VolumePoint;
use tco::roi::Roi;
use tco::{RoiResults, RoutingPoint};

pub use bars::{breakdown, monte_carlo, tornado, tornado_named};
pub use compare::compare_costs;
pub use measured::routing_measured;
pub use week::week;

use crate::style::{money, short, Scale, BLUE, GREEN, GREY, ORANGE, PURPLE, RED, TEAL};
use crate::svg::no_data;
use frame::{draw_lines, frame, legend_at, render, Axes, Series, SIZE};
use labels::Marks;

/// The smallest and largest finite value (None without any).
fn extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((f64::min(lo, v), f64::max(hi, v))),
        })
}

/// Monthly cost of the API, the SLM alone and the hybrid against volume, both on log
/// axes (a cost proportional to volume is then a straight line), with the break-even and
/// the scenario's volume marked.
pub fn cost_vs_volume(
    curve: &[VolumePoint],
    current_requests: f64,
    break_even: Option<f64>,
) -> String {
    const NAME: &str = "cost-vs-volume";
    const TITLE: &str = "Monthly cost against volume";
    let positive = |v: &f64| v.is_finite() && *v > 0.0;
    let points: Vec<&VolumePoint> = curve
        .iter()
        .filter(|p| positive(&p.requests_per_month))
        .collect();
    let ys = points
        .iter()
        .flat_map(|p| [p.api_usd, p.self_hosted_usd, p.hybrid_usd])
        .filter(positive);
    let (Some((x_lo, x_hi)), Some((y_lo, y_hi))) = (
        extent(points.iter().map(|p| p.requests_per_month)),
        extent(ys),
    ) else {
        return no_data(Some(NAME), SIZE, "No costs to draw against volume");
    };
    let axes = Axes::cost_against_volume((x_lo, x_hi), (y_lo, y_hi));
    let line = |label: &str, color, f: fn(&VolumePoint) -> f64| {
        let pts = points
            .iter()
            .map(|p| (p.requests_per_month, f(p)))
            .collect();
        Series::new(label, color, pts, (&axes.x, &axes.y))
    };
    let series = [
        line("API", ORANGE, |p| p.api_usd),
        line("self-hosted", BLUE, |p| p.self_hosted_usd),
        line("hybrid", GREEN, |p| p.hybrid_usd),
    ];
    render(NAME, TITLE, |root, overlay| {
        let (mut chart, plot) = frame(root, &axes)?;
        draw_lines(&mut chart, &series, false)?;
        let (x, y) = legend_at(&plot);
        overlay.legend(x, y, &series.iter().map(Series::legend).collect::<Vec<_>>());
        let inside = |v: f64| v.clamp(plot.x.lo, plot.x.hi);
        let mut marks = Marks::new(&plot);
        for s in &series {
            marks.avoid(&s.points);
        }
        if let Some(be) = break_even.filter(|v| v.is_finite()) {
            let label = if be > 0.0 {
                format!("break-even {} req/mo", short(be))
            } else {
                "break-even: the SLM is cheaper at any volume".to_string()
            };
            marks.vline("break-even", inside(be), RED, &label, false);
        }
        if positive(&current_requests) {
            let label = format!("your volume {}", short(current_requests));
            marks.vline("volume", inside(current_requests), GREY, &label, false);
        }
        marks.draw(overlay);
        Ok(())
    })
}

/// The hybrid's monthly cost (left) and expected quality (right, when known) against the
/// share of requests routed to the SLM, with the chosen and the best share marked.
pub fn routing(curve: &[RoutingPoint], chosen_share: f64, best_share: Option<f64>) -> String {
    const NAME: &str = "routing";
    const TITLE: &str = "Hybrid cost and quality against SLM share";
    let points: Vec<&RoutingPoint> = curve
        .iter()
        .filter(|p| p.slm_share.is_finite() && p.monthly_usd.is_finite())
        .collect();
    let Some((_, cost_hi)) = extent(points.iter().map(|p| p.monthly_usd)) else {
        return no_data(Some(NAME), SIZE, "No routing curve to draw");
    };
    let cost_lo = extent(points.iter().map(|p| p.monthly_usd)).map_or(0.0, |e| e.0);
    let quality = extent(points.iter().filter_map(|p| p.quality).map(|q| q * 100.0));
    let mut axes = Axes::new(
        Scale::linear(0.0, 100.0),
        Scale::linear(cost_lo.min(0.0), cost_hi * 1.15),
        "SLM share of requests (%)",
        "hybrid cost, USD/month",
    );
    axes.x_fmt = Box::new(|v| format!("{v:.0} %"));
    axes.y_fmt = Box::new(|v| money(*v));
    if let Some((q_lo, q_hi)) = quality {
        let scale = Scale::linear((q_lo - 5.0).max(0.0), (q_hi + 5.0).min(100.0));
        axes.right = Some((
            scale,
            "expected quality (%)".into(),
            Box::new(|v| format!("{v:.0} %")),
        ));
    }
    let cost = Series::new(
        "hybrid cost",
        GREEN,
        points
            .iter()
            .map(|p| (p.slm_share * 100.0, p.monthly_usd))
            .collect(),
        (&axes.x, &axes.y),
    );
    let mut quality_line = Series::new(
        "quality (right)",
        PURPLE,
        points
            .iter()
            .filter_map(|p| p.quality.map(|q| (p.slm_share * 100.0, q * 100.0)))
            .collect(),
        (&axes.x, &axes.y),
    );
    quality_line.dashed = true;
    render(NAME, TITLE, |root, overlay| {
        let (mut chart, plot) = frame(root, &axes)?;
        draw_lines(&mut chart, std::slice::from_ref(&cost), false)?;
        if axes.right.is_some() {
            draw_lines(&mut chart, std::slice::from_ref(&quality_line), true)?;
        }
        let mut legend = vec![cost.legend()];
        if axes.right.is_some() {
            legend.push(quality_line.legend());
        }
        let (x, y) = legend_at(&plot);
        overlay.legend(x, y, &legend);
        let pct = |s: f64| (s * 100.0).clamp(0.0, 100.0);
        let best = best_share.filter(|b| b.is_finite());
        let mut marks = Marks::new(&plot);
        marks.avoid(&cost.points);
        // The quality line is drawn against the right axis: in the left axis's units here.
        if let Some((right, _, _)) = &axes.right {
            let pixels: Vec<(f64, f64)> = quality_line
                .points
                .iter()
                .map(|&(x, q)| {
                    (
                        plot.px(x),
                        plot.bottom + right.fraction(q) * (plot.top - plot.bottom),
                    )
                })
                .collect();
            marks.avoid_px(pixels);
        }
        // The lower of the two shares labels to the left of its line, the higher to the right.
        let chosen_left = best.is_some_and(|b| chosen_share < b);
        if chosen_share.is_finite() {
            let label = format!("chosen {:.0} %", chosen_share * 100.0);
            marks.vline("chosen-share", pct(chosen_share), BLUE, &label, chosen_left);
        }
        if let Some(best) = best {
            let label = format!("best {:.0} %", best * 100.0);
            let left = chosen_share.is_finite() && best < chosen_share;
            marks.vline("best-share", pct(best), TEAL, &label, left);
        }
        marks.draw(overlay);
        Ok(())
    })
}

/// Cumulative net savings against the API (month 0 is the one-time cost) for the
/// self-hosted and the hybrid option, with each payback month marked.
pub fn cumulative_savings(roi: &RoiResults) -> String {
    const NAME: &str = "cumulative-savings";
    const TITLE: &str = "Cumulative savings over the horizon";
    let path = |r: &Roi| -> Vec<(f64, f64)> {
        std::iter::once((0.0, -r.one_time_usd))
            .chain(
                r.months
                    .iter()
                    .map(|m| (f64::from(m.month), m.cumulative_net_usd)),
            )
            .filter(|(_, y)| y.is_finite())
            .collect()
    };
    let (own, hybrid) = (path(&roi.self_hosted), path(&roi.hybrid));
    let months = extent(own.iter().chain(&hybrid).map(|p| p.0));
    let values = extent(own.iter().chain(&hybrid).map(|p| p.1));
    let (Some((_, last)), Some((lo, hi))) = (months, values) else {
        return no_data(Some(NAME), SIZE, "No months to draw");
    };
    if last < 1.0 {
        return no_data(Some(NAME), SIZE, "No months to draw");
    }
    let headroom = (hi.max(0.0) - lo.min(0.0)) * 0.12;
    let mut axes = Axes::new(
        Scale::linear(0.0, last),
        Scale::linear(lo.min(0.0), hi.max(0.0) + headroom),
        "month",
        "cumulative net savings, USD",
    );
    axes.x_fmt = Box::new(|v| format!("{v:.0}"));
    axes.y_fmt = Box::new(|v| money(*v));
    let series = [
        Series::new("self-hosted", BLUE, own, (&axes.x, &axes.y)),
        Series::new("hybrid", GREEN, hybrid, (&axes.x, &axes.y)),
    ];
    render(NAME, TITLE, |root, overlay| {
        let (mut chart, plot) = frame(root, &axes)?;
        // Zero: above it the option has paid for itself.
        chart.draw_series(LineSeries::new(
            [(plot.x.lo, 0.0), (plot.x.hi, 0.0)],
            crate::style::FOREGROUND.mix(0.6).stroke_width(1),
        ))?;
        draw_lines(&mut chart, &series, false)?;
        let (x, y) = legend_at(&plot);
        overlay.legend(x, y, &series.iter().map(Series::legend).collect::<Vec<_>>());
        let options = [
            ("self-hosted", &roi.self_hosted, BLUE),
            ("hybrid", &roi.hybrid, GREEN),
        ];
        let mut marks = Marks::new(&plot);
        for s in &series {
            marks.avoid(&s.points);
        }
        for (label, r, color) in options {
            let Some(month) = r.payback_month else {
                continue;
            };
            let Some(at) = r.months.iter().find(|m| m.month == month) else {
                continue;
            };
            let text = format!("{label} pays back in month {month}");
            marks.dot(
                "payback",
                (f64::from(month), at.cumulative_net_usd),
                color,
                &text,
            );
        }
        marks.draw(overlay);
        Ok(())
    })
}
