//! What plotters cannot write, added to its SVG: the root's `data-chart` and description,
//! marker groups with `data-marker` (drawn last, on top), the legend row, and the frame
//! that says a chart has no data.

use std::fmt::Write;

use plotters::style::RGBColor;

use crate::style::{escape, hex, Plot, FONT, FOREGROUND_HEX};

/// SVG elements written by hand on top of the chart.
#[derive(Default)]
pub(crate) struct Overlay(pub String);

impl Overlay {
    /// A vertical line across the plot at `x` with its label, in a `data-marker` group.
    pub(crate) fn vline(
        &mut self,
        plot: &Plot,
        marker: &str,
        x: f64,
        color: RGBColor,
        label: &str,
        row: u32,
    ) {
        self.vline_at(plot, marker, x, color, label, (row, false));
    }

    /// `vline` whose label may be put on the left of the line (`left`), so that two
    /// markers close together label away from each other.
    pub(crate) fn vline_at(
        &mut self,
        plot: &Plot,
        marker: &str,
        x: f64,
        color: RGBColor,
        label: &str,
        (row, left): (u32, bool),
    ) {
        let px = plot.px(x);
        if !px.is_finite() {
            return;
        }
        let (top, bottom) = (plot.top, plot.bottom);
        let label_y = top + 14.0 + 16.0 * f64::from(row);
        let _ = write!(
            self.0,
            r#"<g data-marker="{marker}"><line x1="{px:.1}" y1="{top:.1}" x2="{px:.1}" y2="{bottom:.1}" stroke="{c}" stroke-width="2" stroke-dasharray="6 4"/>{t}</g>"#,
            c = hex(color),
            t = label_at(plot, px, label_y, label, left),
        );
    }

    /// A plain label centred at (x, y) in pixels.
    pub(crate) fn text(&mut self, x: f64, y: f64, label: &str) {
        if x.is_finite() && y.is_finite() {
            let _ = write!(
                self.0,
                r#"<text x="{x:.1}" y="{y:.1}" text-anchor="middle" fill="currentColor" font-family="{FONT}" font-size="12">{}</text>"#,
                escape(label)
            );
        }
    }

    /// A row of legend entries (swatch and label) above the plot, left to right.
    pub(crate) fn legend(&mut self, x: f64, y: f64, entries: &[(&str, RGBColor, bool)]) {
        let mut at = x;
        for (label, color, dashed) in entries {
            let dash = if *dashed {
                r#" stroke-dasharray="6 4""#
            } else {
                ""
            };
            let _ = write!(
                self.0,
                r#"<line x1="{at:.1}" y1="{y:.1}" x2="{x2:.1}" y2="{y:.1}" stroke="{c}" stroke-width="3"{dash}/><text x="{tx:.1}" y="{ty:.1}" fill="currentColor" font-family="{FONT}" font-size="12">{l}</text>"#,
                x2 = at + 18.0,
                c = hex(*color),
                tx = at + 22.0,
                ty = y + 4.0,
                l = escape(label),
            );
            // sans-serif at 12 px averages under 7 px a character.
            at += 22.0 + 7.0 * label.chars().count() as f64 + 16.0;
        }
    }
}

/// A label beside x, flipped to the left near the right edge so it stays inside.
fn label_at(plot: &Plot, px: f64, y: f64, label: &str, left: bool) -> String {
    let room = plot.right - px;
    let wide = 7.0 * label.chars().count() as f64 + 8.0;
    let fits_left = px - plot.left >= wide;
    let (x, anchor) = if room < wide || (left && fits_left) {
        (px - 4.0, "end")
    } else {
        (px + 4.0, "start")
    };
    format!(
        r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" fill="currentColor" font-family="{FONT}" font-size="12" font-weight="bold">{}</text>"#,
        escape(label)
    )
}

/// The chart as the page gets it: text in `currentColor`, the root named by `data-chart`
/// and described for screen readers, the overlay drawn last (on top).
pub(crate) fn finish(svg: &str, name: &str, title: &str, overlay: &Overlay) -> String {
    let svg = svg.replace(FOREGROUND_HEX, "currentColor");
    let Some(body) = svg.strip_prefix("<svg") else {
        return svg;
    };
    let body = body.trim_end();
    let body = body.strip_suffix("</svg>").unwrap_or(body);
    format!(
        r#"<svg data-chart="{name}" role="img" aria-label="{t}"{body}<title>{t}</title>{o}</svg>"#,
        t = escape(title),
        o = overlay.0,
    )
}

/// An empty frame that says why, rather than a chart of nothing.
pub(crate) fn no_data(name: Option<&str>, (w, h): (u32, u32), message: &str) -> String {
    let attr = name.map_or(String::new(), |n| format!(r#" data-chart="{n}""#));
    format!(
        r#"<svg{attr} width="{w}" height="{h}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg"><rect x="1" y="1" width="{iw}" height="{ih}" fill="none" stroke="currentColor" stroke-opacity="0.3"/><text x="{cx}" y="{cy}" text-anchor="middle" fill="currentColor" font-family="sans-serif" font-size="14">{m}</text></svg>"#,
        iw = w - 2,
        ih = h - 2,
        cx = w / 2,
        cy = h / 2,
        m = escape(message),
    )
}
