//! A quality eval's cascade curve (docs/quality.md, "The cascade curve"): the share of
//! requests escalated to the LLM (x, 0–100 %) against the cascade's quality (y): its point
//! estimate, its one-sided lower 95 % bound, the quality floor, and the thresholds chosen.
//!
//! Drawn by hand as SVG (two straight axes and polylines need nothing of plotters), with the
//! same conventions as every chart here: the root named by `data-chart="cascade"`, text and
//! axes in `currentColor`, non-finite points left out, and a frame that says so when there is
//! nothing to draw.

use std::fmt::Write;

use tco::format::percent;

use crate::style::{escape, hex, BLUE, FONT, GREEN, ORANGE, PURPLE, RED};
use crate::svg::{finish, no_data, Overlay};

/// One threshold of the curve, as the chart needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CascadeChartPoint {
    /// e(θ): the share of requests escalated, 0..1.
    pub escalation: f64,
    /// q(θ): the cascade's quality, 0..1.
    pub quality: f64,
    /// Its one-sided lower 95 % bound, 0..1.
    pub quality_lower_95: f64,
}

/// The marks drawn over the curve.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CascadeMarks {
    /// The quality floor asked for (a horizontal dashed line).
    pub floor: Option<f64>,
    /// The escalation of the lowest-escalation threshold whose lower bound meets the floor.
    pub meeting_floor: Option<f64>,
    /// The escalation of the cheapest such threshold under the prices used.
    pub cheapest: Option<f64>,
}

const NAME: &str = "cascade";
const WIDTH: f64 = 440.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 424.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 256.0;

/// The cascade curve: quality and its lower bound against the escalation rate, the floor
/// and the chosen thresholds. The y axis runs from a round share below the lowest value
/// shown to 100 %, so a curve between 60 % and 95 % fills the plot.
pub fn cascade(points: &[CascadeChartPoint], marks: CascadeMarks) -> String {
    let mut shown: Vec<CascadeChartPoint> = points
        .iter()
        .copied()
        .filter(|p| {
            [p.escalation, p.quality, p.quality_lower_95]
                .iter()
                .all(|v| v.is_finite())
        })
        .map(|p| CascadeChartPoint {
            escalation: p.escalation.clamp(0.0, 1.0),
            quality: p.quality.clamp(0.0, 1.0),
            quality_lower_95: p.quality_lower_95.clamp(0.0, 1.0),
        })
        .collect();
    if shown.is_empty() {
        return no_data(
            Some(NAME),
            (WIDTH as u32, HEIGHT as u32),
            "No cascade curve",
        );
    }
    shown.sort_by(|a, b| a.escalation.total_cmp(&b.escalation));
    let floor = marks
        .floor
        .filter(|f| f.is_finite() && (0.0..=1.0).contains(f));
    let lowest = shown
        .iter()
        .map(|p| p.quality_lower_95.min(p.quality))
        .chain(floor)
        .fold(1.0_f64, f64::min);
    // A round tenth below the lowest value, never above 90 %.
    let y_lo = ((lowest * 10.0).floor() / 10.0).clamp(0.0, 0.9);
    let px = |e: f64| LEFT + e * (RIGHT - LEFT);
    let py = |q: f64| BOTTOM - (q - y_lo) / (1.0 - y_lo) * (BOTTOM - TOP);

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg">"#
    );
    // Axes, grid and tick labels.
    let _ = write!(
        svg,
        r#"<rect x="{LEFT}" y="{TOP}" width="{w}" height="{h}" fill="none" stroke="currentColor" stroke-opacity="0.6"/>"#,
        w = RIGHT - LEFT,
        h = BOTTOM - TOP
    );
    for i in 0..=5 {
        let e = f64::from(i) / 5.0;
        let x = px(e);
        let _ = write!(
            svg,
            r#"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{BOTTOM}" stroke="currentColor" stroke-opacity="0.12"/><text x="{x:.1}" y="{ty}" text-anchor="middle" fill="currentColor" font-family="{FONT}" font-size="11">{p} %</text>"#,
            ty = BOTTOM + 15.0,
            p = i * 20
        );
    }
    let steps = ((1.0 - y_lo) * 10.0).round() as i32;
    let every = if steps > 5 { 2 } else { 1 };
    for i in (0..=steps).step_by(every as usize) {
        let q = y_lo + f64::from(i) / 10.0;
        let y = py(q);
        let _ = write!(
            svg,
            r#"<line x1="{LEFT}" y1="{y:.1}" x2="{RIGHT}" y2="{y:.1}" stroke="currentColor" stroke-opacity="0.12"/><text x="{tx}" y="{ty:.1}" text-anchor="end" fill="currentColor" font-family="{FONT}" font-size="11">{p:.0} %</text>"#,
            tx = LEFT - 6.0,
            ty = y + 4.0,
            p = q * 100.0
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{cx:.1}" y="{y}" text-anchor="middle" fill="currentColor" font-family="{FONT}" font-size="12">requests escalated to the LLM</text><text x="14" y="{cy:.1}" text-anchor="middle" fill="currentColor" font-family="{FONT}" font-size="12" transform="rotate(-90 14 {cy:.1})">cascade quality</text>"#,
        cx = (LEFT + RIGHT) / 2.0,
        y = HEIGHT - 8.0,
        cy = (TOP + BOTTOM) / 2.0
    );
    let line = |svg: &mut String,
                series: &str,
                color,
                dashed: bool,
                value: fn(&CascadeChartPoint) -> f64| {
        let coords: Vec<String> = shown
            .iter()
            .map(|p| format!("{:.1},{:.1}", px(p.escalation), py(value(p))))
            .collect();
        let dash = if dashed {
            r#" stroke-dasharray="5 3""#
        } else {
            ""
        };
        let _ = write!(
            svg,
            r#"<polyline data-series="{series}" points="{}" fill="none" stroke="{c}" stroke-width="2"{dash}/>"#,
            coords.join(" "),
            c = hex(color)
        );
    };
    line(&mut svg, "lower-95", ORANGE, true, |p| p.quality_lower_95);
    line(&mut svg, "quality", BLUE, false, |p| p.quality);
    if let Some(f) = floor {
        let y = py(f);
        let _ = write!(
            svg,
            r#"<g data-marker="floor"><line x1="{LEFT}" y1="{y:.1}" x2="{RIGHT}" y2="{y:.1}" stroke="{c}" stroke-width="1.5" stroke-dasharray="2 3"/><text x="{tx}" y="{ty:.1}" text-anchor="end" fill="currentColor" font-family="{FONT}" font-size="11">floor {p}</text></g>"#,
            c = hex(RED),
            tx = RIGHT - 4.0,
            ty = y - 4.0,
            p = escape(&percent(f)),
        );
    }
    svg.push_str("</svg>");

    let mut overlay = Overlay::default();
    let plot_marker = |overlay: &mut Overlay,
                       marker: &str,
                       e: Option<f64>,
                       color,
                       label: &str,
                       row: f64| {
        let Some(e) = e.filter(|e| e.is_finite()) else {
            return;
        };
        let x = px(e.clamp(0.0, 1.0));
        let right = x > (LEFT + RIGHT) / 2.0;
        let (tx, anchor) = if right {
            (x - 4.0, "end")
        } else {
            (x + 4.0, "start")
        };
        let _ = write!(
            overlay.0,
            r#"<g data-marker="{marker}"><line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{BOTTOM}" stroke="{c}" stroke-width="2" stroke-dasharray="6 4"/><text x="{tx:.1}" y="{ty:.1}" text-anchor="{anchor}" fill="currentColor" font-family="{FONT}" font-size="11" font-weight="bold">{l}</text></g>"#,
            c = hex(color),
            ty = TOP + 14.0 + 14.0 * row,
            l = escape(label),
        );
    };
    plot_marker(
        &mut overlay,
        "meeting-floor",
        marks.meeting_floor,
        GREEN,
        "meets the floor",
        0.0,
    );
    if marks.cheapest != marks.meeting_floor {
        plot_marker(
            &mut overlay,
            "cheapest",
            marks.cheapest,
            PURPLE,
            "cheapest",
            1.0,
        );
    }
    // The floor's entry only when a floor is drawn, in the colour it is drawn in.
    let mut legend = vec![("quality", BLUE, false), ("lower 95 % bound", ORANGE, true)];
    if floor.is_some() {
        legend.push(("floor", RED, true));
    }
    overlay.legend(LEFT, 16.0, &legend);
    finish(
        &svg,
        NAME,
        "Cascade quality and its lower 95 % bound against the share of requests escalated to the LLM",
        &overlay,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(escalation: f64, quality: f64, lower: f64) -> CascadeChartPoint {
        CascadeChartPoint {
            escalation,
            quality,
            quality_lower_95: lower,
        }
    }

    #[test]
    fn the_curve_its_bound_the_floor_and_the_thresholds_are_drawn() {
        let points = [
            point(0.0, 0.6, 0.52),
            point(0.25, 0.8, 0.73),
            point(0.5, 0.9, 0.84),
            point(1.0, 0.95, 0.9),
        ];
        let svg = cascade(
            &points,
            CascadeMarks {
                floor: Some(0.8),
                meeting_floor: Some(0.5),
                cheapest: Some(0.5),
            },
        );
        let doc = roxmltree::Document::parse(&svg).expect("valid XML");
        let root = doc.root_element();
        assert_eq!(root.attribute("data-chart"), Some("cascade"));
        let series = |name: &str| {
            doc.descendants()
                .find(|n| n.attribute("data-series") == Some(name))
                .and_then(|n| n.attribute("points"))
                .map(str::to_string)
        };
        // y runs from 50 % (the tenth below the lowest bound, 52 %) to 100 %: 0.6 is a fifth
        // of the way up the 216 px plot, at 256 − 43.2 = 212.8, and 0.8 three fifths, at
        // 256 − 129.6 = 126.4; x = 52 + e·372 (0.25 → 145).
        let quality = series("quality").expect("quality line");
        assert!(quality.starts_with("52.0,212.8 145.0,126.4"), "{quality}");
        assert!(series("lower-95").is_some());
        let marker = |name: &str| {
            doc.descendants()
                .any(|n| n.attribute("data-marker") == Some(name))
        };
        assert!(marker("floor") && marker("meeting-floor"));
        // The floor reads as tco::format writes a share, and its legend entry is in the
        // colour its line is drawn in.
        assert!(svg.contains("floor 80.0 %"), "{svg}");
        let red = hex(RED);
        let legend_floor = format!(r#"stroke="{red}" stroke-width="3" stroke-dasharray="6 4"/>"#);
        assert!(svg.contains(&legend_floor), "{svg}");
        // Without a floor: no floor line and no legend entry for one.
        let bare = cascade(&points, CascadeMarks::default());
        assert!(!bare.contains(">floor<") && !bare.contains(r#"data-marker="floor""#));
        assert!(bare.contains(">quality<"));
        // The cheapest is the same threshold: drawn once.
        assert!(!marker("cheapest"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn nothing_finite_is_a_frame_that_says_so() {
        let svg = cascade(&[point(f64::NAN, 0.5, 0.4)], CascadeMarks::default());
        assert!(svg.contains(r#"data-chart="cascade""#));
        assert!(svg.contains("No cascade curve"));
    }
}
