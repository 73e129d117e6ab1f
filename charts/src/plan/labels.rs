//! Where the marker labels of a planner chart go, so that none covers another or sits on a
//! drawn line ("your volume 2M" on the API line, two payback labels on each other).
//!
//! Placement is a pure step over boxes in pixels: each label has candidate boxes in the
//! order it would rather be (beside its line in rows from the top, left or right; above its
//! dot, then below), and takes the first that stays inside the plot, meets no label placed
//! before it and crosses no line; failing that, the first that meets no label. Text width
//! is estimated as the legend estimates it (12-px sans-serif, under 7 px a character).

use std::fmt::Write;

use plotters::style::RGBColor;

use crate::style::{escape, hex, Plot, FONT};
use crate::svg::Overlay;

/// Pixels a character of a 12-px bold label takes, at most, and the label's height.
const CHAR: f64 = 7.0;
const HEIGHT: f64 = 14.0;
/// Distance between label rows.
const ROW: f64 = 16.0;
/// Gap between a line or dot and its label.
const GAP: f64 = 4.0;

/// A box in pixels (y grows downwards, as in SVG).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl Rect {
    /// Whether the two boxes share any area (touching edges do not).
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    fn inside(&self, o: &Rect) -> bool {
        self.x0 >= o.x0 && self.x1 <= o.x1 && self.y0 >= o.y0 && self.y1 <= o.y1
    }

    /// Whether the segment a–b passes through the box (Liang–Barsky clipping).
    pub fn crosses(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
        for (p, q) in [
            (-dx, a.0 - self.x0),
            (dx, self.x1 - a.0),
            (-dy, a.1 - self.y0),
            (dy, self.y1 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
                if t0 > t1 {
                    return false;
                }
            }
        }
        true
    }

    /// Whether any segment of the polyline passes through the box.
    fn crosses_line(&self, line: &[(f64, f64)]) -> bool {
        line.windows(2).any(|w| self.crosses(w[0], w[1]))
    }
}

/// A label's width in pixels.
pub fn width(text: &str) -> f64 {
    CHAR * text.chars().count() as f64 + 2.0
}

/// The boxes beside a vertical line at `px` for a label `w` wide, row by row from the top
/// of `plot`, each row on the preferred side first (`left`).
pub fn beside_line(bounds: &Rect, px: f64, w: f64, left: bool) -> Vec<Rect> {
    let rows = ((bounds.y1 - bounds.y0 - HEIGHT) / ROW).floor().max(0.0) as usize + 1;
    let right_box = |y0: f64| Rect {
        x0: px + GAP,
        y0,
        x1: px + GAP + w,
        y1: y0 + HEIGHT,
    };
    let left_box = |y0: f64| Rect {
        x0: px - GAP - w,
        y0,
        x1: px - GAP,
        y1: y0 + HEIGHT,
    };
    (0..rows)
        .flat_map(|r| {
            let y0 = bounds.y0 + 2.0 + ROW * r as f64;
            if left {
                [left_box(y0), right_box(y0)]
            } else {
                [right_box(y0), left_box(y0)]
            }
        })
        .collect()
}

/// The boxes around a dot at (px, py): rows above it (right of it, then left), then rows
/// below it.
pub fn beside_dot(bounds: &Rect, (px, py): (f64, f64), w: f64) -> Vec<Rect> {
    let rows = ((bounds.y1 - bounds.y0) / ROW).ceil().max(1.0) as usize;
    let at = |x0: f64, y0: f64| Rect {
        x0,
        y0,
        x1: x0 + w,
        y1: y0 + HEIGHT,
    };
    let mut out = Vec::new();
    for r in 0..rows {
        let up = py - 6.0 - HEIGHT - ROW * r as f64;
        out.push(at(px + GAP, up));
        out.push(at(px - GAP - w, up));
    }
    for r in 0..rows {
        let down = py + 6.0 + ROW * r as f64;
        out.push(at(px + GAP, down));
        out.push(at(px - GAP - w, down));
    }
    out
}

/// Places labels in order: each takes the first of its candidates that stays in `bounds`,
/// meets no label placed before it and crosses none of `lines`; else the first in bounds
/// that meets no label; else the first that meets no label; else its first candidate.
/// Returns one box per label (None for a label without candidates).
pub fn place(
    bounds: &Rect,
    lines: &[Vec<(f64, f64)>],
    candidates: &[Vec<Rect>],
) -> Vec<Option<Rect>> {
    let mut placed: Vec<Rect> = Vec::new();
    candidates
        .iter()
        .map(|options| {
            let free = |r: &&Rect| !placed.iter().any(|p| p.intersects(r));
            let clear = |r: &&Rect| !lines.iter().any(|l| r.crosses_line(l));
            let within = |r: &&Rect| r.inside(bounds);
            let chosen = options
                .iter()
                .find(|r| within(r) && free(r) && clear(r))
                .or_else(|| options.iter().find(|r| within(r) && free(r)))
                .or_else(|| options.iter().find(|r| free(r)))
                .or_else(|| options.first())
                .copied();
            if let Some(r) = chosen {
                placed.push(r);
            }
            chosen
        })
        .collect()
}

/// What a marker is drawn as: a dashed vertical line across the plot, or a dot.
enum Shape {
    Line { px: f64, left: bool },
    Dot { px: f64, py: f64 },
}

struct Marker {
    name: String,
    color: RGBColor,
    label: String,
    shape: Shape,
}

/// A chart's markers, collected and then drawn with their labels placed together.
pub(crate) struct Marks<'a> {
    plot: &'a Plot,
    lines: Vec<Vec<(f64, f64)>>,
    markers: Vec<Marker>,
}

impl<'a> Marks<'a> {
    pub(crate) fn new(plot: &'a Plot) -> Self {
        Self {
            plot,
            lines: Vec::new(),
            markers: Vec::new(),
        }
    }

    /// A drawn line (in data units) that no label should sit on.
    pub(crate) fn avoid(&mut self, points: &[(f64, f64)]) {
        let line: Vec<(f64, f64)> = points
            .iter()
            .map(|&(x, y)| (self.plot.px(x), self.plot.py(y)))
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .collect();
        if line.len() > 1 {
            self.lines.push(line);
        }
    }

    /// A drawn line already in pixels (one against another axis).
    pub(crate) fn avoid_px(&mut self, line: Vec<(f64, f64)>) {
        let line: Vec<(f64, f64)> = line
            .into_iter()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .collect();
        if line.len() > 1 {
            self.lines.push(line);
        }
    }

    /// A vertical line at `x` (data units) with its label, preferably on the `left`.
    pub(crate) fn vline(&mut self, name: &str, x: f64, color: RGBColor, label: &str, left: bool) {
        let px = self.plot.px(x);
        if px.is_finite() {
            self.markers.push(Marker {
                name: name.to_string(),
                color,
                label: label.to_string(),
                shape: Shape::Line { px, left },
            });
        }
    }

    /// A dot at (x, y) (data units) with its label.
    pub(crate) fn dot(&mut self, name: &str, (x, y): (f64, f64), color: RGBColor, label: &str) {
        let (px, py) = (self.plot.px(x), self.plot.py(y));
        if px.is_finite() && py.is_finite() {
            self.markers.push(Marker {
                name: name.to_string(),
                color,
                label: label.to_string(),
                shape: Shape::Dot { px, py },
            });
        }
    }

    /// Places every label and writes the markers, each a `data-marker` group, on top.
    pub(crate) fn draw(self, overlay: &mut Overlay) {
        let plot = self.plot;
        let bounds = Rect {
            x0: plot.left,
            y0: plot.top,
            x1: plot.right,
            y1: plot.bottom,
        };
        let candidates: Vec<Vec<Rect>> = self
            .markers
            .iter()
            .map(|m| {
                let w = width(&m.label);
                match m.shape {
                    Shape::Line { px, left } => beside_line(&bounds, px, w, left),
                    Shape::Dot { px, py } => beside_dot(&bounds, (px, py), w),
                }
            })
            .collect();
        // The markers' own lines are obstacles too: a label beside its line starts GAP
        // pixels off it, so only the other markers' lines can stop it.
        let mut lines = self.lines;
        lines.extend(self.markers.iter().filter_map(|m| match m.shape {
            Shape::Line { px, .. } => Some(vec![(px, bounds.y0), (px, bounds.y1)]),
            Shape::Dot { .. } => None,
        }));
        let placed = place(&bounds, &lines, &candidates);
        for (m, at) in self.markers.iter().zip(placed) {
            let c = hex(m.color);
            let shape = match m.shape {
                Shape::Line { px, .. } => format!(
                    r#"<line x1="{px:.1}" y1="{t:.1}" x2="{px:.1}" y2="{b:.1}" stroke="{c}" stroke-width="2" stroke-dasharray="6 4"/>"#,
                    t = plot.top,
                    b = plot.bottom
                ),
                Shape::Dot { px, py } => format!(
                    r#"<circle cx="{px:.1}" cy="{py:.1}" r="5" fill="{c}" stroke="currentColor" stroke-width="1.5"/>"#
                ),
            };
            let text = at.map_or_else(String::new, |r| {
                format!(
                    r#"<text x="{x:.1}" y="{y:.1}" text-anchor="start" fill="currentColor" font-family="{FONT}" font-size="12" font-weight="bold">{l}</text>"#,
                    x = r.x0 + 1.0,
                    y = r.y1 - 3.0,
                    l = escape(&m.label)
                )
            });
            let _ = write!(
                overlay.0,
                r#"<g data-marker="{n}">{shape}{text}</g>"#,
                n = m.name
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLOT: Rect = Rect {
        x0: 80.0,
        y0: 34.0,
        x1: 530.0,
        y1: 294.0,
    };

    fn no_two_meet(boxes: &[Option<Rect>]) {
        let boxes: Vec<Rect> = boxes.iter().flatten().copied().collect();
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!a.intersects(b), "{a:?} meets {b:?}");
            }
        }
    }

    #[test]
    fn boxes_and_segments_meet_as_drawn() {
        let r = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
        };
        assert!(r.intersects(&Rect {
            x0: 9.0,
            y0: 9.0,
            x1: 20.0,
            y1: 20.0
        }));
        assert!(!r.intersects(&Rect {
            x0: 10.0,
            y0: 0.0,
            x1: 20.0,
            y1: 10.0
        }));
        assert!(r.crosses((-5.0, 5.0), (15.0, 5.0)));
        assert!(r.crosses((2.0, 2.0), (3.0, 3.0)));
        assert!(!r.crosses((-5.0, 20.0), (20.0, 15.0)));
        assert!(!r.crosses((11.0, -5.0), (11.0, 15.0)));
    }

    #[test]
    fn two_lines_at_the_same_place_label_apart() {
        // Break-even and "your volume" at the same x (the issue's "2M" case, and closer).
        for gap in [0.0, 3.0, 20.0, 60.0] {
            let a = beside_line(&PLOT, 300.0, width("break-even 2M req/mo"), false);
            let b = beside_line(&PLOT, 300.0 + gap, width("your volume 2M"), false);
            let placed = place(&PLOT, &[], &[a, b]);
            no_two_meet(&placed);
        }
    }

    #[test]
    fn a_label_moves_off_a_drawn_line() {
        // A line rising through where "your volume 2M" would go first (right of x=300, top row).
        let api = vec![(250.0, 60.0), (400.0, 30.0)];
        let first = beside_line(&PLOT, 300.0, width("your volume 2M"), false);
        assert!(
            first[0].crosses_line(&api),
            "the case must start on the line"
        );
        let placed = place(&PLOT, std::slice::from_ref(&api), &[first]);
        let at = placed[0].unwrap();
        assert!(!at.crosses_line(&api), "{at:?}");
        assert!(at.inside(&PLOT));
    }

    #[test]
    fn two_paybacks_in_the_same_month_stack() {
        // Self-hosted and hybrid both pay back in month 3, their dots 10 px apart.
        let a = beside_dot(
            &PLOT,
            (200.0, 150.0),
            width("self-hosted pays back in month 3"),
        );
        let b = beside_dot(&PLOT, (200.0, 160.0), width("hybrid pays back in month 3"));
        no_two_meet(&place(&PLOT, &[], &[a, b]));
        // A dot at the top of the plot labels below itself rather than outside.
        let top = beside_dot(&PLOT, (200.0, 36.0), width("hybrid pays back in month 1"));
        let at = place(&PLOT, &[], &[top])[0].unwrap();
        assert!(at.inside(&PLOT), "{at:?}");
    }

    #[test]
    fn three_close_quantiles_never_overlap() {
        // Monte Carlo P10, P50, P90 a pixel apart.
        let c: Vec<Vec<Rect>> = [
            (300.0, "P10 $1,200"),
            (301.0, "P50 $1,201"),
            (302.0, "P90 $1,202"),
        ]
        .iter()
        .map(|(x, l)| beside_line(&PLOT, *x, width(l), false))
        .collect();
        no_two_meet(&place(&PLOT, &[], &c));
    }
}
