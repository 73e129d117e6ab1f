//! The routing chart drawn from a measured cascade curve (docs/cost-model.md §9): the
//! cascade's monthly cost and its measured quality, with the quality's lower 95 % bound,
//! against the share of requests escalated to the LLM.

use tco::RoutingPoint;

use super::extent;
use super::frame::{draw_lines, frame, legend_at, render, Axes, Series, SIZE};
use super::labels::Marks;
use crate::style::{money, Scale, BLUE, GREEN, ORANGE, PURPLE, TEAL};
use crate::svg::no_data;

/// The measured curve's chart: cost (left axis) and quality with its one-sided lower 95 %
/// bound (right axis, dashed) against e(θ), with the scenario's escalation rate
/// (`chosen-escalation`) and the cheapest point meeting the floor (`best-escalation`)
/// marked. The root is `data-chart="routing"` with `data-curve="measured"`, and its title
/// names where the curve was measured (`label`). Points without an escalation rate (the
/// share curve's) are left out; a curve with none says so.
pub fn routing_measured(
    curve: &[RoutingPoint],
    chosen_escalation: f64,
    best_escalation: Option<f64>,
    label: &str,
) -> String {
    const NAME: &str = "routing";
    let points: Vec<(f64, &RoutingPoint)> = curve
        .iter()
        .filter_map(|p| p.escalation_rate.map(|e| (e * 100.0, p)))
        .filter(|(x, p)| x.is_finite() && p.monthly_usd.is_finite())
        .collect();
    let Some((cost_lo, cost_hi)) = extent(points.iter().map(|(_, p)| p.monthly_usd)) else {
        return no_data(Some(NAME), SIZE, "No measured cascade curve to draw");
    };
    let title = format!("Cascade cost and quality against the share escalated, {label}");
    let quality = extent(points.iter().flat_map(|(_, p)| {
        [p.quality, p.quality_lower_95]
            .into_iter()
            .flatten()
            .map(|q| q * 100.0)
    }));
    let mut axes = Axes::new(
        Scale::linear(0.0, 100.0),
        Scale::linear(cost_lo.min(0.0), cost_hi * 1.15),
        "share escalated to the LLM (%)",
        "cascade cost, USD/month",
    );
    axes.x_fmt = Box::new(|v| format!("{v:.0} %"));
    axes.y_fmt = Box::new(|v| money(*v));
    if let Some((q_lo, q_hi)) = quality {
        let scale = Scale::linear((q_lo - 5.0).max(0.0), (q_hi + 5.0).min(100.0));
        axes.right = Some((
            scale,
            "measured quality (%)".into(),
            Box::new(|v| format!("{v:.0} %")),
        ));
    }
    let cost = Series::new(
        "cascade cost",
        GREEN,
        points.iter().map(|(x, p)| (*x, p.monthly_usd)).collect(),
        (&axes.x, &axes.y),
    );
    let line = |name: &str, color, q: fn(&RoutingPoint) -> Option<f64>| {
        let mut s = Series::new(
            name,
            color,
            points
                .iter()
                .filter_map(|(x, p)| q(p).map(|q| (*x, q * 100.0)))
                .collect(),
            (&axes.x, &axes.y),
        );
        s.dashed = true;
        s
    };
    let quality_lines = [
        line("quality (right)", PURPLE, |p| p.quality),
        line("lower 95 % bound (right)", ORANGE, |p| p.quality_lower_95),
    ];
    let svg = render(NAME, &title, |root, overlay| {
        let (mut chart, plot) = frame(root, &axes)?;
        draw_lines(&mut chart, std::slice::from_ref(&cost), false)?;
        let mut legend = vec![cost.legend()];
        if axes.right.is_some() {
            draw_lines(&mut chart, &quality_lines, true)?;
            legend.extend(quality_lines.iter().map(Series::legend));
        }
        let (x, y) = legend_at(&plot);
        overlay.legend(x, y, &legend);
        let mut marks = Marks::new(&plot);
        marks.avoid(&cost.points);
        if let Some((right, _, _)) = &axes.right {
            for s in &quality_lines {
                let pixels: Vec<(f64, f64)> = s
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
        }
        let pct = |e: f64| (e * 100.0).clamp(0.0, 100.0);
        let best = best_escalation.filter(|b| b.is_finite());
        let chosen_left = best.is_some_and(|b| chosen_escalation < b);
        if chosen_escalation.is_finite() {
            let text = format!("chosen {}", tco::format::percent(chosen_escalation));
            marks.vline(
                "chosen-escalation",
                pct(chosen_escalation),
                BLUE,
                &text,
                chosen_left,
            );
        }
        if let Some(best) = best {
            let text = format!("best {}", tco::format::percent(best));
            let left = chosen_escalation.is_finite() && best < chosen_escalation;
            marks.vline("best-escalation", pct(best), TEAL, &text, left);
        }
        marks.draw(overlay);
        Ok(())
    });
    svg.replacen(
        r#"<svg data-chart="routing""#,
        r#"<svg data-chart="routing" data-curve="measured""#,
        1,
    )
}
