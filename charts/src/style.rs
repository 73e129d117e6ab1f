//! What every chart shares: colours, number labels and the axis type.
//!
//! Text and axes are drawn in a sentinel colour that `svg::finish` rewrites to
//! `currentColor`, so a chart takes the page's text colour in light and dark mode; series
//! use mid-tone colours that read on either background.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::*;

/// Drawn in this colour, then rewritten to `currentColor`.
pub(crate) const FOREGROUND: RGBColor = RGBColor(1, 2, 3);
pub(crate) const FOREGROUND_HEX: &str = "#010203";
pub(crate) const FONT: &str = "sans-serif";
pub(crate) const BLUE: RGBColor = RGBColor(0x3B, 0x82, 0xF6);
pub(crate) const ORANGE: RGBColor = RGBColor(0xE8, 0x87, 0x1E);
pub(crate) const RED: RGBColor = RGBColor(0xE0, 0x4F, 0x5F);
pub(crate) const GREEN: RGBColor = RGBColor(0x2E, 0xA0, 0x43);
pub(crate) const PURPLE: RGBColor = RGBColor(0xA8, 0x55, 0xF7);
pub(crate) const TEAL: RGBColor = RGBColor(0x14, 0xB8, 0xA6);
pub(crate) const GREY: RGBColor = RGBColor(0x8B, 0x94, 0x9E);

pub(crate) type Failure = Box<dyn std::error::Error>;

pub(crate) fn text(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().color(&FOREGROUND)
}

/// A colour as SVG writes it; the foreground is the page's text colour.
pub(crate) fn hex(c: RGBColor) -> String {
    if c == FOREGROUND {
        return "currentColor".to_string();
    }
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// The next round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ) at or above `v`
/// (1 for nothing).
pub(crate) fn round_up(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 1.0;
    }
    let scale = 10f64.powf(v.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|m| m * scale)
        .find(|c| *c >= v * (1.0 - 1e-12))
        .unwrap_or(10.0 * scale)
}

/// Tick labels: 950, 1.2k, 12k, 3.4M.
pub(crate) fn compact(v: &f64) -> String {
    let a = v.abs();
    if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", v / 1e3)
    } else if a >= 1e3 {
        format!("{:.1}k", v / 1e3)
    } else if a >= 10.0 || a == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// A count or volume as a short label: 950, 1.2k, 18k, 3M, 1.5B (".0" dropped).
pub(crate) fn short(v: f64) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    let a = v.abs();
    let (scaled, unit) = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
        .into_iter()
        .find(|(s, _)| a >= *s)
        .map_or((v, ""), |(s, u)| (v / s, u));
    let digits = if scaled.abs() >= 100.0 || (unit.is_empty() && scaled.abs() >= 10.0) {
        0
    } else if unit.is_empty() && scaled.abs() < 1.0 && scaled != 0.0 {
        2
    } else {
        1
    };
    let s = format!("{scaled:.digits$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    format!("{s}{unit}")
}

/// Money as a short label: $1.2M, $950, $0.5, −$12k.
pub(crate) fn money(v: f64) -> String {
    let s = short(v.abs());
    if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("−${s}")
    } else {
        format!("${s}")
    }
}

pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An axis from `lo` to `hi`, linear or log₁₀, with its ticks chosen here (so labels fall
/// on round numbers) and no light grid lines.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub log: bool,
    pub ticks: Vec<f64>,
}

impl Scale {
    /// Round ends and about five ticks covering `lo..hi` (widened when empty).
    pub(crate) fn linear(lo: f64, hi: f64) -> Self {
        let (lo, hi) = match (lo.is_finite(), hi.is_finite()) {
            (true, true) if hi > lo => (lo, hi),
            (true, true) if lo == 0.0 && hi == 0.0 => (0.0, 1.0),
            (true, true) => (lo - lo.abs().max(1.0) * 0.5, lo + lo.abs().max(1.0) * 0.5),
            _ => (0.0, 1.0),
        };
        let raw = (hi - lo) / 5.0;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .into_iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw * (1.0 - 1e-12))
            .unwrap_or(10.0 * magnitude);
        let (a, b) = ((lo / step).floor(), (hi / step).ceil());
        let ticks = (0..=((b - a) as i64).clamp(1, 20))
            .map(|i| (a + i as f64) * step)
            .collect();
        Self {
            lo: a * step,
            hi: b * step,
            log: false,
            ticks,
        }
    }

    /// Whole decades covering `lo..hi` (both > 0), a tick at each (every other one past
    /// eight decades; 2× and 5× too within two).
    pub(crate) fn log(lo: f64, hi: f64) -> Self {
        let ok = |v: f64| v.is_finite() && v > 0.0;
        let (lo, hi) = if ok(lo) && ok(hi) && hi >= lo {
            (lo, hi)
        } else {
            (1.0, 10.0)
        };
        let a = lo.log10().floor();
        let b = hi.log10().ceil().max(a + 1.0);
        let decades = b - a;
        let every = if decades > 8.0 { 2.0 } else { 1.0 };
        let mut ticks = Vec::new();
        let mut k = a;
        while k <= b {
            ticks.push(10f64.powf(k));
            if decades <= 2.0 && k < b {
                ticks.extend([2.0, 5.0].map(|m| m * 10f64.powf(k)));
            }
            k += every;
        }
        Self {
            lo: 10f64.powf(a),
            hi: 10f64.powf(b),
            log: true,
            ticks,
        }
    }

    /// Where `v` lies along the axis, 0 at `lo` and 1 at `hi` (clamped a little outside,
    /// so a stray value can never overflow a pixel coordinate).
    pub(crate) fn fraction(&self, v: f64) -> f64 {
        let t = if self.log {
            (v.max(f64::MIN_POSITIVE).log10() - self.lo.log10())
                / (self.hi.log10() - self.lo.log10())
        } else {
            (v - self.lo) / (self.hi - self.lo)
        };
        if t.is_finite() {
            t.clamp(-0.5, 1.5)
        } else {
            0.0
        }
    }
}

impl Ranged for Scale {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        limit.0 + (self.fraction(*value) * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            return Vec::new();
        }
        self.ticks.clone()
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

/// The plotted area in pixels and its scales, for markers drawn after plotters is done.
#[derive(Debug, Clone)]
pub(crate) struct Plot {
    pub x: Scale,
    pub y: Scale,
    /// Pixels of the axes' ends: x at lo and hi, y at lo (bottom) and hi (top).
    pub left: f64,
    pub right: f64,
    pub bottom: f64,
    pub top: f64,
}

impl Plot {
    pub(crate) fn px(&self, x: f64) -> f64 {
        self.left + self.x.fraction(x) * (self.right - self.left)
    }

    pub(crate) fn py(&self, y: f64) -> f64 {
        self.bottom + self.y.fraction(y) * (self.top - self.bottom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_numbers() {
        for (v, top) in [
            (0.0, 1.0),
            (78.0, 80.0),
            (1092.0, 1200.0),
            (115.0, 120.0),
            (2.4, 2.5),
            (5.0, 5.0),
            (f64::NAN, 1.0),
        ] {
            assert_eq!(round_up(v), top, "{v}");
        }
    }

    #[test]
    fn tick_labels_are_compact() {
        for (v, s) in [
            (0.0, "0"),
            (0.5, "0.50"),
            (950.0, "950"),
            (1234.0, "1.2k"),
            (12345.0, "12k"),
            (3.4e6, "3.4M"),
        ] {
            assert_eq!(compact(&v), s);
        }
    }

    #[test]
    fn money_is_short() {
        for (v, s) in [
            (0.0, "$0"),
            (0.5, "$0.5"),
            (2.26, "$2.3"),
            (950.0, "$950"),
            (1234.0, "$1.2k"),
            (12_000.0, "$12k"),
            (1_200_000.0, "$1.2M"),
            (3e6, "$3M"),
            (-250_000.0, "−$250k"),
            (-0.0, "$0"),
            (4.5e9, "$4.5B"),
            (f64::NAN, "$—"),
        ] {
            assert_eq!(money(v), s, "{v}");
        }
    }

    #[test]
    fn scales_have_round_ends_and_ticks() {
        let s = Scale::linear(0.0, 3250.0);
        assert_eq!((s.lo, s.hi), (0.0, 4000.0));
        assert_eq!(s.ticks, [0.0, 1000.0, 2000.0, 3000.0, 4000.0]);
        let s = Scale::linear(-1.2e5, 4.1e5);
        assert_eq!((s.lo, s.hi), (-2e5, 6e5));
        let flat = Scale::linear(7.0, 7.0);
        assert!(flat.lo < 7.0 && flat.hi > 7.0);
        let s = Scale::log(17_969.0, 1e7);
        assert_eq!((s.lo, s.hi), (1e4, 1e7));
        assert_eq!(s.ticks, [1e4, 1e5, 1e6, 1e7]);
        assert_eq!(Scale::log(f64::NAN, 0.0).ticks, [1.0, 2.0, 5.0, 10.0]);
        assert_eq!(s.fraction(1e5), 1.0 / 3.0);
        assert_eq!(s.fraction(f64::INFINITY), 0.0);
    }
}
