//! The PDF ROI report (one scenario) and the comparison report (two to four), written
//! with krilla: DejaVu Sans embedded and subset, all text real and selectable, and the
//! planner's own SVG charts drawn as vector graphics through krilla-svg.

mod assumptions;
mod cashflow;
mod charts;
mod compare;
mod fleet;
mod layout;
mod provenance;
mod single;
mod tables;
mod text;

use std::fmt;
use std::str::FromStr;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::TextDirection;
use krilla::Document;
use krilla_svg::{SurfaceExt, SvgSettings};

use crate::{ReportError, ReportScenario};
use layout::{Doc, Item, Rgb, SMALL};

/// The paper a report is laid out on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// 210 × 297 mm: 595 × 842 pt.
    A4,
    /// 8.5 × 11 in: 612 × 792 pt.
    Letter,
}

impl Paper {
    /// Width and height in PDF points (1/72 in).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.0, 842.0),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

impl FromStr for Paper {
    type Err = ReportError;
    fn from_str(s: &str) -> Result<Paper, ReportError> {
        match s.to_ascii_lowercase().as_str() {
            "a4" => Ok(Paper::A4),
            "letter" => Ok(Paper::Letter),
            _ => Err(ReportError::Invalid(vec![tco::FieldError::new(
                "paper",
                format!("unknown paper `{s}`: expected `a4` or `letter`"),
            )])),
        }
    }
}

impl fmt::Display for Paper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        })
    }
}

/// One scenario: the ROI report. Two to four: the comparison report. Anything else is
/// `ReportError::Count`.
pub fn render(scenarios: &[ReportScenario], paper: Paper) -> Result<Vec<u8>, ReportError> {
    let fonts = layout::load_fonts()?;
    let mut doc = Doc::new(paper, fonts);
    let (title, footer) = match scenarios {
        [] => return Err(count_error(0)),
        [one] => {
            single::report(&mut doc, one);
            (
                format!("Breakeven ROI report: {}", one.scenario.name),
                "Breakeven ROI report".to_string(),
            )
        }
        several if several.len() <= 4 => {
            compare::report(&mut doc, several);
            (
                format!("Breakeven comparison of {} scenarios", several.len()),
                "Breakeven comparison report".to_string(),
            )
        }
        many => return Err(count_error(many.len())),
    };
    let generated = scenarios[0].provenance.generated_unix;
    write(doc, &title, &footer, generated)
}

fn count_error(n: usize) -> ReportError {
    ReportError::Count(format!(
        "{n} given: a report takes one scenario, a comparison two to four"
    ))
}

/// "2026-11-22 16:30:05 UTC" from seconds since the epoch.
pub(crate) fn utc(unix: i64) -> String {
    let (days, secs) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
    format!(
        "{} {:02}:{:02}:{:02} UTC",
        tco::format::civil_date(days),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn color(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

/// Draws the laid-out pages with krilla, a footer with page numbers on each.
fn write(mut doc: Doc, title: &str, footer: &str, generated: i64) -> Result<Vec<u8>, ReportError> {
    let total = doc.pages.len();
    for i in 0..total {
        let text = format!("{footer} · page {} of {total}", i + 1);
        let y = doc.height - doc.margin + 4.0;
        let x = doc.width - doc.margin - doc.fonts.regular.width(&text, SMALL.size);
        doc.pages[i].push(Item::Text {
            x,
            y,
            size: SMALL.size,
            bold: false,
            color: SMALL.color,
            text,
        });
    }
    let mut pdf = Document::new();
    let size =
        PageSettings::from_wh(doc.width, doc.height).ok_or_else(|| write_error("page size"))?;
    for items in &doc.pages {
        let mut page = pdf.start_page_with(size.clone());
        let mut surface = page.surface();
        for item in items {
            draw(&mut surface, &doc, item);
        }
        surface.finish();
        page.finish();
    }
    pdf.set_metadata(metadata(title, generated));
    pdf.finish().map_err(|e| write_error(&format!("{e:?}")))
}

fn write_error(message: &str) -> ReportError {
    ReportError::Write {
        format: "PDF",
        message: message.to_string(),
    }
}

fn draw(surface: &mut krilla::surface::Surface, doc: &Doc, item: &Item) {
    let fill = |c: Rgb| Fill {
        paint: color(c).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    };
    match item {
        Item::Text {
            x,
            y,
            size,
            bold,
            color: c,
            text,
        } => {
            surface.set_fill(Some(fill(*c)));
            surface.set_stroke(None);
            surface.draw_text(
                Point::from_xy(*x, *y),
                doc.face(*bold).font.clone(),
                *size,
                text,
                false,
                TextDirection::Auto,
            );
        }
        Item::Rect {
            x,
            y,
            w,
            h,
            color: c,
        } => {
            let mut pb = PathBuilder::new();
            if let Some(rect) = krilla::geom::Rect::from_xywh(*x, *y, *w, *h) {
                pb.push_rect(rect);
            }
            if let Some(path) = pb.finish() {
                surface.set_fill(Some(fill(*c)));
                surface.set_stroke(None);
                surface.draw_path(&path);
            }
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            color: c,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x1, *y1);
            pb.line_to(*x2, *y2);
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: color(*c).into(),
                    width: 0.6,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
            }
        }
        Item::Chart { tree, x, y, w, h } => {
            let Some(size) = Size::from_wh(*w, *h) else {
                return;
            };
            surface.push_transform(&Transform::from_translate(*x, *y));
            surface.draw_svg(tree, size, SvgSettings::default());
            surface.pop();
        }
    }
}

fn metadata(title: &str, generated: i64) -> Metadata {
    let days = generated.div_euclid(86_400);
    let secs = generated.rem_euclid(86_400);
    let date = tco::format::civil_date(days);
    let mut parts = date.split('-').map(|p| p.parse::<i64>().unwrap_or(1));
    let (y, m, d) = (
        parts.next().unwrap_or(1970),
        parts.next().unwrap_or(1),
        parts.next().unwrap_or(1),
    );
    let mut meta = Metadata::new()
        .title(title.to_string())
        .creator(format!("Breakeven {}", env!("CARGO_PKG_VERSION")))
        .language("en".to_string());
    // PDF dates hold years 0..=9999; a clock outside that is left out rather than wrapped.
    if let Ok(year) = u16::try_from(y) {
        if year <= 9999 {
            meta = meta.creation_date(
                DateTime::new(year)
                    .month(m as u8)
                    .day(d as u8)
                    .hour((secs / 3600) as u8)
                    .minute((secs / 60 % 60) as u8)
                    .second((secs % 60) as u8)
                    .utc_offset_hour(0)
                    .utc_offset_minute(0),
            );
        }
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_names_and_sizes() {
        assert_eq!("a4".parse::<Paper>().ok(), Some(Paper::A4));
        assert_eq!("Letter".parse::<Paper>().ok(), Some(Paper::Letter));
        let err = "legal".parse::<Paper>().expect_err("legal is not offered");
        assert!(
            err.to_string().contains("paper: unknown paper `legal`"),
            "{err}"
        );
        assert_eq!(Paper::A4.size_pt(), (595.0, 842.0));
        assert_eq!(Paper::Letter.size_pt(), (612.0, 792.0));
    }

    #[test]
    fn utc_date_times() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_795_362_645), "2026-11-22 15:50:45 UTC");
    }
}
