//! A benchmark's charts as inline SVG strings, drawn by `plotters`' SVG backend. Pure
//! functions of the measured points (no DOM, no signals), so a report can reuse them.
//! (Moved from the app, whose Benchmarks page draws them.)
//!
//! Text and axes are drawn in `currentColor`, so a chart takes the page's text colour in
//! light and dark mode; the series use mid-tone colours that read on either background.
//! Concurrency is on a log₂ axis with a tick at every measured value.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::*;

use crate::style::{compact, escape, round_up, text, Failure, FOREGROUND, FOREGROUND_HEX};

/// One measured concurrency, as the charts need it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartPoint {
    /// Requests in flight together (≥ 1); the x axis, log₂, with a tick at each measured
    /// value.
    pub concurrency: f64,
    /// Input tokens processed per second, all requests together.
    pub prefill_tokens_per_s: f64,
    /// Output tokens generated per second, all requests together.
    pub decode_tokens_per_s: f64,
    /// 95th-percentile time per output token, milliseconds: what a user waits between
    /// tokens, held against the SLO.
    pub tpot_ms_p95: f64,
    /// 0..1 (shown as %); None where no roofline was known.
    pub decode_bandwidth_efficiency: Option<f64>,
}

const WIDTH: u32 = 440;
const HEIGHT: u32 = 300;
const DECODE: RGBColor = RGBColor(0x3B, 0x82, 0xF6);
const PREFILL: RGBColor = RGBColor(0xE8, 0x87, 0x1E);
const SLO: RGBColor = RGBColor(0xE0, 0x4F, 0x5F);
const EFFICIENCY: RGBColor = RGBColor(0x2E, 0xA0, 0x43);

/// Aggregate decode tokens/s (left axis) and prefill tokens/s (right axis: prefill is
/// usually ten times faster or more) against concurrency.
pub fn throughput(points: &[ChartPoint]) -> String {
    let decode = series(points, |p| Some(p.decode_tokens_per_s));
    let prefill = series(points, |p| Some(p.prefill_tokens_per_s));
    draw(
        Axis {
            desc: "decode tokens/s, all requests",
            lines: vec![Line::solid("decode (left)", DECODE, decode)],
            label: compact,
        },
        Some(Axis {
            desc: "prefill tokens/s, all requests",
            lines: vec![Line::solid("prefill (right)", PREFILL, prefill)],
            label: compact,
        }),
        &concurrencies(points),
    )
}

/// p95 time per output token against concurrency, with the SLO as a dashed line.
pub fn tpot(points: &[ChartPoint], slo_tpot_ms: Option<f64>) -> String {
    let measured = series(points, |p| Some(p.tpot_ms_p95));
    let xs = concurrencies(points);
    let mut lines = vec![Line::solid("TPOT p95", DECODE, measured)];
    if let Some(slo) = slo_tpot_ms.filter(|s| s.is_finite() && *s > 0.0) {
        let (lo, hi) = x_range(&xs);
        lines.push(Line {
            label: "SLO",
            color: SLO,
            points: vec![(lo, slo), (hi, slo)],
            dashed: true,
        });
    }
    draw(
        Axis {
            desc: "TPOT p95 (ms)",
            lines,
            label: compact,
        },
        None,
        &xs,
    )
}

/// Decode bandwidth efficiency (roofline step time ÷ measured step time) against concurrency.
pub fn bandwidth(points: &[ChartPoint]) -> String {
    let efficiency = series(points, |p| p.decode_bandwidth_efficiency.map(|e| e * 100.0));
    draw(
        Axis {
            desc: "% of roofline bandwidth",
            lines: vec![Line::solid("decode efficiency", EFFICIENCY, efficiency)],
            label: |v| format!("{v:.0} %"),
        },
        None,
        &concurrencies(points),
    )
}

/// A y axis and the lines drawn against it.
struct Axis {
    desc: &'static str,
    lines: Vec<Line>,
    label: fn(&f64) -> String,
}

impl Axis {
    fn is_empty(&self) -> bool {
        self.lines.iter().all(|l| l.points.is_empty())
    }

    /// 0 to a round number above the largest value, with headroom for the legend.
    fn range(&self) -> Range<f64> {
        let max = self
            .lines
            .iter()
            .flat_map(|l| l.points.iter().map(|p| p.1))
            .fold(0.0_f64, f64::max);
        0.0..round_up(max * 1.25)
    }
}

struct Line {
    label: &'static str,
    color: RGBColor,
    /// (concurrency, value), finite only.
    points: Vec<(f64, f64)>,
    dashed: bool,
}

impl Line {
    fn solid(label: &'static str, color: RGBColor, points: Vec<(f64, f64)>) -> Self {
        Self {
            label,
            color,
            points,
            dashed: false,
        }
    }
}

/// Concurrency on a log₂ scale, with a tick (and a grid line) at every measured value.
struct ConcurrencyAxis {
    /// log₂ of the ends.
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Ranged for ConcurrencyAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let t = (value.max(1e-9).log2() - self.lo) / (self.hi - self.lo);
        limit.0 + (t * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            return Vec::new();
        }
        self.ticks.clone()
    }

    fn range(&self) -> Range<f64> {
        self.lo.exp2()..self.hi.exp2()
    }
}

fn series(points: &[ChartPoint], value: impl Fn(&ChartPoint) -> Option<f64>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = points
        .iter()
        .filter(|p| p.concurrency.is_finite() && p.concurrency > 0.0)
        .filter_map(|p| {
            value(p)
                .filter(|v| v.is_finite())
                .map(|v| (p.concurrency, v))
        })
        .collect();
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

/// The measured concurrencies, ascending and distinct.
fn concurrencies(points: &[ChartPoint]) -> Vec<f64> {
    let mut xs: Vec<f64> = points
        .iter()
        .map(|p| p.concurrency)
        .filter(|c| c.is_finite() && *c > 0.0)
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    xs
}

/// The axis's ends in concurrency: half a doubling of margin either side, so one point
/// still gets a non-empty range.
fn x_range(xs: &[f64]) -> (f64, f64) {
    match (xs.first(), xs.last()) {
        (Some(&lo), Some(&hi)) => ((lo.log2() - 0.5).exp2(), (hi.log2() + 0.5).exp2()),
        _ => (0.7, 11.3),
    }
}

fn draw(primary: Axis, secondary: Option<Axis>, xs: &[f64]) -> String {
    let mut svg = String::new();
    let nothing = primary.is_empty() && secondary.as_ref().is_none_or(Axis::is_empty);
    let drawn = draw_into(&mut svg, &primary, secondary.as_ref(), xs);
    if nothing || drawn.is_err() {
        return empty(primary.desc);
    }
    svg.replace(FOREGROUND_HEX, "currentColor")
}

fn axis(xs: &[f64]) -> ConcurrencyAxis {
    let (lo, hi) = x_range(xs);
    ConcurrencyAxis {
        lo: lo.log2(),
        hi: hi.log2(),
        ticks: xs.to_vec(),
    }
}

fn legend(color: RGBColor) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> {
    move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
}

fn draw_into(
    svg: &mut String,
    primary: &Axis,
    secondary: Option<&Axis>,
    xs: &[f64],
) -> Result<(), Failure> {
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    let mut builder = ChartBuilder::on(&root);
    builder
        .margin(10)
        .x_label_area_size(42)
        .y_label_area_size(62);
    if secondary.is_some() {
        builder.right_y_label_area_size(62);
    }
    // The secondary axis takes the right label area; it must exist before the mesh is drawn,
    // or the primary labels are drawn on both sides.
    let mut chart = builder
        .build_cartesian_2d(axis(xs), primary.range())?
        .set_secondary_coord(axis(xs), secondary.map_or(0.0..1.0, Axis::range));
    chart
        .configure_mesh()
        .x_desc("concurrent requests")
        .y_desc(primary.desc)
        .x_label_formatter(&|v| format!("{v}"))
        .y_label_formatter(&primary.label)
        .y_labels(6)
        .y_max_light_lines(1)
        .axis_style(FOREGROUND)
        .bold_line_style(FOREGROUND.mix(0.15))
        .light_line_style(FOREGROUND.mix(0.05))
        .label_style(text(16))
        .axis_desc_style(text(16))
        .draw()?;
    for line in primary.lines.iter().filter(|l| !l.points.is_empty()) {
        let style = line.color.stroke_width(2);
        let anno = if line.dashed {
            chart.draw_series(DashedLineSeries::new(line.points.clone(), 8, 5, style))?
        } else {
            chart.draw_series(LineSeries::new(line.points.clone(), style))?;
            chart.draw_series(PointSeries::of_element(
                line.points.clone(),
                4,
                line.color.filled(),
                &|c, s, st| Circle::new(c, s, st),
            ))?
        };
        anno.label(line.label).legend(legend(line.color));
    }
    if let Some(second) = secondary {
        chart
            .configure_secondary_axes()
            .y_desc(second.desc)
            .y_label_formatter(&second.label)
            .y_labels(6)
            .axis_style(FOREGROUND)
            .label_style(text(16))
            .axis_desc_style(text(16))
            .draw()?;
        for line in second.lines.iter().filter(|l| !l.points.is_empty()) {
            let style = line.color.stroke_width(2);
            chart.draw_secondary_series(LineSeries::new(line.points.clone(), style))?;
            // Hollow and larger, so a point on top of a primary one still shows.
            chart
                .draw_secondary_series(PointSeries::of_element(
                    line.points.clone(),
                    6,
                    line.color.stroke_width(2),
                    &|c, s, st| Circle::new(c, s, st),
                ))?
                .label(line.label)
                .legend(legend(line.color));
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(FOREGROUND.mix(0.0))
        .border_style(FOREGROUND.mix(0.3))
        .label_font(text(15))
        .draw()?;
    root.present()?;
    Ok(())
}

/// An empty frame that says why, rather than a chart of nothing.
fn empty(what: &str) -> String {
    format!(
        r#"<svg width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg"><rect x="1" y="1" width="{w}" height="{h}" fill="none" stroke="currentColor" stroke-opacity="0.3"/><text x="{cx}" y="{cy}" text-anchor="middle" fill="currentColor" font-family="sans-serif" font-size="14">— no measured value of {what}</text></svg>"#,
        w = WIDTH - 2,
        h = HEIGHT - 2,
        cx = WIDTH / 2,
        cy = HEIGHT / 2,
        what = escape(what),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(c: f64, decode: f64, tpot: f64, eff: Option<f64>) -> ChartPoint {
        ChartPoint {
            concurrency: c,
            prefill_tokens_per_s: decode * 10.0,
            decode_tokens_per_s: decode,
            tpot_ms_p95: tpot,
            decode_bandwidth_efficiency: eff,
        }
    }

    #[test]
    fn charts_are_svg_in_the_page_colour_without_nan() {
        let points = [
            point(1.0, 40.0, 25.0, Some(0.41)),
            point(2.0, 70.0, 28.0, Some(0.36)),
            point(4.0, 120.0, 33.0, None),
            point(8.0, f64::NAN, f64::INFINITY, Some(0.2)),
        ];
        // (case, svg, words it must contain)
        let cases: [(&str, String, &[&str]); 4] = [
            (
                "throughput",
                throughput(&points),
                &[
                    "decode tokens/s",
                    "prefill tokens/s",
                    "concurrent requests",
                    "(left)",
                    "(right)",
                ],
            ),
            ("tpot", tpot(&points, Some(200.0)), &["(ms)", "SLO"]),
            ("bandwidth", bandwidth(&points), &["% of roofline"]),
            ("one point", throughput(&points[..1]), &["decode"]),
        ];
        for (case, svg, words) in cases {
            assert!(svg.starts_with("<svg"), "{case}");
            assert!(svg.contains("currentColor"), "{case}");
            assert!(!svg.contains(FOREGROUND_HEX), "{case}");
            for bad in ["NaN", "inf"] {
                assert!(!svg.contains(bad), "{case}: {bad}");
            }
            for word in words {
                assert!(svg.contains(word), "{case}: {word}");
            }
        }
    }

    #[test]
    fn nothing_measured_says_so() {
        assert!(throughput(&[]).contains("no measured value"));
        let no_roofline = [point(1.0, 40.0, 25.0, None)];
        assert!(bandwidth(&no_roofline).contains("no measured value"));
    }
}
